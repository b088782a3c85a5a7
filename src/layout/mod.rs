//! Stage 2a — spans → lines in reading order.
//!
//! In: the [`Document`] from [`crate::extract`]. Out: a [`Layout`], the
//! pages' [`Line`]s in reading order with their style (size, weight), their
//! horizontal [`Cell`]s (text runs separated by wide gaps, for tables), and
//! footnote reference markers already recognised.
//!
//! How each thing is recognised, in the terms a typographer would use:
//! - **Lines**: spans whose baselines agree within a fifth of the type size.
//!   Lines set side by side at staggered baselines (closer than 0.75 em,
//!   not overlapping across, the group standing clear of the lines around
//!   it) are one table row: a two-line cell centred beside a one-line cell.
//!   A span that continues a word (no space, no gap) is part of the same
//!   piece, so table cells never split a word.
//! - **Superscript markers**: a run of digits set smaller than its line and
//!   on a raised baseline. It is kept in the line text between
//!   [`MARK_OPEN`] and [`MARK_CLOSE`] so the parser can lift it out.
//! - **Columns**: a vertical gutter near the middle of the page that most
//!   lines do not cross; lines on either side are read left column first,
//!   with full-width lines (headings, tables) breaking the columns into
//!   bands. See [`columns`].
//! - **Page furniture**: lines in the top or bottom margin whose text, digits
//!   aside, repeats on many pages, and page-number lines. See [`furniture`].

pub mod columns;
pub mod furniture;
pub mod hyphen;

use crate::extract::{Document, Page, Rule, Span};

/// Opens a footnote reference marker inside [`Line::text`].
pub const MARK_OPEN: char = '\u{E000}';
/// Closes a footnote reference marker inside [`Line::text`].
pub const MARK_CLOSE: char = '\u{E001}';

/// A run of text on a line, separated from its neighbours by a wide gap.
#[derive(Debug, Clone, PartialEq, Default)]
pub struct Cell {
    /// Left edge.
    pub x0: f32,
    /// Right edge.
    pub x1: f32,
    /// Text, markers included.
    pub text: String,
}

/// One line of text in reading order.
#[derive(Debug, Clone, PartialEq, Default)]
pub struct Line {
    /// 1-based page number.
    pub page: u32,
    /// Whole text of the line; cells joined by a single space; markers
    /// wrapped in [`MARK_OPEN`]/[`MARK_CLOSE`].
    pub text: String,
    /// Left edge.
    pub x0: f32,
    /// Right edge.
    pub x1: f32,
    /// Baseline (points from the top of the page).
    pub y: f32,
    /// Dominant type size (by characters, markers excluded).
    pub size: f32,
    /// Most of the characters are bold.
    pub bold: bool,
    /// Most of the characters are italic.
    pub italic: bool,
    /// Horizontal runs separated by wide gaps.
    pub cells: Vec<Cell>,
    /// The spans of the line as the engine gave them (markers folded into
    /// the span before them), for finer column splitting in tables.
    pub pieces: Vec<Cell>,
    /// 0 for a full-width or left-column line, 1 for the right column.
    pub column: u8,
    /// The line sits inside a drawn panel (a box of rules one cell wide):
    /// boxed text is never a heading.
    pub panel: bool,
}

impl Line {
    /// Text without markers.
    pub fn plain(&self) -> String {
        strip_markers(&self.text)
    }
}

/// A page of lines.
#[derive(Debug, Clone, PartialEq, Default)]
pub struct PageLines {
    /// 1-based page number.
    pub number: u32,
    /// Page width.
    pub width: f32,
    /// Page height.
    pub height: f32,
    /// Lines in reading order, furniture removed.
    pub lines: Vec<Line>,
    /// Drawn rules.
    pub rules: Vec<Rule>,
    /// Left edge of the right column when the page is set in two columns.
    pub gutter: Option<f32>,
}

/// The whole document as lines.
#[derive(Debug, Clone, PartialEq, Default)]
pub struct Layout {
    /// Pages in order.
    pub pages: Vec<PageLines>,
    /// The body text size: the size most characters are set in.
    pub body_size: f32,
}

impl Layout {
    /// Every line, in reading order.
    pub fn lines(&self) -> impl Iterator<Item = &Line> {
        self.pages.iter().flat_map(|p| p.lines.iter())
    }
}

/// Remove marker sentinels and their contents.
pub fn strip_markers(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    let mut inside = false;
    for c in text.chars() {
        match c {
            MARK_OPEN => inside = true,
            MARK_CLOSE => inside = false,
            _ if !inside => out.push(c),
            _ => {}
        }
    }
    out
}

/// Lay out a whole document: [`pages`], then [`finish`].
pub fn lay_out(doc: &Document) -> Layout {
    finish(pages(doc))
}

/// Each page's lines in reading order, boxed lines marked, before the
/// passes that judge the document as a whole.
pub fn pages(doc: &Document) -> Vec<PageLines> {
    let mut pages: Vec<PageLines> = doc.pages.iter().map(page_lines).collect();
    for page in &mut pages {
        let boxes = panels(&page.rules);
        for line in &mut page.lines {
            line.panel = boxes.iter().any(|b| b.holds(line));
        }
    }
    pages
}

/// The document-wide passes over [`pages`]' output: furniture (judged by
/// what repeats across pages) is removed and the body size measured.
pub fn finish(mut pages: Vec<PageLines>) -> Layout {
    furniture::remove(&mut pages);
    let body_size = body_size(&pages);
    Layout { pages, body_size }
}

/// The same document reduced to the pages numbered in `keep`: the other
/// pages stay, with their size, but without lines or rules — as if their
/// content had never been there. [`finish`] then judges furniture and body
/// size on the kept pages alone.
pub fn only(pages: &[PageLines], keep: &[u32]) -> Vec<PageLines> {
    pages
        .iter()
        .map(|p| {
            if keep.contains(&p.number) {
                p.clone()
            } else {
                PageLines {
                    number: p.number,
                    width: p.width,
                    height: p.height,
                    ..PageLines::default()
                }
            }
        })
        .collect()
}

/// A rectangle drawn with rules around text: a panel or box.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Panel {
    /// Left side.
    pub x0: f32,
    /// Right side.
    pub x1: f32,
    /// Top.
    pub y0: f32,
    /// Bottom.
    pub y1: f32,
}

impl Panel {
    fn holds(&self, line: &Line) -> bool {
        line.x0 >= self.x0 - 1.0 && line.x1 <= self.x1 + 1.0 && line.y > self.y0 && line.y < self.y1
    }
}

/// Panels: two vertical rules (each possibly drawn in segments) facing
/// each other over the same extent with no vertical rule between them —
/// a box one cell wide. Ruled tables, which have rules between their
/// columns, are not panels.
pub fn panels(rules: &[Rule]) -> Vec<Panel> {
    // Merge vertical segments at the same x into runs.
    let mut runs: Vec<(f32, f32, f32)> = Vec::new(); // (x, top, bottom)
    let mut verticals: Vec<(f32, f32, f32)> = rules
        .iter()
        .filter(|r| !r.is_horizontal())
        .map(|r| ((r.x0 + r.x1) / 2.0, r.y0.min(r.y1), r.y0.max(r.y1)))
        .collect();
    verticals.sort_by(|a, b| a.0.total_cmp(&b.0).then(a.1.total_cmp(&b.1)));
    for (x, top, bottom) in verticals {
        match runs
            .iter_mut()
            .find(|r| (r.0 - x).abs() < 1.0 && top <= r.2 + 3.0 && bottom >= r.1 - 3.0)
        {
            Some(r) => {
                r.1 = r.1.min(top);
                r.2 = r.2.max(bottom);
            }
            None => runs.push((x, top, bottom)),
        }
    }
    let mut out = Vec::new();
    for (i, a) in runs.iter().enumerate() {
        for b in runs.iter().skip(i + 1) {
            let (top, bottom) = (a.1.max(b.1), a.2.min(b.2));
            let same_extent = (a.1 - b.1).abs() < 3.0 && (a.2 - b.2).abs() < 3.0;
            let between = runs
                .iter()
                .any(|c| c.0 > a.0 + 1.0 && c.0 < b.0 - 1.0 && c.1 < bottom && c.2 > top);
            // Rules of a grid share their extent with a third rule or more.
            let grid = runs
                .iter()
                .filter(|c| (c.1 - a.1).abs() < 3.0 && (c.2 - a.2).abs() < 3.0)
                .count()
                > 2;
            if b.0 - a.0 > 20.0 && same_extent && !between && !grid {
                out.push(Panel {
                    x0: a.0,
                    x1: b.0,
                    y0: top,
                    y1: bottom,
                });
            }
        }
    }
    out
}

/// The size most characters are set in (rounded to half a point).
pub(crate) fn body_size(pages: &[PageLines]) -> f32 {
    let mut counts: std::collections::BTreeMap<i32, usize> = Default::default();
    for line in pages.iter().flat_map(|p| &p.lines) {
        *counts.entry((line.size * 2.0).round() as i32).or_default() += line.text.chars().count();
    }
    counts
        .into_iter()
        .max_by_key(|&(size, n)| (n, -size))
        .map(|(s, _)| s as f32 / 2.0)
        .unwrap_or(10.0)
}

/// Lines of one page, in reading order.
pub fn page_lines(page: &Page) -> PageLines {
    let rows = rows(&page.spans);
    let gutter = columns::find_gutter(&rows, page.width);
    let lines = side_by_side(columns::reading_order(rows, gutter, page.number));
    PageLines {
        number: page.number,
        width: page.width,
        height: page.height,
        lines,
        rules: page.rules.clone(),
        gutter,
    }
}

/// Two lines whose baselines are closer than a line of their type can be
/// set under another, and which do not overlap across, stand side by side:
/// cells of one table row set at staggered baselines (a two-line cell
/// centred beside a one-line cell: "requires" / "1. Children who need help"
/// / "improvement"). Such a run becomes one line whose cells are the runs'
/// horizontal groups, each group's lines joined top to bottom.
fn side_by_side(lines: Vec<Line>) -> Vec<Line> {
    let staggered = |a: &Line, b: &Line| {
        let size = a.size.min(b.size);
        a.page == b.page
            && a.column == b.column
            && b.y > a.y
            && b.y - a.y < 0.75 * size
            && (b.x0 > a.x1 + 1.5 * size || a.x0 > b.x1 + 1.5 * size)
    };
    // The row stands clear of the lines above and below it (more than a
    // line of body leading, and well over its own inner steps): text whose
    // baselines merely drift against each other (two index columns set at
    // different leading, a margin note beside running text) runs on
    // without such a gap.
    let clear = |a: &Line, b: &Line, inner: f32| {
        let size = a.size.max(b.size);
        a.page != b.page || a.column != b.column || b.y - a.y > (inner * 1.5).max(size * 1.4)
    };
    let mut out: Vec<Line> = Vec::with_capacity(lines.len());
    let mut i = 0;
    while i < lines.len() {
        let mut j = i + 1;
        while j < lines.len() && j - i < 6 && staggered(&lines[j - 1], &lines[j]) {
            j += 1;
        }
        let inner = lines[i..j]
            .windows(2)
            .map(|w| w[1].y - w[0].y)
            .fold(0.0, f32::max);
        let isolated = j - i >= 2
            && (i == 0 || clear(&lines[i - 1], &lines[i], inner))
            && (j == lines.len() || clear(&lines[j - 1], &lines[j], inner));
        if isolated {
            out.push(merge_band(&lines[i..j]));
            i = j;
        } else {
            out.push(lines[i].clone());
            i += 1;
        }
    }
    out
}

/// One line from a band of side-by-side lines (see [`side_by_side`]).
fn merge_band(band: &[Line]) -> Line {
    // Group the lines whose extents overlap across, left to right.
    let mut order: Vec<&Line> = band.iter().collect();
    order.sort_by(|a, b| a.x0.total_cmp(&b.x0));
    let mut groups: Vec<Vec<&Line>> = Vec::new();
    for l in order {
        match groups.last_mut() {
            Some(g) if g.iter().any(|o| l.x0 <= o.x1) => g.push(l),
            _ => groups.push(vec![l]),
        }
    }
    let mut cells = Vec::new();
    let mut pieces = Vec::new();
    for g in &mut groups {
        g.sort_by(|a, b| a.y.total_cmp(&b.y));
        cells.push(Cell {
            x0: g.iter().map(|l| l.x0).fold(f32::MAX, f32::min),
            x1: g.iter().map(|l| l.x1).fold(f32::MIN, f32::max),
            text: g
                .iter()
                .map(|l| l.text.as_str())
                .collect::<Vec<_>>()
                .join(" "),
        });
        pieces.extend(g.iter().flat_map(|l| l.pieces.iter().cloned()));
    }
    // The band takes its baseline and style from its longest line.
    let main = band
        .iter()
        .max_by_key(|l| l.text.chars().count())
        .unwrap_or(&band[0]);
    Line {
        page: main.page,
        text: cells
            .iter()
            .map(|c| c.text.as_str())
            .collect::<Vec<_>>()
            .join(" "),
        x0: band.iter().map(|l| l.x0).fold(f32::MAX, f32::min),
        x1: band.iter().map(|l| l.x1).fold(f32::MIN, f32::max),
        y: main.y,
        size: main.size,
        bold: main.bold,
        italic: main.italic,
        cells,
        pieces,
        column: main.column,
        panel: band.iter().any(|l| l.panel),
    }
}

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
pub(crate) fn dominant(spans: &[Span], key: impl Fn(&Span) -> f32) -> Option<f32> {
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

    #[test]
    fn a_cell_centred_beside_a_one_line_cell_joins_its_row() {
        let grade_a = make_line(&[span("requires", 409.5, 424.9, 12.0)], 424.9, 1, 0);
        let label = make_line(
            &[span("1. Children who need help", 70.9, 432.1, 12.0)],
            432.1,
            1,
            0,
        );
        let grade_b = make_line(&[span("improvement", 409.5, 439.4, 12.0)], 439.4, 1, 0);
        let next = make_line(&[span("Body text below.", 70.9, 466.3, 12.0)], 466.3, 1, 0);
        let lines = side_by_side(vec![grade_a, label, grade_b, next]);
        assert_eq!(lines.len(), 2);
        let texts: Vec<&str> = lines[0].cells.iter().map(|c| c.text.as_str()).collect();
        assert_eq!(
            texts,
            vec!["1. Children who need help", "requires improvement"]
        );
        assert_eq!(lines[0].y, 432.1);
        // Successive lines of prose are a line apart: never merged.
        let a = make_line(&[span("First line", 70.9, 100.0, 12.0)], 100.0, 1, 0);
        let b = make_line(&[span("second", 300.0, 114.5, 12.0)], 114.5, 1, 0);
        assert_eq!(side_by_side(vec![a, b]).len(), 2);
        // Two index columns at different leading drift against each other
        // without a clear row: nothing merges.
        let mut drift = Vec::new();
        for k in 0..8 {
            let y = 100.0 + k as f32 * 6.0;
            let x = if k % 2 == 0 { 70.0 } else { 300.0 };
            drift.push(make_line(&[span("entry . . 5", x, y, 10.0)], y, 1, 0));
        }
        assert_eq!(side_by_side(drift).len(), 8);
        // A margin note beside running text at body leading: no row.
        let prose = |y: f32| make_line(&[span("running text of the body", 70.0, y, 12.0)], y, 1, 0);
        let note = make_line(&[span("note", 480.0, 103.0, 9.0)], 103.0, 1, 0);
        let lines = vec![prose(85.5), prose(100.0), note, prose(114.5)];
        assert_eq!(side_by_side(lines).len(), 4);
    }

    #[test]
    fn strip_markers_removes_contents() {
        assert_eq!(
            strip_markers(&format!("a{MARK_OPEN}12{MARK_CLOSE} b")),
            "a b"
        );
    }
}
