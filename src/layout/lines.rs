//! The layout's types: cells, lines, pages of lines, the laid-out
//! document, and the marker sentinels inside line text.
//!
//! In: nothing (plain types, filled by [`super::rows`] and
//! [`super::columns`]). Out: [`Line`], [`Cell`], [`PageLines`], [`Layout`];
//! [`strip_markers`] and the body size every later pass measures against.

use crate::extract::Rule;

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
    /// The lines taken out as page furniture, in page order.
    pub furniture: Vec<crate::record::Furniture>,
    /// Pages most of whose text went to [`Layout::furniture`].
    pub furniture_pages: Vec<u32>,
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

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn strip_markers_removes_contents() {
        assert_eq!(
            strip_markers(&format!("a{MARK_OPEN}12{MARK_CLOSE} b")),
            "a b"
        );
    }
}
