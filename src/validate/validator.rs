//! A compiled schema, and the one check of a record both commands run.
//!
//! In: a record as a [`serde_json::Value`]. Out: every [`Diagnostic`] —
//! the schema's errors, then the cross-field checks ([`super::checks`]) the
//! schema cannot express, at most [`MAX_ERRORS`] — without positions.
//! `inspdf convert` calls [`Validator::check_record`] with the published
//! schema; `inspdf validate` ([`super::checker`]) adds the syntax problems
//! of the text, picks the schema by `schema_version`, and locates each
//! diagnostic. Remote `$ref`s are never fetched: the jsonschema crate is
//! built without its HTTP and file resolvers.

use super::checks;
use super::diagnostic::{Diagnostic, MAX_ERRORS, TOO_MANY_ERRORS, VALUE_WIDTH, shorten};
use super::error::ValidateError;
use super::schema_errors;
use crate::error::Error;
use serde_json::Value;
use std::collections::HashSet;

/// The published schema, as checked in.
pub const PUBLISHED_SCHEMA: &str = include_str!("../../schemas/inspection-report.schema.json");

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

    /// Fast path: does the instance satisfy the schema?
    pub fn is_valid(&self, instance: &Value) -> bool {
        self.inner.is_valid(instance)
    }

    /// Every schema violation, in the validator's order, as diagnostics
    /// without position (see [`schema_errors`]); nothing, cheaply, for a
    /// valid instance.
    pub fn schema_diagnostics(&self, instance: &Value) -> Vec<Diagnostic> {
        let mut out = Vec::new();
        if !self.inner.is_valid(instance) {
            for e in self.inner.iter_errors(instance) {
                schema_errors::push(&e, &mut out);
            }
        }
        out
    }

    /// Everything `inspdf validate` reports for `record` checked against
    /// this schema, in the same order before it sorts them by position:
    /// the schema's errors, then the cross-field checks, capped at
    /// [`MAX_ERRORS`]. Empty for a record both commands accept.
    pub fn check_record(&self, record: &Value) -> Vec<Diagnostic> {
        with_checks(record, self.schema_diagnostics(record), &[])
    }
}

/// `found` (the schema's diagnostics) followed by the cross-field checks
/// of `record`, capped at [`MAX_ERRORS`] and then one [`TOO_MANY_ERRORS`]
/// diagnostic. A check about a value `found` or `earlier` (syntax problems,
/// not returned) already reports is left out: a rule the schema also
/// enforces (an unknown scale, say) is reported once, by the schema.
pub fn with_checks(
    record: &Value,
    mut found: Vec<Diagnostic>,
    earlier: &[Diagnostic],
) -> Vec<Diagnostic> {
    let checks = checks::run(record);
    if found.is_empty() && checks.is_empty() {
        return found;
    }
    let flagged: HashSet<&str> = found
        .iter()
        .chain(earlier)
        .map(Diagnostic::subject)
        .collect();
    let fresh: Vec<Diagnostic> = checks
        .into_iter()
        .filter(|c| !flagged.contains(c.pointer.as_str()))
        .collect();
    drop(flagged);
    for c in fresh {
        let value = record.pointer(&c.pointer).map(|v| shorten(v, VALUE_WIDTH));
        found.push(c.with_value(value));
    }
    let more = found.len().saturating_sub(MAX_ERRORS);
    found.truncate(MAX_ERRORS);
    if more > 0 {
        found.push(Diagnostic::new(
            "",
            TOO_MANY_ERRORS,
            format!("{more} more error(s) not shown (at most {MAX_ERRORS} per file)"),
        ));
    }
    found
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
    fn published_schema_compiles() {
        assert!(Validator::published().is_ok());
    }

    #[test]
    fn missing_field_is_reported_with_pointer() {
        let v = Validator::published().expect("schema compiles");
        let errors = v.check_record(&serde_json::json!({"schema_version": "1.0.0"}));
        assert!(!errors.is_empty());
        assert!(errors.iter().any(|e| e.rule == "required"));
        assert!(errors.iter().all(|e| e.position.is_none()));
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
            .schema_diagnostics(&record)
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
    fn check_record_flags_a_dangling_footnote_reference_the_schema_accepts() {
        let v = Validator::published().expect("schema");
        let mut record = minimal();
        assert_eq!(v.check_record(&record), []);
        record["sections"][0]["blocks"][0]["footnote_refs"] = serde_json::json!([9]);
        assert!(v.is_valid(&record), "the schema alone accepts it");
        assert_eq!(
            v.check_record(&record),
            [Diagnostic::new(
                "/sections/0/blocks/0/footnote_refs/0",
                "footnote-ref",
                "footnote reference 9 points at no footnote (footnotes: 1–2)".into()
            )
            .with_value(Some("9".into()))]
        );
    }

    #[test]
    fn schema_errors_come_first_and_a_check_on_a_reported_value_is_left_out() {
        let v = Validator::published().expect("schema");
        let mut record = minimal();
        record["report"]["grade_scale"] = Value::from("nope");
        record["sections"][0]["blocks"][0]["footnote_refs"] = serde_json::json!([9]);
        let rules: Vec<(String, String)> = v
            .check_record(&record)
            .into_iter()
            .map(|d| (d.pointer, d.rule))
            .collect();
        assert_eq!(
            rules,
            [
                ("/report/grade_scale".into(), "enum".into()),
                (
                    "/sections/0/blocks/0/footnote_refs/0".into(),
                    "footnote-ref".into()
                ),
            ]
        );
    }

    #[test]
    fn errors_are_capped_with_a_count_of_the_rest() {
        let v = Validator::published().expect("schema");
        let mut record = minimal();
        record["sections"][0]["blocks"][0]["footnote_refs"] =
            Value::Array(vec![Value::from(99); MAX_ERRORS + 5]);
        let found = v.check_record(&record);
        assert_eq!(found.len(), MAX_ERRORS + 1);
        assert_eq!(found[MAX_ERRORS].rule, TOO_MANY_ERRORS);
        assert_eq!(
            found[MAX_ERRORS].message,
            "5 more error(s) not shown (at most 1000 per file)"
        );
    }
}
