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
    /// The column edges of each row, where the rows differ (a spanning
    /// row, a column split in some rows only): row `r` lies between
    /// `ys[r]` and `ys[r + 1]` and its cells between consecutive x of
    /// `row_xs[r]`. Empty when every row has the columns `xs`.
    row_xs: Vec<Vec<f32>>,
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

/// Rule ends closer than this (pt) touch: one border drawn in segments.
const TOUCH: f32 = 1.5;

/// The horizontal rules of a page, with collinear segments that touch end
/// to end joined into one (a row border drawn cell by cell).
fn joined_horizontals(rules: &[crate::extract::Rule]) -> Vec<crate::extract::Rule> {
    let mut hs: Vec<crate::extract::Rule> =
        rules.iter().filter(|r| r.is_horizontal()).copied().collect();
    hs.sort_by(|a, b| a.y0.total_cmp(&b.y0).then(a.x0.total_cmp(&b.x0)));
    let mut out: Vec<crate::extract::Rule> = Vec::with_capacity(hs.len());
    for h in hs {
        match out.iter_mut().rev().find(|o| (o.y0 - h.y0).abs() <= 1.0) {
            Some(o) if h.x0 <= o.x1 + TOUCH && h.x1 >= o.x0 - TOUCH => {
                o.x0 = o.x0.min(h.x0);
                o.x1 = o.x1.max(h.x1);
            }
            _ => out.push(h),
        }
    }
    out
}

/// Grids of rules on a page: vertical rules that share a vertical extent,
/// with horizontal rules across them. At least two columns.
///
/// Word draws a table's borders cell by cell: each row's verticals end
/// where the next row's begin, and each row border is one segment per
/// cell. Rows whose verticals touch end to end are one table. When its
/// rows differ (a spanning row, a column split in some rows only), each
/// row keeps the columns its own verticals draw.
pub fn grids(page: &PageLines) -> Vec<Grid> {
    let verticals: Vec<&crate::extract::Rule> = page
        .rules
        .iter()
        .filter(|r| !r.is_horizontal() && (r.y1 - r.y0).abs() > 4.0)
        .collect();
    let horizontals = joined_horizontals(&page.rules);
    // Bands: verticals of overlapping extent (one row, or a whole table
    // drawn with long verticals).
    let mut bands: Vec<(f32, f32, Vec<f32>)> = Vec::new();
    for v in &verticals {
        let (top, bottom) = (v.y0.min(v.y1), v.y0.max(v.y1));
        match bands
            .iter_mut()
            .find(|g| top < g.1 - 1.0 && bottom > g.0 + 1.0)
        {
            Some(g) => {
                g.0 = g.0.min(top);
                g.1 = g.1.max(bottom);
                g.2.push((v.x0 + v.x1) / 2.0);
            }
            None => bands.push((top, bottom, vec![(v.x0 + v.x1) / 2.0])),
        }
    }
    for band in &mut bands {
        band.2 = distinct(std::mem::take(&mut band.2));
    }
    bands.sort_by(|a, b| a.0.total_cmp(&b.0));
    // Tables: bands touching end to end over the same span; a grid only
    // when all their columns agree.
    let same_columns = |a: &[f32], b: &[f32]| {
        a.len() == b.len() && a.iter().zip(b).all(|(x, y)| (x - y).abs() <= TOUCH)
    };
    let mut groups: Vec<Vec<(f32, f32, Vec<f32>)>> = Vec::new();
    for (top, bottom, xs) in bands {
        let touching = groups.last_mut().filter(|g| {
            let (_, last_bottom, last_xs) = &g[g.len() - 1];
            (top - last_bottom).abs() <= TOUCH
                && xs.first().zip(last_xs.first()).is_some_and(|(a, b)| (a - b).abs() <= TOUCH)
                && xs.last().zip(last_xs.last()).is_some_and(|(a, b)| (a - b).abs() <= TOUCH)
        });
        match touching {
            Some(g) => g.push((top, bottom, xs)),
            None => groups.push(vec![(top, bottom, xs)]),
        }
    }
    let mut out = Vec::new();
    for group in groups {
        let regular = group.windows(2).all(|w| same_columns(&w[0].2, &w[1].2));
        let grid = if regular {
            let (top, bottom) = (group[0].0, group[group.len() - 1].1);
            regular_grid(top, bottom, group[0].2.clone(), &horizontals)
        } else {
            irregular_grid(&group, &horizontals)
        };
        out.extend(grid);
    }
    out
}

/// The y of the horizontal rules between `top` and `bottom` that run from
/// `left` to `right`, distinct.
fn borders(horizontals: &[crate::extract::Rule], top: f32, bottom: f32, left: f32, right: f32) -> Vec<f32> {
    distinct(
        horizontals
            .iter()
            .filter(|h| {
                h.y0 >= top - 2.0 && h.y0 <= bottom + 2.0 && h.x0 <= left + 2.0 && h.x1 >= right - 2.0
            })
            .map(|h| h.y0)
            .collect(),
    )
}

/// A table whose rows all have the columns `xs`: its rows are between the
/// horizontal rules that cross it.
fn regular_grid(top: f32, bottom: f32, xs: Vec<f32>, horizontals: &[crate::extract::Rule]) -> Option<Grid> {
    if xs.len() < 3 {
        return None;
    }
    let ys = borders(horizontals, top, bottom, xs[0], xs[xs.len() - 1]);
    (ys.len() >= 2).then_some(Grid { xs, ys, row_xs: Vec::new() })
}

/// A table whose rows differ in columns, drawn row by row (each band of
/// verticals one row, or several split by rules across the band): each
/// row keeps its own column edges. At least two rows of two cells or
/// more, or it is a stack of boxes rather than a table.
fn irregular_grid(group: &[(f32, f32, Vec<f32>)], horizontals: &[crate::extract::Rule]) -> Option<Grid> {
    // Bands touch end to end: a band's top is the bottom of the one above.
    let mut ys: Vec<f32> = vec![group[0].0];
    let mut row_xs: Vec<Vec<f32>> = Vec::new();
    for (top, bottom, xs) in group {
        let (left, right) = (xs[0], xs[xs.len() - 1]);
        let inner = borders(horizontals, *top, *bottom, left, right)
            .into_iter()
            .filter(|y| *y > top + TOUCH && *y < bottom - TOUCH);
        for y in inner.chain(std::iter::once(*bottom)) {
            ys.push(y);
            row_xs.push(xs.clone());
        }
    }
    let wide = row_xs.iter().filter(|xs| xs.len() >= 3).count();
    if wide < 2 {
        return None;
    }
    let xs = distinct(row_xs.iter().flatten().copied().collect());
    Some(Grid { xs, ys, row_xs })
}

/// The column, between the edges `xs`, of a piece centred at `mid`; a
/// piece outside them goes to the nearest column.
fn column_in(xs: &[f32], mid: f32) -> usize {
    let ncols = xs.len() - 1;
    (0..ncols)
        .find(|&c| mid >= xs[c] && mid < xs[c + 1])
        .unwrap_or(if mid < xs[0] { 0 } else { ncols - 1 })
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
    let mut refs = Vec::new();
    let mut grid_rows: Vec<Vec<String>> = if grid.row_xs.is_empty() {
        let inner = &grid.xs[1..ncols];
        cells::fill(&rows, ncols, |mid| column_in(&grid.xs, mid), inner, &mut refs)
    } else {
        rows.iter()
            .zip(&grid.row_xs)
            .map(|(lines, xs)| {
                let inner = &xs[1..xs.len() - 1];
                let filled = cells::fill(std::slice::from_ref(lines), xs.len() - 1, |mid| column_in(xs, mid), inner, &mut refs);
                filled.into_iter().next().unwrap_or_default()
            })
            .collect()
    };
    grid_rows.retain(|row| row.iter().any(|c| !c.is_empty()));
    // A first row narrower than the table (a row spanning it, as a title)
    // heads no columns.
    let widest = grid_rows.iter().map(Vec::len).max().unwrap_or(0);
    let (header, grid_rows) = if grid_rows.first().is_some_and(|r| r.len() < widest) {
        (Vec::new(), grid_rows)
    } else {
        cells::header_and_rows(grid_rows)
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

#[cfg(test)]
mod tests {
    use super::*;
    use crate::extract::Rule;

    fn rule(x0: f32, y0: f32, x1: f32, y1: f32) -> Rule {
        Rule { x0, y0, x1, y1 }
    }

    fn page(rules: Vec<Rule>) -> PageLines {
        PageLines {
            number: 1,
            width: 595.0,
            height: 842.0,
            lines: Vec::new(),
            rules,
            gutter: None,
        }
    }

    /// A table drawn as Word draws it: each row's verticals from its top
    /// border to just above the next row's, each row border one segment
    /// per cell. `columns` are the verticals' x, `rows` the borders' y.
    fn drawn_cell_by_cell(columns: &[&[f32]], rows: &[f32]) -> Vec<Rule> {
        let mut out = Vec::new();
        for (r, pair) in rows.windows(2).enumerate() {
            let xs = columns[r.min(columns.len() - 1)];
            for x in xs {
                out.push(rule(x - 0.25, pair[0] + 0.4, x + 0.25, pair[1]));
            }
            for cell in xs.windows(2) {
                out.push(rule(cell[0] + 0.25, pair[0], cell[1] - 0.25, pair[0] + 0.4));
            }
        }
        let last = rows[rows.len() - 1];
        let xs = columns[columns.len() - 1];
        for cell in xs.windows(2) {
            out.push(rule(cell[0] + 0.25, last, cell[1] - 0.25, last + 0.4));
        }
        out
    }

    #[test]
    fn a_table_drawn_cell_by_cell_is_one_grid_of_all_its_rows() {
        let cols: &[f32] = &[57.0, 283.0, 509.0];
        let rows = [121.5, 136.5, 151.5, 180.9, 210.4, 239.8];
        let found = grids(&page(drawn_cell_by_cell(&[cols], &rows)));
        assert_eq!(found.len(), 1);
        assert_eq!(found[0].xs.len(), 3);
        assert_eq!(found[0].ys.len(), rows.len(), "{:?}", found[0].ys);
    }

    #[test]
    fn a_table_whose_rows_differ_keeps_each_rows_columns() {
        // Ofsted's 2014 judgements box: a spanning first row, then two
        // columns, then three in two rows (an empty cell before the
        // sub-judgements), drawn row by row.
        let spanning: &[f32] = &[65.5, 529.5];
        let two: &[f32] = &[65.5, 404.0, 529.5];
        let three: &[f32] = &[65.5, 120.6, 404.0, 529.5];
        let rows = [254.0, 339.0, 366.0, 393.5, 420.5, 447.5];
        let columns = [spanning, two, two, three, three];
        let found = grids(&page(drawn_cell_by_cell(&columns, &rows)));
        assert_eq!(found.len(), 1);
        let grid = &found[0];
        assert_eq!(grid.xs.len(), 4, "every column edge of any row: {:?}", grid.xs);
        assert_eq!(grid.ys.len(), rows.len(), "{:?}", grid.ys);
        let cells: Vec<usize> = grid.row_xs.iter().map(|xs| xs.len() - 1).collect();
        assert_eq!(cells, [1, 2, 2, 3, 3]);
        // A piece is placed among its own row's columns.
        assert_eq!(column_in(&grid.row_xs[0], 300.0), 0);
        assert_eq!(column_in(&grid.row_xs[3], 300.0), 1);
    }

    #[test]
    fn boxes_stacked_over_one_row_of_columns_are_no_grid() {
        // A one-cell box, a two-cell row, another box: one row of columns
        // is no table.
        let one: &[f32] = &[65.5, 529.5];
        let two: &[f32] = &[65.5, 404.0, 529.5];
        let rows = [100.0, 180.0, 200.0, 280.0];
        assert!(grids(&page(drawn_cell_by_cell(&[one, two, one], &rows))).is_empty());
    }

    #[test]
    fn two_tables_apart_are_two_grids() {
        let cols: &[f32] = &[57.0, 283.0, 509.0];
        let mut rules = drawn_cell_by_cell(&[cols], &[100.0, 120.0, 140.0]);
        rules.extend(drawn_cell_by_cell(&[cols], &[300.0, 320.0, 340.0]));
        assert_eq!(grids(&page(rules)).len(), 2);
    }
}
