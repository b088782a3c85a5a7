//! Tables from the tree.
//!
//! In: a `Table` node. Out: a [`Table`] pushed on the [`Builder`] with its
//! table block: rows from `TR` (through `THead`/`TBody`/`TFoot`), cells
//! from `TH`/`TD`; the header is the first row when it is in `THead` or all
//! `TH` (row headers in `TH` cells stay cells); the caption is a `Caption`
//! inside, or a "Table 2: …" paragraph just before.
//!
//! A layout table ([`crate::parse::tables::layout`]: cells of running text,
//! a box around a paragraph, a grid wrapping a page, a cover block set in
//! rows above a grid) is not a table: its
//! cells' contents are read as blocks, in order, so its paragraphs and
//! lists are body text and a real table nested in it is still a table.

use super::builder::Builder;
use super::trust::table_cells;
use crate::extract::region::Region;
use crate::parse::tables::layout::{is_layout, opens_with_cover};
use crate::extract::{TagKid, TagNode};
use crate::parse::event::Event;
use crate::parse::text;
use crate::record::{Block, Table};

impl Builder {
    /// A table: its rows, the first one the header when it is in `THead` or
    /// all `TH`; a caption inside it or a caption paragraph just before.
    pub(super) fn table(&mut self, n: &TagNode) {
        let cells = table_cells(n);
        if is_layout(&cells) || opens_with_cover(&cells) {
            self.layout_table(n);
        } else {
            self.data_table(n);
        }
    }

    /// A table of data: its rows, header and caption.
    fn data_table(&mut self, n: &TagNode) {
        let page = self.page_of(n);
        let mut rows: Vec<Row> = Vec::new();
        let mut caption = None;
        let mut refs = Vec::new();
        self.table_rows(n, false, &mut rows, &mut caption, &mut refs, 0);
        rows.retain(|r| r.cells.iter().any(|c| !c.is_empty()));
        if rows.is_empty() {
            return;
        }
        let (header, header_region) = if rows[0].in_head || (rows[0].all_th && rows.len() > 1) {
            let head = rows.remove(0);
            (head.cells, head.region)
        } else {
            (Vec::new(), Region::default())
        };
        let pages = n.pages();
        if caption.is_none() {
            caption = self.take_caption();
        }
        // Its box: where its cells are printed, the caption left out.
        let mut region = header_region;
        for r in &rows {
            region.extend(&r.region);
        }
        let (bbox, boxes) = region.split(page);
        let table = Table {
            footnote_run: 0,
            caption,
            page,
            pages: if pages.len() > 1 { pages } else { Vec::new() },
            header,
            rows: rows.into_iter().map(|r| r.cells).collect(),
            footnote_refs: refs,
            bbox,
            boxes,
            header_boxes: Vec::new(),
            cell_boxes: Vec::new(),
        };
        if self.continued(&table) {
            return;
        }
        self.events.push(Event::Block(Block::Table {
            table: self.tables.len(),
            page,
        }));
        self.tables.push(table);
    }

    /// A layout table read as body text: row by row, each cell's content
    /// as blocks; but a run of two rows or more that each hold two cells
    /// of short text or more (a grid drawn with the page table's own rows,
    /// as Word does for a judgements table) is a table.
    fn layout_table(&mut self, n: &TagNode) {
        let mut rows = Vec::new();
        layout_rows(n, &mut rows, 0);
        let mut run: Vec<&TagNode> = Vec::new();
        for tr in rows {
            if is_grid_row(tr) {
                run.push(tr);
                continue;
            }
            self.flush_run(&mut run);
            self.cells_as_blocks(tr);
        }
        self.flush_run(&mut run);
    }

    /// A run of grid rows: a table when two rows or more (the first its
    /// header), else blocks.
    fn flush_run(&mut self, run: &mut Vec<&TagNode>) {
        match run.len() {
            0 => {}
            1 => self.cells_as_blocks(run[0]),
            _ => {
                // Word marks no header in a page table; as on the layout
                // path, the grid's first row is its header.
                let head = TagNode {
                    role: "THead".into(),
                    children: vec![TagKid::Node(run[0].clone())],
                    ..TagNode::default()
                };
                let body = run[1..].iter().map(|tr| TagKid::Node((*tr).clone()));
                let table = TagNode {
                    role: "Table".into(),
                    children: std::iter::once(TagKid::Node(head)).chain(body).collect(),
                    ..TagNode::default()
                };
                self.data_table(&table);
            }
        }
        run.clear();
    }

    /// A row's cells read as blocks (a node that is not a cell, as a block).
    fn cells_as_blocks(&mut self, tr: &TagNode) {
        for c in tr.nodes() {
            if !matches!(c.role.as_str(), "TH" | "TD") {
                self.block(c, 0);
                continue;
            }
            for k in &c.children {
                match k {
                    TagKid::Node(k) => self.block(k, 0),
                    TagKid::Text(t) => self.push_loose(t),
                }
            }
            self.flush_loose();
        }
    }

    /// `next` carries on the table just read over a page turn (nothing
    /// between them, no header or caption of its own, as many columns, on
    /// the next page): its rows are joined to it. True when joined.
    fn continued(&mut self, next: &Table) -> bool {
        let Some(Event::Block(Block::Table { table, .. })) = self.events.last() else {
            return false;
        };
        let Some(prev) = self.tables.get_mut(*table) else {
            return false;
        };
        let width = |t: &Table| t.rows.iter().chain([&t.header]).map(Vec::len).max();
        let last_page = prev.pages.last().copied().unwrap_or(prev.page);
        if !next.header.is_empty()
            || next.caption.is_some()
            || next.page != last_page + 1
            || width(prev) != width(next)
        {
            return false;
        }
        if prev.pages.is_empty() {
            prev.pages.push(prev.page);
        }
        prev.pages.push(next.page);
        prev.rows.extend(next.rows.iter().cloned());
        prev.footnote_refs.extend(next.footnote_refs.iter().copied());
        let mut region = Region::of(prev.bbox, &prev.boxes, prev.page);
        region.extend(&Region::of(next.bbox, &next.boxes, next.page));
        (prev.bbox, prev.boxes) = region.split(prev.page);
        true
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
        let mut region = Region::default();
        let mut all_th = true;
        for c in tr.nodes() {
            let is_cell = matches!(c.role.as_str(), "TH" | "TD");
            let acc = self.gather_all(c);
            if !is_cell && acc.text.is_empty() {
                continue;
            }
            all_th &= c.role == "TH";
            refs.extend(acc.refs.iter().copied());
            region.extend(&acc.region);
            cells.push(crate::parse::text::without_bullets(&acc.text));
        }
        Row {
            cells,
            region,
            all_th,
            in_head,
        }
    }
}

/// The rows of a layout table, through `THead`/`TBody`/`TFoot`.
fn layout_rows<'a>(n: &'a TagNode, rows: &mut Vec<&'a TagNode>, depth: usize) {
    if depth > 8 {
        return;
    }
    for c in n.nodes() {
        match c.role.as_str() {
            "THead" | "TBody" | "TFoot" => layout_rows(c, rows, depth + 1),
            "TR" => rows.push(c),
            _ => {}
        }
    }
}

/// A row of a grid inside a layout table: two cells with text or more, no
/// cell of running text or holding a table, and not a "Label: value"
/// line.
fn is_grid_row(tr: &TagNode) -> bool {
    let cells: Vec<&TagNode> = tr
        .nodes()
        .filter(|c| matches!(c.role.as_str(), "TH" | "TD"))
        .collect();
    let texts: Vec<String> = cells.iter().map(|c| c.text().trim().to_string()).collect();
    let filled = texts.iter().filter(|t| !t.is_empty()).count();
    let nested = cells.iter().any(|c| c.nodes().any(|k| k.role == "Table"));
    let labelled = texts.first().is_some_and(|t| t.ends_with(':'));
    filled >= 2 && !nested && !labelled && !is_layout(&[texts.into_iter().map(|t| vec![t]).collect()])
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
    /// Where its cells are printed.
    region: Region,
}

#[cfg(test)]
mod tests {
    use crate::parse::tagged::fixtures::{cell, node, t, tree};
    use crate::parse::tagged::tree::parse;

    #[test]
    fn a_layout_table_is_body_text_around_a_real_table() {
        let prose = "Children are seen quickly and their needs are well understood. ".repeat(3);
        let judgements = node(
            "Table",
            vec![
                node("TR", vec![cell("TD", "Judgement"), cell("TD", "Grade")]),
                node("TR", vec![cell("TD", "Overall"), cell("TD", "Good")]),
            ],
        );
        let tr = tree(vec![node(
            "Table",
            vec![node(
                "TR",
                vec![node(
                    "TD",
                    vec![
                        node("P", vec![t("What needs to improve")]),
                        judgements,
                        node("P", vec![t(&prose)]),
                        node("P", vec![t(&prose)]),
                    ],
                )],
            )],
        )]);
        let p = parse(&tr).expect("usable").stream;
        assert_eq!(p.tables.len(), 1);
        assert_eq!(p.tables[0].rows[0], vec!["Judgement", "Grade"]);
        let paragraphs = p
            .events
            .iter()
            .filter(|e| matches!(e, crate::parse::Event::Block(crate::record::Block::Paragraph { .. })))
            .count();
        // The first paragraph may be taken as the title.
        assert_eq!(paragraphs + p.title_lines.len(), 3);
    }

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
