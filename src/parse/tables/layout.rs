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
//! - a cell holds running text: at least two paragraphs of [`PROSE_CELL`]
//!   characters or more together, or one paragraph of [`PAGE_CELL`] or
//!   more (a page's text);
//! - or it has one column (no row with two cells holding text) and a cell
//!   of [`BOX_CELL`] characters or more: a boxed paragraph or panel.

/// Two paragraphs or more in one cell, this long together, are running text.
pub const PROSE_CELL: usize = 300;
/// One paragraph this long in a cell is a page's running text.
pub const PAGE_CELL: usize = 700;
/// A one-column table with a cell this long is a box around text.
pub const BOX_CELL: usize = 120;

/// Whether a table of `rows` (each cell as its paragraphs) is layout.
pub fn is_layout(rows: &[Vec<Vec<String>>]) -> bool {
    let cells = || rows.iter().flatten();
    if cells().any(|c| is_running_text(c)) {
        return true;
    }
    let one_column = rows
        .iter()
        .all(|r| r.iter().filter(|c| chars(c) > 0).count() <= 1);
    one_column && cells().any(|c| chars(c) >= BOX_CELL)
}

/// [`is_layout`] for cells read as single strings (the layout path).
pub fn is_layout_text(header: &[String], rows: &[Vec<String>]) -> bool {
    let as_paragraphs = |r: &Vec<String>| r.iter().map(|c| vec![c.clone()]).collect::<Vec<_>>();
    let mut all: Vec<Vec<Vec<String>>> = Vec::with_capacity(rows.len() + 1);
    if !header.is_empty() {
        all.push(as_paragraphs(&header.to_vec()));
    }
    all.extend(rows.iter().map(as_paragraphs));
    is_layout(&all)
}

/// A cell of paragraphs that is running text.
fn is_running_text(cell: &[String]) -> bool {
    let total = chars(cell);
    let paragraphs = cell.iter().filter(|p| !p.trim().is_empty()).count();
    (paragraphs >= 2 && total >= PROSE_CELL) || cell.iter().any(|p| p.chars().count() >= PAGE_CELL)
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
    fn a_page_in_one_cell_is_layout() {
        let a = long(12);
        let rows = vec![vec![c(&["Heading"]), c(&[&a])]];
        assert!(is_layout(&rows));
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
