//! Notes and reference marks.
//!
//! In: a `Note`/`FENote` node, met inline (in a `Link` with its mark, as
//! Word writes it) or at block level. Out: a footnote recorded on the
//! [`Builder`], numbered by the number its text opens with, and cited by
//! the block holding it inline, else by the nearest block before it whose
//! text carries the number as a reference mark glued to a word ("young
//! people1") — the mark taken out of the text — else by the block just
//! before it, with a warning.

use super::builder::Builder;
use crate::extract::TagNode;
use crate::parse::event::Event;
use crate::parse::text::{self, collapse};
use crate::record::{Block, Footnote, Warning, WarningCode};

/// How many blocks back a note's reference mark is looked for.
const MARK_LOOKBACK: usize = 25;

impl Builder {
    /// A note met inline: record the footnote and return its number.
    /// `mark` is the number printed just before it, if any.
    pub(super) fn note(&mut self, n: &TagNode, mark: Option<u32>) -> u32 {
        let page = n.first_page().unwrap_or(self.last_page).max(1);
        let raw = collapse(&n.text());
        let expected = mark.unwrap_or(self.last_note + 1).max(1);
        let (number, body) = match text::footnote_opening(&raw) {
            Ok((rest, num)) if num > 0 => (num, rest.trim().to_string()),
            // "1The areas…": the number glued to the text, when it is the
            // number expected here, or a 1 that restarts the numbering (a
            // new chapter's notes) where no printed mark says otherwise.
            _ => match glued_number(&raw) {
                Some((num, rest))
                    if num == expected || (num == 1 && mark.is_none() && self.last_note > 0) =>
                {
                    (num, rest.to_string())
                }
                _ => (expected, raw.clone()),
            },
        };
        // Word sometimes tags a page's footnotes as one Note; the tree is
        // followed (one footnote), and the oddity reported.
        let opened = n
            .nodes()
            .filter(|c| text::footnote_opening(collapse(&c.text()).as_str()).is_ok())
            .count();
        if opened > 1 {
            self.warnings.push(Warning::on_page(WarningCode::NoteHoldsSeveral,
                page,
                format!(
                    "footnote {number}: one Note element holds {opened} numbered notes; kept as one"
                ),
            ));
        }
        if number <= self.last_note {
            self.run += 1;
        }
        self.last_note = number;
        let mut urls = n.all_urls();
        for u in text::urls(&body) {
            if !urls.contains(&u) {
                urls.push(u);
            }
        }
        // Its first part's box, and each part's when a page turn cuts it.
        let (bbox, boxes) = n.region().split(page);
        self.footnotes.push(Footnote {
            number,
            text: body,
            page,
            urls,
            run: self.run,
            bbox,
            boxes,
            marks: Vec::new(),
        });
        number
    }

    /// A note met at block level: record it, and link it to the block
    /// before it that carries its reference mark.
    pub(super) fn block_note(&mut self, n: &TagNode) {
        let number = self.note(n, None);
        let page = self.footnotes.last().map_or(1, |f| f.page);
        if self.link_mark(number) {
            return;
        }
        // No mark found: the tree puts a note right after the block that
        // cites it, so cite it from there.
        let linked = self.events.iter_mut().rev().find_map(|e| match e {
            Event::Block(Block::Paragraph { footnote_refs, .. })
            | Event::Block(Block::List { footnote_refs, .. }) => Some(footnote_refs),
            Event::Heading(h) => Some(&mut h.refs),
            Event::Block(Block::Table { .. }) => None,
        });
        match linked {
            Some(refs) => {
                refs.push(number);
                self.warnings.push(Warning::on_page(WarningCode::FootnoteRefGuessed,
                    page,
                    format!(
                        "footnote {number}: no reference mark found; cited from the block before it"
                    ),
                ));
            }
            None => self.warnings.push(Warning::on_page(WarningCode::UnlinkedFootnoteRef,
                page,
                format!("footnote {number}: no block cites it"),
            )),
        }
    }

    /// Find `number` as a reference mark in the recent blocks, take it out
    /// of the text and cite the footnote there.
    fn link_mark(&mut self, number: u32) -> bool {
        for e in self.events.iter_mut().rev().take(MARK_LOOKBACK) {
            match e {
                Event::Block(Block::Paragraph {
                    text,
                    footnote_refs,
                    ..
                }) => {
                    if let Some(t) = strip_mark(text, number) {
                        *text = t;
                        footnote_refs.push(number);
                        return true;
                    }
                }
                Event::Heading(h) => {
                    if let Some(t) = strip_mark(&h.text, number) {
                        h.text = t;
                        h.refs.push(number);
                        return true;
                    }
                }
                Event::Block(Block::List {
                    items,
                    footnote_refs,
                    ..
                }) => {
                    for item in items.iter_mut().rev() {
                        if let Some(t) = strip_mark(&item.text, number) {
                            item.text = t;
                            item.footnote_refs.push(number);
                            footnote_refs.push(number);
                            return true;
                        }
                    }
                }
                Event::Block(Block::Table { table, .. }) => {
                    if let Some(t) = self.tables.get_mut(*table) {
                        let cells = t.header.iter_mut().chain(t.rows.iter_mut().flatten());
                        for cell in cells {
                            if let Some(s) = strip_mark(cell, number) {
                                *cell = s;
                                t.footnote_refs.push(number);
                                return true;
                            }
                        }
                    }
                }
            }
        }
        false
    }
}

/// Digits (one to three) glued to the letter (or opening quote or
/// bracket) after them at the start of `text`: the number and the rest.
fn glued_number(text: &str) -> Option<(u32, &str)> {
    let digits = text.chars().take_while(char::is_ascii_digit).count();
    let rest = &text[digits..];
    let glued = rest
        .chars()
        .next()
        .is_some_and(|c| c.is_alphabetic() || "‘“'\"(".contains(c));
    if digits == 0 || digits > 3 || !glued {
        return None;
    }
    Some((text[..digits].parse().ok()?, rest))
}

/// A number at the very end of `text` (white space aside) glued to what is
/// before it: the number and where it starts.
pub(super) fn trailing_number(text: &str) -> Option<(u32, usize)> {
    let trimmed = text.trim_end();
    let digits = trimmed
        .chars()
        .rev()
        .take_while(char::is_ascii_digit)
        .count();
    if digits == 0 || digits > 3 {
        return None;
    }
    let at = trimmed.len() - digits;
    let before = trimmed[..at].chars().next_back()?;
    if before.is_whitespace() || before.is_ascii_digit() {
        return None;
    }
    trimmed[at..].parse().ok().map(|n| (n, at))
}

/// Take the reference mark `number` out of `text`: the last place where
/// the number is glued to the end of a word ("people1 ", "area2", "Act.3")
/// and not part of a bigger number. `None` when there is no such mark.
fn strip_mark(text: &str, number: u32) -> Option<String> {
    let digits = number.to_string();
    let mut search_end = text.len();
    while let Some(at) = text[..search_end].rfind(&digits) {
        search_end = at;
        let end = at + digits.len();
        let before = text[..at].chars().next_back();
        let after = text[end..].chars().next();
        let glued = match before {
            Some(c) if c.is_alphabetic() => true,
            Some(c) if ")’'\"”?!".contains(c) => true,
            Some('.' | ',' | ';' | ':') => text[..at]
                .chars()
                .rev()
                .nth(1)
                .is_some_and(|c| c.is_alphabetic()),
            _ => false,
        };
        let ends = match after {
            None => true,
            Some(c) => c.is_whitespace() || ",.;:)".contains(c),
        };
        if glued && ends {
            let mut out = String::with_capacity(text.len());
            out.push_str(&text[..at]);
            out.push_str(&text[end..]);
            return Some(collapse(&out));
        }
    }
    None
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn marks() {
        assert_eq!(
            strip_mark("young people1 until", 1).as_deref(),
            Some("young people until")
        );
        assert_eq!(strip_mark("this area2", 2).as_deref(), Some("this area"));
        assert_eq!(strip_mark("Act 2006.1", 1), None);
        assert_eq!(strip_mark("aged 12 or over", 1), None);
        assert_eq!(strip_mark("in 2021, when", 1), None);
        assert_eq!(trailing_number("improve?1"), Some((1, 8)));
        assert_eq!(trailing_number("page 1"), None);
    }
}
