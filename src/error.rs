//! Errors as values: what went wrong with one file, classified so that a
//! batch can report it in one line and carry on.

use std::path::PathBuf;

/// Why a PDF could not be turned into text. Each variant is one failure class
/// of the batch summary (`class()`), with a one-line human reason
/// (`Display`).
#[derive(Debug, Clone, thiserror::Error, PartialEq)]
pub enum ExtractError {
    /// Zero bytes.
    #[error("empty file")]
    Empty,
    /// No `%PDF-` header in the first kilobyte.
    #[error("not a PDF (no %PDF- header)")]
    NotPdf,
    /// Encrypted and the empty user password does not open it.
    #[error("a password is needed (the empty user password does not open it)")]
    Encrypted,
    /// The engines could not parse the file.
    #[error("damaged beyond repair ({engine}: {reason})")]
    Damaged {
        /// Engine that gave the last error.
        engine: &'static str,
        /// Its message.
        reason: String,
    },
    /// Pages were read but carry no text (a scan: OCR is out of scope).
    #[error("no text layer in {pages} page(s): scanned? (OCR is out of scope)")]
    NoText {
        /// Pages in the document.
        pages: usize,
    },
    /// An engine panicked or the worker process died.
    #[error("engine crash ({engine}: {reason})")]
    EngineCrash {
        /// Engine or worker that crashed.
        engine: &'static str,
        /// Panic message or signal.
        reason: String,
    },
    /// The worker ran past its wall-time limit and was killed.
    #[error("time limit of {seconds:.1} s exceeded")]
    TimeLimit {
        /// The limit that applied.
        seconds: f64,
    },
    /// The worker ran past its memory limit.
    #[error("memory limit of {mib} MiB exceeded")]
    MemoryLimit {
        /// The limit that applied.
        mib: u64,
    },
    /// An input limit (pages, bytes, output size) was exceeded.
    #[error("input limit exceeded: {what}")]
    Limit {
        /// Which limit and its value.
        what: String,
    },
}

impl ExtractError {
    /// The failure class.
    pub fn class(&self) -> FailureClass {
        match self {
            Self::Empty => FailureClass::Empty,
            Self::NotPdf => FailureClass::NotPdf,
            Self::Encrypted => FailureClass::Encrypted,
            Self::Damaged { .. } => FailureClass::Damaged,
            Self::NoText { .. } => FailureClass::NoText,
            Self::EngineCrash { .. } => FailureClass::EngineCrash,
            Self::TimeLimit { .. } => FailureClass::TimeLimit,
            Self::MemoryLimit { .. } => FailureClass::MemoryLimit,
            Self::Limit { .. } => FailureClass::Limit,
        }
    }

    /// The engine concerned, when the error names one.
    pub fn engine(&self) -> Option<&'static str> {
        match self {
            Self::Damaged { engine, .. } | Self::EngineCrash { engine, .. } => Some(engine),
            _ => None,
        }
    }

    /// Errors that another engine cannot fix.
    pub fn is_final(&self) -> bool {
        matches!(self, Self::Empty | Self::NotPdf | Self::Limit { .. })
    }
}

/// Everything that can stop one file from becoming a record.
#[derive(Debug, thiserror::Error)]
pub enum Error {
    /// Reading the input or writing the output failed.
    #[error("{path}: {source}")]
    Io {
        /// File involved.
        path: PathBuf,
        /// Underlying error.
        #[source]
        source: std::io::Error,
    },
    /// A path in the output folder is not written (or read) because it is
    /// a link or another kind of file than expected.
    #[error("{path}: refused: {why}")]
    Refused {
        /// The path refused.
        path: PathBuf,
        /// What it is and what was not done.
        why: String,
    },
    /// Another run is writing into the same records folder.
    #[error("{} is in use by another inspdf convert (it holds _lock there); run again when it has finished", dir.display())]
    Busy {
        /// The records folder.
        dir: PathBuf,
    },
    /// The PDF could not be read.
    #[error(transparent)]
    Extract(#[from] ExtractError),
    /// The schema itself could not be compiled (a bug, not bad input).
    #[error("schema: {0}")]
    Schema(String),
    /// A defect in inspdf itself (reported, never silently ignored).
    #[error("internal: {0}")]
    Internal(String),
    /// JSON (de)serialisation failed.
    #[error("json: {0}")]
    Json(#[from] serde_json::Error),
}

impl Error {
    /// A path refused, and why.
    pub fn refused(path: &std::path::Path, why: &str) -> Self {
        Self::Refused {
            path: path.to_path_buf(),
            why: why.to_string(),
        }
    }

    /// Attach a path to an I/O error.
    pub fn io(path: impl Into<PathBuf>, source: std::io::Error) -> Self {
        Self::Io {
            path: path.into(),
            source,
        }
    }
}

/// Why a file did not become a record: the classes of the batch summary,
/// `--jsonl` and `_failed.jsonl`, written in `snake_case`. Declared in
/// alphabetical order, so counts per class list alphabetically.
#[derive(
    Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, serde::Serialize, serde::Deserialize,
)]
#[serde(rename_all = "snake_case")]
pub enum FailureClass {
    /// The engines could not parse the file.
    Damaged,
    /// Zero bytes.
    Empty,
    /// A password is needed.
    Encrypted,
    /// An engine panicked or its worker process died.
    EngineCrash,
    /// A defect in inspdf itself.
    Internal,
    /// The input could not be read or the output written.
    Io,
    /// An input limit (file size, pages, record size) was exceeded.
    Limit,
    /// The worker ran past its memory limit.
    MemoryLimit,
    /// Pages without a text layer (a scan).
    NoText,
    /// No `%PDF-` header.
    NotPdf,
    /// The worker ran past its wall-time limit.
    TimeLimit,
}

impl FailureClass {
    /// The class's name as written in outputs (`not_pdf`, `time_limit`, …).
    pub fn as_str(self) -> &'static str {
        match self {
            Self::Damaged => "damaged",
            Self::Empty => "empty",
            Self::Encrypted => "encrypted",
            Self::EngineCrash => "engine_crash",
            Self::Internal => "internal",
            Self::Io => "io",
            Self::Limit => "limit",
            Self::MemoryLimit => "memory_limit",
            Self::NoText => "no_text",
            Self::NotPdf => "not_pdf",
            Self::TimeLimit => "time_limit",
        }
    }

    /// Failures that arise before any engine has seen the file.
    pub fn before_engines(self) -> bool {
        matches!(self, Self::Empty | Self::NotPdf | Self::Io | Self::Internal)
    }
}

impl std::fmt::Display for FailureClass {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(self.as_str())
    }
}

/// A file that could not be converted, as reported in the summary line, in
/// `--jsonl` and in `<out>/_failed.jsonl`: a class, a one-line reason, and
/// the engine concerned when known. It crosses the worker process boundary
/// as JSON.
#[derive(Debug, Clone, PartialEq, serde::Serialize, serde::Deserialize)]
pub struct Failure {
    /// Failure class.
    pub class: FailureClass,
    /// One-line reason.
    pub reason: String,
    /// Engine concerned, when known.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub engine: Option<String>,
}

impl Failure {
    /// A failure of a given class.
    pub fn new(class: FailureClass, reason: impl Into<String>, engine: Option<&str>) -> Self {
        Self {
            class,
            reason: reason.into(),
            engine: engine.map(str::to_string),
        }
    }
}

impl From<&ExtractError> for Failure {
    fn from(e: &ExtractError) -> Self {
        Self::new(e.class(), e.to_string(), e.engine())
    }
}

impl From<&Error> for Failure {
    fn from(e: &Error) -> Self {
        match e {
            Error::Extract(x) => x.into(),
            Error::Io { .. } | Error::Refused { .. } | Error::Busy { .. } => {
                Self::new(FailureClass::Io, e.to_string(), None)
            }
            _ => Self::new(FailureClass::Internal, e.to_string(), None),
        }
    }
}

/// Best-effort text of a panic payload (for a caught panic's failure
/// reason).
pub fn panic_message(payload: &Box<dyn std::any::Any + Send>) -> String {
    if let Some(s) = payload.downcast_ref::<&str>() {
        (*s).to_string()
    } else if let Some(s) = payload.downcast_ref::<String>() {
        s.clone()
    } else {
        "panic".to_string()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn class_names_are_their_serde_names_in_alphabetical_order() {
        let all = [
            FailureClass::Damaged,
            FailureClass::Empty,
            FailureClass::Encrypted,
            FailureClass::EngineCrash,
            FailureClass::Internal,
            FailureClass::Io,
            FailureClass::Limit,
            FailureClass::MemoryLimit,
            FailureClass::NoText,
            FailureClass::NotPdf,
            FailureClass::TimeLimit,
        ];
        let names: Vec<&str> = all.iter().map(|c| c.as_str()).collect();
        let mut sorted = names.clone();
        sorted.sort_unstable();
        assert_eq!(names, sorted);
        for c in all {
            let json = serde_json::to_string(&c).unwrap_or_default();
            assert_eq!(json, format!("\"{c}\""));
        }
    }

    #[test]
    fn extract_errors_keep_their_class_and_engine() {
        let f = Failure::from(&ExtractError::Damaged {
            engine: "pdf_oxide",
            reason: "bad xref".into(),
        });
        assert_eq!(f.class, FailureClass::Damaged);
        assert_eq!(f.engine.as_deref(), Some("pdf_oxide"));
        assert!(f.reason.contains("bad xref"));
    }
}
