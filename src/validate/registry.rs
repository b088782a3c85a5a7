//! The schema versions this build knows, and which one a record is checked
//! against.
//!
//! Versioning policy (see `schemas/README.md`): `schema_version` is semver.
//! A patch changes descriptions only; a minor adds optional fields or
//! widens a type (every older record of the same major stays valid); a
//! breaking change — a removed or renamed field, a narrowed type, a new
//! required field — bumps the major, and the last schema of the previous
//! major stays in `schemas/` and in [`KNOWN`] so old records still validate.
//!
//! A record naming `M.m.p` is checked against the known schema of major `M`
//! when its minor is not newer than that schema's; a newer minor or an
//! unknown major is reported as such, not validated against the wrong
//! schema. A record without a usable `schema_version` is checked against the
//! current schema, which then reports the field.

use super::error::ValidateError;
use super::validator::{PUBLISHED_SCHEMA, Validator};
use crate::record::SCHEMA_VERSION;
use serde_json::Value;

/// A schema file built into the binary.
#[derive(Debug, Clone, Copy)]
pub struct KnownSchema {
    /// The `schema_version` it describes (the newest of its major).
    pub version: &'static str,
    /// Where it is checked in.
    pub file: &'static str,
    /// Its text.
    pub text: &'static str,
}

/// Every schema this build can validate against: the newest of each major,
/// oldest major first. The current one is last. When the major is bumped,
/// copy the old file to `schemas/inspection-report.v<N>.schema.json` and add
/// it here.
pub const KNOWN: &[KnownSchema] = &[KnownSchema {
    version: SCHEMA_VERSION,
    file: "schemas/inspection-report.schema.json",
    text: PUBLISHED_SCHEMA,
}];

/// Environment variable naming a schema file that `inspdf convert`
/// validates every record against instead of the published schema, so
/// that tests can drive the rejection path end to end (a schema that
/// rejects everything). Test builds only: read only with the cargo feature
/// `fault-injection`; release builds ignore it.
#[cfg(feature = "fault-injection")]
pub const TEST_SCHEMA_ENV: &str = "INSPDF_TEST_SCHEMA";

/// The schema `inspdf convert` validates each record against before it is
/// written: the published one (in test builds, the file named by
/// `INSPDF_TEST_SCHEMA` when it is set).
pub fn batch_validator() -> Result<Validator, crate::error::Error> {
    #[cfg(feature = "fault-injection")]
    if let Some(path) = std::env::var_os(TEST_SCHEMA_ENV) {
        let path = std::path::PathBuf::from(path);
        let bytes = std::fs::read(&path).map_err(|e| crate::error::Error::io(&path, e))?;
        let schema: Value = serde_json::from_slice(&bytes)?;
        return Validator::new(&schema);
    }
    Validator::published()
}

/// A semantic version `major.minor.patch` (no pre-release or build part:
/// the schema's pattern forbids them).
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub struct Version {
    /// Breaking changes.
    pub major: u64,
    /// Additions.
    pub minor: u64,
    /// Descriptions only.
    pub patch: u64,
}

impl Version {
    /// Parse `"1.2.3"`.
    pub fn parse(s: &str) -> Option<Self> {
        let mut parts = s.split('.');
        let mut next = || -> Option<u64> {
            let p = parts.next()?;
            if p.is_empty()
                || !p.bytes().all(|b| b.is_ascii_digit())
                || (p.len() > 1 && p.starts_with('0'))
            {
                return None;
            }
            p.parse().ok()
        };
        let v = Self {
            major: next()?,
            minor: next()?,
            patch: next()?,
        };
        parts.next().is_none().then_some(v)
    }
}

impl std::fmt::Display for Version {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "{}.{}.{}", self.major, self.minor, self.patch)
    }
}

/// The compiled schemas, compiled once and shared by every file.
#[derive(Debug)]
pub struct Registry {
    /// (version, compiled) for each known schema; or one override.
    schemas: Vec<(Version, Validator)>,
    /// Set when `--schema FILE` replaced the known schemas.
    overridden: bool,
}

/// Which schema to validate a record against, or why none.
#[derive(Debug)]
pub enum Choice<'a> {
    /// Validate with this.
    Use(&'a Validator),
    /// The record's `schema_version` names no schema this build knows; the
    /// message says why.
    Unknown(String),
}

impl Registry {
    /// Compile every schema in [`KNOWN`].
    pub fn known() -> Result<Self, ValidateError> {
        let mut schemas = Vec::with_capacity(KNOWN.len());
        for k in KNOWN {
            let version = Version::parse(k.version).ok_or_else(|| {
                ValidateError::Schema(format!("{}: bad version {:?}", k.file, k.version))
            })?;
            let value: Value = serde_json::from_str(k.text)
                .map_err(|e| ValidateError::Schema(format!("{}: {e}", k.file)))?;
            let validator = Validator::new(&value)
                .map_err(|e| ValidateError::Schema(format!("{}: {e}", k.file)))?;
            schemas.push((version, validator));
        }
        Ok(Self {
            schemas,
            overridden: false,
        })
    }

    /// Use one given schema for every record, whatever its
    /// `schema_version` (`--schema FILE`). The draft is taken from its
    /// `$schema` (2020-12 when absent).
    pub fn with_schema(schema: &Value) -> Result<Self, ValidateError> {
        let validator = Validator::any_draft(schema)?;
        Ok(Self {
            schemas: vec![(
                Version {
                    major: 0,
                    minor: 0,
                    patch: 0,
                },
                validator,
            )],
            overridden: true,
        })
    }

    /// [`Registry::with_schema`] with the schema read from a file.
    pub fn from_file(path: &std::path::Path) -> Result<Self, ValidateError> {
        let bytes = std::fs::read(path).map_err(|source| ValidateError::Io {
            path: path.to_path_buf(),
            source,
        })?;
        let schema: Value = serde_json::from_slice(&bytes)
            .map_err(|e| ValidateError::Schema(format!("{}: {e}", path.display())))?;
        Self::with_schema(&schema)
            .map_err(|e| ValidateError::Schema(format!("{}: {e}", path.display())))
    }

    /// Versions known, oldest first.
    pub fn versions(&self) -> impl Iterator<Item = Version> + '_ {
        self.schemas.iter().map(|(v, _)| *v)
    }

    fn current(&self) -> Option<&Validator> {
        self.schemas.last().map(|(_, v)| v)
    }

    /// The schema for a record whose `schema_version` field is `declared`.
    pub fn choose(&self, declared: Option<&Value>) -> Choice<'_> {
        let Some(current) = self.current() else {
            return Choice::Unknown("no schema is loaded".into());
        };
        if self.overridden {
            return Choice::Use(current);
        }
        let Some(wanted) = declared.and_then(Value::as_str).and_then(Version::parse) else {
            // Missing, not a string or not semver: the schema says so.
            return Choice::Use(current);
        };
        let known = self
            .versions()
            .map(|v| v.to_string())
            .collect::<Vec<_>>()
            .join(", ");
        match self.schemas.iter().find(|(v, _)| v.major == wanted.major) {
            Some((have, validator)) if wanted.minor <= have.minor => Choice::Use(validator),
            Some((have, _)) => Choice::Unknown(format!(
                "schema_version {wanted} is newer than the newest {}.x schema this inspdf knows ({have}): \
                 upgrade inspdf, or correct the version",
                have.major
            )),
            None => Choice::Unknown(format!(
                "unknown schema_version {wanted}: this inspdf knows {known} (a record names the schema it follows; \
                 see schemas/README.md for the versioning policy)"
            )),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    #[test]
    fn versions_parse_strictly() {
        assert_eq!(
            Version::parse("1.20.3"),
            Some(Version {
                major: 1,
                minor: 20,
                patch: 3
            })
        );
        for bad in ["1.0", "1.0.0.0", "01.0.0", "1.0.x", "", "1..0", "1.0.0-rc1"] {
            assert_eq!(Version::parse(bad), None, "{bad}");
        }
    }

    #[test]
    fn current_version_is_known_and_chosen() {
        let r = Registry::known().expect("schemas compile");
        assert!(matches!(
            r.choose(Some(&json!(SCHEMA_VERSION))),
            Choice::Use(_)
        ));
        assert!(matches!(r.choose(None), Choice::Use(_)));
        assert!(matches!(r.choose(Some(&json!(7))), Choice::Use(_)));
    }

    #[test]
    fn patch_of_a_known_minor_is_accepted_newer_minor_and_unknown_major_are_not() {
        let r = Registry::known().expect("schemas compile");
        let cur = Version::parse(SCHEMA_VERSION).expect("semver");
        let patch = format!("{}.{}.{}", cur.major, cur.minor, cur.patch + 1);
        assert!(matches!(r.choose(Some(&json!(patch))), Choice::Use(_)));
        let minor = format!("{}.{}.0", cur.major, cur.minor + 1);
        match r.choose(Some(&json!(minor))) {
            Choice::Unknown(m) => assert!(m.contains("is newer than"), "{m}"),
            Choice::Use(_) => panic!("newer minor accepted"),
        }
        match r.choose(Some(&json!("99.0.0"))) {
            Choice::Unknown(m) => assert!(m.starts_with("unknown schema_version 99.0.0"), "{m}"),
            Choice::Use(_) => panic!("unknown major accepted"),
        }
    }

    #[test]
    fn override_ignores_the_declared_version() {
        let r = Registry::with_schema(&json!({"type": "object"})).expect("compiles");
        assert!(matches!(r.choose(Some(&json!("99.0.0"))), Choice::Use(_)));
    }
}
