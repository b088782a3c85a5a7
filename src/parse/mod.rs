//! Stage 2b — lines → structure.
//!
//! In: the [`Layout`] (lines in reading order, furniture removed). Out: a
//! [`Parsed`] document — the section tree with its blocks, the tables and
//! the footnotes — ready for the findings stage and the record.
//!
//! The order of work follows how a reader takes in a page:
//! 1. the contents page is found and set aside ([`contents`]); its entries
//!    name the headings and their nesting;
//! 2. each page's footnote area is cut off the bottom ([`footnotes`]);
//! 3. tables are found as runs of lines whose cells line up ([`tables`]);
//! 4. the remaining lines are headings ([`headings`]), list items or
//!    paragraph lines ([`blocks`]);
//! 5. headings nest into a tree by level ([`assemble`]).
//!
//! Every decision about the text of a line is made by a nom parser in
//! [`text`].

pub mod assemble;
pub mod blocks;
pub mod contents;
pub mod footnotes;
pub mod headings;
pub mod tables;
pub mod tagged;
pub mod text;

use crate::layout::hyphen::Lexicon;
use crate::layout::{Layout, Line};
use crate::record::{Block, Footnote, Section, Table, Warning};

/// What the structure stage read of one document, and which path read it.
#[derive(Debug, Clone, PartialEq)]
pub struct Structure {
    /// The structure.
    pub parsed: Parsed,
    /// The tag tree or the layout.
    pub source: crate::record::StructureSource,
    /// Seconds spent laying out lines before parsing (0 when the tag path
    /// ran: its layout time counts as parse).
    pub layout_seconds: f64,
}

/// The structure stage's one entry point: read `doc`'s structure from its
/// tag tree when `use_tags` and it has a usable one, else from its layout.
pub fn structure(doc: &crate::extract::Document, use_tags: bool) -> Structure {
    if !use_tags || doc.tags.is_none() {
        let started = std::time::Instant::now();
        let laid = crate::layout::lay_out(doc);
        let layout_seconds = started.elapsed().as_secs_f64();
        return Structure {
            parsed: parse(&laid),
            source: crate::record::StructureSource::Layout,
            layout_seconds,
        };
    }
    let (parsed, source) = tagged::parse_or_layout(doc);
    Structure {
        parsed,
        source,
        layout_seconds: 0.0,
    }
}

/// The document's structure, before findings are read from it.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Parsed {
    /// The title as set on the cover or first page, lines joined.
    pub title_lines: Vec<String>,
    /// Blocks before the first heading.
    pub preamble: Vec<Block>,
    /// Top-level sections.
    pub sections: Vec<Section>,
    /// Every table, in order; blocks refer to them by index.
    pub tables: Vec<Table>,
    /// Every footnote, in order.
    pub footnotes: Vec<Footnote>,
    /// Entries of the contents page, if the report has one.
    pub contents: Vec<contents::Entry>,
    /// Boxed panels, each as its paragraphs (the same text also appears in
    /// the section blocks).
    pub panels: Vec<Panel>,
    /// What the parser was unsure of.
    pub warnings: Vec<Warning>,
}

/// A boxed panel's paragraphs, with their weight: a panel titled "Areas for
/// improvement" lists its items as bold paragraphs.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Panel {
    /// Paragraphs in order.
    pub paragraphs: Vec<PanelParagraph>,
}

/// One paragraph of a panel.
#[derive(Debug, Clone, PartialEq)]
pub struct PanelParagraph {
    /// Text, markers lifted.
    pub text: String,
    /// Set in bold.
    pub bold: bool,
    /// Page.
    pub page: u32,
}

/// Group the boxed lines of the body into panels and their paragraphs: a
/// paragraph ends where the weight or size changes or the leading opens.
fn panels(body: &[&Line], pitch: f32, lexicon: &Lexicon) -> Vec<Panel> {
    let mut out: Vec<Panel> = Vec::new();
    let mut prev: Option<&Line> = None;
    let mut current: Vec<Vec<&Line>> = Vec::new();
    let finish = |current: &mut Vec<Vec<&Line>>, out: &mut Vec<Panel>| {
        if current.is_empty() {
            return;
        }
        let paragraphs = current
            .drain(..)
            .map(|lines| {
                let texts: Vec<&str> = lines.iter().map(|l| l.text.as_str()).collect();
                let (text, _) = text::lift_markers(&crate::layout::hyphen::join(&texts, lexicon));
                PanelParagraph {
                    text: collapse(&text),
                    bold: lines[0].bold,
                    page: lines[0].page,
                }
            })
            .collect();
        out.push(Panel { paragraphs });
    };
    for &line in body {
        if !line.panel {
            // Furniture and footnotes are already gone, so a panel broken by
            // a page turn continues on the next page's first lines.
            if prev.is_some_and(|p| p.page == line.page) || prev.is_none() {
                finish(&mut current, &mut out);
            }
            prev = None;
            continue;
        }
        // Boxes one after another are separated by white space.
        if prev.is_some_and(|p| p.page == line.page && line.y - p.y > pitch * 2.2) {
            finish(&mut current, &mut out);
        }
        let joins = prev.is_some_and(|p| {
            p.page == line.page
                && p.bold == line.bold
                && (p.size - line.size).abs() < 0.3
                && line.y - p.y <= pitch * 1.25
        });
        match current.last_mut() {
            Some(par) if joins => par.push(line),
            _ => current.push(vec![line]),
        }
        prev = Some(line);
    }
    finish(&mut current, &mut out);
    out
}

/// One unit of the body in reading order, before nesting.
#[derive(Debug, Clone, PartialEq)]
pub enum Event {
    /// A heading; `level` is filled in by [`headings::assign_levels`].
    Heading(headings::Heading),
    /// A paragraph, list or table reference.
    Block(Block),
}

/// Parse a laid-out document.
pub fn parse(layout: &Layout) -> Parsed {
    let body_size = layout.body_size;
    let mut warnings = Vec::new();

    // 1. Contents pages: among the first pages, those with leader entries.
    let mut contents = Vec::new();
    let mut contents_pages = Vec::new();
    for page in layout.pages.iter().take(8) {
        if let Some(mut entries) = contents::entries(page) {
            contents_pages.push(page.number);
            contents.append(&mut entries);
        }
    }

    // 2. Footnote areas.
    let mut areas: Vec<(u32, Vec<&Line>)> = Vec::new();
    let mut body: Vec<&Line> = Vec::new();
    for page in &layout.pages {
        if contents_pages.contains(&page.number) {
            continue;
        }
        let cut = footnotes::split(page, body_size);
        body.extend(cut.body);
        if !cut.notes.is_empty() {
            areas.push((page.number, cut.notes));
        }
    }
    let lexicon = Lexicon::from_texts(layout.lines().map(|l| l.text.as_str()));
    let footnotes = footnotes::collect(&areas, &lexicon);

    // The cover title: the largest type on the first page, before any body.
    let (title_lines, range) = headings::cover_title(&body, body_size);
    let title_at = body
        .get(range.start)
        .filter(|_| !range.is_empty())
        .map(|l| (headings::Style::of(l), l.page));
    body.drain(range);
    let body = &body[..];

    // 3. Tables, 4. headings and blocks.
    let measure = blocks::Measure::new(body, body_size);
    let pitch = measure.pitch;
    let found = tables::find(body, &layout.pages, pitch);
    let mut tables_out: Vec<Table> = Vec::new();
    let mut events: Vec<Event> = Vec::new();
    let mut i = 0;
    let mut pending: Vec<&Line> = Vec::new();
    let mut heads = headings::Candidates::new(body, body_size, &contents)
        .front_matter_before(contents_pages.first().copied().unwrap_or(0));
    let taken: std::collections::HashSet<usize> =
        found.iter().flat_map(|t| t.extra.iter().copied()).collect();
    while i < body.len() {
        if taken.contains(&i) {
            i += 1;
            continue;
        }
        if let Some(t) = found.iter().find(|t| t.start == i) {
            flush(&mut pending, &mut events, &measure, &lexicon);
            // A caption directly above a table was taken as a heading or
            // paragraph; take it back.
            let mut table = t.table.clone();
            if table.caption.is_none() {
                table.caption = take_caption(&mut events, body, t.start, pitch);
            }
            events.push(Event::Block(Block::Table {
                table: tables_out.len(),
                page: table.page,
            }));
            tables_out.push(table);
            i = t.end;
            continue;
        }
        if let Some((heading, next)) = heads.at(body, i) {
            flush(&mut pending, &mut events, &measure, &lexicon);
            events.push(Event::Heading(heading));
            i = next;
            continue;
        }
        pending.push(body[i]);
        i += 1;
    }
    flush(&mut pending, &mut events, &measure, &lexicon);

    let panels = panels(body, pitch, &lexicon);
    headings::demote_captions(&mut events);
    headings::assign_levels(&mut events, &contents, &mut warnings);
    if let Some((style, page)) = title_at
        && headings::title_encloses(&events, &style, page, &contents)
    {
        let text = title_lines.first().cloned().unwrap_or_default();
        headings::enclose_in_title(&mut events, text, style, page);
    }
    let (preamble, sections) = assemble::tree(events);
    Parsed {
        title_lines,
        preamble,
        sections,
        tables: tables_out,
        footnotes,
        contents,
        panels,
        warnings,
    }
}

fn flush(
    pending: &mut Vec<&Line>,
    events: &mut Vec<Event>,
    measure: &blocks::Measure,
    lexicon: &Lexicon,
) {
    if pending.is_empty() {
        return;
    }
    events.extend(
        blocks::blocks(pending, measure, lexicon)
            .into_iter()
            .map(Event::Block),
    );
    pending.clear();
}

/// A table's caption is the short line set just above it: a bold or
/// "Figure"/"Table" line that the heading or paragraph stage took.
fn take_caption(
    events: &mut Vec<Event>,
    body: &[&Line],
    start: usize,
    pitch: f32,
) -> Option<String> {
    let above = *body.get(start.checked_sub(1)?)?;
    let first = body[start];
    let close = above.page == first.page && first.y - above.y < pitch * 3.0;
    if !close {
        return None;
    }
    let plain = above.plain();
    let captionish = text::caption_label(plain.trim()).is_ok() || above.bold;
    if !captionish || plain.trim().ends_with('.') {
        return None;
    }
    match events.last() {
        Some(Event::Heading(h)) if h.from_contents.is_none() && h.text == collapse(&plain) => {
            let h = match events.pop() {
                Some(Event::Heading(h)) => h,
                _ => return None,
            };
            Some(h.text)
        }
        Some(Event::Block(Block::Paragraph { text, .. })) if *text == collapse(&plain) => {
            let t = text.clone();
            events.pop();
            Some(t)
        }
        _ => None,
    }
}

/// Collapse runs of white space to one space and trim.
pub fn collapse(text: &str) -> String {
    text.split_whitespace().collect::<Vec<_>>().join(" ")
}
