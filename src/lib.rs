//! inspdf — inspection-report PDFs to validated, structured JSON records.
//!
//! The API is small: convert one PDF ([`convert_bytes`]), run a batch
//! ([`batch::run`]), the record types ([`record`], which are the published
//! schema), and validation ([`Validator`]).
//!
//! ```
//! let bytes = std::fs::read("samples/001_a_a4_serif_justified_hyphenated.pdf")?;
//! let record = inspdf::convert_bytes(&bytes, "001.pdf", &inspdf::ConvertOptions::default())?;
//! assert_eq!(record.report.force.as_deref(), Some("Leicestershire Police"));
//! assert_eq!(record.judgments.len(), 4);
//! let validator = inspdf::Validator::published()?;
//! assert!(validator.is_valid(&serde_json::to_value(&record)?));
//! # Ok::<(), Box<dyn std::error::Error>>(())
//! ```
//!
//! ## How it works
//! One PDF goes through the stages in order, one module each:
//!
//! | stage | module | in → out |
//! |---|---|---|
//! | extract | `extract` | PDF bytes → pages of positioned text spans, rules, the tag tree |
//! | layout | `layout` | spans → lines in reading order; columns, furniture, hyphenation |
//! | parse | `parse` | lines or the tag tree → one event stream → the section tree, tables, footnotes |
//! | findings | `findings` | the structure → metadata, judgments, findings, in the vocabulary of [`inspectorates`] |
//! | record | [`record`], [`convert`] | all of it → one [`Record`] |
//! | place | `place` | the record and the layout → a box on every element, where it is printed |
//! | validate | [`validate`] | record → diagnostics (schema and cross-field checks) |
//! | write | `output` | record → records folder, JSON Lines, `_failed.jsonl`, CSV |
//!
//! [`convert`] runs the first six for one file. [`batch`] runs many files
//! in parallel, each in a worker process under [`limits`], validates each
//! record and hands it to the outputs; [`timings`] says where the time
//! goes. Every stage may use [`inspectorates`]: the inspectorates, their
//! grade scales and finding labels, as data. With the `review` feature (on by default),
//! [`review`] draws a record's boxes over the rendered pages of its PDF as
//! one self-contained HTML page. The stage modules are internal (build with the `internals`
//! feature to reach them from tests, examples and benchmarks).

#![deny(missing_docs)]

pub mod batch;
pub mod convert;
pub mod error;
pub mod export;
pub mod inspectorates;
pub mod limits;
pub mod record;
#[cfg(feature = "review")]
pub mod review;
pub mod schema;
pub mod term;
pub mod timings;
pub mod validate;

/// Declares the internal stage modules: `pub` with the `internals` feature
/// (the project's own tests, examples and benchmarks), crate-private
/// otherwise.
macro_rules! internal {
    ($($(#[$attr:meta])* $name:ident;)*) => {$(
        $(#[$attr])*
        #[cfg(feature = "internals")]
        pub mod $name;
        $(#[$attr])*
        #[cfg(not(feature = "internals"))]
        #[allow(dead_code, unused_imports)]
        pub(crate) mod $name;
    )*};
}

internal! {
    /// Stage 1: PDF → positioned text, per engine; the tag-tree reader.
    extract;
    /// Recursive file finding for `convert` and `validate`.
    files;
    /// Stage 3b: metadata, judgments and findings.
    findings;
    /// Stage 2: lines in reading order.
    layout;
    /// Stage 5: the outputs of a batch.
    output;
    /// The parallel driver of both batches.
    parallel;
    /// Stage 3a: the structure.
    parse;
    /// Stage 4b: where each element of the record is printed.
    place;
}

pub use batch::{Batch, Destination, Job, Outcome, Summary};
pub use convert::{Options as ConvertOptions, convert_bytes};
pub use error::{Error, Failure, FailureClass};
pub use extract::EngineChoice;
pub use limits::Limits;
pub use record::Record;
pub use validate::Validator;
