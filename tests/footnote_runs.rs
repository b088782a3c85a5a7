//! Footnote references name their numbering run (schema 1.4.0).
//!
//! The 2016 PEEL report restarts its footnote numbering in every chapter
//! (six runs), so a reference "1" may mean any of six notes. Its truth
//! files cite every note once, in order, so the truth says which run each
//! reference is to: the k-th reference is to the k-th note. On the
//! renderings of that report, untagged and tagged, on both paths, every
//! reference of the record, read in reading order with the run its
//! element names, must be exactly that sequence — and `validate` must
//! accept the record, which now checks each reference within its run.

use inspdf::record::{Block, Record, Section};
use serde_json::Value;
use std::path::Path;

const FIXTURES: &str = "tests/fixtures/rendered";
const RESTARTING: [&str; 3] = [
    "001_a_a4_serif_justified_hyphenated",
    "001_b_letter_sans_two_column",
    "001_t_a4_serif_tagged",
];

/// (run, number) of every reference, in reading order: headings, blocks
/// (a list by its items), each table where its block stands.
fn references(r: &Record) -> Vec<(u32, u32)> {
    fn block(r: &Record, b: &Block, seen: &mut Vec<usize>, out: &mut Vec<(u32, u32)>) {
        match b {
            Block::Paragraph {
                footnote_run,
                footnote_refs,
                ..
            } => out.extend(footnote_refs.iter().map(|n| (*footnote_run, *n))),
            Block::List { items, .. } => {
                for i in items {
                    out.extend(i.footnote_refs.iter().map(|n| (i.footnote_run, *n)));
                }
            }
            Block::Table { table, .. } => {
                if !seen.contains(table)
                    && let Some(t) = r.tables.get(*table)
                {
                    seen.push(*table);
                    out.extend(t.footnote_refs.iter().map(|n| (t.footnote_run, *n)));
                }
            }
        }
    }
    fn section(r: &Record, s: &Section, seen: &mut Vec<usize>, out: &mut Vec<(u32, u32)>) {
        out.extend(s.footnote_refs.iter().map(|n| (s.footnote_run, *n)));
        for b in &s.blocks {
            block(r, b, seen, out);
        }
        for sub in &s.sections {
            section(r, sub, seen, out);
        }
    }
    let (mut seen, mut out) = (Vec::new(), Vec::new());
    for b in &r.preamble {
        block(r, b, &mut seen, &mut out);
    }
    for s in &r.sections {
        section(r, s, &mut seen, &mut out);
    }
    for b in &r.back_matter {
        block(r, b, &mut seen, &mut out);
    }
    out
}

/// The truth's (run, number) per reference: its notes numbered in runs
/// (a number not above the one before starts a run), cited once each in
/// order.
fn expected(truth: &Value) -> Vec<(u32, u32)> {
    let number = |v: &Value| v["number"].as_u64().and_then(|n| u32::try_from(n).ok());
    let notes: Vec<u32> = truth["footnotes"]
        .as_array()
        .expect("truth footnotes")
        .iter()
        .filter_map(number)
        .collect();
    let refs: Vec<u32> = truth["footnote_refs"]
        .as_array()
        .expect("truth refs")
        .iter()
        .filter_map(number)
        .collect();
    assert_eq!(
        refs, notes,
        "this test needs a truth citing each note once, in order"
    );
    let (mut run, mut last, mut out) = (0, 0, Vec::new());
    for n in notes {
        if n <= last {
            run += 1;
        }
        last = n;
        out.push((run, n));
    }
    out
}

#[test]
fn every_reference_names_the_run_of_its_note_on_both_paths() {
    let validator = inspdf::Validator::published().expect("published schema");
    for name in RESTARTING {
        let dir = Path::new(FIXTURES);
        let bytes = std::fs::read(dir.join(format!("{name}.pdf"))).expect("fixture pdf");
        let truth: Value = serde_json::from_slice(
            &std::fs::read(dir.join(format!("{name}.truth.json"))).expect("truth"),
        )
        .expect("truth json");
        let want = expected(&truth);
        let runs = want.iter().map(|(r, _)| r).max().copied().unwrap_or(0);
        assert!(runs >= 5, "{name}: the fixture restarts its numbering");
        for no_tags in [false, true] {
            let opts = inspdf::ConvertOptions {
                no_tags,
                ..Default::default()
            };
            let record = inspdf::convert_bytes(&bytes, name, &opts).expect("converts");
            assert_eq!(
                references(&record),
                want,
                "{name} (no_tags: {no_tags}): (run, number) of each reference"
            );
            let value = serde_json::to_value(&record).expect("record as JSON");
            assert!(
                validator.is_valid(&value),
                "{name} (no_tags: {no_tags}): the record passes the schema"
            );
            let broken = inspdf::validate::checks::run(&value);
            assert!(
                broken.is_empty(),
                "{name} (no_tags: {no_tags}): cross-field checks: {:?}",
                broken.iter().map(|d| &d.message).collect::<Vec<_>>()
            );
            assert!(inspdf::record::names_footnote_runs(&record.schema_version));
        }
    }
}
