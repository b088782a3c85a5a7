//! Command-line interface: argument types (clap derive) and the glue that
//! hands them to the library. Kept out of the library so the library has
//! no CLI dependency in its API.

use clap::{Parser, Subcommand, ValueEnum};
use inspdf::EngineChoice;
use inspdf::batch::{self, Destination, Isolation, JsonlTarget, Options, Outcome};
use inspdf::limits::Limits;
use inspdf::term;
use std::io::IsTerminal;
use std::path::PathBuf;
use std::process::ExitCode;
use std::time::Duration;

/// Turn inspection-report PDFs into validated, structured JSON records.
#[derive(Debug, Parser)]
#[command(name = "inspdf", version, about, long_about = None)]
pub struct Cli {
    #[command(subcommand)]
    pub command: Command,
}

/// `convert --help`'s closing lines: examples and exit codes.
const CONVERT_EXAMPLES: &str = "\
Examples:
  inspdf convert reports/ -o records/             a folder, recursively
  inspdf convert a.pdf b.pdf -o records/          files
  inspdf convert reports/ -o records/ --no-tags   structure from layout only
  find . -name '*.pdf' | inspdf convert --files-from - --jsonl -
                                                  paths in, JSON Lines out
  inspdf convert reports/ -o records/ --summary judgments.csv

Rerunning the same command resumes: records already up to date are
skipped, and hand-edited records are never overwritten (the new conversion
goes to <out>/_new/).

Exit codes:
  0  every input became a record
  1  some did not (a classified failure, or a record rejected by validation)
  2  usage or I/O error (bad flag, missing input, nothing to convert, the
     output folder in use by another run)";

#[derive(Debug, Subcommand)]
pub enum Command {
    /// Convert PDFs (files and/or folders, searched recursively) into one
    /// JSON record each, validated against the published schema.
    #[command(after_help = CONVERT_EXAMPLES)]
    Convert(ConvertArgs),
    /// Print the published JSON Schema (draft 2020-12) generated from the
    /// record types.
    Schema(SchemaArgs),
    /// Check JSON records (hand-edited or converted) against the schema
    /// their `schema_version` names, plus the cross-field rules; every error
    /// located as file:line:column. Exit 0 all valid, 1 some invalid,
    /// 2 usage or I/O error.
    Validate(ValidateArgs),
    /// Export records folders as tables for analysts: an SQLite database
    /// and/or one CSV per table (records, sections, judgments, findings,
    /// footnotes, …), every row keyed by the record's path.
    Export(cli_export::ExportArgs),
    /// Write one self-contained HTML page that draws the record's boxes
    /// (headings, blocks, tables, footnotes and their marks, judgments,
    /// findings) over the rendered pages of the PDF, for checking a
    /// conversion or a hand-corrected record. Loads nothing from the network.
    #[cfg(feature = "review")]
    #[command(after_help = REVIEW_EXAMPLES)]
    Review(ReviewArgs),
}

/// `review --help`'s closing lines.
#[cfg(feature = "review")]
const REVIEW_EXAMPLES: &str = "\
Examples:
  inspdf review report.pdf -o review.html           convert afresh and draw
  inspdf review report.pdf --record records/report.json -o review.html
                                                    draw a (corrected) record

Exit codes:
  0  the page was written
  2  the PDF or record could not be read, or the page not written";

#[cfg(feature = "review")]
#[derive(Debug, clap::Args)]
pub struct ReviewArgs {
    /// The PDF to draw.
    pub pdf: PathBuf,
    /// The HTML file to write.
    #[arg(short, long, default_value = "review.html")]
    pub output: PathBuf,
    /// Draw this record (for instance one corrected by hand) instead of
    /// converting the PDF afresh.
    #[arg(long, value_name = "FILE")]
    pub record: Option<PathBuf>,
    /// Resolution of the page images (dots per inch): larger is sharper and
    /// makes a bigger file.
    #[arg(long, value_name = "N", default_value_t = inspdf::review::DEFAULT_DPI,
          value_parser = clap::value_parser!(u32).range(20..=600))]
    pub dpi: u32,
    /// Extraction engine to try first when converting (the other is the
    /// fallback).
    #[arg(long, value_enum, default_value_t = Engine::Oxide)]
    pub engine: Engine,
    /// Ignore a tagged PDF's structure tree and read structure from layout.
    #[arg(long)]
    pub no_tags: bool,
}

#[path = "cli_export.rs"]
mod cli_export;

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
    #[arg(required_unless_present = "files_from")]
    pub inputs: Vec<PathBuf>,
    /// Also convert the paths listed in FILE, one per line (`-` = stdin).
    #[arg(long, value_name = "FILE")]
    pub files_from: Option<PathBuf>,
    /// Output folder for the records (created if missing). Default
    /// `records`, or none at all when `--jsonl` is given without `-o`.
    #[arg(short, long)]
    pub output: Option<PathBuf>,
    /// Write every result (record or failure) as one JSON line per input,
    /// in input order, to FILE (`-` = stdout).
    #[arg(long, value_name = "FILE")]
    pub jsonl: Option<PathBuf>,
    /// Parallel conversions; 0 means one per core.
    #[arg(short, long, default_value_t = 0)]
    pub jobs: usize,
    /// Extraction engine to try first (the other is the fallback).
    #[arg(long, value_enum, default_value_t = Engine::Oxide)]
    pub engine: Engine,
    /// Convert inside this process instead of one worker process per file:
    /// faster, but a crashing or hanging engine stops the batch, and the
    /// time and memory limits do not apply. For trusted input.
    #[arg(long)]
    pub in_process: bool,
    /// Reconvert inputs whose record is already up to date. Hand-edited
    /// records are still never overwritten.
    #[arg(long)]
    pub force: bool,
    /// Print the time spent per stage, summed over the batch, at the end.
    #[arg(long)]
    pub timings: bool,
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
    #[command(flatten)]
    pub limits: LimitArgs,
}

/// Bounds on untrusted input (defaults from [`Limits::default`]).
#[derive(Debug, clap::Args)]
#[command(next_help_heading = "Limits")]
pub struct LimitArgs {
    /// Wall time allowed to each file's worker, seconds, before the per-page
    /// allowance.
    #[arg(long, value_name = "SECS", default_value_t = 20.0,
          allow_negative_numbers = true, value_parser = positive_secs)]
    pub time_limit: f64,
    /// Extra wall time per page, seconds (0 = none).
    #[arg(long, value_name = "SECS", default_value_t = 0.1,
          allow_negative_numbers = true, value_parser = secs_or_zero)]
    pub time_per_page: f64,
    /// Address-space limit of each worker, MiB (0 = none).
    #[arg(long, value_name = "MIB", default_value_t = 2048)]
    pub memory_limit_mib: u64,
    /// Largest input file, MiB.
    #[arg(long, value_name = "MIB", default_value_t = 512)]
    pub max_file_mib: u64,
    /// Most pages per document.
    #[arg(long, value_name = "N", default_value_t = 5000)]
    pub max_pages: u32,
    /// Largest record written, MiB.
    #[arg(long, value_name = "MIB", default_value_t = 64)]
    pub max_record_mib: u64,
}

/// A number of seconds above zero: a limit of 0 would fail every file.
fn positive_secs(v: &str) -> Result<f64, String> {
    match v.parse::<f64>() {
        Ok(x) if x.is_finite() && x > 0.0 && x <= 86_400.0 => Ok(x),
        Ok(_) => Err("must be more than 0 and at most 86400 seconds".into()),
        Err(_) => Err(format!("{v:?} is not a number of seconds")),
    }
}

/// A number of seconds, zero or more.
fn secs_or_zero(v: &str) -> Result<f64, String> {
    match v.parse::<f64>() {
        Ok(x) if x.is_finite() && (0.0..=86_400.0).contains(&x) => Ok(x),
        Ok(_) => Err("must be 0 or more and at most 86400 seconds".into()),
        Err(_) => Err(format!("{v:?} is not a number of seconds")),
    }
}

impl LimitArgs {
    /// The library's limits, or why the flags are unusable.
    fn limits(&self) -> Result<Limits, String> {
        let secs = |name: &str, v: f64| {
            Duration::try_from_secs_f64(v).map_err(|_| format!("--{name}: {v} is not a duration"))
        };
        let mib = |v: u64| v.saturating_mul(1024 * 1024);
        Ok(Limits {
            max_file_bytes: mib(self.max_file_mib),
            max_pages: self.max_pages,
            max_record_bytes: mib(self.max_record_mib),
            time_base: secs("time-limit", self.time_limit)?,
            time_per_page: secs("time-per-page", self.time_per_page)?,
            memory_mib: self.memory_limit_mib,
            ..Limits::default()
        })
    }
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
        Command::Export(args) => cli_export::run_export(args),
        #[cfg(feature = "review")]
        Command::Review(args) => review(args),
    }
}

/// The engine flag as the library's choice.
fn engine_choice(engine: Engine) -> EngineChoice {
    match engine {
        Engine::Oxide => EngineChoice::Oxide,
        Engine::PdfExtract => EngineChoice::PdfExtract,
    }
}

#[cfg(feature = "review")]
fn review(args: ReviewArgs) -> ExitCode {
    let opts = inspdf::review::Options {
        record: args.record,
        dpi: args.dpi,
        convert: inspdf::convert::Options {
            engine: engine_choice(args.engine),
            no_tags: args.no_tags,
            ..inspdf::convert::Options::default()
        },
    };
    match inspdf::review::review(&args.pdf, &args.output, &opts) {
        Ok(w) => {
            if let Some(note) = &w.mismatch {
                eprintln!("inspdf: warning: {}", term::escape(note));
            }
            eprintln!(
                "{}: {} pages, {} boxes ({} elements without one), {:.1} MiB",
                term::path(&args.output),
                w.pages,
                w.boxes,
                w.unboxed,
                w.bytes as f64 / (1024.0 * 1024.0)
            );
            ExitCode::from(OK)
        }
        Err(e) => {
            eprintln!("inspdf: {}", term::escape(&e.to_string()));
            ExitCode::from(USAGE)
        }
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
            eprintln!("inspdf: {}", term::escape(&e.to_string()));
            return ExitCode::from(USAGE);
        }
    };
    let mut out = std::io::BufWriter::new(std::io::stdout().lock());
    if let Err(e) = report::write_all(&reports, format, &mut out) {
        eprintln!(
            "inspdf: writing the report: {}",
            term::escape(&e.to_string())
        );
        return ExitCode::from(USAGE);
    }
    eprintln!("{}", summary.line());
    ExitCode::from(summary.exit_code())
}

/// The paths to convert: those on the command line (each must exist) and
/// those of a `--files-from` list (one that cannot be read is a failure of
/// its own).
struct Inputs {
    given: Vec<PathBuf>,
    listed: Vec<PathBuf>,
}

impl Inputs {
    /// Every path, given or listed, for a message.
    fn names(&self) -> String {
        self.given
            .iter()
            .chain(&self.listed)
            .map(|p| p.display().to_string())
            .collect::<Vec<_>>()
            .join(", ")
    }
}

/// Flags → validated options, inputs and destination.
fn plan(args: &ConvertArgs) -> Result<(Inputs, Options, Destination), String> {
    let mut inputs = Inputs {
        given: args.inputs.clone(),
        listed: Vec::new(),
    };
    if let Some(list) = &args.files_from {
        let read = if list.as_os_str() == "-" {
            batch::read_path_list(std::io::stdin().lock())
        } else {
            std::fs::File::open(list)
                .and_then(|f| batch::read_path_list(std::io::BufReader::new(f)))
        };
        inputs.listed = read.map_err(|e| format!("--files-from {}: {e}", list.display()))?;
    }
    let isolation = if args.in_process {
        Isolation::InProcess
    } else {
        let exe = std::env::current_exe()
            .map_err(|e| format!("cannot find the inspdf binary to start workers: {e}"))?;
        Isolation::Worker { exe }
    };
    let opts = Options {
        convert: inspdf::convert::Options {
            engine: engine_choice(args.engine),
            limits: args.limits.limits()?,
            no_tags: args.no_tags,
            single_engine: false,
        },
        jobs: args.jobs,
        isolation,
        force: args.force,
    };
    let jsonl = args.jsonl.as_ref().map(|p| {
        if p.as_os_str() == "-" {
            JsonlTarget::Stdout
        } else {
            JsonlTarget::File(p.clone())
        }
    });
    let records = match (&args.output, &jsonl) {
        (Some(dir), _) => Some(dir.clone()),
        (None, Some(_)) => None,
        (None, None) => Some(PathBuf::from("records")),
    };
    if let Some(dir) = &records {
        records_folder_usable(dir)?;
    }
    if args.summary.is_some() && records.is_none() {
        return Err("--summary reads the records back from the output folder: give -o".into());
    }
    let dest = Destination {
        records,
        jsonl,
        judgments_csv: args.summary.clone(),
    };
    Ok((inputs, opts, dest))
}

/// `-o` names a folder: not `-` (records are files; the stream is
/// `--jsonl -`) and not an existing file.
fn records_folder_usable(dir: &std::path::Path) -> Result<(), String> {
    if dir.as_os_str() == "-" {
        return Err(
            "-o -: the output is a folder of records; for JSON Lines on stdout give --jsonl - (without -o)"
                .into(),
        );
    }
    match std::fs::metadata(dir) {
        Ok(m) if !m.is_dir() => Err(format!("-o {}: exists and is not a folder", dir.display())),
        _ => Ok(()),
    }
}

fn convert(args: ConvertArgs) -> ExitCode {
    let (inputs, opts, dest) = match plan(&args) {
        Ok(p) => p,
        Err(e) => {
            eprintln!("inspdf: {}", term::escape(&e.to_string()));
            return ExitCode::from(USAGE);
        }
    };
    let jobs = match batch::discover_listed(&inputs.given, &inputs.listed) {
        Ok(j) => j,
        Err(e) => {
            eprintln!("inspdf: {}", term::escape(&e.to_string()));
            return ExitCode::from(USAGE);
        }
    };
    if jobs.is_empty() {
        eprintln!(
            "inspdf: no PDF files found in {}",
            term::escape(&inputs.names())
        );
        return ExitCode::from(USAGE);
    }
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
            if !matches!(
                o,
                Outcome::Converted {
                    protected: false,
                    ..
                } | Outcome::Skipped { .. }
            ) {
                b.println(o.line());
            }
            b.set_message(
                o.file()
                    .file_name()
                    .map(|n| term::path(std::path::Path::new(n)))
                    .unwrap_or_default(),
            );
            b.inc(1);
        }
        None => eprintln!("{}", o.line()),
    };
    let result = batch::run(&jobs, &dest, &opts, &on_done);
    if let Some(b) = &bar {
        b.finish_and_clear();
    }
    match result {
        Ok(done) => {
            for m in &done.messages {
                eprintln!("{}", term::escape(m));
            }
            let summary = done.summary;
            eprintln!("{}", summary.line());
            if args.timings {
                eprint!("{}", summary.timings.table());
                eprintln!(
                    "throughput: {:.1} pages/s, {:.2} files/s (wall {:.2} s)",
                    summary.pages as f64 / summary.seconds.max(1e-9),
                    jobs.len() as f64 / summary.seconds.max(1e-9),
                    summary.seconds
                );
                let mib = |kib: u64| kib as f64 / 1024.0;
                let parent = inspdf::timings::peak_rss_kib().unwrap_or(0);
                if summary.timings.peak_rss_kib > 0 {
                    eprintln!(
                        "memory: worker peak RSS {:.1} MiB (largest over the batch); this process {:.1} MiB",
                        mib(summary.timings.peak_rss_kib),
                        mib(parent)
                    );
                } else {
                    eprintln!("memory: this process peak RSS {:.1} MiB", mib(parent));
                }
            }
            if summary.rejected + summary.failed == 0 {
                ExitCode::from(OK)
            } else {
                ExitCode::from(SOME_FAILED)
            }
        }
        Err(e) => {
            eprintln!("inspdf: {}", term::escape(&e.to_string()));
            ExitCode::from(USAGE)
        }
    }
}
