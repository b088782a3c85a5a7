//! Paragraphs and lists from the lines between headings and tables.
//!
//! - A **list item** opens with a bullet (•, –, ▪ …) or an item number
//!   ("1.", "(a)"); lines after it that hang under its text, or follow at
//!   line pitch without the item having ended, continue it. Consecutive
//!   items of one kind form one list.
//! - A **paragraph** ends where the leading opens up (more than line pitch
//!   to the next line), where its last line stops short of the measure with
//!   closing punctuation, or at a page or column change after closing
//!   punctuation — so a paragraph broken by a page turn is one paragraph.
//!
//! Lines are joined with [`hyphen::join`](crate::layout::hyphen::join);
//! footnote markers are lifted into `footnote_refs`.

use super::text::collapse;
use super::text::{bullet, item_number, lift_markers};
use crate::layout::Line;
use crate::layout::hyphen::{Lexicon, join};
use crate::record::{Block, ListItem};
use nom::Parser;
use std::collections::HashMap;

/// Measurements of the body the block rules need.
#[derive(Debug, Clone)]
pub struct Measure {
    /// Usual distance between baselines of body lines.
    pub pitch: f32,
    /// Right edge of the text block per (page, column).
    right: HashMap<(u32, u8), f32>,
    /// Body type size.
    pub body_size: f32,
}

impl Measure {
    /// Measure a body.
    pub fn new(body: &[&Line], body_size: f32) -> Self {
        let mut right: HashMap<(u32, u8), f32> = HashMap::new();
        for l in body.iter().filter(|l| (l.size - body_size).abs() < 0.6) {
            let r = right.entry((l.page, l.column)).or_insert(0.0);
            *r = r.max(l.x1);
        }
        Self {
            pitch: line_pitch(body, body_size),
            right,
            body_size,
        }
    }

    /// The line stops short of its column's right edge.
    fn short(&self, line: &Line) -> bool {
        let right = self
            .right
            .get(&(line.page, line.column))
            .copied()
            .unwrap_or(line.x1);
        line.x1 < right - 3.0 * self.body_size
    }
}

/// The usual distance between consecutive body-size lines: the most common
/// baseline step, to half a point.
pub fn line_pitch(body: &[&Line], body_size: f32) -> f32 {
    let mut counts: HashMap<i32, usize> = HashMap::new();
    for w in body.windows(2) {
        let (a, b) = (w[0], w[1]);
        let step = b.y - a.y;
        let body_like = (a.size - body_size).abs() < 0.6 && (b.size - body_size).abs() < 0.6;
        if a.page == b.page
            && a.column == b.column
            && body_like
            && step > body_size * 0.9
            && step < body_size * 2.0
        {
            *counts.entry((step * 2.0).round() as i32).or_default() += 1;
        }
    }
    counts
        .into_iter()
        .max_by_key(|&(k, n)| (n, -k))
        .map(|(k, _)| k as f32 / 2.0)
        .unwrap_or(body_size * 1.2)
}

/// Text ends a sentence or clause for layout purposes.
fn closes(text: &str) -> bool {
    super::text::closes(&crate::layout::strip_markers(text))
}

/// What a line opens.
#[derive(Debug, Clone, Copy, PartialEq)]
enum Opening {
    Bullet,
    Number,
    Text,
}

fn opening(line: &Line) -> (Opening, String) {
    let text = line.text.trim_start();
    if let Ok((rest, _)) = bullet(text) {
        return (Opening::Bullet, rest.to_string());
    }
    if let Ok((rest, _)) = item_number.parse(text) {
        return (Opening::Number, rest.to_string());
    }
    (Opening::Text, text.to_string())
}

/// Group lines into paragraph and list blocks.
pub fn blocks(lines: &[&Line], m: &Measure, lex: &Lexicon) -> Vec<Block> {
    let mut out: Vec<Block> = Vec::new();
    // The block being built: its kind, page, and for lists the items.
    let mut para: Vec<String> = Vec::new();
    let mut para_page = 0;
    // The page of the block's last line, for blocks that run over a turn.
    let mut para_last = 0;
    let mut list_last = 0;
    let mut items: Vec<Vec<String>> = Vec::new();
    let mut list_kind = Opening::Text;
    let mut list_page = 0;
    let mut item_x = 0.0f32;
    let mut prev: Option<&Line> = None;

    for &line in lines {
        let (mut kind, mut rest) = opening(line);
        let continues = prev.is_some_and(|p| follows(p, line, m));
        // A number that opens a line set under the text of the item being
        // read, not at its number's indent, right after a line that does
        // not close, is that item's sentence running on ("…rated
        // outstanding at its last inspection in" / "2013. The authority…"),
        // not a new item. After "…should:" it is a sub-item.
        if kind == Opening::Number
            && !items.is_empty()
            && continues
            && line.x0 > item_x + 0.5 * m.body_size
            && prev.is_some_and(|p| !closes(&p.text))
        {
            kind = Opening::Text;
            rest = line.text.trim_start().to_string();
        }
        match kind {
            Opening::Bullet | Opening::Number => {
                finish_para(&mut para, (para_page, para_last), lex, &mut out);
                if !items.is_empty() && kind != list_kind {
                    finish_list(&mut items, list_kind, (list_page, list_last), lex, &mut out);
                }
                if items.is_empty() {
                    list_page = line.page;
                }
                list_kind = kind;
                item_x = line.x0;
                list_last = line.page;
                items.push(vec![rest]);
            }
            Opening::Text => {
                let hangs = line.x0 > item_x + 0.5 * m.body_size;
                let in_item = !items.is_empty()
                    && continues
                    && (hangs || prev.is_some_and(|p| !closes(&p.text) && !m.short(p)));
                if in_item {
                    if let Some(item) = items.last_mut() {
                        item.push(rest);
                        list_last = line.page;
                    }
                } else {
                    finish_list(&mut items, list_kind, (list_page, list_last), lex, &mut out);
                    if !continues {
                        finish_para(&mut para, (para_page, para_last), lex, &mut out);
                    }
                    if para.is_empty() {
                        para_page = line.page;
                    }
                    para_last = line.page;
                    para.push(rest);
                }
            }
        }
        prev = Some(line);
    }
    finish_para(&mut para, (para_page, para_last), lex, &mut out);
    finish_list(&mut items, list_kind, (list_page, list_last), lex, &mut out);
    out
}

/// `next` continues the block that `prev` is in.
fn follows(prev: &Line, next: &Line, m: &Measure) -> bool {
    let same_column = prev.page == next.page && prev.column == next.column;
    if !same_column {
        // A page or column turn: the block goes on unless it had ended.
        return !closes(&prev.text);
    }
    let step = next.y - prev.y;
    if step <= 0.0 || step > m.pitch * 1.2 + 0.5 {
        return false;
    }
    if (prev.size - next.size).abs() > 0.6 || prev.bold != next.bold {
        return false;
    }
    !(m.short(prev) && closes(&prev.text))
}

/// Every page from `first` to `last`, when they differ.
fn pages_between((first, last): (u32, u32)) -> Vec<u32> {
    if last > first {
        (first..=last).collect()
    } else {
        Vec::new()
    }
}

fn finish_para(para: &mut Vec<String>, span: (u32, u32), lex: &Lexicon, out: &mut Vec<Block>) {
    if para.is_empty() {
        return;
    }
    let (text, refs) = lift_markers(&join(para, lex));
    let text = collapse(&text);
    para.clear();
    if !text.is_empty() {
        out.push(Block::Paragraph { footnote_run: 0,
            text,
            page: span.0,
            pages: pages_between(span),
            footnote_refs: refs, bbox: None, boxes: Vec::new(),
        });
    }
}

fn finish_list(
    items: &mut Vec<Vec<String>>,
    kind: Opening,
    span: (u32, u32),
    lex: &Lexicon,
    out: &mut Vec<Block>,
) {
    if items.is_empty() {
        return;
    }
    let list: Vec<ListItem> = items
        .drain(..)
        .map(|lines| {
            let (text, refs) = lift_markers(&join(&lines, lex));
            ListItem { footnote_run: 0,
                text: collapse(&text),
                footnote_refs: refs, bbox: None, boxes: Vec::new(), page: None,
            }
        })
        .collect();
    out.push(Block::List { footnote_run: 0,
        ordered: kind == Opening::Number,
        items: list,
        page: span.0,
        pages: pages_between(span),
        footnote_refs: vec![], bbox: None, boxes: Vec::new(),
    });
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::layout::Cell;

    fn line(text: &str, x0: f32, x1: f32, y: f32) -> Line {
        Line {
            page: 1,
            text: text.into(),
            x0,
            x1,
            y,
            size: 11.0,
            bold: false,
            italic: false,
            cells: vec![Cell {
                x0,
                x1,
                text: text.into(),
            }],
            pieces: vec![],
            panel: false,
            column: 0,
        }
    }

    fn measure(lines: &[&Line]) -> Measure {
        Measure::new(lines, 11.0)
    }

    #[test]
    fn a_paragraph_over_a_page_turn_lists_both_pages() {
        let a = line("Children are seen quickly and the help they get is", 72.0, 520.0, 700.0);
        let mut b = line("what they need.", 72.0, 200.0, 80.0);
        b.page = 2;
        let c = line("A paragraph on one page that closes.", 72.0, 300.0, 100.0);
        let mut c = c;
        c.page = 2;
        let lines = vec![&a, &b, &c];
        let out = blocks(&lines, &measure(&lines), &Lexicon::default());
        assert_eq!(out.len(), 2, "{out:?}");
        assert!(
            matches!(&out[0], Block::Paragraph { page: 1, pages, .. } if pages == &[1, 2]),
            "{out:?}"
        );
        assert!(matches!(&out[1], Block::Paragraph { page: 2, pages, .. } if pages.is_empty()));
    }

    #[test]
    fn paragraphs_split_on_short_last_line_and_join_hyphens() {
        let a = line("Officers treat the public with le-", 72.0, 520.0, 100.0);
        let b = line("gitimacy and respect.", 72.0, 200.0, 113.0);
        let c = line(
            "A second paragraph starts here and runs to the full measure of",
            72.0,
            520.0,
            126.0,
        );
        let d = line("the column.", 72.0, 130.0, 139.0);
        let lines = vec![&a, &b, &c, &d];
        let out = blocks(&lines, &measure(&lines), &Lexicon::default());
        assert_eq!(out.len(), 2);
        match &out[0] {
            Block::Paragraph { text, .. } => assert_eq!(
                text,
                "Officers treat the public with legitimacy and respect."
            ),
            other => panic!("not a paragraph: {other:?}"),
        }
    }

    #[test]
    fn a_year_opening_a_line_under_an_item_s_text_runs_the_item_on() {
        // "49." hangs at 72; its text and every wrapped line at 100. A wrap
        // that happens to open with "2013." is the item's text, year kept.
        let a = line("49. The local authority fostering service was rated", 72.0, 520.0, 100.0);
        let b = line("outstanding at its last inspection in", 100.0, 480.0, 113.0);
        let c = line("2013. The authority has a very successful recruitment", 100.0, 520.0, 126.0);
        let d = line("programme for foster carers.", 100.0, 300.0, 139.0);
        let e = line("50. Care plans demonstrate long term planning.", 72.0, 500.0, 165.0);
        let lines = vec![&a, &b, &c, &d, &e];
        let out = blocks(&lines, &measure(&lines), &Lexicon::default());
        assert_eq!(out.len(), 1, "{out:?}");
        // After a line that closes, an indented number is a sub-item.
        let f = line("51. The council should:", 72.0, 300.0, 191.0);
        let g = line("1. review its plans.", 100.0, 300.0, 204.0);
        let nested = vec![&f, &g];
        match &blocks(&nested, &measure(&nested), &Lexicon::default())[0] {
            Block::List { items, .. } => assert_eq!(items.len(), 2, "{items:?}"),
            other => panic!("not a list: {other:?}"),
        }
        match &out[0] {
            Block::List { items, .. } => {
                assert_eq!(items.len(), 2, "{items:?}");
                assert!(items[0].text.contains("inspection in 2013. The authority"), "{items:?}");
            }
            other => panic!("not a list: {other:?}"),
        }
    }

    #[test]
    fn bullets_with_hanging_wrap_make_one_list() {
        let a = line(
            "• seeks feedback from the people it serves, but it needs to analyse that in-",
            72.0,
            520.0,
            100.0,
        );
        let b = line("formation;", 84.0, 140.0, 113.0);
        let c = line(
            "• aims to treat all people with fairness and respect.",
            72.0,
            400.0,
            126.0,
        );
        let d = line("HM Inspector said the force is good.", 72.0, 300.0, 150.0);
        let lines = vec![&a, &b, &c, &d];
        let out = blocks(&lines, &measure(&lines), &Lexicon::default());
        assert_eq!(out.len(), 2, "{out:?}");
        match &out[0] {
            Block::List { items, ordered, .. } => {
                assert!(!ordered);
                assert_eq!(items.len(), 2);
                assert_eq!(
                    items[0].text,
                    "seeks feedback from the people it serves, but it needs to analyse that information;"
                );
            }
            other => panic!("not a list: {other:?}"),
        }
    }

    #[test]
    fn marker_becomes_footnote_ref() {
        let a = line(
            &format!(
                "as well as being friendly and approachable.{}1{}",
                crate::layout::MARK_OPEN,
                crate::layout::MARK_CLOSE
            ),
            72.0,
            300.0,
            100.0,
        );
        let lines = vec![&a];
        let out = blocks(&lines, &measure(&lines), &Lexicon::default());
        match &out[0] {
            Block::Paragraph {
                text,
                footnote_refs,
                ..
            } => {
                assert_eq!(text, "as well as being friendly and approachable.");
                assert_eq!(footnote_refs, &vec![1]);
            }
            other => panic!("not a paragraph: {other:?}"),
        }
    }
}
