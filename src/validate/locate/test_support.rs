//! Helpers shared by the scanner's unit tests.

use super::{Position, parse};

/// The position, rule and message of the fatal problem of `text`.
pub fn fatal(text: &[u8]) -> (Position, &'static str, String) {
    let parsed = parse(text);
    assert!(parsed.value.is_none(), "expected a fatal problem");
    let p = parsed.problems.last().expect("a problem").clone();
    (Position::at(text, p.offset), p.rule, p.message)
}

/// A position.
pub fn pos(line: usize, column: usize) -> Position {
    Position { line, column }
}
