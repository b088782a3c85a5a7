//! Stage 4b — the record's elements → where they are printed.
//!
//! In: the built [`Record`], the extracted [`Document`] and the
//! [`Layout`] the structure stage made of it (both paths lay the document
//! out). Out: the same record with a box on every heading, paragraph,
//! list and list item, table, footnote and reference mark, judgment and
//! finding (`bbox`, and `boxes` for an element printed in several parts —
//! over a column break or a page turn).
//!
//! How: the layout's lines are folded into one text ([`index`]); each
//! element's text, folded the same way, is found in it starting on the
//! element's page, piece by piece so that an element interrupted by notes
//! or running heads is still found whole; the lines that hold it give its
//! box, one per page and column. Headings and blocks are looked for in
//! document order, each after the one before on its page. A footnote's
//! marks are the small raised numbers ([`marks`]) printed inside the boxes
//! of the elements that cite it. An element whose text is not found keeps
//! no box.
//!
//! On the tag path most elements come with their boxes already: the
//! union of the boxes of their marked content
//! ([`crate::extract::region`]), set by [`crate::parse::tagged`] —
//! headings, paragraphs, lists and their items, tables and footnotes.
//! Those are kept as they are (and still give the marks they hold); text
//! matching fills in the rest: elements the tree's marked content did not
//! place, what the layout path read of pages the tree misses, and the
//! judgments and findings, which are assembled from parts of the text
//! after parsing.

pub mod cells;
pub mod index;
pub mod marks;
pub mod rotate;

use crate::extract::Document;
use crate::layout::Layout;
use crate::record::{BBox, Block, Finding, PageBox, Record, Section, Table};
use index::{Index, Rect, union};
use marks::Mark;
use std::collections::BTreeMap;

/// Fill in the boxes of `record`'s elements.
pub fn place(record: &mut Record, doc: &Document, layout: &Layout) {
    let index = Index::new(&layout.pages);
    let mut placer = Placer {
        index: &index,
        cursor: None,
        citers: Vec::new(),
        table_cursor: 0,
    };
    for block in &mut record.preamble {
        placer.block(block);
    }
    for section in &mut record.sections {
        placer.section(section);
    }
    for block in &mut record.back_matter {
        placer.block(block);
    }
    for table in &mut record.tables {
        let matched = table.bbox.is_none();
        placer.table(table);
        cells::place(&index, table, matched);
    }
    for note in &mut record.footnotes {
        note_boxes(&index, note);
    }
    for judgment in &mut record.judgments {
        if let Some((ids, _)) = index.find_text(&judgment.evidence, judgment.page, None) {
            judgment.bbox = parts(&index, &ids).first().map(|p| p.bbox);
        } else {
            judgment.bbox = table_row(&index, &judgment.evidence, judgment.page);
        }
    }
    for finding in record.findings.iter_mut() {
        finding_boxes(&index, finding);
    }
    let citers = std::mem::take(&mut placer.citers);
    link_marks(record, doc, &citers);
    rotate::to_displayed(record, doc);
}

/// Walks the record's elements in document order, finding each after the
/// one before.
struct Placer<'a> {
    index: &'a Index,
    /// Just past the last element found.
    cursor: Option<usize>,
    /// The parts of every element that cites footnotes, with the numbers.
    citers: Vec<(Vec<PageBox>, Vec<u32>)>,
    /// Just past the last table's last cell found.
    table_cursor: usize,
}

impl Placer<'_> {
    /// The parts of `text` starting on `page`, the cursor moved past it.
    fn find(&mut self, text: &str, page: u32) -> Option<Vec<PageBox>> {
        let (ids, end) = self.index.find_text(text, page, self.cursor)?;
        self.cursor = Some(end);
        Some(parts(self.index, &ids))
    }

    fn cites(&mut self, parts: &[PageBox], refs: &[u32]) {
        if !refs.is_empty() && !parts.is_empty() {
            self.citers.push((parts.to_vec(), refs.to_vec()));
        }
    }

    fn section(&mut self, section: &mut Section) {
        if let Some(parts) = preset(section.bbox, &section.boxes, section.page) {
            self.cites(&parts, &section.footnote_refs);
        } else if let Some(parts) = self.find(&section.heading, section.page) {
            (section.bbox, section.boxes) = split(&parts);
            self.cites(&parts, &section.footnote_refs);
        }
        for block in &mut section.blocks {
            self.block(block);
        }
        for sub in &mut section.sections {
            self.section(sub);
        }
    }

    fn block(&mut self, block: &mut Block) {
        match block {
            Block::Paragraph {
                text,
                page,
                footnote_refs,
                bbox,
                boxes,
                ..
            } => {
                if let Some(parts) = preset(*bbox, boxes, *page) {
                    self.cites(&parts, footnote_refs);
                } else if let Some(parts) = self.find(text, *page) {
                    (*bbox, *boxes) = split(&parts);
                    self.cites(&parts, footnote_refs);
                }
            }
            Block::List {
                items,
                page,
                pages,
                footnote_refs,
                bbox,
                boxes,
                ..
            } => {
                if let Some(parts) = preset(*bbox, boxes, *page) {
                    self.preset_items(items, *page);
                    self.cites(&parts, footnote_refs);
                    return;
                }
                let last = pages.last().copied().unwrap_or(*page).max(*page);
                let mut at = *page;
                let mut all: Vec<PageBox> = Vec::new();
                for item in items.iter_mut() {
                    let found = (at..=last.max(at + 1)).find_map(|p| self.find(&item.text, p));
                    let Some(parts) = found else { continue };
                    at = parts[0].page;
                    item.page = Some(at);
                    (item.bbox, item.boxes) = split(&parts);
                    self.cites(&parts, &item.footnote_refs);
                    for part in parts {
                        match all
                            .iter_mut()
                            .find(|a| a.page == part.page && same_column(a.bbox, part.bbox))
                        {
                            Some(a) => a.bbox = round(union(a.bbox, part.bbox)),
                            None => all.push(part),
                        }
                    }
                }
                (*bbox, *boxes) = split(&all);
                self.cites(&all, footnote_refs);
            }
            Block::Table { .. } => {}
        }
    }

    /// The items of a list placed from its marked content: each keeps
    /// its boxes; one without (its text had no marked content) is found
    /// by its text on the list's pages.
    fn preset_items(&mut self, items: &mut [crate::record::ListItem], page: u32) {
        let mut at = page;
        for item in items.iter_mut() {
            let start = item.page.unwrap_or(at);
            let parts = match preset(item.bbox, &item.boxes, start) {
                Some(parts) => parts,
                None => {
                    let Some(parts) = (at..=at + 1).find_map(|p| self.find(&item.text, p)) else {
                        continue;
                    };
                    item.page = Some(parts[0].page);
                    (item.bbox, item.boxes) = split(&parts);
                    parts
                }
            };
            at = parts[0].page;
            self.cites(&parts, &item.footnote_refs);
        }
    }

    /// A table: its cells found one after another on its pages; on each
    /// page, the run of lines holding most of them.
    fn table(&mut self, table: &mut Table) {
        if let Some(parts) = preset(table.bbox, &table.boxes, table.page) {
            self.cites(&parts, &table.footnote_refs);
            return;
        }
        let index = self.index;
        let last = table.pages.last().copied().unwrap_or(table.page).max(table.page);
        let start = index.page_start(table.page);
        let end = index.page_start(last + 1);
        // After the table before when it is on the same page, after the
        // caption when there is one.
        let mut first = if self.table_cursor > start && self.table_cursor < end {
            self.table_cursor
        } else {
            start
        };
        if let Some(caption) = &table.caption
            && let Some((_, after)) = index.find_between(caption, first, end)
        {
            first = after;
        }
        let mut cursor = first;
        let mut ids: Vec<u32> = Vec::new();
        let cells = table.header.iter().chain(table.rows.iter().flatten());
        for cell in cells {
            if index::fold(cell).len() < 3 {
                continue;
            }
            let found = index
                .find_between(cell, cursor, end)
                .or_else(|| index.find_between(cell, first, end));
            if let Some((found, after)) = found {
                cursor = after;
                ids.extend(found);
            }
        }
        let mut by_page: BTreeMap<u32, Vec<u32>> = BTreeMap::new();
        for id in ids {
            by_page.entry(index.line(id).page).or_default().push(id);
        }
        let mut parts: Vec<PageBox> = Vec::new();
        for (page, mut ids) in by_page {
            ids.sort_unstable();
            ids.dedup();
            let mut runs: Vec<Vec<u32>> = Vec::new();
            for id in ids {
                match runs.last_mut() {
                    Some(run) if run.last().is_some_and(|&l| id <= l + 3) => run.push(id),
                    _ => runs.push(vec![id]),
                }
            }
            let Some(run) = runs.into_iter().max_by_key(|r| r.len()) else {
                continue;
            };
            let rect = run
                .iter()
                .map(|&id| index.line(id).rect)
                .reduce(union)
                .unwrap_or_default();
            parts.push(PageBox {
                page,
                bbox: round(rect),
            });
        }
        self.table_cursor = cursor;
        (table.bbox, table.boxes) = split(&parts);
        self.cites(&parts, &table.footnote_refs);
    }
}

/// A footnote's box, unless its marked content gave it one: its body
/// found from its page on, one box per page and column it is printed on
/// (a note that goes on at the foot of the next page has two).
fn note_boxes(index: &Index, note: &mut crate::record::Footnote) {
    if note.bbox.is_some() {
        return;
    }
    if let Some((ids, _)) = index.find_text(&note.text, note.page, None) {
        (note.bbox, note.boxes) = split(&parts(index, &ids));
    }
}

/// The box of evidence read from a table row, its cells joined by " | "
/// in an order of the reader's (the grade first): the longest cell found
/// on the page, and the other cells found close beside it, one box over
/// all of them on that page.
fn table_row(index: &Index, evidence: &str, page: u32) -> Option<BBox> {
    let cells: Vec<&str> = evidence.split(" | ").collect();
    if cells.len() < 2 {
        return None;
    }
    let longest = *cells.iter().max_by_key(|c| index::fold(c).len())?;
    let (mut ids, end) = index.find_text(longest, page, None)?;
    let start = end.saturating_sub(index::fold(longest).len());
    for cell in cells.iter().filter(|&&c| c != longest) {
        if let Some((more, _)) = index.find_between(cell, start.saturating_sub(NEAR), end + NEAR) {
            ids.extend(more);
        }
    }
    ids.iter()
        .map(|&id| index.line(id))
        .filter(|l| l.page == page)
        .map(|l| l.rect)
        .reduce(union)
        .map(round)
}

/// How far (folded characters) from a row's longest cell its other cells
/// are looked for.
const NEAR: usize = 80;

/// A finding's box on each page it appears on.
fn finding_boxes(index: &Index, finding: &mut Finding) {
    let text = match &finding.title {
        Some(title) => format!("{title} {}", finding.text),
        None => finding.text.clone(),
    };
    let mut pages = finding.pages.clone();
    if !pages.contains(&finding.page) {
        pages.insert(0, finding.page);
    }
    let mut all: Vec<PageBox> = Vec::new();
    for page in pages {
        if let Some((ids, _)) = index.find_text(&text, page, None) {
            all.extend(parts(index, &ids));
        }
    }
    finding.bbox = all
        .iter()
        .find(|p| p.page == finding.page)
        .or(all.first())
        .map(|p| p.bbox);
    if all.len() > 1 {
        finding.boxes = all;
    }
}

/// Each footnote's marks: the marks printed inside the boxes of the
/// elements citing it. A number cited where numbering restarts belongs to
/// the note of that number printed next at or after the mark.
fn link_marks(record: &mut Record, doc: &Document, citers: &[(Vec<PageBox>, Vec<u32>)]) {
    if record.footnotes.is_empty() {
        return;
    }
    let mut by_page: BTreeMap<u32, Vec<Mark>> = BTreeMap::new();
    for (parts, refs) in citers {
        for part in parts {
            let marks = by_page.entry(part.page).or_insert_with(|| {
                doc.pages
                    .iter()
                    .find(|p| p.number == part.page)
                    .map(marks::marks)
                    .unwrap_or_default()
            });
            for mark in marks.iter() {
                if !holds(part.bbox, mark.rect) {
                    continue;
                }
                for &n in mark.numbers.iter().filter(|n| refs.contains(n)) {
                    let note = record
                        .footnotes
                        .iter()
                        .enumerate()
                        .filter(|(_, f)| f.number == n)
                        .min_by_key(|(_, f)| {
                            if f.page >= mark.page {
                                (0, f.page - mark.page)
                            } else {
                                (1, mark.page - f.page)
                            }
                        })
                        .map(|(i, _)| i);
                    let Some(i) = note else { continue };
                    let found = PageBox {
                        page: mark.page,
                        bbox: round(mark.rect),
                    };
                    if !record.footnotes[i].marks.contains(&found) {
                        record.footnotes[i].marks.push(found);
                    }
                }
            }
        }
    }
    for note in &mut record.footnotes {
        note.marks.sort_by(|a, b| {
            (a.page, a.bbox[1], a.bbox[0])
                .partial_cmp(&(b.page, b.bbox[1], b.bbox[0]))
                .unwrap_or(std::cmp::Ordering::Equal)
        });
    }
}

/// Does `outer` (with a little room: marks stand above the line) hold the
/// centre of `inner`?
fn holds(outer: BBox, inner: Rect) -> bool {
    let (cx, cy) = ((inner[0] + inner[2]) / 2.0, (inner[1] + inner[3]) / 2.0);
    cx >= outer[0] - 2.0 && cx <= outer[2] + 2.0 && cy >= outer[1] - 4.0 && cy <= outer[3] + 2.0
}

/// Two boxes of one column: they overlap across.
fn same_column(a: BBox, b: BBox) -> bool {
    a[0] < b[2] && b[0] < a[2]
}

/// Lines → parts: one box per page and column, in the order met.
fn parts(index: &Index, ids: &[u32]) -> Vec<PageBox> {
    let mut out: Vec<(u32, u8, Rect)> = Vec::new();
    for &id in ids {
        let line = index.line(id);
        match out
            .iter_mut()
            .find(|(p, c, _)| *p == line.page && *c == line.column)
        {
            Some((_, _, rect)) => *rect = union(*rect, line.rect),
            None => out.push((line.page, line.column, line.rect)),
        }
    }
    out.into_iter()
        .map(|(page, _, rect)| PageBox {
            page,
            bbox: round(rect),
        })
        .collect()
}

/// The parts of an element that came with its box (from its marked
/// content, on the tag path): `boxes` when it lists them, else `bbox` on
/// `page`.
fn preset(bbox: Option<BBox>, boxes: &[PageBox], page: u32) -> Option<Vec<PageBox>> {
    let first = bbox?;
    if boxes.is_empty() {
        Some(vec![PageBox { page, bbox: first }])
    } else {
        Some(boxes.to_vec())
    }
}

/// The first part's box, and every part when there are several.
fn split(parts: &[PageBox]) -> (Option<BBox>, Vec<PageBox>) {
    let first = parts.first().map(|p| p.bbox);
    let all = if parts.len() > 1 {
        parts.to_vec()
    } else {
        Vec::new()
    };
    (first, all)
}

/// To a tenth of a point, so records stay small and byte-stable.
pub use crate::extract::region::round;

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn boxes_round_to_a_tenth_of_a_point() {
        assert_eq!(round([1.04, 2.06, 3.15, 10.0]), [1.0, 2.1, 3.2, 10.0]);
    }

    #[test]
    fn one_part_gives_a_box_and_no_list() {
        let p = PageBox {
            page: 1,
            bbox: [0.0, 0.0, 1.0, 1.0],
        };
        assert_eq!(split(std::slice::from_ref(&p)), (Some(p.bbox), vec![]));
        let q = PageBox { page: 2, ..p.clone() };
        assert_eq!(split(&[p.clone(), q.clone()]), (Some(p.bbox), vec![p, q]));
    }

    #[test]
    fn a_table_row_read_grade_first_is_found_cell_by_cell() {
        use crate::layout::{Line, PageLines};
        let line = |y: f32, text: &str| Line {
            page: 3,
            text: text.into(),
            x0: 50.0,
            x1: 400.0,
            y,
            size: 10.0,
            ..Line::default()
        };
        let index = Index::new(&[PageLines {
            number: 3,
            lines: vec![
                line(100.0, "The force is good at most things."),
                line(200.0, "Recording crime Outstanding"),
            ],
            ..PageLines::default()
        }]);
        let bbox = table_row(&index, "Outstanding | Recording crime", 3);
        assert_eq!(bbox, Some([50.0, 192.0, 400.0, 202.5]));
        assert_eq!(table_row(&index, "Good | Missing area", 3), None);
    }

    #[test]
    fn a_note_that_goes_on_over_the_page_turn_has_a_box_on_each_page() {
        use crate::layout::{Line, PageLines};
        let line = |page: u32, y: f32, text: &str| Line {
            page,
            text: text.into(),
            x0: 50.0,
            x1: 400.0,
            y,
            size: 8.0,
            ..Line::default()
        };
        let page = |number: u32, lines: Vec<Line>| PageLines {
            number,
            lines,
            ..PageLines::default()
        };
        let index = Index::new(&[
            page(1, vec![line(1, 780.0, "1 The survey asked every force about its")]),
            page(2, vec![line(2, 790.0, "use of stop and search in 2016.")]),
        ]);
        let mut note = crate::record::Footnote {
            number: 1,
            text: "The survey asked every force about its use of stop and search in 2016.".into(),
            page: 1,
            ..Default::default()
        };
        note_boxes(&index, &mut note);
        let pages: Vec<u32> = note.boxes.iter().map(|b| b.page).collect();
        assert_eq!(pages, vec![1, 2]);
        assert_eq!(note.bbox, Some(note.boxes[0].bbox));
        // On one page: a box and no list.
        let mut short = crate::record::Footnote {
            number: 1,
            text: "The survey asked every force about its".into(),
            page: 1,
            ..Default::default()
        };
        note_boxes(&index, &mut short);
        assert!(short.bbox.is_some() && short.boxes.is_empty());
    }

    #[test]
    fn a_mark_raised_above_its_line_is_held_by_the_line_box() {
        let line = [50.0, 92.0, 300.0, 102.5];
        assert!(holds(line, [180.0, 91.7, 183.0, 97.7]));
        assert!(!holds(line, [180.0, 120.0, 183.0, 126.0]));
    }
}
