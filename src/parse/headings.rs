//! Headings and their levels.
//!
//! A line is a heading when it is set apart from the body text the way a
//! typographer sets headings:
//! - in larger type than the body (≥ 1.12 × body size), or in bold at body
//!   size or above, the whole line;
//! - standing alone: not a list item, not a long sentence ending in a full
//!   stop (unless set large and bold: a display heading may keep the stop
//!   as printed), not a bare grade word (a grade banner under "Overall
//!   judgment"), not a "Label: value" field of a title block in body-size
//!   bold;
//! - not inside a drawn box, except a box's first line set large in the
//!   style of headings outside boxes (a section heading in a frame);
//! - or, whatever its style, when its text is an entry of the report's own
//!   contents page.
//!
//! A sign-off (name and office in body-size bold, with nothing under it
//! before a more prominent heading) is a paragraph, not a heading
//! ([`demote_signatures`]); so its style takes no level.
//!
//! A heading that wraps is one heading: following lines in the same style,
//! at line pitch, join it while the text so far does not end a sentence.
//!
//! Levels come first from the contents page (an entry's indent is its
//! level), then from style: every distinct heading style (size, weight,
//! slant) is ranked, larger and bolder first; a style whose headings the
//! contents page names takes that level by vote, and styles it does not name
//! take the levels below the nearest voted style above them. Without a
//! contents page the rank is the level, except that a heading whose text
//! is a section title its template always sets at one depth (data in
//! `inspectorates.json`) votes for that depth as an entry would.
//! Numbering ("2.3.1 …") gives the level directly when present. A heading the contents leaves out, set
//! directly under a listed heading of its own style with no text between,
//! is that section's first subsection (one level deeper).
//!
//! A first-page title with an introduction of its own under it (no cover
//! page, no contents page) is also the level-1 heading that holds the rest;
//! the headings under it then start at level 2 (see [`title_encloses`]).

use super::contents::Entry;
use super::event::Event;
pub use super::event::{Heading, Style};
use super::text::collapse;
use super::text::{
    bullet, caption_label, field_label, heading_number, item_number, lift_markers,
};
use crate::inspectorates::scales;
use crate::layout::Line;
use crate::record::{Warning, WarningCode};
use std::collections::BTreeMap;

/// A key for comparing heading texts with contents entries: lower-case
/// letters and digits only.
pub use crate::inspectorates::match_key as key;

/// Decides which lines start headings.
pub struct Candidates {
    body_size: f32,
    /// Contents entries by key, with the levels not yet matched to a
    /// heading (an entry names one heading; a repeat of its text later in
    /// the body is not named by it).
    entries: BTreeMap<String, std::collections::VecDeque<u8>>,
    /// Pages before this one are front matter (they precede the contents
    /// page): a line there is a heading only when the contents names it.
    front_until: u32,
    /// Styles of the lines outside boxes that style marks as headings: a
    /// boxed line opens a heading only in one of these.
    open_styles: std::collections::HashSet<Style>,
}

impl Candidates {
    /// Prepare for a body whose text is `body_size` and whose contents page
    /// lists `contents`.
    pub fn new(body: &[&Line], body_size: f32, contents: &[Entry]) -> Self {
        let mut entries: BTreeMap<String, std::collections::VecDeque<u8>> = BTreeMap::new();
        for e in contents {
            entries.entry(key(&e.text)).or_default().push_back(e.level);
        }
        let mut this = Self {
            body_size,
            entries,
            front_until: 0,
            open_styles: Default::default(),
        };
        this.open_styles = (0..body.len())
            .filter(|&i| {
                let l = body[i];
                !l.panel
                    && this.styled(l)
                    && this.plausible(&collapse(&l.plain()))
                    && !second_line(body, i)
            })
            .map(|i| Style::of(body[i]))
            .collect();
        this
    }

    /// Treat the pages before `page` (the first contents page) as front
    /// matter: a cover's title block, dates and summary are not sections.
    pub fn front_matter_before(mut self, page: u32) -> Self {
        self.front_until = page;
        self
    }

    /// Style alone marks the line as a heading.
    fn styled(&self, line: &Line) -> bool {
        let bold = line.bold && line.size >= self.body_size * 0.9;
        (self.big(line) || bold) && line.cells.len() == 1
    }

    /// Set larger than the body text.
    fn big(&self, line: &Line) -> bool {
        line.size >= self.body_size * 1.12
    }

    /// The style a heading ranks by: its own, except that a framed heading
    /// set more prominently than every heading outside boxes ranks with the
    /// most prominent of them (the frame, not a level of its own, sets it
    /// apart).
    fn rank_style(&self, line: &Line) -> Style {
        let own = Style::of(line);
        if !line.panel || self.open_styles.contains(&own) {
            return own;
        }
        self.open_styles
            .iter()
            .min_by_key(|s| s.prominence())
            .copied()
            .unwrap_or(own)
    }

    /// A boxed line opens a heading only as the box's first line, set
    /// larger than the body in the style of headings outside boxes or more
    /// prominently than all of them (a section heading drawn in a frame); a
    /// box's own labels and summary sentences are not headings.
    fn boxed_heading(&self, body: &[&Line], i: usize) -> bool {
        let line = body[i];
        let first_in_box = i
            .checked_sub(1)
            .map(|k| body[k])
            .is_none_or(|prev| !prev.panel || prev.page != line.page);
        let style = Style::of(line);
        let above_all = self
            .open_styles
            .iter()
            .all(|s| style.prominence() < s.prominence());
        first_in_box && self.big(line) && (self.open_styles.contains(&style) || above_all)
    }

    /// The line could be (the start of) a heading by its text.
    fn plausible(&self, text: &str) -> bool {
        let t = text.trim();
        let words = t.split_whitespace().count();
        !t.is_empty()
            && words <= 30
            && bullet(t).is_err()
            && (item_number(t).is_err() || heading_number(t).is_ok())
            && !scales::is_grade(t)
            && t.chars().any(char::is_alphabetic)
    }

    /// A heading starting at `body[i]`: the heading and the index after it.
    pub fn at(&mut self, body: &[&Line], i: usize) -> Option<(Heading, usize)> {
        let first = body[i];
        let text0 = collapse(&first.plain());
        let boxed = first.panel;
        if !self.plausible(&text0)
            || (boxed && !self.boxed_heading(body, i))
            || second_line(body, i)
        {
            return None;
        }
        // "Inspection dates: 4 June 2018" in bold at body size: a field of
        // the front matter, not a heading.
        if !self.big(first) && field_label(&text0).is_ok() {
            return None;
        }
        let styled = self.styled(first);
        let lines = self.wrapped(body, i, styled);
        let (take, from_contents) = self.named_prefix(&lines);
        if from_contents.is_none() && (!styled || first.page < self.front_until) {
            return None;
        }
        let raw = lines[..take]
            .iter()
            .map(|l| l.text.as_str())
            .collect::<Vec<_>>()
            .join(" ");
        let (text, refs) = lift_markers(&raw);
        let text = collapse(&text);
        let caption = caption_label(&text).is_ok();
        // A heading set large and bold may keep a full stop as printed
        // ("…protection: requires improvement to be good."); a sentence in
        // body-size bold, or in a box, is emphasis, not a heading.
        let display = self.big(first) && first.bold && !boxed;
        let sentence = text.ends_with('.') && text.split_whitespace().count() > 3 && !display;
        let limit = if caption { 45 } else { 25 };
        if from_contents.is_none() && (sentence || text.split_whitespace().count() > limit) {
            return None;
        }
        if from_contents.is_some()
            && let Some(q) = self.entries.get_mut(&key(&text))
        {
            q.pop_front();
        }
        let numbered = heading_number(&text).ok().map(|(_, depth)| depth);
        let heading = Heading {
            caption,
            text,
            page: first.page,
            style: self.rank_style(first),
            level: 0,
            refs,
            from_contents,
            numbered,
            bbox: None,
            boxes: Vec::new(),
        };
        Some((heading, i + take))
    }

    /// The line at `body[i]` and the wrapped lines that join it: following
    /// lines in the same style, at line pitch, while the text so far does
    /// not end a sentence (and, for a line not styled as a heading, while a
    /// contents entry names the joined text).
    fn wrapped<'a>(&self, body: &[&'a Line], i: usize, styled: bool) -> Vec<&'a Line> {
        let first = body[i];
        let mut lines = vec![first];
        let mut j = i + 1;
        while let Some(next) = body.get(j) {
            let prev = lines[lines.len() - 1];
            let joined_so_far = collapse(
                &lines
                    .iter()
                    .map(|l| l.plain())
                    .collect::<Vec<_>>()
                    .join(" "),
            );
            let same = Style::of(next) == Style::of(first)
                && next.page == prev.page
                && next.column == prev.column;
            let close = next.y - prev.y > 0.0 && next.y - prev.y <= prev.size * 1.45;
            // "…help and protection:" / "outstanding": a label and its
            // grade broken over two lines are one heading.
            let graded = joined_so_far.ends_with(':') && scales::is_grade(next.plain().trim());
            let open = (!joined_so_far.ends_with(['.', '?', '!', ':']) || graded)
                && !self.entries.contains_key(&key(&joined_so_far));
            if same
                && close
                && open
                && (styled
                    || self
                        .entries
                        .contains_key(&key(&format!("{joined_so_far} {}", next.plain()))))
            {
                lines.push(next);
                j += 1;
            } else {
                break;
            }
        }
        lines
    }

    /// The longest prefix of the joined lines that a contents entry names:
    /// how many lines it takes and the entry's level. All the lines and no
    /// level when no entry names any prefix.
    fn named_prefix(&self, lines: &[&Line]) -> (usize, Option<u8>) {
        for n in (1..=lines.len()).rev() {
            let t = lines[..n]
                .iter()
                .map(|l| l.text.as_str())
                .collect::<Vec<_>>()
                .join(" ");
            if let Some(level) = self
                .entries
                .get(&key(&lift_markers(&t).0))
                .and_then(|q| q.front().copied())
            {
                return (n, Some(level));
            }
        }
        (lines.len(), None)
    }
}

/// `body[i]` is the second line of a block set in one style (the line
/// before it is in its style, on its page and column, at line pitch): not
/// a heading.
fn second_line(body: &[&Line], i: usize) -> bool {
    let first = body[i];
    i.checked_sub(1).map(|k| body[k]).is_some_and(|prev| {
        Style::of(prev) == Style::of(first)
            && prev.page == first.page
            && prev.column == first.column
            && first.y > prev.y
            && first.y - prev.y <= prev.size * 1.45
    })
}

/// The cover title: the largest type on the first page, with a subtitle
/// line under it when that line's style appears nowhere after the first
/// page and the first page is a cover (no running text), or the line is
/// display type set close under the title. Returns the title lines and the range of `body` they occupy.
pub fn cover_title(body: &[&Line], body_size: f32) -> (Vec<String>, std::ops::Range<usize>) {
    let Some(first_page) = body.first().map(|l| l.page) else {
        return (vec![], 0..0);
    };
    let page1: Vec<usize> = (0..body.len())
        .filter(|&i| body[i].page == first_page)
        .collect();
    let Some(max) = page1.iter().map(|&i| body[i].size).reduce(f32::max) else {
        return (vec![], 0..0);
    };
    if max < body_size * 1.12 {
        return (vec![], 0..0);
    }
    let Some(&start) = page1.iter().find(|&&i| (body[i].size - max).abs() < 0.25) else {
        return (vec![], 0..0);
    };
    let style = Style::of(body[start]);
    let mut end = start + 1;
    while end < body.len() && body[end].page == first_page && Style::of(body[end]) == style {
        end += 1;
    }
    let mut lines: Vec<String> = body[start..end]
        .iter()
        .map(|l| collapse(&l.plain()))
        .collect();
    let title = lines.join(" ");
    lines = vec![title];
    // A subtitle belongs to a cover: a first page without running text
    // (the rows of a table set there are not running text).
    let prose = page1
        .iter()
        .filter(|&&i| {
            (body[i].size - body_size).abs() < 0.6
                && body[i].cells.len() == 1
                && body[i].plain().split_whitespace().count() >= 6
        })
        .count();
    let cover = prose < 3;
    if let Some(next) = body.get(end).filter(|l| l.page == first_page) {
        let sub = Style::of(next);
        let elsewhere = body
            .iter()
            .any(|l| l.page != first_page && Style::of(l) == sub);
        let prominent = next.size > body_size * 1.05 || next.bold;
        // Over running text, only a display line set close under the
        // title ("Council" / "Inspection of …services") continues it, in a
        // style no other line of the document has, and followed by small
        // print (a part title such as "Legitimacy" is followed by its first
        // heading, in display type).
        let last = body[end - 1];
        let small_print_after = body
            .get(end + 1)
            .is_none_or(|l| l.size < body_size * 1.12);
        let unique = body
            .iter()
            .enumerate()
            .all(|(k, l)| k == end || Style::of(l) != sub);
        let display = unique
            && small_print_after
            && next.size >= body_size * 1.12
            && next.y > last.y
            && next.y - last.y <= last.size * 2.0;
        if !elsewhere && prominent && (cover || display) {
            lines.push(collapse(&next.plain()));
            end += 1;
        }
    }
    (lines, start..end)
}

/// The title set under a name in display type ("Hartlepool Borough
/// Council" over "Inspection of services for children…"), read from the
/// lines after the name (`rest`): the run in the largest type after it, as
/// [`cover_title`] reads one; failing that (a title in bold body type,
/// as Ofsted set theirs in 2018), the block of lines right under the name
/// when it is set apart from the body (bold or larger): lines of one style
/// at the line pitch. `None` when neither is on the name's page, or the
/// run is longer than a title (250 bytes).
pub fn title_after_name(
    rest: &[&Line],
    body_size: f32,
    page: u32,
) -> Option<(Vec<String>, std::ops::Range<usize>)> {
    // A title is a line or two: a longer run is type the engine could not
    // tell apart (no bold), not a title.
    const MAX_TITLE: usize = 250;
    let (lines, range) = cover_title(rest, body_size);
    if !range.is_empty() && rest[range.start].page == page {
        return (lines.join(" ").len() <= MAX_TITLE).then_some((lines, range));
    }
    let first = *rest.first().filter(|l| l.page == page)?;
    if !(first.bold || first.size > body_size * 1.05) {
        return None;
    }
    let style = Style::of(first);
    let mut end = 1;
    while let Some(next) = rest.get(end) {
        let prev = rest[end - 1];
        if next.page != page || Style::of(next) != style || next.y - prev.y > prev.size * 1.5 {
            break;
        }
        end += 1;
    }
    let text = rest[..end]
        .iter()
        .map(|l| collapse(&l.plain()))
        .collect::<Vec<_>>()
        .join(" ");
    (text.len() <= MAX_TITLE).then_some((vec![text], 0..end))
}

/// A title set over an introduction of its own is the document's opening
/// heading: when the first page carries the title, then running text (a
/// paragraph of 25 words or more, on the title's page) or a title block
/// (two or more lines: dates, names) before any heading,
/// and no contents page gives the levels, the title heads a level-1
/// section holding the rest and every other heading moves one level down.
/// A title on a cover page, or one followed at once by a heading, stays a
/// title only. Headings set larger than the title keep things as they are.
pub fn title_encloses(
    events: &[Event],
    title: &Style,
    title_page: u32,
    contents: &[Entry],
) -> bool {
    if !contents.is_empty() {
        return false;
    }
    let Some(first_heading) = events.iter().position(|e| matches!(e, Event::Heading(_))) else {
        return false;
    };
    let before: Vec<usize> = events[..first_heading]
        .iter()
        .filter_map(|e| match e {
            Event::Block(crate::record::Block::Paragraph { text, page, .. })
                if *page == title_page =>
            {
                Some(text.split_whitespace().count())
            }
            _ => None,
        })
        .collect();
    // Running text, or a title block of its own (dates, names: more than
    // one line) before the first heading.
    let introduced = before.iter().any(|&words| words >= 25) || before.len() >= 2;
    let below = events.iter().all(|e| match e {
        Event::Heading(h) => h.style.prominence() > title.prominence(),
        Event::Block(_) => true,
    });
    introduced && below
}

/// Make `text` the level-1 heading over everything: see [`title_encloses`].
pub fn enclose_in_title(events: &mut Vec<Event>, text: String, style: Style, page: u32) {
    for e in events.iter_mut() {
        if let Event::Heading(h) = e {
            h.level = (h.level + 1).min(6);
        }
    }
    events.insert(
        0,
        Event::Heading(Heading {
            text,
            page,
            style,
            level: 1,
            refs: vec![],
            from_contents: None,
            numbered: None,
            caption: false,
            bbox: None,
            boxes: Vec::new(),
        }),
    );
}

/// A line labelled as a caption ("Figure 2: …") is a heading only when
/// its style is also the style of headings that are not captions (an annex
/// that lists its figures under headings); otherwise it is a paragraph.
pub fn demote_captions(events: &mut [Event]) {
    let heading_styles: Vec<Style> = events
        .iter()
        .filter_map(|e| match e {
            Event::Heading(h) if !h.caption => Some(h.style),
            _ => None,
        })
        .collect();
    for e in events.iter_mut() {
        if let Event::Heading(h) = e
            && h.caption
            && h.from_contents.is_none()
            && !heading_styles.contains(&h.style)
        {
            *e = Event::Block(crate::record::Block::Paragraph { footnote_run: 0,
                text: std::mem::take(&mut h.text),
                page: h.page,
                pages: Vec::new(),
                footnote_refs: std::mem::take(&mut h.refs), bbox: None, boxes: Vec::new(),
            });
        }
    }
}

/// A sign-off is not a heading: a name and office set in bold at body size
/// ("A Name" / "HM Inspector of …") close a section with nothing under
/// them, the next heading being more prominent (or none following). Such a
/// "heading" becomes the paragraph it is. A heading the contents page names
/// or that is numbered stays.
pub fn demote_signatures(events: &mut [Event], body_size: f32) {
    let body_half_points = (body_size * 2.0).round() as i32;
    for k in 0..events.len() {
        let Event::Heading(h) = &events[k] else {
            continue;
        };
        let closing = match events.get(k + 1) {
            None => true,
            Some(Event::Heading(next)) => next.style.prominence() < h.style.prominence(),
            Some(Event::Block(_)) => false,
        };
        let signed = closing
            && h.style.half_points <= body_half_points
            && h.from_contents.is_none()
            && h.numbered.is_none()
            && !h.caption;
        if let (true, Event::Heading(h)) = (signed, &mut events[k]) {
            events[k] = Event::Block(crate::record::Block::Paragraph { footnote_run: 0,
                text: std::mem::take(&mut h.text),
                page: h.page,
                pages: Vec::new(),
                footnote_refs: std::mem::take(&mut h.refs), bbox: None, boxes: Vec::new(),
            });
        }
    }
}

/// Give every heading its level (see the module docs).
pub fn assign_levels(events: &mut [Event], contents: &[Entry], warnings: &mut Vec<Warning>) {
    let (styles, level_of) = style_levels(events, contents);
    set_levels(events, &level_of);
    if styles.len() > 6 {
        warnings.push(Warning {
            code: WarningCode::HeadingStyles,
            message: format!(
                "{} distinct heading styles; levels below 6 were merged",
                styles.len()
            ),
            page: None,
        });
    }
}

/// A style's sort key, as map key.
type Prominence = (i32, bool, bool);

/// The heading styles, most prominent first, and the level each takes:
/// by vote of the contents-named headings in it, else one below the
/// nearest style above. Without a contents page the headings whose text is
/// a template's section title ([`crate::inspectorates::Section`]) vote with
/// that section's depth, and a style no such heading votes for takes its
/// rank below the nearest voted style.
fn style_levels(events: &[Event], contents: &[Entry]) -> (Vec<Style>, BTreeMap<Prominence, u8>) {
    let vocabulary = crate::inspectorates::embedded();
    // Votes: style → level counts, from contents-named headings (or, with
    // no contents page, from template section titles).
    let mut votes: BTreeMap<Prominence, BTreeMap<u8, usize>> = BTreeMap::new();
    let mut styles: Vec<Style> = Vec::new();
    let mut counts: BTreeMap<Prominence, usize> = BTreeMap::new();
    for e in events.iter() {
        if let Event::Heading(h) = e {
            *counts.entry(h.style.prominence()).or_default() += 1;
            if !styles.contains(&h.style) {
                styles.push(h.style);
            }
            let template = || {
                contents
                    .is_empty()
                    .then(|| vocabulary.section_depth(&h.text))
                    .flatten()
            };
            if let Some(level) = h.from_contents.or_else(template) {
                *votes
                    .entry(h.style.prominence())
                    .or_default()
                    .entry(level)
                    .or_default() += 1;
            }
        }
    }
    styles.sort_by_key(Style::prominence);
    if std::env::var_os("INSPDF_DEBUG_LEVELS").is_some() {
        for e in events.iter() {
            if let Event::Heading(h) = e {
                eprintln!("{:?} {:?} {}", h.style, h.from_contents, h.text);
            }
        }
    }
    let mut level_of: BTreeMap<Prominence, u8> = BTreeMap::new();
    let mut last = 0u8;
    for s in &styles {
        // A style takes a level from the contents page only when enough of
        // its headings are named there: one stray match (a caption set like
        // a minor heading that repeats a contents entry) does not move it.
        let total = counts.get(&s.prominence()).copied().unwrap_or(0);
        let voted = votes.get(&s.prominence()).and_then(|v| {
            let named: usize = v.values().sum();
            v.iter()
                .max_by_key(|(l, n)| (**n, -(**l as i32)))
                .filter(|_| named * 4 >= total)
                .map(|(l, _)| *l)
        });
        let level = match voted {
            Some(l) => l.max(1),
            None => last.saturating_add(1).min(6),
        };
        last = level.max(last);
        level_of.insert(s.prominence(), level);
    }
    (styles, level_of)
}

/// Set each heading's level: its contents entry's, else its numbering's,
/// else one below a listed heading of its style set directly above it,
/// else its style's.
fn set_levels(events: &mut [Event], level_of: &BTreeMap<Prominence, u8>) {
    // A heading the contents page leaves out goes one level below the
    // nearest listed heading before it that is set at least as prominently
    // (its style's level is the floor) in two cases:
    // - it follows a listed heading of its own style with nothing between
    //   (else the listed one would be an empty section);
    // - most headings of its style are left out: the contents page lists
    //   that style's sections only down to a depth, and the rest are their
    //   subsections. Where most of a style is listed, one left out is an
    //   omission of the contents page and keeps its style's level.
    let mut listed_of: BTreeMap<Prominence, (usize, usize)> = BTreeMap::new();
    for e in events.iter() {
        if let Event::Heading(h) = e {
            let (listed, left_out) = listed_of.entry(h.style.prominence()).or_default();
            if h.from_contents.is_some() {
                *listed += 1;
            } else {
                *left_out += 1;
            }
        }
    }
    let mostly_left_out = |p: &Prominence| {
        listed_of
            .get(p)
            .is_some_and(|&(listed, left_out)| listed > 0 && left_out > listed)
    };
    let mut listed: Option<(Prominence, u8)> = None;
    let mut directly_under = false;
    for e in events.iter_mut() {
        match e {
            Event::Heading(h) => {
                let prominence = h.style.prominence();
                let by_style = level_of.get(&prominence).copied();
                let under_listed = match listed {
                    Some((above, level))
                        if h.from_contents.is_none()
                            && h.numbered.is_none()
                            && ((directly_under && above == prominence)
                                || (above <= prominence && mostly_left_out(&prominence))) =>
                    {
                        Some(by_style.unwrap_or(1).max(level + 1))
                    }
                    _ => None,
                };
                h.level = h
                    .from_contents
                    .or(h.numbered.map(|d| d.min(6) as u8))
                    .or(under_listed)
                    .or(by_style)
                    .unwrap_or(1)
                    .clamp(1, 6);
                if let Some(level) = h.from_contents {
                    listed = Some((prominence, level));
                }
                directly_under = h.from_contents.is_some();
            }
            Event::Block(_) => directly_under = false,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::layout::Cell;

    /// A bold heading event of `half` half-points, named by the contents
    /// page at `contents` (or not), level not yet assigned.
    fn heading(text: &str, half: i32, contents: Option<u8>) -> Event {
        Event::Heading(Heading {
            text: text.into(),
            page: 3,
            style: Style {
                half_points: half,
                bold: true,
                italic: false,
            },
            level: 0,
            refs: vec![],
            from_contents: contents,
            numbered: None,
            caption: false,
            bbox: None,
            boxes: Vec::new(),
        })
    }

    /// A paragraph of body text.
    fn para() -> Event {
        Event::Block(crate::record::Block::Paragraph { footnote_run: 0,
            text: "Body.".into(),
            page: 3,
            pages: Vec::new(),
            footnote_refs: vec![], bbox: None, boxes: Vec::new(),
        })
    }

    /// The headings' levels after [`assign_levels`] with `entries`.
    fn levels_after(mut events: Vec<Event>, entries: &[Entry]) -> Vec<u8> {
        assign_levels(&mut events, entries, &mut vec![]);
        events
            .iter()
            .filter_map(|e| match e {
                Event::Heading(h) => Some(h.level),
                _ => None,
            })
            .collect()
    }

    fn line(text: &str, y: f32, size: f32, bold: bool, page: u32) -> Line {
        Line {
            page,
            text: text.into(),
            x0: 72.0,
            x1: 72.0 + text.len() as f32 * size * 0.5,
            y,
            size,
            bold,
            italic: false,
            cells: vec![Cell {
                x0: 72.0,
                x1: 300.0,
                text: text.into(),
            }],
            pieces: vec![],
            panel: false,
            column: 0,
        }
    }

    #[test]
    fn wrapped_heading_is_one_heading() {
        let a = line(
            "To what extent does the force treat all of the people it serves with fairness",
            100.0,
            14.0,
            true,
            3,
        );
        let b = line("and respect?", 117.0, 14.0, true, 3);
        let c = line("Body text follows here.", 140.0, 11.0, false, 3);
        let body = vec![&a, &b, &c];
        let mut cands = Candidates::new(&body, 11.0, &[]);
        let (h, next) = cands.at(&body, 0).expect("a heading");
        assert_eq!(
            h.text,
            "To what extent does the force treat all of the people it serves with fairness and respect?"
        );
        assert_eq!(next, 2);
        assert!(cands.at(&body, 2).is_none());
    }

    #[test]
    fn a_label_and_its_grade_broken_over_two_lines_are_one_heading() {
        let a = line(
            "The experiences and progress of children who need help and protection:",
            280.0,
            12.0,
            true,
            2,
        );
        let b = line("outstanding", 295.0, 12.0, true, 2);
        let c = line(
            "1. Children and their families receive help.",
            321.0,
            12.0,
            false,
            2,
        );
        let body = vec![&a, &b, &c];
        let mut cands = Candidates::new(&body, 12.0, &[]);
        let (h, next) = cands.at(&body, 0).expect("a heading");
        assert_eq!(
            h.text,
            "The experiences and progress of children who need help and protection: outstanding"
        );
        assert_eq!(next, 2);
        // Any other line after a colon starts something new.
        let d = line("Summary:", 100.0, 14.0, true, 3);
        let e = line("Next steps", 117.0, 14.0, true, 3);
        let body = vec![&d, &e];
        let mut cands = Candidates::new(&body, 12.0, &[]);
        let (h, _) = cands.at(&body, 0).expect("a heading");
        assert_eq!(h.text, "Summary:");
    }

    #[test]
    fn bold_sentence_and_grade_banner_are_not_headings() {
        let a = line(
            "The force should improve how it vets its staff and officers.",
            100.0,
            11.0,
            true,
            3,
        );
        let b = line("Good", 120.0, 16.0, true, 3);
        let body = vec![&a, &b];
        let mut cands = Candidates::new(&body, 11.0, &[]);
        assert!(cands.at(&body, 0).is_none());
        assert!(cands.at(&body, 1).is_none());
    }

    #[test]
    fn contents_names_a_body_style_heading_and_sets_its_level() {
        let a = line("Next steps", 100.0, 11.0, false, 9);
        let body = vec![&a];
        let contents = vec![Entry {
            text: "Next steps".into(),
            page: 9,
            level: 1,
        }];
        let mut cands = Candidates::new(&body, 11.0, &contents);
        let (h, _) = cands.at(&body, 0).expect("named by the contents");
        assert_eq!(h.from_contents, Some(1));
    }

    #[test]
    fn front_matter_before_the_contents_page_has_no_headings() {
        let a = line("Inspection date: 14 January 2014", 100.0, 14.0, true, 1);
        let b = line("Section 1: the local authority", 100.0, 16.0, true, 1);
        let c = line("Summary of key findings", 100.0, 14.0, true, 3);
        let body = vec![&a, &b, &c];
        let contents = vec![Entry {
            text: "Section 1: the local authority".into(),
            page: 3,
            level: 1,
        }];
        let mut cands = Candidates::new(&body, 12.0, &contents).front_matter_before(2);
        assert!(cands.at(&body, 0).is_none());
        let (h, _) = cands.at(&body, 1).expect("named by the contents");
        assert_eq!(h.from_contents, Some(1));
        assert!(cands.at(&body, 2).is_some());
    }

    fn heading_event(text: &str, half_points: i32, level: u8) -> Event {
        Event::Heading(Heading {
            text: text.into(),
            page: 2,
            style: Style {
                half_points,
                bold: true,
                italic: false,
            },
            level,
            refs: vec![],
            from_contents: None,
            numbered: None,
            caption: false,
            bbox: None,
            boxes: Vec::new(),
        })
    }

    fn paragraph_event(words: usize, page: u32) -> Event {
        Event::Block(crate::record::Block::Paragraph { footnote_run: 0,
            text: vec!["word"; words].join(" "),
            page,
            pages: Vec::new(),
            footnote_refs: vec![], bbox: None, boxes: Vec::new(),
        })
    }

    #[test]
    fn a_title_over_its_own_introduction_encloses_the_sections() {
        let title = Style {
            half_points: 52,
            bold: false,
            italic: false,
        };
        let mut events = vec![
            paragraph_event(40, 1),
            heading_event("What needs to improve?", 28, 1),
            paragraph_event(40, 2),
            heading_event("Details", 24, 2),
        ];
        assert!(title_encloses(&events, &title, 1, &[]));
        enclose_in_title(&mut events, "Inspection of X".into(), title, 1);
        let levels: Vec<(String, u8)> = events
            .iter()
            .filter_map(|e| match e {
                Event::Heading(h) => Some((h.text.clone(), h.level)),
                _ => None,
            })
            .collect();
        assert_eq!(levels[0], ("Inspection of X".to_string(), 1));
        assert_eq!((levels[1].1, levels[2].1), (2, 3));
    }

    #[test]
    fn a_title_followed_at_once_by_a_heading_stays_a_title() {
        let title = Style {
            half_points: 56,
            bold: true,
            italic: false,
        };
        // Only a short date line between title and first heading.
        let events = vec![
            paragraph_event(3, 1),
            heading_event("How legitimately does the force treat the public?", 40, 1),
            paragraph_event(60, 1),
        ];
        assert!(!title_encloses(&events, &title, 1, &[]));
        // No headings at all: nothing to enclose.
        assert!(!title_encloses(&[paragraph_event(60, 1)], &title, 1, &[]));
        // The introduction is on a later page: the first page was a cover.
        let events = vec![paragraph_event(60, 2), heading_event("Intro", 40, 1)];
        assert!(!title_encloses(&events, &title, 1, &[]));
        // A contents page gives the levels.
        let events = vec![paragraph_event(60, 1), heading_event("Intro", 40, 1)];
        let contents = vec![Entry {
            text: "Intro".into(),
            page: 1,
            level: 1,
        }];
        assert!(!title_encloses(&events, &title, 1, &contents));
        assert!(title_encloses(&events, &title, 1, &[]));
    }

    #[test]
    fn an_unlisted_heading_directly_under_a_listed_one_of_its_style_nests() {
        let mk = |text: &str, contents: Option<u8>| heading(text, 24, contents);
        let events = vec![
            mk("Summary of key findings", Some(2)),
            mk("This local authority is good because", None),
            para(),
            mk("Information about this inspection", Some(2)),
            para(),
            mk("Other information", None),
            para(),
        ];
        let entries = vec![Entry {
            text: "Summary of key findings".into(),
            page: 3,
            level: 2,
        }];
        // Directly under a listed heading: nested; after body text: the
        // style's own level.
        assert_eq!(levels_after(events, &entries), vec![2, 3, 2, 2]);
    }

    #[test]
    fn a_style_the_contents_mostly_leaves_out_nests_under_the_listed_heading_before_it() {
        let entries = vec![Entry {
            text: "Section 1".into(),
            page: 3,
            level: 1,
        }];
        // The 12-point style: two headings listed at level 2, four left
        // out, each of those under the listed one before it.
        let mostly_left_out = vec![
            heading("Section 1", 28, Some(1)),
            heading("Information about this inspection", 24, Some(2)),
            para(),
            heading("The inspection team", 24, None),
            para(),
            heading("Information about this area", 24, Some(2)),
            para(),
            heading("Children living in this area", 24, None),
            para(),
            heading("Child protection in this area", 24, None),
            para(),
            heading("Other inspections", 24, None),
            para(),
        ];
        assert_eq!(
            levels_after(mostly_left_out, &entries),
            vec![1, 2, 3, 2, 3, 3, 3]
        );
        // Mostly listed: the one left out is the contents page's omission
        // and keeps its style's level.
        let mostly_listed = vec![
            heading("Section 1", 28, Some(1)),
            heading("First question", 24, Some(2)),
            para(),
            heading("Second question", 24, Some(2)),
            para(),
            heading("Third question", 24, None),
            para(),
            heading("Fourth question", 24, Some(2)),
            para(),
        ];
        assert_eq!(levels_after(mostly_listed, &entries), vec![1, 2, 2, 2, 2]);
    }

    #[test]
    fn a_template_section_title_sets_its_style_level_without_a_contents_page() {
        // Area SEND reports set their last page's sections a size smaller
        // than the first pages' ones. Where that page's smaller headings
        // include the template's sections, they are sections too...
        let smaller_last_page = vec![
            heading("Inspection outcome", 28, None),
            para(),
            heading("Areas for improvement", 28, None),
            para(),
            heading("Local area partnership details", 24, None),
            para(),
            heading("Information about this inspection", 24, None),
            para(),
            heading("Inspection team", 24, None),
            para(),
            heading("Ofsted", 24, None),
            para(),
            heading("Care Quality Commission", 24, None),
            para(),
        ];
        assert_eq!(levels_after(smaller_last_page, &[]), vec![1, 1, 1, 1, 1, 1, 1]);
        // ...but where the template's sections are all set at full size,
        // the smaller headings under them are subsections by rank.
        let team_under_a_section = vec![
            heading("Inspection outcome", 28, None),
            para(),
            heading("Local area partnership details", 28, None),
            para(),
            heading("Information about this inspection", 28, None),
            para(),
            heading("Inspection team", 24, None),
            para(),
            heading("Ofsted", 24, None),
            para(),
        ];
        assert_eq!(levels_after(team_under_a_section, &[]), vec![1, 1, 1, 2, 2]);
        // A contents page outranks the template: its entries alone vote.
        let entries = vec![Entry {
            text: "Inspection outcome".into(),
            page: 1,
            level: 1,
        }];
        let listed = vec![
            heading("Inspection outcome", 28, Some(1)),
            para(),
            heading("Information about this inspection", 24, None),
            para(),
        ];
        assert_eq!(levels_after(listed, &entries), vec![1, 2]);
    }

    #[test]
    fn levels_follow_votes_then_rank() {
        let mk = |text: &str, half: i32, bold: bool, contents: Option<u8>| {
            Event::Heading(Heading {
                text: text.into(),
                page: 1,
                style: Style {
                    half_points: half,
                    bold,
                    italic: false,
                },
                level: 0,
                refs: vec![],
                from_contents: contents,
                numbered: None,
                caption: false,
                bbox: None,
                boxes: Vec::new(),
            })
        };
        let mut events = vec![
            mk("Introduction", 36, true, Some(1)),
            mk("Sub question", 28, true, Some(2)),
            mk("Minor", 24, true, None),
            mk("Another", 36, true, None),
        ];
        let entries = vec![Entry {
            text: "Introduction".into(),
            page: 3,
            level: 1,
        }];
        assign_levels(&mut events, &entries, &mut vec![]);
        let levels: Vec<u8> = events
            .iter()
            .filter_map(|e| match e {
                Event::Heading(h) => Some(h.level),
                _ => None,
            })
            .collect();
        assert_eq!(levels, vec![1, 2, 3, 1]);
    }

    #[test]
    fn cover_title_with_subtitle() {
        let a = line("PEEL: Police legitimacy 2016", 200.0, 26.0, true, 1);
        let b = line(
            "An inspection of Leicestershire Police",
            240.0,
            18.0,
            false,
            1,
        );
        let c = line("Introduction", 80.0, 18.0, true, 3);
        let body = vec![&a, &b, &c];
        let (title, range) = cover_title(&body, 11.0);
        assert_eq!(
            title,
            vec![
                "PEEL: Police legitimacy 2016",
                "An inspection of Leicestershire Police"
            ]
        );
        assert_eq!(range, 0..2);
    }

    #[test]
    fn a_signature_closing_a_section_is_a_paragraph() {
        let mut events = vec![
            heading_event("Observations", 30, 2),
            paragraph_event(40, 5),
            heading_event("A Name HM Inspector of Constabulary", 22, 0),
            heading_event("Next part", 40, 1),
            heading_event("Minor heading", 22, 0),
            paragraph_event(40, 6),
        ];
        demote_signatures(&mut events, 11.0);
        let heads: Vec<&str> = events
            .iter()
            .filter_map(|e| match e {
                Event::Heading(h) => Some(h.text.as_str()),
                _ => None,
            })
            .collect();
        // The body-size heading over text stays; the one with nothing under
        // it before a larger heading goes.
        assert_eq!(heads, vec!["Observations", "Next part", "Minor heading"]);
    }

    #[test]
    fn field_lines_are_not_headings_and_display_headings_keep_their_stop() {
        let a = line("Inspection dates: 4 June to 15 June 2018", 100.0, 12.0, true, 1);
        let b = line(
            "The experiences and progress of children: requires improvement to be good.",
            130.0,
            14.0,
            true,
            2,
        );
        let c = line("Body text follows here.", 160.0, 12.0, false, 2);
        let body = vec![&a, &b, &c];
        let mut cands = Candidates::new(&body, 12.0, &[]);
        assert!(cands.at(&body, 0).is_none());
        let (h, _) = cands.at(&body, 1).expect("a display heading");
        assert!(h.text.ends_with("to be good."));
    }

    #[test]
    fn a_framed_heading_in_a_section_style_is_a_heading_a_box_label_is_not() {
        let mut boxed = line("Inspection outcome", 100.0, 14.0, true, 1);
        boxed.panel = true;
        let mut inside = line("The partnership typically leads to good outcomes.", 120.0, 12.0, false, 1);
        inside.panel = true;
        let mut label = line("Innovative practice", 200.0, 13.0, true, 1);
        label.panel = true;
        let open = line("Information about the area", 300.0, 14.0, true, 1);
        let body = vec![&boxed, &inside, &label, &open];
        let mut cands = Candidates::new(&body, 12.0, &[]);
        assert!(cands.at(&body, 0).is_some());
        assert!(cands.at(&body, 2).is_none());
        assert!(cands.at(&body, 3).is_some());
        // Framed more prominently than every open heading: a heading that
        // ranks with the most prominent of them.
        let smaller = line("Information about the area", 300.0, 13.5, true, 1);
        let body = vec![&boxed, &inside, &smaller];
        let mut cands = Candidates::new(&body, 12.0, &[]);
        let (h, _) = cands.at(&body, 0).expect("a framed heading");
        assert_eq!(h.style, Style::of(&smaller));
    }

    #[test]
    fn a_title_in_bold_body_type_under_a_name_is_its_lines_at_the_pitch() {
        let a = line("Inspection of children's social care", 142.0, 12.0, true, 1);
        let b = line("services in the district", 156.5, 12.0, true, 1);
        let c = line("Inspection dates: 4 June to 15 June 2018", 183.0, 12.0, true, 1);
        let d = line("Running text of the first page goes on here.", 220.0, 12.0, false, 1);
        let rest = vec![&a, &b, &c, &d];
        let (title, range) = title_after_name(&rest, 12.0, 1).expect("a title");
        assert_eq!(title, vec!["Inspection of children's social care services in the district"]);
        assert_eq!(range, 0..2, "the dates, a line gap below, are not the title");
        // Plain body text under the name is not a title; nor is a line on
        // another page.
        assert_eq!(title_after_name(&[&d], 12.0, 1), None);
        assert_eq!(title_after_name(&[&a], 12.0, 2), None);
        // A title in display type after the name is read as a cover title.
        let e = line("Inspection of services for children", 136.0, 14.0, true, 1);
        let (title, range) = title_after_name(&[&e, &c, &d], 12.0, 1).expect("a title");
        assert_eq!((title[0].as_str(), range.start), ("Inspection of services for children", 0));
    }

    #[test]
    fn a_display_subtitle_close_under_the_title_joins_it() {
        let a = line("Borough Council", 150.0, 26.0, false, 1);
        let b = line("Inspection of children's services", 190.0, 16.0, true, 1);
        let c = line("Inspection dates: 1 to 5 May 2019", 220.0, 12.0, true, 1);
        let prose: Vec<Line> = (0..4)
            .map(|k| line("Running text of the first page goes on here.", 300.0 + k as f32 * 15.0, 12.0, false, 1))
            .collect();
        let mut body = vec![&a, &b, &c];
        body.extend(prose.iter());
        let (title, range) = cover_title(&body, 12.0);
        assert_eq!(title, vec!["Borough Council", "Inspection of children's services"]);
        assert_eq!(range, 0..2);
        // Followed by a display heading, the line is a part title.
        let d = line("How legitimate is the force?", 220.0, 15.0, true, 1);
        let mut body = vec![&a, &b, &d];
        body.extend(prose.iter());
        let (title, _) = cover_title(&body, 12.0);
        assert_eq!(title, vec!["Borough Council"]);
    }
}
