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
//!   bullet) beside running text is a list with a hanging indent; a layout
//!   table ([`layout`]: cells of a page's running text, a one-column box)
//!   is left to the body; so is a borderless grid of lists set side by
//!   side under headings ([`side`]), which the caller reads as text.
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
//!
//! In: the body lines in reading order, the layout's pages (for their
//! rules) and the line pitch. Out: the tables as [`Found`] — the lines each
//! takes and its [`crate::record::Table`]. Files: [`grid`] (ruled tables),
//! [`grow`] (tables without a grid, by named detectors tried in order),
//! [`cells`] (columns, rows and cell text shared by both), [`found`] (a
//! found table and the page-turn join), [`layout`] and [`side`] (what is
//! not a table of data).

pub mod cells;
pub mod found;
pub mod grid;
pub mod grow;
pub mod layout;
pub mod side;

pub use found::Found;
pub use grid::{Grid, grids};

use crate::layout::{Line, PageLines};

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
            Some(g) => Some(grid::from_grid(body, i, g)),
            None if body[i].cells.len() >= 2 => grow::grow(body, i, pages, pitch),
            None => None,
        };
        if let Some(found) = found
            && !layout::is_layout_text(&found.table.header, &found.table.rows)
        {
            i = found.end;
            match out.last_mut() {
                Some(prev) if found::continues(prev, &found, body) => found::merge(prev, found),
                _ => out.push(found),
            }
            continue;
        }
        i += 1;
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::layout::Cell;

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
    fn a_short_cell_centred_beside_a_wrapped_one_is_one_row() {
        // Word sets "Good" half a line below the first line of a two-line
        // cell: three lines 7 pt apart make one row.
        let a = line(&[("Judgement", 79.0), ("Grade", 395.0)], 100.0);
        let b = line(&[("The impact of leaders", 79.0), ("Good", 395.0)], 135.0);
        let c = line(&[("The experiences of children who need help", 79.0)], 178.0);
        let d = line(&[("Good", 395.0)], 185.0);
        let e = line(&[("and protection", 79.0)], 192.0);
        let f = line(&[("Overall effectiveness", 79.0), ("Good", 395.0)], 235.0);
        let body = vec![&a, &b, &c, &d, &e, &f];
        let found = find(&body, &[], 14.5);
        assert_eq!(found.len(), 1, "{found:?}");
        let t = &found[0].table;
        assert_eq!(t.header, vec!["Judgement", "Grade"]);
        assert_eq!(
            t.rows,
            vec![
                vec!["The impact of leaders", "Good"],
                vec!["The experiences of children who need help and protection", "Good"],
                vec!["Overall effectiveness", "Good"],
            ]
        );
        assert_eq!(found[0].end, 6);
    }

    /// A line of `pieces` (text, x0, x1), read as `cells` cells: one when
    /// the engine's gaps were too narrow to split it.
    fn pieces_line(pieces: &[(&str, f32, f32)], y: f32, one_cell: bool) -> Line {
        let pieces: Vec<Cell> = pieces
            .iter()
            .map(|&(t, x0, x1)| Cell { x0, x1, text: t.into() })
            .collect();
        let text = pieces.iter().map(|c| c.text.clone()).collect::<Vec<_>>().join(" ");
        let (x0, x1) = (pieces[0].x0, pieces[pieces.len() - 1].x1);
        let cells = if one_cell {
            vec![Cell { x0, x1, text: text.clone() }]
        } else {
            pieces.clone()
        };
        Line { page: 2, text, x0, x1, y, size: 10.0, pieces, cells, ..Default::default() }
    }

    #[test]
    fn a_borderless_grade_table_with_wrapped_and_run_together_cells() {
        // PEEL's five-tier judgements table without borders: a header cell
        // wrapped ("Requires" / "improvement", wider on its second line),
        // body cells wrapped over two or three lines, the last two columns
        // empty below the header, one cell's text run together with the
        // next one's by the engine ("Managing offenders Investigating
        // crime" across a narrow gap), and a line whose two cells came as
        // one run ("vulnerable people" "developing its").
        let l = |p: &[(&str, f32, f32)], y: f32| pieces_line(p, y, false);
        let lines = [
            l(&[("Outstanding", 65.0, 120.0), ("Good", 160.0, 180.0), ("Adequate", 255.0, 295.0), ("Requires", 350.0, 390.0), ("Inadequate", 445.0, 495.0)], 100.0),
            l(&[("improvement", 350.0, 405.0)], 110.5),
            l(&[("Recording crime", 65.0, 140.0), ("Treating people", 160.0, 235.0), ("Responding to the", 255.0, 340.0)], 125.5),
            l(&[("fairly and with", 160.0, 235.0), ("public", 255.0, 285.0)], 136.0),
            l(&[("respect", 160.0, 195.0)], 146.5),
            l(&[("Prevention and", 65.0, 135.0), ("Managing offenders Investigating crime", 160.0, 341.0)], 161.5),
            l(&[("deterrence", 65.0, 115.0), ("and suspects", 160.0, 220.0)], 172.0),
            l(&[("Protecting", 65.0, 115.0), ("Building and", 160.0, 220.0)], 187.0),
            pieces_line(&[("vulnerable people", 65.0, 150.0), ("developing its", 160.0, 230.0)], 197.5, true),
            l(&[("workforce", 160.0, 205.0)], 208.0),
            l(&[("Operating", 160.0, 205.0)], 223.0),
            l(&[("efficiently", 160.0, 215.0)], 233.5),
        ];
        let body: Vec<&Line> = lines.iter().collect();
        let found = find(&body, &[], 14.0);
        assert_eq!(found.len(), 1, "{found:?}");
        assert_eq!(found[0].end, lines.len());
        let t = &found[0].table;
        assert_eq!(t.header, ["Outstanding", "Good", "Adequate", "Requires improvement", "Inadequate"]);
        assert_eq!(
            t.rows,
            [
                ["Recording crime", "Treating people fairly and with respect", "Responding to the public", "", ""],
                ["Prevention and deterrence", "Managing offenders and suspects", "Investigating crime", "", ""],
                ["Protecting vulnerable people", "Building and developing its workforce", "", "", ""],
                ["", "Operating efficiently", "", "", ""],
            ]
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
