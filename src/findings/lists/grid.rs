//! Findings set out as a grid: a table one of whose column headings is a
//! finding label ("Responsible body | Areas for priority action", as area
//! SEND reports set them).
//!
//! In: the units of a section (grids among them) and the [`Vocabulary`].
//! Out: for each row, an [`Item`] of the labelled column's kind, with the
//! body a "Responsible body" column names. A grid with no heading row that
//! follows a labelled one with as many columns continues it (the grid ran
//! over a page); a row whose label cell is empty continues the row before.

use super::items::Item;
use super::labels::label;
use super::units::Unit;
use crate::inspectorates::{FindingKind as Kind, Vocabulary};
use crate::record::Table;

/// Where a findings grid keeps what.
#[derive(Debug, Clone, Copy, PartialEq)]
struct Columns {
    kind: Kind,
    finding: usize,
    body: Option<usize>,
    width: usize,
}

/// The column headings of a table: its header, or without one its first
/// row. Returns them and the rows after them.
fn headings(t: &Table) -> (&[String], &[Vec<String>]) {
    match t.rows.split_first() {
        Some((first, rest)) if t.header.is_empty() => (first, rest),
        _ => (&t.header, &t.rows),
    }
}

/// The grid's columns, when a column heading is a finding label.
fn columns(headings: &[String], vocab: &Vocabulary) -> Option<Columns> {
    let (finding, kind) = headings
        .iter()
        .enumerate()
        .find_map(|(i, h)| label(h, vocab).ok().map(|(_, k)| (i, k)))?;
    let body = headings.iter().position(|h| vocab.is_responsible_body(h));
    Some(Columns {
        kind,
        finding,
        body,
        width: headings.len(),
    })
}

/// Every finding of every findings grid among `units`, with its kind.
pub fn findings(units: &[Unit<'_>], vocab: &Vocabulary) -> Vec<(Kind, Item)> {
    let mut out: Vec<(Kind, Item)> = Vec::new();
    let mut last: Option<Columns> = None;
    for u in units {
        let Unit::Grid { table } = u else {
            last = None;
            continue;
        };
        let (heads, rows) = headings(table);
        let (cols, rows) = match (columns(heads, vocab), last) {
            (Some(c), _) => (c, rows),
            (None, Some(c)) if table.header.is_empty() && c.width == heads.len() => {
                (c, table.rows.as_slice())
            }
            _ => {
                last = None;
                continue;
            }
        };
        last = Some(cols);
        for row in rows {
            push_row(row, cols, table.page, &mut out);
        }
    }
    out
}

/// One row: a new finding, or more text of the last one.
fn push_row(row: &[String], cols: Columns, page: u32, out: &mut Vec<(Kind, Item)>) {
    let cell = |i: usize| row.get(i).map(|c| c.trim()).unwrap_or_default();
    let text = cell(cols.finding);
    let body = cols.body.map(cell).filter(|b| !b.is_empty());
    if text.is_empty() {
        return;
    }
    if body.is_none()
        && cols.body.is_some()
        && let Some((_, last)) = out.last_mut()
    {
        last.extend(text, page);
        return;
    }
    let mut item = Item::new(text, page);
    item.responsible_body = body.map(str::to_string);
    out.push((cols.kind, item));
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::inspectorates::embedded;

    fn table(header: &[&str], rows: &[&[&str]]) -> Table {
        Table { footnote_run: 0,
            caption: None,
            page: 7,
            pages: vec![],
            header: header.iter().map(|s| s.to_string()).collect(),
            rows: rows
                .iter()
                .map(|r| r.iter().map(|s| s.to_string()).collect())
                .collect(),
            footnote_refs: vec![], bbox: None, boxes: Vec::new(), header_boxes: Vec::new(), cell_boxes: Vec::new(),
        }
    }

    #[test]
    fn rows_of_a_labelled_grid_and_its_continuation() {
        let first = table(
            &["Responsible body", "Areas for priority action"],
            &[
                &["Lancashire County Council", "Leaders should work together."],
                &["", "They should implement strategies."],
            ],
        );
        let next = table(&[], &[&["NHS ICB", "Leaders should reduce delays."]]);
        let other = table(&["Ofsted", "Care Quality Commission"], &[&["A", "B"]]);
        let units = [
            Unit::Grid { table: &first },
            Unit::Grid { table: &next },
            Unit::Grid { table: &other },
        ];
        let got = findings(&units, embedded());
        assert_eq!(got.len(), 2);
        assert_eq!(got[0].0, Kind::CauseOfConcern);
        assert_eq!(
            got[0].1.text,
            "Leaders should work together. They should implement strategies."
        );
        assert_eq!(
            got[0].1.responsible_body.as_deref(),
            Some("Lancashire County Council")
        );
        assert_eq!(got[1].1.responsible_body.as_deref(), Some("NHS ICB"));
    }

    #[test]
    fn a_grid_without_a_label_gives_nothing() {
        let t = table(&["Local authority", "Integrated care board"], &[&["A", "B"]]);
        assert!(findings(&[Unit::Grid { table: &t }], embedded()).is_empty());
    }
}
