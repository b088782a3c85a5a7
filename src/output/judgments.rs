//! The judgments summary (`convert --summary FILE`): one CSV row per graded
//! judgment across the batch, in input order, read back from the records
//! folder (so it reflects exactly what is there: records written now,
//! records skipped as up to date, and for a hand-edited record the edited
//! one, not its new conversion under `_new/`). Records only streamed as JSON Lines have no
//! file and give no rows.

use super::{Sink, write_atomic};
use crate::batch::outcome::{Finished, Outcome};
use crate::batch::resume;
use crate::error::Error;
use crate::record::Record;
use serde::Serialize;
use std::path::{Path, PathBuf};
use std::sync::Mutex;

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

/// An input's rows, or why its record could not be read back.
type Rows = Result<Vec<JudgmentRow>, String>;

/// The CSV sink: rows gathered per input, written at the end.
pub struct JudgmentsCsv {
    path: PathBuf,
    rows: Mutex<Vec<(usize, Rows)>>,
}

impl JudgmentsCsv {
    /// Rows will be written to `path`.
    pub fn new(path: &Path) -> Self {
        Self {
            path: path.to_path_buf(),
            rows: Mutex::new(Vec::new()),
        }
    }
}

/// The record file an outcome leaves in the folder, if any.
fn record_file(outcome: &Outcome, rel: &Path) -> Option<PathBuf> {
    match outcome {
        Outcome::Converted {
            record: Some(path),
            protected,
            ..
        } => Some(if *protected {
            resume::edited_of_new(path, rel)
        } else {
            path.clone()
        }),
        Outcome::Skipped { record, .. } => Some(record.clone()),
        _ => None,
    }
}

/// The judgment rows of the record file at `path`.
fn rows_of(path: &Path) -> Result<Vec<JudgmentRow>, String> {
    let text = std::fs::read_to_string(path).map_err(|e| Error::io(path, e).to_string())?;
    let rec: Record = serde_json::from_str(&text).map_err(|e| Error::from(e).to_string())?;
    Ok(JudgmentRow::from_record(&rec))
}

impl Sink for JudgmentsCsv {
    fn put(&self, item: &Finished) -> Result<(), Error> {
        if let Some(path) = record_file(&item.outcome, &item.job.output)
            && let Ok(mut rows) = self.rows.lock()
        {
            rows.push((item.index, rows_of(&path)));
        }
        Ok(())
    }

    fn finish(&self) -> Result<Option<String>, Error> {
        let mut gathered = self
            .rows
            .lock()
            .map_err(|_| Error::Internal("judgment rows poisoned".into()))?;
        gathered.sort_by_key(|(i, _)| *i);
        let mut all = Vec::new();
        for (_, rows) in gathered.iter() {
            match rows {
                Ok(r) => all.extend(r.iter().cloned()),
                Err(e) => return Err(Error::Internal(format!("judgments summary: {e}"))),
            }
        }
        write_judgments_csv(&self.path, &all)?;
        Ok(Some(format!(
            "{} judgments written to {}",
            all.len(),
            self.path.display()
        )))
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
}
