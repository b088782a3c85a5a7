//! `inspdf export`: records folders → tables for analysts. Every record
//! under the folders given (`*.json`, recursively, less the files convert
//! keeps for itself: see [`read`]) becomes rows of a fixed set of tables
//! ([`tables`]): one row per record in `records`, and one table per entity
//! (sections, blocks, judgments, findings, footnotes, footnote references,
//! report tables and their cells, warnings), each row keyed by `record`, the
//! record's path relative to the folder given (`2024/report.json`). The
//! tables go to an SQLite database file ([`sqlite`]) and/or one CSV file
//! each ([`csv`]), both written atomically. Rows are ordered by record key,
//! then ordinal, so the same records always give the same CSV bytes.
//!
//! A file that is not a readable record is a [`Problem`] (the export goes
//! on without it); an output that cannot be written is an [`Error`].

pub mod csv;
pub mod error;
pub mod read;
pub mod sqlite;
pub mod tables;

pub use error::{Error, Problem};
use std::path::PathBuf;

/// What to export and where.
#[derive(Debug, Clone, Default)]
pub struct Options {
    /// Records folders (searched recursively) or single record files.
    pub inputs: Vec<PathBuf>,
    /// Write an SQLite database here.
    pub sqlite: Option<PathBuf>,
    /// Write one CSV per table into this folder (created if missing).
    pub csv: Option<PathBuf>,
}

/// What an export did.
#[derive(Debug, Clone, Default)]
pub struct Report {
    /// Records exported.
    pub records: usize,
    /// Rows written per table, in table order.
    pub rows: Vec<(&'static str, usize)>,
    /// Files that were not exported, and why (each one makes the export
    /// exit 1).
    pub problems: Vec<Problem>,
    /// JSON files skipped as not records (no `schema_version` and
    /// `source`): a note each, no failure.
    pub not_records: Vec<PathBuf>,
}

impl Report {
    /// One line for the user: records, rows per table, problems.
    pub fn line(&self) -> String {
        let rows = self
            .rows
            .iter()
            .map(|(name, n)| format!("{n} {name}"))
            .collect::<Vec<_>>()
            .join(", ");
        let mut line = format!("exported {} records ({rows})", self.records);
        if !self.problems.is_empty() {
            line.push_str(&format!("; {} files not exported", self.problems.len()));
        }
        if !self.not_records.is_empty() {
            line.push_str(&format!(
                "; {} JSON files skipped as not records",
                self.not_records.len()
            ));
        }
        line
    }
}

/// Read every record under `opts.inputs` and write the tables to the
/// outputs asked for. Files that are not readable records are listed in
/// the report, not errors; an error means an output could not be written
/// (nothing half-written is left at its path).
pub fn export(opts: &Options) -> Result<Report, Error> {
    if opts.sqlite.is_none() && opts.csv.is_none() {
        return Err(Error::NoOutput);
    }
    if let Some(db) = &opts.sqlite {
        error::check_replaceable_file(db)?;
    }
    if let Some(dir) = &opts.csv {
        csv::check_target(dir)?;
    }
    let loaded = read::load_all(&opts.inputs)?;
    let tables = tables::build(&loaded.records);
    if let Some(db) = &opts.sqlite {
        sqlite::write(db, &tables)?;
    }
    if let Some(dir) = &opts.csv {
        csv::write(dir, &tables)?;
    }
    Ok(Report {
        records: loaded.records.len(),
        rows: tables.iter().map(|t| (t.def.name, t.rows.len())).collect(),
        problems: loaded.problems,
        not_records: loaded.not_records,
    })
}
