//! The layout path — lines → [`Stream`].
//!
//! In: the [`Layout`] (lines in reading order, furniture removed). Out: the
//! document's [`Stream`]: events with their levels assigned, tables,
//! footnotes, contents entries, panels, the cover title and warnings.
//!
//! The order of work follows how a reader takes in a page:
//! 1. the contents page is found and set aside ([`contents`]); its entries
//!    name the headings and their nesting;
//! 2. each page's footnote area is cut off the bottom ([`footnotes`]);
//! 3. the cover title is taken off the first page ([`headings::cover_title`]);
//! 4. tables are found as runs of lines whose cells line up ([`tables`]);
//!    a heading set directly above one is its caption unless its style is
//!    a section heading's (used by headings above no table);
//! 5. the remaining lines are headings ([`headings`]), list items or
//!    paragraph lines ([`blocks`]); boxed lines are also grouped into
//!    panels ([`panels`]);
//! 6. sign-offs set like headings become paragraphs
//!    ([`headings::demote_signatures`]); headings get their levels
//!    ([`headings::assign_levels`]), and a title
//!    over its own introduction becomes the heading over the rest.
//!
//! The tag path takes only the panels of a layout: [`panels_of`].

use super::blocks::{self, Measure};
use super::contents::{self, Entry};
use super::event::{Event, Style};
use super::headings::{self, Candidates};
use super::panels::{self, Panel};
use super::stream::Stream;
use super::text::{self, collapse};
use super::{footnotes, tables};
use crate::layout::hyphen::Lexicon;
use crate::layout::{Layout, Line};
use crate::record::{Block, Footnote, Table, Warning, WarningCode};
use std::collections::HashSet;

/// What is set aside before the body is read.
struct Front<'a> {
    /// Entries of the contents pages.
    contents: Vec<Entry>,
    /// The first contents page (0 when there is none).
    contents_from: u32,
    /// The body lines: contents pages, footnote areas and title left out.
    body: Vec<&'a Line>,
    /// The footnotes cut off the pages.
    footnotes: Vec<Footnote>,
    /// Words of the document, for joining hyphenated lines.
    lexicon: Lexicon,
    /// The cover title.
    title_lines: Vec<String>,
    /// Style and page of the title's first line.
    title_at: Option<(Style, u32)>,
    /// A name set above the title in larger type ("Hartlepool Borough
    /// Council"), with its page and style: body text, not the title, but
    /// the display type of the title block.
    name: Option<(String, u32, Style)>,
}

/// Set aside the contents pages, the footnote areas and the cover title.
fn front(layout: &Layout) -> Front<'_> {
    // Contents pages: among the first pages, those with leader entries.
    let mut contents = Vec::new();
    let mut contents_pages = Vec::new();
    for page in layout.pages.iter().take(8) {
        if let Some(mut entries) = contents::entries(page) {
            contents_pages.push(page.number);
            contents.append(&mut entries);
        }
    }
    let mut areas: Vec<(u32, Vec<&Line>)> = Vec::new();
    let mut body: Vec<&Line> = Vec::new();
    let mut open_note = false;
    for page in &layout.pages {
        if contents_pages.contains(&page.number) {
            continue;
        }
        let cut = footnotes::split(page, layout.body_size, open_note);
        body.extend(cut.body);
        open_note |= cut.notes.iter().any(|l| footnotes::opens(l));
        if !cut.notes.is_empty() {
            areas.push((page.number, cut.notes));
        }
    }
    let lexicon = Lexicon::from_texts(layout.lines().map(|l| l.text.as_str()));
    let footnotes = footnotes::collect(&areas, &lexicon);
    // The cover title: the largest type on the first page, before any body.
    let (mut title_lines, mut range) = headings::cover_title(&body, layout.body_size);
    // A name set above the title in the largest type is not the title:
    // the title is the largest type after it, as on the tag path.
    let mut name = None;
    if !range.is_empty() && text::is_name_line(&title_lines.join(" ")) {
        let page = body[range.start].page;
        let rest = &body[range.end..];
        if let Some((next_lines, next)) = headings::title_after_name(rest, layout.body_size, page) {
            name = Some((title_lines.join(" "), page, Style::of(body[range.start])));
            body.drain(range.clone());
            // `rest` now starts where the name did.
            range = next.start + range.start..next.end + range.start;
            title_lines = next_lines;
        }
    }
    let title_at = body
        .get(range.start)
        .filter(|_| !range.is_empty())
        .map(|l| (Style::of(l), l.page));
    body.drain(range);
    Front {
        contents,
        contents_from: contents_pages.first().copied().unwrap_or(0),
        body,
        footnotes,
        lexicon,
        title_lines,
        title_at,
        name,
    }
}

/// Parse a laid-out document into its stream.
pub fn parse(layout: &Layout) -> Stream {
    let front = front(layout);
    let body = &front.body[..];
    let measure = Measure::new(body, layout.body_size);
    let heads = Candidates::new(body, layout.body_size, &front.contents)
        .front_matter_before(front.contents_from);
    let (mut events, tables, side_by_side) = read_body(body, layout, &measure, &front.lexicon, heads);
    if let Some((text, page, _)) = &front.name {
        events.insert(
            0,
            Event::Block(Block::Paragraph {
                footnote_run: 0,
                text: text.clone(),
                page: *page,
                pages: vec![],
                footnote_refs: vec![],
                bbox: None,
                boxes: Vec::new(),
            }),
        );
    }
    let panels = panels::group(body, measure.pitch, &front.lexicon);
    let mut warnings = furniture_warnings(layout);
    headings::demote_captions(&mut events);
    headings::demote_signatures(&mut events, layout.body_size);
    headings::assign_levels(&mut events, &front.contents, &mut warnings);
    // The title block is set as prominently as its largest line: a title
    // in bold body type under a name in display type heads sections set
    // larger than itself but smaller than the name (Ofsted, 2018).
    let block_style = |title: Style| match &front.name {
        Some((_, _, name)) if name.prominence() < title.prominence() => *name,
        _ => title,
    };
    if let Some((style, page)) = front.title_at
        && headings::title_encloses(&events, &block_style(style), page, &front.contents)
    {
        // The heading is the title as set: its subtitle line too.
        let title = front.title_lines.join(" ");
        headings::enclose_in_title(&mut events, title, style, page);
    }
    Stream {
        title_lines: front.title_lines,
        events,
        tables,
        footnotes: front.footnotes,
        contents: front.contents,
        panels,
        furniture: layout.furniture.clone(),
        warnings,
        side_by_side,
    }
}

/// A warning for each page most of whose text the layout took as page
/// furniture: the record keeps that text in `furniture`, not in the body.
pub fn furniture_warnings(layout: &Layout) -> Vec<Warning> {
    layout
        .furniture_pages
        .iter()
        .map(|&page| {
            Warning::on_page(
                WarningCode::PageFurniture,
                page,
                "most of this page's text repeats on other pages' margins and was taken as page furniture; it is in `furniture`, not the body",
            )
        })
        .collect()
}

/// The boxed panels of a laid-out document, as [`parse`] would find them.
pub fn panels_of(layout: &Layout) -> Vec<Panel> {
    let front = front(layout);
    let pitch = Measure::new(&front.body, layout.body_size).pitch;
    panels::group(&front.body, pitch, &front.lexicon)
}

/// What the body was read into: events (levels not yet assigned), tables,
/// and the grids read as lists side by side (page and header cells).
type Body = (Vec<Event>, Vec<Table>, Vec<(u32, Vec<String>)>);

/// Read the body into events (levels not yet assigned) and tables.
fn read_body(
    body: &[&Line],
    layout: &Layout,
    measure: &Measure,
    lexicon: &Lexicon,
    mut heads: Candidates,
) -> Body {
    let found = tables::find(body, &layout.pages, measure.pitch);
    let taken: HashSet<usize> = found.iter().flat_map(|t| t.extra.iter().copied()).collect();
    let mut tables_out: Vec<Table> = Vec::new();
    let mut events: Vec<Event> = Vec::new();
    let mut pending: Vec<&Line> = Vec::new();
    let mut lists = Vec::new();
    // Headings set directly above a table: (table, event) — caption or
    // heading is decided once every heading's style is known.
    let mut over_tables: Vec<(usize, usize)> = Vec::new();
    let mut i = 0;
    while i < body.len() {
        if taken.contains(&i) {
            i += 1;
            continue;
        }
        if let Some(t) = found.iter().find(|t| t.start == i) {
            flush(&mut pending, &mut events, measure, lexicon);
            // Lists set side by side under their own headings: text.
            let section = events.iter().rev().find_map(|e| match e {
                Event::Heading(h) => Some(h.style),
                Event::Block(_) => None,
            });
            if tables::side::side_by_side(t, body, &layout.pages, section) {
                let style = Style::of(body[t.start]);
                let (text, end) = tables::side::as_text(t, body, style);
                events.extend(text);
                lists.push((t.table.page, t.table.header.clone()));
                i = end;
                continue;
            }
            // A caption directly above a table was taken as a heading or
            // paragraph; take it back.
            let mut table = t.table.clone();
            if table.caption.is_none() && !titled_by_first_row(&table) {
                match take_caption(&mut events, body, t.start, measure.pitch) {
                    Some(Caption::Taken(text)) => table.caption = Some(text),
                    Some(Caption::Heading(at)) => over_tables.push((tables_out.len(), at)),
                    None => {}
                }
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
            flush(&mut pending, &mut events, measure, lexicon);
            events.push(Event::Heading(heading));
            i = next;
            continue;
        }
        pending.push(body[i]);
        i += 1;
    }
    flush(&mut pending, &mut events, measure, lexicon);
    settle_captions(&mut events, &mut tables_out, &over_tables);
    (events, tables_out, lists)
}

/// What stands above a table: a line taken as its caption, or a heading
/// (at this event index) that may be one.
enum Caption {
    /// A paragraph line taken as the caption.
    Taken(String),
    /// A heading directly above the table.
    Heading(usize),
}

/// A heading directly above a table is the table's caption, unless its
/// style is also the style of headings that stand above no table: then it
/// is a section heading that happens to open on a table ("Inspection team"
/// over the team's grid), and stays a heading.
fn settle_captions(events: &mut Vec<Event>, tables: &mut [Table], over: &[(usize, usize)]) {
    let over_at: HashSet<usize> = over.iter().map(|&(_, at)| at).collect();
    let section_styles: HashSet<Style> = events
        .iter()
        .enumerate()
        .filter_map(|(k, e)| match e {
            Event::Heading(h) if !over_at.contains(&k) => Some(h.style),
            _ => None,
        })
        .collect();
    let mut over = over.to_vec();
    over.sort_by_key(|&(_, at)| std::cmp::Reverse(at));
    for (table, at) in over {
        let caption = match events.get(at) {
            Some(Event::Heading(h)) if !section_styles.contains(&h.style) => h.text.clone(),
            _ => continue,
        };
        events.remove(at);
        if let Some(t) = tables.get_mut(table) {
            t.caption = Some(caption);
        }
    }
}

/// The lines gathered since the last heading or table become blocks.
fn flush(pending: &mut Vec<&Line>, events: &mut Vec<Event>, measure: &Measure, lexicon: &Lexicon) {
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

/// The table's first row is one cell spanning a table of several columns:
/// the table carries its title itself, and the line above it is not its
/// caption (Ofsted's 2014 judgements box, under the report's title block).
fn titled_by_first_row(table: &Table) -> bool {
    table.header.is_empty()
        && table.rows.first().is_some_and(|r| r.len() == 1)
        && table.rows.iter().any(|r| r.len() > 1)
}

/// A table's caption is the short line set just above it: a bold or
/// "Figure"/"Table" line that the heading or paragraph stage took. A
/// paragraph is taken at once; a heading (which may have wrapped, so only
/// its last line is the one above) is left for [`settle_captions`].
fn take_caption(
    events: &mut Vec<Event>,
    body: &[&Line],
    start: usize,
    pitch: f32,
) -> Option<Caption> {
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
    let last_line = collapse(&plain);
    match events.last() {
        Some(Event::Heading(h))
            if h.from_contents.is_none()
                && h.page == above.page
                && h.text.ends_with(last_line.as_str()) =>
        {
            Some(Caption::Heading(events.len() - 1))
        }
        Some(Event::Block(Block::Paragraph { text, .. })) if *text == last_line => {
            let t = text.clone();
            events.pop();
            Some(Caption::Taken(t))
        }
        _ => None,
    }
}
