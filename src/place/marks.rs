//! Footnote reference marks where they are printed.
//!
//! In: the extracted pages' spans. Out: every [`Mark`] — a small raised
//! run of digits, recognised as the layout recognises them
//! ([`crate::layout::rows`]: smaller than its line, on a raised baseline or
//! glued to the word before) — with the numbers it carries and its box.

use super::index::Rect;
use crate::extract::Page;
use crate::layout::{MARK_CLOSE, MARK_OPEN, rows};

/// One printed reference mark.
#[derive(Debug, Clone, PartialEq)]
pub struct Mark {
    /// 1-based page.
    pub page: u32,
    /// The numbers it cites ("3,4" cites two).
    pub numbers: Vec<u32>,
    /// Its box.
    pub rect: Rect,
}

/// The marks of one page, top to bottom.
pub fn marks(page: &Page) -> Vec<Mark> {
    let mut out = Vec::new();
    for row in rows(&page.spans) {
        for s in &row.spans {
            let Some(inner) = s
                .text
                .strip_prefix(MARK_OPEN)
                .and_then(|t| t.strip_suffix(MARK_CLOSE))
            else {
                continue;
            };
            let numbers: Vec<u32> = inner
                .split(',')
                .filter_map(|n| n.trim().parse().ok())
                .collect();
            if numbers.is_empty() {
                continue;
            }
            out.push(Mark {
                page: page.number,
                numbers,
                rect: [s.x, s.y - 0.8 * s.size, s.right(), s.y + 0.2 * s.size],
            });
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::extract::Span;

    fn span(text: &str, x: f32, y: f32, size: f32) -> Span {
        Span {
            text: text.into(),
            x,
            y,
            width: text.len() as f32 * size * 0.5,
            size,
            font: None,
            bold: false,
            italic: false,
        }
    }

    #[test]
    fn a_small_raised_number_is_a_mark_and_body_digits_are_not() {
        let page = Page {
            number: 3,
            width: 595.0,
            height: 842.0,
            spans: vec![
                span("Crime fell by 12 per cent.", 50.0, 100.0, 10.0),
                span("4", 180.0, 96.5, 6.0),
            ],
            rules: vec![],
            rotation: 0,
            cropped: vec![],
        };
        let found = marks(&page);
        assert_eq!(found.len(), 1);
        assert_eq!(found[0].numbers, vec![4]);
        assert_eq!(found[0].page, 3);
        assert!((found[0].rect[0] - 180.0).abs() < 0.01);
        assert!(found[0].rect[1] < 96.5 && found[0].rect[3] > 96.5);
    }
}
