//! Ruled tables: where drawn vertical and horizontal rules cross to form
//! a grid of at least two columns, the grid is the table.
//!
//! In: a page's rules ([`grids`]); then the body lines and the grid a line
//! lies in ([`from_grid`]). Out: the grids, and the [`Found`] table a grid
//! holds — its vertical rules the column edges, its horizontal rules the
//! row edges, every line of the page inside it belonging to it.

use super::cells;
use super::found::Found;
use crate::layout::{Line, PageLines};
use crate::record::Table;

/// A grid of drawn rules: column edges and row edges.
#[derive(Debug, Clone, PartialEq)]
pub struct Grid {
    /// x of each vertical rule, ascending.
    xs: Vec<f32>,
    /// y of each horizontal rule, ascending (top to bottom).
    ys: Vec<f32>,
}

impl Grid {
    /// The line lies inside the grid.
    pub(super) fn holds(&self, line: &Line) -> bool {
        let (x0, x1) = (self.xs[0], self.xs[self.xs.len() - 1]);
        let (y0, y1) = (self.ys[0], self.ys[self.ys.len() - 1]);
        line.y > y0 && line.y < y1 + 1.0 && line.x0 >= x0 - 2.0 && line.x1 <= x1 + 2.0
    }
}

/// Distinct values, merged within 1.5 pt, ascending.
fn distinct(mut v: Vec<f32>) -> Vec<f32> {
    v.sort_by(f32::total_cmp);
    let mut out: Vec<f32> = Vec::new();
    for x in v {
        if out.last().is_none_or(|&l| x - l > 1.5) {
            out.push(x);
        }
    }
    out
}

/// Grids of rules on a page: vertical rules that share a vertical extent,
/// with horizontal rules across them. At least two columns.
pub fn grids(page: &PageLines) -> Vec<Grid> {
    let verticals: Vec<&crate::extract::Rule> = page
        .rules
        .iter()
        .filter(|r| !r.is_horizontal() && (r.y1 - r.y0).abs() > 4.0)
        .collect();
    let horizontals: Vec<&crate::extract::Rule> =
        page.rules.iter().filter(|r| r.is_horizontal()).collect();
    // Group verticals by overlapping extent.
    let mut groups: Vec<(f32, f32, Vec<f32>)> = Vec::new();
    for v in &verticals {
        let (top, bottom) = (v.y0.min(v.y1), v.y0.max(v.y1));
        match groups
            .iter_mut()
            .find(|g| top < g.1 - 1.0 && bottom > g.0 + 1.0)
        {
            Some(g) => {
                g.0 = g.0.min(top);
                g.1 = g.1.max(bottom);
                g.2.push((v.x0 + v.x1) / 2.0);
            }
            None => groups.push((top, bottom, vec![(v.x0 + v.x1) / 2.0])),
        }
    }
    let mut out = Vec::new();
    for (top, bottom, xs) in groups {
        let xs = distinct(xs);
        if xs.len() < 3 {
            continue;
        }
        let (left, right) = (xs[0], xs[xs.len() - 1]);
        let ys = distinct(
            horizontals
                .iter()
                .filter(|h| {
                    h.y0 >= top - 2.0
                        && h.y0 <= bottom + 2.0
                        && h.x0 <= left + 2.0
                        && h.x1 >= right - 2.0
                })
                .map(|h| h.y0)
                .collect(),
        );
        if ys.len() >= 2 {
            out.push(Grid { xs, ys });
        }
    }
    out
}

/// The table a grid holds, from the body lines starting at `start`.
pub(super) fn from_grid(body: &[&Line], start: usize, grid: &Grid) -> Found {
    let first = body[start];
    let mut end = start;
    while end < body.len() && body[end].page == first.page && grid.holds(body[end]) {
        end += 1;
    }
    // A column split may have read part of the grid later: take every line
    // of the page inside the grid.
    let extra: Vec<usize> = (end..body.len())
        .take_while(|&k| body[k].page == first.page)
        .filter(|&k| grid.holds(body[k]))
        .collect();
    let lines = body[start..end]
        .iter()
        .chain(extra.iter().map(|&k| &body[k]))
        .copied();
    let ncols = grid.xs.len() - 1;
    let nrows = grid.ys.len() - 1;
    let mut rows: Vec<Vec<&Line>> = vec![Vec::new(); nrows];
    for line in lines {
        if let Some(r) = (0..nrows).find(|&r| line.y > grid.ys[r] && line.y <= grid.ys[r + 1] + 1.0)
        {
            rows[r].push(line);
        }
    }
    let column_of = |mid: f32| {
        (0..ncols)
            .find(|&c| mid >= grid.xs[c] && mid < grid.xs[c + 1])
            .unwrap_or(if mid < grid.xs[0] { 0 } else { ncols - 1 })
    };
    let mut refs = Vec::new();
    let mut grid_rows: Vec<Vec<String>> = cells::fill(&rows, ncols, column_of, &mut refs);
    grid_rows.retain(|row| row.iter().any(|c| !c.is_empty()));
    let header = if grid_rows.is_empty() {
        Vec::new()
    } else {
        grid_rows.remove(0)
    };
    let table = Table { footnote_run: 0,
        caption: None,
        page: first.page,
        pages: vec![],
        header,
        rows: grid_rows,
        footnote_refs: refs, bbox: None, boxes: Vec::new(), header_boxes: Vec::new(), cell_boxes: Vec::new(),
    };
    Found {
        start,
        end,
        table,
        columns: ncols,
        extra,
    }
}
