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

use crate::layout::{Line, PageLines, strip_markers};

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
    /// Each character's extent across (`x0`, `x1`): the engine's span
    /// that printed it, or its whole line when the spans do not spell the
    /// line's text.
    across: Vec<[f32; 2]>,
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
                let rect = line_rect(line);
                index.lines.push(Placed {
                    page: line.page,
                    column: line.column,
                    rect,
                });
                let folded = fold(&line.plain());
                let across = spans_across(line, &folded).unwrap_or_else(|| vec![[rect[0], rect[2]]; folded.len()]);
                index.across.extend(across);
                for c in folded {
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

    /// Find `text` beginning in `from..to`, as [`find_between`](Self::find_between),
    /// and the box of the characters matched on each page: their extents
    /// across (the spans that printed them) over their lines' height, the
    /// pages in order. The offset just past the match comes second.
    pub fn find_boxes(&self, text: &str, from: usize, to: usize) -> Option<(Vec<(u32, Rect)>, usize)> {
        let needle = fold(text);
        if needle.is_empty() {
            return None;
        }
        let ranges = self.find_ranges(&needle, from, to)?;
        let end = ranges.last().map_or(0, |r| r.1);
        let mut parts: Vec<(u32, Rect)> = Vec::new();
        for (s, e) in ranges {
            merge(&mut parts, self.box_of(s, e));
        }
        Some((parts, end))
    }

    /// Find `text` as pieces printed apart: a cell of a table whose text
    /// wraps in its column, its lines read in turn with the other
    /// columns'. Each piece lies on one line. The first piece is the first
    /// run of at least `min_first` of the text's first characters (all of
    /// them when it is shorter) beginning in `from..to` that `accept`
    /// takes; each next piece is the longest run of the characters left
    /// beginning within `reach` of the piece before and printed in the
    /// first piece's column (starting no further left than it, and left of
    /// its right edge). Some when the pieces spell at least four fifths of
    /// the text: the box of the characters matched on each page, and the
    /// offset just past the first piece.
    pub fn find_pieces(
        &self,
        text: &str,
        (from, to): (usize, usize),
        reach: usize,
        accept: &dyn Fn(u32, Rect) -> bool,
    ) -> Option<(Vec<(u32, Rect)>, usize)> {
        const MIN_FIRST: usize = 6;
        const MIN_PIECE: usize = 3;
        const COLUMN_ROOM: f32 = 2.0;
        let needle = fold(text);
        let to = to.min(self.chars.len());
        // A piece is on one line: the next line may hold another column.
        let run = |at: usize, i: usize| -> usize {
            let line = self.owner.get(at).copied();
            self.chars[at..]
                .iter()
                .zip(&self.owner[at..])
                .zip(&needle[i..])
                .take_while(|((a, o), b)| a == b && Some(**o) == line)
                .count()
        };
        let first_len = MIN_FIRST.min(needle.len());
        let (start, len) = (from..to).find_map(|at| {
            let len = run(at, 0);
            if len < first_len {
                return None;
            }
            let &(page, rect) = self.box_of(at, at + len).first()?;
            accept(page, rect).then_some((at, len))
        })?;
        let after_first = start + len;
        let mut ranges = vec![(start, after_first)];
        // The column: where the first piece is printed across. A later
        // piece begins in it, not in the next column.
        let column = self.box_of(start, after_first).first().map(|&(_, r)| r)?;
        let in_column = |p: usize, k: usize| {
            self.box_of(p, p + k)
                .first()
                .is_some_and(|&(_, r)| r[0] >= column[0] - COLUMN_ROOM && r[0] < column[2])
        };
        let (mut i, mut at) = (len, after_first);
        while i < needle.len() {
            let limit = (at + reach).min(self.chars.len());
            let best = (at..limit)
                .map(|p| (p, run(p, i)))
                .filter(|&(p, k)| k > 0 && in_column(p, k))
                .max_by_key(|&(p, k)| (k, std::cmp::Reverse(p)));
            match best {
                Some((p, k)) if k >= MIN_PIECE.min(needle.len() - i) => {
                    ranges.push((p, p + k));
                    i += k;
                    at = p + k;
                }
                _ => break,
            }
        }
        if 5 * i < 4 * needle.len() {
            return None;
        }
        let mut parts: Vec<(u32, Rect)> = Vec::new();
        for (s, e) in ranges {
            merge(&mut parts, self.box_of(s, e));
        }
        Some((parts, after_first))
    }

    /// The box of the characters `s..e` on each page.
    fn box_of(&self, s: usize, e: usize) -> Vec<(u32, Rect)> {
        let mut parts: Vec<(u32, Rect)> = Vec::new();
        for at in s..e.min(self.chars.len()) {
            let line = self.lines[self.owner[at] as usize];
            let [x0, x1] = self.across[at];
            merge(&mut parts, [(line.page, [x0, line.rect[1], x1, line.rect[3]])]);
        }
        parts
    }

    /// [`find_text`](Self::find_text) for folded text whose first piece
    /// begins in `start..start_limit`.
    fn find_from(&self, needle: &[char], start: usize, start_limit: usize) -> Option<(Vec<u32>, usize)> {
        let ranges = self.find_ranges(needle, start, start_limit)?;
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

    /// The ranges of characters that spell folded `needle`, its first piece
    /// beginning in `start..start_limit`.
    fn find_ranges(&self, needle: &[char], start: usize, start_limit: usize) -> Option<Vec<(usize, usize)>> {
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
        best.map(|(_, ranges)| ranges)
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
        fold_char(c, &mut out);
    }
    out
}

/// One character of [`fold`], appended to `out`.
fn fold_char(c: char, out: &mut Vec<char>) {
    if c.is_ascii() {
        if c.is_ascii_alphanumeric() {
            out.push(c.to_ascii_lowercase());
        }
        return;
    }
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
            return;
        }
    };
    out.extend(spelt.chars());
}

/// Add boxes to per-page `parts`: a page already there grows to hold its
/// new box, a new page comes last.
fn merge(parts: &mut Vec<(u32, Rect)>, more: impl IntoIterator<Item = (u32, Rect)>) {
    for (page, rect) in more {
        match parts.iter_mut().find(|(p, _)| *p == page) {
            Some((_, r)) => *r = union(*r, rect),
            None => parts.push((page, rect)),
        }
    }
}

/// Each folded character of `line` (`folded`) with its extent across: its
/// share of the width of the engine's span that printed it, the span's
/// characters (spaces included) taken as equally wide. `None` when the
/// spans do not spell the line's text character for character.
fn spans_across(line: &Line, folded: &[char]) -> Option<Vec<[f32; 2]>> {
    let mut out = Vec::with_capacity(folded.len());
    let mut spelt = Vec::with_capacity(folded.len());
    for piece in &line.pieces {
        let text = strip_markers(&piece.text);
        let n = text.chars().count().max(1) as f32;
        let share = (piece.x1 - piece.x0) / n;
        for (k, c) in text.chars().enumerate() {
            let x = piece.x0 + share * k as f32;
            let before = spelt.len();
            fold_char(c, &mut spelt);
            out.extend(std::iter::repeat_n([x, x + share], spelt.len() - before));
        }
    }
    (spelt == folded).then_some(out)
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

    /// A line of two cells printed by two spans: `left` at 50–150 and
    /// `right` at 200–300.
    fn two_cells(y: f32, left: &str, right: &str) -> Line {
        let piece = |x0: f32, x1: f32, text: &str| crate::layout::Cell {
            x0,
            x1,
            text: text.into(),
        };
        Line {
            pieces: vec![piece(50.0, 150.0, left), piece(200.0, 300.0, right)],
            ..line(1, y, &format!("{left} {right}"))
        }
    }

    #[test]
    fn a_wrapped_cell_is_found_in_its_column_piece_by_piece() {
        // Two wrapped cells side by side, their lines read in turn.
        let index = Index::new(&[page(
            1,
            vec![
                two_cells(100.0, "The impact of leaders", "Requires improvement"),
                two_cells(112.0, "on practice", "to be good"),
            ],
        )]);
        let anywhere = |_: u32, _: Rect| true;
        let (left, after) = index
            .find_pieces("The impact of leaders on practice", (0, 200), 400, &anywhere)
            .expect("left cell");
        assert_eq!(left.len(), 1);
        let [x0, top, x1, bottom] = left[0].1;
        assert!(x0 >= 49.9 && x1 <= 150.1, "left column only: {x0}..{x1}");
        assert!(top < 100.0 && bottom > 112.0, "both lines: {top}..{bottom}");
        // The next cell is looked for after the first line's piece.
        let (right, _) = index
            .find_pieces("Requires improvement to be good", (after, 200), 400, &anywhere)
            .expect("right cell");
        let [x0, _, x1, _] = right[0].1;
        assert!(x0 >= 199.9 && x1 <= 300.1, "right column only: {x0}..{x1}");
        // Text printed nowhere is not found, and the first piece must be
        // where `accept` says.
        assert!(index.find_pieces("Outstanding", (0, 200), 400, &anywhere).is_none());
        let nowhere = |_: u32, _: Rect| false;
        assert!(index.find_pieces("The impact of leaders", (0, 200), 400, &nowhere).is_none());
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
