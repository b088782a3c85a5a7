//! Stream → the section tree, once, at the end of the stage.
//!
//! In: a [`Stream`] (either path's, or the two merged). Out: the
//! [`Parsed`] document the findings stage reads. A heading opens a section
//! that holds every block up to the next heading of the same or a higher
//! level; deeper headings nest inside it. Blocks before the first heading
//! are preamble. Everything else in the stream passes through as it is.

use super::contents::Entry;
use super::event::Event;
use super::panels::Panel;
use super::stream::Stream;
use crate::record::{Block, Footnote, Furniture, Section, Table, Warning};

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
    pub contents: Vec<Entry>,
    /// Boxed panels, each as its paragraphs (the same text also appears in
    /// the section blocks).
    pub panels: Vec<Panel>,
    /// Page furniture taken out of the body, in page order.
    pub furniture: Vec<Furniture>,
    /// The publisher's closing page, out of the body (see
    /// [`super::back_matter`]).
    pub back_matter: Vec<Block>,
    /// What the parser was unsure of.
    pub warnings: Vec<Warning>,
}

/// Build the document from its stream: nest the events, keep the rest.
pub fn assemble(stream: Stream) -> Parsed {
    let Stream {
        title_lines,
        events,
        tables,
        footnotes,
        contents,
        panels,
        furniture,
        warnings,
        side_by_side: _,
    } = stream;
    let (preamble, sections) = tree(events);
    Parsed {
        title_lines,
        preamble,
        sections,
        tables,
        footnotes,
        contents,
        panels,
        furniture,
        back_matter: Vec::new(),
        warnings,
    }
}

/// Nest a flat run of events into (preamble, top-level sections).
pub fn tree(events: Vec<Event>) -> (Vec<Block>, Vec<Section>) {
    let mut preamble = Vec::new();
    let mut top: Vec<Section> = Vec::new();
    // Open sections, outermost first.
    let mut stack: Vec<Section> = Vec::new();
    for event in events {
        match event {
            Event::Heading(h) => {
                while stack.last().is_some_and(|s| s.level >= h.level) {
                    close(&mut stack, &mut top);
                }
                stack.push(Section { footnote_run: 0,
                    heading: h.text,
                    level: h.level,
                    page: h.page,
                    footnote_refs: h.refs,
                    blocks: vec![],
                    sections: vec![],
                    bbox: h.bbox,
                    boxes: h.boxes,
                });
            }
            Event::Block(b) => match stack.last_mut() {
                Some(s) => s.blocks.push(b),
                None => preamble.push(b),
            },
        }
    }
    while !stack.is_empty() {
        close(&mut stack, &mut top);
    }
    (preamble, top)
}

/// Close the innermost open section into its parent (or the top level).
fn close(stack: &mut Vec<Section>, top: &mut Vec<Section>) {
    if let Some(done) = stack.pop() {
        match stack.last_mut() {
            Some(parent) => parent.sections.push(done),
            None => top.push(done),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::parse::event::{Heading, Style};

    fn h(text: &str, level: u8) -> Event {
        Event::Heading(Heading {
            text: text.into(),
            page: 1,
            style: Style {
                half_points: 24,
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

    fn p(text: &str) -> Event {
        Event::Block(Block::Paragraph { footnote_run: 0,
            text: text.into(),
            page: 1,
            pages: Vec::new(),
            footnote_refs: vec![], bbox: None, boxes: Vec::new(),
        })
    }

    #[test]
    fn nests_by_level_and_skipped_levels() {
        let (pre, secs) = tree(vec![
            p("cover"),
            h("A", 1),
            p("a"),
            h("A.1", 3),
            p("a1"),
            h("B", 1),
            h("B.1", 2),
        ]);
        assert_eq!(pre.len(), 1);
        assert_eq!(secs.len(), 2);
        assert_eq!(secs[0].sections[0].heading, "A.1");
        assert_eq!(secs[0].blocks.len(), 1);
        assert_eq!(secs[1].sections[0].heading, "B.1");
    }
}
