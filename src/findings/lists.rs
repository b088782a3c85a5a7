//! Findings: areas for improvement, causes of concern, recommendations and
//! innovative practice.
//!
//! In: the parsed structure and the [`Vocabulary`]. Out: [`Findings`].
//!
//! A finding kind is announced by one of the vocabulary's labels —
//! "Areas for improvement", "Cause of concern", "Recommendations",
//! "Innovative practice" (also "Promising practice", "Notable practice") —
//! set either as a heading or as a short paragraph of its own (a boxed
//! panel's title). What follows the label up to the next heading is the
//! finding text: each list item is one finding; without a list, each
//! paragraph is one. A panel title takes only the paragraph after it. A
//! statement that there are none ("we have … made no recommendations", as
//! the vocabulary words it) gives no finding. Repeats (a summary that
//! restates the overview's list) are one finding with every page it is on.

use crate::inspectorates::{FindingKind as Kind, Vocabulary};
use crate::parse::Parsed;
use crate::record::{Block, Finding, Findings, Section};
use nom::{
    IResult, Parser,
    branch::alt,
    bytes::complete::{tag, tag_no_case},
    combinator::{eof, opt},
    sequence::terminated,
};

/// A finding label of the vocabulary, the whole of `input`
/// (case-insensitive, a trailing colon or full stop allowed).
pub fn label<'a>(input: &'a str, vocab: &Vocabulary) -> IResult<&'a str, Kind> {
    let input = input.trim();
    for (kind, text) in vocab.finding_labels() {
        let mut whole = terminated(
            tag_no_case(text.as_str()),
            (opt(alt((tag(":"), tag(".")))), eof),
        );
        let parsed: IResult<&str, &str> = whole.parse(input);
        if let Ok((rest, _)) = parsed {
            return Ok((rest, *kind));
        }
    }
    Err(nom::Err::Error(nom::error::Error::new(
        input,
        nom::error::ErrorKind::Tag,
    )))
}

/// Find every finding in the report.
pub fn find(parsed: &Parsed, vocab: &Vocabulary) -> Findings {
    let mut acc = Findings::default();
    for p in &parsed.panels {
        from_panel(p, &mut acc, vocab);
    }
    for s in &parsed.sections {
        walk(s, &mut Vec::new(), &mut acc, vocab);
    }
    acc
}

/// A boxed panel: a label paragraph ("Area for improvement") opens a kind;
/// the bold paragraphs after it, up to the next label, are its items, or
/// without any, the one paragraph after it.
fn from_panel(panel: &crate::parse::Panel, acc: &mut Findings, vocab: &Vocabulary) {
    let paras = &panel.paragraphs;
    let mut k = 0;
    while k < paras.len() {
        let Ok((_, kind)) = label(&paras[k].text, vocab) else {
            k += 1;
            continue;
        };
        let end = (k + 1..paras.len())
            .find(|&j| label(&paras[j].text, vocab).is_ok())
            .unwrap_or(paras.len());
        let body = &paras[k + 1..end];
        let bold: Vec<&crate::parse::PanelParagraph> = body.iter().filter(|p| p.bold).collect();
        let items = if bold.is_empty() {
            body.iter().take(1).collect()
        } else {
            bold
        };
        for p in items {
            if !vocab.says_no_findings(&p.text) {
                add(acc, kind, p.text.clone(), p.page, None);
            }
        }
        k = end;
    }
}

/// The items of every list among `blocks`, with their pages.
fn list_items(blocks: &[Block]) -> Vec<(String, u32)> {
    blocks
        .iter()
        .flat_map(|b| match b {
            Block::List { items, page, .. } => {
                items.iter().map(|i| (i.text.clone(), *page)).collect()
            }
            _ => Vec::new(),
        })
        .collect()
}

fn walk(s: &Section, path: &mut Vec<String>, acc: &mut Findings, vocab: &Vocabulary) {
    // The area a finding belongs to: the nearest heading above that is not
    // itself a finding label.
    let area = path
        .iter()
        .rev()
        .find(|h| label(h, vocab).is_err())
        .cloned();
    if let Ok((_, kind)) = label(&s.heading, vocab) {
        if kind == Kind::CauseOfConcern {
            causes(s, area.as_deref(), acc, vocab);
        } else {
            let list_items = list_items(&s.blocks);
            let items = if list_items.is_empty() {
                s.blocks
                    .iter()
                    .filter_map(|b| match b {
                        Block::Paragraph { text, page, .. } if !introduces_list(text) => {
                            Some((text.clone(), *page))
                        }
                        _ => None,
                    })
                    .collect()
            } else {
                list_items
            };
            for (text, page) in items {
                if !vocab.says_no_findings(&text) {
                    add(acc, kind, text, page, area.as_deref());
                }
            }
        }
    } else {
        // Panel titles among the blocks.
        for w in s.blocks.windows(2) {
            if let (Block::Paragraph { text: title, .. }, Block::Paragraph { text, page, .. }) =
                (&w[0], &w[1])
                && let Ok((_, kind)) = label(title, vocab)
                && !vocab.says_no_findings(text)
            {
                add(acc, kind, text.clone(), *page, Some(&s.heading));
            }
        }
        // A panel title right before a subsection: the subsection heading is
        // the finding.
        if let Some(Block::Paragraph { text: title, .. }) = s.blocks.last()
            && let Ok((_, kind)) = label(title, vocab)
            && let Some(first) = s.sections.first()
        {
            add(
                acc,
                kind,
                first.heading.clone(),
                first.page,
                Some(&s.heading),
            );
        }
    }
    path.push(s.heading.clone());
    // Recommendations nested under a cause of concern belong to it.
    if label(&s.heading, vocab).is_ok_and(|(_, k)| k == Kind::CauseOfConcern) {
        path.pop();
        return;
    }
    for c in &s.sections {
        walk(c, path, acc, vocab);
    }
    path.pop();
}

/// A paragraph that introduces the list after it ("To address this cause
/// of concern, we recommend that the force:").
fn introduces_list(text: &str) -> bool {
    text.trim_end().ends_with(':')
}

/// A cause-of-concern section: each paragraph states a cause; a list after
/// it (often introduced by "we recommend that the force:"), or in a
/// "Recommendations" subsection, holds that cause's recommendations, which
/// are also listed among the report's recommendations.
fn causes(s: &Section, area: Option<&str>, acc: &mut Findings, vocab: &Vocabulary) {
    let recs_for_last = |acc: &mut Findings, items: Vec<(String, u32)>| {
        for (text, page) in items {
            if let Some(cause) = acc.causes_of_concern.last_mut()
                && !cause.recommendations.contains(&text)
            {
                cause.recommendations.push(text.clone());
            }
            add(acc, Kind::Recommendation, text, page, area);
        }
    };
    for b in &s.blocks {
        match b {
            Block::Paragraph { text, page, .. }
                if !introduces_list(text) && !vocab.says_no_findings(text) =>
            {
                add(acc, Kind::CauseOfConcern, text.clone(), *page, area);
            }
            Block::List { items, page, .. } => {
                recs_for_last(acc, items.iter().map(|i| (i.text.clone(), *page)).collect());
            }
            _ => {}
        }
    }
    for sub in &s.sections {
        recs_for_last(acc, list_items(&sub.blocks));
    }
}

fn add(acc: &mut Findings, kind: Kind, text: String, page: u32, area: Option<&str>) {
    let list = match kind {
        Kind::AreaForImprovement => &mut acc.areas_for_improvement,
        Kind::CauseOfConcern => &mut acc.causes_of_concern,
        Kind::Recommendation => &mut acc.recommendations,
        Kind::InnovativePractice => &mut acc.innovative_practice,
    };
    let key = |t: &str| {
        t.chars()
            .filter(|c| c.is_alphanumeric())
            .flat_map(char::to_lowercase)
            .collect::<String>()
    };
    let k = key(&text);
    if let Some(existing) = list.iter_mut().find(|f| key(&f.text) == k) {
        if !existing.pages.contains(&page) {
            existing.pages.push(page);
        }
        return;
    }
    list.push(Finding {
        text,
        title: None,
        area: area.map(str::to_string),
        page,
        pages: vec![page],
        recommendations: vec![],
    });
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::inspectorates::embedded;

    #[test]
    fn labels() {
        assert_eq!(
            label("Areas for improvement", embedded()).map(|r| r.1),
            Ok(Kind::AreaForImprovement)
        );
        assert_eq!(
            label("Area for improvement:", embedded()).map(|r| r.1),
            Ok(Kind::AreaForImprovement)
        );
        assert_eq!(
            label("Innovative practice", embedded()).map(|r| r.1),
            Ok(Kind::InnovativePractice)
        );
        assert!(label("Areas for improvement in the force", embedded()).is_err());
    }

    #[test]
    fn none_statements() {
        assert!(embedded().says_no_findings(
            "We have identified no causes for concern and have therefore made no recommendations."
        ));
        assert!(!embedded().says_no_findings("The force should improve its vetting."));
    }

    #[test]
    fn repeats_are_one_finding_with_both_pages() {
        let mut acc = Findings::default();
        add(
            &mut acc,
            Kind::AreaForImprovement,
            "The force should vet.".into(),
            6,
            None,
        );
        add(
            &mut acc,
            Kind::AreaForImprovement,
            "The force should vet.".into(),
            13,
            None,
        );
        assert_eq!(acc.areas_for_improvement.len(), 1);
        assert_eq!(acc.areas_for_improvement[0].pages, vec![6, 13]);
    }

    #[test]
    fn cause_of_concern_carries_its_recommendations() {
        use crate::record::ListItem;
        let section = Section {
            heading: "Cause of concern".into(),
            level: 3,
            page: 9,
            footnote_refs: vec![],
            blocks: vec![
                Block::Paragraph {
                    text: "The force does not understand demand.".into(),
                    page: 9,
                    footnote_refs: vec![],
                },
                Block::Paragraph {
                    text: "To address this cause of concern, we recommend that the force:".into(),
                    page: 9,
                    footnote_refs: vec![],
                },
                Block::List {
                    ordered: false,
                    items: vec![ListItem {
                        text: "analyse its demand within six months.".into(),
                        footnote_refs: vec![],
                    }],
                    page: 9,
                    footnote_refs: vec![],
                },
            ],
            sections: vec![],
        };
        let mut acc = Findings::default();
        walk(
            &section,
            &mut vec!["How effective is the force?".into()],
            &mut acc,
            embedded(),
        );
        assert_eq!(acc.causes_of_concern.len(), 1);
        assert_eq!(
            acc.causes_of_concern[0].recommendations,
            vec!["analyse its demand within six months."]
        );
        assert_eq!(
            acc.causes_of_concern[0].area.as_deref(),
            Some("How effective is the force?")
        );
        assert_eq!(acc.recommendations.len(), 1);
    }
}
