//! Validation against the published schema, and `inspdf validate`.
//!
//! In: records — as values from `inspdf convert`, as text for `inspdf
//! validate`. Out: [`Diagnostic`]s, the one type of validation finding.
//!
//! The schema checked in at `schemas/inspection-report.schema.json` is
//! embedded in the binary and compiled once ([`Validator::published`]).
//! Both commands run the same check of a record,
//! [`Validator::check_record`]: the schema, then the cross-field rules a
//! schema cannot express. `inspdf validate` adds what only the text shows
//! (syntax, positions) and is put together from one concern per module:
//! [`locate`] scans the text (syntax errors with offsets, pointers back to
//! offsets), [`registry`] picks the schema a record's `schema_version`
//! names, [`checks`] runs the cross-field rules, [`checker`] ties them
//! together for one file, [`report`] formats the results, [`batch`] finds
//! the files and checks them in parallel.

#![warn(missing_docs)]

pub mod batch;
pub mod checker;
pub mod checks;
pub mod diagnostic;
pub mod error;
pub mod locate;
pub mod registry;
pub mod report;
pub mod schema_errors;
pub mod validator;

pub use checker::Checker;
pub use diagnostic::{Diagnostic, MAX_ERRORS, VALUE_WIDTH};
pub use error::ValidateError;
pub use validator::{PUBLISHED_SCHEMA, Validator};
