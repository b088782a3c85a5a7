//! Finding and reading the records of a records folder for `export`.
//! What is a record and what is not is decided here and only here:
//! [`is_side_file`] by name (what convert writes for itself beside the
//! records) and [`looks_like_record`] by content (a JSON object with
//! `schema_version` and `source`).

use super::error::{Error, Problem};
use crate::record::Record;
use rayon::prelude::*;
use std::path::{Path, PathBuf};

/// One record read, with its key.
#[derive(Debug, Clone)]
pub struct Loaded {
    /// The record's path relative to the folder given, `/`-separated
    /// (`2024/report.json`); the file name for a file given directly.
    pub key: String,
    /// The record.
    pub record: Record,
}

/// Everything read from the inputs.
#[derive(Debug, Default)]
pub struct Read {
    /// Records, sorted by key.
    pub records: Vec<Loaded>,
    /// Files that could not be exported.
    pub problems: Vec<Problem>,
    /// JSON files that are not records.
    pub not_records: Vec<PathBuf>,
}

/// Whether the file at `rel` (relative to its records folder) is one
/// convert writes for itself rather than a record: anything under its own
/// folders (`_state/`, `_rejected/`, `_new/` with the new conversions of
/// hand-edited records) or a hidden entry (`.git/`, convert's temp files).
/// No record convert writes has such a path: an input folder starting with
/// `_` gets one more `_` (`in/_new/a.pdf` → `__new/a.json`).
pub fn is_side_file(_root: &Path, rel: &Path) -> bool {
    let own = [
        crate::batch::resume::STATE_DIR,
        crate::batch::resume::NEW_DIR,
        crate::output::folder::REJECTED_DIR,
    ];
    rel.components().any(|c| {
        let name = c.as_os_str().to_string_lossy();
        own.contains(&name.as_ref()) || name.starts_with('.')
    })
}

/// Whether parsed JSON is meant as a record: an object carrying
/// `schema_version` and `source`. Other JSON (a `package.json`, an errors
/// file moved out of `_rejected/`) is skipped, not a failure.
pub fn looks_like_record(value: &serde_json::Value) -> bool {
    value.get("schema_version").is_some() && value.get("source").is_some()
}

/// What one file turned out to be.
enum Outcome {
    Record(Box<Record>),
    NotRecord,
    Problem(String),
}

/// Read one file.
fn read_one(path: &Path) -> Outcome {
    let bytes = match std::fs::read(path) {
        Ok(b) => b,
        Err(e) => return Outcome::Problem(e.to_string()),
    };
    match serde_json::from_slice::<Record>(&bytes) {
        Ok(r) => Outcome::Record(Box::new(r)),
        Err(typed) => match serde_json::from_slice::<serde_json::Value>(&bytes) {
            Ok(v) if !looks_like_record(&v) => Outcome::NotRecord,
            Ok(_) => Outcome::Problem(format!("not a record of this schema: {typed}")),
            Err(e) => Outcome::Problem(format!("not JSON: {e}")),
        },
    }
}

/// Key of `rel`: its components joined by `/`.
fn key_of(rel: &Path) -> String {
    rel.components()
        .map(|c| c.as_os_str().to_string_lossy().into_owned())
        .collect::<Vec<_>>()
        .join("/")
}

/// Every `*.json` below `dir` (relative paths), symbolic links and
/// non-regular files left out, side files left out.
fn walk(root: &Path, rel: &Path, out: &mut Vec<PathBuf>) -> std::io::Result<()> {
    for entry in std::fs::read_dir(root.join(rel))? {
        let entry = entry?;
        let rel = rel.join(entry.file_name());
        if is_side_file(root, &rel) {
            continue;
        }
        let kind = entry.file_type()?;
        if kind.is_dir() {
            walk(root, &rel, out)?;
        } else if kind.is_file()
            && rel
                .extension()
                .is_some_and(|e| e.eq_ignore_ascii_case("json"))
        {
            out.push(rel);
        }
    }
    Ok(())
}

/// Read every record under `inputs` (folders, or record files given
/// directly). A folder that cannot be listed is an error; a file that
/// cannot be read or parsed is a problem, and so is a key already taken by
/// an earlier input (the first keeps it).
pub fn load_all(inputs: &[PathBuf]) -> Result<Read, Error> {
    // (input index, path, key)
    let mut files: Vec<(usize, PathBuf, String)> = Vec::new();
    for (i, input) in inputs.iter().enumerate() {
        let meta = std::fs::metadata(input).map_err(|e| Error::Input {
            path: input.clone(),
            source: e,
        })?;
        if meta.is_dir() {
            let mut rels = Vec::new();
            walk(input, Path::new(""), &mut rels).map_err(|e| Error::Input {
                path: input.clone(),
                source: e,
            })?;
            for rel in rels {
                files.push((i, input.join(&rel), key_of(&rel)));
            }
        } else {
            let name = input
                .file_name()
                .map(|n| n.to_string_lossy().into_owned())
                .unwrap_or_else(|| input.display().to_string());
            files.push((i, input.clone(), name));
        }
    }
    files.sort_by(|a, b| (a.0, &a.2).cmp(&(b.0, &b.2)));
    let outcomes: Vec<Outcome> = files.par_iter().map(|(_, p, _)| read_one(p)).collect();
    let mut read = Read::default();
    let mut taken: std::collections::HashMap<String, PathBuf> = Default::default();
    for ((_, path, key), outcome) in files.into_iter().zip(outcomes) {
        match outcome {
            Outcome::Record(record) => {
                if let Some(first) = taken.get(&key) {
                    read.problems.push(Problem {
                        reason: format!(
                            "record key {key:?} is already taken by {}",
                            first.display()
                        ),
                        path,
                    });
                    continue;
                }
                taken.insert(key.clone(), path);
                read.records.push(Loaded {
                    key,
                    record: *record,
                });
            }
            Outcome::NotRecord => read.not_records.push(path),
            Outcome::Problem(reason) => read.problems.push(Problem { path, reason }),
        }
    }
    read.records.sort_by(|a, b| a.key.cmp(&b.key));
    Ok(read)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn side_files_are_told_by_name() {
        let root = Path::new("records");
        for side in [
            "_state/a.json.sha256",
            "_rejected/x.json",
            "_new/a.json",
            "_new/2024/report.json",
            "sub/_state/x.json",
            ".git/x.json",
        ] {
            assert!(is_side_file(root, Path::new(side)), "{side}");
        }
        // A record of an input named a.new.pdf, or in an input folder
        // whose name starts with `_` (convert writes it as `__drafts/`).
        for record in [
            "a.new.json",
            "a.json",
            "2024/report.json",
            "__drafts/a.json",
            "__new/a.json",
            "_x.json",
        ] {
            assert!(!is_side_file(root, Path::new(record)), "{record}");
        }
    }

    #[test]
    fn keys_use_forward_slashes() {
        assert_eq!(key_of(Path::new("a/b/report.json")), "a/b/report.json");
    }
}
