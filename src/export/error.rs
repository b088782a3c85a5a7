//! The errors and problems of an export, and the checks on its targets:
//! shared by the reader and both writers, so it depends on none of them.

use std::path::{Path, PathBuf};

/// Why an export could not write its outputs (or find its inputs).
#[derive(Debug, thiserror::Error)]
pub enum Error {
    /// Neither `--sqlite` nor `--csv` was asked for.
    #[error("nothing to write: give --sqlite FILE and/or --csv DIR")]
    NoOutput,
    /// A folder or file given on the command line cannot be read.
    #[error("{}: {source}", path.display())]
    Input {
        /// The path given.
        path: PathBuf,
        /// What went wrong.
        source: std::io::Error,
    },
    /// The target exists and is not what it may replace (a regular file
    /// for the database and the CSVs, a folder for `--csv`).
    #[error("{}: exists and is not a {wanted}; not overwritten", path.display())]
    NotReplaceable {
        /// The target.
        path: PathBuf,
        /// What it would have to be.
        wanted: &'static str,
    },
    /// Writing an output file failed.
    #[error("{}: {source}", path.display())]
    Io {
        /// The file or folder.
        path: PathBuf,
        /// What went wrong.
        source: std::io::Error,
    },
    /// Writing a CSV file failed (the message names it).
    #[error(transparent)]
    Write(crate::error::Error),
    /// SQLite refused the database.
    #[error("{}: sqlite: {source}", path.display())]
    Sqlite {
        /// The database file.
        path: PathBuf,
        /// What SQLite said.
        source: rusqlite::Error,
    },
    /// The CSV writer failed.
    #[error("{}: csv: {source}", path.display())]
    Csv {
        /// The CSV file.
        path: PathBuf,
        /// What the writer said.
        source: ::csv::Error,
    },
}

/// A file under a records folder that was not exported: it does not parse
/// as a record, or its key is taken by a record of an earlier folder.
#[derive(Debug, Clone, PartialEq)]
pub struct Problem {
    /// The file.
    pub path: PathBuf,
    /// Why, in one line.
    pub reason: String,
}

impl std::fmt::Display for Problem {
    /// `path: reason`, control characters escaped so it stays one line.
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        let line = format!("{}: {}", self.path.display(), self.reason);
        for c in line.chars() {
            if c.is_control() {
                write!(f, "{}", c.escape_default())?;
            } else {
                write!(f, "{c}")?;
            }
        }
        Ok(())
    }
}

/// A target file may be replaced only when it is absent or a regular file
/// (not a folder, a link, a device or a FIFO).
pub(crate) fn check_replaceable_file(path: &Path) -> Result<(), Error> {
    match std::fs::symlink_metadata(path) {
        Ok(m) if m.file_type().is_file() => Ok(()),
        Ok(_) => Err(Error::NotReplaceable {
            path: path.to_path_buf(),
            wanted: "regular file",
        }),
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => Ok(()),
        Err(e) => Err(Error::Io {
            path: path.to_path_buf(),
            source: e,
        }),
    }
}

/// The folder a new file at `path` goes into (`.` for a bare name).
pub(crate) fn parent_dir(path: &Path) -> &Path {
    match path.parent() {
        Some(d) if !d.as_os_str().is_empty() => d,
        _ => Path::new("."),
    }
}
