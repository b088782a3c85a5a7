//! The one validation finding: [`Diagnostic`].
//!
//! In: whatever found something wrong with a record — the JSON scanner
//! (syntax), the schema, the record's `schema_version`, the cross-field
//! checks. Out: one type for all of them, the same for `inspdf convert`
//! (its `REJECT` line, `_rejected/<name>.errors.json`, its JSON Lines) and
//! `inspdf validate` (its text, json and github reports). Only `validate`
//! has the record's text, so only it fills in the [`Position`].

use super::locate::Position;
use serde::{Deserialize, Serialize};

/// Longest offending value shown in a message, in characters.
pub const VALUE_WIDTH: usize = 60;

/// Most schema and cross-field errors reported per record (a record with
/// thousands of errors is usually a wrong file, and a person reads the
/// first screenful); one more [`Diagnostic`] with rule
/// [`TOO_MANY_ERRORS`] says how many were left out.
pub const MAX_ERRORS: usize = 1000;

/// The rule of the diagnostic that stands for the errors over
/// [`MAX_ERRORS`].
pub const TOO_MANY_ERRORS: &str = "too-many-errors";

/// The rule of a schema violation naming an unknown property: its pointer
/// names the property (the key is located, not the value).
pub const UNKNOWN_PROPERTY: &str = "additionalProperties";

/// One thing wrong with a record.
///
/// Serialised as `{"line", "column", "pointer", "rule", "message",
/// "value"}`, the position and value left out when absent. Ordered by
/// position first, so sorting a file's diagnostics sorts them as the text
/// reads.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord, Serialize, Deserialize)]
pub struct Diagnostic {
    /// Where in the text, when the text is known (`inspdf validate`).
    #[serde(flatten)]
    pub position: Option<Position>,
    /// JSON pointer of the offending value ("/sections/0/level"; "" for the
    /// whole document or when the text is too broken to say).
    pub pointer: String,
    /// The rule that failed: a schema keyword ("type", "required", …), a
    /// syntax rule ("trailing-comma", "duplicate-key", …), a cross-field
    /// check ("footnote-ref", …), "schema_version" or [`TOO_MANY_ERRORS`].
    pub rule: String,
    /// What is wrong, for a person; values in it are shortened.
    pub message: String,
    /// The offending value as JSON, shortened, when there is one.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub value: Option<String>,
}

impl Diagnostic {
    /// A diagnostic without position or value.
    pub fn new(pointer: impl Into<String>, rule: impl Into<String>, message: String) -> Self {
        Self {
            position: None,
            pointer: pointer.into(),
            rule: rule.into(),
            message,
            value: None,
        }
    }

    /// The same, with the offending value (already shortened).
    pub fn with_value(mut self, value: Option<String>) -> Self {
        self.value = value;
        self
    }

    /// The same, at `position`.
    pub fn at(mut self, position: Position) -> Self {
        self.position = Some(position);
        self
    }

    /// True for an unknown property, whose pointer names the key.
    pub fn is_unknown_property(&self) -> bool {
        self.rule == UNKNOWN_PROPERTY
    }

    /// The pointer of the value this diagnostic is about: for an unknown
    /// property the object holding it, otherwise [`Diagnostic::pointer`].
    /// A cross-field check at a pointer already reported is left out.
    pub fn subject(&self) -> &str {
        match self.pointer.rfind('/') {
            Some(cut) if self.is_unknown_property() => &self.pointer[..cut],
            _ => &self.pointer,
        }
    }
}

/// One line: `pointer: message (rule)`, "/" for the whole document.
impl std::fmt::Display for Diagnostic {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        let at = if self.pointer.is_empty() {
            "/"
        } else {
            &self.pointer
        };
        write!(f, "{at}: {} ({})", self.message, self.rule)
    }
}

/// A value as compact JSON, cut to about `max` characters with "…".
pub fn shorten(value: &serde_json::Value, max: usize) -> String {
    let s = serde_json::to_string(value).unwrap_or_default();
    if s.chars().count() <= max {
        return s;
    }
    let cut: String = s.chars().take(max.saturating_sub(1)).collect();
    format!("{cut}…")
}

/// The JSON pointer of `key` in the object at `pointer`.
pub fn member_pointer(pointer: &str, key: &str) -> String {
    format!("{pointer}/{}", key.replace('~', "~0").replace('/', "~1"))
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    fn located() -> Diagnostic {
        Diagnostic::new(
            "/sections/0/level",
            "maximum",
            "7 is greater than the maximum of 6".into(),
        )
        .with_value(Some("7".into()))
        .at(Position { line: 9, column: 3 })
    }

    #[test]
    fn serialises_position_first_and_leaves_out_what_is_absent() {
        assert_eq!(
            serde_json::to_string(&located()).expect("json"),
            r#"{"line":9,"column":3,"pointer":"/sections/0/level","rule":"maximum","message":"7 is greater than the maximum of 6","value":"7"}"#
        );
        let bare = Diagnostic::new("", "required", "\"x\" is a required property".into());
        assert_eq!(
            serde_json::to_string(&bare).expect("json"),
            r#"{"pointer":"","rule":"required","message":"\"x\" is a required property"}"#
        );
    }

    #[test]
    fn round_trips_through_json() {
        for d in [
            located(),
            Diagnostic::new("/a", "type", "m".into()),
            Diagnostic::new("/a", "type", "m".into()).with_value(Some("1".into())),
        ] {
            let text = serde_json::to_string(&d).expect("json");
            let back: Diagnostic = serde_json::from_str(&text).expect("parses");
            assert_eq!(back, d, "{text}");
        }
    }

    #[test]
    fn displays_as_one_line_with_pointer_message_and_rule() {
        assert_eq!(
            located().to_string(),
            "/sections/0/level: 7 is greater than the maximum of 6 (maximum)"
        );
        assert_eq!(
            Diagnostic::new("", "required", "\"x\" is a required property".into()).to_string(),
            "/: \"x\" is a required property (required)"
        );
    }

    #[test]
    fn sorts_by_position() {
        let mut ds = [
            located(),
            Diagnostic::new("/z", "bom", "m".into()).at(Position { line: 2, column: 1 }),
        ];
        ds.sort();
        assert_eq!(ds[0].rule, "bom");
    }

    #[test]
    fn an_unknown_property_is_about_its_object() {
        let d = Diagnostic::new(
            member_pointer("/report", "a/b~c"),
            UNKNOWN_PROPERTY,
            "unknown".into(),
        );
        assert_eq!(d.pointer, "/report/a~1b~0c");
        assert_eq!(d.subject(), "/report");
        assert_eq!(located().subject(), "/sections/0/level");
    }

    #[test]
    fn shorten_cuts_long_values() {
        assert_eq!(shorten(&json!(7), 10), "7");
        assert_eq!(shorten(&json!("abcdefghijkl"), 8), "\"abcdef…");
    }
}
