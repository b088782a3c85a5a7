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
pub mod text;

pub use text::Text;

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
    let findings = lists::find(parsed, &report.title, vocab);
    Read {
        report,
        judgments,
        findings,
    }
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

#[cfg(test)]
mod tests {
    use super::*;
    use crate::parse::{Panel, PanelParagraph};
    use crate::record::ListItem;

    /// A made-up inspectorate, as one entry of `inspectorates.json` would
    /// describe it: its names, the body it inspects, a programme, a scale
    /// and labels of its own.
    const MADE_UP: &str = r#"{
        "id": "hmil",
        "names": [{
            "name": "HMIL",
            "full_name": "HM Inspectorate of Lighthouses",
            "phrases": ["hmil", "inspectorate of lighthouses"]
        }],
        "inspects": {
            "what": "lighthouse board",
            "field": "inspected_body",
            "words": ["Lighthouse Board"],
            "not_names": ["The", "Each"],
            "called": ["the board"]
        },
        "programmes": [{
            "name": "BEAM",
            "phrases": ["beam inspection"],
            "themes": ["visibility", "upkeep"]
        }],
        "scales": [{
            "id": "hmil-2024",
            "name": "HMIL three-point scale",
            "grades": ["exemplary", "sound", "failing"],
            "from": 2024
        }],
        "finding_labels": {
            "areas_for_improvement": ["points for action"],
            "innovative_practice": ["bright ideas"]
        }
    }"#;

    /// The embedded vocabulary with [`MADE_UP`] added to a copy of its data.
    fn with_made_up() -> Vocabulary {
        let mut data: serde_json::Value =
            serde_json::from_str(inspectorates::EMBEDDED_JSON).expect("embedded data");
        let entry: serde_json::Value = serde_json::from_str(MADE_UP).expect("made-up entry");
        data["inspectorates"]
            .as_array_mut()
            .expect("an inspectorates array")
            .push(entry);
        Vocabulary::from_json(&data.to_string()).expect("extended data")
    }

    fn paragraph(text: &str, page: u32) -> Block {
        Block::Paragraph { footnote_run: 0,
            text: text.into(),
            page,
            pages: Vec::new(),
            footnote_refs: vec![], bbox: None, boxes: Vec::new(),
        }
    }

    fn section(heading: &str, blocks: Vec<Block>, sections: Vec<Section>) -> Section {
        Section { footnote_run: 0,
            heading: heading.into(),
            level: 2,
            page: 2,
            footnote_refs: vec![],
            blocks,
            sections, bbox: None, boxes: Vec::new(),
        }
    }

    /// A report of the made-up inspectorate, as the parse stage gives it.
    fn fixture() -> Parsed {
        let points = Block::List { footnote_run: 0,
            ordered: false,
            items: vec![ListItem { footnote_run: 0,
                text: "The board should repaint the tower.".into(),
                footnote_refs: vec![], bbox: None, boxes: Vec::new(), page: None,
            }],
            page: 3,
            pages: Vec::new(),
            footnote_refs: vec![], bbox: None, boxes: Vec::new(),
        };
        let summary = section(
            "Summary",
            vec![
                paragraph(
                    "Northern Lighthouse Board is exemplary at keeping its lamps lit.",
                    2,
                ),
                paragraph(
                    "In 2023, we judged the board to be sound in its upkeep of fog signals.",
                    2,
                ),
            ],
            vec![section("Points for action", vec![points], vec![])],
        );
        let panel = |text: &str, bold| PanelParagraph {
            text: text.into(),
            bold,
            page: 4,
        };
        Parsed {
            title_lines: vec!["BEAM inspection 2024: visibility".into()],
            preamble: vec![paragraph(
                "HM Inspectorate of Lighthouses inspected Northern Lighthouse Board.",
                1,
            )],
            sections: vec![summary],
            panels: vec![Panel {
                paragraphs: vec![
                    panel("Bright ideas", false),
                    panel("Solar foghorns.", false),
                ],
            }],
            ..Default::default()
        }
    }

    #[test]
    fn a_new_inspectorate_is_one_data_entry() {
        let parsed = fixture();
        let info = metadata::DocInfo::default();
        // The embedded vocabulary does not know the inspectorate.
        let before = read(&parsed, &info);
        assert_eq!(before.report.inspectorate, None);
        assert!(before.judgments.is_empty());
        assert!(before.findings.areas_for_improvement.is_empty());

        let vocab = with_made_up();
        let got = read_with(&parsed, &info, &vocab);
        let r = &got.report;
        assert_eq!(r.inspectorate.as_deref(), Some("HMIL"));
        assert_eq!(
            r.inspected_body.as_deref(),
            Some("Northern Lighthouse Board")
        );
        assert_eq!(r.force, None);
        assert_eq!(
            (
                r.programme.as_deref(),
                r.theme.as_deref(),
                r.year.as_deref()
            ),
            (Some("BEAM"), Some("visibility"), Some("2024"))
        );
        assert_eq!(r.grade_scale.as_deref(), Some("hmil-2024"));
        let judged: Vec<(&str, &str, &str)> = got
            .judgments
            .iter()
            .map(|j| (j.area.as_str(), j.grade.as_str(), j.scale.as_str()))
            .collect();
        assert_eq!(
            judged,
            [
                ("keeping its lamps lit", "exemplary", "hmil-2024"),
                ("its upkeep of fog signals", "sound", "hmil-2024"),
            ]
        );
        let f = &got.findings;
        assert_eq!(f.areas_for_improvement.len(), 1);
        assert_eq!(
            f.areas_for_improvement[0].text,
            "The board should repaint the tower."
        );
        assert_eq!(f.areas_for_improvement[0].area.as_deref(), Some("Summary"));
        assert_eq!(f.innovative_practice.len(), 1);
        assert_eq!(f.innovative_practice[0].text, "Solar foghorns.");
        // The new scale sits beside the embedded ones, named by its
        // inspectorate.
        assert_eq!(vocab.scales().len(), inspectorates::scales::all().len() + 1);
        assert_eq!(
            vocab.scale("hmil-2024").map(|s| s.inspectorates.clone()),
            Some(vec!["HMIL".to_string()])
        );
    }
}
