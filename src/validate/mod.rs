//! Validation against the published schema, and `inspdf validate`.
//!
//! The schema checked in at `schemas/inspection-report.schema.json` is
//! embedded in the binary and compiled once ([`Validator::published`]); the
//! converter validates every record with it before writing, and
//! `inspdf validate` checks hand-edited records with it. Remote `$ref`s are
//! never fetched: the jsonschema crate is built without its HTTP and file
//! resolvers.
//!
//! `inspdf validate` is put together from one concern per module:
//! [`locate`] scans the text (syntax errors with positions, pointers back
//! to positions), [`registry`] picks the schema a record's `schema_version`
//! names, [`checks`] runs the cross-field rules a schema cannot express,
//! [`report`] formats the results, [`batch`] finds the files and checks
//! them in parallel. [`Checker`] ties them together for one file.

#![warn(missing_docs)]

pub mod batch;
pub mod checks;
pub mod locate;
pub mod registry;
pub mod report;

use crate::error::Error;
use jsonschema::error::ValidationErrorKind;
use report::{Diagnostic, FileReport, shorten};
use serde_json::Value;
use std::path::PathBuf;

/// The published schema, as checked in.
pub const PUBLISHED_SCHEMA: &str = include_str!("../../schemas/inspection-report.schema.json");

/// Longest offending value shown in a message, in characters.
pub const VALUE_WIDTH: usize = 60;

/// Most schema and cross-field errors reported per file (a record with
/// thousands of errors is usually a wrong file, and a person reads the
/// first screenful).
pub const MAX_ERRORS: usize = 1000;

/// Why `inspdf validate` could not run (as opposed to finding errors in a
/// record, which are [`Diagnostic`]s).
#[derive(Debug, thiserror::Error)]
pub enum ValidateError {
    /// An input could not be read or listed.
    #[error("{path}: {source}")]
    Io {
        /// The path involved.
        path: PathBuf,
        /// Underlying error.
        #[source]
        source: std::io::Error,
    },
    /// The inputs named no JSON file.
    #[error("no *.json files found in {0}")]
    NoInputs(String),
    /// Wrong use of the command ("-" given twice, …).
    #[error("{0}")]
    Usage(String),
    /// A schema could not be read or compiled.
    #[error("schema: {0}")]
    Schema(String),
}

/// One schema violation.
#[derive(Debug, Clone, PartialEq, serde::Serialize)]
pub struct SchemaError {
    /// JSON pointer to the offending value ("/sections/0/level").
    pub pointer: String,
    /// The schema keyword that failed ("type", "required", …).
    pub rule: String,
    /// Human message from the validator.
    pub message: String,
}

impl std::fmt::Display for SchemaError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        let at = if self.pointer.is_empty() {
            "/"
        } else {
            &self.pointer
        };
        write!(f, "{at}: {} ({})", self.message, self.rule)
    }
}

/// A compiled schema, shareable across threads.
pub struct Validator {
    inner: jsonschema::Validator,
}

impl std::fmt::Debug for Validator {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("Validator")
    }
}

impl Validator {
    /// Compile a schema given as JSON.
    pub fn new(schema: &Value) -> Result<Self, Error> {
        let inner =
            jsonschema::draft202012::new(schema).map_err(|e| Error::Schema(e.to_string()))?;
        Ok(Self { inner })
    }

    /// Compile the published schema embedded in the binary.
    pub fn published() -> Result<Self, Error> {
        let schema: Value = serde_json::from_str(PUBLISHED_SCHEMA)?;
        Self::new(&schema)
    }

    /// Fast path: is the instance valid?
    pub fn is_valid(&self, instance: &Value) -> bool {
        self.inner.is_valid(instance)
    }

    /// Compile a schema of any draft, detected from its `$schema`
    /// (2020-12 when absent).
    pub fn any_draft(schema: &Value) -> Result<Self, ValidateError> {
        let inner = if schema.get("$schema").is_some() {
            jsonschema::validator_for(schema)
        } else {
            jsonschema::draft202012::new(schema)
        }
        .map_err(|e| ValidateError::Schema(e.to_string()))?;
        Ok(Self { inner })
    }

    /// Every violation as one or more [`Violation`]s: `oneOf` failures are
    /// narrowed to the branch the value meant (by its `type` tag), and
    /// `additionalProperties` gives one violation per unknown key, so each
    /// can be located exactly.
    pub fn violations(&self, instance: &Value) -> Vec<Violation> {
        let mut out = Vec::new();
        for e in self.inner.iter_errors(instance) {
            flatten(&e, &mut out);
        }
        out
    }

    /// Every violation, in the validator's order.
    pub fn errors(&self, instance: &Value) -> Vec<SchemaError> {
        self.inner
            .iter_errors(instance)
            .map(|e| SchemaError {
                pointer: e.instance_path().to_string(),
                rule: e.kind().keyword().to_string(),
                message: e.to_string(),
            })
            .collect()
    }
}

/// One schema violation, ready to be located in the source text.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Violation {
    /// JSON pointer of the value concerned.
    pub pointer: String,
    /// For an unknown property: its key (the position reported is the
    /// key's, not the object's).
    pub key: Option<String>,
    /// The schema keyword that failed.
    pub rule: String,
    /// The message, with the offending value shortened.
    pub message: String,
    /// The offending value, shortened, when it helps.
    pub value: Option<String>,
}

fn flatten(e: &jsonschema::ValidationError<'_>, out: &mut Vec<Violation>) {
    let pointer = e.instance_path().as_str().to_string();
    match e.kind() {
        ValidationErrorKind::OneOfNotValid { context } => {
            let tag = format!("{pointer}/type");
            let misses_tag = |branch: &Vec<jsonschema::ValidationError<'static>>| {
                branch.iter().any(|b| {
                    let p = b.instance_path().as_str();
                    (p == tag && matches!(b.kind(), ValidationErrorKind::Constant { .. }))
                        || (p == pointer
                            && matches!(b.kind(), ValidationErrorKind::Required { property } if property == "type"))
                })
            };
            // A oneOf of constants (a unit enum with documented variants):
            // say which values are allowed.
            let consts: Option<Vec<String>> = context
                .iter()
                .map(|b| match b.as_slice() {
                    [c] if c.instance_path().as_str() == pointer => match c.kind() {
                        ValidationErrorKind::Constant { expected_value } => {
                            Some(shorten(expected_value, VALUE_WIDTH))
                        }
                        _ => None,
                    },
                    _ => None,
                })
                .collect();
            if let Some(consts) = consts.filter(|c| !c.is_empty()) {
                let value = shorten(e.instance(), VALUE_WIDTH);
                out.push(Violation {
                    pointer,
                    key: None,
                    rule: "oneOf".into(),
                    message: format!("{value} is not one of {}", consts.join(", ")),
                    value: Some(value),
                });
                return;
            }
            let meant: Vec<_> = context.iter().filter(|b| !misses_tag(b)).collect();
            if let [branch] = meant.as_slice() {
                for inner in branch.iter() {
                    flatten(inner, out);
                }
                return;
            }
            if meant.is_empty() && !context.is_empty() {
                let kinds: Vec<String> = context
                    .iter()
                    .flat_map(|b| b.iter())
                    .filter_map(|b| match b.kind() {
                        ValidationErrorKind::Constant { expected_value } => {
                            Some(expected_value.to_string())
                        }
                        _ => None,
                    })
                    .collect();
                let instance = e.instance();
                match instance.get("type") {
                    Some(t) => out.push(Violation {
                        pointer: tag,
                        key: None,
                        rule: "oneOf".into(),
                        message: format!(
                            "{} is not a known type here (one of {})",
                            shorten(t, VALUE_WIDTH),
                            kinds.join(", ")
                        ),
                        value: Some(shorten(t, VALUE_WIDTH)),
                    }),
                    None => out.push(Violation {
                        pointer,
                        key: None,
                        rule: "required".into(),
                        message: format!(
                            "\"type\" is a required property (one of {})",
                            kinds.join(", ")
                        ),
                        value: None,
                    }),
                }
                return;
            }
        }
        ValidationErrorKind::AdditionalProperties { unexpected } => {
            for key in unexpected {
                out.push(Violation {
                    pointer: pointer.clone(),
                    key: Some(key.clone()),
                    rule: "additionalProperties".into(),
                    message: format!("unknown property \"{key}\" (not in the schema; a typo?)"),
                    value: None,
                });
            }
            return;
        }
        ValidationErrorKind::Enum { options } => {
            // jsonschema elides all but two options; list them all (the
            // schema's enums are short: grades, scales, structure sources).
            let value = shorten(e.instance(), VALUE_WIDTH);
            let all: Vec<String> = options
                .as_array()
                .into_iter()
                .flatten()
                .map(|o| shorten(o, VALUE_WIDTH))
                .collect();
            out.push(Violation {
                pointer,
                key: None,
                rule: "enum".into(),
                message: format!("{value} is not one of {}", all.join(", ")),
                value: Some(value),
            });
            return;
        }
        ValidationErrorKind::Required { .. } => {
            out.push(Violation {
                pointer,
                key: None,
                rule: "required".into(),
                message: e.masked().to_string(),
                value: None,
            });
            return;
        }
        _ => {}
    }
    let value = shorten(e.instance(), VALUE_WIDTH);
    out.push(Violation {
        pointer,
        key: None,
        rule: e.kind().keyword().to_string(),
        message: e.masked_with(value.as_str()).to_string(),
        value: Some(value),
    });
}

/// Checks one file: syntax, the schema its `schema_version` names, and the
/// cross-field rules; every error located. Shared by every file of a batch
/// (the schemas are compiled once, in the [`registry::Registry`]).
#[derive(Debug)]
pub struct Checker {
    registry: registry::Registry,
}

impl Checker {
    /// A checker with the schemas of `registry`.
    pub fn new(registry: registry::Registry) -> Self {
        Self { registry }
    }

    /// A checker with every schema this build knows.
    pub fn known() -> Result<Self, ValidateError> {
        registry::Registry::known().map(Self::new)
    }

    /// Check the record text of `file` (used only to name it in the report).
    pub fn check(&self, file: String, text: &[u8]) -> FileReport {
        FileReport::checked(file, self.diagnostics(text))
    }

    /// Every error in `text`, unsorted. At most [`MAX_ERRORS`] schema and
    /// cross-field errors are reported per file, then one saying how many
    /// more there are.
    pub fn diagnostics(&self, text: &[u8]) -> Vec<Diagnostic> {
        let parsed = locate::parse(text);
        let mut out: Vec<Diagnostic> = parsed
            .problems
            .into_iter()
            .map(|p| {
                let at = locate::Position::at(text, p.offset);
                Diagnostic {
                    line: at.line,
                    column: at.column,
                    pointer: p.pointer,
                    rule: p.rule.to_string(),
                    message: p.message,
                    value: None,
                }
            })
            .collect();
        let Some(record) = parsed.value else {
            return out;
        };
        // (pointer, key for an unknown property, rule, message, value)
        let mut found: Vec<Violation> = Vec::new();
        match self.registry.choose(record.get("schema_version")) {
            registry::Choice::Use(validator) => {
                if !validator.is_valid(&record) {
                    found.extend(validator.violations(&record));
                }
            }
            registry::Choice::Unknown(message) => found.push(Violation {
                pointer: "/schema_version".into(),
                key: None,
                rule: "schema_version".into(),
                message,
                value: record
                    .get("schema_version")
                    .map(|v| shorten(v, VALUE_WIDTH)),
            }),
        }
        let checks = checks::run(&record);
        if found.is_empty() && checks.is_empty() {
            return out;
        }
        // A cross-field rule the schema already enforces (an unknown scale,
        // say) is reported once, by the schema.
        let flagged: std::collections::HashSet<String> = found
            .iter()
            .map(|v| v.pointer.clone())
            .chain(out.iter().map(|d| d.pointer.clone()))
            .collect();
        for c in checks {
            if !flagged.contains(&c.pointer) {
                let value = record.pointer(&c.pointer).map(|v| shorten(v, VALUE_WIDTH));
                found.push(Violation {
                    pointer: c.pointer,
                    key: None,
                    rule: c.rule.to_string(),
                    message: c.message,
                    value,
                });
            }
        }
        let more = found.len().saturating_sub(MAX_ERRORS);
        found.truncate(MAX_ERRORS);
        let index = locate::Index::new(text);
        for v in found {
            let (offset, pointer) = match &v.key {
                Some(k) => {
                    let pointer =
                        format!("{}/{}", v.pointer, k.replace('~', "~0").replace('/', "~1"));
                    (index.key(&pointer), pointer)
                }
                None => (None, v.pointer),
            };
            let offset = offset.unwrap_or_else(|| index.nearest(&pointer));
            let at = index.position(text, offset);
            out.push(Diagnostic {
                line: at.line,
                column: at.column,
                pointer,
                rule: v.rule,
                message: v.message,
                value: v.value,
            });
        }
        if more > 0 {
            out.push(Diagnostic {
                line: 1,
                column: 1,
                pointer: String::new(),
                rule: "too-many-errors".into(),
                message: format!("{more} more error(s) not shown (at most {MAX_ERRORS} per file)"),
                value: None,
            });
        }
        out
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn minimal() -> Value {
        serde_json::from_str(include_str!(
            "../../tests/fixtures/validate/valid/minimal.json"
        ))
        .expect("fixture")
    }

    #[test]
    fn errors_are_capped_per_file_with_a_count_of_the_rest() {
        let mut record = minimal();
        record["sections"][0]["blocks"][0]["footnote_refs"] =
            Value::Array(vec![Value::from("x"); MAX_ERRORS + 5]);
        let text = serde_json::to_vec_pretty(&record).expect("json");
        let checker = Checker::known().expect("schemas");
        let report = checker.check("many.json".into(), &text);
        assert_eq!(report.errors.len(), MAX_ERRORS + 1);
        assert_eq!(report.errors[0].rule, "too-many-errors");
        assert_eq!(
            report.errors[0].message,
            "5 more error(s) not shown (at most 1000 per file)"
        );
    }

    #[test]
    fn a_oneof_block_is_checked_against_the_variant_its_type_names() {
        let mut record = minimal();
        record["sections"][0]["blocks"][0]["page"] = Value::from("3");
        record["sections"][0]["blocks"][1]["type"] = Value::from("lst");
        record["sections"][0]["blocks"][2]
            .as_object_mut()
            .expect("object")
            .remove("type");
        let v = Validator::published().expect("schema");
        let found: Vec<(String, String)> = v
            .violations(&record)
            .into_iter()
            .map(|x| (x.pointer, x.rule))
            .collect();
        assert_eq!(
            found,
            [
                ("/sections/0/blocks/0/page".into(), "type".into()),
                ("/sections/0/blocks/1/type".into(), "oneOf".into()),
                ("/sections/0/blocks/2".into(), "required".into()),
            ]
        );
    }

    #[test]
    fn published_schema_compiles() {
        assert!(Validator::published().is_ok());
    }

    #[test]
    fn missing_field_is_reported_with_pointer() {
        let v = Validator::published().expect("schema compiles");
        let errors = v.errors(&serde_json::json!({"schema_version": "1.0.0"}));
        assert!(!errors.is_empty());
        assert!(errors.iter().any(|e| e.rule == "required"));
    }
}
