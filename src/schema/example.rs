//! The schema's example record, cut from a real conversion so that it
//! cannot drift from what the converter writes.
//!
//! In: a whole [`Record`] (the conversion of [`SAMPLE`]). Out: the same
//! record trimmed to a few of everything, still valid against the schema
//! and the cross-field checks: [`trim`] keeps the first blocks and
//! sections, the tables the kept blocks show (renumbered) and the
//! footnotes they cite, and leaves every kept value exactly as converted.
//! `schemas/example.json` is its output; the schema's `examples` and
//! `schemas/README.md` are generated from that file, and a test converts
//! the sample afresh and fails when the three differ (`INSPDF_BLESS=1`
//! rewrites them).

use crate::record::{Block, Findings, Record, Section};
use std::collections::HashSet;

/// The bundled sample the example is cut from (relative to the crate
/// root): a 2016 HMIC PEEL legitimacy report, untagged, with tables,
/// footnotes, graded judgments and areas for improvement.
pub const SAMPLE: &str = "samples/001_a_a4_serif_justified_hyphenated.pdf";

/// Where the example is checked in (relative to the crate root).
pub const FILE: &str = "schemas/example.json";

/// Top-level sections kept.
const SECTIONS: usize = 2;
/// Sub-sections kept under each kept section, and the depth kept.
const SUBSECTIONS: usize = 2;
const DEPTH: usize = 2;
/// Blocks kept under each heading (plus the first that cites a footnote,
/// when none of these does), and in the preamble.
const BLOCKS: usize = 2;
/// Rows kept in each table; judgments, findings of each kind, furniture
/// lines, back matter blocks and warnings kept.
const ROWS: usize = 2;
const JUDGMENTS: usize = 2;
const FINDINGS: usize = 1;
const FURNITURE: usize = 2;
const BACK_MATTER: usize = 1;
const WARNINGS: usize = 2;

/// `record` cut down to an example (see the module documentation).
pub fn trim(record: &Record) -> Record {
    let mut out = record.clone();
    out.preamble.truncate(BLOCKS);
    out.sections.truncate(SECTIONS);
    for s in &mut out.sections {
        section(s, 1);
    }
    let mut tables = Vec::new();
    for block in all_blocks(&mut out) {
        if let Block::Table { table, .. } = block
            && let Some(t) = record.tables.get(*table)
        {
            let mut t = t.clone();
            t.rows.truncate(ROWS);
            *table = tables.len();
            tables.push(t);
        }
    }
    out.tables = tables;
    out.footnotes = cited_footnotes(&out, record);
    out.judgments.truncate(JUDGMENTS);
    out.findings = findings(&record.findings);
    out.back_matter.truncate(BACK_MATTER);
    out.furniture.truncate(FURNITURE);
    out.warnings.truncate(WARNINGS);
    out
}

/// The example as written to [`FILE`]: pretty JSON and a final newline.
pub fn to_pretty(record: &Record) -> String {
    let mut s = serde_json::to_string_pretty(record).unwrap_or_default();
    s.push('\n');
    s
}

fn section(s: &mut Section, depth: usize) {
    keep_blocks(&mut s.blocks);
    if depth >= DEPTH {
        s.sections.clear();
    }
    s.sections.truncate(SUBSECTIONS);
    for sub in &mut s.sections {
        section(sub, depth + 1);
    }
}

/// The first [`BLOCKS`] blocks, and the first block citing a footnote if
/// none of those does (so the example shows a reference).
fn keep_blocks(blocks: &mut Vec<Block>) {
    let cites = |b: &Block| !refs_of(b).is_empty();
    let extra = if blocks.iter().take(BLOCKS).any(cites) {
        None
    } else {
        blocks.iter().position(cites)
    };
    let mut i = 0;
    blocks.retain(|_| {
        let keep = i < BLOCKS || Some(i) == extra;
        i += 1;
        keep
    });
}

fn refs_of(b: &Block) -> &[u32] {
    match b {
        Block::Paragraph { footnote_refs, .. } | Block::List { footnote_refs, .. } => footnote_refs,
        Block::Table { .. } => &[],
    }
}

/// Every block left in the record, in document order.
fn all_blocks(r: &mut Record) -> Vec<&mut Block> {
    fn walk<'a>(s: &'a mut Section, out: &mut Vec<&'a mut Block>) {
        out.extend(s.blocks.iter_mut());
        for sub in &mut s.sections {
            walk(sub, out);
        }
    }
    let mut out: Vec<&mut Block> = r.preamble.iter_mut().collect();
    for s in &mut r.sections {
        walk(s, &mut out);
    }
    out.extend(r.back_matter.iter_mut());
    out
}

/// For each footnote number the kept text cites (headings, blocks, list
/// items, then tables), in document order of first citation, the first
/// footnote of `whole` with that number.
fn cited_footnotes(kept: &Record, whole: &Record) -> Vec<crate::record::Footnote> {
    fn blocks(bs: &[Block], out: &mut Vec<u32>) {
        for b in bs {
            out.extend(refs_of(b));
            if let Block::List { items, .. } = b {
                out.extend(items.iter().flat_map(|i| i.footnote_refs.iter()));
            }
        }
    }
    fn section(s: &Section, out: &mut Vec<u32>) {
        out.extend(&s.footnote_refs);
        blocks(&s.blocks, out);
        for sub in &s.sections {
            section(sub, out);
        }
    }
    let mut cited: Vec<u32> = Vec::new();
    blocks(&kept.preamble, &mut cited);
    for s in &kept.sections {
        section(s, &mut cited);
    }
    blocks(&kept.back_matter, &mut cited);
    cited.extend(kept.tables.iter().flat_map(|t| t.footnote_refs.iter()));
    let mut seen = HashSet::new();
    cited
        .into_iter()
        .filter(|n| seen.insert(*n))
        .filter_map(|n| whole.footnotes.iter().find(|f| f.number == n).cloned())
        .collect()
}

fn findings(f: &Findings) -> Findings {
    let first = |v: &Vec<crate::record::Finding>| v.iter().take(FINDINGS).cloned().collect();
    Findings {
        areas_for_improvement: first(&f.areas_for_improvement),
        causes_of_concern: first(&f.causes_of_concern),
        recommendations: first(&f.recommendations),
        innovative_practice: first(&f.innovative_practice),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::record::{Footnote, Table};
    use serde_json::json;

    fn para(page: u32, refs: &[u32]) -> Block {
        Block::Paragraph {
            footnote_run: 0,
            text: format!("p{page}"),
            page,
            pages: vec![],
            footnote_refs: refs.to_vec(),
            bbox: None,
            boxes: Vec::new(),
        }
    }

    fn record() -> Record {
        let mut r: Record = serde_json::from_str(include_str!(
            "../../tests/fixtures/validate/valid/minimal.json"
        ))
        .expect("fixture");
        let table = |caption: &str| Table {
            footnote_run: 0,
            caption: Some(caption.into()),
            page: 2,
            pages: vec![],
            header: vec![],
            rows: vec![vec!["a".into()], vec!["b".into()], vec!["c".into()]],
            footnote_refs: vec![],
            bbox: None,
            boxes: Vec::new(),
            header_boxes: Vec::new(),
            cell_boxes: Vec::new(),
        };
        r.tables = vec![table("t0"), table("t1"), table("t2")];
        let note = |number: u32, run: u32| Footnote {
            number,
            text: format!("n{number}/{run}"),
            page: 2,
            urls: vec![],
            run,
            bbox: None,
            boxes: Vec::new(),
            marks: Vec::new(),
        };
        r.footnotes = vec![note(1, 0), note(2, 0), note(3, 0), note(1, 1)];
        let sub = |blocks: Vec<Block>| Section {
            footnote_run: 0,
            heading: "sub".into(),
            level: 2,
            page: 2,
            footnote_refs: vec![],
            blocks,
            sections: vec![],
            bbox: None,
            boxes: Vec::new(),
        };
        r.sections = vec![
            Section {
                footnote_run: 0,
                heading: "one".into(),
                level: 1,
                page: 1,
                footnote_refs: vec![],
                blocks: vec![para(1, &[]), para(1, &[]), para(1, &[]), para(2, &[3])],
                sections: vec![
                    sub(vec![Block::Table { table: 2, page: 2 }]),
                    sub(vec![]),
                    sub(vec![Block::Table { table: 0, page: 2 }]),
                ],
                bbox: None,
                boxes: Vec::new(),
            },
            Section {
                footnote_run: 0,
                heading: "two".into(),
                level: 1,
                page: 2,
                footnote_refs: vec![1],
                blocks: vec![],
                sections: vec![],
                bbox: None,
                boxes: Vec::new(),
            },
            Section {
                footnote_run: 0,
                heading: "three".into(),
                level: 1,
                page: 2,
                footnote_refs: vec![2],
                blocks: vec![],
                sections: vec![],
                bbox: None,
                boxes: Vec::new(),
            },
        ];
        r
    }

    #[test]
    fn keeps_the_first_of_everything_and_what_they_cite() {
        let out = trim(&record());
        let headings: Vec<&str> = out.sections.iter().map(|s| s.heading.as_str()).collect();
        assert_eq!(headings, ["one", "two"]);
        assert_eq!(
            out.sections[0].blocks,
            [para(1, &[]), para(1, &[]), para(2, &[3])]
        );
        assert_eq!(out.sections[0].sections.len(), SUBSECTIONS);
        // Only the table a kept block shows, renumbered, rows trimmed.
        assert_eq!(out.tables.len(), 1);
        assert_eq!(out.tables[0].caption.as_deref(), Some("t2"));
        assert_eq!(out.tables[0].rows.len(), ROWS);
        assert_eq!(
            out.sections[0].sections[0].blocks,
            [Block::Table { table: 0, page: 2 }]
        );
        // Footnote 3 (a block), then 1 (a heading), first of its number.
        let notes: Vec<&str> = out.footnotes.iter().map(|f| f.text.as_str()).collect();
        assert_eq!(notes, ["n3/0", "n1/0"]);
    }

    #[test]
    fn the_trimmed_record_passes_the_schema_and_the_checks() {
        let v = crate::validate::Validator::published().expect("schema");
        let value = serde_json::to_value(trim(&record())).expect("json");
        assert_eq!(v.check_record(&value), []);
        assert_eq!(value["tables"][0]["rows"], json!([["a"], ["b"]]));
    }
}
