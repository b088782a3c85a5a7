//! The pdf_oxide engine: per-span font name, weight and italic flag, and the
//! drawn paths of each page (for table rules and footnote separators).

use super::cropped;
use super::gutter;
use super::tags::{self, MarkedIndex, Piece, Scope};
use super::document::{Document, Engine, Page, Rule, Span};
use super::fonts::{clean_font_name, name_is_bold, name_is_italic};
use super::pdfstring::decode_pdf_string;
use crate::error::ExtractError;
use pdf_oxide::layout::TextSpan;
use pdf_oxide::object::Object;
use pdf_oxide::{PdfDocument, ReadingOrder};
use pdf_oxide::structure::McidScope;

/// pdf_oxide (crates.io `pdf_oxide`).
#[derive(Debug, Clone, Copy, Default)]
pub struct OxideEngine;

impl Engine for OxideEngine {
    fn name(&self) -> &'static str {
        "pdf_oxide"
    }

    fn extract(&self, bytes: &[u8]) -> Result<Document, ExtractError> {
        let doc = PdfDocument::from_bytes(bytes.to_vec()).map_err(classify)?;
        if doc.is_encrypted() && !doc.authenticate(b"").unwrap_or(false) {
            return Err(ExtractError::Encrypted);
        }
        let count = doc.page_count().map_err(classify)?;
        let mut out = Document {
            engine: self.name(),
            tagged: doc.mark_info().map(|m| m.marked).unwrap_or(false) && has_tree_root(&doc),
            producer: info(&doc, "Producer"),
            info_title: info(&doc, "Title"),
            info_subject: info(&doc, "Subject"),
            ..Document::default()
        };
        let mut marked = MarkedIndex::default();
        for index in 0..count {
            let number = index as u32 + 1;
            let read = read_page(&doc, index, &mut marked);
            #[cfg(feature = "fault-injection")]
            if index == 0 {
                super::fault::engine_point();
            }
            match read {
                Ok(page) => out.pages.push(page),
                Err(reason) => {
                    out.lost_pages.push((number, reason));
                    out.pages.push(Page {
                        number,
                        ..Page::default()
                    });
                }
            }
        }
        if out.tagged {
            out.tags = read_tags(&doc, &marked, count as u32);
        }
        Ok(out)
    }
}

/// The catalog has a `/StructTreeRoot`.
fn has_tree_root(doc: &PdfDocument) -> bool {
    doc.catalog()
        .ok()
        .and_then(|c| c.as_dict().map(|d| d.contains_key("StructTreeRoot")))
        .unwrap_or(false)
}

/// Read the structure tree; a panic in the walk means no tree.
fn read_tags(doc: &PdfDocument, marked: &MarkedIndex, pages: u32) -> Option<tags::TagTree> {
    std::panic::catch_unwind(std::panic::AssertUnwindSafe(|| {
        tags::read(doc, marked, pages)
    }))
    .ok()
    .flatten()
}

/// The spans of one page.
///
/// pdf_oxide's `extract_spans` post-processes a page's spans, and part of
/// that runs the page's content stream a second time to stamp each glyph's
/// exact x offset, which we never read: it doubled the instructions spent
/// in extraction (callgrind, docs/performance.md). Its other steps order
/// the spans for reading (the layout and the tag tree order them here; the
/// sort also broke the content order of some marked content) and mark
/// running headers (the layout finds its own furniture). So an ordinary
/// page is read as content-order spans, with typographic spaces made plain
/// as the post-processing makes them. A page where the rest of the
/// post-processing matters gets the full pass: a rotated page (its spans
/// are mapped to the upright frame), a page with annotations (their text is
/// appended), and text the post-processing repairs (combining marks
/// composed, a mis-decoded decimal point, a word boundary known only from
/// glyph widths).
fn page_spans(doc: &PdfDocument, index: usize) -> pdf_oxide::Result<Vec<TextSpan>> {
    let plain_page = doc.get_page_rotation(index).unwrap_or(0).rem_euclid(360) == 0
        && !has_text_annotations(doc, index);
    if !plain_page {
        return doc.extract_spans(index);
    }
    let mut spans = doc.extract_spans_with_reading_order(index, ReadingOrder::TopToBottom)?;
    if spans.iter().any(needs_repair) {
        return doc.extract_spans(index);
    }
    for s in &mut spans {
        if s.text.chars().any(is_typographic_space) {
            s.text = s
                .text
                .chars()
                .map(|c| if is_typographic_space(c) { ' ' } else { c })
                .collect();
        }
    }
    Ok(spans)
}

/// The spans with each one the engine ran across a column gutter cut back
/// into its two columns (see [`gutter`]); the parts keep the span's font
/// and marked-content identity.
fn split_at_gutters(spans: Vec<TextSpan>) -> Vec<TextSpan> {
    let runs: Vec<gutter::Run> = spans
        .iter()
        .map(|s| {
            let (x0, x1) = (s.bbox.x, s.bbox.x + s.bbox.width);
            gutter::Run {
                x0,
                x1,
                y: s.bbox.y,
                size: s.font_size,
                face: face_key(s),
            }
        })
        .collect();
    let cuts = gutter::cuts(&runs, |i| {
        let (s, r) = (&spans[i], &runs[i]);
        gutter::word_starts(&s.text, r.x0, r.x1, &s.char_widths)
    });
    if cuts.is_empty() {
        return spans;
    }
    let mut out = Vec::with_capacity(spans.len() + cuts.len());
    let mut cuts = cuts.into_iter().peekable();
    for (i, mut span) in spans.into_iter().enumerate() {
        let Some(cut) = cuts.next_if(|c| c.run == i) else {
            out.push(span);
            continue;
        };
        let Some((byte, _)) = span.text.char_indices().nth(cut.at) else {
            out.push(span);
            continue;
        };
        let mut left = span.clone();
        left.text.truncate(byte);
        left.bbox.width = (cut.end - left.bbox.x).max(0.0);
        span.text.drain(..byte);
        if span.char_widths.len() > cut.at {
            left.char_widths.truncate(cut.at);
            span.char_widths.drain(..cut.at);
        } else {
            left.char_widths.clear();
            span.char_widths.clear();
        }
        let right_end = span.bbox.x + span.bbox.width;
        span.bbox.x = cut.x;
        span.bbox.width = (right_end - cut.x).max(0.0);
        out.push(left);
        out.push(span);
    }
    out
}

/// A key that tells the spans' faces apart: font name, weight and slant.
fn face_key(span: &TextSpan) -> u64 {
    use std::hash::{Hash, Hasher};
    let mut h = std::collections::hash_map::DefaultHasher::new();
    span.font_name.hash(&mut h);
    span.font_weight.is_bold().hash(&mut h);
    span.is_italic.hash(&mut h);
    h.finish()
}

/// Whether the page has an annotation whose text the post-processing
/// appends: one with `/Contents` that is not a link, a form field or a
/// popup. Links (every footnote mark and URL of a Word export) hold no
/// text of their own. An annotation list that cannot be read counts as
/// having such text, so the full pass decides.
fn has_text_annotations(doc: &PdfDocument, index: usize) -> bool {
    let Ok(page) = doc.get_page(index) else {
        return true;
    };
    let Some(annots) = page.as_dict().and_then(|d| d.get("Annots")) else {
        return false;
    };
    let Ok(Object::Array(items)) = doc.resolve_object(annots) else {
        return true;
    };
    items.iter().any(|item| {
        let Ok(annot) = doc.resolve_object(item) else {
            return true;
        };
        let Some(dict) = annot.as_dict() else {
            return false;
        };
        let subtype = dict.get("Subtype").and_then(|s| s.as_name().map(str::to_owned));
        let silent = matches!(subtype.as_deref(), Some("Link" | "Widget" | "Popup"));
        !silent && dict.contains_key("Contents")
    })
}

/// Text the full post-processing would change beyond its spaces: see
/// [`page_spans`].
fn needs_repair(span: &TextSpan) -> bool {
    let chars = span.text.chars().count();
    let widths = span.char_widths.len();
    (widths > 0 && widths < chars)
        || span
            .text
            .chars()
            .any(|c| c == '\u{00AC}' || ('\u{0300}'..='\u{036F}').contains(&c))
}

/// A Unicode space of a typographic width (en, em, thin, hair, zero-width,
/// narrow no-break, medium mathematical): a word separator.
fn is_typographic_space(c: char) -> bool {
    matches!(c, '\u{2000}'..='\u{200B}' | '\u{202F}' | '\u{205F}')
}

/// The largest page a PDF may declare: 14,400 units a side (PDF 1.7,
/// annex C; 200 inches).
const MAX_PAGE_SIDE: f32 = 14_400.0;

/// The page's box in user space: its `/MediaBox` when that is a sane
/// page, else (missing, not finite, empty, or larger than any page may be:
/// a hostile `[0 0 1e30 1e30]` would put every line on one baseline in
/// `f32`) the box of its text, at least a US Letter page from the origin.
fn page_box(media: Option<(f32, f32, f32, f32)>, spans: &[TextSpan]) -> (f32, f32, f32, f32) {
    let sane = |(a, b, c, d): (f32, f32, f32, f32)| {
        let (w, h) = ((c - a).abs(), (d - b).abs());
        [a, b, c, d].iter().all(|v| v.is_finite())
            && w >= 1.0
            && h >= 1.0
            && w <= MAX_PAGE_SIDE
            && h <= MAX_PAGE_SIDE
    };
    if let Some(b) = media.filter(|&b| sane(b)) {
        return b;
    }
    let finite = |v: f32| v.is_finite() && v.abs() <= MAX_PAGE_SIDE * 10.0;
    spans
        .iter()
        .filter(|s| finite(s.bbox.x) && finite(s.bbox.y))
        .fold((0.0f32, 0.0f32, 612.0f32, 792.0f32), |(a, b, c, d), s| {
            (
                a.min(s.bbox.x),
                b.min(s.bbox.y),
                c.max(s.bbox.x + s.bbox.width.max(0.0)),
                d.max(s.bbox.y + s.bbox.height.max(0.0)),
            )
        })
}

/// Read one page, catching a panic so the other pages survive.
fn read_page(doc: &PdfDocument, index: usize, marked: &mut MarkedIndex) -> Result<Page, String> {
    let caught = std::panic::catch_unwind(std::panic::AssertUnwindSafe(|| {
        let spans = split_at_gutters(page_spans(doc, index).map_err(|e| e.to_string())?);
        let media = doc.get_page_media_box(index).ok();
        let (llx, lly, urx, ury) = page_box(media, &spans);
        let height = (ury - lly).abs();
        let mut page = Page {
            number: index as u32 + 1,
            width: (urx - llx).abs(),
            height,
            rotation: doc
                .get_page_rotation(index)
                .map_or(0, |r| r.rem_euclid(360) as u16),
            ..Page::default()
        };
        for s in spans {
            // pdf_oxide's bbox is in PDF user space (origin bottom-left) and
            // its bottom edge is the text origin's baseline (measured against
            // pdf-extract's text matrix on the rendered corpus). Text rise
            // (Ts) is not applied, so superscripts sit on the line's
            // baseline; the layout stage recognises them by size and
            // position instead.
            let baseline = height - (s.bbox.y - lly);
            let scope = match &s.mcid_scope {
                Some(McidScope::Form(r)) | Some(McidScope::Pattern(r)) => Scope::Stream(r.id),
                Some(McidScope::Page(_)) | None => Scope::Page(page.number),
            };
            marked.add(Piece {
                page: page.number,
                mcid: s.mcid.map(|m| (scope, m)),
                text: &s.text,
                x0: s.bbox.x - llx,
                x1: s.bbox.x - llx + s.bbox.width,
                y: baseline,
                size: s.font_size,
            });
            if s.text.trim().is_empty() {
                continue;
            }
            let font = clean_font_name(&s.font_name);
            page.spans.push(Span {
                text: s.text,
                x: s.bbox.x - llx,
                y: baseline,
                width: s.bbox.width,
                size: s.font_size,
                bold: s.font_weight.is_bold() || name_is_bold(&font),
                italic: s.is_italic || name_is_italic(&font),
                font: Some(font),
            });
        }
        if let Ok(paths) = doc.extract_paths(index) {
            for p in paths {
                let b = p.bbox;
                let thin = b.width.min(b.height) <= 2.5;
                let long = b.width.max(b.height) >= 8.0;
                if thin && long {
                    let y0 = height - (b.y - lly) - b.height;
                    page.rules.push(Rule {
                        x0: b.x - llx,
                        y0,
                        x1: b.x - llx + b.width,
                        y1: y0 + b.height,
                    });
                }
            }
        }
        page.cropped = media.map_or_else(Vec::new, |m| cropped_lines(doc, index, m));
        Ok::<Page, String>(page)
    }));
    match caught {
        Ok(r) => r,
        Err(payload) => Err(format!(
            "engine panicked: {}",
            crate::error::panic_message(&payload)
        )),
    }
}

/// The lines of text the page's crop box hides (see [`cropped`]); nothing,
/// without a second reading, when the crop box shows the whole medium.
fn cropped_lines(doc: &PdfDocument, index: usize, media: cropped::Bounds) -> Vec<String> {
    let Ok(visible) = doc.get_page_visible_box(index) else {
        return Vec::new();
    };
    if !cropped::hides(media, visible) {
        return Vec::new();
    }
    let Ok(chars) = doc.extract_chars(index) else {
        return Vec::new();
    };
    let glyphs = chars
        .iter()
        .filter(|c| {
            let b = c.bbox;
            cropped::hidden((b.x, b.y, b.width, b.height), media, visible)
        })
        .map(|c| cropped::Glyph {
            c: c.char,
            x0: c.bbox.x,
            x1: c.bbox.x + c.bbox.width,
            y: c.bbox.y,
            size: c.font_size,
        })
        .collect();
    cropped::lines(glyphs)
}

/// A text entry (`/Producer`, `/Title`, …) of the trailer's `/Info`
/// dictionary.
fn info(doc: &PdfDocument, key: &str) -> Option<String> {
    let trailer = doc.trailer().as_dict()?;
    let info = doc.resolve_object(trailer.get("Info")?).ok()?;
    let producer = doc.resolve_object(info.as_dict()?.get(key)?).ok()?;
    let text = match producer {
        pdf_oxide::object::Object::String(bytes) => decode_pdf_string(&bytes),
        _ => return None,
    };
    let text = text.trim().to_string();
    (!text.is_empty()).then_some(text)
}


/// Map pdf_oxide's error to our classes.
fn classify(err: pdf_oxide::Error) -> ExtractError {
    let text = err.to_string();
    let lower = text.to_ascii_lowercase();
    if lower.contains("encrypt") || lower.contains("password") || lower.contains("decrypt") {
        ExtractError::Encrypted
    } else {
        ExtractError::Damaged {
            engine: "pdf_oxide",
            reason: text,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_sane_media_box_is_the_page() {
        let b = (0.0, 0.0, 595.0, 842.0);
        assert_eq!(page_box(Some(b), &[]), b);
        let swapped = (0.0, 842.0, 595.0, 0.0);
        assert_eq!(page_box(Some(swapped), &[]), swapped);
    }

    #[test]
    fn an_absurd_media_box_gives_way_to_a_letter_page() {
        for bad in [
            (0.0, 0.0, 1e30, 1e30),
            (0.0, -1e30, 612.0, 792.0),
            (0.0, 0.0, f32::NAN, 792.0),
            (0.0, 0.0, 0.0, 0.0),
            (0.0, 0.0, 14_401.0, 792.0),
        ] {
            assert_eq!(page_box(Some(bad), &[]), (0.0, 0.0, 612.0, 792.0), "{bad:?}");
        }
        assert_eq!(page_box(None, &[]), (0.0, 0.0, 612.0, 792.0));
    }

    #[test]
    fn typographic_spaces_are_word_separators() {
        for c in ['\u{2002}', '\u{2009}', '\u{200A}', '\u{200B}', '\u{202F}', '\u{205F}'] {
            assert!(is_typographic_space(c), "{c:?}");
        }
        for c in [' ', '\u{00A0}', 'a', '\u{2010}'] {
            assert!(!is_typographic_space(c), "{c:?}");
        }
    }
}
