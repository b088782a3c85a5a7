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
//!
//! Files: [`lines`] (the types), [`rows`] (spans → rows → lines),
//! [`columns`] (gutter and reading order), [`furniture`], [`hyphen`]
//! (joining lines); this file lays out pages ([`pages`]), marks panels and
//! runs the document-wide passes ([`finish`]).

pub mod columns;
pub mod furniture;
pub mod hyphen;
pub mod lines;
pub mod rows;

pub use lines::{Cell, Layout, Line, MARK_CLOSE, MARK_OPEN, PageLines, strip_markers};
pub use rows::{Row, is_marker_text, rows};

use crate::extract::{Document, Page, Rule};
use lines::body_size;

/// Lay out a whole document: [`pages`], then [`finish`].
pub fn lay_out(doc: &Document) -> Layout {
    finish_document(pages(doc), doc)
}

/// [`finish`] for the whole of `doc`, whose [`pages`] these are: the lines
/// each page's crop box hides ([`Page::cropped`]) join the furniture too.
pub fn finish_document(pages: Vec<PageLines>, doc: &Document) -> Layout {
    let mut laid = finish(pages);
    furniture::add_cropped(&mut laid.furniture, &doc.pages);
    laid
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
/// what repeats across pages) is moved out of the body and the body size
/// measured.
pub fn finish(mut pages: Vec<PageLines>) -> Layout {
    let taken = furniture::take(&mut pages);
    let body_size = body_size(&pages);
    Layout {
        pages,
        body_size,
        furniture: taken.lines,
        furniture_pages: taken.heavy_pages,
    }
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

#[cfg(test)]
mod tests {
    use super::*;
    use crate::extract::Span;
    use rows::make_line;

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
}
