//! `<out>/_failed.jsonl`: one JSON line per input that failed,
//! `{"file", "sha256", "class", "reason", "engine"}` (the same failure
//! fields as a `--jsonl` entry), appended as failures happen (so a killed
//! batch leaves the failures seen so far), then rewritten in input order
//! when the batch ends. Always written, empty when nothing failed, so a
//! stale log from an earlier run is never left behind. The log is made
//! fresh by a rename (a link planted in its place is replaced, its target
//! untouched) and appended to through the file so made, never reopened by
//! name.

use super::{Sink, write_inside};
use crate::batch::outcome::{Finished, Outcome};
use crate::error::{Error, Failure};
use serde::Serialize;
use std::io::Write;
use std::path::{Path, PathBuf};
use std::sync::Mutex;

/// One line of the log.
#[derive(Serialize)]
struct FailedLine<'a> {
    file: &'a Path,
    #[serde(skip_serializing_if = "Option::is_none")]
    sha256: Option<&'a str>,
    #[serde(flatten)]
    failure: &'a Failure,
}

/// `<out>/_failed.jsonl`: one JSON line per failed file, appended as
/// failures happen (so a killed batch leaves the failures seen so far),
/// then rewritten in input order when the batch ends.
pub struct FailedLog {
    dir: PathBuf,
    file: Mutex<std::fs::File>,
    lines: Mutex<Vec<(usize, Vec<u8>)>>,
    error: Mutex<Option<String>>,
}

impl FailedLog {
    /// Name of the log in the output folder.
    pub const NAME: &str = "_failed.jsonl";

    /// Start a fresh log in `out_dir` (truncating the last run's).
    pub fn create(out_dir: &Path) -> Result<Self, Error> {
        let file = write_inside(out_dir, Path::new(Self::NAME), b"")?;
        Ok(Self {
            dir: out_dir.to_path_buf(),
            file: Mutex::new(file),
            lines: Mutex::new(Vec::new()),
            error: Mutex::new(None),
        })
    }

    /// Record the failure of input number `index`.
    pub fn add<T: Serialize>(&self, index: usize, value: &T) -> Result<(), Error> {
        let line = serde_json::to_vec(value)?;
        let mut whole = line.clone();
        whole.push(b'\n');
        if let Ok(mut lines) = self.lines.lock() {
            lines.push((index, line));
        }
        let path = self.dir.join(Self::NAME);
        let mut file = self
            .file
            .lock()
            .map_err(|_| Error::Internal("failure log poisoned".into()))?;
        file.write_all(&whole).map_err(|e| Error::io(&path, e))
    }

    /// Rewrite the log sorted by input order (deterministic output).
    pub fn finish(&self) -> Result<(), Error> {
        let Ok(mut lines) = self.lines.lock() else {
            return Err(Error::Internal("failure log poisoned".into()));
        };
        lines.sort_by_key(|(i, _)| *i);
        let mut all = Vec::new();
        for (_, l) in lines.iter() {
            all.extend_from_slice(l);
            all.push(b'\n');
        }
        write_inside(&self.dir, Path::new(Self::NAME), &all).map(drop)
    }
}

impl Sink for FailedLog {
    fn put(&self, item: &Finished) -> Result<(), Error> {
        if let Outcome::Failed {
            file,
            sha256,
            failure,
        } = &item.outcome
        {
            let line = FailedLine {
                file,
                sha256: sha256.as_deref(),
                failure,
            };
            // A log that cannot be appended to is the batch's problem, not
            // this input's: it ends the batch when the batch finishes.
            if let Err(e) = self.add(item.index, &line)
                && let Ok(mut first) = self.error.lock()
            {
                first.get_or_insert(e.to_string());
            }
        }
        Ok(())
    }

    fn finish(&self) -> Result<Option<String>, Error> {
        if let Some(e) = self.error.lock().ok().and_then(|mut e| e.take()) {
            return Err(Error::Internal(format!("failure log: {e}")));
        }
        FailedLog::finish(self)?;
        Ok(None)
    }
}
