//! The parse contract: what either path of the stage reads of a document,
//! before it is nested into sections.
//!
//! In: what a path found — events in reading order (with page and style),
//! tables, footnotes, panels, contents entries, title lines, warnings. Out:
//! a [`Stream`], which [`crate::parse::assemble`] turns into the
//! [`crate::parse::Parsed`] document. Two streams of one document (the tag
//! path's and the layout path's for the pages the tree misses) combine by
//! page with [`Stream::merge_pages`].

use super::contents::Entry;
use super::event::Event;
use super::panels::Panel;
use super::text::collapse;
use crate::record::{Block, Footnote, Furniture, Table, Warning};

/// A document read as a flat stream, headings' levels already assigned.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Stream {
    /// The title as set on the cover or first page, lines joined.
    pub title_lines: Vec<String>,
    /// Headings and blocks in reading order; table blocks refer to
    /// [`Stream::tables`] by index.
    pub events: Vec<Event>,
    /// Every table, in order.
    pub tables: Vec<Table>,
    /// Every footnote, in order.
    pub footnotes: Vec<Footnote>,
    /// Entries of the contents page, if the report has one.
    pub contents: Vec<Entry>,
    /// Boxed panels, each as its paragraphs (the same text also appears in
    /// the events).
    pub panels: Vec<Panel>,
    /// Page furniture taken out of the body, in page order.
    pub furniture: Vec<Furniture>,
    /// What the parser was unsure of.
    pub warnings: Vec<Warning>,
    /// Borderless grids the layout path read as lists set side by side
    /// under their own headings ([`crate::parse::tables::side`]): each
    /// one's page and header cells. The tree's table of the same grid is
    /// not taken back ([`Stream::take_tables`]).
    pub side_by_side: Vec<(u32, Vec<String>)>,
}

impl Stream {
    /// Take in `other`, read of other pages of the same document: its
    /// events go in by page (before the first of ours on a later page), its
    /// tables after ours (its table blocks re-indexed), its footnotes
    /// sorted in with ours, its warnings after ours. Its title, contents and
    /// panels are not taken: this stream's stand for the document. A stream
    /// with no events and no footnotes changes nothing.
    pub fn merge_pages(&mut self, other: Stream) {
        let Stream {
            events: theirs,
            tables,
            footnotes,
            warnings,
            ..
        } = other;
        if theirs.is_empty() && footnotes.is_empty() {
            return;
        }
        let offset = self.tables.len();
        self.tables.extend(tables);
        let mut theirs = theirs
            .into_iter()
            .map(|mut e| {
                if let Event::Block(Block::Table { table, .. }) = &mut e {
                    *table += offset;
                }
                e
            })
            .peekable();
        let ours = std::mem::take(&mut self.events);
        let mut merged = Vec::with_capacity(ours.len() + theirs.len());
        for e in ours {
            let page = e.page();
            while let Some(t) = theirs.next_if(|t| t.page() < page) {
                merged.push(t);
            }
            merged.push(e);
        }
        merged.extend(theirs);
        self.events = merged;
        self.footnotes.extend(footnotes);
        self.footnotes.sort_by_key(|f| (f.run, f.page, f.number));
        self.warnings.extend(warnings);
    }
}

impl Stream {
    /// Put `theirs`, tables another reading of the same document found
    /// (the tag tree's data tables when the tree is weak), in place of ours
    /// on the pages they are on: each of their pages' tables goes where our
    /// first table on that page was, or at the end of that page when we had
    /// none there; our tables on other pages stay. Table blocks are
    /// re-indexed in reading order.
    pub fn take_tables(&mut self, mut theirs: Vec<Table>) {
        if theirs.is_empty() {
            return;
        }
        // A grid this stream reads as lists side by side stays text.
        let same = |a: &[String], b: &[String]| {
            a.len() == b.len() && a.iter().zip(b).all(|(x, y)| collapse(x) == collapse(y))
        };
        theirs.retain(|t| {
            let head = if t.header.is_empty() { t.rows.first().map(Vec::as_slice).unwrap_or(&[]) } else { &t.header[..] };
            !self.side_by_side.iter().any(|(page, h)| *page == t.page && same(h, head))
        });
        if theirs.is_empty() {
            return;
        }
        theirs.sort_by_key(|t| t.page);
        let pages: Vec<u32> = theirs.iter().map(|t| t.page).collect();
        let mut ours: Vec<Option<Table>> =
            std::mem::take(&mut self.tables).into_iter().map(Some).collect();
        let mut theirs = theirs.into_iter().peekable();
        let mut events = Vec::with_capacity(self.events.len() + pages.len());
        let mut tables = Vec::new();
        let mut place = |events: &mut Vec<Event>, t: Table| {
            events.push(Event::Block(Block::Table {
                table: tables.len(),
                page: t.page,
            }));
            tables.push(t);
        };
        for e in std::mem::take(&mut self.events) {
            let page = e.page();
            while let Some(t) = theirs.next_if(|t| t.page < page) {
                place(&mut events, t);
            }
            match e {
                Event::Block(Block::Table { table, page }) if pages.contains(&page) => {
                    while let Some(t) = theirs.next_if(|t| t.page == page) {
                        place(&mut events, t);
                    }
                    let _ = ours.get_mut(table).map(Option::take);
                }
                Event::Block(Block::Table { table, .. }) => {
                    if let Some(t) = ours.get_mut(table).and_then(Option::take) {
                        place(&mut events, t);
                    }
                }
                e => events.push(e),
            }
        }
        for t in theirs {
            place(&mut events, t);
        }
        self.events = events;
        self.tables = tables;
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn para(text: &str, page: u32) -> Event {
        Event::Block(Block::Paragraph { footnote_run: 0,
            text: text.into(),
            page,
            pages: Vec::new(),
            footnote_refs: vec![], bbox: None, boxes: Vec::new(),
        })
    }

    fn table(page: u32) -> Table {
        Table { footnote_run: 0,
            caption: None,
            page,
            pages: vec![],
            header: vec![],
            rows: vec![],
            footnote_refs: vec![], bbox: None, boxes: Vec::new(), header_boxes: Vec::new(), cell_boxes: Vec::new(),
        }
    }

    #[test]
    fn merge_goes_by_page_and_reindexes_tables() {
        let mut ours = Stream {
            events: vec![
                para("a", 1),
                Event::Block(Block::Table { table: 0, page: 1 }),
                para("c", 3),
            ],
            tables: vec![table(1)],
            ..Stream::default()
        };
        let theirs = Stream {
            events: vec![
                para("b", 2),
                Event::Block(Block::Table { table: 0, page: 2 }),
            ],
            tables: vec![table(2)],
            title_lines: vec!["not taken".into()],
            ..Stream::default()
        };
        ours.merge_pages(theirs);
        let pages: Vec<u32> = ours.events.iter().map(Event::page).collect();
        assert_eq!(pages, vec![1, 1, 2, 2, 3]);
        assert_eq!(
            ours.events[3],
            Event::Block(Block::Table { table: 1, page: 2 })
        );
        assert_eq!(ours.tables[1].page, 2);
        assert!(ours.title_lines.is_empty());
    }

    #[test]
    fn their_tables_replace_ours_on_their_pages() {
        let mut t1 = table(1);
        t1.caption = Some("ours, page 1".into());
        let mut t3 = table(3);
        t3.caption = Some("ours, page 3".into());
        let mut ours = Stream {
            events: vec![
                para("a", 1),
                Event::Block(Block::Table { table: 0, page: 1 }),
                para("b", 2),
                Event::Block(Block::Table { table: 1, page: 3 }),
                para("c", 3),
            ],
            tables: vec![t1, t3],
            ..Stream::default()
        };
        let mut theirs1 = table(1);
        theirs1.caption = Some("theirs, page 1".into());
        let mut theirs2 = table(2);
        theirs2.caption = Some("theirs, page 2".into());
        ours.take_tables(vec![theirs2, theirs1]);
        let captions: Vec<&str> = ours
            .tables
            .iter()
            .filter_map(|t| t.caption.as_deref())
            .collect();
        assert_eq!(captions, ["theirs, page 1", "theirs, page 2", "ours, page 3"]);
        let kinds: Vec<(u32, bool)> = ours
            .events
            .iter()
            .map(|e| (e.page(), matches!(e, Event::Block(Block::Table { .. }))))
            .collect();
        assert_eq!(
            kinds,
            [(1, false), (1, true), (2, false), (2, true), (3, true), (3, false)]
        );
    }

    #[test]
    fn an_empty_stream_changes_nothing() {
        let mut ours = Stream {
            events: vec![para("a", 1)],
            ..Stream::default()
        };
        let before = ours.clone();
        ours.merge_pages(Stream {
            warnings: vec![Warning {
                code: crate::record::WarningCode::TagFallback,
                message: "y".into(),
                page: None,
            }],
            ..Stream::default()
        });
        assert_eq!(ours, before);
    }
}
