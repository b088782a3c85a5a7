//! What became of each input: the [`Outcome`] the batch counts and reports,
//! the [`Finished`] item it hands to every output, and the batch's
//! [`Summary`].

use super::discover::Job;
use crate::error::{Failure, FailureClass};
use crate::record::Record;
use crate::timings::StageTimings;
use crate::validate::Diagnostic;
use serde::Serialize;
use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

/// One input once the batch is done with it: what every output is handed.
#[derive(Debug, Clone)]
pub struct Finished {
    /// Position of the input in the batch.
    pub index: usize,
    /// The input and where its record goes.
    pub job: Job,
    /// What became of it.
    pub outcome: Outcome,
    /// SHA-256 of the input, when it could be read.
    pub sha256: Option<String>,
    /// The conversion, when there is one (converted or rejected).
    pub record: Option<Record>,
    /// The record as written: pretty JSON with a final newline.
    pub pretty: Option<Vec<u8>>,
    /// Time per stage.
    pub timings: StageTimings,
}

impl Finished {
    /// An input that ended in `failure` before any record was made.
    pub fn failed(index: usize, job: &Job, sha256: Option<&str>, failure: Failure) -> Self {
        Self {
            index,
            job: job.clone(),
            outcome: Outcome::failed(&job.input, sha256, failure),
            sha256: sha256.map(str::to_string),
            record: None,
            pretty: None,
            timings: StageTimings::default(),
        }
    }
}

/// What became of one input file.
#[derive(Debug, Clone, PartialEq, Serialize)]
#[serde(tag = "status", rename_all = "snake_case")]
pub enum Outcome {
    /// Converted and valid.
    Converted {
        /// Input file.
        file: PathBuf,
        /// Record written (none when only streaming JSON Lines).
        record: Option<PathBuf>,
        /// Pages read.
        pages: u32,
        /// The existing record was edited by hand, so it was kept and this
        /// conversion went beside it (`record` is under `_new/`).
        protected: bool,
    },
    /// Its record is already up to date (same source SHA-256 and converter
    /// version); not converted again.
    Skipped {
        /// Input file.
        file: PathBuf,
        /// The existing record.
        record: PathBuf,
        /// That record was edited by hand.
        edited: bool,
    },
    /// Converted, but the record fails validation (the schema or the
    /// cross-field checks `inspdf validate` runs); kept under `_rejected/`.
    Rejected {
        /// Input file.
        file: PathBuf,
        /// What validation found.
        errors: Vec<Diagnostic>,
    },
    /// Could not be converted.
    Failed {
        /// Input file.
        file: PathBuf,
        /// SHA-256 of the input, when it could be read.
        #[serde(skip_serializing_if = "Option::is_none")]
        sha256: Option<String>,
        /// Class, reason and engine.
        #[serde(flatten)]
        failure: Failure,
    },
}

impl Outcome {
    /// The input file.
    pub fn file(&self) -> &Path {
        match self {
            Self::Converted { file, .. }
            | Self::Skipped { file, .. }
            | Self::Rejected { file, .. }
            | Self::Failed { file, .. } => file,
        }
    }

    /// One status line: `ok      path (N pages)`, `FAIL    path: class: reason`, …
    /// Control characters from file names and reasons are spelled out
    /// ([`crate::term::escape`]): the line is for a terminal, and stays one
    /// line.
    pub fn line(&self) -> String {
        crate::term::escape(&self.raw_line()).into_owned()
    }

    fn raw_line(&self) -> String {
        match self {
            Self::Converted {
                file,
                record,
                protected: true,
                ..
            } => format!(
                "KEPT    {}: its record was edited by hand and is left as it is; new conversion in {}",
                file.display(),
                record
                    .as_ref()
                    .map(|r| r.display().to_string())
                    .unwrap_or_default()
            ),
            Self::Converted { file, pages, .. } => {
                format!("ok      {} ({pages} pages)", file.display())
            }
            Self::Skipped {
                file,
                record,
                edited,
            } => format!(
                "skip    {}: up to date in {}{}",
                file.display(),
                record.display(),
                if *edited { " (edited by hand)" } else { "" }
            ),
            Self::Rejected { file, errors } => format!(
                "REJECT  {}: record fails validation ({} error(s)); first: {}",
                file.display(),
                errors.len(),
                errors.first().map(ToString::to_string).unwrap_or_default()
            ),
            Self::Failed { file, failure, .. } => format!(
                "FAIL    {}: {}: {}",
                file.display(),
                failure.class,
                failure.reason
            ),
        }
    }

    /// A failure of `file`.
    pub fn failed(file: &Path, sha256: Option<&str>, failure: Failure) -> Self {
        Self::Failed {
            file: file.to_path_buf(),
            sha256: sha256.map(str::to_string),
            failure,
        }
    }
}

/// Totals of a batch.
#[derive(Debug, Clone, Default, PartialEq, Serialize)]
pub struct Summary {
    /// Records written (including those written beside hand-edited ones).
    pub converted: usize,
    /// Records that failed validation.
    pub rejected: usize,
    /// Files that could not be converted.
    pub failed: usize,
    /// Inputs skipped because their record is up to date.
    pub skipped: usize,
    /// Conversions written under `_new/` beside a hand-edited record.
    pub protected: usize,
    /// Failures per class.
    pub failures: BTreeMap<FailureClass, usize>,
    /// Pages read across converted files.
    pub pages: u64,
    /// Wall-clock seconds.
    pub seconds: f64,
    /// Time per stage, summed over the batch.
    pub timings: StageTimings,
}

impl Summary {
    /// The closing line of a batch: `N converted, N rejected, N failed`,
    /// then skipped / kept counts when there are any, pages and time, and
    /// failures per class.
    pub fn line(&self) -> String {
        let mut line = format!(
            "{} converted, {} rejected, {} failed",
            self.converted, self.rejected, self.failed
        );
        if self.skipped > 0 {
            line.push_str(&format!(", {} skipped (already up to date)", self.skipped));
        }
        if self.protected > 0 {
            line.push_str(&format!(
                ", {} hand-edited record(s) kept (new conversion under _new/)",
                self.protected
            ));
        }
        line.push_str(&format!("; {} pages in {:.1} s", self.pages, self.seconds));
        if !self.failures.is_empty() {
            let classes: Vec<String> = self
                .failures
                .iter()
                .map(|(class, n)| format!("{class} {n}"))
                .collect();
            line.push_str(&format!("; failures: {}", classes.join(", ")));
        }
        line
    }

    /// Count one outcome in.
    pub fn count(&mut self, outcome: &Outcome) {
        match outcome {
            Outcome::Converted {
                pages, protected, ..
            } => {
                self.converted += 1;
                self.protected += usize::from(*protected);
                self.pages += u64::from(*pages);
            }
            Outcome::Skipped { .. } => self.skipped += 1,
            Outcome::Rejected { .. } => self.rejected += 1,
            Outcome::Failed { failure, .. } => {
                self.failed += 1;
                *self.failures.entry(failure.class).or_default() += 1;
            }
        }
    }
}
