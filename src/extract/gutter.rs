//! Lines of two columns that the engine ran together across the gutter.
//!
//! A two-column page set justified leaves a gutter a few points wide, about
//! as wide as a stretched word space. pdf_oxide merges text that sits on
//! one baseline when the gap is that small, so now and then the left
//! column's line and the right column's line become one span ("crease in the
//! number of nonagricultural cluding agriculture, …"): the layout can then
//! neither read the columns apart nor join the words hyphenated at their
//! line ends ("in-" / "crease"). The evidence that a span is two lines is
//! on the page itself: the lines just above and below it, in the same type
//! size, are split at one x (the right column's left edge, the same on many
//! lines of the page), and the span has a word break at that x. Such a span
//! is cut there. A heading in a larger type that runs across both columns,
//! a paragraph set across the full measure and a table row are not cut:
//! their neighbours are not split at the gutter in their own size.

/// A span as the cut needs it: where it runs, on which baseline, in what
/// size and face.
#[derive(Debug, Clone, PartialEq)]
pub struct Run {
    /// Left edge.
    pub x0: f32,
    /// Right edge.
    pub x1: f32,
    /// Baseline height (any vertical axis; only differences matter).
    pub y: f32,
    /// Type size in points.
    pub size: f32,
    /// The face it is set in (any key that tells faces apart): a line of
    /// two columns has one face on both sides of the gutter.
    pub face: u64,
}

/// Where to cut a span: the run's index, the character the right-hand
/// part begins with, and the right-hand part's left edge (the gutter's).
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Cut {
    /// Index of the run in the slice given to [`cuts`].
    pub run: usize,
    /// Index of the first character of the right-hand part.
    pub at: usize,
    /// Right edge of the left-hand part: where the right-hand part's first
    /// word began by the engine's widths (no further right than `x`).
    pub end: f32,
    /// Left edge of the right-hand part.
    pub x: f32,
}

/// Lines of the page split at one x on at least this many lines make that
/// x a column's left edge.
const MIN_LINES: usize = 5;
/// How many lines on each side are looked at for a line's neighbours.
const NEAREST: usize = 16;
/// Tolerance, in points, for "the same x".
const SAME_X: f32 = 1.0;

/// One line of the page: its baseline, its size and its runs left to right.
struct Line {
    y: f32,
    size: f32,
    runs: Vec<usize>,
}

/// A place where a line is split in two runs of one size: the left run's
/// right edge and the right run's left edge.
#[derive(Clone, Copy)]
struct Split {
    /// Left edge of the left run.
    left: f32,
    /// Face of the left run.
    face: u64,
    /// Right edge of the left run.
    end: f32,
    /// Left edge of the right run.
    start: f32,
}

/// The cuts that put each run the engine ran across a gutter back into its
/// columns, in run order, at most one a run (a run crosses one gutter or
/// is not cut). `words(i)` gives run `i`'s word beginnings after
/// its first (the index of the character a word begins with, after a
/// space, and the x it begins at); it is asked only of the runs that cross
/// a gutter.
pub fn cuts(runs: &[Run], words: impl Fn(usize) -> Vec<(usize, f32)>) -> Vec<Cut> {
    let lines = lines(runs);
    let splits: Vec<Vec<Split>> = lines.iter().map(|l| splits(l, runs)).collect();
    let gutters = gutters(&splits);
    if gutters.is_empty() {
        return Vec::new();
    }
    let mut out = Vec::new();
    for (li, line) in lines.iter().enumerate() {
        for &ri in &line.runs {
            let run = &runs[ri];
            let s = run.size;
            // A run across more than one gutter is a form's or a table's
            // row, not two lines of text. `gutters` is in ascending order:
            // the ones the run crosses are a slice of it.
            let from = gutters.partition_point(|&g| g <= run.x0 + s);
            let to = gutters.partition_point(|&g| g < run.x1 - s);
            let &[g] = gutters.get(from..to).unwrap_or_default() else {
                continue;
            };
            if !neighbours_split(&lines, &splits, li, run, g) {
                continue;
            }
            let best = words(ri)
                .into_iter()
                .filter(|&(_, x)| (x - g).abs() <= s)
                .min_by(|a, b| (a.1 - g).abs().total_cmp(&(b.1 - g).abs()));
            if let Some((at, x)) = best {
                out.push(Cut {
                    run: ri,
                    at,
                    end: x.min(g),
                    x: g,
                });
            }
        }
    }
    out.sort_by_key(|c| c.run);
    out
}

/// The runs grouped into lines: one baseline (within a third of the size)
/// and one size (within half a point), top of the page's axis first.
fn lines(runs: &[Run]) -> Vec<Line> {
    let mut order: Vec<usize> = (0..runs.len())
        .filter(|&i| runs[i].size > 0.0 && runs[i].x1 > runs[i].x0)
        .collect();
    order.sort_by(|&a, &b| runs[b].y.total_cmp(&runs[a].y));
    let mut lines: Vec<Line> = Vec::new();
    for i in order {
        let r = &runs[i];
        let found = lines.iter_mut().rev().take(8).find(|l| {
            (l.y - r.y).abs() <= r.size / 3.0 && (l.size - r.size).abs() <= 0.5
        });
        match found {
            Some(l) => l.runs.push(i),
            None => lines.push(Line {
                y: r.y,
                size: r.size,
                runs: vec![i],
            }),
        }
    }
    for l in &mut lines {
        l.runs.sort_by(|&a, &b| runs[a].x0.total_cmp(&runs[b].x0));
    }
    lines
}

/// Where the line is split between two runs with a gap of a gutter's width
/// (more than nothing, at most three times the size).
fn splits(line: &Line, runs: &[Run]) -> Vec<Split> {
    line.runs
        .windows(2)
        .filter_map(|w| {
            let (a, b) = (&runs[w[0]], &runs[w[1]]);
            let gap = b.x0 - a.x1;
            (gap > 0.0 && gap <= 3.0 * line.size).then_some(Split {
                left: a.x0,
                face: a.face,
                end: a.x1,
                start: b.x0,
            })
        })
        .collect()
}

/// The x positions where at least [`MIN_LINES`] lines are split.
fn gutters(splits: &[Vec<Split>]) -> Vec<f32> {
    let mut starts: Vec<f32> = splits.iter().flatten().map(|s| s.start).collect();
    starts.sort_by(f32::total_cmp);
    let mut out = Vec::new();
    let mut i = 0;
    while i < starts.len() {
        let mut j = i;
        while j + 1 < starts.len() && starts[j + 1] - starts[i] <= 2.0 * SAME_X {
            j += 1;
        }
        if j + 1 - i >= MIN_LINES {
            out.push(starts[i..=j].iter().sum::<f32>() / (j + 1 - i) as f32);
        }
        i = j + 1;
    }
    out
}

/// Whether the lines next to line `li` (the nearest above and below in the
/// same size, no further than 1.6 times the size) are split at gutter `g`
/// as lines of two columns are: their left part begins where the run does,
/// in its face, and fills most of the column, up to the gutter. There must
/// be at least one such neighbour.
fn neighbours_split(lines: &[Line], splits: &[Vec<Split>], li: usize, run: &Run, g: f32) -> bool {
    let x0 = run.x0;
    let line = &lines[li];
    let same_size = |j: &usize| (lines[*j].size - line.size).abs() <= 0.5;
    // Lines are in baseline order, so the nearest in its size is among the
    // next few (a bound a page of a thousand sizes on one baseline cannot
    // turn into a scan of the page).
    let above = (li.saturating_sub(NEAREST)..li).rev().find(same_size);
    let below = (li + 1..lines.len().min(li + 1 + NEAREST)).find(same_size);
    let neighbours: Vec<usize> = [above, below]
        .into_iter()
        .flatten()
        .filter(|&j| (lines[j].y - line.y).abs() <= 1.6 * line.size)
        .collect();
    let column = g - x0;
    !neighbours.is_empty()
        && neighbours.iter().all(|&j| {
            splits[j].iter().any(|s| {
                (s.start - g).abs() <= SAME_X
                    && (s.left - x0).abs() <= 2.0 * SAME_X
                    && s.face == run.face
                    && s.end < g
                    && s.end - s.left >= 0.75 * column
            })
        })
}

/// The word beginnings of `text` laid out from `x0` with the given advance
/// widths (one per character); when the widths do not match the text, the
/// run's width is shared evenly between its characters.
pub fn word_starts(text: &str, x0: f32, x1: f32, advances: &[f32]) -> Vec<(usize, f32)> {
    let chars: Vec<char> = text.chars().collect();
    let even = (x1 - x0) / chars.len().max(1) as f32;
    let mut out = Vec::new();
    let mut x = x0;
    for (i, c) in chars.iter().enumerate() {
        if i > 0 && !c.is_whitespace() && chars[i - 1].is_whitespace() {
            out.push((i, x));
        }
        x += if advances.len() == chars.len() {
            advances[i]
        } else {
            even
        };
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    /// A run of 11-pt text from `x0` to `x1` on baseline `y`, with its
    /// words beginning at the given places.
    fn run(x0: f32, x1: f32, y: f32, words: &[(usize, f32)]) -> (Run, Vec<(usize, f32)>) {
        let run = Run {
            x0,
            x1,
            y,
            size: 11.0,
            face: 1,
        };
        (run, words.to_vec())
    }

    /// [`super::cuts`] of runs given with their words.
    fn cuts(runs: &[(Run, Vec<(usize, f32)>)]) -> Vec<Cut> {
        let only: Vec<Run> = runs.iter().map(|(r, _)| r.clone()).collect();
        super::cuts(&only, |i| runs[i].1.clone())
    }

    /// Two columns (165–363 and 370.5–567) on baselines 100, 87, 74, …
    fn columns(lines: usize) -> Vec<(Run, Vec<(usize, f32)>)> {
        (0..lines)
            .flat_map(|i| {
                let y = 100.0 - 13.0 * i as f32;
                [run(165.0, 363.0, y, &[(6, 200.0)]), run(370.5, 567.0, y, &[(5, 400.0)])]
            })
            .collect()
    }

    #[test]
    fn a_line_run_across_the_gutter_is_cut_at_the_word_nearest_it() {
        let mut runs = columns(6);
        // Between the second and third lines: one run across both columns.
        runs.push(run(165.0, 566.8, 93.5 - 13.0, &[(7, 198.0), (40, 365.3), (48, 398.3)]));
        let cuts = cuts(&runs);
        assert_eq!(cuts.len(), 1, "{cuts:?}");
        assert_eq!((cuts[0].run, cuts[0].at), (12, 40));
        assert!((cuts[0].end - 365.3).abs() < 0.01);
        assert!((cuts[0].x - 370.5).abs() < 0.01);
    }

    #[test]
    fn a_line_in_its_columns_or_across_a_full_measure_is_not_cut() {
        // Columns alone: nothing to cut.
        assert!(cuts(&columns(6)).is_empty());
        // A paragraph across the full measure: its neighbours are full
        // lines too, so there is no gutter beside it.
        let full: Vec<_> = (0..5)
            .map(|i| run(165.0, 567.0, 100.0 - 13.0 * i as f32, &[(8, 368.0)]))
            .collect();
        assert!(cuts(&full).is_empty());
        // A heading in a larger size across both columns, above them.
        let mut runs = columns(6);
        let (heading, words) = run(165.0, 526.0, 130.0, &[(9, 370.0)]);
        runs.push((Run { size: 24.0, ..heading }, words));
        assert!(cuts(&runs).is_empty());
    }

    #[test]
    fn a_form_row_across_several_gutters_is_not_cut() {
        // Boxes every 24 pt, each line split at every box.
        let mut runs: Vec<_> = (0..6)
            .flat_map(|i| {
                let y = 100.0 - 13.0 * i as f32;
                (0..6).map(move |k| {
                    let x = 165.0 + 24.0 * k as f32;
                    run(x, x + 22.0, y, &[])
                })
            })
            .collect();
        runs.push(run(165.0, 300.0, 80.5, &[(4, 189.0), (9, 213.0), (14, 237.0)]));
        assert!(cuts(&runs).is_empty());
    }

    #[test]
    fn a_line_in_another_face_is_not_cut() {
        // A bold line in the body size, set across both columns between
        // two lines of them.
        let mut runs = columns(6);
        let (bold, words) = run(165.0, 566.8, 80.5, &[(7, 198.0), (40, 365.3), (48, 398.3)]);
        runs.push((Run { face: 2, ..bold }, words));
        assert!(cuts(&runs).is_empty());
    }

    #[test]
    fn no_cut_without_a_word_break_near_the_gutter() {
        let mut runs = columns(6);
        runs.push(run(165.0, 566.8, 80.5, &[(7, 198.0), (48, 398.3)]));
        assert!(cuts(&runs).is_empty());
    }

    #[test]
    fn a_table_row_whose_neighbours_stop_short_of_the_column_is_not_cut() {
        // Cells that end far to the left of the next column's edge.
        let mut runs: Vec<_> = (0..4)
            .flat_map(|i| {
                let y = 100.0 - 13.0 * i as f32;
                [run(165.0, 220.0, y, &[]), run(370.5, 420.0, y, &[])]
            })
            .collect();
        runs.push(run(165.0, 500.0, 80.5, &[(20, 370.0)]));
        assert!(cuts(&runs).is_empty());
    }

    #[test]
    fn hostile_geometry_gives_no_cut_and_no_panic() {
        let mut runs = columns(6);
        for v in [f32::NAN, f32::INFINITY, -f32::INFINITY, 1e30, -1e30, 0.0] {
            runs.push(run(v, v, v, &[(1, v)]));
            runs.push(run(165.0, v, 80.5, &[(1, v)]));
            runs.push((Run { size: v, ..run(165.0, 566.8, 80.5, &[]).0 }, vec![(1, v)]));
        }
        let found = cuts(&runs);
        assert!(found.is_empty(), "{found:?}");
        // Hundreds of one-span lines in as many sizes on one baseline,
        // each across the gutter: none has a neighbour in its own size
        // split there, so none is cut.
        let many: Vec<_> = (0..300)
            .map(|i| {
                let (r, w) = run(165.0, 566.8, 80.5, &[(40, 365.3)]);
                (Run { size: 11.6 + 0.6 * i as f32, ..r }, w)
            })
            .chain(columns(6))
            .collect();
        assert!(cuts(&many).is_empty());
    }

    #[test]
    fn word_starts_follow_the_advances_or_share_the_width() {
        assert_eq!(
            word_starts("ab cd", 10.0, 60.0, &[5.0, 5.0, 3.0, 5.0, 5.0]),
            vec![(3, 23.0)]
        );
        assert_eq!(word_starts("ab cd", 10.0, 60.0, &[]), vec![(3, 40.0)]);
        assert!(word_starts("", 0.0, 0.0, &[]).is_empty());
    }
}
