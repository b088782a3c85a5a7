//! The records folder (`convert -o DIR`): `<DIR>/<rel>.json` per input,
//! each with its sidecar under `_state/` ([`resume`]), and
//! `<DIR>/_rejected/<rel>.json` beside `<rel>.errors.json` for a record that
//! failed validation. Before an input is converted the folder says whether
//! it needs to be ([`RecordsFolder::plan`]): up to date records are
//! skipped, hand-edited ones are never overwritten.

use super::{Sink, to_pretty_json, write_atomic};
use crate::batch::discover::Job;
use crate::batch::outcome::{Finished, Outcome};
use crate::batch::resume::{self, Decision};
use crate::error::Error;
use std::path::{Path, PathBuf};

/// Folder of rejected records, under the records folder.
pub const REJECTED_DIR: &str = "_rejected";

/// A records folder.
#[derive(Debug, Clone)]
pub struct RecordsFolder {
    dir: PathBuf,
    force: bool,
}

impl RecordsFolder {
    /// Use `dir` (created on first write). Temp files a killed run left
    /// behind are removed. `force` reconverts records already up to date.
    pub fn open(dir: &Path, force: bool) -> Self {
        super::remove_stale_temps(dir);
        Self {
            dir: dir.to_path_buf(),
            force,
        }
    }

    /// The folder.
    pub fn dir(&self) -> &Path {
        &self.dir
    }

    /// Whether `job`, whose input hashes to `sha256`, is to be converted,
    /// and where its record then goes.
    pub fn plan(&self, job: &Job, sha256: &str) -> Decision {
        resume::decide(&self.dir, &job.output, sha256, self.force)
    }

    /// Write a rejected record and its errors under `_rejected/`.
    fn reject(&self, item: &Finished, errors: &impl serde::Serialize) -> Result<(), Error> {
        let Some(pretty) = &item.pretty else {
            return Ok(());
        };
        let rejected = self.dir.join(REJECTED_DIR).join(&item.job.output);
        let errors_path = rejected.with_extension("errors.json");
        write_atomic(&rejected, pretty)?;
        write_atomic(&errors_path, &to_pretty_json(errors)?)
    }
}

impl Sink for RecordsFolder {
    fn put(&self, item: &Finished) -> Result<(), Error> {
        match (&item.outcome, &item.pretty) {
            (
                Outcome::Converted {
                    record: Some(target),
                    ..
                },
                Some(pretty),
            ) => resume::write_record(&self.dir, &item.job.output, target, pretty),
            (Outcome::Rejected { errors, .. }, _) => self.reject(item, errors),
            _ => Ok(()),
        }
    }

    fn finish(&self) -> Result<Option<String>, Error> {
        Ok(None)
    }
}
