//! Layout tables against data tables, one rule for both paths.
//!
//! In: a table's cells, row by row, each cell as its paragraphs (the layout
//! path, which sees no paragraphs inside a cell, gives each cell as one).
//! Out: whether the table is a page-layout device — a box around running
//! text, a grid that wraps a page's text, a boxed panel — rather than a
//! table of data. A layout table's content is body text; a real table
//! nested inside it is still a table (the caller's concern).
//!
//! A table is layout when
//! - a cell holds a page's text: [`PAGE_CELL`] characters or more;
//! - or a cell holds running text (two paragraphs or more, [`PROSE_CELL`]
//!   characters or more together) and fewer than half its rows have two
//!   cells with text (a grid with a row of commentary is still data);
//! - or it has one column (no row with two cells holding text): a boxed
//!   paragraph, label or panel.

/// Two paragraphs or more in one cell, this long together, are running text.
pub const PROSE_CELL: usize = 300;
/// A cell this long is a page's running text.
pub const PAGE_CELL: usize = 700;

/// Whether a table of `rows` (each cell as its paragraphs) is layout.
pub fn is_layout(rows: &[Vec<Vec<String>>]) -> bool {
    let cells = || rows.iter().flatten();
    if cells().any(|c| chars(c) >= PAGE_CELL) {
        return true;
    }
    let grid_rows = grid_rows(rows);
    if grid_rows * 2 < rows.len() && cells().any(|c| is_running_text(c)) {
        return true;
    }
    grid_rows == 0 && cells().any(|c| chars(c) > 0)
}

/// Whether a tree table opens with a cover block: two rows or more, each
/// with text in one cell only, before its first row with text in two
/// cells (a report's name, title and dates set in the rows of the page
/// table that also holds the judgements grid). Such a table is layout; the
/// grid below is still a table. A single spanning row over a grid ("The
/// overall judgement is good…") is the table's own first row.
///
/// Only the tag path asks: there a table is the tree's `Table` element,
/// whatever it wraps. On the layout path a table is only the run of lines
/// whose cells line up, so a cover block above a grid is never part of it.
pub fn opens_with_cover(rows: &[Vec<Vec<String>>]) -> bool {
    let single = rows
        .iter()
        .take_while(|r| filled(r) < 2)
        .filter(|r| filled(r) == 1)
        .count();
    single >= 2 && rows.iter().any(|r| filled(r) >= 2)
}

/// [`is_layout`] for cells read as single strings (the layout path); and,
/// as only the layout path can meet it, a column of running text read a
/// line a row ([`runs_on`]).
pub fn is_layout_text(header: &[String], rows: &[Vec<String>]) -> bool {
    let as_paragraphs = |r: &Vec<String>| r.iter().map(|c| vec![c.clone()]).collect::<Vec<_>>();
    let mut all: Vec<Vec<Vec<String>>> = Vec::with_capacity(rows.len() + 1);
    if !header.is_empty() {
        all.push(as_paragraphs(&header.to_vec()));
    }
    all.extend(rows.iter().map(as_paragraphs));
    is_layout(&all) || runs_on(&all)
}

/// Whether a table read a line a row is a column of running text beside
/// something that merely lines up with it (a drop capital, a sidebar, a
/// margin note): fewer than half its rows have two cells with text, and
/// one column's cells, taken in order, are [`PROSE_CELL`] characters or
/// more of which most carry on the sentence of the cell above (opening in
/// lower case). A data table's cells each open their own entry.
fn runs_on(rows: &[Vec<Vec<String>>]) -> bool {
    if grid_rows(rows) * 2 >= rows.len() {
        return false;
    }
    let columns = rows.iter().map(Vec::len).max().unwrap_or(0);
    (0..columns).any(|k| {
        let cells: Vec<&Vec<String>> = rows
            .iter()
            .filter_map(|r| r.get(k))
            .filter(|c| chars(c) > 0)
            .collect();
        let carried = cells
            .iter()
            .skip(1)
            .filter(|c| {
                c.first()
                    .and_then(|p| p.trim().chars().next())
                    .is_some_and(char::is_lowercase)
            })
            .count();
        cells.len() >= 4
            && cells.iter().map(|c| chars(c)).sum::<usize>() >= PROSE_CELL
            && carried * 2 > cells.len() - 1
    })
}

/// A cell of paragraphs that is running text.
fn is_running_text(cell: &[String]) -> bool {
    let paragraphs = cell.iter().filter(|p| !p.trim().is_empty()).count();
    paragraphs >= 2 && chars(cell) >= PROSE_CELL
}

/// Cells of a row that hold text.
fn filled(row: &[Vec<String>]) -> usize {
    row.iter().filter(|c| chars(c) > 0).count()
}

/// Rows with text in two cells or more.
fn grid_rows(rows: &[Vec<Vec<String>>]) -> usize {
    rows.iter().filter(|r| filled(r) >= 2).count()
}

/// Characters of text in a cell.
fn chars(cell: &[String]) -> usize {
    cell.iter().map(|p| p.trim().chars().count()).sum()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn c(ps: &[&str]) -> Vec<String> {
        ps.iter().map(|p| (*p).to_string()).collect()
    }

    fn long(n: usize) -> String {
        "Children are seen quickly and their needs are well understood. ".repeat(n)
    }

    #[test]
    fn a_cover_block_over_the_judgements_grid_opens_the_table() {
        let spacer = vec![c(&[])];
        let rows = vec![
            spacer.clone(),
            vec![c(&["London Borough of Enfield"])],
            spacer.clone(),
            vec![c(&["Inspection of children's social care services"])],
            vec![c(&["Lead inspector:"]), c(&["A Name"])],
            vec![c(&["Judgement"]), c(&["Grade"])],
            vec![c(&["Overall effectiveness"]), c(&["Good"])],
        ];
        assert!(opens_with_cover(&rows));
        assert!(!is_layout(&rows), "the rule is the tag path's own");
    }

    #[test]
    fn one_spanning_row_over_a_grid_is_the_table_s_own() {
        let rows = vec![
            vec![c(&["The overall judgement is good."])],
            vec![c(&["Children who need help"]), c(&["Good"])],
            vec![c(&["Leadership"]), c(&["Good"])],
        ];
        assert!(!opens_with_cover(&rows));
        let no_grid = vec![vec![c(&["Title"])], vec![c(&["Subtitle"])]];
        assert!(!opens_with_cover(&no_grid), "no grid: is_layout's one-column rule");
    }

    #[test]
    fn a_judgements_table_is_data() {
        let rows = vec![
            vec![c(&["Judgement"]), c(&["Grade"])],
            vec![c(&["Overall effectiveness"]), c(&["Good"])],
        ];
        assert!(!is_layout(&rows));
    }

    #[test]
    fn a_cell_of_paragraphs_is_layout() {
        let a = long(3);
        let rows = vec![vec![c(&[&a, &a])]];
        assert!(is_layout(&rows));
    }

    #[test]
    fn a_grid_with_a_row_of_commentary_is_data() {
        let a = long(3);
        let rows = vec![
            vec![c(&["The overall judgement is good", &a])],
            vec![c(&["1. Children who need help"]), c(&["good"])],
            vec![c(&["2. Children looked after"]), c(&["good"])],
        ];
        assert!(!is_layout(&rows));
    }

    #[test]
    fn a_page_in_one_cell_is_layout() {
        let a = long(12);
        let rows = vec![vec![c(&["Heading"]), c(&[&a])]];
        assert!(is_layout(&rows));
    }

    #[test]
    fn a_column_of_running_text_read_a_line_a_row_is_layout() {
        // A magazine column beside its drop capital and a sidebar note.
        let column = [
            "he release of the Bureau of Labor Statistics projections,",
            "which are published every 2 years, is the second since the",
            "recession that began in 2007. The characteristics and",
            "impacts of a recession are usually under-",
            "stood only in retrospect. Industries are af-",
            "fected differently, and the recovery for each",
            "industry is different as well, so that the",
        ];
        let mut rows: Vec<Vec<String>> = column
            .iter()
            .map(|l| vec![String::new(), (*l).to_string()])
            .collect();
        rows[0][0] = "T".into();
        rows.push(vec!["Richard Henderson is an economist".into(), "upcoming period.".into()]);
        assert!(is_layout_text(&[], &rows));
        // A list of entries, one a row, each opening its own: data.
        let entries: Vec<Vec<String>> = [
            "Children in need of help and protection are seen quickly",
            "Assessments are thorough and consider the whole family",
            "Plans are clear about what needs to change for children",
            "Children in care live in stable homes near their families",
            "Care leavers are supported into education and employment",
            "Leaders know their services well and act on what they find",
        ]
        .iter()
        .map(|l| vec![(*l).to_string(), String::new()])
        .collect();
        assert!(!is_layout_text(&["Strengths".into(), "Grade".into()], &entries));
        // Wrapped rows that carry on, with a second column filled on most
        // rows: a grid, not a column of text.
        let grid: Vec<Vec<String>> = column
            .iter()
            .map(|l| vec![(*l).to_string(), "12.5".to_string()])
            .collect();
        assert!(!is_layout_text(&[], &grid));
    }

    #[test]
    fn a_boxed_label_is_layout() {
        assert!(is_layout(&[vec![c(&["Inspection outcome"])]]));
        assert!(!is_layout(&[]));
    }

    #[test]
    fn a_boxed_paragraph_is_layout() {
        let a = long(2);
        let rows = vec![vec![c(&["Areas for improvement"])], vec![c(&[&a])]];
        assert!(is_layout(&rows));
    }

    #[test]
    fn long_single_paragraph_cells_in_two_columns_are_data() {
        let a = long(6);
        let rows = vec![
            vec![c(&["Responsible body"]), c(&["Areas for priority action"])],
            vec![c(&["The council and its partners"]), c(&[&a])],
        ];
        assert!(!is_layout(&rows));
        let header = vec!["Responsible body".to_string(), "Action".to_string()];
        assert!(!is_layout_text(&header, &[vec!["The council".into(), a.clone()]]));
        assert!(is_layout_text(&[], &[vec![a]]));
    }
}
