//! The records folder (`convert -o DIR`): `<DIR>/<rel>.json` per input,
//! each with its sidecar under `_state/` ([`resume`]), and
//! `<DIR>/_rejected/<rel>.json` beside `<rel>.errors.json` for a record that
//! failed validation. Before an input is converted the folder says whether
//! it needs to be ([`RecordsFolder::plan`]): up to date records are
//! skipped, hand-edited ones are never overwritten.
//!
//! One run at a time writes into a folder: a run holds an advisory lock on
//! `<DIR>/_lock` (`flock`, released by the kernel when the run ends, even
//! killed) and a second run into the same folder stops at once, saying the
//! folder is busy. Why a lock rather than temp names of its own per run:
//! two runs would still race on everything else the folder holds — both
//! rewrite `_failed.jsonl` (the last to finish drops the other's
//! failures), and both update a record's sidecar, so one run's record
//! could be forgotten by the sidecar and then be taken for a hand edit.
//! Under the lock, the temp files left in the folder are surely a killed
//! run's, and are removed.

use super::{Sink, to_pretty_json, write_inside};
use crate::batch::discover::Job;
use crate::batch::outcome::{Finished, Outcome};
use crate::batch::resume::{self, Decision};
use crate::error::Error;
use std::path::{Path, PathBuf};
use std::sync::Arc;

/// Folder of rejected records, under the records folder.
pub const REJECTED_DIR: &str = "_rejected";

/// The lock file of a records folder.
pub const LOCK_FILE: &str = "_lock";

/// A records folder, locked for this run.
#[derive(Debug, Clone)]
pub struct RecordsFolder {
    dir: PathBuf,
    force: bool,
    _lock: Arc<std::fs::File>,
}

impl RecordsFolder {
    /// Use `dir` (created when missing), locked against other runs
    /// ([`Error::Busy`] when another run holds it). Temp files a killed
    /// run left behind are removed. `force` reconverts records already up
    /// to date.
    pub fn open(dir: &Path, force: bool) -> Result<Self, Error> {
        let lock = lock(dir)?;
        super::remove_stale_temps(dir);
        Ok(Self {
            dir: dir.to_path_buf(),
            force,
            _lock: Arc::new(lock),
        })
    }

    /// The folder.
    pub fn dir(&self) -> &Path {
        &self.dir
    }

    /// Whether `job`, whose input hashes to `sha256`, is to be converted,
    /// and where its record then goes.
    pub fn plan(&self, job: &Job, sha256: &str) -> Result<Decision, Error> {
        resume::decide(&self.dir, &job.output, sha256, self.force)
    }

    /// Write a rejected record and its errors under `_rejected/`.
    fn reject(&self, item: &Finished, errors: &impl serde::Serialize) -> Result<(), Error> {
        let Some(pretty) = &item.pretty else {
            return Ok(());
        };
        let rejected = Path::new(REJECTED_DIR).join(&item.job.output);
        let errors_path = rejected.with_extension("errors.json");
        write_inside(&self.dir, &rejected, pretty)?;
        write_inside(&self.dir, &errors_path, &to_pretty_json(errors)?).map(drop)
    }
}

/// Take the folder's lock, or say the folder is busy. The lock file is
/// opened without following a link, and stays empty (the folder's files
/// do not depend on which run wrote them).
fn lock(dir: &Path) -> Result<std::fs::File, Error> {
    use std::os::unix::fs::OpenOptionsExt;
    std::fs::create_dir_all(dir).map_err(|e| Error::io(dir, e))?;
    let path = dir.join(LOCK_FILE);
    let file = std::fs::OpenOptions::new()
        .read(true)
        .write(true)
        .create(true)
        .truncate(false)
        .custom_flags(libc::O_NOFOLLOW | libc::O_NONBLOCK)
        .open(&path)
        .map_err(|e| match e.raw_os_error() {
            Some(libc::ELOOP) => Error::refused(&path, "a symbolic link, not inspdf's lock file"),
            _ => Error::io(&path, e),
        })?;
    let kind = file.metadata().map_err(|e| Error::io(&path, e))?.file_type();
    if !kind.is_file() {
        let what = crate::files::kind_name(kind);
        return Err(Error::refused(&path, &format!("a {what}, not inspdf's lock file")));
    }
    match file.try_lock() {
        Ok(()) => Ok(file),
        Err(std::fs::TryLockError::WouldBlock) => Err(Error::Busy {
            dir: dir.to_path_buf(),
        }),
        Err(std::fs::TryLockError::Error(e)) => Err(Error::io(&path, e)),
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
