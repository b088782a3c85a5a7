//! Stage 2 for tagged PDFs — the document's own structure tree → [`Parsed`].
//!
//! In: the [`TagTree`] the extraction stage read (roles after the role map,
//! text at the leaves). Out: the same [`Parsed`] the layout path makes, so
//! the findings stage and the record do not care which path ran.
//!
//! The tree is the author's statement of the structure and is taken as it
//! stands:
//! - `H1`–`H6` are headings of that level; a bare `H` takes the depth of
//!   the `Sect`s around it;
//! - `P` (and other block or inline elements met at block level) are
//!   paragraphs; `L`/`LI`/`Lbl`/`LBody` lists (a nested list's items follow
//!   its parent item); `Table`/`THead`/`TBody`/`TR`/`TH`/`TD` tables, the
//!   header being the first row when it is in `THead` or all `TH` (row
//!   headers in `TH` cells stay cells);
//! - `Note` is a footnote: its number is the one its text opens with; the
//!   block citing it is the one holding the note inline (Word puts the
//!   reference mark and the note in a `Link`), else the nearest block
//!   before it whose text carries the number as a reference mark glued to
//!   a word ("young people1"); the mark is taken out of the text and the
//!   number put in that block's `footnote_refs`. Link URLs are kept in the
//!   footnote's `urls`.
//! - `TOC`, `Figure`, `Artifact` and form fields are not body text.
//!
//! The title is the largest text on the first page with text.
//!
//! Where the tree is broken — it reaches too little of the text, or
//! nothing usable — [`parse_or_layout`] falls back to the layout path for
//! the whole document; pages the tree does not reach are read by the
//! layout path and spliced in by page. Either way a warning says so.

use super::headings::{Heading, Style};
use super::{Event, Parsed, collapse, text};
use crate::extract::{Document, TagKid, TagNode, TagTree};
use crate::layout;
use crate::record::{Block, Footnote, ListItem, Section, StructureSource, Table, Warning};
use std::collections::{HashMap, HashSet};

/// A page whose text the tree reaches less than this share of is read by
/// the layout path.
const PAGE_COVER: f64 = 0.5;
/// A tree that reaches less than this share of the document's text is not
/// used at all.
const DOC_COVER: f64 = 0.3;
/// Pages with fewer characters than this are not judged for coverage.
const PAGE_MIN_CHARS: usize = 40;
/// Longest text (bytes) taken as a title.
const MAX_TITLE: usize = 250;
/// How many blocks back a note's reference mark is looked for.
const MARK_LOOKBACK: usize = 25;

/// The result of reading a tree.
#[derive(Debug, Clone, PartialEq)]
pub struct Tagged {
    /// The structure, as the layout path would give it.
    pub parsed: Parsed,
    /// Pages with text that the tree does not reach.
    pub weak_pages: Vec<u32>,
}

/// Read `doc`'s structure from its tag tree when it has a usable one,
/// falling back to the layout path for what the tree misses. Returns the
/// structure and which path produced it.
pub fn parse_or_layout(doc: &Document) -> (Parsed, StructureSource) {
    let layout_parse = |d: &Document| super::parse(&layout::lay_out(d));
    let Some(tree) = &doc.tags else {
        return (layout_parse(doc), StructureSource::Layout);
    };
    let Some(mut tagged) = parse(tree) else {
        let mut parsed = layout_parse(doc);
        parsed.warnings.push(Warning {
            code: "tag_fallback".into(),
            message: "the structure tree reaches too little of the text; read from layout".into(),
            page: None,
        });
        return (parsed, StructureSource::Layout);
    };
    // Boxed panels (findings are often set in them) are a matter of drawn
    // boxes, which the tree does not say: take them from the layout.
    let laid = layout::lay_out(doc);
    if laid.lines().any(|l| l.panel) {
        tagged.parsed.panels = super::parse(&laid).panels;
    }
    if !tagged.weak_pages.is_empty() {
        let sub = Document {
            pages: doc
                .pages
                .iter()
                .map(|p| {
                    if tagged.weak_pages.contains(&p.number) {
                        p.clone()
                    } else {
                        crate::extract::Page {
                            number: p.number,
                            width: p.width,
                            height: p.height,
                            ..Default::default()
                        }
                    }
                })
                .collect(),
            tags: None,
            ..doc.clone()
        };
        let from_layout = layout_parse(&sub);
        for &page in &tagged.weak_pages {
            tagged.parsed.warnings.push(Warning::on_page(
                "tag_fallback",
                page,
                "the structure tree does not reach this page's text; read from layout",
            ));
        }
        splice(&mut tagged.parsed, from_layout);
    }
    (tagged.parsed, StructureSource::Tags)
}

/// Turn a tag tree into the parsed structure. `None` when the tree is not
/// usable (it reaches too little of the text, or yields no blocks).
pub fn parse(tree: &TagTree) -> Option<Tagged> {
    let total: usize = tree.pages.iter().map(|p| p.chars).sum();
    let reached: usize = tree.pages.iter().map(|p| p.tagged).sum();
    if total == 0 || (reached as f64) < total as f64 * DOC_COVER {
        return None;
    }
    let mut b = Builder::default();
    for root in &tree.roots {
        b.block(root, 0);
    }
    b.flush_loose();
    if b.events.is_empty() {
        return None;
    }
    let title_lines = b.take_title();
    b.drop_furniture();
    let mut warnings = std::mem::take(&mut b.warnings);
    if tree.truncated {
        warnings.push(Warning {
            code: "tag_truncated".into(),
            message: "the structure tree is cyclic or too deep; its reading stopped early".into(),
            page: None,
        });
    }
    let weak_pages = tree
        .pages
        .iter()
        .filter(|p| p.chars >= PAGE_MIN_CHARS && (p.tagged as f64) < p.chars as f64 * PAGE_COVER)
        .map(|p| p.page)
        .collect();
    let (preamble, sections) = super::assemble::tree(b.events);
    Some(Tagged {
        parsed: Parsed {
            title_lines,
            preamble,
            sections,
            tables: b.tables,
            footnotes: b.footnotes,
            contents: Vec::new(),
            panels: Vec::new(),
            warnings,
        },
        weak_pages,
    })
}

/// Text gathered from inline content: the text, the notes it holds (with
/// the mark taken out of the text) and the URLs of its links.
#[derive(Debug, Default)]
struct Inline {
    text: String,
    refs: Vec<u32>,
    urls: Vec<String>,
}

#[derive(Debug, Default)]
struct Builder {
    events: Vec<Event>,
    tables: Vec<Table>,
    footnotes: Vec<Footnote>,
    warnings: Vec<Warning>,
    /// Title candidates: headings and paragraphs, in order.
    cover: Vec<Cover>,
    /// Marked text met directly under a grouping element.
    loose: Vec<(String, u32)>,
    last_page: u32,
    last_note: u32,
    run: u32,
}

/// Roles that group blocks and have no meaning of their own here.
fn is_grouping(role: &str) -> bool {
    matches!(
        role,
        "Document"
            | "DocumentFragment"
            | "Part"
            | "Art"
            | "Sect"
            | "Div"
            | "NonStruct"
            | "Private"
            | "Aside"
            | "BlockQuote"
            | "Index"
    )
}

/// Roles that are blocks in their own right.
fn is_block_role(role: &str) -> bool {
    is_grouping(role)
        || heading_level(role).is_some()
        || matches!(role, "P" | "L" | "Table" | "TOC" | "Title")
}

/// Level of a numbered heading role.
fn heading_level(role: &str) -> Option<u8> {
    match role {
        "H1" => Some(1),
        "H2" => Some(2),
        "H3" => Some(3),
        "H4" => Some(4),
        "H5" => Some(5),
        "H6" => Some(6),
        _ => None,
    }
}

fn is_note(role: &str) -> bool {
    matches!(role, "Note" | "FENote")
}

/// Roles whose content is not body text.
fn is_skipped(role: &str) -> bool {
    matches!(
        role,
        "Artifact" | "Figure" | "Form" | "Annot" | "TOC" | "TOCI" | "Formula"
    )
}

impl Builder {
    /// A node met at block level. `sects` counts the `Sect`s around it.
    fn block(&mut self, n: &TagNode, sects: u8) {
        let role = n.role.as_str();
        if is_skipped(role) {
            return;
        }
        if is_note(role) {
            self.flush_loose();
            self.block_note(n);
            return;
        }
        if let Some(level) = heading_level(role) {
            self.flush_loose();
            self.heading(n, level);
            return;
        }
        match role {
            "H" => {
                self.flush_loose();
                self.heading(n, sects.clamp(1, 6));
            }
            "L" => {
                self.flush_loose();
                self.list(n);
            }
            "Table" => {
                self.flush_loose();
                self.table(n);
            }
            _ if is_grouping(role) || (has_block_kids(n) && role != "Title") => {
                let depth = if role == "Sect" {
                    sects.saturating_add(1)
                } else {
                    sects
                };
                for kid in &n.children {
                    match kid {
                        TagKid::Node(c) => self.block(c, depth),
                        TagKid::Text(t) => {
                            if !t.text.trim().is_empty() {
                                self.loose.push((t.text.clone(), t.page));
                            }
                        }
                    }
                }
                self.flush_loose();
            }
            _ => {
                self.flush_loose();
                self.paragraph(n);
            }
        }
    }

    /// Marked text met directly under a grouping element becomes one
    /// paragraph.
    fn flush_loose(&mut self) {
        if self.loose.is_empty() {
            return;
        }
        let page = self.loose[0].1;
        let joined: String = self.loose.drain(..).map(|(t, _)| t).collect();
        let text = collapse(&joined);
        if !text.is_empty() {
            self.last_page = page;
            self.events.push(Event::Block(Block::Paragraph {
                text,
                page,
                footnote_refs: vec![],
            }));
        }
    }

    fn page_of(&mut self, n: &TagNode) -> u32 {
        let page = n.first_page().unwrap_or(self.last_page).max(1);
        self.last_page = page;
        page
    }

    /// Gather the text below `n`; notes met inline become footnotes cited
    /// here, and nodes for which `defer` holds are set aside, not read.
    fn gather<'t>(
        &mut self,
        n: &'t TagNode,
        acc: &mut Inline,
        defer: &dyn Fn(&TagNode) -> bool,
        deferred: &mut Vec<&'t TagNode>,
    ) {
        for u in &n.urls {
            if !acc.urls.contains(u) {
                acc.urls.push(u.clone());
            }
        }
        if let Some(t) = &n.actual_text {
            acc.text.push_str(t);
            return;
        }
        for kid in &n.children {
            match kid {
                TagKid::Text(t) => acc.text.push_str(&t.text),
                TagKid::Node(c) if is_note(&c.role) => {
                    let mark = trailing_number(&acc.text);
                    let number = self.note(c, mark.map(|(n, _)| n));
                    if let Some((n, at)) = mark
                        && n == number
                    {
                        acc.text.truncate(at);
                    }
                    acc.text.push(' ');
                    acc.refs.push(number);
                }
                TagKid::Node(c) if c.role == "Artifact" => {}
                TagKid::Node(c) if defer(c) => {
                    acc.text.push(' ');
                    deferred.push(c);
                }
                TagKid::Node(c) => {
                    if is_block_role(&c.role) || matches!(c.role.as_str(), "TD" | "TH" | "LI") {
                        acc.text.push(' ');
                    }
                    self.gather(c, acc, defer, deferred);
                }
            }
        }
    }

    /// Gather all text below `n`.
    fn gather_all(&mut self, n: &TagNode) -> Inline {
        let mut acc = Inline::default();
        let mut none = Vec::new();
        self.gather(n, &mut acc, &|_| false, &mut none);
        acc.text = collapse(&acc.text);
        acc
    }

    fn heading(&mut self, n: &TagNode, level: u8) {
        let page = self.page_of(n);
        let size = n.max_size();
        let acc = self.gather_all(n);
        if acc.text.is_empty() {
            return;
        }
        self.cover.push(Cover {
            event: self.events.len(),
            size,
            page,
            text: acc.text.clone(),
            heading: Some(level),
            declared: false,
        });
        self.events.push(Event::Heading(Heading {
            text: acc.text,
            page,
            style: Style {
                half_points: (size * 2.0).round() as i32,
                bold: false,
                italic: false,
            },
            level,
            refs: acc.refs,
            from_contents: None,
            numbered: None,
            caption: false,
        }));
    }

    fn paragraph(&mut self, n: &TagNode) {
        let declared = n.role == "Title";
        let page = self.page_of(n);
        let size = n.max_size();
        let acc = self.gather_all(n);
        if acc.text.is_empty() {
            return;
        }
        self.cover.push(Cover {
            event: self.events.len(),
            size,
            page,
            text: acc.text.clone(),
            heading: None,
            declared,
        });
        self.events.push(Event::Block(Block::Paragraph {
            text: acc.text,
            page,
            footnote_refs: acc.refs,
        }));
    }

    fn list(&mut self, n: &TagNode) {
        let page = self.page_of(n);
        let mut items: Vec<ListItem> = Vec::new();
        let mut numbered = 0usize;
        self.list_items(n, &mut items, &mut numbered, 0);
        if items.is_empty() {
            return;
        }
        let ordered = match n.list_numbering.as_deref() {
            Some("Decimal" | "UpperRoman" | "LowerRoman" | "UpperAlpha" | "LowerAlpha") => true,
            Some(_) => numbered * 2 > items.len(),
            None => numbered * 2 > items.len(),
        };
        let footnote_refs = items
            .iter()
            .flat_map(|i| i.footnote_refs.iter().copied())
            .collect();
        self.events.push(Event::Block(Block::List {
            ordered,
            items,
            page,
            footnote_refs,
        }));
    }

    fn list_items(
        &mut self,
        n: &TagNode,
        items: &mut Vec<ListItem>,
        numbered: &mut usize,
        depth: usize,
    ) {
        if depth > 16 {
            return;
        }
        for kid in &n.children {
            let TagKid::Node(c) = kid else { continue };
            match c.role.as_str() {
                "L" => self.list_items(c, items, numbered, depth + 1),
                r if is_skipped(r) => {}
                r if is_note(r) => self.block_note(c),
                _ => {
                    // An LI (or a stray LBody/P): label, then body; a
                    // nested list closes the item and its items follow.
                    let mut acc = Inline::default();
                    let mut label = String::new();
                    let parts: Vec<&TagNode> = if c.role == "LI" {
                        c.nodes().collect()
                    } else {
                        vec![c]
                    };
                    for part in parts {
                        if part.role == "Lbl" {
                            label.push_str(&part.text());
                            continue;
                        }
                        if part.role == "L" {
                            self.push_item(&mut acc, &label, items, numbered);
                            label.clear();
                            self.list_items(part, items, numbered, depth + 1);
                            continue;
                        }
                        let mut nested = Vec::new();
                        self.gather(part, &mut acc, &|x| x.role == "L", &mut nested);
                        for l in nested {
                            self.push_item(&mut acc, &label, items, numbered);
                            label.clear();
                            self.list_items(l, items, numbered, depth + 1);
                        }
                    }
                    self.push_item(&mut acc, &label, items, numbered);
                }
            }
        }
    }

    /// Close the item gathered in `acc` (if it has text).
    fn push_item(
        &mut self,
        acc: &mut Inline,
        label: &str,
        items: &mut Vec<ListItem>,
        numbered: &mut usize,
    ) {
        let taken = std::mem::take(acc);
        let text = collapse(&taken.text);
        let (text, is_numbered) = strip_label(&text);
        let label = collapse(label);
        if is_numbered || label.chars().next().is_some_and(|c| c.is_alphanumeric()) {
            *numbered += 1;
        }
        if text.is_empty() {
            return;
        }
        items.push(ListItem {
            text,
            footnote_refs: taken.refs,
        });
    }

    fn table(&mut self, n: &TagNode) {
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

    /// A note met inline: record the footnote and return its number.
    /// `mark` is the number printed just before it, if any.
    fn note(&mut self, n: &TagNode, mark: Option<u32>) -> u32 {
        let page = n.first_page().unwrap_or(self.last_page).max(1);
        let raw = collapse(&n.text());
        let expected = mark.unwrap_or(self.last_note + 1).max(1);
        let (number, body) = match text::footnote_opening(&raw) {
            Ok((rest, num)) if num > 0 => (num, rest.trim().to_string()),
            // "1The areas…": the number glued to the text, when it is the
            // number expected here.
            _ => match glued_number(&raw) {
                Some((num, rest)) if num == expected => (num, rest.to_string()),
                _ => (expected, raw.clone()),
            },
        };
        // Word sometimes tags a page's footnotes as one Note; the tree is
        // followed (one footnote), and the oddity reported.
        let opened = n
            .nodes()
            .filter(|c| text::footnote_opening(collapse(&c.text()).as_str()).is_ok())
            .count();
        if opened > 1 {
            self.warnings.push(Warning::on_page(
                "note_holds_several",
                page,
                format!(
                    "footnote {number}: one Note element holds {opened} numbered notes; kept as one"
                ),
            ));
        }
        if number <= self.last_note {
            self.run += 1;
        }
        self.last_note = number;
        let mut urls = n.all_urls();
        for u in text::urls(&body) {
            if !urls.contains(&u) {
                urls.push(u);
            }
        }
        self.footnotes.push(Footnote {
            number,
            text: body,
            page,
            urls,
            run: self.run,
        });
        number
    }

    /// A note met at block level: record it, and link it to the block
    /// before it that carries its reference mark.
    fn block_note(&mut self, n: &TagNode) {
        let number = self.note(n, None);
        let page = self.footnotes.last().map_or(1, |f| f.page);
        if self.link_mark(number) {
            return;
        }
        // No mark found: the tree puts a note right after the block that
        // cites it, so cite it from there.
        let linked = self.events.iter_mut().rev().find_map(|e| match e {
            Event::Block(Block::Paragraph { footnote_refs, .. })
            | Event::Block(Block::List { footnote_refs, .. }) => Some(footnote_refs),
            Event::Heading(h) => Some(&mut h.refs),
            Event::Block(Block::Table { .. }) => None,
        });
        match linked {
            Some(refs) => {
                refs.push(number);
                self.warnings.push(Warning::on_page(
                    "footnote_ref_guessed",
                    page,
                    format!(
                        "footnote {number}: no reference mark found; cited from the block before it"
                    ),
                ));
            }
            None => self.warnings.push(Warning::on_page(
                "unlinked_footnote_ref",
                page,
                format!("footnote {number}: no block cites it"),
            )),
        }
    }

    /// Find `number` as a reference mark in the recent blocks, take it out
    /// of the text and cite the footnote there.
    fn link_mark(&mut self, number: u32) -> bool {
        for e in self.events.iter_mut().rev().take(MARK_LOOKBACK) {
            match e {
                Event::Block(Block::Paragraph {
                    text,
                    footnote_refs,
                    ..
                }) => {
                    if let Some(t) = strip_mark(text, number) {
                        *text = t;
                        footnote_refs.push(number);
                        return true;
                    }
                }
                Event::Heading(h) => {
                    if let Some(t) = strip_mark(&h.text, number) {
                        h.text = t;
                        h.refs.push(number);
                        return true;
                    }
                }
                Event::Block(Block::List {
                    items,
                    footnote_refs,
                    ..
                }) => {
                    for item in items.iter_mut().rev() {
                        if let Some(t) = strip_mark(&item.text, number) {
                            item.text = t;
                            item.footnote_refs.push(number);
                            footnote_refs.push(number);
                            return true;
                        }
                    }
                }
                Event::Block(Block::Table { table, .. }) => {
                    if let Some(t) = self.tables.get_mut(*table) {
                        let cells = t.header.iter_mut().chain(t.rows.iter_mut().flatten());
                        for cell in cells {
                            if let Some(s) = strip_mark(cell, number) {
                                *cell = s;
                                t.footnote_refs.push(number);
                                return true;
                            }
                        }
                    }
                }
            }
        }
        false
    }

    /// Running heads, footers and page numbers tagged as paragraphs (they
    /// should be artifacts): a bare page number, or a short paragraph
    /// repeated on three pages or more, leaves the body with a warning.
    fn drop_furniture(&mut self) {
        let mut pages: HashMap<String, HashSet<u32>> = HashMap::new();
        for e in &self.events {
            if let Event::Block(Block::Paragraph { text, page, .. }) = e
                && text.chars().count() <= 80
            {
                pages.entry(text.clone()).or_default().insert(*page);
            }
        }
        let furniture = |e: &Event| match e {
            Event::Block(Block::Paragraph { text, .. }) => {
                is_page_number(text) || pages.get(text).is_some_and(|p| p.len() >= 3)
            }
            _ => false,
        };
        let dropped = self.events.iter().filter(|e| furniture(e)).count();
        if dropped == self.events.len() {
            // Nothing but furniture: it is the content after all.
            return;
        }
        self.events.retain(|e| !furniture(e));
        if dropped > 0 {
            self.warnings.push(Warning {
                code: "tag_artifact".into(),
                message: format!(
                    "{dropped} paragraph(s) tagged as content look like page furniture (page numbers, running heads); left out"
                ),
                page: None,
            });
        }
    }

    /// The title, read from the blocks of the first page with text:
    /// - an element tagged `Title` (anywhere) is the title;
    /// - a level-1 heading among its first three blocks is the title (the
    ///   author said so);
    /// - else the first block in the largest type, unless that block is a
    ///   name set above the title (a short line of capitalised words such
    ///   as "Hartlepool Borough Council"), when the title is the next
    ///   block in the largest type after it.
    ///
    /// A paragraph taken as the title leaves the body (headings stay).
    fn take_title(&mut self) -> Vec<String> {
        let Some(first_page) = self.cover.iter().map(|c| c.page).min() else {
            return Vec::new();
        };
        // A title is a line or two, not a paragraph of text.
        let on_page: Vec<&Cover> = self
            .cover
            .iter()
            .filter(|c| {
                c.page == first_page
                    && c.text.len() <= MAX_TITLE
                    && c.text.chars().filter(|ch| ch.is_alphabetic()).count() >= 3
            })
            .collect();
        let declared = self.cover.iter().find(|c| c.declared);
        let first_h1 = on_page
            .iter()
            .take(3)
            .find(|c| c.heading == Some(1))
            .copied();
        let chosen = match declared.or(first_h1) {
            Some(h) => Some(h),
            None => {
                let largest = |from: &[&Cover]| -> Option<usize> {
                    let max = from.iter().map(|c| c.size).reduce(f32::max)?;
                    from.iter()
                        .position(|c| (c.size - max).abs() <= 0.5 && max > 0.0)
                };
                match largest(&on_page) {
                    Some(i) if is_name_line(&on_page[i].text) && i + 1 < on_page.len() => {
                        largest(&on_page[i + 1..]).map(|j| on_page[i + 1 + j])
                    }
                    Some(i) => Some(on_page[i]),
                    None => None,
                }
            }
        };
        let Some(chosen) = chosen else {
            return Vec::new();
        };
        let (event, text, paragraph) =
            (chosen.event, chosen.text.clone(), chosen.heading.is_none());
        if paragraph && event < self.events.len() {
            self.events.remove(event);
        }
        vec![text]
    }
}

/// A block that may be the title.
#[derive(Debug, Clone)]
struct Cover {
    /// Index of its event.
    event: usize,
    /// Largest type in it.
    size: f32,
    page: u32,
    text: String,
    /// Heading level, for headings.
    heading: Option<u8>,
    /// Tagged `Title` (PDF 2.0).
    declared: bool,
}

/// A short line of capitalised words ("London Borough of Barking and
/// Dagenham"): a name, not a sentence or a title.
fn is_name_line(text: &str) -> bool {
    let words: Vec<&str> = text.split_whitespace().collect();
    !words.is_empty()
        && words.len() <= 8
        && !text.trim_end().ends_with(['.', ':', '?', '!'])
        && words.iter().enumerate().all(|(i, w)| {
            w.chars().next().is_some_and(char::is_uppercase)
                || (i > 0 && matches!(*w, "of" | "and" | "the" | "for" | "&" | "upon" | "on"))
        })
}

/// Digits (one to three) glued to the letter after them at the start of
/// `text`: the number and the rest.
fn glued_number(text: &str) -> Option<(u32, &str)> {
    let digits = text.chars().take_while(char::is_ascii_digit).count();
    let rest = &text[digits..];
    let glued = rest.chars().next().is_some_and(char::is_alphabetic);
    if digits == 0 || digits > 3 || !glued {
        return None;
    }
    Some((text[..digits].parse().ok()?, rest))
}

/// "7", "Page 7", "Page 7 of 32", "7 of 32".
fn is_page_number(text: &str) -> bool {
    let t = text.trim();
    let t = t.strip_prefix("Page ").unwrap_or(t);
    let mut parts = t.split(" of ");
    let first = parts.next().unwrap_or_default();
    let second = parts.next();
    let num = |s: &str| !s.is_empty() && s.len() <= 4 && s.chars().all(|c| c.is_ascii_digit());
    parts.next().is_none() && num(first) && second.is_none_or(num)
}

/// One table row while it is read.
#[derive(Debug)]
struct Row {
    cells: Vec<String>,
    all_th: bool,
    in_head: bool,
}

/// True when a kid of `n` is a block (so `n` is a container, not a
/// paragraph).
fn has_block_kids(n: &TagNode) -> bool {
    n.nodes()
        .any(|c| is_block_role(&c.role) || matches!(c.role.as_str(), "L" | "Table"))
}

/// A number at the very end of `text` (white space aside) glued to what is
/// before it: the number and where it starts.
fn trailing_number(text: &str) -> Option<(u32, usize)> {
    let trimmed = text.trim_end();
    let digits = trimmed
        .chars()
        .rev()
        .take_while(char::is_ascii_digit)
        .count();
    if digits == 0 || digits > 3 {
        return None;
    }
    let at = trimmed.len() - digits;
    let before = trimmed[..at].chars().next_back()?;
    if before.is_whitespace() || before.is_ascii_digit() {
        return None;
    }
    trimmed[at..].parse().ok().map(|n| (n, at))
}

/// Take the reference mark `number` out of `text`: the last place where
/// the number is glued to the end of a word ("people1 ", "area2", "Act.3")
/// and not part of a bigger number. `None` when there is no such mark.
fn strip_mark(text: &str, number: u32) -> Option<String> {
    let digits = number.to_string();
    let mut search_end = text.len();
    while let Some(at) = text[..search_end].rfind(&digits) {
        search_end = at;
        let end = at + digits.len();
        let before = text[..at].chars().next_back();
        let after = text[end..].chars().next();
        let glued = match before {
            Some(c) if c.is_alphabetic() => true,
            Some(c) if ")’'\"”?!".contains(c) => true,
            Some('.' | ',' | ';' | ':') => text[..at]
                .chars()
                .rev()
                .nth(1)
                .is_some_and(|c| c.is_alphabetic()),
            _ => false,
        };
        let ends = match after {
            None => true,
            Some(c) => c.is_whitespace() || ",.;:)".contains(c),
        };
        if glued && ends {
            let mut out = String::with_capacity(text.len());
            out.push_str(&text[..at]);
            out.push_str(&text[end..]);
            return Some(collapse(&out));
        }
    }
    None
}

/// Take a bullet or an item number off the start of a list item. Returns
/// the text and whether it was numbered.
fn strip_label(text: &str) -> (String, bool) {
    let rest = text.trim_start_matches(|c: char| {
        !c.is_alphanumeric() && !c.is_whitespace() && !"(\"'‘“£$€[".contains(c)
    });
    let rest = rest.trim_start();
    if let Ok((after, _)) = text::item_number(rest) {
        return (after.trim().to_string(), true);
    }
    (rest.to_string(), false)
}

/// Put what the layout path read of the weak pages into the tagged
/// structure, by page.
fn splice(into: &mut Parsed, from: Parsed) {
    let mut theirs: Vec<Event> = Vec::new();
    for b in from.preamble {
        theirs.push(Event::Block(b));
    }
    for s in from.sections {
        flatten(s, &mut theirs);
    }
    if theirs.is_empty() && from.footnotes.is_empty() {
        return;
    }
    let offset = into.tables.len();
    for e in &mut theirs {
        if let Event::Block(Block::Table { table, .. }) = e {
            *table += offset;
        }
    }
    into.tables.extend(from.tables);
    let mut ours: Vec<Event> = Vec::new();
    for b in std::mem::take(&mut into.preamble) {
        ours.push(Event::Block(b));
    }
    for s in std::mem::take(&mut into.sections) {
        flatten(s, &mut ours);
    }
    let mut merged = Vec::with_capacity(ours.len() + theirs.len());
    let mut theirs = theirs.into_iter().peekable();
    for e in ours {
        let page = event_page(&e);
        while theirs.peek().is_some_and(|t| event_page(t) < page) {
            if let Some(t) = theirs.next() {
                merged.push(t);
            }
        }
        merged.push(e);
    }
    merged.extend(theirs);
    let (preamble, sections) = super::assemble::tree(merged);
    into.preamble = preamble;
    into.sections = sections;
    into.footnotes.extend(from.footnotes);
    into.footnotes.sort_by_key(|f| (f.run, f.page, f.number));
    into.warnings.extend(from.warnings);
}

fn flatten(s: Section, out: &mut Vec<Event>) {
    out.push(Event::Heading(Heading {
        text: s.heading,
        page: s.page,
        style: Style {
            half_points: 0,
            bold: false,
            italic: false,
        },
        level: s.level,
        refs: s.footnote_refs,
        from_contents: None,
        numbered: None,
        caption: false,
    }));
    out.extend(s.blocks.into_iter().map(Event::Block));
    for sub in s.sections {
        flatten(sub, out);
    }
}

fn event_page(e: &Event) -> u32 {
    match e {
        Event::Heading(h) => h.page,
        Event::Block(Block::Paragraph { page, .. })
        | Event::Block(Block::List { page, .. })
        | Event::Block(Block::Table { page, .. }) => *page,
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::extract::TagText;
    use crate::extract::tags::PageCover;

    fn t(s: &str) -> TagKid {
        TagKid::Text(TagText {
            text: s.into(),
            page: 1,
            size: 11.0,
        })
    }

    fn big(s: &str) -> TagKid {
        TagKid::Text(TagText {
            text: s.into(),
            page: 1,
            size: 20.0,
        })
    }

    fn node(role: &str, kids: Vec<TagKid>) -> TagKid {
        TagKid::Node(TagNode::new(role, kids))
    }

    fn tree(kids: Vec<TagKid>) -> TagTree {
        TagTree {
            roots: vec![TagNode::new("Document", kids)],
            pages: vec![PageCover {
                page: 1,
                chars: 100,
                tagged: 100,
            }],
            ..TagTree::default()
        }
    }

    fn cell(role: &str, s: &str) -> TagKid {
        node(role, vec![node("P", vec![t(s)])])
    }

    #[test]
    fn headings_paragraphs_tables_and_notes() {
        let tr = tree(vec![
            node("P", vec![big("Inspection of Barnsley local authority")]),
            node("P", vec![t("Inspection dates: 1 to 5 May 2023")]),
            node(
                "Table",
                vec![
                    node(
                        "THead",
                        vec![node(
                            "TR",
                            vec![cell("TH", "Judgement "), cell("TH", "Grade ")],
                        )],
                    ),
                    node(
                        "TBody",
                        vec![node(
                            "TR",
                            vec![cell("TH", "Overall effectiveness"), cell("TD", "Good")],
                        )],
                    ),
                ],
            ),
            node(
                "H2",
                vec![
                    node("Span", vec![t("What needs to improve?")]),
                    node(
                        "Link",
                        vec![
                            node("Span", vec![t("1")]),
                            node(
                                "Note",
                                vec![node("P", vec![t("1 The areas are cross-referenced.")])],
                            ),
                        ],
                    ),
                ],
            ),
            node(
                "L",
                vec![node(
                    "LI",
                    vec![node(
                        "LBody",
                        vec![t("1. Personal advisers see young people2 early. ")],
                    )],
                )],
            ),
            node(
                "Note",
                vec![node("P", vec![t("2 Care experienced young people.")])],
            ),
            node("Sect", vec![node("H", vec![t("A bare heading")])]),
        ]);
        let got = parse(&tr).expect("usable");
        let p = got.parsed;
        assert_eq!(
            p.title_lines,
            vec!["Inspection of Barnsley local authority"]
        );
        assert_eq!(p.tables.len(), 1);
        assert_eq!(p.tables[0].header, vec!["Judgement", "Grade"]);
        assert_eq!(
            p.tables[0].rows,
            vec![vec!["Overall effectiveness", "Good"]]
        );
        assert_eq!(p.sections[0].heading, "What needs to improve?");
        assert_eq!(p.sections[0].level, 2);
        assert_eq!(p.sections[0].footnote_refs, vec![1]);
        assert_eq!(p.footnotes.len(), 2);
        assert_eq!(p.footnotes[0].number, 1);
        assert_eq!(p.footnotes[0].text, "The areas are cross-referenced.");
        match &p.sections[0].blocks[0] {
            Block::List {
                items,
                ordered,
                footnote_refs,
                ..
            } => {
                assert!(*ordered);
                assert_eq!(items[0].text, "Personal advisers see young people early.");
                assert_eq!(items[0].footnote_refs, vec![2]);
                assert_eq!(footnote_refs, &vec![2]);
            }
            other => panic!("expected a list, got {other:?}"),
        }
        let bare = &p.sections[1];
        assert_eq!((bare.heading.as_str(), bare.level), ("A bare heading", 1));
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
        let p = parse(&tr).expect("usable").parsed;
        assert!(p.tables[0].header.is_empty());
        assert_eq!(p.tables[0].rows[0], vec!["Judgement", "Grade"]);
    }

    #[test]
    fn thin_tree_is_not_used_and_weak_pages_are_named() {
        let mut tr = tree(vec![node("P", vec![t("Some text here")])]);
        tr.pages[0].tagged = 10;
        assert!(parse(&tr).is_none());
        let mut tr = tree(vec![node("P", vec![t("Some text here")])]);
        tr.pages.push(PageCover {
            page: 2,
            chars: 200,
            tagged: 0,
        });
        tr.pages[0].chars = 300;
        tr.pages[0].tagged = 300;
        assert_eq!(parse(&tr).expect("usable").weak_pages, vec![2]);
    }

    #[test]
    fn page_furniture_tagged_as_content_is_left_out() {
        let mut kids = vec![node("H1", vec![big("Title")])];
        for page in 1..=3 {
            let on = |s: &str| {
                TagKid::Text(TagText {
                    text: s.into(),
                    page,
                    size: 9.0,
                })
            };
            kids.push(node(
                "P",
                vec![
                    on("Body text that is not repeated on page"),
                    on(&format!(" {page}")),
                ],
            ));
            kids.push(node("P", vec![on("Ofsted report: Somewhere")]));
            kids.push(node("P", vec![on(&format!("Page {page} of 3"))]));
        }
        let p = parse(&tree(kids)).expect("usable").parsed;
        let all = format!("{:?}", p.sections);
        assert!(
            !all.contains("Ofsted report") && !all.contains("Page 2 of 3"),
            "{all}"
        );
        assert!(all.contains("repeated on page 2"), "{all}");
        assert!(p.warnings.iter().any(|w| w.code == "tag_artifact"));
        assert!(
            is_page_number("12")
                && is_page_number("Page 3 of 10")
                && !is_page_number("2023 report")
        );
    }

    #[test]
    fn marks() {
        assert_eq!(
            strip_mark("young people1 until", 1).as_deref(),
            Some("young people until")
        );
        assert_eq!(strip_mark("this area2", 2).as_deref(), Some("this area"));
        assert_eq!(strip_mark("Act 2006.1", 1), None);
        assert_eq!(strip_mark("aged 12 or over", 1), None);
        assert_eq!(strip_mark("in 2021, when", 1), None);
        assert_eq!(trailing_number("improve?1"), Some((1, 8)));
        assert_eq!(trailing_number("page 1"), None);
        assert_eq!(
            strip_label("◼ The engagement"),
            ("The engagement".into(), false)
        );
        assert_eq!(
            strip_label("12. Most children"),
            ("Most children".into(), true)
        );
    }

    #[test]
    fn empty_and_hostile_trees_do_not_panic() {
        assert!(parse(&TagTree::default()).is_none());
        let mut deep = TagNode::new("P", vec![t("x")]);
        for _ in 0..500 {
            deep = TagNode::new("Div", vec![TagKid::Node(deep)]);
        }
        let tr = TagTree {
            roots: vec![deep],
            pages: vec![PageCover {
                page: 1,
                chars: 1,
                tagged: 1,
            }],
            ..TagTree::default()
        };
        let _ = parse(&tr);
    }

    fn page_with(number: u32, lines: &[&str]) -> crate::extract::Page {
        crate::extract::Page {
            number,
            width: 595.0,
            height: 842.0,
            spans: lines
                .iter()
                .enumerate()
                .map(|(i, text)| crate::extract::Span {
                    text: (*text).to_string(),
                    x: 72.0,
                    y: 100.0 + i as f32 * 14.0,
                    width: text.len() as f32 * 5.0,
                    size: 11.0,
                    font: Some("Arial".into()),
                    bold: false,
                    italic: false,
                })
                .collect(),
            rules: vec![],
        }
    }

    #[test]
    fn untagged_page_is_read_from_layout_and_spliced_in() {
        let body = "This sentence is long enough to count as a page of running text.";
        let mut tree = tree(vec![
            node("H1", vec![big("Tagged heading")]),
            node("P", vec![t(body)]),
        ]);
        tree.pages = vec![
            PageCover {
                page: 1,
                chars: 80,
                tagged: 80,
            },
            PageCover {
                page: 2,
                chars: 60,
                tagged: 0,
            },
        ];
        let doc = Document {
            pages: vec![
                page_with(1, &["Tagged heading", body]),
                page_with(2, &["Only the layout path sees this untagged page text."]),
            ],
            tagged: true,
            tags: Some(tree),
            ..Document::default()
        };
        let (parsed, source) = parse_or_layout(&doc);
        assert_eq!(source, StructureSource::Tags);
        assert!(
            parsed
                .warnings
                .iter()
                .any(|w| w.code == "tag_fallback" && w.page == Some(2))
        );
        let all = format!("{:?}", parsed.sections);
        assert!(all.contains("untagged page text"), "{all}");
        assert_eq!(parsed.sections[0].heading, "Tagged heading");
    }

    #[test]
    fn tree_reaching_little_text_falls_back_to_layout() {
        let mut tree = tree(vec![node("P", vec![t("x")])]);
        tree.pages[0].tagged = 1;
        let doc = Document {
            pages: vec![page_with(
                1,
                &["Some text only the layout path reads here."],
            )],
            tagged: true,
            tags: Some(tree),
            ..Document::default()
        };
        let (parsed, source) = parse_or_layout(&doc);
        assert_eq!(source, StructureSource::Layout);
        assert!(parsed.warnings.iter().any(|w| w.code == "tag_fallback"));
    }
}
