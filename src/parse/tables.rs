//! Tables from layout: header and rows of cell strings.
//!
//! - **Ruled tables** come first: where drawn vertical and horizontal rules
//!   cross to form a grid of at least two columns, the grid is the table —
//!   its vertical rules are the column edges, its horizontal rules the row
//!   edges, and every line inside belongs to it (a boxed paragraph, one
//!   cell wide, is not a table).
//! - **Where** (no grid): a table is a run of at least two lines that each break into
//!   several cells at wide gaps, together with the single-run lines between
//!   and after them that sit inside one of the table's columns (wrapped cell
//!   text). The run stops at a line that crosses a column gap, a page turn
//!   or a wide vertical gap (2.6 line pitches; 4 when the line's cells,
//!   the stub aside, start where the last row's cells start).
//! - **Not tables**: a first column of bare list labels ("3.", "(b)", a
//!   bullet) beside running text is a list with a hanging indent.
//! - **Columns**: the vertical white "rivers" no text run of the table
//!   crosses, found from the union of the runs' horizontal extents. Drawn
//!   vertical rules, where there are any, also split columns.
//! - **Rows**: drawn horizontal rules separate rows when the table has
//!   them; otherwise a row starts where the leading opens beyond the
//!   tightest line step of the table (cell padding) or reaches 1.8 em, or
//!   at every line when all steps are equal.
//! - **Header**: the first row. A table that continues at the top of the
//!   next page with the same columns is one table; a repeated header row is
//!   dropped.
//! - Wrapped cell text is joined into one cell; footnote markers in cells
//!   are lifted into the table's `footnote_refs`.

use super::collapse;
use super::text::{lift_markers, list_label};
use crate::layout::{Cell, Line, PageLines};
use crate::record::Table;

/// A table found in the body.
#[derive(Debug, Clone, PartialEq)]
pub struct Found {
    /// Index of its first line in the body.
    pub start: usize,
    /// Index just past its last line.
    pub end: usize,
    /// The table.
    pub table: Table,
    /// Column count.
    columns: usize,
    /// Lines of the table after `end` in reading order (the right half of a
    /// ruled table that a column split read later).
    pub extra: Vec<usize>,
}

/// Find every table in `body` (lines in reading order).
pub fn find(body: &[&Line], pages: &[PageLines], pitch: f32) -> Vec<Found> {
    let mut out: Vec<Found> = Vec::new();
    let grids: Vec<(u32, Grid)> = pages
        .iter()
        .flat_map(|p| grids(p).into_iter().map(move |g| (p.number, g)))
        .collect();
    let mut i = 0;
    while i < body.len() {
        let ruled = grids
            .iter()
            .find(|(page, g)| *page == body[i].page && g.holds(body[i]))
            .map(|(_, g)| g);
        let found = match ruled {
            Some(g) => Some(from_grid(body, i, g)),
            None if body[i].cells.len() >= 2 => grow(body, i, pages, pitch),
            None => None,
        };
        if let Some(found) = found {
            i = found.end;
            match out.last_mut() {
                Some(prev) if continues(prev, &found, body) => merge(prev, found),
                _ => out.push(found),
            }
            continue;
        }
        i += 1;
    }
    out
}

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
    fn holds(&self, line: &Line) -> bool {
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
fn from_grid(body: &[&Line], start: usize, grid: &Grid) -> Found {
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
    let lines: Vec<&Line> = body[start..end]
        .iter()
        .chain(extra.iter().map(|&k| &body[k]))
        .copied()
        .collect();
    let ncols = grid.xs.len() - 1;
    let nrows = grid.ys.len() - 1;
    let mut cells: Vec<Vec<Vec<String>>> = vec![vec![Vec::new(); ncols]; nrows];
    for line in &lines {
        let Some(r) = (0..nrows).find(|&r| line.y > grid.ys[r] && line.y <= grid.ys[r + 1] + 1.0)
        else {
            continue;
        };
        let mut per_col: Vec<Vec<&str>> = vec![Vec::new(); ncols];
        for p in pieces(line) {
            let mid = (p.x0 + p.x1) / 2.0;
            let c = (0..ncols)
                .find(|&c| mid >= grid.xs[c] && mid < grid.xs[c + 1])
                .unwrap_or(if mid < grid.xs[0] { 0 } else { ncols - 1 });
            per_col[c].push(p.text.as_str());
        }
        for (c, parts) in per_col.into_iter().enumerate() {
            if !parts.is_empty() {
                cells[r][c].push(parts.join(" "));
            }
        }
    }
    let mut refs = Vec::new();
    let mut grid_rows: Vec<Vec<String>> = cells
        .into_iter()
        .map(|row| {
            row.into_iter()
                .map(|parts| {
                    let (text, r) =
                        lift_markers(&crate::layout::hyphen::join(&parts, &Default::default()));
                    refs.extend(r);
                    collapse(&text)
                })
                .collect()
        })
        .filter(|row: &Vec<String>| row.iter().any(|c| !c.is_empty()))
        .collect();
    let header = if grid_rows.is_empty() {
        Vec::new()
    } else {
        grid_rows.remove(0)
    };
    let table = Table {
        caption: None,
        page: first.page,
        pages: vec![],
        header,
        rows: grid_rows,
        footnote_refs: refs,
    };
    Found {
        start,
        end,
        table,
        columns: ncols,
        extra,
    }
}

/// The pieces a line's text is made of (spans, or cells when the layout
/// kept no spans).
fn pieces(line: &Line) -> &[Cell] {
    if line.pieces.is_empty() {
        &line.cells
    } else {
        &line.pieces
    }
}

/// Column intervals: merge the x-extents of every piece; gaps left open are
/// the column gaps. `min_gap` is the narrowest gap that separates columns.
fn columns(lines: &[&Line], min_gap: f32) -> Vec<(f32, f32)> {
    let mut spans: Vec<(f32, f32)> = lines
        .iter()
        .flat_map(|l| pieces(l).iter().map(|c| (c.x0, c.x1)))
        .collect();
    spans.sort_by(|a, b| a.0.total_cmp(&b.0));
    let mut cols: Vec<(f32, f32)> = Vec::new();
    for (x0, x1) in spans {
        match cols.last_mut() {
            Some(last) if x0 < last.1 + min_gap => last.1 = last.1.max(x1),
            _ => cols.push((x0, x1)),
        }
    }
    cols
}

/// Grow a table from the multi-cell line at `start`.
fn grow(body: &[&Line], start: usize, pages: &[PageLines], pitch: f32) -> Option<Found> {
    let first_index = start;
    let first = body[start];
    let min_gap = first.size * 0.6;
    let mut end = start + 1;
    let mut multi = 1;
    while let Some(&next) = body.get(end) {
        let prev = body[end - 1];
        let step = next.y - prev.y;
        // A row whose cells start where the last row's cells start carries
        // the table over the taller padding of a table with roomy rows.
        let aligned = body[start..end]
            .iter()
            .rev()
            .find(|l| l.cells.len() >= 2)
            .is_some_and(|last| {
                // The stub (first) cell may be indented for a sub-row.
                last.cells.len() == next.cells.len()
                    && last
                        .cells
                        .iter()
                        .zip(&next.cells)
                        .skip(1)
                        .all(|(a, b)| (a.x0 - b.x0).abs() <= 2.0)
            });
        let reach = if aligned { 4.0 } else { 2.6 };
        if next.page != first.page
            || next.column != first.column
            || step <= 0.0
            || step > pitch * reach
        {
            break;
        }
        let region: Vec<&Line> = body[start..end]
            .iter()
            .filter(|l| l.cells.len() >= 2)
            .copied()
            .collect();
        let cols = columns(&region, min_gap);
        if next.cells.len() >= 2 {
            // Must not merge two of the table's columns into one.
            let mut with = region.clone();
            with.push(next);
            if columns(&with, min_gap).len() + 1 < cols.len() {
                break;
            }
            multi += 1;
        } else {
            // A single run belongs to the table when it sits inside one
            // column and follows closely.
            let inside = cols
                .iter()
                .any(|&(a, b)| next.x0 >= a - 2.0 && next.x1 <= b + min_gap);
            if !inside || cols.len() < 2 || step > pitch * 1.6 {
                break;
            }
        }
        end += 1;
    }
    // Drop trailing single runs that are far from the last multi-cell line.
    while end > start + 1
        && body[end - 1].cells.len() < 2
        && body[end - 1].y - body[end - 2].y > pitch * 1.3
    {
        end -= 1;
    }
    // Header lines above the first multi-cell line: set in the table's
    // size, close above it, every run inside one of the table's columns
    // (a header cell wrapped onto two lines, or set in one run).
    let mut start = start;
    {
        let region: Vec<&Line> = body[start..end]
            .iter()
            .filter(|l| l.cells.len() >= 2)
            .copied()
            .collect();
        let cols = columns(&region, min_gap);
        while start > 0 {
            let above = body[start - 1];
            let below = body[start];
            let step = below.y - above.y;
            // Each run starts in a column and stops short of the next one.
            let fits = pieces(above).iter().all(|p| {
                match cols.iter().rposition(|&(a, _)| p.x0 >= a - 2.0) {
                    Some(k) => cols.get(k + 1).is_none_or(|&(next, _)| p.x1 < next - 1.0),
                    None => false,
                }
            });
            let same_size = (above.size - first.size).abs() < 0.3;
            if above.page != first.page
                || step <= 0.0
                || step > pitch * 1.8
                || !fits
                || !same_size
                || above.cells.len() > cols.len()
            {
                break;
            }
            start -= 1;
        }
    }
    if multi < 2 && !(multi == 1 && start < first_index) {
        return None;
    }
    let first = body[start];
    let lines: Vec<&Line> = body[start..end].to_vec();
    let page = pages.iter().find(|p| p.number == first.page);
    let cols = split_by_rules(columns(&lines, min_gap), page, &lines);
    if cols.len() < 2 {
        return None;
    }
    let rows = rows(&lines, page);
    let mut grid: Vec<Vec<String>> = Vec::new();
    let mut refs: Vec<u32> = Vec::new();
    for row in rows {
        let mut cells: Vec<Vec<String>> = vec![Vec::new(); cols.len()];
        for line in row {
            let mut per_col: Vec<Vec<&str>> = vec![Vec::new(); cols.len()];
            for p in pieces(line) {
                let mid = (p.x0 + p.x1) / 2.0;
                let k = cols
                    .iter()
                    .position(|&(a, b)| mid >= a - 1.0 && mid <= b + 1.0)
                    .unwrap_or_else(|| nearest(&cols, mid));
                per_col[k].push(p.text.as_str());
            }
            for (k, parts) in per_col.into_iter().enumerate() {
                if !parts.is_empty() {
                    cells[k].push(parts.join(" "));
                }
            }
        }
        let texts: Vec<String> = cells
            .into_iter()
            .map(|parts| {
                let (text, r) =
                    lift_markers(&crate::layout::hyphen::join(&parts, &Default::default()));
                refs.extend(r);
                collapse(&text)
            })
            .collect();
        grid.push(texts);
    }
    if hanging_list(&grid) {
        return None;
    }
    let mut grid = grid.into_iter();
    let header = grid.next().unwrap_or_default();
    let table = Table {
        caption: None,
        page: first.page,
        pages: vec![],
        header,
        rows: grid.collect(),
        footnote_refs: refs,
    };
    Some(Found {
        start,
        end,
        table,
        columns: cols.len(),
        extra: vec![],
    })
}

/// A first column of bare list labels ("3.", "(b)", a bullet), blank where
/// an item runs on from the page before, beside a column of running text is
/// a list set with a hanging indent, not a table.
fn hanging_list(rows: &[Vec<String>]) -> bool {
    if rows.is_empty() || rows.iter().any(|r| r.len() != 2) {
        return false;
    }
    let labelled = rows.iter().filter(|r| !r[0].is_empty()).count();
    let labels_only = rows
        .iter()
        .all(|r| r[0].is_empty() || list_label(&r[0]).is_ok());
    let words: usize = rows.iter().map(|r| r[1].split_whitespace().count()).sum();
    labelled >= 1 && labels_only && words >= 8 * rows.len()
}

fn nearest(cols: &[(f32, f32)], x: f32) -> usize {
    (0..cols.len())
        .min_by(|&a, &b| {
            let d = |k: usize| (cols[k].0 - x).abs().min((cols[k].1 - x).abs());
            d(a).total_cmp(&d(b))
        })
        .unwrap_or(0)
}

/// Vertical rules inside a column interval split it.
fn split_by_rules(
    cols: Vec<(f32, f32)>,
    page: Option<&PageLines>,
    lines: &[&Line],
) -> Vec<(f32, f32)> {
    let Some(page) = page else { return cols };
    let (top, bottom) = (
        lines[0].y - lines[0].size * 1.5,
        lines[lines.len() - 1].y + lines[0].size * 0.5,
    );
    let mut xs: Vec<f32> = page
        .rules
        .iter()
        .filter(|r| !r.is_horizontal() && r.y0.min(r.y1) <= bottom && r.y0.max(r.y1) >= top)
        .map(|r| (r.x0 + r.x1) / 2.0)
        .collect();
    xs.sort_by(f32::total_cmp);
    let mut out = Vec::new();
    for (a, b) in cols {
        let mut from = a;
        for &x in xs.iter().filter(|&&x| x > a + 2.0 && x < b - 2.0) {
            // Split only where no piece straddles the rule.
            let straddled = lines
                .iter()
                .any(|l| pieces(l).iter().any(|p| p.x0 < x - 1.0 && p.x1 > x + 1.0));
            if !straddled {
                out.push((from, x));
                from = x;
            }
        }
        out.push((from, b));
    }
    out
}

/// Group a table's lines into rows.
fn rows<'a>(lines: &[&'a Line], page: Option<&PageLines>) -> Vec<Vec<&'a Line>> {
    let rules: Vec<f32> = page
        .map(|p| {
            p.rules
                .iter()
                .filter(|r| r.is_horizontal())
                .map(|r| r.y0)
                .filter(|&y| {
                    y > lines[0].y - lines[0].size * 2.0
                        && y < lines[lines.len() - 1].y + lines[0].size
                })
                .collect()
        })
        .unwrap_or_default();
    let steps: Vec<f32> = lines.windows(2).map(|w| w[1].y - w[0].y).collect();
    let tight = steps.iter().copied().fold(f32::MAX, f32::min);
    let mut out: Vec<Vec<&Line>> = Vec::new();
    for (k, &line) in lines.iter().enumerate() {
        let new_row = if k == 0 {
            true
        } else if rules.len() >= 2 {
            let prev = lines[k - 1];
            rules
                .iter()
                .any(|&y| y > prev.y && y < line.y - line.size * 0.6)
        } else {
            // A step of nearly two lines is never a wrap inside a cell.
            steps[k - 1] > tight * 1.2
                || steps[k - 1] > line.size.max(lines[k - 1].size) * 1.8
                || steps.iter().all(|s| (s - tight).abs() <= tight * 0.2)
        };
        if new_row {
            out.push(vec![line]);
        } else if let Some(row) = out.last_mut() {
            row.push(line);
        }
    }
    out
}

/// `next` carries on `prev` over a page turn: nothing between them, the
/// same number of columns, and `next` starts the body of its page.
fn continues(prev: &Found, next: &Found, body: &[&Line]) -> bool {
    prev.end == next.start
        && prev.columns == next.columns
        && body[next.start].page == body[prev.end - 1].page + 1
}

fn merge(prev: &mut Found, next: Found) {
    let Found {
        end, table, extra, ..
    } = next;
    prev.extra.extend(extra);
    if prev.table.pages.is_empty() {
        prev.table.pages.push(prev.table.page);
    }
    prev.table.pages.push(table.page);
    if table.header != prev.table.header {
        prev.table.rows.push(table.header);
    }
    prev.table.rows.extend(table.rows);
    prev.table.footnote_refs.extend(table.footnote_refs);
    prev.end = end;
}

#[cfg(test)]
mod tests {
    use super::*;

    fn line(cells: &[(&str, f32)], y: f32) -> Line {
        let cells: Vec<Cell> = cells
            .iter()
            .map(|&(t, x)| Cell {
                x0: x,
                x1: x + t.len() as f32 * 5.0,
                text: t.into(),
            })
            .collect();
        Line {
            page: 2,
            text: cells
                .iter()
                .map(|c| c.text.clone())
                .collect::<Vec<_>>()
                .join(" "),
            x0: cells[0].x0,
            x1: cells[cells.len() - 1].x1,
            y,
            size: 10.0,
            pieces: cells.clone(),
            cells,
            ..Default::default()
        }
    }

    #[test]
    fn borderless_table_with_empty_cell() {
        let a = line(
            &[
                ("Leicestershire Police", 200.0),
                ("England and Wales", 380.0),
            ],
            100.0,
        );
        let b = line(&[("Officers", 72.0), ("280", 200.0), ("268", 380.0)], 114.0);
        let c = line(&[("Staff", 72.0), ("103", 200.0), ("61", 380.0)], 128.0);
        let body = vec![&a, &b, &c];
        let found = find(&body, &[], 12.0);
        assert_eq!(found.len(), 1);
        let t = &found[0].table;
        assert_eq!(
            t.header,
            vec!["", "Leicestershire Police", "England and Wales"]
        );
        assert_eq!(
            t.rows,
            vec![vec!["Officers", "280", "268"], vec!["Staff", "103", "61"]]
        );
    }

    #[test]
    fn wrapped_cell_is_one_cell() {
        let a = line(&[("Measure", 72.0), ("Value", 380.0)], 100.0);
        let b = line(
            &[
                ("Anti-social behaviour incidents per", 72.0),
                ("12.0", 380.0),
            ],
            116.0,
        );
        let c = line(&[("1,000 population", 72.0)], 128.0);
        let d = line(&[("Stop and search", 72.0), ("91.7%", 380.0)], 144.0);
        let body = vec![&a, &b, &c, &d];
        let found = find(&body, &[], 12.0);
        let t = &found[0].table;
        assert_eq!(
            t.rows[0],
            vec![
                "Anti-social behaviour incidents per 1,000 population",
                "12.0"
            ]
        );
        assert_eq!(t.rows.len(), 2);
    }

    #[test]
    fn a_page_with_only_a_table() {
        let on = |page: u32, l: Line| Line { page, ..l };
        let prose = |t: &str, page: u32, y: f32| on(page, line(&[(t, 72.0)], y));
        let before = prose(
            "The figures below show the force's workforce at 31 March 2016.",
            2,
            700.0,
        );
        let head = on(3, line(&[("Role", 72.0), ("Number", 380.0)], 80.0));
        let rows: Vec<Line> = (0..6)
            .map(|i| {
                on(
                    3,
                    line(
                        &[
                            (["Officers", "Staff", "PCSOs"][i % 3], 72.0),
                            ("1,204", 380.0),
                        ],
                        94.0 + 14.0 * i as f32,
                    ),
                )
            })
            .collect();
        let after = prose(
            "The force has since recruited more officers than it lost.",
            4,
            80.0,
        );
        let mut body = vec![&before, &head];
        body.extend(rows.iter());
        body.push(&after);
        let found = find(&body, &[], 12.0);
        assert_eq!(found.len(), 1);
        let t = &found[0].table;
        assert_eq!(t.page, 3);
        assert_eq!(t.header, vec!["Role", "Number"]);
        assert_eq!(t.rows.len(), 6);
        assert!(t.rows.iter().all(|r| r.len() == 2 && r[1] == "1,204"));
    }

    #[test]
    fn roomy_rows_whose_cells_line_up_stay_one_table() {
        // Rows 39 pt apart at a 14.5 pt pitch: only alignment holds them.
        let a = line(&[("Judgement", 71.0), ("Grade", 375.0)], 235.0);
        let b = line(
            &[
                ("The experiences and progress of children who need", 71.0),
                ("Inadequate", 375.0),
            ],
            274.0,
        );
        let c = line(&[("help and protection", 71.0)], 288.5);
        let d = line(
            &[("Overall effectiveness", 71.0), ("Inadequate", 375.0)],
            327.5,
        );
        // Not aligned with the table's cells: a separate thing.
        let e = line(&[("Elsewhere", 120.0), ("12", 300.0)], 366.5);
        let body = vec![&a, &b, &c, &d, &e];
        let found = find(&body, &[], 14.5);
        assert_eq!(found.len(), 1);
        let t = &found[0].table;
        assert_eq!(t.header, vec!["Judgement", "Grade"]);
        assert_eq!(
            t.rows,
            vec![
                vec![
                    "The experiences and progress of children who need help and protection",
                    "Inadequate"
                ],
                vec!["Overall effectiveness", "Inadequate"],
            ]
        );
        assert_eq!(found[0].end, 4);
    }

    #[test]
    fn numbered_paragraphs_with_a_hanging_indent_are_not_a_table() {
        let a = line(
            &[
                ("3.", 71.0),
                (
                    "The work of the front door varies too widely in quality.",
                    107.0,
                ),
            ],
            100.0,
        );
        let b = line(
            &[(
                "Social workers do not always recognise risk of harm to",
                107.0,
            )],
            114.5,
        );
        let c = line(
            &[
                ("4.", 71.0),
                (
                    "A significant weakness across practice is the failure",
                    107.0,
                ),
            ],
            141.0,
        );
        let d = line(&[("to recognise and respond to risk.", 107.0)], 155.5);
        let body = vec![&a, &b, &c, &d];
        assert!(find(&body, &[], 14.5).is_empty());
        // Numbered rows of short values stay a table.
        let e = line(&[("1.", 71.0), ("Officers 280", 200.0)], 100.0);
        let f = line(&[("2.", 71.0), ("Staff 103", 200.0)], 114.5);
        let body = vec![&e, &f];
        assert_eq!(find(&body, &[], 14.5).len(), 1);
    }

    #[test]
    fn a_single_gappy_line_is_not_a_table() {
        let a = line(&[("Some text", 72.0), ("far away", 380.0)], 100.0);
        let b = line(
            &[(
                "An ordinary line of prose that crosses the whole measure of the page",
                72.0,
            )],
            112.0,
        );
        let body = vec![&a, &b];
        assert!(find(&body, &[], 12.0).is_empty());
    }
}
