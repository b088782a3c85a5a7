//! Stage 4 — validation against the published schema.
//!
//! The schema checked in at `schemas/inspection-report.schema.json` is
//! embedded in the binary and compiled once ([`Validator::published`]); the
//! converter validates every record with it before writing, and
//! `inspdf validate` checks hand-edited records with it. Remote `$ref`s are
//! never fetched: the jsonschema crate is built without its HTTP and file
//! resolvers.

use crate::error::Error;
use serde_json::Value;

/// The published schema, as checked in.
pub const PUBLISHED_SCHEMA: &str = include_str!("../schemas/inspection-report.schema.json");

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

#[cfg(test)]
mod tests {
    use super::*;

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
