//! Which engine reads a PDF first, and which stands in when it fails.

use super::document::Engine;
use super::oxide::OxideEngine;
use super::pdfextract::PdfExtractEngine;

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

    /// The engine tried first and its fallback.
    pub(super) fn engines(self) -> (&'static dyn Engine, &'static dyn Engine) {
        match self {
            Self::Oxide => (&OxideEngine, &PdfExtractEngine),
            Self::PdfExtract => (&PdfExtractEngine, &OxideEngine),
        }
    }
}
