//! inspdf — inspection-report PDFs to validated, structured JSON records.
//!
//! The modules are the pipeline's stages, in order:
//! [`extract`] (PDF → positioned text) → [`layout`] (lines in reading
//! order, furniture removed) → [`parse`] (headings, blocks, tables,
//! footnotes) → [`findings`] (metadata, judgments, findings) → [`record`]
//! (the typed record, which is the schema) → [`validate`] → [`output`].
//! [`pipeline`] runs them for one file and for a batch; [`worker`] isolates
//! each file in a child process under [`limits`]; [`resume`] skips records
//! already up to date and protects hand edits; [`timings`] says where the
//! time goes.

pub mod error;
pub mod extract;
pub mod files;
pub mod findings;
pub mod inspectorates;
pub mod layout;
pub mod limits;
pub mod output;
pub mod parallel;
pub mod parse;
pub mod pipeline;
pub mod record;
pub mod resume;
pub mod schema;
pub mod timings;
pub mod validate;
pub mod worker;
