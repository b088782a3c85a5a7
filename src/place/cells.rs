//! A table's cells → where each is printed.
//!
//! In: a table whose own box is already set (from its marked content on
//! the tag path, or by text matching) and the [`Index`] of the laid-out
//! lines. Out: `header_boxes` and `cell_boxes`, one entry per cell.
//!
//! How: the cells are looked for one after another over the table's pages,
//! each after the one before, piece by piece ([`Index::find_pieces`]): a
//! cell that wraps in its column has its lines read in turn with the other
//! columns', so the next cell is looked for after a cell's first line. A
//! cell's first piece counts only where its box lies in the table's box on
//! that page (a grade word such as "Good" is printed in the body text too).
//! A cell's box spans the engine's spans that printed its characters, over
//! their lines' height: its own column, not the whole row. A cell of one or two letters or
//! digits is taken only close after the cell before it, where it cannot
//! be confused with the same digits elsewhere, and the table's box grows
//! to hold it. A cell with no text, or one not found, has no box (`null`).

use super::index::{self, Index, Rect};
use crate::extract::region::round;
use crate::record::{PageBox, Table};

/// How far past the cell before a short cell may begin (folded characters).
const SHORT_REACH: usize = 24;

/// How far past a wrapped cell's piece its next piece may begin (folded
/// characters): past the other columns' text on the same line.
const PIECE_REACH: usize = 400;

/// How far past a cell the next may begin when the table's box is not
/// trusted (folded characters): a row's other cells, a wrapped cell's
/// other lines.
const NEXT_REACH: usize = 600;

/// Room around the table's box a cell's centre may fall in, points.
const ROOM: f32 = 2.0;

/// Where each cell of a table is, row by row: the header's, then the
/// body rows'.
type Found = (Vec<Option<PageBox>>, Vec<Vec<Option<PageBox>>>);

/// Fill in `table`'s header and cell boxes. `matched`: the table's own box
/// came from text matching (the longest run of lines holding its cells),
/// which can miss some of its rows; when the cells found one after another
/// from the top of its pages, each close after the one before, are more
/// than those inside that box, they are taken, and the table's box becomes
/// theirs.
pub fn place(index: &Index, table: &mut Table, matched: bool) {
    let Some(first) = table.bbox else {
        return;
    };
    let parts: Vec<PageBox> = if table.boxes.is_empty() {
        vec![PageBox {
            page: table.page,
            bbox: first,
        }]
    } else {
        table.boxes.clone()
    };
    let last = table.pages.last().copied().unwrap_or(table.page).max(table.page);
    let finder = |parts: &[PageBox], reach: Option<usize>| Finder {
        index,
        parts: parts.to_vec(),
        cursor: index.page_start(table.page),
        end: index.page_start(last + 1),
        reach,
        found: false,
    };
    let (mut header, mut cells) = finder(&parts, None).all(table);
    let mut parts = parts;
    // Whether the table's box is its cells' alone (a new page part for a
    // cell on a page it had none on).
    let mut from_cells = false;
    if matched {
        let pages: Vec<PageBox> = (table.page..=last)
            .map(|page| PageBox {
                page,
                bbox: [f32::MIN, f32::MIN, f32::MAX, f32::MAX],
            })
            .collect();
        let (h, c) = finder(&pages, Some(NEXT_REACH)).all(table);
        if placed(&h, &c) > placed(&header, &cells) {
            (header, cells) = (h, c);
            parts = Vec::new();
            from_cells = true;
        }
    }
    // A short cell is taken outside the table's box (close after the cell
    // before it): the box grows to hold every cell placed.
    for cell in header.iter().chain(cells.iter().flatten()).flatten() {
        match parts.iter_mut().find(|p| p.page == cell.page) {
            Some(part) => part.bbox = round(index::union(part.bbox, cell.bbox)),
            None if from_cells => parts.push(cell.clone()),
            None => {}
        }
    }
    table.bbox = parts.first().map(|p| p.bbox);
    table.boxes = if parts.len() > 1 { parts } else { Vec::new() };
    table.header_boxes = if header.iter().any(Option::is_some) {
        header
    } else {
        Vec::new()
    };
    table.cell_boxes = if cells.iter().flatten().any(Option::is_some) {
        cells
    } else {
        Vec::new()
    };
}

/// How many cells have a box.
fn placed(header: &[Option<PageBox>], cells: &[Vec<Option<PageBox>>]) -> usize {
    header.iter().chain(cells.iter().flatten()).flatten().count()
}

/// Looks for a table's cells in turn.
struct Finder<'a> {
    index: &'a Index,
    /// The table's box on each page.
    parts: Vec<PageBox>,
    /// Just past the last cell found.
    cursor: usize,
    /// The end of the table's last page.
    end: usize,
    /// How far past the cell before the next may begin (folded
    /// characters), once one is found; `None`: anywhere in the table.
    reach: Option<usize>,
    /// A cell has been found.
    found: bool,
}

impl Finder<'_> {
    /// Every cell of `table`: the header's, then each row's.
    fn all(mut self, table: &Table) -> Found {
        let header = table.header.iter().map(|c| self.cell(c)).collect();
        let cells = table
            .rows
            .iter()
            .map(|row| row.iter().map(|c| self.cell(c)).collect())
            .collect();
        (header, cells)
    }

    /// The box of one cell, found after the one before.
    fn cell(&mut self, text: &str) -> Option<PageBox> {
        let n = index::fold(text).len();
        if n == 0 {
            return None;
        }
        if n < 3 {
            // Only right after the cell before: the same digits are
            // printed all over the page.
            let limit = (self.cursor + SHORT_REACH).min(self.end);
            let (found, after) = self.index.find_boxes(text, self.cursor, limit)?;
            return self.take(found.first().copied(), after);
        }
        // Piece by piece: a cell that wraps in its column has its lines
        // read in turn with the other columns', and the next cell is then
        // looked for after its first line.
        let accept = |page: u32, rect: Rect| self.inside(page, rect);
        let to = match self.reach {
            Some(reach) if self.found => (self.cursor + reach).min(self.end),
            _ => self.end,
        };
        let (found, after) = self
            .index
            .find_pieces(text, (self.cursor, to), PIECE_REACH, &accept)?;
        self.take(found.first().copied(), after)
    }

    /// A cell found at `found`, the next looked for from `after`.
    fn take(&mut self, found: Option<(u32, Rect)>, after: usize) -> Option<PageBox> {
        let (page, rect) = found?;
        self.cursor = after;
        self.found = true;
        Some(PageBox {
            page,
            bbox: round(rect),
        })
    }

    /// Is the centre of `rect` inside the table's box on `page`?
    fn inside(&self, page: u32, rect: Rect) -> bool {
        let (cx, cy) = ((rect[0] + rect[2]) / 2.0, (rect[1] + rect[3]) / 2.0);
        self.parts.iter().any(|p| {
            p.page == page
                && cx >= p.bbox[0] - ROOM
                && cx <= p.bbox[2] + ROOM
                && cy >= p.bbox[1] - ROOM
                && cy <= p.bbox[3] + ROOM
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::layout::{Cell, Line, PageLines};

    /// A line of two cells printed by two spans, at 50–150 and 200–300.
    fn row(y: f32, left: &str, right: &str) -> Line {
        let piece = |x0: f32, x1: f32, text: &str| Cell {
            x0,
            x1,
            text: text.into(),
        };
        Line {
            page: 1,
            text: format!("{left} {right}"),
            x0: 50.0,
            x1: 300.0,
            y,
            size: 10.0,
            pieces: vec![piece(50.0, 150.0, left), piece(200.0, 300.0, right)],
            ..Line::default()
        }
    }

    fn grid() -> (Index, Table) {
        let index = Index::new(&[PageLines {
            number: 1,
            lines: vec![
                row(100.0, "Judgement", "Grade"),
                row(120.0, "Overall effectiveness", "Good"),
            ],
            ..PageLines::default()
        }]);
        let table = Table {
            page: 1,
            header: vec!["Judgement".into(), "Grade".into()],
            rows: vec![vec!["Overall effectiveness".into(), "Good".into()]],
            // Text matching boxed the last row only.
            bbox: Some([50.0, 112.0, 300.0, 122.5]),
            ..Table::default()
        };
        (index, table)
    }

    #[test]
    fn cells_outside_a_matched_table_box_are_found_and_the_box_grows() {
        let (index, mut table) = grid();
        place(&index, &mut table, true);
        assert!(table.header_boxes.iter().all(Option::is_some), "{table:?}");
        assert!(table.cell_boxes[0].iter().all(Option::is_some), "{table:?}");
        let bbox = table.bbox.unwrap_or_default();
        assert!(bbox[1] < 100.0 && bbox[3] > 120.0, "{bbox:?}");
        // Each cell in its own column.
        let grade = table.header_boxes[1].as_ref().map(|b| b.bbox[0]);
        assert_eq!(grade, Some(200.0));
    }

    #[test]
    fn a_box_from_marked_content_is_trusted() {
        let (index, mut table) = grid();
        place(&index, &mut table, false);
        assert!(table.header_boxes.is_empty(), "{table:?}");
        assert!(table.cell_boxes[0].iter().all(Option::is_some));
    }
}
