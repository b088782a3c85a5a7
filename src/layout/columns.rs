//! Columns and reading order.
//!
//! A page is set in two columns when a vertical strip near its middle (the
//! gutter) is crossed by few rows while many rows have text on both sides of
//! it. Rows that cross the gutter (headings, full-width tables) are read in
//! place; between them, the left column's lines are read before the right
//! column's.

use super::lines::Line;
use super::rows::{Row, make_line};

/// Most gutter positions tried on one page.
const MAX_CANDIDATES: usize = 340;

/// The x of the gutter's right edge (where the right column starts), if the
/// page is set in two columns.
pub fn find_gutter(rows: &[Row], width: f32) -> Option<f32> {
    // A hostile MediaBox can be NaN, infinite or 1e30 wide: without a bound
    // on the number of candidates the scan below never ends.
    if rows.len() < 8 || !width.is_finite() || width <= 0.0 {
        return None;
    }
    let (lo, hi) = ((width * 0.3) as usize, (width * 0.7) as usize);
    // Every 2 points on ordinary pages (up to ~1700 pt wide); coarser beyond.
    let step = (hi.saturating_sub(lo) / MAX_CANDIDATES).max(2);
    let mut best: Option<(usize, usize)> = None; // (crossings, x)
    for x in (lo..hi).step_by(step) {
        let xf = x as f32;
        let crossing = rows
            .iter()
            .filter(|r| r.spans.iter().any(|s| s.x < xf && s.right() > xf))
            .count();
        if best.is_none_or(|(c, _)| crossing < c) {
            best = Some((crossing, x));
        }
    }
    let (crossing, x) = best?;
    let xf = x as f32;
    // Both sides must carry a column of text: many rows with text left of
    // the strip and many with text right of it (the two columns' baselines
    // need not line up).
    // Prose, not table cells: count rows whose text on that side runs to
    // several words.
    let words = |r: &Row, left: bool| -> usize {
        r.spans
            .iter()
            .filter(|s| if left { s.right() <= xf } else { s.x >= xf })
            .map(|s| s.text.split_whitespace().count())
            .sum()
    };
    let left = rows.iter().filter(|r| words(r, true) >= 4).count();
    let right = rows.iter().filter(|r| words(r, false) >= 4).count();
    if crossing * 5 > rows.len() || left.min(right) < (rows.len() / 4).max(6) {
        return None;
    }
    // Tables also leave gaps: a real gutter has text running up to it on the
    // left in many rows (the column's right margin) across the page height.
    let left_ends: Vec<f32> = rows
        .iter()
        .flat_map(|r| r.spans.iter().map(|s| s.right()))
        .filter(|&e| e <= xf)
        .collect();
    let near = left_ends.iter().filter(|&&e| xf - e < width * 0.08).count();
    if near < rows.len() / 4 {
        return None;
    }
    // Move to the start of the right column: the smallest x right of it.
    let start = rows
        .iter()
        .flat_map(|r| r.spans.iter().map(|s| s.x))
        .filter(|&s| s >= xf)
        .fold(f32::MAX, f32::min);
    Some(if start < f32::MAX { start - 1.0 } else { xf })
}

/// Turn rows into lines in reading order.
pub fn reading_order(rows: Vec<Row>, gutter: Option<f32>, page: u32) -> Vec<Line> {
    let Some(g) = gutter else {
        return rows
            .iter()
            .map(|r| make_line(&r.spans, r.y, page, 0))
            .collect();
    };
    let mut out = Vec::with_capacity(rows.len());
    let mut left: Vec<Line> = Vec::new();
    let mut right: Vec<Line> = Vec::new();
    for r in &rows {
        let crosses = r.spans.iter().any(|s| s.x < g - 1.0 && s.right() > g + 1.0);
        if crosses {
            out.append(&mut left);
            out.append(&mut right);
            out.push(make_line(&r.spans, r.y, page, 0));
            continue;
        }
        let (l, rr): (Vec<_>, Vec<_>) = r.spans.iter().cloned().partition(|s| s.x < g);
        if !l.is_empty() {
            left.push(make_line(&l, r.y, page, 0));
        }
        if !rr.is_empty() {
            right.push(make_line(&rr, r.y, page, 1));
        }
    }
    out.append(&mut left);
    out.append(&mut right);
    out
}
