//! The report's own contents page.
//!
//! A page with at least three contents entries — a title, a dot leader and a
//! page number — is a contents page. Without leaders, a page titled
//! "Contents" whose entries end in a page number set apart in its own cell,
//! the numbers' right edges aligned and never decreasing, is one too (Word
//! reports set the number at a right tab). An entry may wrap: lines with no
//! page number followed by the line that has one make one entry. The entries' left
//! indents, ranked, give their nesting levels. The contents page is not part
//! of the body; its entries tell the heading stage which lines are headings
//! and at which level.

use super::text::{contents_entry, contents_title, page_number};
use crate::layout::{Line, PageLines, strip_markers};

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
    let mut raw = leader_entries(page);
    if raw.len() < 3 {
        raw = tab_entries(page);
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

/// Entries with dot leaders: (text, page, left edge).
fn leader_entries(page: &PageLines) -> Vec<(String, u32, f32)> {
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
    raw
}

/// Entries without leaders, under a "Contents" title: the page number is
/// the line's last cell, alone, its right edge aligned with the other
/// entries' numbers, and the numbers never go back.
fn tab_entries(page: &PageLines) -> Vec<(String, u32, f32)> {
    let Some(start) = page
        .lines
        .iter()
        .position(|l| contents_title(l.plain().trim()).is_ok())
    else {
        return Vec::new();
    };
    let mut raw: Vec<(String, u32, f32)> = Vec::new();
    let mut pending: Vec<&Line> = Vec::new();
    let mut right: Option<f32> = None;
    for line in &page.lines[start + 1..] {
        let entry = match line.cells.as_slice() {
            [before @ .., last] if !before.is_empty() => page_number(&strip_markers(&last.text))
                .ok()
                .map(|(_, n)| (before, last, n)),
            _ => None,
        };
        let entry = entry.filter(|(_, last, n)| {
            right.is_none_or(|r| (last.x1 - r).abs() <= 6.0)
                && raw.last().is_none_or(|prev| *n >= prev.1)
        });
        // Only lines just above an entry are its first lines.
        if pending
            .last()
            .is_some_and(|p| line.y - p.y > line.size.max(p.size) * 1.6)
        {
            pending.clear();
        }
        if let Some((before, last, n)) = entry {
            let x0 = pending.first().map_or(line.x0, |p| p.x0);
            let mut full: Vec<String> = pending
                .iter()
                .map(|p| p.plain().trim().to_string())
                .collect();
            full.extend(
                before
                    .iter()
                    .map(|c| strip_markers(&c.text).trim().to_string()),
            );
            raw.push((super::text::collapse(&full.join(" ")), n, x0));
            right = Some(last.x1);
            pending.clear();
        } else {
            pending.push(line);
            if pending.len() > 3 {
                pending.remove(0);
            }
        }
    }
    raw
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

    fn tabbed(text: &str, number: &str, x0: f32, right: f32, y: f32) -> Line {
        let mut l = line(&format!("{text} {number}"), x0, y);
        l.cells = vec![
            Cell {
                x0,
                x1: x0 + 200.0,
                text: text.into(),
            },
            Cell {
                x0: right - 6.0 * number.len() as f32,
                x1: right,
                text: number.into(),
            },
        ];
        l.x1 = right;
        l
    }

    fn page_of(lines: Vec<Line>) -> PageLines {
        PageLines {
            number: 2,
            width: 595.0,
            height: 842.0,
            lines,
            rules: vec![],
            gutter: None,
        }
    }

    #[test]
    fn entries_at_a_right_tab_without_leaders() {
        let page = page_of(vec![
            line("Contents", 71.0, 120.0),
            tabbed("Section 1: the local authority", "3", 71.0, 524.6, 137.0),
            tabbed("Summary of key findings", "3", 83.0, 523.6, 166.0),
            line("What does the local authority need to improve", 83.0, 195.0),
            tabbed("in this area?", "5", 83.0, 523.6, 209.0),
            tabbed(
                "What the inspection judgements mean",
                "27",
                71.0,
                524.7,
                238.0,
            ),
        ]);
        let e = entries(&page).expect("a contents page");
        assert_eq!(e.len(), 4);
        assert_eq!((e[0].level, e[1].level, e[3].level), (1, 2, 1));
        assert_eq!(
            e[2].text,
            "What does the local authority need to improve in this area?"
        );
        assert_eq!(e[3].page, 27);
    }

    #[test]
    fn numbered_rows_without_a_contents_title_are_not_contents() {
        let page = page_of(vec![
            line("Children in this area", 71.0, 120.0),
            tabbed("Children looked after", "310", 71.0, 524.6, 137.0),
            tabbed("Children in need", "1200", 71.0, 524.6, 151.0),
            tabbed("Child protection plans", "140", 71.0, 524.6, 165.0),
        ]);
        assert!(entries(&page).is_none());
    }

    #[test]
    fn a_table_under_contents_whose_numbers_go_back_stops_counting() {
        let page = page_of(vec![
            line("Contents", 71.0, 120.0),
            tabbed("Introduction", "3", 71.0, 524.6, 137.0),
            tabbed("Findings", "1", 71.0, 524.6, 151.0),
            tabbed("Annex", "2", 71.0, 400.0, 165.0),
        ]);
        assert!(entries(&page).is_none());
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
