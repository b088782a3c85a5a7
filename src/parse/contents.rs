//! The report's own contents page.
//!
//! A page with at least three contents entries — a title, a dot leader and a
//! page number — is a contents page. An entry may wrap: lines with no leader
//! followed by the line that has one make one entry. The entries' left
//! indents, ranked, give their nesting levels. The contents page is not part
//! of the body; its entries tell the heading stage which lines are headings
//! and at which level.

use super::text::contents_entry;
use crate::layout::{Line, PageLines};

/// One entry of the contents page.
#[derive(Debug, Clone, PartialEq)]
pub struct Entry {
    /// Entry text (the heading it names).
    pub text: String,
    /// Page number printed on the entry.
    pub page: u32,
    /// Nesting level, 1 for the outermost indent.
    pub level: u8,
}

/// The entries of a contents page, when `page` is one.
pub fn entries(page: &PageLines) -> Option<Vec<Entry>> {
    let mut raw: Vec<(String, u32, f32)> = Vec::new();
    let mut pending: Vec<&Line> = Vec::new();
    for line in &page.lines {
        let text = line.plain();
        let text = text.trim();
        if let Ok((_, (title, number))) = contents_entry(text) {
            let x0 = pending.first().map_or(line.x0, |p| p.x0);
            let mut full: Vec<String> = pending
                .iter()
                .map(|p| p.plain().trim().to_string())
                .collect();
            full.push(title.to_string());
            raw.push((full.join(" "), number, x0));
            pending.clear();
        } else if !raw.is_empty() || looks_like_entry_start(line) {
            pending.push(line);
            if pending.len() > 3 {
                pending.remove(0);
            }
        }
    }
    if raw.len() < 3 {
        return None;
    }
    let indents = indent_levels(raw.iter().map(|r| r.2));
    Some(
        raw.into_iter()
            .map(|(text, page, x0)| Entry {
                text,
                page,
                level: level_of(&indents, x0),
            })
            .collect(),
    )
}

fn looks_like_entry_start(line: &Line) -> bool {
    let t = line.plain();
    !t.trim().eq_ignore_ascii_case("contents") && !t.trim().is_empty()
}

/// Distinct left indents, clustered within 4 pt, ascending.
fn indent_levels(xs: impl Iterator<Item = f32>) -> Vec<f32> {
    let mut v: Vec<f32> = xs.collect();
    v.sort_by(f32::total_cmp);
    let mut out: Vec<f32> = Vec::new();
    for x in v {
        if out.last().is_none_or(|&l| x - l > 4.0) {
            out.push(x);
        }
    }
    out
}

fn level_of(indents: &[f32], x0: f32) -> u8 {
    let i = indents.iter().rposition(|&l| x0 >= l - 4.0).unwrap_or(0);
    (i + 1).min(6) as u8
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::layout::Cell;

    fn line(text: &str, x0: f32, y: f32) -> Line {
        Line {
            page: 2,
            text: text.into(),
            x0,
            x1: 500.0,
            y,
            size: 11.0,
            bold: false,
            italic: false,
            cells: vec![Cell {
                x0,
                x1: 500.0,
                text: text.into(),
            }],
            pieces: vec![],
            panel: false,
            column: 0,
        }
    }

    #[test]
    fn entries_with_wrap_and_indent() {
        let page = PageLines {
            number: 2,
            width: 595.0,
            height: 842.0,
            lines: vec![
                line("Contents", 72.0, 80.0),
                line("Introduction..............3", 72.0, 100.0),
                line(
                    "Overview – How legitimate is the force at keeping people safe and reducing",
                    72.0,
                    114.0,
                ),
                line("crime?........................6", 72.0, 128.0),
                line(
                    "To what extent does the force understand...........8",
                    86.0,
                    142.0,
                ),
                line("Next steps......................25", 72.0, 156.0),
            ],
            rules: vec![],
            gutter: None,
        };
        let e = entries(&page).expect("a contents page");
        assert_eq!(e.len(), 4);
        assert_eq!(
            e[1].text,
            "Overview – How legitimate is the force at keeping people safe and reducing crime?"
        );
        assert_eq!((e[1].page, e[1].level), (6, 1));
        assert_eq!(e[2].level, 2);
    }

    #[test]
    fn ordinary_page_is_not_contents() {
        let page = PageLines {
            number: 3,
            width: 595.0,
            height: 842.0,
            lines: vec![
                line("Introduction", 72.0, 80.0),
                line("As part of our annual inspections...", 72.0, 100.0),
            ],
            rules: vec![],
            gutter: None,
        };
        assert!(entries(&page).is_none());
    }
}
