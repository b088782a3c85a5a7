//! Stage 1 — PDF bytes → pages of positioned text.
//!
//! An [`Engine`] turns a PDF into a [`Document`]: one [`Page`] per page, each
//! with the text [`Span`]s the engine decoded (position, size, font name and
//! weight where the engine knows them) and the horizontal/vertical [`Rule`]s
//! drawn on the page (table borders, footnote separators). Nothing here
//! interprets the text: that is the job of [`crate::layout`] and
//! [`crate::parse`].
//!
//! A tagged PDF's structure tree is read here too ([`tags`]) and handed on
//! as [`Document::tags`], text in place, for [`crate::parse::tagged`].
//!
//! Coordinates are in PDF points with the origin at the **top-left** of the
//! page and `y` growing downwards, so reading order is ascending `y` then `x`.

mod oxide;
mod pdfextract;
pub mod tags;

pub use oxide::OxideEngine;
pub use pdfextract::PdfExtractEngine;
pub use tags::{TagKid, TagNode, TagText, TagTree};

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

/// Which engine to try first.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, serde::Serialize, serde::Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum EngineChoice {
    /// pdf_oxide first, pdf-extract as fallback.
    #[default]
    Oxide,
    /// pdf-extract first, pdf_oxide as fallback.
    PdfExtract,
}

impl EngineChoice {
    /// The other engine (the fallback of this one).
    pub fn other(self) -> Self {
        match self {
            Self::Oxide => Self::PdfExtract,
            Self::PdfExtract => Self::Oxide,
        }
    }

    /// Name of the engine tried first, as recorded in `converter.engine`.
    pub fn name(self) -> &'static str {
        self.engines().0.name()
    }

    fn engines(self) -> (&'static dyn Engine, &'static dyn Engine) {
        match self {
            Self::Oxide => (&OxideEngine, &PdfExtractEngine),
            Self::PdfExtract => (&PdfExtractEngine, &OxideEngine),
        }
    }
}

/// Cheap checks on the bytes before any engine sees them.
pub fn sniff(bytes: &[u8]) -> Result<(), ExtractError> {
    if bytes.is_empty() {
        return Err(ExtractError::Empty);
    }
    let head = &bytes[..bytes.len().min(1024)];
    if !head.windows(5).any(|w| w == b"%PDF-") {
        return Err(ExtractError::NotPdf);
    }
    Ok(())
}

/// Extract `bytes` with the chosen engine, falling back to the other when the
/// first fails, panics, or finds no text.
pub fn extract(bytes: &[u8], choice: EngineChoice) -> Result<Document, ExtractError> {
    extract_with(bytes, choice, true)
}

/// Extract `bytes` with the chosen engine; with `fallback`, try the other
/// engine when the first fails, panics, or finds no text. Without it, only
/// the chosen engine runs (used to retry in a fresh worker after the first
/// engine killed its process).
pub fn extract_with(
    bytes: &[u8],
    choice: EngineChoice,
    fallback: bool,
) -> Result<Document, ExtractError> {
    extract_engines(bytes, choice, fallback).map_err(|e| reclassify_no_pages(e, bytes, choice))
}

/// "No text in 0 pages" means no page tree was found at all: the file is
/// encrypted (it declares `/Encrypt` and the empty password did not reveal
/// its pages) or damaged — not a scan.
fn reclassify_no_pages(err: ExtractError, bytes: &[u8], choice: EngineChoice) -> ExtractError {
    match err {
        ExtractError::NoText { pages: 0 } => {
            if bytes.windows(8).any(|w| w == b"/Encrypt") {
                ExtractError::Encrypted
            } else {
                ExtractError::Damaged {
                    engine: choice.name(),
                    reason: "no pages found".into(),
                }
            }
        }
        other => other,
    }
}

fn extract_engines(
    bytes: &[u8],
    choice: EngineChoice,
    fallback: bool,
) -> Result<Document, ExtractError> {
    sniff(bytes)?;
    let (first, second) = choice.engines();
    let primary = guarded(first, bytes);
    if !fallback {
        return match primary {
            Ok(doc) if doc.text_len() == 0 => Err(ExtractError::NoText {
                pages: doc.pages.len(),
            }),
            other => other,
        };
    }
    match primary {
        Ok(doc) if doc.text_len() > 0 => Ok(doc),
        Ok(doc) => match guarded(second, bytes) {
            Ok(alt) if alt.text_len() > 0 => Ok(alt),
            _ => Err(ExtractError::NoText {
                pages: doc.pages.len(),
            }),
        },
        Err(err) if err.is_final() => Err(err),
        Err(err) => match guarded(second, bytes) {
            Ok(alt) if alt.text_len() > 0 => Ok(alt),
            Ok(alt) => Err(ExtractError::NoText {
                pages: alt.pages.len(),
            }),
            Err(_) => Err(err),
        },
    }
}

/// Run one engine, turning a panic into an error.
fn guarded(engine: &dyn Engine, bytes: &[u8]) -> Result<Document, ExtractError> {
    match std::panic::catch_unwind(std::panic::AssertUnwindSafe(|| engine.extract(bytes))) {
        Ok(result) => result,
        Err(payload) => Err(ExtractError::EngineCrash {
            engine: engine.name(),
            reason: panic_message(&payload),
        }),
    }
}

/// Best-effort text of a panic payload.
pub fn panic_message(payload: &Box<dyn std::any::Any + Send>) -> String {
    if let Some(s) = payload.downcast_ref::<&str>() {
        (*s).to_string()
    } else if let Some(s) = payload.downcast_ref::<String>() {
        s.clone()
    } else {
        "panic".to_string()
    }
}

/// Font names carry a subset prefix ("ABCDEF+Name"); drop it.
pub(crate) fn clean_font_name(name: &str) -> String {
    match name.split_once('+') {
        Some((prefix, rest))
            if prefix.len() == 6 && prefix.bytes().all(|b| b.is_ascii_uppercase()) =>
        {
            rest.to_string()
        }
        _ => name.to_string(),
    }
}

/// Bold from a font name, for engines that do not report weight.
pub(crate) fn name_is_bold(name: &str) -> bool {
    let lower = name.to_ascii_lowercase();
    ["bold", "black", "heavy", "semibold", "demi"]
        .iter()
        .any(|w| lower.contains(w))
}

/// Italic from a font name.
pub(crate) fn name_is_italic(name: &str) -> bool {
    let lower = name.to_ascii_lowercase();
    lower.contains("italic") || lower.contains("oblique")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn sniff_rejects_empty_and_non_pdf() {
        assert!(matches!(sniff(b""), Err(ExtractError::Empty)));
        assert!(matches!(sniff(b"<html>"), Err(ExtractError::NotPdf)));
        assert!(sniff(b"%PDF-1.7\n").is_ok());
    }

    #[test]
    fn no_pages_is_encrypted_or_damaged_not_scanned() {
        let none = ExtractError::NoText { pages: 0 };
        let enc = reclassify_no_pages(
            none.clone(),
            b"trailer << /Encrypt 5 0 R >>",
            EngineChoice::Oxide,
        );
        assert_eq!(enc, ExtractError::Encrypted);
        let dmg = reclassify_no_pages(none, b"trailer << >>", EngineChoice::Oxide);
        assert_eq!(dmg.class(), "damaged");
        let scan = ExtractError::NoText { pages: 2 };
        assert_eq!(
            reclassify_no_pages(scan.clone(), b"", EngineChoice::Oxide),
            scan
        );
    }

    #[test]
    fn font_names() {
        assert_eq!(
            clean_font_name("BAAAAA+LiberationSerif-Bold"),
            "LiberationSerif-Bold"
        );
        assert_eq!(clean_font_name("Arial+X"), "Arial+X");
        assert!(name_is_bold("LiberationSerif-Bold"));
        assert!(!name_is_bold("LiberationSerif"));
        assert!(name_is_italic("DejaVuSans-Oblique"));
    }
}
