//! A table found in the body, and the join of a table carried over a page
//! turn.
//!
//! In: the tables [`super::grid`] and [`super::grow`] find. Out: [`Found`],
//! and the test and join [`super::find`] applies to consecutive ones.

use crate::layout::Line;
use crate::record::Table;

/// A table found in the body.
#[derive(Debug, Clone, PartialEq)]
pub struct Found {
    /// Index of its first line in the body.
    pub start: usize,
    /// Index just past its last line.
    pub end: usize,
    /// The table.
    pub table: Table,
    /// Column count.
    pub(super) columns: usize,
    /// Lines of the table after `end` in reading order (the right half of a
    /// ruled table that a column split read later).
    pub extra: Vec<usize>,
}

/// `next` carries on `prev`: nothing between them, the same number of
/// columns, and `next` starts the body of the next page or follows on the
/// same page (a row gap wider than the table's own split it).
pub(super) fn continues(prev: &Found, next: &Found, body: &[&Line]) -> bool {
    let (last, first) = (body[prev.end - 1].page, body[next.start].page);
    prev.end == next.start
        && prev.columns == next.columns
        && (first == last + 1 || first == last)
}

/// Join `next`, the rest of a table (on the next page, or after a wide
/// gap), to `prev`: a repeated header row is dropped.
pub(super) fn merge(prev: &mut Found, next: Found) {
    let Found {
        end, table, extra, ..
    } = next;
    prev.extra.extend(extra);
    let last = prev.table.pages.last().copied().unwrap_or(prev.table.page);
    if table.page != last {
        if prev.table.pages.is_empty() {
            prev.table.pages.push(prev.table.page);
        }
        prev.table.pages.push(table.page);
    }
    if table.header != prev.table.header {
        prev.table.rows.push(table.header);
    }
    prev.table.rows.extend(table.rows);
    prev.table.footnote_refs.extend(table.footnote_refs);
    prev.end = end;
}
