//! The stages put together: one PDF → one validated record, and a batch of
//! PDFs → a folder of records, in parallel.
//!
//! For each file: read → [`extract`](crate::extract) →
//! [`layout`](crate::layout) → [`parse`](crate::parse) →
//! [`findings`](crate::findings) → [`Record`] → [`validate`](crate::validate)
//! → [`output`](crate::output). A record that fails the schema is not
//! written as a record: it goes to `<out>/_rejected/` beside its errors.
//! A file that cannot be read is reported on one line and the batch goes
//! on.

use crate::error::Error;
use crate::extract::{self, EngineChoice};
use crate::record::{Converter, Record, SCHEMA_VERSION, Source, StructureSource, Warning};
use crate::validate::{SchemaError, Validator};
use crate::{findings, layout, output, parse};
use rayon::prelude::*;
use serde::Serialize;
use sha2::{Digest, Sha256};
use std::path::{Path, PathBuf};
use std::time::Instant;

/// How to convert.
#[derive(Debug, Clone, Default)]
pub struct Options {
    /// Which extraction engine to try first.
    pub engine: EngineChoice,
    /// Worker threads (0 = one per core).
    pub jobs: usize,
    /// Ignore the structure tree of tagged PDFs (`--no-tags`).
    pub no_tags: bool,
}

/// Convert PDF bytes to a record (not yet validated). `file` is the name
/// recorded in `source.file`.
pub fn convert_bytes(bytes: &[u8], file: &str, opts: &Options) -> Result<Record, Error> {
    let doc = extract::extract(bytes, opts.engine)?;
    let (parsed, structure) = if opts.no_tags {
        (
            parse::parse(&layout::lay_out(&doc)),
            StructureSource::Layout,
        )
    } else {
        parse::tagged::parse_or_layout(&doc)
    };
    let info = findings::metadata::DocInfo {
        title: doc.info_title.clone(),
        subject: doc.info_subject.clone(),
    };
    let read = findings::read(&parsed, &info);
    let mut warnings: Vec<Warning> = doc
        .lost_pages
        .iter()
        .map(|(page, why)| {
            Warning::on_page("page-lost", *page, format!("page could not be read: {why}"))
        })
        .collect();
    warnings.extend(parsed.warnings.iter().cloned());
    if read.report.title.is_empty() {
        warnings.push(Warning {
            code: "no-title".into(),
            message: "no title found".into(),
            page: None,
        });
    }
    Ok(Record {
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
        warnings,
    })
}

/// Lower-case hex SHA-256 of `bytes`.
pub fn sha256_hex(bytes: &[u8]) -> String {
    Sha256::digest(bytes)
        .iter()
        .map(|b| format!("{b:02x}"))
        .collect()
}

/// What became of one input file.
#[derive(Debug, Clone, PartialEq, Serialize)]
#[serde(tag = "status", rename_all = "snake_case")]
pub enum Outcome {
    /// Written as a record.
    Converted {
        /// Input file.
        file: PathBuf,
        /// Record written.
        record: PathBuf,
        /// Pages read.
        pages: u32,
    },
    /// Converted but the record failed the schema; kept under `_rejected/`.
    Rejected {
        /// Input file.
        file: PathBuf,
        /// Schema errors.
        errors: Vec<SchemaError>,
    },
    /// Could not be converted.
    Failed {
        /// Input file.
        file: PathBuf,
        /// Failure class ("not-pdf", "empty", "encrypted", "damaged", …).
        class: String,
        /// One-line reason.
        reason: String,
    },
}

impl Outcome {
    /// The input file.
    pub fn file(&self) -> &Path {
        match self {
            Self::Converted { file, .. }
            | Self::Rejected { file, .. }
            | Self::Failed { file, .. } => file,
        }
    }

    /// One status line: `ok   path (N pages)`, `FAIL path: reason`.
    pub fn line(&self) -> String {
        match self {
            Self::Converted { file, pages, .. } => {
                format!("ok      {} ({pages} pages)", file.display())
            }
            Self::Rejected { file, errors } => format!(
                "REJECT  {}: record fails the schema ({} error(s)); first: {}",
                file.display(),
                errors.len(),
                errors.first().map(ToString::to_string).unwrap_or_default()
            ),
            Self::Failed {
                file,
                class,
                reason,
            } => format!("FAIL    {}: {class}: {reason}", file.display()),
        }
    }
}

/// Totals of a batch.
#[derive(Debug, Clone, Default, PartialEq, Serialize)]
pub struct Summary {
    /// Records written.
    pub converted: usize,
    /// Records that failed the schema.
    pub rejected: usize,
    /// Files that could not be converted.
    pub failed: usize,
    /// Pages read across converted files.
    pub pages: u64,
    /// Wall-clock seconds.
    pub seconds: f64,
}

impl Summary {
    /// The closing line of a batch.
    pub fn line(&self) -> String {
        format!(
            "{} converted, {} rejected, {} failed; {} pages in {:.1} s",
            self.converted, self.rejected, self.failed, self.pages, self.seconds
        )
    }
}

/// One unit of work: an input PDF and where its record goes.
#[derive(Debug, Clone, PartialEq)]
pub struct Job {
    /// Input PDF.
    pub input: PathBuf,
    /// Record path relative to the output folder ("sub/name.json").
    pub output: PathBuf,
}

/// Expand files and folders into jobs: folders are searched recursively for
/// `*.pdf` (any case), sorted, and keep their sub-folder layout under the
/// output folder; files given directly go to `<stem>.json`.
pub fn discover(paths: &[PathBuf]) -> Result<Vec<Job>, Error> {
    let mut jobs = Vec::new();
    for p in paths {
        let meta = std::fs::metadata(p).map_err(|e| Error::io(p, e))?;
        if meta.is_dir() {
            let mut found = Vec::new();
            walk(p, &mut found).map_err(|e| Error::io(p, e))?;
            found.sort();
            for f in found {
                let rel = f.strip_prefix(p).unwrap_or(&f).with_extension("json");
                jobs.push(Job {
                    input: f,
                    output: rel,
                });
            }
        } else {
            let stem = p
                .file_stem()
                .map(PathBuf::from)
                .unwrap_or_else(|| PathBuf::from("record"));
            jobs.push(Job {
                input: p.clone(),
                output: stem.with_extension("json"),
            });
        }
    }
    Ok(jobs)
}

fn walk(dir: &Path, out: &mut Vec<PathBuf>) -> std::io::Result<()> {
    for entry in std::fs::read_dir(dir)? {
        let entry = entry?;
        let path = entry.path();
        let kind = entry.file_type()?;
        if kind.is_dir() {
            walk(&path, out)?;
        } else if path
            .extension()
            .is_some_and(|e| e.eq_ignore_ascii_case("pdf"))
        {
            out.push(path);
        }
    }
    Ok(())
}

/// Convert, validate and write one job.
pub fn run_job(job: &Job, out_dir: &Path, validator: &Validator, opts: &Options) -> Outcome {
    let file = job.input.clone();
    let fail = |class: &str, reason: String| Outcome::Failed {
        file: file.clone(),
        class: class.into(),
        reason,
    };
    let bytes = match std::fs::read(&job.input) {
        Ok(b) => b,
        Err(e) => return fail("io", e.to_string()),
    };
    let name = job
        .input
        .file_name()
        .map(|n| n.to_string_lossy().into_owned())
        .unwrap_or_default();
    let converted = std::panic::catch_unwind(std::panic::AssertUnwindSafe(|| {
        convert_bytes(&bytes, &name, opts)
    }));
    let record = match converted {
        Ok(Ok(r)) => r,
        Ok(Err(Error::Extract(e))) => return fail(e.class(), e.to_string()),
        Ok(Err(e)) => return fail("internal", e.to_string()),
        Err(panic) => {
            return fail(
                "crash",
                format!("converter crashed: {}", extract::panic_message(&panic)),
            );
        }
    };
    let value = match serde_json::to_value(&record) {
        Ok(v) => v,
        Err(e) => return fail("internal", e.to_string()),
    };
    let errors = validator.errors(&value);
    let bytes = match output::to_pretty_json(&record) {
        Ok(b) => b,
        Err(e) => return fail("internal", e.to_string()),
    };
    if !errors.is_empty() {
        let rejected = out_dir.join("_rejected").join(&job.output);
        let errors_path = rejected.with_extension("errors.json");
        let written = output::write_atomic(&rejected, &bytes)
            .and_then(|()| output::to_pretty_json(&errors))
            .and_then(|e| output::write_atomic(&errors_path, &e));
        if let Err(e) = written {
            return fail("io", e.to_string());
        }
        return Outcome::Rejected { file, errors };
    }
    let target = out_dir.join(&job.output);
    match output::write_atomic(&target, &bytes) {
        Ok(()) => Outcome::Converted {
            file,
            record: target,
            pages: record.source.pages,
        },
        Err(e) => fail("io", e.to_string()),
    }
}

/// Run a batch in parallel. `on_done` is called once per file as it
/// finishes (from worker threads); outcomes are returned in input order.
pub fn run_batch(
    jobs: &[Job],
    out_dir: &Path,
    opts: &Options,
    on_done: &(dyn Fn(&Outcome) + Sync),
) -> Result<(Vec<Outcome>, Summary), Error> {
    let started = Instant::now();
    let validator = Validator::published()?;
    let work = || {
        jobs.par_iter().map(|job| {
            let outcome = run_job(job, out_dir, &validator, opts);
            on_done(&outcome);
            outcome
        })
    };
    let outcomes: Vec<Outcome> = if opts.jobs > 0 {
        let pool = rayon::ThreadPoolBuilder::new()
            .num_threads(opts.jobs)
            .build()
            .map_err(|e| Error::Internal(format!("thread pool: {e}")))?;
        pool.install(|| work().collect())
    } else {
        work().collect()
    };
    let mut summary = Summary::default();
    for o in &outcomes {
        match o {
            Outcome::Converted { pages, .. } => {
                summary.converted += 1;
                summary.pages += u64::from(*pages);
            }
            Outcome::Rejected { .. } => summary.rejected += 1,
            Outcome::Failed { .. } => summary.failed += 1,
        }
    }
    summary.seconds = started.elapsed().as_secs_f64();
    Ok((outcomes, summary))
}

/// Judgment rows of every record a batch wrote, in input order, read back
/// from the records on disk (so the summary reflects exactly what was
/// written).
pub fn judgment_rows(outcomes: &[Outcome]) -> Result<Vec<output::JudgmentRow>, Error> {
    let mut rows = Vec::new();
    for o in outcomes {
        if let Outcome::Converted { record, .. } = o {
            let text = std::fs::read_to_string(record).map_err(|e| Error::io(record, e))?;
            let rec: Record = serde_json::from_str(&text)?;
            rows.extend(output::JudgmentRow::from_record(&rec));
        }
    }
    Ok(rows)
}
