//! The scanner's core: [`parse`] takes record text and gives back the
//! value and every [`Problem`] found, each with its byte offset. The
//! readers of containers, strings and numbers are in the sibling modules
//! `containers`, `strings` and `scalars` (more `impl Scanner` blocks).

use super::position::{BOM, Position, Positions};
use serde_json::Value;

/// Most recoverable problems (BOM, trailing commas, duplicate keys) kept
/// per text; the others are only counted ([`Parsed::more`]). Reporting one
/// costs a position and a message, so without a cap a file of many
/// duplicate keys costs time and memory without bound.
pub const MAX_PROBLEMS: usize = 1000;

/// Deepest nesting accepted (records nest about 10 deep); deeper input is
/// reported, not recursed into, so hostile input cannot overflow the stack.
pub const MAX_DEPTH: usize = 128;

/// A defect found while scanning.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Problem {
    /// Byte offset of the defect in the input.
    pub offset: usize,
    /// JSON pointer of the value being read when the defect was found
    /// (empty at the top level).
    pub pointer: String,
    /// Stable rule name ("syntax", "trailing-comma", "duplicate-key", …).
    pub rule: &'static str,
    /// What is wrong, for a person.
    pub message: String,
}

/// The result of scanning one input.
#[derive(Debug, Clone, PartialEq)]
pub struct Parsed {
    /// The value, unless a fatal defect stopped the scan.
    pub value: Option<Value>,
    /// The defects, in input order: the first [`MAX_PROBLEMS`]
    /// recoverable ones, then the fatal one, if any.
    pub problems: Vec<Problem>,
    /// Recoverable defects found over [`MAX_PROBLEMS`], counted only.
    pub more: usize,
}

/// Scan `text` as one JSON value. Never panics; every defect is a
/// [`Problem`].
pub fn parse(text: &[u8]) -> Parsed {
    let mut p = Scanner {
        b: text,
        i: 0,
        depth: 0,
        path: Vec::new(),
        problems: Vec::new(),
        more: 0,
        positions: None,
    };
    let value = p.document();
    let more = p.more;
    let mut problems = p.problems;
    let value = match value {
        Ok(v) => Some(v),
        Err(fatal) => {
            problems.push(fatal);
            None
        }
    };
    Parsed {
        value,
        problems,
        more,
    }
}

/// One step of the path from the root to the value being scanned.
pub(super) enum Step {
    /// Raw bytes of an object key, between its quotes (escapes undecoded).
    Key(usize, usize),
    /// Array index.
    Index(usize),
}

/// The scan's state: the text, where the scan is, how deep, the path to
/// the value being read (for pointers in problems) and the recoverable
/// problems found so far.
pub(super) struct Scanner<'a> {
    /// The text.
    pub(super) b: &'a [u8],
    /// Offset of the next byte to read.
    pub(super) i: usize,
    /// Containers open around `i`.
    pub(super) depth: usize,
    /// Path from the root to the value being read.
    pub(super) path: Vec<Step>,
    /// Recoverable problems, in input order (at most [`MAX_PROBLEMS`]).
    pub(super) problems: Vec<Problem>,
    /// Recoverable problems over the cap.
    pub(super) more: usize,
    /// Line and column checkpoints, made on first need.
    positions: Option<Positions>,
}

/// A reader's result: a fatal problem stops the scan.
pub(super) type Scan<T> = Result<T, Problem>;

impl Scanner<'_> {
    fn document(&mut self) -> Scan<Value> {
        if self.b.starts_with(BOM) {
            self.recoverable(0, "bom", || {
                "the file starts with a UTF-8 byte order mark (BOM); JSON text must not (RFC 8259 §8.1): save it as UTF-8 without BOM".into()
            });
            self.i = BOM.len();
        } else if self.b.starts_with(b"\xFF\xFE") || self.b.starts_with(b"\xFE\xFF") {
            return Err(self.problem(
                0,
                "encoding",
                "the file is UTF-16 (it starts with a UTF-16 byte order mark); records must be UTF-8".into(),
            ));
        }
        self.ws();
        if self.i >= self.b.len() {
            return Err(self.problem(
                self.i,
                "syntax",
                "the file is empty: expected a JSON value".into(),
            ));
        }
        let v = self.value()?;
        self.ws();
        if self.i < self.b.len() {
            let found = self.describe(self.i);
            return Err(self.problem(
                self.i,
                "syntax",
                format!("unexpected {found} after the end of the JSON value"),
            ));
        }
        Ok(v)
    }

    /// Whether another recoverable problem would still be kept (else it
    /// is only counted).
    pub(super) fn room(&self) -> bool {
        self.problems.len() < MAX_PROBLEMS
    }

    /// Report a recoverable problem at `offset`, its message made only
    /// when it is kept.
    pub(super) fn recoverable(
        &mut self,
        offset: usize,
        rule: &'static str,
        message: impl FnOnce() -> String,
    ) {
        if self.room() {
            let p = self.problem(offset, rule, message());
            self.problems.push(p);
        } else {
            self.more += 1;
        }
    }

    /// Line and column of `offset`, in bounded time (for messages that
    /// name a second place).
    pub(super) fn position(&mut self, offset: usize) -> Position {
        let b = self.b;
        self.positions
            .get_or_insert_with(|| Positions::new(b))
            .at(b, offset)
    }

    pub(super) fn problem(&self, offset: usize, rule: &'static str, message: String) -> Problem {
        Problem {
            offset,
            pointer: self.pointer(),
            rule,
            message,
        }
    }

    fn pointer(&self) -> String {
        let mut s = String::new();
        for step in &self.path {
            s.push('/');
            match step {
                Step::Key(a, z) => {
                    let raw = &self.b[*a..*z];
                    let key = decode_key(raw);
                    s.push_str(&key.replace('~', "~0").replace('/', "~1"));
                }
                Step::Index(n) => s.push_str(&n.to_string()),
            }
        }
        s
    }

    pub(super) fn ws(&mut self) {
        while let Some(b' ' | b'\t' | b'\n' | b'\r') = self.b.get(self.i) {
            self.i += 1;
        }
    }

    /// A human description of what is at `at`: a quoted character or
    /// "the end of the file".
    pub(super) fn describe(&self, at: usize) -> String {
        match self.b.get(at) {
            None => "end of file".into(),
            Some(&c) if c < 0x80 => {
                if c.is_ascii_graphic() {
                    format!("'{}'", c as char)
                } else {
                    format!("character U+{c:04X}")
                }
            }
            Some(_) => {
                let end = (at + 4).min(self.b.len());
                match std::str::from_utf8(&self.b[at..end])
                    .or_else(|e| std::str::from_utf8(&self.b[at..at + e.valid_up_to()]))
                {
                    Ok(s) if !s.is_empty() => {
                        let c = s.chars().next().unwrap_or('\u{FFFD}');
                        format!("'{c}' (U+{:04X})", c as u32)
                    }
                    _ => format!("invalid UTF-8 byte 0x{:02X}", self.b[at]),
                }
            }
        }
    }

    pub(super) fn value(&mut self) -> Scan<Value> {
        self.ws();
        let at = self.i;
        match self.b.get(at) {
            Some(b'{') => self.object(),
            Some(b'[') => self.array(),
            Some(b'"') => self.string().map(Value::String),
            Some(b'-' | b'0'..=b'9') => self.number(),
            Some(b't') => self.literal("true", Value::Bool(true)),
            Some(b'f') => self.literal("false", Value::Bool(false)),
            Some(b'n') => self.literal("null", Value::Null),
            Some(&c) if c >= 0x80 && self.describe(at).starts_with("invalid UTF-8") => Err(self
                .problem(
                    at,
                    "utf8",
                    format!("{} (the file is not valid UTF-8)", self.describe(at)),
                )),
            Some(b'\'') => Err(self.problem(
                at,
                "syntax",
                "single quotes are not JSON: strings use double quotes".into(),
            )),
            None => Err(self.problem(
                at,
                "syntax",
                "unexpected end of file: expected a value".into(),
            )),
            Some(_) => {
                let found = self.describe(at);
                Err(self.problem(
                    at,
                    "syntax",
                    format!("unexpected {found}: expected a value (object, array, string, number, true, false or null)"),
                ))
            }
        }
    }

    pub(super) fn enter(&mut self, at: usize) -> Scan<()> {
        self.depth += 1;
        if self.depth > MAX_DEPTH {
            return Err(self.problem(
                at,
                "depth",
                format!("nesting deeper than {MAX_DEPTH} levels"),
            ));
        }
        Ok(())
    }
}

/// Decode a raw key (the bytes between the quotes) for display; escapes are
/// decoded through the scanner, invalid bytes replaced.
pub(super) fn decode_key(raw: &[u8]) -> String {
    if !raw.contains(&b'\\') {
        return String::from_utf8_lossy(raw).into_owned();
    }
    let mut quoted = Vec::with_capacity(raw.len() + 2);
    quoted.push(b'"');
    quoted.extend_from_slice(raw);
    quoted.push(b'"');
    match parse(&quoted).value {
        Some(Value::String(s)) => s,
        _ => String::from_utf8_lossy(raw).into_owned(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::validate::locate::test_support::{fatal, pos};
    use crate::validate::locate::{Position, locate};
    use serde_json::json;

    #[test]
    fn parses_like_serde_json() {
        let text = br#"{"a": [1, -2, 3.5, 1e3, true, false, null], "b": {"c": "x\ny\u00e9\ud83d\ude00"}, "big": 18446744073709551615}"#;
        let parsed = parse(text);
        assert!(parsed.problems.is_empty(), "{:?}", parsed.problems);
        let expected: Value = serde_json::from_slice(text).expect("valid");
        assert_eq!(parsed.value, Some(expected));
    }

    #[test]
    fn bom_is_reported_at_1_1_and_the_rest_still_parses() {
        let text = b"\xEF\xBB\xBF{\"a\": 1}";
        let parsed = parse(text);
        assert_eq!(parsed.value, Some(json!({"a": 1})));
        assert_eq!(parsed.problems.len(), 1);
        assert_eq!(parsed.problems[0].rule, "bom");
        assert_eq!(Position::at(text, parsed.problems[0].offset), pos(1, 1));
        // Columns after the BOM do not count it.
        assert_eq!(Position::at(text, 4), pos(1, 2));
    }

    #[test]
    fn other_syntax_errors_have_exact_positions() {
        let cases: &[(&[u8], Position, &str)] = &[
            (b"", pos(1, 1), "syntax"),
            (b"{\"a\": 1 \"b\": 2}", pos(1, 9), "syntax"),
            (b"{\"a\": 1}\n{}", pos(2, 1), "syntax"),
            (b"{\"a\": [1, 2}", pos(1, 12), "syntax"),
            (b"{\n  \"a\": [1, 2\n", pos(2, 8), "unclosed"),
            (b"{\"a\": tru}", pos(1, 7), "syntax"),
            (b"{\"a\": 01}", pos(1, 7), "number"),
            (b"{\"a\": \"\\x\"}", pos(1, 8), "escape"),
            (b"{\"a\": \"\\ud800\"}", pos(1, 8), "escape"),
            (b"{'a': 1}", pos(1, 2), "syntax"),
            (b"{\"a\": \"x\ty\"}", pos(1, 9), "control-character"),
            (b"\xFF\xFE{}", pos(1, 1), "encoding"),
            (b"{\"\xC3\xA9\": \xC3\xA9}", pos(1, 7), "syntax"),
        ];
        for (text, at, rule) in cases {
            let (got, got_rule, msg) = fatal(text);
            assert_eq!(
                (got, got_rule),
                (*at, *rule),
                "{:?}: {msg}",
                String::from_utf8_lossy(text)
            );
        }
    }

    #[test]
    fn deep_nesting_is_refused_without_overflow() {
        let text = "[".repeat(100_000);
        let (at, rule, _) = fatal(text.as_bytes());
        assert_eq!(rule, "depth");
        assert_eq!(at, pos(1, MAX_DEPTH + 1));
    }

    #[test]
    fn never_panics_on_arbitrary_prefixes() {
        let text = br#"{"a": [1, {"b": "c\u00e9\n"}, 2.5e-3], "d": null}"#;
        for n in 0..text.len() {
            let _ = parse(&text[..n]);
            let _ = locate(&text[..n], "/a/1/b");
        }
    }
}
