//! Stage 1 of a review page: every page drawn to a PNG by pdf_oxide's
//! renderer (tiny-skia), in parallel.

use pdf_oxide::PdfDocument;
use pdf_oxide::rendering::{ImageFormat, RenderOptions, render_page};
use rayon::prelude::*;

/// One drawn page.
#[derive(Debug, Clone)]
pub struct PageImage {
    /// The PNG file's bytes.
    pub png: Vec<u8>,
    /// Width in pixels.
    pub width: u32,
    /// Height in pixels.
    pub height: u32,
    /// Width of the drawn page in PDF points (the boxes' unit).
    pub width_pt: f64,
    /// Height of the drawn page in PDF points.
    pub height_pt: f64,
}

/// Encodes a rendered page (premultiplied RGBA on a white background, so
/// opaque) as PNG: grey when every pixel is, else RGB, with balanced
/// compression and adaptive filtering. About a third of the size of
/// the renderer's own fast PNG for a page of text (see docs/review.md).
fn encode(rgba: &[u8], width: u32, height: u32) -> Result<Vec<u8>, png::EncodingError> {
    let pixels = rgba.chunks_exact(4);
    let grey = pixels.clone().all(|p| p[0] == p[1] && p[1] == p[2]);
    let (color, data): (png::ColorType, Vec<u8>) = if grey {
        (png::ColorType::Grayscale, pixels.map(|p| p[0]).collect())
    } else {
        (
            png::ColorType::Rgb,
            pixels.flat_map(|p| [p[0], p[1], p[2]]).collect(),
        )
    };
    let mut out = Vec::new();
    let mut encoder = png::Encoder::new(&mut out, width, height);
    encoder.set_color(color);
    encoder.set_depth(png::BitDepth::Eight);
    encoder.set_compression(png::Compression::Balanced);
    let mut writer = encoder.write_header()?;
    writer.write_image_data(&data)?;
    writer.finish()?;
    Ok(out)
}

/// Draws every page of the PDF at `dpi` as PNG, or says why it cannot.
pub fn render_all(bytes: &[u8], dpi: u32) -> Result<Vec<PageImage>, String> {
    let doc = PdfDocument::from_bytes(bytes.to_vec()).map_err(|e| e.to_string())?;
    let count = doc.page_count().map_err(|e| e.to_string())?;
    let mut options = RenderOptions::with_dpi(dpi);
    options.format = ImageFormat::RawRgba8;
    let scale = f64::from(dpi) / 72.0;
    // Each worker opens its own document: the parsed document caches are
    // not shared across threads.
    (0..count)
        .into_par_iter()
        .map_init(
            || PdfDocument::from_bytes(bytes.to_vec()),
            |doc, n| {
                let doc = doc.as_ref().map_err(|e| e.to_string())?;
                let image =
                    render_page(doc, n, &options).map_err(|e| format!("page {}: {e}", n + 1))?;
                let png = encode(&image.data, image.width, image.height)
                    .map_err(|e| format!("page {}: {e}", n + 1))?;
                Ok(PageImage {
                    width_pt: f64::from(image.width) / scale,
                    height_pt: f64::from(image.height) / scale,
                    width: image.width,
                    height: image.height,
                    png,
                })
            },
        )
        .collect()
}
