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

mod choice;
pub mod cropped;
mod document;
mod fonts;
mod gutter;
mod oxide;
mod pdfextract;
#[cfg(feature = "fault-injection")]
pub(crate) mod fault;
pub mod pdfstring;
pub mod region;
pub mod tags;

pub use choice::EngineChoice;
pub use document::{Document, Engine, Page, Rule, Span};
pub use oxide::OxideEngine;
pub use pdfextract::PdfExtractEngine;
pub use tags::{TagKid, TagNode, TagText, TagTree};

use crate::error::{ExtractError, panic_message};

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
        assert_eq!(dmg.class(), crate::error::FailureClass::Damaged);
        let scan = ExtractError::NoText { pages: 2 };
        assert_eq!(
            reclassify_no_pages(scan.clone(), b"", EngineChoice::Oxide),
            scan
        );
    }
}
