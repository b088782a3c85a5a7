//! Command-line interface: argument types (clap derive) and the glue that
//! hands them to the library. Kept out of the library so the library has
//! no CLI dependency in its API.

use clap::{Parser, Subcommand, ValueEnum};
use inspdf::extract::EngineChoice;
use inspdf::pipeline::{self, Options, Outcome};
use std::io::IsTerminal;
use std::path::PathBuf;
use std::process::ExitCode;

/// Turn inspection-report PDFs into validated, structured JSON records.
#[derive(Debug, Parser)]
#[command(name = "inspdf", version, about, long_about = None)]
pub struct Cli {
    #[command(subcommand)]
    pub command: Command,
}

#[derive(Debug, Subcommand)]
pub enum Command {
    /// Convert PDFs (files and/or folders, searched recursively) into one
    /// JSON record each, validated against the published schema.
    Convert(ConvertArgs),
    /// Print the published JSON Schema (draft 2020-12) generated from the
    /// record types.
    Schema(SchemaArgs),
    /// Check JSON records (hand-edited or converted) against the schema
    /// their `schema_version` names, plus the cross-field rules; every error
    /// located as file:line:column. Exit 0 all valid, 1 some invalid,
    /// 2 usage or I/O error.
    Validate(ValidateArgs),
}

#[derive(Debug, clap::Args)]
pub struct SchemaArgs {
    /// Print the schema's documentation (schemas/README.md) instead.
    #[arg(long)]
    pub markdown: bool,
}

#[derive(Debug, clap::Args)]
pub struct ValidateArgs {
    /// Record files, folders (searched recursively for *.json), or `-` for
    /// one record on standard input.
    #[arg(required = true)]
    pub paths: Vec<PathBuf>,
    /// Validate against this JSON Schema file instead of the built-in
    /// schema the record's schema_version names.
    #[arg(long, value_name = "FILE")]
    pub schema: Option<PathBuf>,
    /// Output format.
    #[arg(long, value_enum, default_value_t = Format::Text)]
    pub format: Format,
    /// Worker threads; 0 means one per core.
    #[arg(short, long, default_value_t = 0)]
    pub jobs: usize,
}

#[derive(Debug, Clone, Copy, ValueEnum)]
pub enum Format {
    /// `file:line:col: error[rule]: /pointer: message`, for people.
    Text,
    /// One JSON object per file (JSON Lines), for tools.
    Json,
    /// GitHub Actions `::error` annotations.
    Github,
}

#[derive(Debug, clap::Args)]
pub struct ConvertArgs {
    /// PDF files and folders to convert.
    #[arg(required = true)]
    pub inputs: Vec<PathBuf>,
    /// Output folder for the records (created if missing).
    #[arg(short, long, default_value = "records")]
    pub output: PathBuf,
    /// Worker threads; 0 means one per core.
    #[arg(short, long, default_value_t = 0)]
    pub jobs: usize,
    /// Extraction engine to try first (the other is the fallback).
    #[arg(long, value_enum, default_value_t = Engine::Oxide)]
    pub engine: Engine,
    /// Never draw a progress bar, even on a terminal.
    #[arg(long)]
    pub no_progress: bool,
    /// Also write one CSV row per graded judgment across the batch (file,
    /// force, year, area, grade, scale, page, judged_in) to this file.
    #[arg(long, value_name = "FILE")]
    pub summary: Option<PathBuf>,
    /// Ignore a tagged PDF's structure tree and read structure from layout.
    #[arg(long)]
    pub no_tags: bool,
}

#[derive(Debug, Clone, Copy, ValueEnum)]
pub enum Engine {
    /// pdf_oxide (fonts, weights, tag trees).
    Oxide,
    /// pdf-extract.
    PdfExtract,
}

/// Exit code when every input became a record.
const OK: u8 = 0;
/// Exit code when some inputs did not.
const SOME_FAILED: u8 = 1;
/// Exit code for usage and I/O errors.
const USAGE: u8 = 2;

pub fn run(cli: Cli) -> ExitCode {
    match cli.command {
        Command::Convert(args) => convert(args),
        Command::Schema(args) => {
            if args.markdown {
                print!(
                    "{}",
                    inspdf::schema::docs::markdown(&inspdf::schema::generate())
                );
            } else {
                print!("{}", inspdf::schema::generate_pretty());
            }
            ExitCode::from(OK)
        }
        Command::Validate(args) => validate(args),
    }
}

fn validate(args: ValidateArgs) -> ExitCode {
    use inspdf::validate::{batch, report};
    let opts = batch::Options {
        paths: args.paths,
        schema: args.schema,
        jobs: args.jobs,
    };
    let format = match args.format {
        Format::Text => report::Format::Text,
        Format::Json => report::Format::Json,
        Format::Github => report::Format::Github,
    };
    let (reports, summary) = match batch::validate_paths(&opts) {
        Ok(r) => r,
        Err(e) => {
            eprintln!("inspdf: {e}");
            return ExitCode::from(USAGE);
        }
    };
    let mut out = std::io::BufWriter::new(std::io::stdout().lock());
    if let Err(e) = report::write_all(&reports, format, &mut out) {
        eprintln!("inspdf: writing the report: {e}");
        return ExitCode::from(USAGE);
    }
    eprintln!("{}", summary.line());
    ExitCode::from(summary.exit_code())
}

fn convert(args: ConvertArgs) -> ExitCode {
    let jobs = match pipeline::discover(&args.inputs) {
        Ok(j) => j,
        Err(e) => {
            eprintln!("inspdf: {e}");
            return ExitCode::from(USAGE);
        }
    };
    if jobs.is_empty() {
        eprintln!(
            "inspdf: no PDF files found in {}",
            args.inputs
                .iter()
                .map(|p| p.display().to_string())
                .collect::<Vec<_>>()
                .join(", ")
        );
        return ExitCode::from(USAGE);
    }
    let opts = Options {
        engine: match args.engine {
            Engine::Oxide => EngineChoice::Oxide,
            Engine::PdfExtract => EngineChoice::PdfExtract,
        },
        jobs: args.jobs,
        no_tags: args.no_tags,
    };
    let bar = (!args.no_progress && std::io::stderr().is_terminal()).then(|| {
        let bar = indicatif::ProgressBar::new(jobs.len() as u64);
        if let Ok(style) = indicatif::ProgressStyle::with_template(
            "{bar:40} {pos}/{len} files  {elapsed_precise} eta {eta}  {msg}",
        ) {
            bar.set_style(style);
        }
        bar
    });
    let on_done = |o: &Outcome| match &bar {
        Some(b) => {
            if !matches!(o, Outcome::Converted { .. }) {
                b.println(o.line());
            }
            b.set_message(
                o.file()
                    .file_name()
                    .map(|n| n.to_string_lossy().into_owned())
                    .unwrap_or_default(),
            );
            b.inc(1);
        }
        None => eprintln!("{}", o.line()),
    };
    let result = pipeline::run_batch(&jobs, &args.output, &opts, &on_done);
    if let Some(b) = &bar {
        b.finish_and_clear();
    }
    match result {
        Ok((outcomes, summary)) => {
            if let Some(path) = &args.summary {
                let written = pipeline::judgment_rows(&outcomes).and_then(|rows| {
                    inspdf::output::write_judgments_csv(path, &rows).map(|()| rows.len())
                });
                match written {
                    Ok(n) => eprintln!("{n} judgments written to {}", path.display()),
                    Err(e) => {
                        eprintln!("inspdf: judgments summary: {e}");
                        return ExitCode::from(USAGE);
                    }
                }
            }
            eprintln!("{}", summary.line());
            if summary.rejected + summary.failed == 0 {
                ExitCode::from(OK)
            } else {
                ExitCode::from(SOME_FAILED)
            }
        }
        Err(e) => {
            eprintln!("inspdf: {e}");
            ExitCode::from(USAGE)
        }
    }
}
