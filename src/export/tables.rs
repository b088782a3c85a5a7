//! The tables of an export: their columns ([`TABLES`], the one definition
//! both writers use) and the rows a set of records gives ([`build`]).
//! Every child table starts with `record`, the key of its row in
//! `records`, then `ordinal`, the row's position within the record in
//! document order, counted from 0 (so `report_tables.ordinal` is the index
//! blocks use for a table). Absent values are NULL.

use super::read::Loaded;
use crate::record::{Block, ListItem, Record, Section};

/// A column's SQL type.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Kind {
    /// A whole number (or 0/1 for a flag).
    Integer,
    /// Text.
    Text,
}

/// One column.
#[derive(Debug, Clone, Copy)]
pub struct Column {
    /// Its name.
    pub name: &'static str,
    /// Its type.
    pub kind: Kind,
    /// Whether it may be NULL.
    pub nullable: bool,
}

/// One table's layout.
#[derive(Debug)]
pub struct TableDef {
    /// Its name.
    pub name: &'static str,
    /// Its columns, in order.
    pub columns: &'static [Column],
    /// The columns of its primary key.
    pub key: &'static [&'static str],
}

/// One cell.
#[derive(Debug, Clone, PartialEq)]
pub enum Value {
    /// Absent.
    Null,
    /// A number.
    Int(i64),
    /// Text.
    Text(String),
}

impl From<&str> for Value {
    fn from(s: &str) -> Self {
        Self::Text(s.to_string())
    }
}
impl From<&String> for Value {
    fn from(s: &String) -> Self {
        Self::Text(s.clone())
    }
}
impl From<Option<&String>> for Value {
    fn from(s: Option<&String>) -> Self {
        s.map_or(Self::Null, Self::from)
    }
}
impl From<u32> for Value {
    fn from(n: u32) -> Self {
        Self::Int(i64::from(n))
    }
}
impl From<usize> for Value {
    fn from(n: usize) -> Self {
        Self::Int(i64::try_from(n).unwrap_or(i64::MAX))
    }
}
impl From<Option<usize>> for Value {
    fn from(n: Option<usize>) -> Self {
        n.map_or(Self::Null, Self::from)
    }
}
impl From<bool> for Value {
    fn from(b: bool) -> Self {
        Self::Int(i64::from(b))
    }
}

/// A list of page numbers as a JSON array (`[3,4]`, readable with SQLite's
/// `json_each`), NULL when empty.
fn pages(p: &[u32]) -> Value {
    if p.is_empty() {
        Value::Null
    } else {
        Value::Text(serde_json::Value::from(p.to_vec()).to_string())
    }
}

/// A table's rows.
#[derive(Debug)]
pub struct Rows {
    /// Which table.
    pub def: &'static TableDef,
    /// Its rows, each with one value per column.
    pub rows: Vec<Vec<Value>>,
}

const fn int(name: &'static str) -> Column {
    Column {
        name,
        kind: Kind::Integer,
        nullable: false,
    }
}
const fn int_or_null(name: &'static str) -> Column {
    Column {
        name,
        kind: Kind::Integer,
        nullable: true,
    }
}
const fn text(name: &'static str) -> Column {
    Column {
        name,
        kind: Kind::Text,
        nullable: false,
    }
}
const fn text_or_null(name: &'static str) -> Column {
    Column {
        name,
        kind: Kind::Text,
        nullable: true,
    }
}

/// `records`: one row per record.
pub const RECORDS: TableDef = TableDef {
    name: "records",
    key: &["record"],
    columns: &[
        text("record"),
        text("schema_version"),
        text("converter_version"),
        text("engine"),
        text("structure"),
        text("source_file"),
        text("sha256"),
        int("pages"),
        text_or_null("producer"),
        int("tagged"),
        text("title"),
        text_or_null("force"),
        text_or_null("inspected_body"),
        text_or_null("year"),
        text_or_null("programme"),
        text_or_null("theme"),
        text_or_null("inspectorate"),
        text_or_null("published"),
        text_or_null("grade_scale"),
    ],
};

/// `sections`: the section tree in document order (a heading before its
/// blocks and sub-sections), with the ordinal of the parent.
pub const SECTIONS: TableDef = TableDef {
    name: "sections",
    key: &["record", "ordinal"],
    columns: &[
        text("record"),
        int("ordinal"),
        int_or_null("parent"),
        int("level"),
        text("heading"),
        int("page"),
    ],
};

/// `blocks`: paragraphs, lists and table references, in document order
/// (preamble, the sections' blocks, back matter).
pub const BLOCKS: TableDef = TableDef {
    name: "blocks",
    key: &["record", "ordinal"],
    columns: &[
        text("record"),
        int("ordinal"),
        text("part"),
        int_or_null("section"),
        text("kind"),
        int_or_null("ordered"),
        text_or_null("text"),
        int("page"),
        text_or_null("pages"),
        int_or_null("report_table"),
    ],
};

/// `judgments`: graded judgments.
pub const JUDGMENTS: TableDef = TableDef {
    name: "judgments",
    key: &["record", "ordinal"],
    columns: &[
        text("record"),
        int("ordinal"),
        text("area"),
        text("grade"),
        text("scale"),
        int("page"),
        text_or_null("judged_in"),
        text("evidence"),
    ],
};

/// `findings`: findings of every kind, kinds in record order.
pub const FINDINGS: TableDef = TableDef {
    name: "findings",
    key: &["record", "ordinal"],
    columns: &[
        text("record"),
        int("ordinal"),
        text("kind"),
        int("kind_ordinal"),
        text_or_null("title"),
        text("text"),
        text_or_null("area"),
        text_or_null("responsible_body"),
        int("page"),
        text_or_null("pages"),
    ],
};

/// `finding_recommendations`: the recommendations set out under a cause
/// of concern (`finding` is the cause's `findings.ordinal`).
pub const FINDING_RECOMMENDATIONS: TableDef = TableDef {
    name: "finding_recommendations",
    key: &["record", "finding", "ordinal"],
    columns: &[text("record"), int("finding"), int("ordinal"), text("text")],
};

/// `footnotes`: every footnote.
pub const FOOTNOTES: TableDef = TableDef {
    name: "footnotes",
    key: &["record", "ordinal"],
    columns: &[
        text("record"),
        int("ordinal"),
        int("run"),
        int("number"),
        text("text"),
        int("page"),
        text_or_null("urls"),
    ],
};

/// `footnote_refs`: one row per footnote number a record cites, where it
/// is cited (`site`: heading, paragraph, list, list_item, table).
pub const FOOTNOTE_REFS: TableDef = TableDef {
    name: "footnote_refs",
    key: &["record", "ordinal"],
    columns: &[
        text("record"),
        int("ordinal"),
        int("number"),
        int_or_null("run"),
        text("site"),
        int_or_null("section"),
        int_or_null("block"),
        int_or_null("item"),
        int_or_null("report_table"),
        int("page"),
    ],
};

/// `report_tables`: every table of a report.
pub const REPORT_TABLES: TableDef = TableDef {
    name: "report_tables",
    key: &["record", "ordinal"],
    columns: &[
        text("record"),
        int("ordinal"),
        text_or_null("caption"),
        int("page"),
        text_or_null("pages"),
        int("has_header"),
        int("n_rows"),
        int("n_cols"),
    ],
};

/// `table_cells`: every cell; the header row (when there is one) is row 0
/// with `header` 1, body rows follow.
pub const TABLE_CELLS: TableDef = TableDef {
    name: "table_cells",
    key: &["record", "report_table", "row_no", "col_no"],
    columns: &[
        text("record"),
        int("report_table"),
        int("row_no"),
        int("col_no"),
        int("header"),
        text("text"),
    ],
};

/// `warnings`: what the converter was unsure of.
pub const WARNINGS: TableDef = TableDef {
    name: "warnings",
    key: &["record", "ordinal"],
    columns: &[
        text("record"),
        int("ordinal"),
        text("code"),
        text("message"),
        int_or_null("page"),
    ],
};

/// Every table, `records` first.
pub const TABLES: [&TableDef; 11] = [
    &RECORDS,
    &SECTIONS,
    &BLOCKS,
    &JUDGMENTS,
    &FINDINGS,
    &FINDING_RECOMMENDATIONS,
    &FOOTNOTES,
    &FOOTNOTE_REFS,
    &REPORT_TABLES,
    &TABLE_CELLS,
    &WARNINGS,
];

/// The rows of every table for `records` (sorted by key), in [`TABLES`]
/// order.
pub fn build(records: &[Loaded]) -> Vec<Rows> {
    let mut out: Vec<Rows> = TABLES
        .iter()
        .map(|def| Rows {
            def,
            rows: Vec::new(),
        })
        .collect();
    for loaded in records {
        let mut rows = RecordRows::new(&loaded.key);
        rows.record(loaded);
        rows.walk(&loaded.record);
        rows.rest(&loaded.record);
        for (table, new) in out.iter_mut().zip(rows.tables) {
            debug_assert!(new.iter().all(|r| r.len() == table.def.columns.len()));
            table.rows.extend(new);
        }
    }
    out
}

/// Index of each table in [`TABLES`].
mod at {
    pub const RECORDS: usize = 0;
    pub const SECTIONS: usize = 1;
    pub const BLOCKS: usize = 2;
    pub const JUDGMENTS: usize = 3;
    pub const FINDINGS: usize = 4;
    pub const FINDING_RECOMMENDATIONS: usize = 5;
    pub const FOOTNOTES: usize = 6;
    pub const FOOTNOTE_REFS: usize = 7;
    pub const REPORT_TABLES: usize = 8;
    pub const TABLE_CELLS: usize = 9;
    pub const WARNINGS: usize = 10;
}

/// The rows of one record, being built.
struct RecordRows<'a> {
    key: &'a str,
    tables: Vec<Vec<Vec<Value>>>,
    /// Tables whose footnote references are already out.
    tables_cited: Vec<bool>,
    /// The record names the numbering run of its references (schema 1.4 on).
    runs_known: bool,
}

/// Where a walk is: which part of the record, under which section.
#[derive(Clone, Copy)]
struct Place {
    part: &'static str,
    section: Option<usize>,
}

impl<'a> RecordRows<'a> {
    fn new(key: &'a str) -> Self {
        Self {
            key,
            tables: vec![Vec::new(); TABLES.len()],
            tables_cited: Vec::new(),
            runs_known: false,
        }
    }

    /// Append a row to table `at`, the record key first.
    fn push(&mut self, at: usize, values: Vec<Value>) {
        let mut row = Vec::with_capacity(values.len() + 1);
        row.push(Value::from(self.key));
        row.extend(values);
        self.tables[at].push(row);
    }

    /// The ordinal the next row of table `at` gets.
    fn next(&self, at: usize) -> usize {
        self.tables[at].len()
    }

    fn record(&mut self, loaded: &Loaded) {
        let r = &loaded.record;
        let rep = &r.report;
        let structure = serde_json::to_value(r.converter.structure)
            .ok()
            .and_then(|v| v.as_str().map(str::to_string))
            .unwrap_or_default();
        self.push(
            at::RECORDS,
            vec![
                Value::from(&r.schema_version),
                Value::from(&r.converter.version),
                Value::from(&r.converter.engine),
                Value::Text(structure),
                Value::from(&r.source.file),
                Value::from(&r.source.sha256),
                Value::from(r.source.pages),
                Value::from(r.source.producer.as_ref()),
                Value::from(r.source.tagged),
                Value::from(&rep.title),
                Value::from(rep.force.as_ref()),
                Value::from(rep.inspected_body.as_ref()),
                Value::from(rep.year.as_ref()),
                Value::from(rep.programme.as_ref()),
                Value::from(rep.theme.as_ref()),
                Value::from(rep.inspectorate.as_ref()),
                Value::from(rep.published.as_ref()),
                Value::from(rep.grade_scale.as_ref()),
            ],
        );
    }

    /// Sections, blocks and footnote references, in document order.
    fn walk(&mut self, r: &Record) {
        self.tables_cited = vec![false; r.tables.len()];
        self.runs_known = crate::record::names_footnote_runs(&r.schema_version);
        let preamble = Place {
            part: "preamble",
            section: None,
        };
        for b in &r.preamble {
            self.block(r, b, preamble);
        }
        for s in &r.sections {
            self.section(r, s, None);
        }
        let back = Place {
            part: "back_matter",
            section: None,
        };
        for b in &r.back_matter {
            self.block(r, b, back);
        }
        // Tables no block refers to still have their references.
        for t in 0..r.tables.len() {
            if !self.tables_cited[t] {
                self.table_refs(r, t, None, None);
            }
        }
    }

    fn section(&mut self, r: &Record, s: &Section, parent: Option<usize>) {
        let ordinal = self.next(at::SECTIONS);
        self.push(
            at::SECTIONS,
            vec![
                Value::from(ordinal),
                Value::from(parent),
                Value::from(u32::from(s.level)),
                Value::from(&s.heading),
                Value::from(s.page),
            ],
        );
        for &n in &s.footnote_refs {
            self.cite(
                (n, s.footnote_run),
                "heading",
                Some(ordinal),
                None,
                None,
                None,
                s.page,
            );
        }
        let place = Place {
            part: "section",
            section: Some(ordinal),
        };
        for b in &s.blocks {
            self.block(r, b, place);
        }
        for sub in &s.sections {
            self.section(r, sub, Some(ordinal));
        }
    }

    fn block(&mut self, r: &Record, b: &Block, at: Place) {
        let ordinal = self.next(at::BLOCKS);
        let head = |kind: &str| {
            vec![
                Value::from(ordinal),
                Value::from(at.part),
                Value::from(at.section),
                kind.into(),
            ]
        };
        match b {
            Block::Paragraph {
                footnote_run,
                text,
                page,
                pages: p,
                footnote_refs,
                ..
            } => {
                let mut row = head("paragraph");
                row.extend([
                    Value::Null,
                    Value::from(text),
                    Value::from(*page),
                    pages(p),
                    Value::Null,
                ]);
                self.push(at::BLOCKS, row);
                for &n in footnote_refs {
                    self.cite(
                        (n, *footnote_run),
                        "paragraph",
                        at.section,
                        Some(ordinal),
                        None,
                        None,
                        *page,
                    );
                }
            }
            Block::List {
                footnote_run,
                ordered,
                items,
                page,
                pages: p,
                footnote_refs,
                ..
            } => {
                let joined = items
                    .iter()
                    .map(|i| i.text.as_str())
                    .collect::<Vec<_>>()
                    .join("\n");
                let mut row = head("list");
                row.extend([
                    Value::from(*ordered),
                    Value::Text(joined),
                    Value::from(*page),
                    pages(p),
                    Value::Null,
                ]);
                self.push(at::BLOCKS, row);
                for &n in footnote_refs {
                    self.cite(
                        (n, *footnote_run),
                        "list",
                        at.section,
                        Some(ordinal),
                        None,
                        None,
                        *page,
                    );
                }
                self.item_refs(items, at.section, ordinal, *page);
            }
            Block::Table { table, page } => {
                let mut row = head("table");
                row.extend([
                    Value::Null,
                    Value::Null,
                    Value::from(*page),
                    Value::Null,
                    Value::from(*table),
                ]);
                self.push(at::BLOCKS, row);
                if self.tables_cited.get(*table) == Some(&false) {
                    self.table_refs(r, *table, at.section, Some(ordinal));
                }
            }
        }
    }

    /// The footnote references of a list's items (list block `ordinal`).
    fn item_refs(&mut self, items: &[ListItem], section: Option<usize>, ordinal: usize, page: u32) {
        for (i, item) in items.iter().enumerate() {
            for &n in &item.footnote_refs {
                let at = (n, item.footnote_run);
                self.cite(at, "list_item", section, Some(ordinal), Some(i), None, page);
            }
        }
    }

    fn table_refs(&mut self, r: &Record, t: usize, section: Option<usize>, block: Option<usize>) {
        self.tables_cited[t] = true;
        let table = &r.tables[t];
        for &n in &table.footnote_refs {
            self.cite(
                (n, table.footnote_run),
                "table",
                section,
                block,
                None,
                Some(t),
                table.page,
            );
        }
    }

    #[allow(clippy::too_many_arguments)]
    fn cite(
        &mut self,
        (number, run): (u32, u32),
        site: &str,
        section: Option<usize>,
        block: Option<usize>,
        item: Option<usize>,
        table: Option<usize>,
        page: u32,
    ) {
        let ordinal = self.next(at::FOOTNOTE_REFS);
        self.push(
            at::FOOTNOTE_REFS,
            vec![
                Value::from(ordinal),
                Value::from(number),
                // Records before schema 1.4 do not name the run.
                if self.runs_known {
                    Value::from(run)
                } else {
                    Value::Null
                },
                site.into(),
                Value::from(section),
                Value::from(block),
                Value::from(item),
                Value::from(table),
                Value::from(page),
            ],
        );
    }

    /// Judgments, findings, footnotes, tables, warnings.
    fn rest(&mut self, r: &Record) {
        for (i, j) in r.judgments.iter().enumerate() {
            self.push(
                at::JUDGMENTS,
                vec![
                    Value::from(i),
                    Value::from(&j.area),
                    Value::from(j.grade.as_str()),
                    Value::from(&j.scale),
                    Value::from(j.page),
                    Value::from(j.year.as_ref()),
                    Value::from(&j.evidence),
                ],
            );
        }
        self.findings(r);
        self.footnotes(r);
        self.tables(r);
        for (i, w) in r.warnings.iter().enumerate() {
            self.push(
                at::WARNINGS,
                vec![
                    Value::from(i),
                    Value::from(w.code.as_str()),
                    Value::from(&w.message),
                    w.page.map_or(Value::Null, Value::from),
                ],
            );
        }
    }

    /// Findings of every kind, and the recommendations under a cause of
    /// concern.
    fn findings(&mut self, r: &Record) {
        let f = &r.findings;
        let kinds = [
            ("areas_for_improvement", &f.areas_for_improvement),
            ("causes_of_concern", &f.causes_of_concern),
            ("recommendations", &f.recommendations),
            ("innovative_practice", &f.innovative_practice),
        ];
        for (kind, list) in kinds {
            for (k, finding) in list.iter().enumerate() {
                let ordinal = self.next(at::FINDINGS);
                self.push(
                    at::FINDINGS,
                    vec![
                        Value::from(ordinal),
                        kind.into(),
                        Value::from(k),
                        Value::from(finding.title.as_ref()),
                        Value::from(&finding.text),
                        Value::from(finding.area.as_ref()),
                        Value::from(finding.responsible_body.as_ref()),
                        Value::from(finding.page),
                        pages(&finding.pages),
                    ],
                );
                for (i, rec) in finding.recommendations.iter().enumerate() {
                    self.push(
                        at::FINDING_RECOMMENDATIONS,
                        vec![Value::from(ordinal), Value::from(i), Value::from(rec)],
                    );
                }
            }
        }
    }

    fn footnotes(&mut self, r: &Record) {
        for (i, note) in r.footnotes.iter().enumerate() {
            let urls = if note.urls.is_empty() {
                Value::Null
            } else {
                Value::Text(serde_json::Value::from(note.urls.clone()).to_string())
            };
            self.push(
                at::FOOTNOTES,
                vec![
                    Value::from(i),
                    Value::from(note.run),
                    Value::from(note.number),
                    Value::from(&note.text),
                    Value::from(note.page),
                    urls,
                ],
            );
        }
    }

    /// Report tables and their cells.
    fn tables(&mut self, r: &Record) {
        for (t, table) in r.tables.iter().enumerate() {
            let has_header = !table.header.is_empty();
            let n_cols = table
                .rows
                .iter()
                .map(Vec::len)
                .chain([table.header.len()])
                .max()
                .unwrap_or(0);
            self.push(
                at::REPORT_TABLES,
                vec![
                    Value::from(t),
                    Value::from(table.caption.as_ref()),
                    Value::from(table.page),
                    pages(&table.pages),
                    Value::from(has_header),
                    Value::from(table.rows.len()),
                    Value::from(n_cols),
                ],
            );
            let header = has_header.then_some(&table.header);
            for (row, (is_header, cells)) in header
                .into_iter()
                .map(|h| (true, h))
                .chain(table.rows.iter().map(|r| (false, r)))
                .enumerate()
            {
                for (col, cell) in cells.iter().enumerate() {
                    self.push(
                        at::TABLE_CELLS,
                        vec![
                            Value::from(t),
                            Value::from(row),
                            Value::from(col),
                            Value::from(is_header),
                            Value::from(cell),
                        ],
                    );
                }
            }
        }
    }
}
