//! `inspdf validate` on one file: its text in, its located diagnostics out.
//!
//! The text is scanned ([`locate::parse`]: syntax problems, with offsets);
//! the record is checked against the schema its `schema_version` names
//! ([`Registry::choose`]) and by the cross-field rules
//! ([`with_checks`], the same as [`super::Validator::check_record`]); then
//! every diagnostic gets the position of the value (or key) it names. This
//! is the one place where the scanner's [`Problem`]s become
//! [`Diagnostic`]s.

use super::diagnostic::{Diagnostic, TOO_MANY_ERRORS, VALUE_WIDTH, shorten};
use super::error::ValidateError;
use super::locate::{self, Index, Position, Positions, Problem};
use super::registry::{Choice, Registry};
use super::report::FileReport;
use super::validator::with_checks;
use serde_json::Value;

/// Checks one file: syntax, the schema its `schema_version` names, and the
/// cross-field rules; every error located. Shared by every file of a batch
/// (the schemas are compiled once, in the [`Registry`]).
#[derive(Debug)]
pub struct Checker {
    registry: Registry,
}

impl Checker {
    /// A checker with the schemas of `registry`.
    pub fn new(registry: Registry) -> Self {
        Self { registry }
    }

    /// A checker with every schema this build knows.
    pub fn known() -> Result<Self, ValidateError> {
        Registry::known().map(Self::new)
    }

    /// Check the record text of `file` (used only to name it in the report).
    pub fn check(&self, file: String, text: &[u8]) -> FileReport {
        FileReport::checked(file, self.diagnostics(text))
    }

    /// Every error in `text`, unsorted, each with its position. At most
    /// [`super::MAX_ERRORS`] schema and cross-field errors are reported per
    /// file, then one saying how many more there are.
    pub fn diagnostics(&self, text: &[u8]) -> Vec<Diagnostic> {
        let parsed = locate::parse(text);
        let positions = (!parsed.problems.is_empty()).then(|| Positions::new(text));
        let mut out: Vec<Diagnostic> = parsed
            .problems
            .into_iter()
            .zip(positions.iter().cycle())
            .map(|(p, positions)| syntax(p, positions, text))
            .collect();
        if parsed.more > 0 {
            out.push(
                Diagnostic::new(
                    "",
                    TOO_MANY_ERRORS,
                    format!(
                        "{} more syntax problem(s) not shown (at most {} per file)",
                        parsed.more,
                        locate::MAX_PROBLEMS
                    ),
                )
                .at(Position { line: 1, column: 1 }),
            );
        }
        let Some(record) = parsed.value else {
            return out;
        };
        let found = with_checks(&record, self.schema(&record), &out);
        if found.is_empty() {
            return out;
        }
        let index = Index::new(text);
        out.extend(found.into_iter().map(|d| place(d, &index, text)));
        out
    }

    /// The schema's diagnostics of `record`, by the schema its
    /// `schema_version` names; or why no schema fits.
    fn schema(&self, record: &Value) -> Vec<Diagnostic> {
        let declared = record.get("schema_version");
        match self.registry.choose(declared) {
            Choice::Use(validator) => validator.schema_diagnostics(record),
            Choice::Unknown(message) => {
                vec![
                    Diagnostic::new("/schema_version", "schema_version", message)
                        .with_value(declared.map(|v| shorten(v, VALUE_WIDTH))),
                ]
            }
        }
    }
}

/// A syntax problem as a diagnostic, at its position in `text`.
fn syntax(p: Problem, positions: &Positions, text: &[u8]) -> Diagnostic {
    Diagnostic::new(p.pointer, p.rule, p.message).at(positions.at(text, p.offset))
}

/// `d` at the position of what it names in `text`: an unknown property's
/// key, otherwise the value at its pointer (or its nearest ancestor that
/// exists); the count of errors left out at the start of the file.
fn place(d: Diagnostic, index: &Index, text: &[u8]) -> Diagnostic {
    if d.rule == TOO_MANY_ERRORS {
        return d.at(Position { line: 1, column: 1 });
    }
    let key = if d.is_unknown_property() {
        index.key(&d.pointer)
    } else {
        None
    };
    let offset = key.unwrap_or_else(|| index.nearest(&d.pointer));
    let at = index.position(text, offset);
    d.at(at)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::validate::diagnostic::MAX_ERRORS;
    use crate::validate::validator::Validator;

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
    fn validate_reports_what_check_record_finds_with_positions() {
        let mut record = minimal();
        record["sections"][0]["blocks"][0]["footnote_refs"] = serde_json::json!([9]);
        record["report"]["titel"] = Value::from("x");
        let text = serde_json::to_vec_pretty(&record).expect("json");
        let located = Checker::known().expect("schemas").diagnostics(&text);
        assert!(located.iter().all(|d| d.position.is_some()));
        let unplaced: Vec<Diagnostic> = located
            .into_iter()
            .map(|d| Diagnostic {
                position: None,
                ..d
            })
            .collect();
        let v = Validator::published().expect("schema");
        assert_eq!(unplaced, v.check_record(&record));
        assert_eq!(unplaced.len(), 2);
    }
}
