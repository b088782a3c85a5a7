//! Columns, rows and cell text: what ruled and unruled tables share.
//!
//! In: a table's lines (and its page, for drawn rules). Out: column
//! intervals, the lines grouped into rows, and each cell's text with its
//! footnote markers lifted.

use crate::layout::{Cell, Line, PageLines};
use std::borrow::Cow;
use crate::parse::text::{lift_markers, without_bullets};

/// The pieces a line's text is made of (spans, or cells when the layout
/// kept no spans).
pub fn pieces(line: &Line) -> &[Cell] {
    if line.pieces.is_empty() {
        &line.cells
    } else {
        &line.pieces
    }
}

/// Column intervals: merge the x-extents of every piece; gaps left open are
/// the column gaps. `min_gap` is the narrowest gap that separates columns.
pub fn columns(lines: &[&Line], min_gap: f32) -> Vec<(f32, f32)> {
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

/// The column nearest to `x`.
pub fn nearest(cols: &[(f32, f32)], x: f32) -> usize {
    (0..cols.len())
        .min_by(|&a, &b| {
            let d = |k: usize| (cols[k].0 - x).abs().min((cols[k].1 - x).abs());
            d(a).total_cmp(&d(b))
        })
        .unwrap_or(0)
}

/// Vertical rules inside a column interval split it.
pub fn split_by_rules(
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

/// A step between two lines of type `size` too short for one line under
/// the other: the lines interleave (a cell centred beside a wrapped one).
pub fn interleaved(step: f32, size: f32) -> bool {
    step < size * 0.8
}

/// Group a table's lines into rows.
pub fn rows<'a>(lines: &[&'a Line], page: Option<&PageLines>) -> Vec<Vec<&'a Line>> {
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
    let size_at = |k: usize| lines[k].size.max(lines[k + 1].size);
    // Half-line steps (a short cell centred beside a wrapped one) stay in
    // their row and say nothing about the table's line pitch.
    let half = |k: usize| interleaved(steps[k], size_at(k));
    let whole: Vec<f32> = (0..steps.len())
        .filter(|&k| !half(k))
        .map(|k| steps[k])
        .collect();
    let tight = whole.iter().copied().fold(f32::MAX, f32::min);
    let mut out: Vec<Vec<&Line>> = Vec::new();
    for (k, &line) in lines.iter().enumerate() {
        let new_row = if k == 0 {
            true
        } else if rules.len() >= 2 {
            let prev = lines[k - 1];
            rules
                .iter()
                .any(|&y| y > prev.y && y < line.y - line.size * 0.6)
        } else if half(k - 1) {
            false
        } else {
            // A step of nearly two lines is never a wrap inside a cell.
            steps[k - 1] > tight * 1.2
                || steps[k - 1] > line.size.max(lines[k - 1].size) * 1.8
                || whole.iter().all(|s| (s - tight).abs() <= tight * 0.2)
        };
        if new_row {
            out.push(vec![line]);
        } else if let Some(row) = out.last_mut() {
            row.push(line);
        }
    }
    out
}

/// A cell's text from its parts (one per line), hyphenation joined,
/// markers lifted into `refs`, bullet glyphs of a list in the cell left
/// out ([`without_bullets`]).
pub fn cell_text(parts: &[String], refs: &mut Vec<u32>) -> String {
    let (text, r) = lift_markers(&crate::layout::hyphen::join(parts, &Default::default()));
    refs.extend(r);
    without_bullets(&text)
}

/// One line of a cell from its pieces: joined by a space, except before
/// closing punctuation set as a piece of its own after a word ("EHCP"
/// "."; a leader of dots keeps its spaces).
fn cell_line<S: AsRef<str>>(parts: &[S]) -> String {
    let mut out = String::new();
    for part in parts {
        let part = part.as_ref().trim();
        let closes = part.starts_with(['.', ',', ';', ':', '!', '?', ')'])
            && out.ends_with(|c: char| c.is_alphanumeric());
        if !out.is_empty() && !closes {
            out.push(' ');
        }
        out.push_str(part);
    }
    out
}

/// A table's header and rows from its grid: the first row heads the
/// columns unless it pairs a bare grade ("Good") with text that is not
/// one: then it is the first row of data (a judgements table with no
/// header row, "1. Children who need help and protection | Good"). A row
/// of grades alone heads a table of grade columns.
pub fn header_and_rows(mut grid: Vec<Vec<String>>) -> (Vec<String>, Vec<Vec<String>>) {
    let is_grade = crate::inspectorates::scales::is_grade;
    let heads = grid.first().is_some_and(|row| {
        let filled: Vec<&String> = row.iter().filter(|c| !c.trim().is_empty()).collect();
        !(filled.iter().any(|c| is_grade(c)) && filled.iter().any(|c| !is_grade(c)))
    });
    let header = if heads { grid.remove(0) } else { Vec::new() };
    (header, grid)
}

/// Fill a grid of cell texts: each row's lines, each piece to the column
/// `column_of` gives for its midpoint; the footnote markers lifted into
/// `refs`. A piece that runs across one of the column `starts` (the
/// engine read two cells close across a narrow gap as one run) is cut
/// there first ([`cut_at_starts`]).
pub fn fill(
    rows: &[Vec<&Line>],
    ncols: usize,
    column_of: impl Fn(f32) -> usize,
    starts: &[f32],
    refs: &mut Vec<u32>,
) -> Vec<Vec<String>> {
    rows.iter()
        .map(|row| {
            let mut cells: Vec<Vec<String>> = vec![Vec::new(); ncols];
            for line in row {
                let mut per_col: Vec<Vec<Cow<str>>> = vec![Vec::new(); ncols];
                for p in pieces(line) {
                    for (mid, text) in cut_at_starts(p, starts) {
                        per_col[column_of(mid)].push(text);
                    }
                }
                for (k, parts) in per_col.into_iter().enumerate() {
                    if !parts.is_empty() {
                        cells[k].push(cell_line(&parts));
                    }
                }
            }
            cells.iter().map(|parts| cell_text(parts, refs)).collect()
        })
        .collect()
}

/// A piece's text, cut at the word gap nearest each column start it runs
/// across, as (midpoint, text) parts. Positions inside the piece are
/// estimated from its characters, so a start is taken only where a word
/// gap lies within two characters' width of it.
fn cut_at_starts<'a>(piece: &'a Cell, starts: &[f32]) -> Vec<(f32, Cow<'a, str>)> {
    let whole = || vec![((piece.x0 + piece.x1) / 2.0, Cow::Borrowed(piece.text.as_str()))];
    let across: Vec<f32> = starts
        .iter()
        .copied()
        .filter(|&s| s > piece.x0 + 2.0 && s < piece.x1 - 2.0)
        .collect();
    let chars: Vec<char> = if across.is_empty() {
        return whole();
    } else {
        piece.text.chars().collect()
    };
    if chars.len() < 2 {
        return whole();
    }
    let per_char = (piece.x1 - piece.x0) / chars.len() as f32;
    let x_at = |i: usize| piece.x0 + per_char * i as f32;
    let mut cuts: Vec<usize> = Vec::new();
    for s in across {
        // The gap (a space) whose following character starts nearest `s`.
        let gap = (1..chars.len())
            .filter(|&i| chars[i - 1] == ' ' && chars[i] != ' ')
            .min_by(|&a, &b| (x_at(a) - s).abs().total_cmp(&(x_at(b) - s).abs()));
        if let Some(i) = gap.filter(|&i| (x_at(i) - s).abs() <= per_char * 2.0) {
            cuts.push(i);
        }
    }
    if cuts.is_empty() {
        return whole();
    }
    cuts.sort_unstable();
    cuts.dedup();
    let mut out = Vec::with_capacity(cuts.len() + 1);
    let mut from = 0;
    for at in cuts.into_iter().chain(std::iter::once(chars.len())) {
        let text: String = chars[from..at].iter().collect();
        if !text.trim().is_empty() {
            out.push(((x_at(from) + x_at(at)) / 2.0, Cow::Owned(text.trim().to_string())));
        }
        from = at;
    }
    out
}

/// Column intervals `cols` split where the table's cells start in line
/// across two lines or more, inside an interval that holds runs wholly
/// left of that start on two lines or more, with at most one run in four
/// lines crossing it (a cell's text the engine read together with the
/// next cell's across a narrow gap, which joined the columns). Every other
/// run of the interval lies on one side of the start.
pub fn split_at_aligned_starts(cols: Vec<(f32, f32)>, lines: &[&Line], min_gap: f32) -> Vec<(f32, f32)> {
    let mut out = Vec::with_capacity(cols.len());
    for (a, b) in cols {
        let inside: Vec<(usize, &Cell)> = lines
            .iter()
            .enumerate()
            .flat_map(|(k, l)| pieces(l).iter().map(move |p| (k, p)))
            .filter(|(_, p)| p.x0 >= a - 1.0 && p.x1 <= b + 1.0)
            .collect();
        let mut starts: Vec<f32> = inside.iter().map(|(_, p)| p.x0).filter(|&x| x > a + min_gap).collect();
        starts.sort_by(f32::total_cmp);
        let split = starts.iter().copied().find(|&s| {
            // Distinct lines with a run where `keep` holds (`inside` is in
            // line order).
            let lines_where = |keep: &dyn Fn(&Cell) -> bool| {
                let mut ks: Vec<usize> = inside.iter().filter(|(_, p)| keep(p)).map(|(k, _)| *k).collect();
                ks.dedup();
                ks.len()
            };
            let crossing = inside.iter().filter(|(_, p)| p.x0 < s - 2.0 && p.x1 > s + 2.0).count();
            lines_where(&|p| (p.x0 - s).abs() <= 1.5) >= 2
                && lines_where(&|p| p.x1 <= s - 2.0) >= 2
                && crossing >= 1
                && crossing * 4 <= lines.len()
        });
        match split {
            Some(s) => {
                let left = inside
                    .iter()
                    .filter(|(_, p)| p.x1 <= s)
                    .map(|(_, p)| p.x1)
                    .fold(a, f32::max);
                out.push((a, left));
                out.push((s, b));
            }
            None => out.push((a, b)),
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_first_row_pairing_text_with_a_grade_is_data_not_a_header() {
        let row = |cells: &[&str]| cells.iter().map(|c| (*c).to_string()).collect::<Vec<_>>();
        let judgements = vec![
            row(&["1. Children who need help and protection", "Good"]),
            row(&["2. Children looked after", "Good"]),
        ];
        let (header, rows) = header_and_rows(judgements.clone());
        assert!(header.is_empty());
        assert_eq!(rows, judgements);
        // A header naming the columns, and a header of grade columns, head.
        let named = vec![row(&["Judgement", "Grade"]), row(&["Overall effectiveness", "Good"])];
        assert_eq!(header_and_rows(named).0, row(&["Judgement", "Grade"]));
        let graded = vec![row(&["Outstanding", "Good", ""]), row(&["Recording crime", "", ""])];
        assert_eq!(header_and_rows(graded).0, row(&["Outstanding", "Good", ""]));
    }

    fn piece(text: &str, x0: f32, x1: f32) -> Cell {
        Cell { x0, x1, text: text.into() }
    }

    #[test]
    fn a_run_across_a_column_start_is_cut_at_the_word_gap_nearest_it() {
        // 38 characters over 181 pt: the gap before "Investigating" is
        // estimated at 249 pt, 4 pt short of the column's start.
        let run = piece("Managing offenders Investigating crime", 158.8, 339.8);
        let parts: Vec<String> = cut_at_starts(&run, &[252.9, 347.1]).into_iter().map(|(_, t)| t.into_owned()).collect();
        assert_eq!(parts, ["Managing offenders", "Investigating crime"]);
        // No word gap near the start: the run stays whole.
        let run = piece("Notwithstanding", 158.8, 240.0);
        assert_eq!(cut_at_starts(&run, &[200.0]).len(), 1);
        // A start outside the run changes nothing.
        let run = piece("Good", 158.8, 185.0);
        assert_eq!(cut_at_starts(&run, &[252.9]), [(171.9, Cow::Borrowed("Good"))]);
    }

    #[test]
    fn columns_joined_by_one_run_split_where_cells_start_in_line() {
        let line = |pieces: Vec<Cell>| Line { pieces: pieces.clone(), cells: pieces, ..Default::default() };
        let lines = [
            line(vec![piece("Good", 158.8, 185.0), piece("Adequate", 252.9, 301.0)]),
            line(vec![piece("Treating people", 158.8, 231.0), piece("Responding to the", 252.9, 338.0)]),
            line(vec![piece("fairly and with", 158.8, 226.0), piece("public", 252.9, 280.0)]),
            line(vec![piece("Managing offenders Investigating crime", 158.8, 339.8)]),
        ];
        let refs: Vec<&Line> = lines.iter().collect();
        let cols = split_at_aligned_starts(vec![(158.8, 339.8)], &refs, 5.4);
        assert_eq!(cols, [(158.8, 231.0), (252.9, 339.8)]);
        // Right-aligned figures under a wide header start in line too, but
        // nothing stands wholly left of them: no split.
        let figures = [
            line(vec![piece("Kwota VAT", 300.0, 345.0)]),
            line(vec![piece("27,83", 320.0, 345.0)]),
            line(vec![piece("27,83", 320.0, 345.0)]),
            line(vec![piece("148,83", 315.0, 345.0)]),
        ];
        let refs: Vec<&Line> = figures.iter().collect();
        assert_eq!(split_at_aligned_starts(vec![(300.0, 345.0)], &refs, 5.4), [(300.0, 345.0)]);
    }

    #[test]
    fn closing_punctuation_set_apart_joins_its_word() {
        assert_eq!(cell_line(&["with an EHCP", "."]), "with an EHCP.");
        assert_eq!(cell_line(&["Council", "NHS Sussex"]), "Council NHS Sussex");
        assert_eq!(cell_line(&["required", ".", ".", "."]), "required. . .");
    }
}
