//! Why `inspdf validate` could not run, as opposed to what it found wrong
//! with a record (those are [`super::Diagnostic`]s in the reports).
//!
//! In: the failures of reading inputs and schemas, and of the command line.
//! Out: [`ValidateError`], exit code 2.

use std::path::PathBuf;

/// Why `inspdf validate` could not run.
#[derive(Debug, thiserror::Error)]
pub enum ValidateError {
    /// An input could not be read or listed.
    #[error("{path}: {source}")]
    Io {
        /// The path involved.
        path: PathBuf,
        /// Underlying error.
        #[source]
        source: std::io::Error,
    },
    /// The inputs named no JSON file.
    #[error("no *.json files found in {0}")]
    NoInputs(String),
    /// Wrong use of the command ("-" given twice, …).
    #[error("{0}")]
    Usage(String),
    /// A schema could not be read or compiled.
    #[error("schema: {0}")]
    Schema(String),
}
