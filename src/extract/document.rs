//! What extraction gives the later stages: a [`Document`] of [`Page`]s of
//! positioned text [`Span`]s and drawn [`Rule`]s, and the [`Engine`] trait
//! every extraction engine implements. Coordinates are PDF points from the
//! page's top-left corner, `y` growing downwards.

use super::tags::TagTree;
use crate::error::ExtractError;

/// A run of text with one font, size and baseline, as placed by the engine.
#[derive(Debug, Clone, PartialEq)]
pub struct Span {
    /// Decoded text (Unicode, ligatures expanded where the engine does so).
    pub text: String,
    /// Left edge, points from the page's left edge.
    pub x: f32,
    /// Baseline, points from the page's top edge.
    pub y: f32,
    /// Advance width of the whole span, points.
    pub width: f32,
    /// Font size in points (after the text matrix is applied).
    pub size: f32,
    /// Font name without subset prefix, when the engine reports it.
    pub font: Option<String>,
    /// Bold (weight ≥ 600, or "Bold"/"Black"/"Heavy" in the font name).
    pub bold: bool,
    /// Italic or oblique.
    pub italic: bool,
}

impl Span {
    /// Right edge of the span.
    pub fn right(&self) -> f32 {
        self.x + self.width
    }
}

/// A straight horizontal or vertical stroke or thin filled rectangle.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Rule {
    /// Left (or the x of a vertical rule).
    pub x0: f32,
    /// Top (or the y of a horizontal rule).
    pub y0: f32,
    /// Right.
    pub x1: f32,
    /// Bottom.
    pub y1: f32,
}

impl Rule {
    /// True when the rule is wider than it is tall.
    pub fn is_horizontal(&self) -> bool {
        (self.x1 - self.x0) >= (self.y1 - self.y0)
    }
}

/// One page of positioned text.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Page {
    /// 1-based page number.
    pub number: u32,
    /// Page width in points.
    pub width: f32,
    /// Page height in points.
    pub height: f32,
    /// Text spans in content-stream order.
    pub spans: Vec<Span>,
    /// Drawn rules (lines and thin rectangles).
    pub rules: Vec<Rule>,
    /// Clockwise turn the page is displayed with (its `/Rotate`: 0, 90,
    /// 180 or 270). `width`, `height` and every position above are in the
    /// unrotated page's frame; the record's boxes are turned into the
    /// displayed frame at the end ([`crate::place`]).
    pub rotation: u16,
    /// Lines of text the page's crop box hides (a print master's slug line
    /// and proof marks), top line first: in the text layer but never shown,
    /// so never body; the layout keeps them as furniture. See
    /// [`super::cropped`].
    pub cropped: Vec<String>,
}

/// What an engine extracted from a whole PDF.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Document {
    /// Pages in order.
    pub pages: Vec<Page>,
    /// `/Producer` from the info dictionary, when present.
    pub producer: Option<String>,
    /// `/Title` from the info dictionary, when present.
    pub info_title: Option<String>,
    /// `/Subject` from the info dictionary, when present.
    pub info_subject: Option<String>,
    /// The document declares itself tagged (`/MarkInfo /Marked true` with a
    /// `StructTreeRoot`).
    pub tagged: bool,
    /// The document's own structure tree with its text, when it is tagged
    /// and the engine can read trees (pdf_oxide); see [`tags`].
    pub tags: Option<TagTree>,
    /// Pages the engine could not read, with the reason.
    pub lost_pages: Vec<(u32, String)>,
    /// Name of the engine that produced this document.
    pub engine: &'static str,
}

impl Document {
    /// Number of characters of text over all pages.
    pub fn text_len(&self) -> usize {
        self.pages
            .iter()
            .flat_map(|p| &p.spans)
            .map(|s| s.text.trim().len())
            .sum()
    }
}

/// A PDF text engine. Implementations must not panic on hostile input where
/// they can avoid it; the caller still guards against panics.
pub trait Engine: Send + Sync {
    /// Short stable name, recorded in the record's `converter.engine`.
    fn name(&self) -> &'static str;
    /// Extract every page of `bytes`.
    fn extract(&self, bytes: &[u8]) -> Result<Document, ExtractError>;
}
