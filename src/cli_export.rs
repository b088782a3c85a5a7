//! `inspdf export`: its arguments and the glue to [`inspdf::export`].
//! A file of its own so the subcommand is one small hunk in `cli.rs`.

use super::{OK, SOME_FAILED, USAGE};
use std::path::PathBuf;
use std::process::ExitCode;

/// Arguments of `inspdf export`.
#[derive(Debug, clap::Args)]
#[command(
    group(clap::ArgGroup::new("output").required(true).multiple(true).args(["sqlite", "csv"])),
    after_long_help = "\
Examples:
  inspdf export records/ --sqlite reports.db
  inspdf export records/ 2023/records/ --sqlite reports.db --csv tables/
  sqlite3 reports.db \"SELECT r.title, j.area, j.grade FROM judgments j JOIN records r USING (record)\"

Tables: records, sections, blocks, judgments, findings,
finding_recommendations, footnotes, footnote_refs, report_tables,
table_cells, warnings. Every row carries `record`, the record's path
relative to the folder given (`2024/report.json`). Folders and files whose
name starts with `_` or `.` (_state/, _rejected/) and <stem>.new.json side
files are not read.

Exit status: 0 every record exported; 1 some file could not be read as a
record (one line each on stderr; the rest is exported); 2 usage error, or an
output could not be written (an existing database or CSV is left as it was)."
)]
pub struct ExportArgs {
    /// Records folders (searched recursively for *.json) or record files.
    #[arg(required = true, value_name = "RECORDS")]
    pub inputs: Vec<PathBuf>,
    /// Write an SQLite database file (replaced if it exists).
    #[arg(long, value_name = "FILE")]
    pub sqlite: Option<PathBuf>,
    /// Write one CSV per table into this folder (created if missing).
    #[arg(long, value_name = "DIR")]
    pub csv: Option<PathBuf>,
}

/// Run `inspdf export`.
pub fn run_export(args: ExportArgs) -> ExitCode {
    let opts = inspdf::export::Options {
        inputs: args.inputs,
        sqlite: args.sqlite,
        csv: args.csv,
    };
    match inspdf::export::export(&opts) {
        Ok(report) => {
            for path in &report.not_records {
                eprintln!(
                    "inspdf: {}: skipped, not a record (no schema_version and source)",
                    path.display()
                );
            }
            for problem in &report.problems {
                eprintln!("inspdf: {problem}");
            }
            eprintln!("{}", report.line());
            ExitCode::from(if report.problems.is_empty() {
                OK
            } else {
                SOME_FAILED
            })
        }
        Err(e) => {
            eprintln!("inspdf: {e}");
            ExitCode::from(USAGE)
        }
    }
}
