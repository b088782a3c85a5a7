//! Stage 3a — what the report says: metadata, graded judgments and
//! findings, read from the parsed structure.
//!
//! In: the parsed structure, the PDF's info dictionary and the
//! inspectorates' [`Vocabulary`] (the embedded one, or any given to
//! [`read_with`]). Out: [`Read`], the record's report, judgments and
//! findings. No inspectorate's words live here: names, body words,
//! programmes, scales and finding labels all come from the vocabulary.
//!
//! - [`metadata`]: title, inspected body, year, programme, inspectorate.
//! - [`judgments`]: graded judgments from sentences, grade headings and
//!   judgment tables, on the vocabulary's scales.
//! - [`lists`]: areas for improvement, causes of concern, recommendations
//!   and innovative practice, from the sections that hold them.

pub mod judgments;
pub mod lists;
pub mod metadata;

use crate::inspectorates::{self, Vocabulary};
use crate::parse::Parsed;
use crate::record::{Block, Findings, Judgment, Report, Section};

/// Everything the findings stage reads from a parsed report.
#[derive(Debug, Clone, PartialEq, Default)]
pub struct Read {
    /// Report metadata.
    pub report: Report,
    /// Graded judgments.
    pub judgments: Vec<Judgment>,
    /// Findings lists.
    pub findings: Findings,
}

/// Read metadata, judgments and findings from a parsed report, with the
/// embedded vocabulary.
pub fn read(parsed: &Parsed, info: &metadata::DocInfo) -> Read {
    read_with(parsed, info, inspectorates::embedded())
}

/// Read metadata, judgments and findings from a parsed report, with the
/// inspectorates described by `vocab`.
pub fn read_with(parsed: &Parsed, info: &metadata::DocInfo, vocab: &Vocabulary) -> Read {
    let texts = body_texts(parsed);
    let mut report = metadata::report(parsed, &texts, info, vocab);
    let judgments = judgments::find(parsed, &texts, &report, vocab);
    report.grade_scale = judgments::scale_of(
        &judgments,
        report.inspectorate.as_deref(),
        report.year.as_deref(),
        vocab,
    )
    .map(str::to_string);
    let judgments = judgments
        .into_iter()
        .map(|mut j| {
            if let Some(s) = &report.grade_scale {
                j.scale.clone_from(s);
            }
            j
        })
        .collect();
    let findings = lists::find(parsed, vocab);
    Read {
        report,
        judgments,
        findings,
    }
}

/// A piece of running text with the page it is on and the heading path
/// above it.
#[derive(Debug, Clone, PartialEq)]
pub struct Text<'a> {
    /// The text.
    pub text: &'a str,
    /// Its page.
    pub page: u32,
    /// Headings of the sections it is in, outermost first.
    pub path: Vec<&'a str>,
}

/// Every paragraph and list item of the report, in order, with its page
/// and heading path.
pub fn body_texts(parsed: &Parsed) -> Vec<Text<'_>> {
    let mut out = Vec::new();
    for b in &parsed.preamble {
        push_block(b, &[], &mut out);
    }
    for s in &parsed.sections {
        walk(s, &mut Vec::new(), &mut out);
    }
    out
}

fn walk<'a>(s: &'a Section, path: &mut Vec<&'a str>, out: &mut Vec<Text<'a>>) {
    path.push(&s.heading);
    for b in &s.blocks {
        push_block(b, path, out);
    }
    for c in &s.sections {
        walk(c, path, out);
    }
    path.pop();
}

fn push_block<'a>(b: &'a Block, path: &[&'a str], out: &mut Vec<Text<'a>>) {
    match b {
        Block::Paragraph { text, page, .. } => out.push(Text {
            text,
            page: *page,
            path: path.to_vec(),
        }),
        Block::List { items, page, .. } => out.extend(items.iter().map(|i| Text {
            text: &i.text,
            page: *page,
            path: path.to_vec(),
        })),
        Block::Table { .. } => {}
    }
}
