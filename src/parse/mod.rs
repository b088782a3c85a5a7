//! Stage 2b — a document → its structure.
//!
//! In: the extracted [`crate::extract::Document`]. Out: a [`Structure`] —
//! the [`Parsed`] document (section tree with its blocks, tables,
//! footnotes, panels, contents entries, title, warnings) and which path
//! read it — ready for the findings stage and the record.
//!
//! Both paths give the same thing, a [`Stream`]: events (headings and
//! blocks, [`event`]) in reading order with their page and style, headings'
//! levels already assigned, and beside them the tables, footnotes, panels,
//! contents entries, title lines and warnings ([`stream`]).
//! - **Layout path** ([`from_layout`]): the [`crate::layout::Layout`]'s
//!   lines are read into a stream ([`contents`], [`footnotes`],
//!   [`tables`], [`headings`], [`blocks`], [`panels`]).
//! - **Tag path** ([`tagged`]): the document's own structure tree is read
//!   into a stream; the document is laid out once, for the boxed panels
//!   and for the pages the tree does not reach, whose layout stream is
//!   merged in by page ([`Stream::merge_pages`]). A tree that reaches too
//!   little of the text gives way to the layout path.
//!
//! [`structure`] runs one path and then [`assemble`] once: the events nest
//! into the section tree by level. Every decision about the text of a line
//! is made by a nom parser in [`text`].

pub mod assemble;
pub mod back_matter;
pub mod blocks;
pub mod contents;
pub mod event;
pub mod footnotes;
pub mod from_layout;
pub mod headings;
pub mod panels;
pub mod runs;
pub mod stream;
pub mod tables;
pub mod tagged;
pub mod text;

pub use assemble::{Parsed, assemble};
pub use event::Event;
pub use from_layout::parse;
pub use panels::{Panel, PanelParagraph};
pub use stream::Stream;
pub use text::collapse;

use crate::record::StructureSource;

/// What the structure stage read of one document, and which path read it.
#[derive(Debug, Clone, PartialEq)]
pub struct Structure {
    /// The structure.
    pub parsed: Parsed,
    /// The tag tree or the layout.
    pub source: StructureSource,
    /// Seconds spent laying out lines before parsing (on the tag path, the
    /// one layout it makes for panels and the pages the tree misses).
    pub layout_seconds: f64,
    /// The document laid out, every page (both paths make one).
    pub layout: crate::layout::Layout,
    /// Web links the structure tree marks (none without a tree, or when
    /// it is ignored).
    pub links: Vec<crate::record::Link>,
    /// Figures the structure tree marks, with their alternative text.
    pub figures: Vec<crate::record::Figure>,
}

/// The structure stage's one entry point: read `doc`'s structure from its
/// tag tree when `use_tags` and it has a usable one, else from its layout;
/// then nest the stream into sections and say which numbering run each
/// footnote reference is to ([`runs`]); with tags, the tree's links and
/// figures ([`tagged::links`]).
pub fn structure(doc: &crate::extract::Document, use_tags: bool) -> Structure {
    let read = if use_tags {
        tagged::read(doc)
    } else {
        tagged::layout_path(doc, None)
    };
    let mut parsed = assemble(read.stream);
    back_matter::take(&mut parsed);
    runs::link(&mut parsed);
    // What the tree says well is kept whichever path gave the structure.
    let (links, figures) = match &doc.tags {
        Some(tree) if use_tags => tagged::links::read(tree),
        _ => (Vec::new(), Vec::new()),
    };
    Structure {
        parsed,
        source: read.source,
        layout_seconds: read.layout_seconds,
        layout: read.layout,
        links,
        figures,
    }
}
