//! Whether a tag tree is trusted for the document's structure.
//!
//! In: the [`TagTree`]. Out: `None` when the tree says the structure well,
//! else the [`Weakness`] that makes it untrustworthy. A tree can reach all
//! the text and still say little about it: Word exports whose headings are
//! all `P` (no heading element at all), or whose running text sits in the
//! cells of page-layout tables (`Table > TR > TD > P`). Such a tree's
//! structure is read from the layout instead ([`super::read()`]).
//!
//! Which tables are layout is [`crate::parse::tables::layout`]'s rule, the
//! same one both paths use.

use crate::extract::{TagKid, TagNode, TagTree};
use crate::parse::tables::layout::is_layout;

/// A tree with less text than this is not judged: a short document may
/// well have no headings.
const MIN_CHARS: usize = 1500;
/// A tree with at least this share of its text in layout tables is weak.
const LAYOUT_SHARE: f64 = 0.4;
/// Deeper than this the walk stops (hostile trees).
const MAX_DEPTH: usize = 64;

/// Why a tree is not trusted for the structure.
#[derive(Debug, Clone, Copy, PartialEq)]
pub enum Weakness {
    /// No heading element (`H`, `H1`–`H6`) anywhere: every heading is a
    /// paragraph.
    NoHeadings,
    /// This share of the tree's text sits inside page-layout tables.
    LayoutTables(f64),
}

impl Weakness {
    /// The reason, as a warning says it.
    pub fn message(self) -> String {
        match self {
            Self::NoHeadings => {
                "the structure tree has no heading elements; structure read from layout".into()
            }
            Self::LayoutTables(share) => format!(
                "{:.0}% of the structure tree's text sits in page-layout tables; structure read from layout",
                share * 100.0
            ),
        }
    }
}

/// What the walk counts.
#[derive(Debug, Default)]
struct Count {
    /// Characters of text in the tree.
    chars: usize,
    /// Characters of text inside layout tables (outermost only).
    layout_chars: usize,
    /// Heading elements.
    headings: usize,
}

/// Judge `tree`: `None` when it is trusted.
pub fn judge(tree: &TagTree) -> Option<Weakness> {
    let mut count = Count::default();
    for root in &tree.roots {
        walk(root, false, 0, &mut count);
    }
    if count.chars < MIN_CHARS {
        return None;
    }
    if count.headings == 0 {
        return Some(Weakness::NoHeadings);
    }
    let share = count.layout_chars as f64 / count.chars as f64;
    (share >= LAYOUT_SHARE).then_some(Weakness::LayoutTables(share))
}

/// Count `n` and below; `in_layout` when an enclosing table is layout.
fn walk(n: &TagNode, in_layout: bool, depth: usize, count: &mut Count) {
    if depth > MAX_DEPTH {
        return;
    }
    let role = n.role.as_str();
    if role == "H" || (role.len() == 2 && role.starts_with('H') && role[1..].parse::<u8>().is_ok())
    {
        count.headings += 1;
    }
    let layout_here = !in_layout && role == "Table" && is_layout(&table_cells(n));
    for kid in &n.children {
        match kid {
            TagKid::Node(c) => walk(c, in_layout || layout_here, depth + 1, count),
            TagKid::Text(t) => {
                let chars = t.text.trim().chars().count();
                count.chars += chars;
                if in_layout || layout_here {
                    count.layout_chars += chars;
                }
            }
        }
    }
}

/// A table element's cells, row by row, each cell as its paragraphs' texts
/// (text straight in a cell is one paragraph). Nested tables are not
/// looked into.
pub fn table_cells(table: &TagNode) -> Vec<Vec<Vec<String>>> {
    let mut rows = Vec::new();
    collect_rows(table, &mut rows, 0);
    rows
}

fn collect_rows(n: &TagNode, rows: &mut Vec<Vec<Vec<String>>>, depth: usize) {
    if depth > 4 {
        return;
    }
    for c in n.nodes() {
        match c.role.as_str() {
            "THead" | "TBody" | "TFoot" => collect_rows(c, rows, depth + 1),
            "TR" => rows.push(c.nodes().map(cell_paragraphs).collect()),
            _ => {}
        }
    }
}

/// A cell's paragraphs: its block kids' texts, or its whole text.
fn cell_paragraphs(cell: &TagNode) -> Vec<String> {
    let blocks: Vec<String> = cell
        .nodes()
        .filter(|k| k.role != "Table")
        .map(|k| k.text().trim().to_string())
        .filter(|t| !t.is_empty())
        .collect();
    if blocks.is_empty() {
        let t = cell.text().trim().to_string();
        return if t.is_empty() { vec![] } else { vec![t] };
    }
    blocks
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::parse::tagged::fixtures::{cell, node, t, tree};

    const SENTENCE: &str = "Leaders have a clear and shared understanding of the needs of children in the area. ";

    fn prose(n: usize) -> String {
        SENTENCE.repeat(n)
    }

    #[test]
    fn a_tree_with_headings_and_paragraphs_is_trusted() {
        let tr = tree(vec![
            node("H1", vec![t("Title")]),
            node("P", vec![t(&prose(30))]),
            node("H2", vec![t("Section")]),
            node("P", vec![t(&prose(10))]),
        ]);
        assert_eq!(judge(&tr), None);
    }

    #[test]
    fn a_tree_without_heading_elements_is_weak() {
        let tr = tree(vec![
            node("P", vec![t("What needs to improve")]),
            node("P", vec![t(&prose(30))]),
        ]);
        assert_eq!(judge(&tr), Some(Weakness::NoHeadings));
    }

    #[test]
    fn a_short_tree_is_not_judged() {
        let tr = tree(vec![node("P", vec![t("A short note.")])]);
        assert_eq!(judge(&tr), None);
    }

    #[test]
    fn running_text_in_layout_tables_is_weak() {
        let page_box = node(
            "Table",
            vec![node(
                "TR",
                vec![node(
                    "TD",
                    vec![
                        node("P", vec![t(&prose(12))]),
                        node("P", vec![t(&prose(12))]),
                    ],
                )],
            )],
        );
        let tr = tree(vec![
            node("H1", vec![t("Title")]),
            page_box,
            node("P", vec![t(&prose(3))]),
        ]);
        match judge(&tr) {
            Some(Weakness::LayoutTables(share)) => assert!(share > 0.8, "{share}"),
            other => panic!("expected layout tables, got {other:?}"),
        }
    }

    #[test]
    fn a_data_table_does_not_make_a_tree_weak() {
        let rows: Vec<TagKid> = (0..40)
            .map(|i| {
                node(
                    "TR",
                    vec![cell("TD", &format!("Area {i}")), cell("TD", "Good")],
                )
            })
            .collect();
        let tr = tree(vec![
            node("H1", vec![t("Title")]),
            node("Table", rows),
            node("P", vec![t(&prose(20))]),
        ]);
        assert_eq!(judge(&tr), None);
    }
}
