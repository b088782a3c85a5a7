//! The laid-out lines as one folded text, and the matcher that finds an
//! element's text in it.
//!
//! In: the layout's pages of lines. Out: an [`Index`] — every line's text
//! folded to lower-case letters and digits, concatenated in reading order
//! over the whole document, each character knowing its line — and
//! [`Index::find_text`], which finds a text in it from a page on and says
//! which lines hold it.
//!
//! Folding drops spaces, punctuation and hyphens, so a word hyphenated over
//! a line end reads the same as the joined word, and the record's text
//! (lines joined, hyphenation undone) is found in the printed lines as
//! they are. Footnote marks that the layout recognised are left out of the
//! lines' text; digits that one side kept and the other did not (a mark
//! only the tag tree knew) are skipped by the matcher, a few at a time.

use crate::layout::{Line, PageLines};

/// A box in points from the page's top-left corner: left, top, right,
/// bottom.
pub type Rect = [f32; 4];

/// One laid-out line: where it is.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Placed {
    /// 1-based page.
    pub page: u32,
    /// Column of the line (0 full width or left, 1 right).
    pub column: u8,
    /// Its box.
    pub rect: Rect,
}

/// The whole document's lines, folded, in reading order.
#[derive(Debug, Clone, Default)]
pub struct Index {
    /// Folded characters of every line in turn.
    chars: Vec<char>,
    /// The line each character belongs to.
    owner: Vec<u32>,
    /// The lines.
    lines: Vec<Placed>,
    /// `(page, offset of its first character)`, pages in order; a page
    /// without lines starts where the next one does.
    starts: Vec<(u32, usize)>,
}

/// Characters in one piece of a long text: long enough to be found in one
/// place only, short enough that a piece rarely straddles a break (a
/// footnote block at a page's foot, a running head) in the middle of the
/// element's text.
const CHUNK: usize = 32;

/// How far past the end of the last matched piece the next is looked for:
/// over a page's foot (footnotes, furniture) and the next page's head.
const REACH: usize = 4000;

/// How many places of its first piece a text is tried from.
const ANCHORS: usize = 8;

impl Index {
    /// Index the lines of `pages`.
    pub fn new(pages: &[PageLines]) -> Self {
        let mut index = Index::default();
        for page in pages {
            index.starts.push((page.number, index.chars.len()));
            for line in &page.lines {
                let id = index.lines.len() as u32;
                index.lines.push(Placed {
                    page: line.page,
                    column: line.column,
                    rect: line_rect(line),
                });
                for c in fold(&line.plain()) {
                    index.chars.push(c);
                    index.owner.push(id);
                }
            }
        }
        index
    }

    /// Line `id`.
    pub fn line(&self, id: u32) -> Placed {
        self.lines[id as usize]
    }

    /// Offset of `page`'s first character (the end of the text for a page
    /// after the last).
    pub fn page_start(&self, page: u32) -> usize {
        self.starts
            .iter()
            .find(|&&(p, _)| p >= page)
            .map_or(self.chars.len(), |&(_, at)| at)
    }

    /// The page of the character at `at`.
    pub fn page_at(&self, at: usize) -> Option<u32> {
        self.owner.get(at).map(|&id| self.lines[id as usize].page)
    }

    /// Find `text` starting on `page` (at `from` or later when `from` is
    /// on that page, else anywhere on it): the ids of the lines holding
    /// it, in order, and the offset just past the match. A long text is
    /// found piece by piece, each piece after the one before, so an
    /// element that runs over a column or page break (with notes and
    /// running heads between its parts) is still found whole.
    pub fn find_text(&self, text: &str, page: u32, from: Option<usize>) -> Option<(Vec<u32>, usize)> {
        let needle = fold(text);
        if needle.is_empty() {
            return None;
        }
        let page_start = self.page_start(page);
        let page_end = self.page_start(page + 1);
        let starts: Vec<usize> = match from {
            Some(f) if f > page_start && f < page_end => vec![f, page_start],
            _ => vec![page_start],
        };
        for start in starts {
            if let Some(found) = self.find_from(&needle, start, page_end) {
                return Some(found);
            }
        }
        None
    }

    /// Find `text` with its first piece beginning in `from..to`: as
    /// [`find_text`](Self::find_text), for a range rather than a page.
    pub fn find_between(&self, text: &str, from: usize, to: usize) -> Option<(Vec<u32>, usize)> {
        let needle = fold(text);
        if needle.is_empty() {
            return None;
        }
        self.find_from(&needle, from, to)
    }

    /// [`find_text`](Self::find_text) for folded text whose first piece
    /// begins in `start..start_limit`.
    fn find_from(&self, needle: &[char], start: usize, start_limit: usize) -> Option<(Vec<u32>, usize)> {
        let pieces: Vec<&[char]> = if needle.len() <= CHUNK + CHUNK / 2 {
            vec![needle]
        } else {
            needle.chunks(CHUNK).collect()
        };
        // The first piece that is found on the page anchors the rest; the
        // pieces before it are given up (they straddled something). Of
        // the places the anchor is found, the one the rest follows most
        // closely wins: two notes that begin alike are told apart by how
        // they go on.
        let mut best: Option<(i64, Vec<(usize, usize)>)> = None;
        for (k, piece) in pieces.iter().enumerate().take(4) {
            if piece.len() < 6 && k > 0 {
                break;
            }
            let mut from = start;
            for _ in 0..ANCHORS {
                let Some(anchor) = self.search(piece, from, start_limit) else {
                    break;
                };
                from = anchor.0 + 1;
                let (ranges, found) = self.follow(anchor, piece.len(), &pieces[k + 1..]);
                // Characters of the text found, less the gaps between the
                // pieces and the digits skipped inside them.
                let spread: usize = ranges.iter().map(|(s, e)| e - s).sum();
                let gaps: usize = ranges.windows(2).map(|w| w[1].0 - w[0].1).sum();
                let score = 4 * found as i64 - gaps as i64 - (spread - found) as i64;
                if best.as_ref().is_none_or(|(b, _)| score > *b) {
                    best = Some((score, ranges));
                }
            }
            if best.is_some() {
                break;
            }
        }
        let (_, ranges) = best?;
        let end = ranges.last().map_or(0, |r| r.1);
        let mut ids: Vec<u32> = Vec::new();
        for (s, e) in ranges {
            for &id in &self.owner[s..e] {
                if ids.last() != Some(&id) && !ids.contains(&id) {
                    ids.push(id);
                }
            }
        }
        Some((ids, end))
    }

    /// From an anchor on, each piece found after the one before: the
    /// matched ranges, the anchor's first.
    /// The number of the text's characters found comes second.
    fn follow(
        &self,
        anchor: (usize, usize),
        anchor_len: usize,
        pieces: &[&[char]],
    ) -> (Vec<(usize, usize)>, usize) {
        let mut ranges = vec![anchor];
        let mut found = anchor_len;
        let mut end = anchor.1;
        for piece in pieces {
            let limit = end + REACH;
            if let Some(r) = self.search(piece, end, limit) {
                end = r.1;
                ranges.push(r);
                found += piece.len();
                continue;
            }
            // Split over a break: each half on its own.
            let (a, b) = piece.split_at(piece.len() / 2);
            for half in [a, b] {
                if half.len() < 6 {
                    continue;
                }
                if let Some(r) = self.search(half, end, limit) {
                    end = r.1;
                    ranges.push(r);
                    found += half.len();
                }
            }
        }
        (ranges, found)
    }

    /// The first match of `needle` starting in `from..start_limit`:
    /// `(start, end)` offsets.
    fn search(&self, needle: &[char], from: usize, start_limit: usize) -> Option<(usize, usize)> {
        let first = *needle.first()?;
        let limit = start_limit.min(self.chars.len());
        (from..limit)
            .filter(|&at| self.chars[at] == first)
            .find_map(|at| matches_at(&self.chars, at, needle).map(|end| (at, end)))
    }
}

/// Does `needle` match `hay` from `at`? The end offset when it does. A
/// digit on either side that the other lacks is skipped, one for every
/// twelve characters of `needle` (a footnote mark one reading kept in the
/// text and the other lifted out).
pub fn matches_at(hay: &[char], at: usize, needle: &[char]) -> Option<usize> {
    // A short text (a number in a table cell) must match exactly.
    let budget = needle.len() / 12;
    let (mut i, mut j, mut skipped) = (0, at, 0);
    while i < needle.len() {
        let h = *hay.get(j)?;
        if h == needle[i] {
            i += 1;
            j += 1;
        } else if skipped < budget && h.is_ascii_digit() && i > 0 {
            j += 1;
            skipped += 1;
        } else if skipped < budget && needle[i].is_ascii_digit() && i > 0 {
            i += 1;
            skipped += 1;
        } else {
            return None;
        }
    }
    Some(j)
}

/// Lower-case letters and digits of `text`, ligatures spelt out.
pub fn fold(text: &str) -> Vec<char> {
    let mut out = Vec::with_capacity(text.len());
    for c in text.chars() {
        let spelt = match c {
            'ﬀ' => "ff",
            'ﬁ' => "fi",
            'ﬂ' => "fl",
            'ﬃ' => "ffi",
            'ﬄ' => "ffl",
            'ﬅ' | 'ﬆ' => "st",
            'æ' | 'Æ' => "ae",
            'œ' | 'Œ' => "oe",
            _ => {
                out.extend(c.to_lowercase().filter(|l| l.is_alphanumeric()));
                continue;
            }
        };
        out.extend(spelt.chars());
    }
    out
}

/// A line's box: its extent across, and from its ascenders to its
/// descenders around the baseline.
pub fn line_rect(line: &Line) -> Rect {
    [
        line.x0,
        line.y - ASCENT * line.size,
        line.x1,
        line.y + DESCENT * line.size,
    ]
}

/// A line's height above and depth below its baseline, in ems: the
/// measure the tag path gives marked content too.
pub use crate::extract::region::{ASCENT, DESCENT};

/// The smallest box holding both.
pub fn union(a: Rect, b: Rect) -> Rect {
    [a[0].min(b[0]), a[1].min(b[1]), a[2].max(b[2]), a[3].max(b[3])]
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::layout::{MARK_CLOSE, MARK_OPEN};

    fn line(page: u32, y: f32, text: &str) -> Line {
        Line {
            page,
            text: text.into(),
            x0: 50.0,
            x1: 300.0,
            y,
            size: 10.0,
            ..Line::default()
        }
    }

    fn page(number: u32, lines: Vec<Line>) -> PageLines {
        PageLines {
            number,
            width: 595.0,
            height: 842.0,
            lines,
            ..PageLines::default()
        }
    }

    #[test]
    fn folding_keeps_lower_case_letters_and_digits_only() {
        let s: String = fold("Well-being, ﬁnal 2021/22 – Café").into_iter().collect();
        assert_eq!(s, "wellbeingfinal202122café");
    }

    #[test]
    fn a_hyphenated_text_is_found_over_its_line_end() {
        let index = Index::new(&[page(
            1,
            vec![
                line(1, 100.0, "Other text first."),
                line(1, 112.0, "The force's inspec-"),
                line(1, 124.0, "tion was thorough."),
            ],
        )]);
        let (ids, _) = index
            .find_text("The force's inspection was thorough.", 1, None)
            .unwrap_or_default();
        assert_eq!(ids, vec![1, 2]);
    }

    #[test]
    fn search_starts_on_the_element_page() {
        let index = Index::new(&[
            page(1, vec![line(1, 100.0, "Contents Introduction")]),
            page(2, vec![line(2, 100.0, "Introduction")]),
        ]);
        let (ids, _) = index.find_text("Introduction", 2, None).unwrap_or_default();
        assert_eq!(ids, vec![1]);
        assert_eq!(index.line(1).page, 2);
        assert!(index.find_text("Missing words", 2, None).is_none());
    }

    #[test]
    fn marks_on_either_side_are_skipped() {
        let index = Index::new(&[page(
            1,
            vec![line(1, 100.0, &format!("Crime fell.{MARK_OPEN}4{MARK_CLOSE} Then 2 rose sharply by 10 in 2016"))],
        )]);
        // The layout lifted the mark out; the record kept it.
        assert!(index.find_text("Crime fell.4 Then", 1, None).is_some());
        // The record lifted it out; the line kept an unrecognised one.
        assert!(index.find_text("Then rose sharply", 1, None).is_some());
        assert!(index.find_text("Then arose sharply", 1, None).is_none());
        // A short number matches as printed or not at all.
        assert!(index.find_text("10.9%", 1, None).is_none());
        assert!(index.find_text("10", 1, None).is_some());
    }

    #[test]
    fn a_paragraph_over_a_page_turn_skips_the_notes_between() {
        let first = "The inspection found that the force understands demand well";
        let second = "and plans its workforce to meet it over the coming years.";
        let index = Index::new(&[
            page(
                1,
                vec![
                    line(1, 700.0, first),
                    line(1, 800.0, "1 A footnote that sits at the foot of the page, between."),
                ],
            ),
            page(2, vec![line(2, 80.0, second), line(2, 100.0, "Next.")]),
        ]);
        let text = format!("{first} {second}");
        let (ids, _) = index.find_text(&text, 1, None).unwrap_or_default();
        assert_eq!(ids, vec![0, 2]);
    }

    #[test]
    fn of_two_notes_that_begin_alike_each_is_found_whole() {
        let a = "Promoting ethical behaviour in organisations, College of Policing, 2015. Available at: example.org/integrity.pdf";
        let b = "Promoting ethical behaviour in organisations, College of Policing, 2015. Available at: example.org/leadership.pdf";
        let index = Index::new(&[page(
            1,
            vec![line(1, 700.0, a), line(1, 712.0, b)],
        )]);
        assert_eq!(index.find_text(a, 1, None).map(|f| f.0), Some(vec![0]));
        assert_eq!(index.find_text(b, 1, None).map(|f| f.0), Some(vec![1]));
    }

    #[test]
    fn a_cursor_on_the_page_finds_the_second_of_two_equal_texts() {
        let index = Index::new(&[page(
            1,
            vec![line(1, 100.0, "Recommendation"), line(1, 200.0, "Recommendation")],
        )]);
        let (ids, end) = index.find_text("Recommendation", 1, None).unwrap_or_default();
        assert_eq!(ids, vec![0]);
        let (ids, _) = index
            .find_text("Recommendation", 1, Some(end))
            .unwrap_or_default();
        assert_eq!(ids, vec![1]);
    }
}
