//! One PDF's bytes → one record, every stage in order, in this process.
//!
//! In: the bytes, the name to record, and [`Options`] (what one file
//! needs: the engine, whether the other may stand in, input limits, whether
//! to read the tag tree). Out: the [`Record`] (not yet validated) and the
//! time each stage took.
//!
//! [`extract`](crate::extract) → [`parse::structure`] (the tag tree or the
//! [`layout`](crate::layout)) → [`findings`] → [`Record`] → [`place`]
//! (each element's box, from the same layout). Validation,
//! writing and isolation belong to the [`batch`](crate::batch).

use crate::error::Error;
use crate::extract::{self, EngineChoice};
use crate::limits::Limits;
use crate::record::{Converter, Record, SCHEMA_VERSION, Source, Warning, WarningCode};
use crate::timings::{StageTimings, lap};
use crate::{findings, parse, place};
use serde::{Deserialize, Serialize};
use sha2::{Digest, Sha256};
use std::time::Instant;

/// How to convert one file. This is all a worker process is told.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
pub struct Options {
    /// Which extraction engine to try first.
    pub engine: EngineChoice,
    /// Only the first engine, no fallback (set when retrying a file whose
    /// first engine killed its worker).
    #[serde(default)]
    pub single_engine: bool,
    /// Bounds on untrusted input.
    pub limits: Limits,
    /// Ignore the structure tree of tagged PDFs (`--no-tags`).
    #[serde(default)]
    pub no_tags: bool,
}

/// Convert PDF bytes to a record (not yet validated). `file` is the name
/// recorded in `source.file`.
pub fn convert_bytes(bytes: &[u8], file: &str, opts: &Options) -> Result<Record, Error> {
    convert_bytes_timed(bytes, file, opts).map(|(record, _)| record)
}

/// [`convert_bytes`], with the time spent in each stage.
pub fn convert_bytes_timed(
    bytes: &[u8],
    file: &str,
    opts: &Options,
) -> Result<(Record, StageTimings), Error> {
    let mut t = StageTimings::default();
    let mut clock = Instant::now();
    let doc = extract::extract_with(bytes, opts.engine, !opts.single_engine)?;
    opts.limits.check_pages(doc.pages.len())?;
    t.extract = lap(&mut clock);
    let read = parse::structure(&doc, !opts.no_tags);
    let (parsed, structure, laid) = (read.parsed, read.source, read.layout);
    let (links, figures) = (read.links, read.figures);
    t.layout = read.layout_seconds;
    t.parse = lap(&mut clock) - t.layout;
    let info = findings::metadata::DocInfo {
        title: doc.info_title.clone(),
        subject: doc.info_subject.clone(),
    };
    let read = findings::read(&parsed, &info);
    t.findings = lap(&mut clock);
    let mut warnings: Vec<Warning> = doc
        .lost_pages
        .iter()
        .map(|(page, why)| {
            Warning::on_page(
                WarningCode::PageLost,
                *page,
                format!("page could not be read: {why}"),
            )
        })
        .collect();
    warnings.extend(parsed.warnings.iter().cloned());
    if read.report.title.is_empty() {
        warnings.push(Warning {
            code: WarningCode::NoTitle,
            message: "no title found".into(),
            page: None,
        });
    }
    let mut record = Record {
        schema_version: SCHEMA_VERSION.to_string(),
        converter: Converter {
            name: env!("CARGO_PKG_NAME").to_string(),
            version: env!("CARGO_PKG_VERSION").to_string(),
            engine: doc.engine.to_string(),
            structure,
        },
        source: Source {
            file: file.to_string(),
            sha256: sha256_hex(bytes),
            pages: doc.pages.len() as u32,
            producer: doc.producer.clone(),
            tagged: doc.tagged,
        },
        report: read.report,
        preamble: parsed.preamble,
        sections: parsed.sections,
        tables: parsed.tables,
        footnotes: parsed.footnotes,
        judgments: read.judgments,
        findings: read.findings,
        back_matter: parsed.back_matter,
        furniture: parsed.furniture,
        warnings,
        links,
        figures,
    };
    t.findings += lap(&mut clock);
    place::place(&mut record, &doc, &laid);
    t.place = lap(&mut clock);
    Ok((record, t))
}

/// Lower-case hex SHA-256 of `bytes`.
pub fn sha256_hex(bytes: &[u8]) -> String {
    Sha256::digest(bytes)
        .iter()
        .map(|b| format!("{b:02x}"))
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn sha256_is_lower_case_hex() {
        assert_eq!(
            sha256_hex(b"abc"),
            "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad"
        );
    }

    #[test]
    fn bytes_that_are_not_a_pdf_are_an_extract_error() {
        let err = convert_bytes(b"hello", "x.pdf", &Options::default());
        assert!(matches!(
            err,
            Err(Error::Extract(crate::error::ExtractError::NotPdf))
        ));
    }
}
