//! Findings: areas for improvement, causes of concern, recommendations and
//! innovative practice.
//!
//! In: the parsed structure and the [`Vocabulary`]. Out: [`Findings`].
//!
//! A finding kind is announced by one of the vocabulary's labels —
//! "Areas for improvement", "Cause of concern", "Recommendations",
//! "Innovative practice", Ofsted's "What needs to improve?" and "Areas for
//! priority action" ([`labels`]) — set as a heading, as a short paragraph
//! of its own (a boxed panel's title, or a heading the parse stage took for
//! a paragraph), or as the heading of a table column. What follows the
//! label is read in [`items`]: a list's items, bulleted paragraphs,
//! paragraphs, or titled paragraphs, whichever the report (and the path
//! that parsed it, tag tree or layout) gives; [`units`] evens out how the
//! parse stage set them. Boxed panels are read in [`panels`], findings
//! grids ("Responsible body | Areas for priority action") in [`grid`].
//!
//! A statement that there are none ("we have … made no recommendations", as
//! the vocabulary words it) gives no finding. Repeats (a summary that
//! restates the overview's list, a panel whose text is also in the
//! section) are one finding with every page it is on.
//!
//! A finding's `area` is the nearest heading above it that is neither a
//! label nor the report's title. A list under the report's title only
//! (Ofsted's "What needs to improve?", which sums up the whole inspection)
//! has no area: it stands for the report as a whole, whichever way the
//! path set the title (as a heading or not at all).

mod grid;
mod items;
mod labels;
mod panels;
mod units;

pub use labels::label;

use crate::inspectorates::{FindingKind as Kind, Vocabulary, match_key as key};
use crate::parse::Parsed;
use crate::record::{Block, Finding, Findings, Section, Table};
use items::Item;
use std::collections::HashSet;
use units::Unit;

/// What the reader needs beside the section it is in.
struct Ctx<'a> {
    vocab: &'a Vocabulary,
    tables: &'a [Table],
    /// The report's title, as keys: as the metadata gives it, as set on
    /// the first page, and as the heading over the whole report.
    titles: [String; 3],
    /// Keys of every paragraph in a panel: the panels' reading of them
    /// stands.
    in_panels: HashSet<String>,
}

/// Find every finding in the report whose title is `title` (as the
/// metadata reader found it; the parsed title lines count too).
pub fn find(parsed: &Parsed, title: &str, vocab: &Vocabulary) -> Findings {
    let ctx = Ctx {
        vocab,
        tables: &parsed.tables,
        titles: [
            key(title),
            key(&parsed.title_lines.join(" ")),
            whole_report_heading(parsed),
        ],
        in_panels: parsed
            .panels
            .iter()
            .flat_map(|p| &p.paragraphs)
            .map(|p| key(&p.text))
            .collect(),
    };
    let mut acc = Findings::default();
    let places = places(parsed, &ctx);
    let stream = stream(parsed, &ctx);
    for p in &parsed.panels {
        let area = panel_area(p, &places);
        let lead = label_before(p, &stream, vocab);
        for (kind, item) in panels::findings(p, lead, vocab) {
            add_item(&mut acc, kind, item, area.as_deref(), vocab);
        }
    }
    from_blocks(&parsed.preamble, &[], &mut acc, &ctx);
    for s in &parsed.sections {
        walk(s, &mut Vec::new(), &mut acc, &ctx);
    }
    acc
}


/// The area of a finding under the headings `path`: the nearest that is
/// neither a label nor the report's title.
fn area_of(path: &[&str], ctx: &Ctx<'_>) -> Option<String> {
    path.iter()
        .rev()
        .find(|h| label(h, ctx.vocab).is_err() && !is_title(h, ctx))
        .map(|h| h.to_string())
}

/// The key of the one top-level heading, on the first page, that holds the
/// whole report: the title set as a heading.
fn whole_report_heading(parsed: &Parsed) -> String {
    match parsed.sections.as_slice() {
        [only] if only.page == 1 => key(&only.heading),
        _ => String::new(),
    }
}

/// The heading is the report's title (or the part of it a heading sets).
fn is_title(heading: &str, ctx: &Ctx<'_>) -> bool {
    /// Shortest heading taken for part of the title, in letters.
    const MIN_TITLE_PART: usize = 20;
    let k = key(heading);
    !k.is_empty()
        && ctx.titles.iter().any(|t| {
            !t.is_empty() && (k == *t || (k.len() >= MIN_TITLE_PART && t.contains(&k)))
        })
}

/// Every paragraph's key, page and area, in order.
fn places(parsed: &Parsed, ctx: &Ctx<'_>) -> Vec<(String, u32, Option<String>)> {
    fn visit<'a>(
        s: &'a Section,
        path: &mut Vec<&'a str>,
        ctx: &Ctx<'_>,
        out: &mut Vec<(String, u32, Option<String>)>,
    ) {
        path.push(&s.heading);
        let area = area_of(path, ctx);
        for b in &s.blocks {
            if let Block::Paragraph { text, page, .. } = b {
                out.push((key(text), *page, area.clone()));
            }
        }
        for c in &s.sections {
            visit(c, path, ctx, out);
        }
        path.pop();
    }
    let mut out = Vec::new();
    for s in &parsed.sections {
        visit(s, &mut Vec::new(), ctx, &mut out);
    }
    out
}

/// Every heading and unit text of the report, in order.
fn stream(parsed: &Parsed, ctx: &Ctx<'_>) -> Vec<String> {
    fn visit(s: &Section, ctx: &Ctx<'_>, out: &mut Vec<String>) {
        out.push(s.heading.clone());
        out.extend(
            units::units(&s.blocks, ctx.tables, ctx.vocab)
                .iter()
                .map(|u| u.text().to_string()),
        );
        for c in &s.sections {
            visit(c, ctx, out);
        }
    }
    let mut out: Vec<String> = units::units(&parsed.preamble, ctx.tables, ctx.vocab)
        .iter()
        .map(|u| u.text().to_string())
        .collect();
    for s in &parsed.sections {
        visit(s, ctx, &mut out);
    }
    out
}

/// The kind of the label standing just before a panel that opens without
/// one: the heading or paragraph before the panel's first paragraph, or
/// the end of the text its first paragraph was run into.
fn label_before(panel: &crate::parse::Panel, stream: &[String], vocab: &Vocabulary) -> Option<Kind> {
    /// Characters of the panel's first paragraph looked for in the text.
    const PROBE: usize = 60;
    let first = panel.paragraphs.first()?;
    if label(&first.text, vocab).is_ok() {
        return None;
    }
    let probe: String = first.text.trim().chars().take(PROBE).collect();
    if probe.is_empty() {
        return None;
    }
    let (n, at) = stream
        .iter()
        .enumerate()
        .find_map(|(n, t)| t.find(&probe).map(|at| (n, at)))?;
    let before = stream[n][..at].trim();
    if before.is_empty() {
        let prev = stream[..n].iter().rev().find(|t| !t.trim().is_empty())?;
        label(prev, vocab).ok().map(|(_, k)| k)
    } else {
        labels::trailing_label(before, vocab).map(|(_, k)| k)
    }
}

/// A panel's area: that of the section holding its paragraphs, or else of
/// the last paragraph on its page or before.
fn panel_area(
    panel: &crate::parse::Panel,
    places: &[(String, u32, Option<String>)],
) -> Option<String> {
    let first = panel.paragraphs.first()?;
    panel
        .paragraphs
        .iter()
        .skip(1)
        .find_map(|p| {
            let k = key(&p.text);
            places.iter().find(|(pk, pg, _)| *pk == k && *pg == p.page)
        })
        .or_else(|| places.iter().rev().find(|(_, pg, _)| *pg <= first.page))
        .and_then(|(_, _, area)| area.clone())
}

fn walk<'a>(s: &'a Section, path: &mut Vec<&'a str>, acc: &mut Findings, ctx: &Ctx<'_>) {
    let vocab = ctx.vocab;
    let area = area_of(path, ctx);
    path.push(&s.heading);
    let heading_kind = label(&s.heading, vocab).ok().map(|(_, k)| k);
    let units = units::units(&s.blocks, ctx.tables, ctx.vocab);
    match heading_kind {
        Some(Kind::CauseOfConcern) if !units.iter().any(|u| matches!(u, Unit::Grid { .. })) => {
            causes(s, area.as_deref(), acc, vocab);
            // Recommendations nested under a cause of concern belong to it.
            path.pop();
            return;
        }
        Some(kind) => {
            let mut found = items::after_label(&units, kind, vocab);
            if found.is_empty() {
                found = titled_subsections(s, ctx.tables, vocab);
            }
            for item in found {
                add_item(acc, kind, item, area.as_deref(), vocab);
            }
        }
        None => {}
    }
    from_units(&units, path, acc, ctx);
    // A panel title right before a subsection: the subsection heading is
    // the finding.
    if heading_kind.is_none()
        && let Some(Block::Paragraph { text: title, .. }) = s.blocks.last()
        && let Ok((_, kind)) = label(title, vocab)
        && let Some(first) = s.sections.first()
    {
        let here = area_of(path, ctx);
        add_item(acc, kind, Item::new(&first.heading, first.page), here.as_deref(), vocab);
    }
    for c in &s.sections {
        walk(c, path, acc, ctx);
    }
    path.pop();
}

/// Blocks outside any section (before the first heading).
fn from_blocks(blocks: &[Block], path: &[&str], acc: &mut Findings, ctx: &Ctx<'_>) {
    let units = units::units(blocks, ctx.tables, ctx.vocab);
    from_units(&units, path, acc, ctx);
}

/// The kind a unit announces, when it is a paragraph holding a label.
fn label_of(u: &Unit<'_>, vocab: &Vocabulary) -> Option<Kind> {
    match u {
        Unit::Para { text, .. } => label(text, vocab).ok().map(|(_, k)| k),
        _ => None,
    }
}

/// The findings of labels among a section's units (short paragraphs that
/// are labels), and of findings grids.
fn from_units(units: &[Unit<'_>], path: &[&str], acc: &mut Findings, ctx: &Ctx<'_>) {
    let vocab = ctx.vocab;
    let area = area_of(path, ctx);
    for (i, u) in units.iter().enumerate() {
        let Some(kind) = label_of(u, vocab) else {
            continue;
        };
        // A repeat of the label before it is read with that one.
        if i > 0 && label_of(&units[i - 1], vocab) == Some(kind) {
            continue;
        }
        // The label's run: past its repeats, up to the next label.
        let rest = &units[i + 1..];
        let body_start = rest
            .iter()
            .position(|r| label_of(r, vocab) != Some(kind))
            .unwrap_or(rest.len());
        let end = rest[body_start..]
            .iter()
            .position(|r| label_of(r, vocab).is_some())
            .map_or(rest.len(), |e| body_start + e);
        // A panel's title: the panel's own reading stands.
        if rest
            .get(body_start)
            .is_some_and(|b| ctx.in_panels.contains(&key(b.text())))
        {
            continue;
        }
        for item in items::after_label(&rest[..end], kind, vocab) {
            add_item(acc, kind, item, area.as_deref(), vocab);
        }
    }
    for (kind, item) in grid::findings(units, vocab) {
        add_item(acc, kind, item, area.as_deref(), vocab);
    }
}

/// A label heading whose findings are its subsections: each subsection's
/// heading a title, its paragraphs and items the text.
fn titled_subsections(s: &Section, tables: &[Table], vocab: &Vocabulary) -> Vec<Item> {
    s.sections
        .iter()
        .map(|sub| {
            let text: Vec<String> = units::units(&sub.blocks, tables, vocab)
                .iter()
                .map(|u| u.text().to_string())
                .filter(|t| !t.is_empty())
                .collect();
            if text.is_empty() {
                Item::new(&sub.heading, sub.page)
            } else {
                let mut item = Item::new(&text.join(" "), sub.page);
                item.title = Some(sub.heading.clone());
                item
            }
        })
        .collect()
}

/// A paragraph that introduces the list after it ("To address this cause
/// of concern, we recommend that the force:").
fn introduces_list(text: &str) -> bool {
    text.trim_end().ends_with(':')
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

/// File an untitled finding on one page.
fn add(acc: &mut Findings, kind: Kind, text: String, page: u32, area: Option<&str>) {
    let item = Item {
        text,
        pages: vec![page],
        ..Item::default()
    };
    file(acc, kind, item, area);
}

/// File a finding read by [`items`], [`panels`] or [`grid`], unless it says
/// there are none.
fn add_item(acc: &mut Findings, kind: Kind, item: Item, area: Option<&str>, vocab: &Vocabulary) {
    if item.text.trim().is_empty() || vocab.says_no_findings(&item.text) {
        return;
    }
    file(acc, kind, item, area);
}

/// Add a finding to its list, or, when the list has it already (by its
/// title, or its text when untitled), add its pages to that one.
fn file(acc: &mut Findings, kind: Kind, item: Item, area: Option<&str>) {
    let list = match kind {
        Kind::AreaForImprovement => &mut acc.areas_for_improvement,
        Kind::CauseOfConcern => &mut acc.causes_of_concern,
        Kind::Recommendation => &mut acc.recommendations,
        Kind::InnovativePractice => &mut acc.innovative_practice,
    };
    let identity = |title: &Option<String>, text: &str| key(title.as_deref().unwrap_or(text));
    let k = identity(&item.title, &item.text);
    let Some(&page) = item.pages.first() else {
        return;
    };
    if let Some(existing) = list.iter_mut().find(|f| identity(&f.title, &f.text) == k) {
        for p in item.pages {
            if !existing.pages.contains(&p) {
                existing.pages.push(p);
            }
        }
        if existing.responsible_body.is_none() {
            existing.responsible_body = item.responsible_body;
        }
        return;
    }
    list.push(Finding {
        text: item.text,
        title: item.title,
        area: area.map(str::to_string),
        responsible_body: item.responsible_body,
        page,
        pages: item.pages,
        recommendations: vec![], bbox: None, boxes: Vec::new(),
    });
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::inspectorates::embedded;
    use crate::record::ListItem;

    fn para(text: &str, page: u32) -> Block {
        Block::Paragraph { footnote_run: 0,
            text: text.into(),
            page,
            pages: Vec::new(),
            footnote_refs: vec![], bbox: None, boxes: Vec::new(),
        }
    }

    fn list(items: &[&str], page: u32) -> Block {
        Block::List { footnote_run: 0,
            ordered: false,
            items: items
                .iter()
                .map(|t| ListItem { footnote_run: 0,
                    text: t.to_string(),
                    footnote_refs: vec![], bbox: None, boxes: Vec::new(), page: None,
                })
                .collect(),
            page,
            pages: Vec::new(),
            footnote_refs: vec![], bbox: None, boxes: Vec::new(),
        }
    }

    fn section(heading: &str, level: u8, blocks: Vec<Block>, sections: Vec<Section>) -> Section {
        Section { footnote_run: 0,
            heading: heading.into(),
            level,
            page: 2,
            footnote_refs: vec![],
            blocks,
            sections, bbox: None, boxes: Vec::new(),
        }
    }

    fn texts(list: &[Finding]) -> Vec<&str> {
        list.iter().map(|f| f.text.as_str()).collect()
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

    /// An Ofsted report as the tag path gives it: the title a heading, "What
    /// needs to improve?" a heading with its list, then a graded section the
    /// parse stage took for a paragraph.
    #[test]
    fn what_needs_to_improve_under_a_heading() {
        let parsed = Parsed {
            title_lines: vec!["Inspection of Barnet local authority children’s services".into()],
            sections: vec![section(
                "Inspection of Barnet local authority children’s services",
                1,
                vec![para("Children in Barnet receive strong services.", 1)],
                vec![section(
                    "What needs to improve?",
                    2,
                    vec![
                        list(&["Return home interviews.", "Timeliness of early help support."], 2),
                        para(
                            "The experiences and progress of children who need help and protection: good",
                            2,
                        ),
                        list(&["An impressive multi-agency hub."], 2),
                    ],
                    vec![],
                )],
            )],
            ..Default::default()
        };
        let got = find(&parsed, "", embedded());
        assert_eq!(
            texts(&got.areas_for_improvement),
            ["Return home interviews.", "Timeliness of early help support."]
        );
        // Under the title only: the report as a whole, no area.
        assert_eq!(got.areas_for_improvement[0].area, None);
        assert_eq!(got.areas_for_improvement[1].pages, [2]);
    }

    /// The same list as a paragraph label before the first heading, and as
    /// the layout path sets it (bulleted paragraphs under a graded area).
    #[test]
    fn what_needs_to_improve_as_a_paragraph_or_bullets() {
        let parsed = Parsed {
            title_lines: vec!["Inspection of Barnsley local authority children’s services".into()],
            preamble: vec![
                para("What needs to improve?", 2),
                list(&["The engagement of partners."], 2),
            ],
            sections: vec![section(
                "The impact of leaders: good",
                2,
                vec![
                    para("What needs to be better in this area:", 9),
                    para("◼ The quality of supervision.", 9),
                    para("◼ Caseloads. ◼ Audits.", 9),
                    para("Leaders are aware of discrete areas for improvement and act.", 9),
                ],
                vec![],
            )],
            ..Default::default()
        };
        let got = find(&parsed, "", embedded());
        assert_eq!(
            texts(&got.areas_for_improvement),
            [
                "The engagement of partners.",
                "The quality of supervision.",
                "Caseloads.",
                "Audits."
            ]
        );
        assert_eq!(got.areas_for_improvement[0].area, None);
        assert_eq!(
            got.areas_for_improvement[1].area.as_deref(),
            Some("The impact of leaders: good")
        );
    }

    #[test]
    fn labels_in_a_row_and_repeated() {
        let parsed = Parsed {
            preamble: vec![
                para("Innovative practice", 3),
                para("Areas for improvement", 3),
                para("Areas for improvement", 3),
                para("Leaders should improve their strategy.", 3),
            ],
            ..Default::default()
        };
        let got = find(&parsed, "", embedded());
        assert!(got.innovative_practice.is_empty());
        assert_eq!(
            texts(&got.areas_for_improvement),
            ["Leaders should improve their strategy."]
        );
    }

    #[test]
    fn a_findings_grid_names_its_responsible_bodies() {
        let grid = Table { footnote_run: 0,
            caption: None,
            page: 7,
            pages: vec![],
            header: vec!["Responsible body".into(), "Areas for priority action".into()],
            rows: vec![vec![
                "Plymouth City Council".into(),
                "Leaders should ensure that children get the care they need.".into(),
            ]],
            footnote_refs: vec![], bbox: None, boxes: Vec::new(), header_boxes: Vec::new(), cell_boxes: Vec::new(),
        };
        let parsed = Parsed {
            sections: vec![section(
                "What does the area partnership need to do better?",
                2,
                vec![Block::Table { table: 0, page: 7 }],
                vec![],
            )],
            tables: vec![grid],
            ..Default::default()
        };
        let got = find(&parsed, "", embedded());
        assert_eq!(got.causes_of_concern.len(), 1);
        let f = &got.causes_of_concern[0];
        assert_eq!(f.responsible_body.as_deref(), Some("Plymouth City Council"));
        assert_eq!(
            f.area.as_deref(),
            Some("What does the area partnership need to do better?")
        );
    }

    #[test]
    fn cause_of_concern_carries_its_recommendations() {
        let section = Section { footnote_run: 0,
            heading: "Cause of concern".into(),
            level: 3,
            page: 9,
            footnote_refs: vec![],
            blocks: vec![
                para("The force does not understand demand.", 9),
                para(
                    "To address this cause of concern, we recommend that the force:",
                    9,
                ),
                list(&["analyse its demand within six months."], 9),
            ],
            sections: vec![], bbox: None, boxes: Vec::new(),
        };
        let ctx = Ctx {
            vocab: embedded(),
            tables: &[],
            titles: Default::default(),
            in_panels: HashSet::new(),
        };
        let mut acc = Findings::default();
        walk(
            &section,
            &mut vec!["How effective is the force?"],
            &mut acc,
            &ctx,
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
