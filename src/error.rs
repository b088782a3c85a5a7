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
    /// Stable machine name of the failure class.
    pub fn class(&self) -> &'static str {
        match self {
            Self::Empty => "empty",
            Self::NotPdf => "not_pdf",
            Self::Encrypted => "encrypted",
            Self::Damaged { .. } => "damaged",
            Self::NoText { .. } => "no_text",
            Self::EngineCrash { .. } => "engine_crash",
            Self::TimeLimit { .. } => "time_limit",
            Self::MemoryLimit { .. } => "memory_limit",
            Self::Limit { .. } => "limit",
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
    /// The PDF could not be read.
    #[error(transparent)]
    Extract(#[from] ExtractError),
    /// The record did not validate against the published schema.
    #[error("record fails the schema ({count} error(s)); first: {first}")]
    Invalid {
        /// Number of schema errors.
        count: usize,
        /// The first one, located.
        first: String,
    },
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
    /// Attach a path to an I/O error.
    pub fn io(path: impl Into<PathBuf>, source: std::io::Error) -> Self {
        Self::Io {
            path: path.into(),
            source,
        }
    }
}

/// A file that could not be converted, as reported in the summary line and
/// in `<out>/_failed.jsonl`: a stable class, a one-line reason, and the
/// engine concerned when known. Plain strings, so it crosses the worker
/// process boundary as JSON.
#[derive(Debug, Clone, PartialEq, serde::Serialize, serde::Deserialize)]
pub struct Failure {
    /// Failure class (`not_pdf`, `encrypted`, `time_limit`, …; see
    /// [`ExtractError::class`]), or `io` / `internal`.
    pub class: String,
    /// One-line reason.
    pub reason: String,
    /// Engine concerned, when known.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub engine: Option<String>,
}

impl Failure {
    /// A failure of a given class.
    pub fn new(class: &str, reason: impl Into<String>, engine: Option<&str>) -> Self {
        Self {
            class: class.to_string(),
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
            Error::Io { .. } => Self::new("io", e.to_string(), None),
            _ => Self::new("internal", e.to_string(), None),
        }
    }
}
