//! Stage 5 — writing records: atomic (temp file in the same folder, then
//! rename), pretty-printed, deterministic.

use crate::error::Error;
use serde::Serialize;
use std::io::Write;
use std::path::Path;

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
        .prefix(".inspdf-")
        .suffix(".tmp")
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
}
