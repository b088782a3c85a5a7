//! The units of the parse stream: headings and blocks in reading order.
//!
//! In: nothing (plain types). Out: [`Event`] — a [`Heading`] (text, page,
//! type [`Style`], level) or a [`Block`] (paragraph, list, table
//! reference, each with its page). Both paths of the stage produce events;
//! [`crate::parse::assemble`] nests them into the section tree.

use crate::layout::Line;
use crate::record::{BBox, Block, PageBox};

/// One unit of the body in reading order, before nesting.
#[derive(Debug, Clone, PartialEq)]
pub enum Event {
    /// A heading; on the layout path `level` is filled in by
    /// [`crate::parse::headings::assign_levels`], on the tag path by the
    /// tree's roles.
    Heading(Heading),
    /// A paragraph, list or table reference.
    Block(Block),
}

impl Event {
    /// The page the event is on.
    pub fn page(&self) -> u32 {
        match self {
            Event::Heading(h) => h.page,
            Event::Block(Block::Paragraph { page, .. })
            | Event::Block(Block::List { page, .. })
            | Event::Block(Block::Table { page, .. }) => *page,
        }
    }
}

/// A heading found in the body.
#[derive(Debug, Clone, PartialEq)]
pub struct Heading {
    /// Heading text, markers lifted.
    pub text: String,
    /// Page it is on.
    pub page: u32,
    /// Its type style.
    pub style: Style,
    /// Level 1–6 once assigned.
    pub level: u8,
    /// Footnotes cited by markers in the heading.
    pub refs: Vec<u32>,
    /// Level of the contents entry that names it, if one does.
    pub from_contents: Option<u8>,
    /// Depth given by its numbering ("2.3" → 2), if numbered.
    pub numbered: Option<usize>,
    /// It opens with a caption label ("Figure 2:").
    pub caption: bool,
    /// Where it is printed, when the path knows (the tag path, from its
    /// marked content): the first part's box.
    pub bbox: Option<BBox>,
    /// Every part, when there are several.
    pub boxes: Vec<PageBox>,
}

/// A type style: size in half points, weight, slant. Ordered so that a more
/// prominent style sorts first.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub struct Style {
    /// Size in half points.
    pub half_points: i32,
    /// Bold.
    pub bold: bool,
    /// Italic.
    pub italic: bool,
}

impl Style {
    /// The style of a line.
    pub fn of(line: &Line) -> Self {
        Self {
            half_points: (line.size * 2.0).round() as i32,
            bold: line.bold,
            italic: line.italic,
        }
    }

    /// Sort key: larger, then bold, then upright first.
    pub fn prominence(&self) -> (i32, bool, bool) {
        (-self.half_points, !self.bold, self.italic)
    }
}
