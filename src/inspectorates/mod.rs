//! The inspectorates' vocabulary, as data every stage may use.
//!
//! In: `inspectorates.json` beside this file (embedded in the binary and
//! parsed once), or any text of the same shape given to
//! [`Vocabulary::from_json`]. Out: a [`Vocabulary`] — for each inspectorate
//! its names and the phrases that identify it, the words that name the body
//! it inspects (a police force, a local authority), its programmes and their
//! themes, its grade [`scales`]; and the labels that announce findings
//! ("Areas for improvement" → [`FindingKind::AreaForImprovement`]).
//!
//! A new inspectorate is one entry in the data: the readers in
//! [`crate::findings`] take a `Vocabulary` and hold no inspectorate's words
//! of their own, and the schema's grade and scale enums are generated from
//! it.

mod scale;
pub mod scales;
mod vocabulary;

pub use scale::{Grade, Scale};
pub use vocabulary::*;
