//! Stage 2 of a review page: the record, read as JSON, becomes a flat list
//! of elements, each with its kind, what the record says of it and its
//! boxes on the pages.
//!
//! Boxes are read by name (`bbox: [x0, top, x1, bottom]` in points from the
//! page's top-left corner, on the element's `page`; `boxes: [{page, bbox}]`
//! where an element runs over a page turn or a column break), so a record
//! of any schema version can be drawn, and a hand-corrected one as it is.

use serde::Serialize;
use serde_json::Value;
use std::collections::BTreeMap;

/// What an element is; decides its colour and its legend entry.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Kind {
    /// A section heading (its level is in [`Element::level`]).
    Heading,
    /// A paragraph block.
    Paragraph,
    /// A list block.
    List,
    /// One item of a list.
    Item,
    /// A table.
    Table,
    /// One cell of a table.
    Cell,
    /// A footnote's text.
    Footnote,
    /// A reference mark citing a footnote.
    Mark,
    /// A graded judgment's evidence.
    Judgment,
    /// A finding (area for improvement, cause of concern, …).
    Finding,
}

/// One box on one page.
#[derive(Debug, Clone, Copy, PartialEq, Serialize)]
pub struct PageBox {
    /// Page number, from 1.
    pub page: u32,
    /// `[x0, top, x1, bottom]` in PDF points from the page's top-left corner.
    pub bbox: [f64; 4],
}

/// One element of the record as the page shows it.
#[derive(Debug, Clone, Serialize)]
pub struct Element {
    /// Unique id within the page (`e12`), the target of links.
    pub id: String,
    /// What it is.
    pub kind: Kind,
    /// Heading level, for headings.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub level: Option<u64>,
    /// One line naming it, for the side panel.
    pub label: String,
    /// What the record says of it, as (field, value) lines for the tooltip.
    pub lines: Vec<(String, String)>,
    /// The page the record gives it, if any.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub page: Option<u64>,
    /// Its boxes (none when the record gives none).
    pub boxes: Vec<PageBox>,
    /// The id of the element it points at (a mark's footnote).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub link: Option<String>,
}

/// Every element of a record, in reading order.
#[derive(Debug, Clone, Default, Serialize)]
pub struct Overlay {
    /// The elements.
    pub elements: Vec<Element>,
}

/// Longest text shown in a tooltip line, in characters.
const SHOWN: usize = 300;

/// `text` cut to [`SHOWN`] characters with an ellipsis.
fn clip(text: &str) -> String {
    let mut out: String = text.chars().take(SHOWN).collect();
    if text.chars().count() > SHOWN {
        out.push('…');
    }
    out
}

/// A JSON value as display text (strings without quotes).
fn show(v: &Value) -> String {
    match v {
        Value::String(s) => clip(s),
        Value::Null => String::new(),
        other => clip(&other.to_string()),
    }
}

/// `[x0, top, x1, bottom]` if `v` is four finite numbers.
fn bbox(v: Option<&Value>) -> Option<[f64; 4]> {
    let a = v?.as_array()?;
    if a.len() != 4 {
        return None;
    }
    let mut out = [0.0; 4];
    for (o, n) in out.iter_mut().zip(a) {
        *o = n.as_f64().filter(|x| x.is_finite())?;
    }
    Some(out)
}

/// A page number from a JSON value.
fn page_of(v: Option<&Value>) -> Option<u32> {
    v?.as_u64()
        .and_then(|n| u32::try_from(n).ok())
        .filter(|&n| n >= 1)
}

/// The boxes of an element object: `bbox` on its `page`, then each of
/// `boxes` not already there.
fn boxes_of(obj: &Value) -> Vec<PageBox> {
    let mut out = Vec::new();
    if let (Some(page), Some(b)) = (page_of(obj.get("page")), bbox(obj.get("bbox"))) {
        out.push(PageBox { page, bbox: b });
    }
    for item in obj
        .get("boxes")
        .and_then(Value::as_array)
        .into_iter()
        .flatten()
    {
        if let (Some(page), Some(b)) = (page_of(item.get("page")), bbox(item.get("bbox")))
            && !out.iter().any(|x| x.page == page && x.bbox == b)
        {
            out.push(PageBox { page, bbox: b });
        }
    }
    out
}

/// Builds the list as the record is read.
struct Builder {
    elements: Vec<Element>,
    /// (numbering run, footnote number) → where it is cited (section and
    /// page); the run is the citing element's `footnote_run` (0 if absent).
    cited: BTreeMap<(u64, u64), Vec<String>>,
}

impl Builder {
    fn push(
        &mut self,
        kind: Kind,
        obj: &Value,
        label: String,
        lines: Vec<(String, String)>,
    ) -> usize {
        let id = format!("e{}", self.elements.len());
        self.elements.push(Element {
            id,
            kind,
            level: None,
            label,
            lines,
            page: obj.get("page").and_then(Value::as_u64),
            boxes: boxes_of(obj),
            link: None,
        });
        self.elements.len() - 1
    }

    /// Notes where the footnotes a block or heading cites are cited.
    fn note_refs(&mut self, obj: &Value, place: &str) {
        let page = obj.get("page").and_then(Value::as_u64);
        let run = obj.get("footnote_run").and_then(Value::as_u64).unwrap_or(0);
        for n in obj
            .get("footnote_refs")
            .and_then(Value::as_array)
            .into_iter()
            .flatten()
            .filter_map(Value::as_u64)
        {
            let at = match page {
                Some(p) => format!("p. {p}, {place}"),
                None => place.to_string(),
            };
            self.cited.entry((run, n)).or_default().push(at);
        }
    }

    fn blocks(&mut self, blocks: &Value, place: &str) {
        for block in blocks.as_array().into_iter().flatten() {
            let refs = block
                .get("footnote_refs")
                .and_then(Value::as_array)
                .filter(|a| !a.is_empty())
                .map(|a| a.iter().map(show).collect::<Vec<_>>().join(", "));
            match block.get("type").and_then(Value::as_str) {
                Some("paragraph") => {
                    let text = block.get("text").map(show).unwrap_or_default();
                    let mut lines = vec![("paragraph".into(), text.clone())];
                    if let Some(r) = refs {
                        lines.push(("cites footnotes".into(), r));
                    }
                    lines.push(("in".into(), place.to_string()));
                    let label = format!("Paragraph: {}", text.chars().take(60).collect::<String>());
                    self.push(Kind::Paragraph, block, label, lines);
                    self.note_refs(block, place);
                }
                Some("list") => {
                    let items = block.get("items").and_then(Value::as_array);
                    let n = items.map_or(0, Vec::len);
                    let ordered = block.get("ordered").and_then(Value::as_bool) == Some(true);
                    let mut lines = vec![(
                        "list".into(),
                        format!(
                            "{n} items, {}",
                            if ordered { "numbered" } else { "bulleted" }
                        ),
                    )];
                    if let Some(r) = refs {
                        lines.push(("cites footnotes".into(), r));
                    }
                    lines.push(("in".into(), place.to_string()));
                    self.push(Kind::List, block, format!("List of {n} items"), lines);
                    self.note_refs(block, place);
                    for (i, item) in items.into_iter().flatten().enumerate() {
                        let text = item.get("text").map(show).unwrap_or_default();
                        let lines = vec![
                            (format!("item {}", i + 1), text.clone()),
                            ("in".into(), place.to_string()),
                        ];
                        let label = format!("Item: {}", text.chars().take(60).collect::<String>());
                        let at = self.push(Kind::Item, item, label, lines);
                        if self.elements[at].page.is_none() {
                            self.elements[at].page = block.get("page").and_then(Value::as_u64);
                        }
                    }
                }
                _ => {}
            }
        }
    }

    /// The tables.
    fn tables(&mut self, record: &Value) {
        for (i, t) in record
            .get("tables")
            .and_then(Value::as_array)
            .into_iter()
            .flatten()
            .enumerate()
        {
            let rows = t.get("rows").and_then(Value::as_array).map_or(0, Vec::len);
            let header = t.get("header").and_then(Value::as_array);
            let cols = header.map_or(0, Vec::len);
            let mut lines = vec![(
                "table".into(),
                format!("{} of {rows} rows × {cols} columns", i + 1),
            )];
            if let Some(c) = t.get("caption").filter(|c| !c.is_null()) {
                lines.push(("caption".into(), show(c)));
            }
            if let Some(h) = header {
                let h: Vec<String> = h.iter().map(show).collect();
                lines.push(("header".into(), clip(&h.join(" | "))));
            }
            self.push(Kind::Table, t, format!("Table {}", i + 1), lines);
            self.cells(t, i + 1);
        }
    }

    /// The cells of table `n` that have a box: the header row, then the
    /// body rows.
    fn cells(&mut self, t: &Value, n: usize) {
        let list = |key: &str| {
            t.get(key)
                .and_then(Value::as_array)
                .cloned()
                .unwrap_or_default()
        };
        let mut rows = vec![("header".to_string(), list("header"), list("header_boxes"))];
        let boxes = list("cell_boxes");
        for (r, row) in list("rows").into_iter().enumerate() {
            let texts = row.as_array().cloned().unwrap_or_default();
            let row_boxes = boxes
                .get(r)
                .and_then(Value::as_array)
                .cloned()
                .unwrap_or_default();
            rows.push((format!("row {}", r + 1), texts, row_boxes));
        }
        for (row, texts, row_boxes) in rows {
            for (c, (text, b)) in texts.iter().zip(&row_boxes).enumerate() {
                let Some(b) = Some(b).filter(|b| b.is_object()) else {
                    continue;
                };
                let at = format!("table {n}, {row}, column {}", c + 1);
                let lines = vec![("cell".into(), at.clone()), ("text".into(), show(text))];
                self.push(Kind::Cell, b, format!("Cell: {at}"), lines);
            }
        }
    }

    /// The footnotes and the marks citing them (after the blocks, whose citations they list).
    fn footnotes(&mut self, record: &Value) {
        let footnotes: Vec<&Value> = record
            .get("footnotes")
            .and_then(Value::as_array)
            .into_iter()
            .flatten()
            .collect();
        for f in footnotes {
            let number = f.get("number").and_then(Value::as_u64);
            let run = f.get("run").and_then(Value::as_u64).unwrap_or(0);
            let n = number.map(|n| n.to_string()).unwrap_or_else(|| "?".into());
            let text = f.get("text").map(show).unwrap_or_default();
            let mut lines = vec![
                ("footnote".into(), n.clone()),
                ("text".into(), text.clone()),
            ];
            let cited = number
                .and_then(|n| self.cited.get(&(run, n)))
                .map(|c| c.join("; "))
                .unwrap_or_else(|| "nowhere the record says".into());
            lines.push(("cited at".into(), cited));
            let at = self.push(Kind::Footnote, f, format!("Footnote {n}"), lines);
            let target = self.elements[at].id.clone();
            for m in f
                .get("marks")
                .and_then(Value::as_array)
                .into_iter()
                .flatten()
            {
                let lines = vec![
                    ("mark citing footnote".into(), n.clone()),
                    ("footnote text".into(), text.clone()),
                    ("".into(), "click to go to the note".into()),
                ];
                let at = self.push(Kind::Mark, m, format!("Mark of footnote {n}"), lines);
                self.elements[at].link = Some(target.clone());
            }
        }
    }

    /// The graded judgments.
    fn judgments(&mut self, record: &Value) {
        for j in record
            .get("judgments")
            .and_then(Value::as_array)
            .into_iter()
            .flatten()
        {
            let field = |k: &str| j.get(k).map(show).unwrap_or_default();
            let lines = vec![
                ("judgment".into(), field("area")),
                ("grade".into(), field("grade")),
                ("scale".into(), field("scale")),
                ("evidence".into(), field("evidence")),
            ];
            let label = format!("{}: {}", field("grade"), field("area"));
            self.push(Kind::Judgment, j, label, lines);
        }
    }

    /// The findings of every kind.
    fn findings(&mut self, record: &Value) {
        if let Some(Value::Object(kinds)) = record.get("findings") {
            for (kind, list) in kinds {
                let name = kind.replace('_', " ");
                for f in list.as_array().into_iter().flatten() {
                    let field = |k: &str| f.get(k).map(show).unwrap_or_default();
                    let mut lines = vec![("finding".into(), name.clone())];
                    if let Some(area) = f.get("area").filter(|a| !a.is_null()) {
                        lines.push(("area".into(), show(area)));
                    }
                    if let Some(t) = f.get("title").filter(|a| !a.is_null()) {
                        lines.push(("title".into(), show(t)));
                    }
                    lines.push(("text".into(), field("text")));
                    let what = f
                        .get("title")
                        .or_else(|| f.get("text"))
                        .map(show)
                        .unwrap_or_default();
                    // The whole title (or text, to SHOWN characters): the
                    // side panel cuts it and keeps all of it on hover.
                    let label = format!("{name}: {what}");
                    self.push(Kind::Finding, f, label, lines);
                }
            }
        }
    }

    fn sections(&mut self, sections: &Value) {
        for s in sections.as_array().into_iter().flatten() {
            let heading = s.get("heading").map(show).unwrap_or_default();
            let level = s.get("level").and_then(Value::as_u64);
            let mut lines = vec![
                ("heading".into(), heading.clone()),
                (
                    "level".into(),
                    level.map(|l| l.to_string()).unwrap_or_default(),
                ),
            ];
            if let Some(p) = s.get("page").and_then(Value::as_u64) {
                lines.push(("page".into(), p.to_string()));
            }
            let label = format!("H{}: {heading}", level.unwrap_or(0));
            let at = self.push(Kind::Heading, s, label, lines);
            self.elements[at].level = level;
            let place = format!("“{}”", heading.chars().take(60).collect::<String>());
            self.note_refs(s, &place);
            if let Some(b) = s.get("blocks") {
                self.blocks(b, &place);
            }
            if let Some(sub) = s.get("sections") {
                self.sections(sub);
            }
        }
    }
}

impl Overlay {
    /// Reads every element the page draws or lists from a record.
    pub fn from_record(record: &Value) -> Overlay {
        let mut b = Builder {
            elements: Vec::new(),
            cited: BTreeMap::new(),
        };
        if let Some(pre) = record.get("preamble") {
            b.blocks(pre, "the preamble");
        }
        if let Some(s) = record.get("sections") {
            b.sections(s);
        }
        b.tables(record);
        b.footnotes(record);
        b.judgments(record);
        b.findings(record);
        Overlay {
            elements: b.elements,
        }
    }

    /// Boxes drawn, over all pages.
    pub fn box_count(&self) -> usize {
        self.elements.iter().map(|e| e.boxes.len()).sum()
    }

    /// Elements the record gives no box.
    pub fn unboxed_count(&self) -> usize {
        self.elements.iter().filter(|e| e.boxes.is_empty()).count()
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    #[test]
    fn boxes_come_from_bbox_and_boxes_without_repeats() {
        let v = json!({"page": 2, "bbox": [1, 2, 3, 4],
            "boxes": [{"page": 2, "bbox": [1, 2, 3, 4]}, {"page": 3, "bbox": [5, 6, 7, 8]},
                      {"page": 0, "bbox": [1, 1, 1, 1]}, {"page": 4, "bbox": [1, 2]}]});
        let b = boxes_of(&v);
        assert_eq!(b.len(), 2);
        assert_eq!(
            b[1],
            PageBox {
                page: 3,
                bbox: [5.0, 6.0, 7.0, 8.0]
            }
        );
    }

    #[test]
    fn marks_link_to_their_note_and_citations_are_found() {
        let v = json!({
            "sections": [{"heading": "Intro", "level": 1, "page": 1, "footnote_refs": [],
                "blocks": [{"type": "paragraph", "text": "x", "page": 1, "footnote_refs": [3]}],
                "sections": []}],
            "footnotes": [{"number": 3, "text": "A note", "page": 1,
                "marks": [{"page": 1, "bbox": [1, 2, 3, 4]}]}]
        });
        let o = Overlay::from_record(&v);
        let note = o
            .elements
            .iter()
            .find(|e| e.kind == Kind::Footnote)
            .unwrap();
        let mark = o.elements.iter().find(|e| e.kind == Kind::Mark).unwrap();
        assert_eq!(mark.link.as_deref(), Some(note.id.as_str()));
        assert!(
            note.lines
                .iter()
                .any(|(k, v)| k == "cited at" && v.contains("p. 1"))
        );
        assert_eq!(o.unboxed_count(), 3);
        assert_eq!(o.box_count(), 1);
    }

    #[test]
    fn a_finding_label_keeps_its_whole_title() {
        let title =
            "The force should improve how it records and reviews the use of stop and search powers";
        let v = json!({"findings": {"areas_for_improvement": [{"title": title, "text": "t"}]}});
        let o = Overlay::from_record(&v);
        assert!(
            o.elements[0].label.ends_with(title),
            "{}",
            o.elements[0].label
        );
    }

    #[test]
    fn citations_are_matched_within_their_numbering_run() {
        let v = json!({
            "sections": [{"heading": "Intro", "level": 1, "page": 1, "footnote_refs": [],
                "blocks": [
                    {"type": "paragraph", "text": "x", "page": 2, "footnote_refs": [1]},
                    {"type": "paragraph", "text": "y", "page": 9, "footnote_refs": [1],
                     "footnote_run": 1}
                ],
                "sections": []}],
            "footnotes": [
                {"number": 1, "text": "first", "page": 2},
                {"number": 1, "text": "second", "page": 9, "run": 1}
            ]
        });
        let o = Overlay::from_record(&v);
        let cited: Vec<String> = o
            .elements
            .iter()
            .filter(|e| e.kind == Kind::Footnote)
            .filter_map(|e| e.lines.iter().find(|(k, _)| k == "cited at"))
            .map(|(_, v)| v.clone())
            .collect();
        assert_eq!(cited.len(), 2);
        assert!(
            cited[0].contains("p. 2") && !cited[0].contains("p. 9"),
            "{cited:?}"
        );
        assert!(
            cited[1].contains("p. 9") && !cited[1].contains("p. 2"),
            "{cited:?}"
        );
    }
}
