//! Tables without a grid: grown from a line that breaks into cells.
//!
//! In: the body lines, the index of a multi-cell line, the pages (for
//! drawn rules) and the line pitch. Out: the [`Found`] table grown from
//! it, or `None`. The steps, in order:
//! 1. [`run_down`]: the rows below — multi-cell lines that keep the
//!    table's columns ([`keeps_columns`]) and wrapped cell text inside one
//!    column ([`wrapped_cell`]), up to a page or column turn or a wide gap
//!    (wider for a row whose cells line up with the last row's,
//!    [`lines_up`]);
//! 2. [`drop_loose_tail`]: trailing single runs far from the last row go;
//! 3. [`header_above`]: header lines above the first row join it;
//! 4. the detectors that say it is not a table after all, tried in order:
//!    [`too_few_rows`], fewer than two columns, [`hanging_list`].

use super::cells::{self, columns, nearest, pieces, split_by_rules};
use super::found::Found;
use crate::layout::{Line, PageLines};
use crate::parse::text::list_label;
use crate::record::Table;

/// Grow a table from the multi-cell line at `start`.
pub(super) fn grow(body: &[&Line], start: usize, pages: &[PageLines], pitch: f32) -> Option<Found> {
    let min_gap = body[start].size * 0.6;
    let (end, multi) = run_down(body, start, pitch, min_gap);
    let end = drop_loose_tail(body, start, end, pitch);
    let top = header_above(body, start, end, pitch, min_gap);
    if too_few_rows(multi, top < start) {
        return None;
    }
    let first = body[top];
    let lines: Vec<&Line> = body[top..end].to_vec();
    let page = pages.iter().find(|p| p.number == first.page);
    let cols = split_by_rules(columns(&lines, min_gap), page, &lines);
    let cols = cells::split_at_aligned_starts(cols, &lines, min_gap);
    if cols.len() < 2 {
        return None;
    }
    let column_of = |mid: f32| {
        cols.iter()
            .position(|&(a, b)| mid >= a - 1.0 && mid <= b + 1.0)
            .unwrap_or_else(|| nearest(&cols, mid))
    };
    let mut refs: Vec<u32> = Vec::new();
    let starts: Vec<f32> = cols.iter().skip(1).map(|&(a, _)| a).collect();
    let grid = cells::fill(&cells::rows(&lines, page), cols.len(), column_of, &starts, &mut refs);
    if hanging_list(&grid) {
        return None;
    }
    let (header, rows) = cells::header_and_rows(grid);
    let table = Table { footnote_run: 0,
        caption: None,
        page: first.page,
        pages: vec![],
        header,
        rows,
        footnote_refs: refs, bbox: None, boxes: Vec::new(), header_boxes: Vec::new(), cell_boxes: Vec::new(),
    };
    Some(Found {
        start: top,
        end,
        table,
        columns: cols.len(),
        extra: vec![],
    })
}

/// The lines of `lines` that break into several cells.
fn multi_cell<'a>(lines: &[&'a Line]) -> Vec<&'a Line> {
    lines
        .iter()
        .filter(|l| l.cells.len() >= 2)
        .copied()
        .collect()
}

/// Extend the run from `start` down: the index just past it and how many
/// of its lines are multi-cell rows.
fn run_down(body: &[&Line], start: usize, pitch: f32, min_gap: f32) -> (usize, usize) {
    let first = body[start];
    let mut end = start + 1;
    let mut multi = 1;
    while let Some(&next) = body.get(end) {
        let step = next.y - body[end - 1].y;
        let region = multi_cell(&body[start..end]);
        let cols = columns(&region, min_gap);
        let centred = (next.cells.len() < 2)
            .then(|| centred_row(&body[end..], &cols))
            .flatten();
        let reach = if lines_up(&body[start..end], next) || centred.is_some() {
            4.0
        } else {
            2.6
        };
        if next.page != first.page
            || next.column != first.column
            || step <= 0.0
            || step > pitch * reach
        {
            break;
        }
        if next.cells.len() >= 2 || in_columns(next, &cols, min_gap) {
            if !keeps_columns(&region, next, cols.len(), min_gap) {
                break;
            }
            multi += 1;
        } else if !wrapped_cell(next, &cols, step, pitch, min_gap) {
            match centred {
                Some(lines) => {
                    end += lines;
                    multi += 1;
                    continue;
                }
                None => break,
            }
        }
        end += 1;
    }
    (end, multi)
}

/// A row set with a short cell centred beside a wrapped one: single runs
/// half a line apart ("…who need help" / "Good" / "and protection") that
/// together fill two or more of the table's columns. The number of lines
/// it takes, or `None`.
fn centred_row(lines: &[&Line], cols: &[(f32, f32)]) -> Option<usize> {
    let first = *lines.first()?;
    let mut n = 1;
    while let Some(&next) = lines.get(n) {
        let step = next.y - lines[n - 1].y;
        if next.page != first.page
            || next.column != first.column
            || next.cells.len() >= 2
            || step <= 0.0
            || !cells::interleaved(step, next.size.max(lines[n - 1].size))
        {
            break;
        }
        n += 1;
    }
    let mut filled: Vec<usize> = lines[..n]
        .iter()
        .flat_map(|l| l.cells.iter())
        .filter_map(|c| {
            cols.iter()
                .position(|&(a, b)| c.x0 >= a - 2.0 && c.x1 <= b + 2.0)
        })
        .collect();
    filled.sort_unstable();
    filled.dedup();
    (n >= 2 && cols.len() >= 2 && filled.len() >= 2).then_some(n)
}

/// A row whose cells start where the last row's cells start (the stub,
/// first, cell aside: it may be indented for a sub-row) carries the table
/// over the taller padding of a table with roomy rows.
fn lines_up(run: &[&Line], next: &Line) -> bool {
    run.iter()
        .rev()
        .find(|l| l.cells.len() >= 2)
        .is_some_and(|last| {
            last.cells.len() == next.cells.len()
                && last
                    .cells
                    .iter()
                    .zip(&next.cells)
                    .skip(1)
                    .all(|(a, b)| (a.x0 - b.x0).abs() <= 2.0)
        })
}

/// A multi-cell `next` must not merge two of the table's `ncols` columns
/// into one.
fn keeps_columns(region: &[&Line], next: &Line, ncols: usize, min_gap: f32) -> bool {
    let mut with = region.to_vec();
    with.push(next);
    columns(&with, min_gap).len() + 1 >= ncols
}

/// A line of one cell whose pieces sit each inside a column, in two
/// columns or more, is a row: cells whose texts come close across a
/// narrow column gap ("vulnerable people" "developing its") read as one
/// run.
fn in_columns(next: &Line, cols: &[(f32, f32)], min_gap: f32) -> bool {
    let mut used: Vec<usize> = Vec::new();
    for p in pieces(next) {
        match column_holding(cols, p.x0, p.x1, min_gap) {
            Some(k) => used.push(k),
            None => return false,
        }
    }
    used.dedup();
    used.len() >= 2
}

/// The column a run from `x0` to `x1` sits inside: it starts in the column
/// and ends short of the next one (it may run wider than the column's
/// lines so far).
fn column_holding(cols: &[(f32, f32)], x0: f32, x1: f32, min_gap: f32) -> Option<usize> {
    cols.iter().enumerate().position(|(k, &(a, b))| {
        let limit = cols.get(k + 1).map_or(b + min_gap, |&(next_start, _)| next_start - min_gap);
        x0 >= a - 2.0 && x1 <= limit.max(b + min_gap)
    })
}

/// A single run belongs to the table when it sits inside one column and
/// follows closely. It may run wider than the column's lines so far (a
/// header cell's second line, "Requires" / "improvement"), short of the
/// next column.
fn wrapped_cell(next: &Line, cols: &[(f32, f32)], step: f32, pitch: f32, min_gap: f32) -> bool {
    let inside = column_holding(cols, next.x0, next.x1, min_gap).is_some();
    inside && cols.len() >= 2 && step <= pitch * 1.6
}

/// Drop trailing single runs that are far from the last multi-cell line.
fn drop_loose_tail(body: &[&Line], start: usize, mut end: usize, pitch: f32) -> usize {
    while end > start + 1
        && body[end - 1].cells.len() < 2
        && body[end - 1].y - body[end - 2].y > pitch * 1.3
    {
        end -= 1;
    }
    end
}

/// Header lines above the first multi-cell line: set in the table's size,
/// close above it, every run inside one of the table's columns (a header
/// cell wrapped onto two lines, or set in one run). Returns the table's
/// first line.
fn header_above(body: &[&Line], start: usize, end: usize, pitch: f32, min_gap: f32) -> usize {
    let first = body[start];
    let cols = columns(&multi_cell(&body[start..end]), min_gap);
    let mut top = start;
    while top > 0 {
        let above = body[top - 1];
        let step = body[top].y - above.y;
        // Each run starts in a column and stops short of the next one.
        let fits =
            pieces(above)
                .iter()
                .all(|p| match cols.iter().rposition(|&(a, _)| p.x0 >= a - 2.0) {
                    Some(k) => cols.get(k + 1).is_none_or(|&(next, _)| p.x1 < next - 1.0),
                    None => false,
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
        top -= 1;
    }
    top
}

/// Too few rows for a table: fewer than two multi-cell rows, unless the one
/// has a header above it.
fn too_few_rows(multi: usize, has_header: bool) -> bool {
    multi < 2 && !(multi == 1 && has_header)
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
