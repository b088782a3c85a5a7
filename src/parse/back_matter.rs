//! Back matter: the publisher's closing page (who the inspectorate is, how
//! to get the report in another format, the licence, its address and the
//! copyright line).
//!
//! In: the [`Parsed`] document. Out: the same document with the blocks of
//! its closing page moved out of the last section into
//! [`Parsed::back_matter`]. The closing page is the document's last page
//! when it holds no heading and one of its paragraphs is a copyright
//! notice ("© Crown copyright 2024", "Copyright © …"); every block on it
//! is back matter. A last page that carries on the body (its first block
//! continues a sentence of the page before) is not back matter.

use super::assemble::Parsed;
use crate::record::{Block, Section};

/// Move the closing page's blocks into [`Parsed::back_matter`].
pub fn take(parsed: &mut Parsed) {
    let Some(last_page) = last_page(parsed) else {
        return;
    };
    if last_page < 2 || heading_on(&parsed.sections, last_page) {
        return;
    }
    let Some(blocks) = last_blocks(parsed) else {
        return;
    };
    let start = blocks
        .iter()
        .position(|b| block_page(b) == last_page)
        .unwrap_or(blocks.len());
    let closing = &blocks[start..];
    let notice = closing.iter().any(|b| match b {
        Block::Paragraph { text, .. } => ends_with_copyright_notice(text),
        _ => false,
    });
    let continues = start > 0 && closing.first().is_some_and(|b| continues_after(&blocks[start - 1], b));
    if !notice || continues || closing.iter().any(|b| block_page(b) != last_page) {
        return;
    }
    let moved = blocks.split_off(start);
    parsed.back_matter = moved;
}

/// "© Crown copyright 2024", "Copyright © HMICFRS 2022", "(c) Ofsted".
pub fn is_copyright_notice(text: &str) -> bool {
    let t = text.trim().to_lowercase();
    t.chars().count() <= 120
        && (t.starts_with('©') || t.starts_with("(c) ") || t.starts_with("copyright"))
}

/// A notice, or a paragraph that ends with one (an address block the
/// notice was set under: "… W: www.ofsted.gov.uk © Crown copyright 2014").
fn ends_with_copyright_notice(text: &str) -> bool {
    is_copyright_notice(text)
        || text
            .rfind('©')
            .is_some_and(|i| text[i..].chars().count() <= 40)
}

fn block_page(b: &Block) -> u32 {
    match b {
        Block::Paragraph { page, .. } | Block::List { page, .. } | Block::Table { page, .. } => {
            *page
        }
    }
}

/// The page of the last block of the document.
fn last_page(parsed: &Parsed) -> Option<u32> {
    fn deepest(s: &Section) -> Option<u32> {
        s.sections
            .last()
            .and_then(deepest)
            .or_else(|| s.blocks.last().map(block_page))
            .or(Some(s.page))
    }
    match parsed.sections.last() {
        Some(s) => deepest(s),
        None => parsed.preamble.last().map(block_page),
    }
}

fn heading_on(sections: &[Section], page: u32) -> bool {
    sections
        .iter()
        .any(|s| s.page == page || heading_on(&s.sections, page))
}

/// The blocks that end the document: the last (deepest) section's, or the
/// preamble when there is no section.
fn last_blocks(parsed: &mut Parsed) -> Option<&mut Vec<Block>> {
    fn deepest(s: &mut Section) -> &mut Vec<Block> {
        if s.sections.is_empty() {
            &mut s.blocks
        } else {
            let last = s.sections.len() - 1;
            deepest(&mut s.sections[last])
        }
    }
    match parsed.sections.last_mut() {
        Some(s) => Some(deepest(s)),
        None => Some(&mut parsed.preamble),
    }
}

/// `next` carries on the sentence `prev` left open.
fn continues_after(prev: &Block, next: &Block) -> bool {
    let (Block::Paragraph { text: a, .. }, Block::Paragraph { text: b, .. }) = (prev, next) else {
        return false;
    };
    !super::text::closes(a) && b.trim_start().starts_with(|c: char| c.is_lowercase())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn para(text: &str, page: u32) -> Block {
        Block::Paragraph { footnote_run: 0,
            text: text.into(),
            page,
            pages: Vec::new(),
            footnote_refs: vec![], bbox: None, boxes: Vec::new(),
        }
    }

    fn doc(blocks: Vec<Block>) -> Parsed {
        Parsed {
            sections: vec![Section { footnote_run: 0,
                heading: "The impact of leaders: good".into(),
                level: 2,
                page: 8,
                footnote_refs: vec![],
                blocks,
                sections: vec![], bbox: None, boxes: Vec::new(),
            }],
            ..Parsed::default()
        }
    }

    #[test]
    fn the_closing_page_with_its_copyright_line_is_back_matter() {
        let mut d = doc(vec![
            para("Leaders know their services well.", 9),
            para("If you would like a copy of this document in a different format, please telephone us.", 10),
            para("Piccadilly Gate Store St Manchester © Crown copyright 2024", 10),
        ]);
        take(&mut d);
        assert_eq!(d.back_matter.len(), 2);
        assert_eq!(d.sections[0].blocks, vec![para("Leaders know their services well.", 9)]);
    }

    #[test]
    fn a_last_page_without_a_notice_or_with_a_heading_stays_body() {
        let blocks = vec![para("Body text.", 9), para("More body text on the last page.", 10)];
        let mut d = doc(blocks.clone());
        take(&mut d);
        assert!(d.back_matter.is_empty());
        let mut d = doc(vec![para("Body.", 9), para("© Crown copyright 2024", 10)]);
        d.sections[0].sections.push(Section { footnote_run: 0,
            heading: "Annex".into(),
            level: 3,
            page: 10,
            footnote_refs: vec![],
            blocks: vec![para("© Crown copyright 2024", 10)],
            sections: vec![], bbox: None, boxes: Vec::new(),
        });
        take(&mut d);
        assert!(d.back_matter.is_empty());
    }

    #[test]
    fn a_sentence_carried_onto_the_last_page_is_not_back_matter() {
        let mut d = doc(vec![
            para("Leaders know their services and what will be helpful to them in the", 9),
            para("future, and say so. © Crown copyright 2024 appears in the text", 10),
            para("© Crown copyright 2024", 10),
        ]);
        take(&mut d);
        assert!(d.back_matter.is_empty());
    }

    #[test]
    fn copyright_notices() {
        for t in ["© Crown copyright 2024", "Copyright © HMICFRS 2022", "(c) Ofsted 2019"] {
            assert!(is_copyright_notice(t), "{t}");
        }
        for t in [
            "The council holds the copyright.",
            "We report on copyright later in this long sentence that is not a notice at all.",
        ] {
            assert!(!is_copyright_notice(t), "{t}");
        }
    }
}
