//! Stage 2 for tagged PDFs — the document's own structure tree → a
//! [`crate::parse::Stream`].
//!
//! In: the [`crate::extract::Document`] and the [`crate::extract::TagTree`]
//! the extraction stage read (roles after the role map, text at the
//! leaves). Out: the same kind of stream the layout path makes, so the one
//! assembly, the findings stage and the record do not care which path ran.
//!
//! The tree is the author's statement of the structure and is taken as it
//! stands:
//! - `H1`–`H6` are headings of that level; a bare `H` takes the depth of
//!   the `Sect`s around it;
//! - `P` (and other block or inline elements met at block level) are
//!   paragraphs; `L`/`LI`/`Lbl`/`LBody` lists (a nested list's items follow
//!   its parent item); `Table`/`THead`/`TBody`/`TR`/`TH`/`TD` tables, the
//!   header being the first row when it is in `THead` or all `TH` (row
//!   headers in `TH` cells stay cells);
//! - `Note` is a footnote: its number is the one its text opens with; the
//!   block citing it is the one holding the note inline (Word puts the
//!   reference mark and the note in a `Link`), else the nearest block
//!   before it whose text carries the number as a reference mark glued to
//!   a word ("young people1"); the mark is taken out of the text and the
//!   number put in that block's `footnote_refs`. Link URLs are kept in the
//!   footnote's `urls`.
//! - `TOC`, `Figure`, `Artifact` and form fields are not body text.
//!
//! The title is the largest text on the first page with text.
//!
//! The files, in the order the work runs:
//! - `read`: the path's entry point — tree stream, one layout, merge or
//!   fall back;
//! - `tree`: the tree → its stream and weak pages;
//! - `walk`: block-level walk, dispatching on `roles`;
//! - `blocks` (headings, paragraphs, lists), `tables`, `notes`, `inline`
//!   (text below a node), all filling the `builder`'s state;
//! - `turns`: paragraphs and list items cut in two at a page turn
//!   joined again;
//! - `title` and `furniture`: the title taken, tagged page furniture
//!   dropped.
//!
//! Where the tree is broken — it reaches too little of the text, or
//! nothing usable — [`read()`] falls back to the layout path for the whole
//! document; pages the tree does not reach are read by the layout path and
//! merged in by page. Either way a warning says so.

mod blocks;
mod builder;
mod furniture;
mod inline;
pub mod links;
mod notes;
pub mod read;
mod roles;
mod tables;
mod title;
pub mod tree;
pub mod trust;
mod turns;
mod walk;

#[cfg(test)]
mod fixtures;

pub use read::{Read, layout_path, read};
pub use tree::{Tagged, parse};
