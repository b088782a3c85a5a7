//! The document's own structure tree (tagged PDF), read into a neutral
//! [`TagTree`].
//!
//! A tagged PDF says what each piece of text is: its `StructTreeRoot`
//! holds a tree of structure elements (`/S` a role such as `H2`, `P`, `L`,
//! `Table`, `Note`), whose kids are other elements or *marked-content
//! references* — a marked-content id (MCID) in the content stream of a page
//! (or of a form XObject). This module walks that tree, follows the
//! `RoleMap` (Word writes `Footnote` and maps it to `Note`), and puts in
//! place of each MCID the text the engine decoded inside that marked
//! content ([`MarkedIndex`]), so the tree comes out in its own (reading)
//! order with text at its leaves.
//!
//! The walk reads raw objects through pdf_oxide (the same parsed file the
//! text came from), not through pdf_oxide's own structure parser, because
//! it needs what that parser drops: `/Alt`, `/ID`, list-numbering
//! attributes, link annotations' URIs behind `OBJR` kids, and role-map
//! chains. It is bounded (depth, element count, visited objects), so a
//! cyclic or absurd tree ends the walk early instead of overflowing the
//! stack; [`TagTree::truncated`] says when that happened.
//!
//! Nothing here decides what a heading or a footnote is for the record;
//! that is [`crate::parse::tagged`].

use super::pdfstring::decode_pdf_string;
use super::region::{Region, glyph_box};
use pdf_oxide::PdfDocument;
use pdf_oxide::object::Object;
use std::collections::{HashMap, HashSet};

/// Deepest element nesting followed.
const MAX_DEPTH: usize = 200;
/// Most elements read from one tree.
const MAX_ELEMENTS: usize = 500_000;

/// The content stream an MCID is numbered in.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Scope {
    /// A page's own content stream (1-based page number).
    Page(u32),
    /// A form XObject or pattern stream, by object number.
    Stream(u32),
}

/// Text decoded inside one marked-content sequence.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Marked {
    /// The text, pieces joined (a space where the pieces are apart).
    pub text: String,
    /// Page it is drawn on (1-based).
    pub page: u32,
    /// Largest font size in it, points.
    pub size: f32,
    /// Where it is printed.
    pub region: Region,
    /// Right edge, baseline and size of the last piece, for joining.
    last: Option<(f32, f32, f32)>,
}

/// Every marked-content sequence of a document, keyed by (scope, MCID), with
/// the amount of text per page (tagged or not) for coverage.
#[derive(Debug, Clone, Default)]
pub struct MarkedIndex {
    map: HashMap<(Scope, u32), Marked>,
    page_chars: HashMap<u32, usize>,
}

/// One piece of text as the engine placed it, for [`MarkedIndex::add`].
#[derive(Debug, Clone, Copy)]
pub struct Piece<'a> {
    /// 1-based page.
    pub page: u32,
    /// Stream and MCID it is marked with, when it is marked.
    pub mcid: Option<(Scope, u32)>,
    /// Text.
    pub text: &'a str,
    /// Left edge, points from the page's left edge.
    pub x0: f32,
    /// Right edge.
    pub x1: f32,
    /// Baseline, points from the page's top edge.
    pub y: f32,
    /// Font size.
    pub size: f32,
}

impl MarkedIndex {
    /// Add one piece of text, in content-stream order.
    pub fn add(&mut self, p: Piece<'_>) {
        let visible = p.text.chars().filter(|c| !c.is_whitespace()).count();
        *self.page_chars.entry(p.page).or_default() += visible;
        let Some(key) = p.mcid else { return };
        let m = self.map.entry(key).or_insert_with(|| Marked {
            page: p.page,
            ..Marked::default()
        });
        if let Some((right, base, size)) = m.last {
            let glued = m.text.ends_with(char::is_whitespace)
                || p.text.starts_with(char::is_whitespace)
                || m.text.is_empty();
            let em = size.max(p.size).max(1.0);
            let new_line = (p.y - base).abs() > em * 0.5;
            let apart = p.x0 - right > em * 0.15;
            // "well-" at the end of a line and "being" on the next are one
            // compound: the hyphen is the author's, the break is not.
            let mut tail = m.text.chars().rev();
            let compound = new_line
                && tail.next() == Some('-')
                && tail.next().is_some_and(char::is_alphabetic);
            if !glued && !compound && (new_line || apart) {
                m.text.push(' ');
            }
        }
        m.text.push_str(p.text);
        if p.text.trim().is_empty() {
            // A space piece: keep the geometry of the last real piece.
            return;
        }
        m.size = m.size.max(p.size);
        m.region.add(p.page, glyph_box(p.x0, p.x1, p.y, p.size));
        m.last = Some((p.x1, p.y, p.size));
    }

    /// Characters (not white space) drawn on `page`, marked or not.
    pub fn chars_on(&self, page: u32) -> usize {
        self.page_chars.get(&page).copied().unwrap_or(0)
    }

    /// Number of marked-content sequences that carry text.
    pub fn len(&self) -> usize {
        self.map.len()
    }

    /// True when no marked content was seen.
    pub fn is_empty(&self) -> bool {
        self.map.is_empty()
    }
}

/// How much of a page's text the tree reaches.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct PageCover {
    /// 1-based page.
    pub page: u32,
    /// Characters drawn on the page (not white space).
    pub chars: usize,
    /// Of those, characters reached from the structure tree.
    pub tagged: usize,
}

/// A document's structure tree, text in place.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct TagTree {
    /// Top-level elements, in tree order.
    pub roots: Vec<TagNode>,
    /// Per page: text drawn and text the tree reaches.
    pub pages: Vec<PageCover>,
    /// The role map (custom role → standard role), as declared.
    pub role_map: Vec<(String, String)>,
    /// True when the walk stopped early (too deep, too large, cycles).
    pub truncated: bool,
}

/// One structure element.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct TagNode {
    /// Standard role after the role map ("H2", "P", "Note", …); an unmapped
    /// custom role stays as written.
    pub role: String,
    /// The role as written in `/S`, when the role map changed it.
    pub source_role: Option<String>,
    /// Page of the element (`/Pg`, 1-based), when it says.
    pub page: Option<u32>,
    /// `/ID`, when present.
    pub id: Option<String>,
    /// `/Alt` alternate description.
    pub alt: Option<String>,
    /// `/ActualText`: replaces the text of everything below.
    pub actual_text: Option<String>,
    /// `/ListNumbering` attribute of a list ("Decimal", "Disc", "None", …).
    pub list_numbering: Option<String>,
    /// URIs of link annotations attached to the element (`OBJR` kids).
    pub urls: Vec<String>,
    /// Kids in order.
    pub children: Vec<TagKid>,
}

/// A kid of an element: another element or marked text.
#[derive(Debug, Clone, PartialEq)]
pub enum TagKid {
    /// A structure element.
    Node(TagNode),
    /// The text of one marked-content sequence.
    Text(TagText),
}

/// Marked text at a leaf of the tree.
#[derive(Debug, Clone, PartialEq)]
pub struct TagText {
    /// The decoded text.
    pub text: String,
    /// Page it is on (1-based).
    pub page: u32,
    /// Largest font size in it, points.
    pub size: f32,
    /// Where it is printed (empty when the engine did not say).
    pub region: Region,
}

impl TagNode {
    /// A node with a role and kids (for tests and synthetic trees).
    pub fn new(role: &str, children: Vec<TagKid>) -> Self {
        Self {
            role: role.to_string(),
            children,
            ..Self::default()
        }
    }

    /// Every text below, in order, joined as drawn (`/ActualText` wins).
    pub fn text(&self) -> String {
        let mut out = String::new();
        self.text_into(&mut out);
        out
    }

    fn text_into(&self, out: &mut String) {
        if let Some(t) = &self.actual_text {
            push_joined(out, t);
            return;
        }
        for kid in &self.children {
            match kid {
                TagKid::Node(n) => n.text_into(out),
                TagKid::Text(t) => push_joined(out, &t.text),
            }
        }
    }

    /// First page any text below is on, else the element's own page.
    pub fn first_page(&self) -> Option<u32> {
        for kid in &self.children {
            let p = match kid {
                TagKid::Node(n) => n.first_page(),
                TagKid::Text(t) if !t.text.trim().is_empty() => Some(t.page),
                TagKid::Text(_) => None,
            };
            if p.is_some() {
                return p;
            }
        }
        self.page
    }

    /// Every page text below is on, ascending, without repeats.
    pub fn pages(&self) -> Vec<u32> {
        let mut out = Vec::new();
        self.pages_into(&mut out);
        out.sort_unstable();
        out.dedup();
        out
    }

    fn pages_into(&self, out: &mut Vec<u32>) {
        for kid in &self.children {
            match kid {
                TagKid::Node(n) => n.pages_into(out),
                TagKid::Text(t) if !t.text.trim().is_empty() => out.push(t.page),
                TagKid::Text(_) => {}
            }
        }
    }

    /// Where all the text below is printed.
    pub fn region(&self) -> Region {
        let mut out = Region::default();
        for kid in &self.children {
            match kid {
                TagKid::Node(n) => out.extend(&n.region()),
                TagKid::Text(t) => out.extend(&t.region),
            }
        }
        out
    }

    /// Largest font size of any text below (0 when there is none).
    pub fn max_size(&self) -> f32 {
        self.children
            .iter()
            .map(|k| match k {
                TagKid::Node(n) => n.max_size(),
                TagKid::Text(t) if !t.text.trim().is_empty() => t.size,
                TagKid::Text(_) => 0.0,
            })
            .fold(0.0, f32::max)
    }

    /// Element kids only.
    pub fn nodes(&self) -> impl Iterator<Item = &TagNode> {
        self.children.iter().filter_map(|k| match k {
            TagKid::Node(n) => Some(n),
            TagKid::Text(_) => None,
        })
    }

    /// Every URL of a link at or below this element.
    pub fn all_urls(&self) -> Vec<String> {
        let mut out = self.urls.clone();
        for n in self.nodes() {
            for u in n.all_urls() {
                if !out.contains(&u) {
                    out.push(u);
                }
            }
        }
        out
    }
}

/// Append `piece` to `out`; pieces are joined as drawn (marked content
/// carries its own spaces), so nothing is inserted.
fn push_joined(out: &mut String, piece: &str) {
    out.push_str(piece);
}

/// Standard structure types of PDF 1.7; these are never role-mapped. (PDF
/// 2.0 types such as `Title` or `FENote` are followed through the role map
/// when a 1.7 file maps them, and understood as they are otherwise.)
const STANDARD: &[&str] = &[
    "Document",
    "Part",
    "Art",
    "Sect",
    "Div",
    "BlockQuote",
    "Caption",
    "TOC",
    "TOCI",
    "Index",
    "NonStruct",
    "Private",
    "P",
    "H",
    "H1",
    "H2",
    "H3",
    "H4",
    "H5",
    "H6",
    "L",
    "LI",
    "Lbl",
    "LBody",
    "Table",
    "TR",
    "TH",
    "TD",
    "THead",
    "TBody",
    "TFoot",
    "Span",
    "Quote",
    "Note",
    "Reference",
    "BibEntry",
    "Code",
    "Link",
    "Annot",
    "Ruby",
    "RB",
    "RT",
    "RP",
    "Warichu",
    "WT",
    "WP",
    "Figure",
    "Formula",
    "Form",
];

/// Read the structure tree of `doc`, putting the text of `marked` at its
/// leaves. `None` when the document has no `StructTreeRoot`.
pub fn read(doc: &PdfDocument, marked: &MarkedIndex, page_count: u32) -> Option<TagTree> {
    let catalog = doc.catalog().ok()?;
    let root_obj = catalog.as_dict()?.get("StructTreeRoot")?.clone();
    let root = resolve(doc, &root_obj)?;
    let root = root.as_dict()?;
    let mut reader = Reader {
        doc,
        marked,
        role_map: HashMap::new(),
        pages: page_map(doc),
        visited: HashSet::new(),
        reached: HashSet::new(),
        reached_chars: HashMap::new(),
        elements: 0,
        truncated: false,
    };
    let mut role_map = Vec::new();
    if let Some(rm) = root.get("RoleMap").and_then(|o| resolve(doc, o))
        && let Some(d) = rm.as_dict()
    {
        for (k, v) in d {
            if let Some(name) = v.as_name() {
                reader.role_map.insert(k.clone(), name.to_string());
                role_map.push((k.clone(), name.to_string()));
            }
        }
    }
    role_map.sort();
    let mut roots = Vec::new();
    if let Some(k) = root.get("K") {
        let mut holder = TagNode::default();
        reader.kids(k, None, 0, &mut holder);
        for kid in holder.children {
            match kid {
                TagKid::Node(n) => roots.push(n),
                // Marked content straight under the root has no role.
                TagKid::Text(t) => roots.push(TagNode {
                    role: "P".into(),
                    page: Some(t.page),
                    children: vec![TagKid::Text(t)],
                    ..TagNode::default()
                }),
            }
        }
    }
    let pages = (1..=page_count)
        .map(|p| PageCover {
            page: p,
            chars: marked.chars_on(p),
            tagged: reader.reached_chars.get(&p).copied().unwrap_or(0),
        })
        .collect();
    Some(TagTree {
        roots,
        pages,
        role_map,
        truncated: reader.truncated,
    })
}

/// Page object number → 1-based page number, from the page tree.
fn page_map(doc: &PdfDocument) -> HashMap<u32, u32> {
    let mut out = HashMap::new();
    let Some(pages) = doc
        .catalog()
        .ok()
        .and_then(|c| c.as_dict().and_then(|d| d.get("Pages").cloned()))
    else {
        return out;
    };
    let mut seen = HashSet::new();
    let mut next = 1u32;
    walk_pages(doc, &pages, &mut out, &mut seen, &mut next, 0);
    out
}

fn walk_pages(
    doc: &PdfDocument,
    node: &Object,
    out: &mut HashMap<u32, u32>,
    seen: &mut HashSet<u32>,
    next: &mut u32,
    depth: usize,
) {
    if depth > 64 {
        return;
    }
    let id = node.as_reference().map(|r| r.id);
    if let Some(id) = id
        && !seen.insert(id)
    {
        return;
    }
    let Some(obj) = resolve(doc, node) else {
        return;
    };
    let Some(d) = obj.as_dict() else { return };
    if let Some(kids) = d.get("Kids").and_then(|k| resolve(doc, k)) {
        if let Some(arr) = kids.as_array() {
            for kid in arr {
                walk_pages(doc, kid, out, seen, next, depth + 1);
            }
        }
    } else {
        if let Some(id) = id {
            out.insert(id, *next);
        }
        *next += 1;
    }
}

/// Follow a reference (one level); direct objects are cloned.
fn resolve(doc: &PdfDocument, obj: &Object) -> Option<Object> {
    match obj {
        Object::Reference(r) => doc.load_object(*r).ok(),
        other => Some(other.clone()),
    }
}

struct Reader<'a> {
    doc: &'a PdfDocument,
    marked: &'a MarkedIndex,
    role_map: HashMap<String, String>,
    pages: HashMap<u32, u32>,
    visited: HashSet<u32>,
    reached: HashSet<(Scope, u32)>,
    reached_chars: HashMap<u32, usize>,
    elements: usize,
    truncated: bool,
}

impl Reader<'_> {
    /// A role through the role map (chains followed, cycles cut).
    fn map_role(&self, written: &str) -> String {
        let mut role = written;
        for _ in 0..8 {
            if STANDARD.contains(&role) {
                break;
            }
            match self.role_map.get(role) {
                Some(next) if next != role => role = next,
                _ => break,
            }
        }
        role.to_string()
    }

    fn string(&self, d: &HashMap<String, Object>, key: &str) -> Option<String> {
        let obj = resolve(self.doc, d.get(key)?)?;
        let text = decode_pdf_string(obj.as_string()?);
        let text = text.trim_matches('\0').to_string();
        (!text.trim().is_empty()).then_some(text)
    }

    fn page_of(&self, d: &HashMap<String, Object>) -> Option<u32> {
        let r = d.get("Pg")?.as_reference()?;
        self.pages.get(&r.id).copied()
    }

    /// One structure element (a dictionary, possibly behind a reference).
    fn element(&mut self, obj: &Object, page: Option<u32>, depth: usize) -> Option<TagNode> {
        if depth > MAX_DEPTH || self.elements >= MAX_ELEMENTS {
            self.truncated = true;
            return None;
        }
        if let Some(r) = obj.as_reference()
            && !self.visited.insert(r.id)
        {
            self.truncated = true;
            return None;
        }
        let resolved = resolve(self.doc, obj)?;
        let d = resolved.as_dict()?;
        let written = d.get("S")?.as_name()?.to_string();
        self.elements += 1;
        let role = self.map_role(&written);
        let page = self.page_of(d).or(page);
        let mut node = TagNode {
            source_role: (role != written).then_some(written),
            role,
            page,
            id: self.string(d, "ID"),
            alt: self.string(d, "Alt"),
            actual_text: self.string(d, "ActualText"),
            list_numbering: self.list_numbering(d),
            ..TagNode::default()
        };
        if let Some(k) = d.get("K") {
            self.kids(k, page, depth + 1, &mut node);
        }
        Some(node)
    }

    /// `/ListNumbering` in the element's attributes (`/A`, a dictionary or
    /// an array of them).
    fn list_numbering(&self, d: &HashMap<String, Object>) -> Option<String> {
        let a = resolve(self.doc, d.get("A")?)?;
        let dicts: Vec<Object> = match &a {
            Object::Array(items) => items.iter().filter_map(|o| resolve(self.doc, o)).collect(),
            other => vec![other.clone()],
        };
        dicts.iter().find_map(|o| {
            o.as_dict()?
                .get("ListNumbering")?
                .as_name()
                .map(str::to_string)
        })
    }

    /// The `/K` of an element: one kid or an array of kids.
    fn kids(&mut self, k: &Object, page: Option<u32>, depth: usize, node: &mut TagNode) {
        // An indirect /K may be an array or a single element; only the
        // array is opened here, an element goes through `element` (which
        // guards against cycles by its object number).
        let items: Vec<Object> = match k {
            Object::Array(items) => items.clone(),
            Object::Reference(_) => match resolve(self.doc, k) {
                Some(Object::Array(items)) => items,
                Some(_) => vec![k.clone()],
                None => return,
            },
            other => vec![other.clone()],
        };
        for item in &items {
            self.kid(item, page, depth, node);
        }
    }

    fn kid(&mut self, item: &Object, page: Option<u32>, depth: usize, node: &mut TagNode) {
        match item {
            Object::Integer(mcid) => {
                if let (Some(p), Ok(mcid)) = (page, u32::try_from(*mcid)) {
                    self.text(Scope::Page(p), mcid, node);
                }
            }
            Object::Reference(_) | Object::Dictionary(_) => {
                let Some(resolved) = resolve(self.doc, item) else {
                    return;
                };
                let Some(d) = resolved.as_dict() else { return };
                match d.get("Type").and_then(Object::as_name) {
                    Some("MCR") => {
                        let Some(mcid) = d
                            .get("MCID")
                            .and_then(Object::as_integer)
                            .and_then(|m| u32::try_from(m).ok())
                        else {
                            return;
                        };
                        let page = self.page_of(d).or(page);
                        let scope = match d.get("Stm").and_then(Object::as_reference) {
                            Some(r) => Scope::Stream(r.id),
                            None => match page {
                                Some(p) => Scope::Page(p),
                                None => return,
                            },
                        };
                        self.text(scope, mcid, node);
                    }
                    Some("OBJR") => {
                        let Some(target) = d.get("Obj") else { return };
                        let Some(obj) = resolve(self.doc, target) else {
                            return;
                        };
                        let Some(od) = obj.as_dict() else { return };
                        if od.contains_key("S") {
                            if let Some(child) = self.element(target, page, depth) {
                                node.children.push(TagKid::Node(child));
                            }
                        } else if let Some(uri) = self.uri(od)
                            && !node.urls.contains(&uri)
                        {
                            node.urls.push(uri);
                        }
                    }
                    _ => {
                        if let Some(child) = self.element(item, page, depth) {
                            node.children.push(TagKid::Node(child));
                        }
                    }
                }
            }
            _ => {}
        }
    }

    /// The URI of a link annotation (`/A << /S /URI /URI (…) >>`).
    fn uri(&self, annot: &HashMap<String, Object>) -> Option<String> {
        let action = resolve(self.doc, annot.get("A")?)?;
        let a = action.as_dict()?;
        let uri = resolve(self.doc, a.get("URI")?)?;
        let text = String::from_utf8_lossy(uri.as_string()?).trim().to_string();
        (!text.is_empty()).then_some(text)
    }

    fn text(&mut self, scope: Scope, mcid: u32, node: &mut TagNode) {
        if !self.reached.insert((scope, mcid)) {
            return;
        }
        if let Some(m) = self.marked.map.get(&(scope, mcid)) {
            let visible = m.text.chars().filter(|c| !c.is_whitespace()).count();
            *self.reached_chars.entry(m.page).or_default() += visible;
            node.children.push(TagKid::Text(TagText {
                text: m.text.clone(),
                page: m.page,
                size: m.size,
                region: m.region.clone(),
            }));
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn piece(text: &str, mcid: u32, x0: f32, y: f32) -> Piece<'_> {
        Piece {
            page: 1,
            mcid: Some((Scope::Page(1), mcid)),
            text,
            x0,
            x1: x0 + text.len() as f32 * 5.0,
            y,
            size: 10.0,
        }
    }

    #[test]
    fn pieces_join_with_space_only_when_apart() {
        let mut idx = MarkedIndex::default();
        idx.add(piece("Inspection", 0, 0.0, 100.0));
        // Touching: no space.
        idx.add(piece("s", 0, 50.0, 100.0));
        // A gap of 10 points: a space.
        idx.add(piece("of", 0, 65.0, 100.0));
        // Next line: a space.
        idx.add(piece("Barnsley well-", 0, 0.0, 112.0));
        // A compound broken over a line: no space after the hyphen.
        idx.add(piece("being", 0, 0.0, 124.0));
        idx.add(Piece {
            mcid: None,
            ..piece("Page 3", 9, 0.0, 800.0)
        });
        let m = &idx.map[&(Scope::Page(1), 0)];
        assert_eq!(m.text, "Inspections of Barnsley well-being");
        assert_eq!(idx.len(), 1);
        assert_eq!(
            idx.chars_on(1),
            "InspectionsofBarnsleywell-beingPage3".len()
        );
    }

    #[test]
    fn node_text_pages_and_actual_text() {
        let t = |s: &str, page| {
            TagKid::Text(TagText {
                text: s.into(),
                page,
                size: 11.0,
                region: Region::default(),
            })
        };
        let mut span = TagNode::new("Span", vec![t("ignored", 2)]);
        span.actual_text = Some("replaced".into());
        let p = TagNode::new("P", vec![t(" ", 1), t("Hello ", 2), TagKid::Node(span)]);
        assert_eq!(p.text(), " Hello replaced");
        assert_eq!(p.first_page(), Some(2));
        assert_eq!(p.pages(), vec![2]);
        assert_eq!(p.max_size(), 11.0);
    }

    #[test]
    fn a_pdf_without_a_structure_tree_has_no_tree() {
        // A document that parses, with a page, but no StructTreeRoot.
        let bytes = pdf(&[
            "<< /Type /Catalog /Pages 2 0 R >>",
            "<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
            "<< /Type /Page /Parent 2 0 R /MediaBox [0 0 612 792] >>",
        ]);
        let doc = PdfDocument::from_bytes(bytes).expect("a well-formed PDF parses");
        assert!(read(&doc, &MarkedIndex::default(), 0).is_none());
        // The same reader finds the tree once the catalog names one.
        let tagged = tagged_pdf("<< /Type /StructElem /S /P /P 5 0 R /Pg 3 0 R /K 0 >>");
        let doc = PdfDocument::from_bytes(tagged).expect("a well-formed PDF parses");
        assert!(read(&doc, &MarkedIndex::default(), 0).is_some());
    }

    /// A small PDF from numbered object bodies (object `n` is
    /// `objects[n - 1]`), with a correct cross-reference table.
    fn pdf(objects: &[&str]) -> Vec<u8> {
        let mut out = b"%PDF-1.7\n".to_vec();
        let mut offsets = Vec::new();
        for (i, body) in objects.iter().enumerate() {
            offsets.push(out.len());
            out.extend(format!("{} 0 obj\n{body}\nendobj\n", i + 1).bytes());
        }
        let xref = out.len();
        out.extend(format!("xref\n0 {}\n0000000000 65535 f \n", objects.len() + 1).bytes());
        for o in offsets {
            out.extend(format!("{o:010} 00000 n \n").bytes());
        }
        out.extend(
            format!(
                "trailer\n<< /Size {} /Root 1 0 R >>\nstartxref\n{xref}\n%%EOF\n",
                objects.len() + 1
            )
            .bytes(),
        );
        out
    }

    fn tagged_pdf(struct_elem: &str) -> Vec<u8> {
        let content = "/P <</MCID 0>> BDC BT /F1 12 Tf 72 700 Td (Hello world) Tj ET EMC \
                       /Span <</MCID 1>> BDC BT /F1 12 Tf 72 680 Td (Second) Tj ET EMC";
        pdf(&[
            "<< /Type /Catalog /Pages 2 0 R /MarkInfo << /Marked true >> /StructTreeRoot 5 0 R >>",
            "<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
            "<< /Type /Page /Parent 2 0 R /MediaBox [0 0 612 792] /Contents 4 0 R \
               /Resources << /Font << /F1 7 0 R >> >> /StructParents 0 /Annots [8 0 R] >>",
            &format!(
                "<< /Length {} >>\nstream\n{content}\nendstream",
                content.len()
            ),
            "<< /Type /StructTreeRoot /K [6 0 R] /RoleMap << /Footnote /MyNote /MyNote /Note >> >>",
            struct_elem,
            "<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>",
            "<< /Type /Annot /Subtype /Link /Rect [72 690 200 710] \
               /A << /S /URI /URI (https://example.org/a) >> >>",
        ])
    }

    #[test]
    fn reads_a_tree_with_role_map_chain_link_and_cycle() {
        use crate::extract::{Engine, OxideEngine};
        // Element 6 is a Footnote (→ MyNote → Note) whose kids are its own
        // MCID, a link annotation, and itself (a cycle).
        let bytes = tagged_pdf(
            "<< /Type /StructElem /S /Footnote /P 5 0 R /Pg 3 0 R /ID (n1) \
             /K [0 << /Type /OBJR /Obj 8 0 R >> 6 0 R << /Type /MCR /MCID 1 /Pg 3 0 R >>] >>",
        );
        let doc = OxideEngine.extract(&bytes).expect("extracts");
        assert!(doc.tagged);
        let tree = doc.tags.expect("a tree");
        assert!(tree.truncated, "the cycle is cut and reported");
        let note = &tree.roots[0];
        assert_eq!(note.role, "Note");
        assert_eq!(note.source_role.as_deref(), Some("Footnote"));
        assert_eq!(note.id.as_deref(), Some("n1"));
        assert_eq!(note.urls, vec!["https://example.org/a".to_string()]);
        let text = note.text();
        assert!(
            text.contains("Hello world") && text.contains("Second"),
            "{text}"
        );
        assert_eq!(tree.pages.len(), 1);
        assert_eq!(tree.pages[0].chars, tree.pages[0].tagged);
    }

    #[test]
    fn malformed_elements_are_skipped_not_fatal() {
        use crate::extract::{Engine, OxideEngine};
        // No /S, a /K of the wrong type, a negative MCID, a dangling ref.
        for elem in [
            "<< /Type /StructElem /K 0 >>",
            "<< /Type /StructElem /S /P /K (text) >>",
            "<< /Type /StructElem /S /P /Pg 3 0 R /K [-4 99 0 R] >>",
            "<< /Type /StructElem /S 12 /K [0] >>",
        ] {
            let doc = OxideEngine.extract(&tagged_pdf(elem)).expect("extracts");
            let tree = doc.tags.expect("a tree, maybe empty");
            let all: String = tree.roots.iter().map(TagNode::text).collect();
            assert!(!all.contains("Hello"), "{elem}: {all}");
        }
    }
}
