//! A position-tracking JSON scanner: parses record text into a
//! [`serde_json::Value`] while reporting every defect with its byte offset,
//! and maps a JSON pointer back to the offset of the value (or key) it names.
//!
//! Why our own scanner and not a crate: `serde_json` reports the first syntax
//! error with its line and column but silently keeps the last of duplicate
//! keys and has no spans for values; span-giving crates either build their
//! own value type (we need a `serde_json::Value` for `jsonschema`), or accept
//! JSON5/JSONC extensions (trailing commas, comments) we must reject. The
//! grammar is small (RFC 8259), so one pass here gives: the value, the
//! recoverable defects (BOM, trailing comma, duplicate key — reported, and
//! parsing goes on so schema errors are found too), and an exact position for
//! the first fatal one. Locating pointers is done lazily, by a second walk
//! over the text, only for files that have errors — the fast path for valid
//! files stores no positions at all.
//!
//! Offsets are byte offsets; [`Position::at`] turns one into a 1-based line
//! and column, the column counted in characters (Unicode scalar values) as
//! editors do; [`Positions`] does it for many offsets of one text in
//! bounded time each. The recoverable problems of one text are capped at
//! [`MAX_PROBLEMS`] (the rest are counted), so a hostile file of a million
//! duplicate keys costs one pass, not a million.
//!
//! One file per concern: `scanner` (the scan's state, its entry point
//! [`parse`] and the dispatch on the next value), `containers` (objects and
//! arrays), `strings`, `scalars` (numbers and literals), `position` (offset
//! → line and column), `walk` (pointer → offset) and `index` (every pointer
//! of a document at once). [`Problem`] is the scanner's own record of a
//! defect, a byte offset rather than a position; the checker turns each into
//! a [`crate::validate::Diagnostic`].

mod containers;
mod index;
mod position;
mod scalars;
mod scanner;
mod strings;
#[cfg(test)]
mod test_support;
mod walk;

pub use index::Index;
pub use position::{Position, Positions};
pub use scanner::{MAX_DEPTH, MAX_PROBLEMS, Parsed, Problem, parse};
pub use walk::{find_key, locate, locate_key, tokens};
