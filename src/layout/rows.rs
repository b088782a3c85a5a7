//! Spans → rows → lines: spans sharing a baseline, superscript markers
//! folded in, and the line built from a row's spans.
//!
//! In: a page's spans. Out: [`Row`]s sorted top to bottom (markers wrapped
//! in [`MARK_OPEN`]/[`MARK_CLOSE`]); then, per row and column,
//! [`make_line`] gives the [`Line`] with its style, cells and pieces.

use super::lines::{Cell, Line, MARK_CLOSE, MARK_OPEN};
use crate::extract::Span;

/// A row: spans sharing a baseline, left to right, before column split.
#[derive(Debug, Clone)]
pub struct Row {
    /// Baseline.
    pub y: f32,
    /// Spans, sorted by x. Marker spans have `text` wrapped in sentinels.
    pub spans: Vec<Span>,
}

impl Row {
    /// Dominant size of the non-marker spans.
    pub fn size(&self) -> f32 {
        dominant(&self.spans, |s| s.size).unwrap_or(10.0)
    }
}

/// Group spans into rows by baseline, then fold superscript rows into the
/// line they belong to.
pub fn rows(spans: &[Span]) -> Vec<Row> {
    let mut sorted: Vec<&Span> = spans.iter().filter(|s| !s.text.trim().is_empty()).collect();
    sorted.sort_by(|a, b| a.y.total_cmp(&b.y).then(a.x.total_cmp(&b.x)));
    let mut rows: Vec<Row> = Vec::new();
    for s in sorted {
        let joined = rows.iter_mut().rev().take(3).find(|r| {
            let tol = 0.2 * r.size().max(s.size);
            (r.y - s.y).abs() <= tol
        });
        match joined {
            Some(r) => r.spans.push(s.clone()),
            None => rows.push(Row {
                y: s.y,
                spans: vec![s.clone()],
            }),
        }
    }
    let mut rows = fold_superscripts(rows);
    for r in &mut rows {
        r.spans.sort_by(|a, b| a.x.total_cmp(&b.x));
    }
    rows.sort_by(|a, b| a.y.total_cmp(&b.y));
    rows
}

/// Superscript spans (smaller, raised) either share a row with their line
/// or, raised further than the row tolerance, form a row of their own. Mark
/// digit ones as footnote markers and move them onto the line they sit on.
fn fold_superscripts(mut rows: Vec<Row>) -> Vec<Row> {
    // Markers inside a row: smaller digits on a raised baseline.
    // Some engines do not apply text rise, so a marker may sit on the
    // baseline: small digits glued to the end of the word before them count
    // too.
    for row in &mut rows {
        let size = row.size();
        row.spans.sort_by(|a, b| a.x.total_cmp(&b.x));
        let mut prev_end: Option<(f32, bool)> = None;
        for s in &mut row.spans {
            let raised = row.y - s.y > 0.1 * size;
            let glued = prev_end.is_some_and(|(end, word)| word && (s.x - end).abs() < 0.15 * size);
            let end = (s.right(), s.text.ends_with(|c: char| !c.is_whitespace()));
            if s.size < 0.8 * size && (raised || glued) && is_marker_text(&s.text) {
                s.text = format!("{MARK_OPEN}{}{MARK_CLOSE}", s.text.trim());
            }
            prev_end = Some(end);
        }
    }
    // Rows made only of small digits: move them to the line below them.
    let mut i = 0;
    while i < rows.len() {
        let all_digits = rows[i].spans.iter().all(|s| is_marker_text(&s.text));
        let host = if all_digits { host_row(&rows, i) } else { None };
        match host {
            Some(h) => {
                let moved = std::mem::take(&mut rows[i].spans);
                for mut s in moved {
                    s.text = format!("{MARK_OPEN}{}{MARK_CLOSE}", s.text.trim());
                    rows[h].spans.push(s);
                }
                rows.remove(i);
            }
            None => i += 1,
        }
    }
    rows
}

/// The row a row of small raised digits sits on: the nearest row below it
/// whose type is larger and whose baseline is less than 0.6 em lower.
fn host_row(rows: &[Row], own: usize) -> Option<usize> {
    let small = &rows[own];
    let small_size = small.spans.iter().map(|s| s.size).fold(0.0, f32::max);
    rows.iter()
        .enumerate()
        .skip(own + 1)
        .take(4)
        .find_map(|(j, r)| {
            let size = r.size();
            let raise = r.y - small.y;
            let overlaps = small.spans.iter().all(|s| {
                r.spans
                    .iter()
                    .any(|b| s.x >= b.x - 2.0 * size && s.x <= b.right() + 1.0 * size)
            });
            (raise > 0.05 * size && raise < 0.6 * size && small_size < 0.85 * size && overlaps)
                .then_some(j)
        })
}

/// Footnote marker text: one to three digits, optionally several separated
/// by commas.
pub fn is_marker_text(text: &str) -> bool {
    let t = text.trim();
    !t.is_empty()
        && t.len() <= 12
        && t.split(',').all(|p| {
            let p = p.trim();
            !p.is_empty() && p.len() <= 3 && p.bytes().all(|b| b.is_ascii_digit())
        })
}

/// The value of `key` shared by most characters of `spans`.
fn dominant(spans: &[Span], key: impl Fn(&Span) -> f32) -> Option<f32> {
    let mut counts: Vec<(f32, usize)> = Vec::new();
    for s in spans.iter().filter(|s| !s.text.starts_with(MARK_OPEN)) {
        let k = (key(s) * 2.0).round() / 2.0;
        let n = s.text.chars().count();
        match counts.iter_mut().find(|(v, _)| (*v - k).abs() < 0.01) {
            Some(c) => c.1 += n,
            None => counts.push((k, n)),
        }
    }
    counts
        .into_iter()
        .max_by(|a, b| a.1.cmp(&b.1).then(b.0.total_cmp(&a.0)))
        .map(|(v, _)| v)
}

/// Build a line from spans that share a baseline and a column.
pub(crate) fn make_line(spans: &[Span], y: f32, page: u32, column: u8) -> Line {
    let size = dominant(spans, |s| s.size).unwrap_or(10.0);
    let body: Vec<&Span> = spans
        .iter()
        .filter(|s| !s.text.starts_with(MARK_OPEN))
        .collect();
    let chars = |f: &dyn Fn(&Span) -> bool| {
        body.iter()
            .filter(|s| f(s))
            .map(|s| s.text.chars().count())
            .sum::<usize>()
    };
    let total = chars(&|_| true).max(1);
    let cells = cells(spans, size);
    let pieces = pieces(spans, size);
    let text = cells
        .iter()
        .map(|c| c.text.as_str())
        .collect::<Vec<_>>()
        .join(" ");
    Line {
        page,
        text,
        x0: spans.iter().map(|s| s.x).fold(f32::MAX, f32::min),
        x1: spans.iter().map(Span::right).fold(f32::MIN, f32::max),
        y,
        size,
        bold: chars(&|s| s.bold) * 2 > total,
        italic: chars(&|s| s.italic) * 2 > total,
        cells,
        pieces,
        column,
        panel: false,
    }
}

/// Spans as cells, markers glued to the span before them, and a span that
/// continues a word (no space at the join, no visible gap: Word splits
/// "p" + "erformance" into runs) glued to the span before it, so a cell
/// never shows a space inside a word.
fn pieces(spans: &[Span], size: f32) -> Vec<Cell> {
    group(spans, |c, s, text, space_before| {
        let marker = text.starts_with(MARK_OPEN);
        let word_goes_on = !space_before && (s.x - c.x1).abs() < 0.12 * size;
        (marker || word_goes_on).then_some(false)
    })
}

/// Split spans (sorted by x) into cells at gaps wider than 1.5 em; join the
/// spans of one cell with a space where there is a visible gap.
fn cells(spans: &[Span], size: f32) -> Vec<Cell> {
    group(spans, |c, s, text, space_before| {
        let marker = text.starts_with(MARK_OPEN);
        let gap = s.x - c.x1;
        (marker || gap < 1.5 * size)
            .then(|| !marker && (gap > 0.12 * size || space_before) && !c.text.ends_with(' '))
    })
}

/// Group spans (sorted by x) into cells. `join(cell, span, text,
/// space_before)` says whether the span's trimmed `text` continues the cell
/// before it, and if so whether a space goes between them. A space the
/// engine kept inside a span (Word writes "Inspection of " and "Barnsley "
/// as separate runs), or a blank span, counts as `space_before`.
fn group(spans: &[Span], join: impl Fn(&Cell, &Span, &str, bool) -> Option<bool>) -> Vec<Cell> {
    let mut out: Vec<Cell> = Vec::new();
    let mut spaced = false;
    for s in spans {
        let text = s.text.trim();
        if text.is_empty() {
            spaced = true;
            continue;
        }
        let space_before = spaced || s.text.starts_with(char::is_whitespace);
        spaced = s.text.ends_with(char::is_whitespace);
        match out.last_mut() {
            Some(c) if let Some(space) = join(c, s, text, space_before) => {
                if space {
                    c.text.push(' ');
                }
                c.text.push_str(text);
                c.x1 = c.x1.max(s.right());
            }
            _ => out.push(Cell {
                x0: s.x,
                x1: s.right(),
                text: text.to_string(),
            }),
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::layout::columns;

    fn span(text: &str, x: f32, y: f32, size: f32) -> Span {
        let width = text.chars().count() as f32 * size * 0.5;
        Span {
            text: text.into(),
            x,
            y,
            width,
            size,
            font: None,
            bold: false,
            italic: false,
        }
    }

    #[test]
    fn superscript_digit_becomes_marker_on_its_line() {
        let spans = vec![
            span("as being approachable.", 72.0, 100.0, 11.0),
            span("1", 193.0, 96.0, 6.5),
        ];
        let rows = rows(&spans);
        assert_eq!(rows.len(), 1);
        let line = make_line(&rows[0].spans, rows[0].y, 1, 0);
        assert_eq!(
            line.text,
            format!("as being approachable.{MARK_OPEN}1{MARK_CLOSE}")
        );
        assert_eq!(line.plain(), "as being approachable.");
    }

    #[test]
    fn marker_text_shapes() {
        assert!(is_marker_text("12"));
        assert!(is_marker_text("3,4"));
        assert!(!is_marker_text("2016"));
        assert!(!is_marker_text("a"));
        assert!(!is_marker_text(""));
    }

    #[test]
    fn wide_gap_splits_cells() {
        let spans = vec![
            span("officers", 72.0, 100.0, 10.0),
            span("staff", 250.0, 100.0, 10.0),
        ];
        let line = make_line(&spans, 100.0, 1, 0);
        assert_eq!(line.cells.len(), 2);
        assert_eq!(line.text, "officers staff");
    }

    fn two_column_spans(left: f32, right: f32) -> Vec<Span> {
        (0..12)
            .flat_map(|i| {
                let y = 100.0 + 14.0 * i as f32;
                [
                    span("left column text in prose", left, y, 10.0),
                    span("right column text in prose", right, y, 10.0),
                ]
            })
            .collect()
    }

    #[test]
    fn two_columns_are_found_on_an_ordinary_page() {
        let rows = rows(&two_column_spans(72.0, 310.0));
        let gutter = columns::find_gutter(&rows, 595.0);
        assert_eq!(gutter, Some(309.0));
    }

    #[test]
    fn absurd_page_widths_give_no_gutter_and_end() {
        // Used to step through every other point up to 0.7 × width.
        let rows = rows(&two_column_spans(72.0, 310.0));
        for width in [f32::NAN, f32::INFINITY, -1.0, 0.0, 1e30, f32::MAX] {
            let _ = columns::find_gutter(&rows, width);
        }
        assert_eq!(columns::find_gutter(&rows, f32::NAN), None);
        assert_eq!(columns::find_gutter(&rows, f32::INFINITY), None);
    }

    #[test]
    fn space_kept_inside_a_span_separates_words() {
        let mut a = span("Inspection of ", 70.0, 100.0, 26.0);
        a.width = 158.0;
        let b = span("Barnsley ", 228.0, 100.0, 26.0);
        let line = make_line(&[a, b], 100.0, 1, 0);
        assert_eq!(line.text, "Inspection of Barnsley");
    }

    #[test]
    fn a_word_split_across_spans_is_one_piece() {
        let a = span("2.1 Adoption p", 126.0, 100.0, 12.0);
        let b = span("erformance", 210.0, 100.0, 12.0);
        let c = span(" Good", 270.0, 100.0, 12.0);
        let far = span("Good", 400.0, 100.0, 12.0);
        let line = make_line(&[a.clone(), b.clone(), c], 100.0, 1, 0);
        let texts: Vec<&str> = line.pieces.iter().map(|p| p.text.as_str()).collect();
        assert_eq!(texts, vec!["2.1 Adoption performance", "Good"]);
        let line = make_line(&[a, b, far], 100.0, 1, 0);
        assert_eq!(line.pieces.len(), 2);
    }
}
