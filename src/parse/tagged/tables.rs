//! Tables from the tree.
//!
//! In: a `Table` node. Out: a [`Table`] pushed on the [`Builder`] with its
//! table block: rows from `TR` (through `THead`/`TBody`/`TFoot`), cells
//! from `TH`/`TD`; the header is the first row when it is in `THead` or all
//! `TH` (row headers in `TH` cells stay cells); the caption is a `Caption`
//! inside, or a "Table 2: …" paragraph just before.

use super::builder::Builder;
use crate::extract::{TagKid, TagNode};
use crate::parse::event::Event;
use crate::parse::text;
use crate::record::{Block, Table};

impl Builder {
    /// A table: its rows, the first one the header when it is in `THead` or
    /// all `TH`; a caption inside it or a caption paragraph just before.
    pub(super) fn table(&mut self, n: &TagNode) {
        let page = self.page_of(n);
        let mut rows: Vec<Row> = Vec::new();
        let mut caption = None;
        let mut refs = Vec::new();
        self.table_rows(n, false, &mut rows, &mut caption, &mut refs, 0);
        rows.retain(|r| r.cells.iter().any(|c| !c.is_empty()));
        if rows.is_empty() {
            return;
        }
        let header = if rows[0].in_head || (rows[0].all_th && rows.len() > 1) {
            rows.remove(0).cells
        } else {
            Vec::new()
        };
        let pages = n.pages();
        if caption.is_none() {
            caption = self.take_caption();
        }
        let table = Table {
            caption,
            page,
            pages: if pages.len() > 1 { pages } else { Vec::new() },
            header,
            rows: rows.into_iter().map(|r| r.cells).collect(),
            footnote_refs: refs,
        };
        self.events.push(Event::Block(Block::Table {
            table: self.tables.len(),
            page,
        }));
        self.tables.push(table);
    }

    /// A "Table 2: …" paragraph just before a table is its caption.
    fn take_caption(&mut self) -> Option<String> {
        let Some(Event::Block(Block::Paragraph { text, .. })) = self.events.last() else {
            return None;
        };
        if text::caption_label(text).is_err() || text.ends_with('.') {
            return None;
        }
        let text = text.clone();
        self.events.pop();
        Some(text)
    }

    /// The rows below `n` (through `THead`, `TBody`, `TFoot`); cells
    /// straight under it make one row.
    fn table_rows(
        &mut self,
        n: &TagNode,
        in_head: bool,
        rows: &mut Vec<Row>,
        caption: &mut Option<String>,
        refs: &mut Vec<u32>,
        depth: usize,
    ) {
        if depth > 8 {
            return;
        }
        let mut stray: Vec<&TagNode> = Vec::new();
        for c in n.nodes() {
            match c.role.as_str() {
                "THead" => self.table_rows(c, true, rows, caption, refs, depth + 1),
                "TBody" | "TFoot" => self.table_rows(c, in_head, rows, caption, refs, depth + 1),
                "TR" => {
                    let row = self.row(c, in_head, refs);
                    rows.push(row);
                }
                "TH" | "TD" => stray.push(c),
                "Caption" => {
                    let acc = self.gather_all(c);
                    if !acc.text.is_empty() {
                        *caption = Some(acc.text);
                    }
                }
                _ => {}
            }
        }
        if !stray.is_empty() {
            // Cells straight under the table: one row.
            let tr = TagNode {
                role: "TR".into(),
                children: stray.into_iter().cloned().map(TagKid::Node).collect(),
                ..TagNode::default()
            };
            let row = self.row(&tr, in_head, refs);
            rows.push(row);
        }
    }

    /// One row: its cells' text, whether all are `TH`.
    fn row(&mut self, tr: &TagNode, in_head: bool, refs: &mut Vec<u32>) -> Row {
        let mut cells = Vec::new();
        let mut all_th = true;
        for c in tr.nodes() {
            let is_cell = matches!(c.role.as_str(), "TH" | "TD");
            let acc = self.gather_all(c);
            if !is_cell && acc.text.is_empty() {
                continue;
            }
            all_th &= c.role == "TH";
            refs.extend(acc.refs.iter().copied());
            cells.push(acc.text);
        }
        Row {
            cells,
            all_th,
            in_head,
        }
    }
}

/// One table row while it is read.
#[derive(Debug)]
struct Row {
    /// Cell texts.
    cells: Vec<String>,
    /// Every cell is a `TH`.
    all_th: bool,
    /// The row is in `THead`.
    in_head: bool,
}

#[cfg(test)]
mod tests {
    use crate::parse::tagged::fixtures::{cell, node, t, tree};
    use crate::parse::tagged::tree::parse;

    #[test]
    fn table_without_head_has_no_header() {
        let tr = tree(vec![node(
            "Table",
            vec![
                node(
                    "TR",
                    vec![
                        cell("TD", "Judgement"),
                        cell("TD", "Grade"),
                        node("Span", vec![t("")]),
                    ],
                ),
                node("TR", vec![cell("TD", "Overall"), cell("TD", "Good")]),
            ],
        )]);
        let p = parse(&tr).expect("usable").stream;
        assert!(p.tables[0].header.is_empty());
        assert_eq!(p.tables[0].rows[0], vec!["Judgement", "Grade"]);
    }
}
