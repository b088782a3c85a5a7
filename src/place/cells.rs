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
//! that page (a grade word such as "Good" is printed in the body text too). A cell's box spans the
//! engine's spans that printed its characters, over their lines' height:
//! its own column, not the whole row. A cell of one or two letters or
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

/// Room around the table's box a cell's centre may fall in, points.
const ROOM: f32 = 2.0;

/// Fill in `table`'s header and cell boxes.
pub fn place(index: &Index, table: &mut Table) {
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
    let mut finder = Finder {
        index,
        parts: &parts,
        cursor: index.page_start(table.page),
        end: index.page_start(last + 1),
    };
    let header: Vec<Option<PageBox>> = table.header.iter().map(|c| finder.cell(c)).collect();
    let cells: Vec<Vec<Option<PageBox>>> = table
        .rows
        .iter()
        .map(|row| row.iter().map(|c| finder.cell(c)).collect())
        .collect();
    // A short cell is taken outside the table's box (close after the cell
    // before it): the box grows to hold every cell placed.
    let mut parts = parts;
    for cell in header.iter().chain(cells.iter().flatten()).flatten() {
        if let Some(part) = parts.iter_mut().find(|p| p.page == cell.page) {
            part.bbox = round(index::union(part.bbox, cell.bbox));
        }
    }
    table.bbox = parts.first().map(|p| p.bbox);
    if !table.boxes.is_empty() {
        table.boxes = parts;
    }
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

/// Looks for a table's cells in turn.
struct Finder<'a> {
    index: &'a Index,
    /// The table's box on each page.
    parts: &'a [PageBox],
    /// Just past the last cell found.
    cursor: usize,
    /// The end of the table's last page.
    end: usize,
}

impl Finder<'_> {
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
        let (found, after) =
            self.index
                .find_pieces(text, (self.cursor, self.end), PIECE_REACH, &accept)?;
        self.take(found.first().copied(), after)
    }

    /// A cell found at `found`, the next looked for from `after`.
    fn take(&mut self, found: Option<(u32, Rect)>, after: usize) -> Option<PageBox> {
        let (page, rect) = found?;
        self.cursor = after;
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
