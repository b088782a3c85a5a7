//! The pdf-extract engine, through our own `OutputDev`: per-character
//! position, advance and size, grouped here into spans, plus stroked and
//! filled rules. pdf-extract knows no font names or weights.

use super::document::{Document, Engine, Page, Rule, Span};
use crate::error::ExtractError;
use pdf_extract::{ColorSpace, MediaBox, OutputDev, OutputError, Path, PathOp, Transform};

/// pdf-extract (crates.io `pdf-extract`, on lopdf).
#[derive(Debug, Clone, Copy, Default)]
pub struct PdfExtractEngine;

impl Engine for PdfExtractEngine {
    fn name(&self) -> &'static str {
        "pdf-extract"
    }

    fn extract(&self, bytes: &[u8]) -> Result<Document, ExtractError> {
        let mut doc = pdf_extract::Document::load_mem(bytes).map_err(classify)?;
        if doc.is_encrypted() && doc.decrypt("").is_err() {
            return Err(ExtractError::Encrypted);
        }
        let tagged = doc
            .catalog()
            .ok()
            .map(|c| c.get(b"StructTreeRoot").is_ok() && c.get(b"MarkInfo").is_ok())
            .unwrap_or(false);
        let mut out = Document {
            engine: self.name(),
            tagged,
            producer: info(&doc, b"Producer"),
            info_title: info(&doc, b"Title"),
            info_subject: info(&doc, b"Subject"),
            ..Document::default()
        };
        let numbers: Vec<u32> = doc.get_pages().keys().copied().collect();
        for number in numbers {
            let mut dev = Collector::default();
            let result = std::panic::catch_unwind(std::panic::AssertUnwindSafe(|| {
                pdf_extract::output_doc_page(&doc, &mut dev, number)
            }));
            let reason = match result {
                Ok(Ok(())) => None,
                Ok(Err(e)) => Some(format!("{e:?}")),
                Err(payload) => Some(format!(
                    "engine panicked: {}",
                    crate::error::panic_message(&payload)
                )),
            };
            #[cfg(feature = "fault-injection")]
            if out.pages.is_empty() {
                super::fault::engine_point();
            }
            let mut page = dev.finish();
            page.number = number;
            if let Some(reason) = reason {
                out.lost_pages.push((number, reason));
                page.spans.clear();
            }
            out.pages.push(page);
        }
        Ok(out)
    }
}

/// A text entry of the trailer's `/Info` dictionary.
fn info(doc: &pdf_extract::Document, key: &[u8]) -> Option<String> {
    let info = doc.trailer.get(b"Info").ok()?;
    let info = match info {
        pdf_extract::Object::Reference(id) => doc.get_dictionary(*id).ok()?,
        pdf_extract::Object::Dictionary(d) => d,
        _ => return None,
    };
    match info.get(key).ok()? {
        pdf_extract::Object::String(bytes, _) => {
            let s = super::pdfstring::decode_pdf_string(bytes).trim().to_string();
            (!s.is_empty()).then_some(s)
        }
        _ => None,
    }
}

fn classify(err: pdf_extract::Error) -> ExtractError {
    let text = err.to_string();
    if text.to_ascii_lowercase().contains("decrypt")
        || text.to_ascii_lowercase().contains("encrypt")
    {
        ExtractError::Encrypted
    } else {
        ExtractError::Damaged {
            engine: "pdf-extract",
            reason: text,
        }
    }
}

/// One decoded glyph, top-left coordinates.
#[derive(Debug, Clone)]
struct Glyph {
    ch: String,
    x: f32,
    y: f32,
    advance: f32,
    size: f32,
}

/// An `OutputDev` that keeps glyphs and rules of one page.
#[derive(Debug, Default)]
struct Collector {
    width: f32,
    height: f32,
    origin: (f32, f32),
    glyphs: Vec<Glyph>,
    rules: Vec<Rule>,
}

impl Collector {
    /// Group glyphs into spans: same baseline, same size, touching.
    fn finish(self) -> Page {
        let mut spans: Vec<Span> = Vec::new();
        for g in self.glyphs {
            if let Some(last) = spans.last_mut() {
                let same_line = (last.y - g.y).abs() < 0.5 && (last.size - g.size).abs() < 0.3;
                let gap = g.x - last.right();
                if same_line && gap > -0.5 && gap < g.size * 0.6 {
                    if gap > g.size * 0.15 && !last.text.ends_with(' ') && g.ch != " " {
                        last.text.push(' ');
                    }
                    last.text.push_str(&g.ch);
                    last.width = (g.x + g.advance - last.x).max(last.width);
                    continue;
                }
            }
            if g.ch.trim().is_empty() {
                continue;
            }
            spans.push(Span {
                text: g.ch,
                x: g.x,
                y: g.y,
                width: g.advance,
                size: g.size,
                font: None,
                bold: false,
                italic: false,
            });
        }
        for s in &mut spans {
            let trimmed = s.text.trim_end().len();
            s.text.truncate(trimmed);
        }
        Page {
            number: 0,
            width: self.width,
            height: self.height,
            spans,
            rules: self.rules,
            // pdf-extract does not say; the fallback engine's boxes stay in
            // the unrotated frame.
            rotation: 0,
            // Nor does it keep text apart by the crop box.
            cropped: Vec::new(),
        }
    }

    fn flip(&self, x: f64, y: f64) -> (f32, f32) {
        (
            x as f32 - self.origin.0,
            self.height - (y as f32 - self.origin.1),
        )
    }
}

impl OutputDev for Collector {
    fn begin_page(
        &mut self,
        _n: u32,
        media_box: &MediaBox,
        _art: Option<(f64, f64, f64, f64)>,
    ) -> Result<(), OutputError> {
        self.width = (media_box.urx - media_box.llx).abs() as f32;
        self.height = (media_box.ury - media_box.lly).abs() as f32;
        self.origin = (media_box.llx as f32, media_box.lly as f32);
        Ok(())
    }
    fn end_page(&mut self) -> Result<(), OutputError> {
        Ok(())
    }
    fn output_character(
        &mut self,
        trm: &Transform,
        width: f64,
        _spacing: f64,
        font_size: f64,
        ch: &str,
    ) -> Result<(), OutputError> {
        let scale = (trm.m11 * trm.m22 - trm.m12 * trm.m21).abs().sqrt();
        let size = (font_size * scale) as f32;
        let (x, y) = self.flip(trm.m31, trm.m32);
        if !x.is_finite() || !y.is_finite() || !size.is_finite() {
            return Ok(());
        }
        let advance = (width * font_size * scale) as f32;
        self.glyphs.push(Glyph {
            ch: ch.to_string(),
            x,
            y,
            advance,
            size,
        });
        Ok(())
    }
    fn begin_word(&mut self) -> Result<(), OutputError> {
        Ok(())
    }
    fn end_word(&mut self) -> Result<(), OutputError> {
        Ok(())
    }
    fn end_line(&mut self) -> Result<(), OutputError> {
        Ok(())
    }
    fn stroke(
        &mut self,
        ctm: &Transform,
        _cs: &ColorSpace,
        _color: &[f64],
        path: &Path,
    ) -> Result<(), OutputError> {
        self.add_rules(ctm, path);
        Ok(())
    }
    fn fill(
        &mut self,
        ctm: &Transform,
        _cs: &ColorSpace,
        _color: &[f64],
        path: &Path,
    ) -> Result<(), OutputError> {
        self.add_rules(ctm, path);
        Ok(())
    }
}

impl Collector {
    /// Keep the straight, thin segments and rectangles of a path as rules.
    fn add_rules(&mut self, ctm: &Transform, path: &Path) {
        let mut cur = (0.0f64, 0.0f64);
        for op in &path.ops {
            let (a, b) = match *op {
                PathOp::MoveTo(x, y) => {
                    cur = (x, y);
                    continue;
                }
                PathOp::LineTo(x, y) => {
                    let from = cur;
                    cur = (x, y);
                    (from, (x, y))
                }
                PathOp::Rect(x, y, w, h) => ((x, y), (x + w, y + h)),
                _ => continue,
            };
            let p0 = apply(ctm, a);
            let p1 = apply(ctm, b);
            let (x0, y0) = self.flip(p0.0, p0.1);
            let (x1, y1) = self.flip(p1.0, p1.1);
            let r = Rule {
                x0: x0.min(x1),
                y0: y0.min(y1),
                x1: x0.max(x1),
                y1: y0.max(y1),
            };
            let (w, h) = (r.x1 - r.x0, r.y1 - r.y0);
            if w.min(h) <= 2.5 && w.max(h) >= 8.0 {
                self.rules.push(r);
            }
        }
    }
}

/// Apply an affine transform (row-vector convention, as in PDF) to a point.
fn apply(m: &Transform, (x, y): (f64, f64)) -> (f64, f64) {
    (x * m.m11 + y * m.m21 + m.m31, x * m.m12 + y * m.m22 + m.m32)
}
