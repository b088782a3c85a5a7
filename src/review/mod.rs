//! `inspdf review`: one self-contained HTML page that draws a record's
//! boxes over the rendered pages of its PDF, so a reader can check what was
//! extracted (and a hand-corrected record) against the page itself.
//!
//! The stages: [`render`] draws each page to a PNG with pdf_oxide's
//! renderer; [`overlay`] reads the boxes and what the record says of each
//! element from the record as JSON (so it needs no record type to know
//! about boxes); [`html`] writes the page: the images and the overlay as
//! inline data, a fixed script and style, and a Content-Security-Policy
//! that forbids every remote load.

pub mod html;
pub mod overlay;
pub mod render;

use crate::convert;
use std::path::{Path, PathBuf};

/// What went wrong making a review page; each names the file involved.
#[derive(Debug, thiserror::Error)]
pub enum ReviewError {
    /// The PDF could not be read from disk.
    #[error("{path}: cannot read: {source}")]
    ReadPdf {
        /// The PDF's path.
        path: PathBuf,
        /// The I/O error.
        source: std::io::Error,
    },
    /// The PDF could not be opened or a page not drawn.
    #[error("{path}: cannot render: {message}")]
    Render {
        /// The PDF's path.
        path: PathBuf,
        /// The renderer's message.
        message: String,
    },
    /// Converting the PDF afresh failed.
    #[error("{path}: cannot convert: {message}")]
    Convert {
        /// The PDF's path.
        path: PathBuf,
        /// Why the conversion failed.
        message: String,
    },
    /// The `--record` file could not be read.
    #[error("{path}: cannot read the record: {source}")]
    ReadRecord {
        /// The record's path.
        path: PathBuf,
        /// The I/O error.
        source: std::io::Error,
    },
    /// The `--record` file is not a JSON object.
    #[error("{path}: not a record: {message}")]
    BadRecord {
        /// The record's path.
        path: PathBuf,
        /// What is wrong with it.
        message: String,
    },
    /// The HTML file could not be written.
    #[error("{path}: cannot write: {source}")]
    Write {
        /// The output path.
        path: PathBuf,
        /// The I/O error.
        source: std::io::Error,
    },
}

/// How to make a review page.
#[derive(Debug, Clone)]
pub struct Options {
    /// Draw this record (possibly hand-corrected) instead of converting the
    /// PDF afresh.
    pub record: Option<PathBuf>,
    /// Resolution of the page images, dots per inch.
    pub dpi: u32,
    /// The conversion's options when no record is given.
    pub convert: convert::Options,
}

impl Default for Options {
    fn default() -> Self {
        Options {
            record: None,
            dpi: DEFAULT_DPI,
            convert: convert::Options::default(),
        }
    }
}

/// The default image resolution: an A4 page is about 830 × 1170 pixels,
/// readable at a laptop's width and about 100 kB as PNG.
pub const DEFAULT_DPI: u32 = 100;

/// What a written review page holds, for the command's closing line.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Written {
    /// Pages drawn.
    pub pages: usize,
    /// Boxes drawn over them.
    pub boxes: usize,
    /// Elements listed without a box (the record gives none).
    pub unboxed: usize,
    /// Size of the HTML file in bytes.
    pub bytes: u64,
    /// A note when the record's sha256 is not the PDF's.
    pub mismatch: Option<String>,
}

/// Makes the review page for `pdf` and writes it to `out`.
pub fn review(pdf: &Path, out: &Path, opts: &Options) -> Result<Written, ReviewError> {
    let bytes = std::fs::read(pdf).map_err(|source| ReviewError::ReadPdf {
        path: pdf.to_path_buf(),
        source,
    })?;
    let record = match &opts.record {
        Some(path) => read_record(path)?,
        None => {
            let name = pdf
                .file_name()
                .map(|n| n.to_string_lossy().into_owned())
                .unwrap_or_default();
            let record = convert::convert_bytes(&bytes, &name, &opts.convert).map_err(|e| {
                ReviewError::Convert {
                    path: pdf.to_path_buf(),
                    message: e.to_string(),
                }
            })?;
            serde_json::to_value(&record).map_err(|e| ReviewError::Convert {
                path: pdf.to_path_buf(),
                message: e.to_string(),
            })?
        }
    };
    let mismatch = opts.record.as_ref().and_then(|path| {
        let theirs = record.pointer("/source/sha256")?.as_str()?;
        let ours = convert::sha256_hex(&bytes);
        (theirs != ours).then(|| {
            format!(
                "{}: its source.sha256 is not that of {}; the boxes may not match the pages",
                path.display(),
                pdf.display()
            )
        })
    });
    let pages = render::render_all(&bytes, opts.dpi).map_err(|message| ReviewError::Render {
        path: pdf.to_path_buf(),
        message,
    })?;
    let model = overlay::Overlay::from_record(&record);
    let title = pdf
        .file_name()
        .map(|n| n.to_string_lossy().into_owned())
        .unwrap_or_default();
    let page = html::write(&title, &model, &pages);
    std::fs::write(out, page.as_bytes()).map_err(|source| ReviewError::Write {
        path: out.to_path_buf(),
        source,
    })?;
    Ok(Written {
        pages: pages.len(),
        boxes: model.box_count(),
        unboxed: model.unboxed_count(),
        bytes: page.len() as u64,
        mismatch,
    })
}

/// Reads a record file as JSON; it must be an object.
fn read_record(path: &Path) -> Result<serde_json::Value, ReviewError> {
    let text = std::fs::read_to_string(path).map_err(|source| ReviewError::ReadRecord {
        path: path.to_path_buf(),
        source,
    })?;
    let value: serde_json::Value =
        serde_json::from_str(&text).map_err(|e| ReviewError::BadRecord {
            path: path.to_path_buf(),
            message: e.to_string(),
        })?;
    if !value.is_object() {
        return Err(ReviewError::BadRecord {
            path: path.to_path_buf(),
            message: "the top level is not a JSON object".into(),
        });
    }
    Ok(value)
}
