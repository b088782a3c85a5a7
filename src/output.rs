//! Stage 5 — writing records: atomic (temp file in the same folder, then
//! rename), pretty-printed, deterministic; JSON Lines streams in input
//! order ([`OrderedLines`]); the batch's failure log (`_failed.jsonl`).

use crate::error::Error;
use serde::Serialize;
use std::collections::BTreeMap;
use std::io::Write;
use std::path::{Path, PathBuf};
use std::sync::Mutex;

/// Prefix of the temp files [`write_atomic`] leaves behind when killed.
pub const TEMP_PREFIX: &str = ".inspdf-";
/// Suffix of those temp files.
pub const TEMP_SUFFIX: &str = ".tmp";

/// Serialise a value as pretty JSON with a final newline.
pub fn to_pretty_json<T: Serialize>(value: &T) -> Result<Vec<u8>, Error> {
    let mut bytes = serde_json::to_vec_pretty(value)?;
    bytes.push(b'\n');
    Ok(bytes)
}

/// Write `bytes` to `path` atomically: a reader sees the old file or the new
/// one, never a part. The temp file lives beside the target so the rename
/// stays on one file system.
pub fn write_atomic(path: &Path, bytes: &[u8]) -> Result<(), Error> {
    let dir = match path.parent() {
        Some(d) if !d.as_os_str().is_empty() => d,
        _ => Path::new("."),
    };
    std::fs::create_dir_all(dir).map_err(|e| Error::io(dir, e))?;
    let mut tmp = tempfile::Builder::new()
        .prefix(TEMP_PREFIX)
        .suffix(TEMP_SUFFIX)
        .tempfile_in(dir)
        .map_err(|e| Error::io(dir, e))?;
    tmp.write_all(bytes).map_err(|e| Error::io(path, e))?;
    tmp.as_file().sync_all().map_err(|e| Error::io(path, e))?;
    tmp.persist(path).map_err(|e| Error::io(path, e.error))?;
    Ok(())
}

/// One row of the judgments summary: the table analysts open first.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct JudgmentRow {
    /// Source PDF file name.
    pub file: String,
    /// Police force, or the inspected body for other inspectorates.
    pub force: String,
    /// Year of the report as it states it.
    pub year: String,
    /// What was graded.
    pub area: String,
    /// The grade.
    pub grade: String,
    /// Grade scale id.
    pub scale: String,
    /// Page the judgment is stated on.
    pub page: u32,
    /// Year the judgment was made, when carried over from an earlier one.
    pub judged_in: String,
}

impl JudgmentRow {
    /// One row per judgment of a record.
    pub fn from_record(record: &crate::record::Record) -> Vec<Self> {
        let r = &record.report;
        let force = r
            .force
            .clone()
            .or_else(|| r.inspected_body.clone())
            .unwrap_or_default();
        record
            .judgments
            .iter()
            .map(|j| Self {
                file: record.source.file.clone(),
                force: force.clone(),
                year: r.year.clone().unwrap_or_default(),
                area: j.area.clone(),
                grade: j.grade.as_str().to_string(),
                scale: j.scale.clone(),
                page: j.page,
                judged_in: j.year.clone().unwrap_or_default(),
            })
            .collect()
    }
}

/// Write the judgments summary as CSV (header row first), atomically.
pub fn write_judgments_csv(path: &Path, rows: &[JudgmentRow]) -> Result<(), Error> {
    let mut writer = csv::Writer::from_writer(Vec::new());
    for row in rows {
        writer
            .serialize(row)
            .map_err(|e| Error::Internal(format!("csv: {e}")))?;
    }
    let bytes = writer
        .into_inner()
        .map_err(|e| Error::Internal(format!("csv: {e}")))?;
    write_atomic(path, &bytes)
}

/// Append one line to a JSON Lines file.
pub fn append_jsonl<T: Serialize>(path: &Path, value: &T) -> Result<(), Error> {
    let mut line = serde_json::to_vec(value)?;
    line.push(b'\n');
    let mut file = std::fs::OpenOptions::new()
        .create(true)
        .append(true)
        .open(path)
        .map_err(|e| Error::io(path, e))?;
    file.write_all(&line).map_err(|e| Error::io(path, e))
}

/// Remove temp files left in `dir` (recursively) by a writer that was
/// killed before its rename. Returns how many were removed.
pub fn remove_stale_temps(dir: &Path) -> usize {
    let Ok(entries) = std::fs::read_dir(dir) else {
        return 0;
    };
    let mut removed = 0;
    for entry in entries.flatten() {
        let path = entry.path();
        let Ok(kind) = entry.file_type() else {
            continue;
        };
        if kind.is_dir() {
            removed += remove_stale_temps(&path);
        } else if entry
            .file_name()
            .to_str()
            .is_some_and(|n| n.starts_with(TEMP_PREFIX) && n.ends_with(TEMP_SUFFIX))
            && std::fs::remove_file(&path).is_ok()
        {
            removed += 1;
        }
    }
    removed
}

/// A JSON Lines stream fed from parallel workers that comes out in input
/// order: line `i` is written as soon as lines `0..i` have been; later
/// lines wait in memory until then.
pub struct OrderedLines {
    inner: Mutex<Pending>,
}

struct Pending {
    next: usize,
    waiting: BTreeMap<usize, Vec<u8>>,
    out: Box<dyn Write + Send>,
    error: Option<std::io::Error>,
}

impl OrderedLines {
    /// Lines go to `out`, in index order.
    pub fn new(out: Box<dyn Write + Send>) -> Self {
        Self {
            inner: Mutex::new(Pending {
                next: 0,
                waiting: BTreeMap::new(),
                out,
                error: None,
            }),
        }
    }

    /// Hand in line `index` (without its newline). Each index once.
    pub fn put(&self, index: usize, line: Vec<u8>) {
        let Ok(mut p) = self.inner.lock() else {
            return;
        };
        p.waiting.insert(index, line);
        loop {
            let next = p.next;
            let Some(line) = p.waiting.remove(&next) else {
                break;
            };
            p.next += 1;
            if p.error.is_none() {
                let res = p.out.write_all(&line).and_then(|()| p.out.write_all(b"\n"));
                if let Err(e) = res {
                    p.error = Some(e);
                }
            }
        }
    }

    /// Flush; the first write error, if any.
    pub fn finish(&self) -> std::io::Result<()> {
        let Ok(mut p) = self.inner.lock() else {
            return Err(std::io::Error::other("JSON Lines writer poisoned"));
        };
        if let Some(e) = p.error.take() {
            return Err(e);
        }
        p.out.flush()
    }
}

/// `<out>/_failed.jsonl`: one JSON line per failed file, appended as
/// failures happen (so a killed batch leaves the failures seen so far),
/// then rewritten in input order when the batch ends.
pub struct FailedLog {
    path: PathBuf,
    lines: Mutex<Vec<(usize, Vec<u8>)>>,
}

impl FailedLog {
    /// Name of the log in the output folder.
    pub const NAME: &str = "_failed.jsonl";

    /// Start a fresh log in `out_dir` (truncating the last run's).
    pub fn create(out_dir: &Path) -> Result<Self, Error> {
        let path = out_dir.join(Self::NAME);
        std::fs::create_dir_all(out_dir).map_err(|e| Error::io(out_dir, e))?;
        std::fs::write(&path, b"").map_err(|e| Error::io(&path, e))?;
        Ok(Self {
            path,
            lines: Mutex::new(Vec::new()),
        })
    }

    /// Record the failure of input number `index`.
    pub fn add<T: Serialize>(&self, index: usize, value: &T) -> Result<(), Error> {
        let line = serde_json::to_vec(value)?;
        if let Ok(mut lines) = self.lines.lock() {
            lines.push((index, line));
        }
        append_jsonl(&self.path, value)
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
        write_atomic(&self.path, &all)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn judgments_csv_quotes_commas() {
        let dir = tempfile::tempdir().expect("tempdir");
        let path = dir.path().join("j.csv");
        let row = JudgmentRow {
            file: "a.pdf".into(),
            force: "Leicestershire Police".into(),
            year: "2021/22".into(),
            area: "treating people fairly, and with respect".into(),
            grade: "good".into(),
            scale: "peel-2021".into(),
            page: 10,
            judged_in: String::new(),
        };
        write_judgments_csv(&path, &[row]).expect("write");
        let text = std::fs::read_to_string(&path).expect("read");
        assert_eq!(
            text,
            "file,force,year,area,grade,scale,page,judged_in\n\
             a.pdf,Leicestershire Police,2021/22,\"treating people fairly, and with respect\",good,peel-2021,10,\n"
        );
    }

    #[test]
    fn atomic_write_replaces_whole_file() {
        let dir = tempfile::tempdir().expect("tempdir");
        let path = dir.path().join("a.json");
        write_atomic(&path, b"{\"a\":1}\n").expect("first write");
        write_atomic(&path, b"{}\n").expect("second write");
        assert_eq!(std::fs::read(&path).expect("read"), b"{}\n");
        let leftovers = std::fs::read_dir(dir.path()).expect("list").count();
        assert_eq!(leftovers, 1, "no temp file left behind");
    }

    #[derive(Clone, Default)]
    struct Shared(std::sync::Arc<Mutex<Vec<u8>>>);
    impl Write for Shared {
        fn write(&mut self, b: &[u8]) -> std::io::Result<usize> {
            self.0.lock().expect("lock").extend_from_slice(b);
            Ok(b.len())
        }
        fn flush(&mut self) -> std::io::Result<()> {
            Ok(())
        }
    }

    #[test]
    fn ordered_lines_come_out_in_index_order() {
        let buf = Shared::default();
        let lines = OrderedLines::new(Box::new(buf.clone()));
        lines.put(2, b"c".to_vec());
        lines.put(0, b"a".to_vec());
        assert_eq!(&*buf.0.lock().expect("lock"), b"a\n");
        lines.put(1, b"b".to_vec());
        lines.finish().expect("finish");
        assert_eq!(&*buf.0.lock().expect("lock"), b"a\nb\nc\n");
    }

    #[test]
    fn stale_temps_are_removed() {
        let dir = tempfile::tempdir().expect("tempdir");
        std::fs::create_dir(dir.path().join("sub")).expect("mkdir");
        std::fs::write(dir.path().join("sub/.inspdf-x.tmp"), b"{").expect("write");
        std::fs::write(dir.path().join("a.json"), b"{}").expect("write");
        assert_eq!(remove_stale_temps(dir.path()), 1);
        assert!(dir.path().join("a.json").exists());
    }
}
