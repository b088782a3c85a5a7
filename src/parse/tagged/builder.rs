//! The walk's state: the stream being built from a tree.
//!
//! In: nothing (the walk in [`super::walk`] and the readers beside it fill
//! it). Out: the [`Builder`] with its events, tables, footnotes, warnings
//! and title candidates, and the two small steps every reader shares:
//! loose text becoming a paragraph, and the page of a node.

use crate::extract::{TagNode, TagText};
use crate::extract::region::Region;
use crate::parse::event::Event;
use crate::parse::text::collapse;
use crate::record::{Block, Footnote, ListItem, Table, Warning};
use std::collections::HashMap;

/// Text gathered from inline content: the text, the notes it holds (with
/// the mark taken out of the text) and the URLs of its links.
#[derive(Debug, Default)]
pub(super) struct Inline {
    /// The text.
    pub(super) text: String,
    /// Notes cited in it.
    pub(super) refs: Vec<u32>,
    /// URLs of its links.
    pub(super) urls: Vec<String>,
    /// Where its text is printed.
    pub(super) region: Region,
}

/// The state of one walk of a tree: the stream read so far.
#[derive(Debug, Default)]
pub(super) struct Builder {
    /// Headings and blocks in reading order.
    pub(super) events: Vec<Event>,
    /// Tables, as the table blocks index them.
    pub(super) tables: Vec<Table>,
    /// Footnotes, in the order met.
    pub(super) footnotes: Vec<Footnote>,
    /// What the walk was unsure of.
    pub(super) warnings: Vec<Warning>,
    /// Title candidates: headings and paragraphs, in order.
    pub(super) cover: Vec<Cover>,
    /// Marked text met directly under a grouping element.
    pub(super) loose: Vec<(String, u32)>,
    /// Where the loose text is printed.
    pub(super) loose_region: Region,
    /// The page of the last node with text.
    pub(super) last_page: u32,
    /// The number of the last footnote.
    pub(super) last_note: u32,
    /// Footnote numbering run (a number at or below the last starts one).
    pub(super) run: u32,
    /// Where paragraph and list events end and how they open, by event
    /// index, for joining text cut at a page turn ([`super::turns`]).
    pub(super) shapes: HashMap<usize, Shape>,
    /// Pages of the list item being gathered.
    pub(super) item_pages: Vec<u32>,
    /// The size most of the tree's text is set in.
    pub(super) body_size: f32,
}

/// How a paragraph or list event ends and opens.
#[derive(Debug, Clone, Copy, PartialEq)]
pub(super) struct Shape {
    /// The page its last text is on.
    pub(super) last_page: u32,
    /// It opens with a bullet or item number (its own, or its first
    /// item's).
    pub(super) labelled: bool,
}

/// A list item with where it lies and whether it had a label.
#[derive(Debug, Clone, PartialEq)]
pub(super) struct Item {
    /// The item.
    pub(super) item: ListItem,
    /// It opened with a bullet or number (in a `Lbl` or in its text).
    pub(super) labelled: bool,
    /// The page its text starts on.
    pub(super) first_page: u32,
    /// The page its text ends on.
    pub(super) last_page: u32,
    /// Where its text is printed.
    pub(super) region: Region,
}

/// A block that may be the title.
#[derive(Debug, Clone)]
pub(super) struct Cover {
    /// Index of its event.
    pub(super) event: usize,
    /// Largest type in it.
    pub(super) size: f32,
    /// Its page.
    pub(super) page: u32,
    /// Its text.
    pub(super) text: String,
    /// Heading level, for headings.
    pub(super) heading: Option<u8>,
    /// Tagged `Title` (PDF 2.0).
    pub(super) declared: bool,
}

impl Builder {
    /// Marked text met directly under a grouping element becomes one
    /// paragraph.
    pub(super) fn flush_loose(&mut self) {
        if self.loose.is_empty() {
            return;
        }
        let page = self.loose[0].1;
        let joined: String = self.loose.drain(..).map(|(t, _)| t).collect();
        let region = std::mem::take(&mut self.loose_region);
        let text = collapse(&joined);
        if !text.is_empty() {
            self.last_page = page;
            let labelled = opens_with_label(&text);
            self.shapes.insert(
                self.events.len(),
                Shape {
                    last_page: page,
                    labelled,
                },
            );
            let (bbox, boxes) = region.split(page);
            self.events.push(Event::Block(Block::Paragraph {
                footnote_run: 0,
                text,
                page,
                pages: Vec::new(),
                footnote_refs: vec![],
                bbox,
                boxes,
            }));
        }
    }

    /// Marked text met directly under a grouping element, kept for
    /// [`flush_loose`](Self::flush_loose).
    pub(super) fn push_loose(&mut self, t: &TagText) {
        if !t.text.trim().is_empty() {
            self.loose.push((t.text.clone(), t.page));
            self.loose_region.extend(&t.region);
        }
    }

    /// The page of `n` (the last page met when it has no text of its own).
    pub(super) fn page_of(&mut self, n: &TagNode) -> u32 {
        let page = n.first_page().unwrap_or(self.last_page).max(1);
        self.last_page = page;
        page
    }
}

/// The text opens with a bullet or an item number.
pub(super) fn opens_with_label(text: &str) -> bool {
    let t = text.trim_start();
    crate::parse::text::bullet(t).is_ok() || crate::parse::text::item_number(t).is_ok()
}
