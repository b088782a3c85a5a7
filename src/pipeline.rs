//! The stages put together: one PDF → one validated record, and a batch of
//! PDFs → a folder of records (and/or one JSON Lines stream), in parallel.
//!
//! For each file: read → [`extract`](crate::extract) →
//! [`layout`](crate::layout) → [`parse`](crate::parse) →
//! [`findings`](crate::findings) → [`Record`] → [`validate`](crate::validate)
//! → [`output`](crate::output). By default everything up to the record runs
//! in a worker process ([`crate::worker`]) under time and memory limits;
//! validation and writing stay in the batch process. A record that fails the
//! schema is not written as a record: it goes to `<out>/_rejected/` beside
//! its errors. A file that cannot be read is reported on one line (and in
//! `<out>/_failed.jsonl`) and the batch goes on. Records already up to date
//! are skipped and hand-edited ones are never overwritten
//! ([`crate::resume`]).

use crate::error::{Error, Failure};
use crate::extract::{self, EngineChoice};
use crate::limits::Limits;
use crate::output::{FailedLog, OrderedLines};
use crate::record::{Converter, Record, SCHEMA_VERSION, Source, Warning};
use crate::resume::{self, Decision};
use crate::timings::{StageTimings, lap};
use crate::validate::{Diagnostic, Validator};
use crate::worker::{self, Died, Reply};
use crate::{files, findings, output, parse};
use serde::{Deserialize, Serialize};
use serde_json::Value;
use sha2::{Digest, Sha256};
use std::collections::BTreeMap;
use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicUsize, Ordering};
use std::time::Instant;

/// Where extraction runs.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Isolation {
    /// In the calling process: fastest, but an engine that aborts, overflows
    /// its stack or loops forever takes the caller with it. For trusted
    /// input and speed comparisons (`--in-process`).
    #[default]
    InProcess,
    /// One child process per file, started from `exe` with the hidden
    /// `worker` subcommand, under [`Limits`] (the CLI's default).
    Worker {
        /// The inspdf binary to run as a worker.
        exe: PathBuf,
    },
}

/// How to convert.
#[derive(Debug, Clone, Default, Serialize, Deserialize)]
pub struct Options {
    /// Which extraction engine to try first.
    pub engine: EngineChoice,
    /// Only the first engine, no fallback (set when retrying a file whose
    /// first engine killed its worker).
    #[serde(default)]
    pub single_engine: bool,
    /// Worker threads / processes (0 = one per core).
    pub jobs: usize,
    /// Where extraction runs.
    pub isolation: Isolation,
    /// Bounds on untrusted input.
    pub limits: Limits,
    /// Reconvert inputs whose record is already up to date.
    pub force: bool,
    /// Ignore the structure tree of tagged PDFs (`--no-tags`).
    #[serde(default)]
    pub no_tags: bool,
}

/// Convert PDF bytes to a record (not yet validated). `file` is the name
/// recorded in `source.file`.
pub fn convert_bytes(bytes: &[u8], file: &str, opts: &Options) -> Result<Record, Error> {
    convert_bytes_timed(bytes, file, opts).map(|(record, _)| record)
}

/// [`convert_bytes`], with the time spent in each stage.
pub fn convert_bytes_timed(
    bytes: &[u8],
    file: &str,
    opts: &Options,
) -> Result<(Record, StageTimings), Error> {
    let mut t = StageTimings::default();
    let mut clock = Instant::now();
    let doc = extract::extract_with(bytes, opts.engine, !opts.single_engine)?;
    opts.limits.check_pages(doc.pages.len())?;
    t.extract = lap(&mut clock);
    let read = parse::structure(&doc, !opts.no_tags);
    let (parsed, structure) = (read.parsed, read.source);
    t.layout = read.layout_seconds;
    t.parse = lap(&mut clock) - t.layout;
    let info = findings::metadata::DocInfo {
        title: doc.info_title.clone(),
        subject: doc.info_subject.clone(),
    };
    let read = findings::read(&parsed, &info);
    t.findings = lap(&mut clock);
    let mut warnings: Vec<Warning> = doc
        .lost_pages
        .iter()
        .map(|(page, why)| {
            Warning::on_page("page-lost", *page, format!("page could not be read: {why}"))
        })
        .collect();
    warnings.extend(parsed.warnings.iter().cloned());
    if read.report.title.is_empty() {
        warnings.push(Warning {
            code: "no-title".into(),
            message: "no title found".into(),
            page: None,
        });
    }
    let record = Record {
        schema_version: SCHEMA_VERSION.to_string(),
        converter: Converter {
            name: env!("CARGO_PKG_NAME").to_string(),
            version: env!("CARGO_PKG_VERSION").to_string(),
            engine: doc.engine.to_string(),
            structure,
        },
        source: Source {
            file: file.to_string(),
            sha256: sha256_hex(bytes),
            pages: doc.pages.len() as u32,
            producer: doc.producer.clone(),
            tagged: doc.tagged,
        },
        report: read.report,
        preamble: parsed.preamble,
        sections: parsed.sections,
        tables: parsed.tables,
        footnotes: parsed.footnotes,
        judgments: read.judgments,
        findings: read.findings,
        warnings,
    };
    t.findings += lap(&mut clock);
    Ok((record, t))
}

/// Convert PDF bytes where `opts.isolation` says: in process (panics
/// caught), or in a worker process, retried once with the other engine
/// alone when the first one kills its worker (crash, time or memory limit).
pub fn convert_isolated(
    bytes: &[u8],
    file: &str,
    opts: &Options,
) -> Result<(Record, StageTimings), Failure> {
    let exe = match &opts.isolation {
        Isolation::InProcess => {
            let run = std::panic::catch_unwind(std::panic::AssertUnwindSafe(|| {
                convert_bytes_timed(bytes, file, opts)
            }));
            return match run {
                Ok(Ok(done)) => Ok(done),
                Ok(Err(e)) => Err(name_engines(Failure::from(&e), opts)),
                Err(panic) => Err(name_engines(
                    Failure::new(
                        "engine_crash",
                        format!("converter panicked: {}", extract::panic_message(&panic)),
                        None,
                    ),
                    opts,
                )),
            };
        }
        Isolation::Worker { exe } => exe,
    };
    let started = Instant::now();
    let attempt = |o: &Options| match worker::run(exe, bytes, file, o) {
        Ok(Reply::Converted { record, timings }) => Ok((*record, timings)),
        Ok(Reply::Failed(f)) => Err((f, false)),
        Err(Died(f)) => Err((f, true)),
    };
    let result = match attempt(opts) {
        Err((first, true)) if !opts.single_engine => {
            let retry = Options {
                engine: opts.engine.other(),
                single_engine: true,
                ..opts.clone()
            };
            match attempt(&retry) {
                Ok((mut record, t)) => {
                    record.warnings.push(Warning {
                        code: "engine-fallback".into(),
                        message: format!(
                            "{} stopped its worker ({}: {}); read with {}",
                            opts.engine.name(),
                            first.class,
                            first.reason,
                            retry.engine.name()
                        ),
                        page: None,
                    });
                    Ok((record, t))
                }
                Err((second, _)) => Err(Failure {
                    reason: format!(
                        "{}; fallback {}: {}: {}",
                        first.reason,
                        retry.engine.name(),
                        second.class,
                        second.reason
                    ),
                    ..first
                }),
            }
        }
        other => other.map_err(|(f, _)| f),
    };
    result
        .map(|(record, mut t)| {
            t.worker = (started.elapsed().as_secs_f64() - t.convert_total()).max(0.0);
            (record, t)
        })
        .map_err(|f| name_engines(f, opts))
}

/// Name the engine(s) tried on a failure that does not say, unless the
/// file never reached an engine.
fn name_engines(mut f: Failure, opts: &Options) -> Failure {
    let before_engines = matches!(f.class.as_str(), "empty" | "not_pdf" | "io" | "internal");
    if f.engine.is_none() && !before_engines {
        f.engine = Some(if opts.single_engine {
            opts.engine.name().to_string()
        } else {
            format!("{}+{}", opts.engine.name(), opts.engine.other().name())
        });
    }
    f
}

/// Lower-case hex SHA-256 of `bytes`.
pub fn sha256_hex(bytes: &[u8]) -> String {
    Sha256::digest(bytes)
        .iter()
        .map(|b| format!("{b:02x}"))
        .collect()
}

/// What became of one input file.
#[derive(Debug, Clone, PartialEq, Serialize)]
#[serde(tag = "status", rename_all = "snake_case")]
pub enum Outcome {
    /// Converted and valid.
    Converted {
        /// Input file.
        file: PathBuf,
        /// Record written (none when only streaming JSON Lines).
        record: Option<PathBuf>,
        /// Pages read.
        pages: u32,
        /// The existing record was edited by hand, so it was kept and this
        /// conversion went beside it (`record` is the `.new.json`).
        protected: bool,
    },
    /// Its record is already up to date (same source SHA-256 and converter
    /// version); not converted again.
    Skipped {
        /// Input file.
        file: PathBuf,
        /// The existing record.
        record: PathBuf,
        /// That record was edited by hand.
        edited: bool,
    },
    /// Converted but the record failed the schema; kept under `_rejected/`.
    Rejected {
        /// Input file.
        file: PathBuf,
        /// Schema errors.
        errors: Vec<Diagnostic>,
    },
    /// Could not be converted.
    Failed {
        /// Input file.
        file: PathBuf,
        /// Failure class ("not_pdf", "empty", "encrypted", "damaged", …).
        class: String,
        /// One-line reason.
        reason: String,
        /// SHA-256 of the input, when it could be read.
        #[serde(skip_serializing_if = "Option::is_none")]
        sha256: Option<String>,
        /// Engine concerned, when known.
        #[serde(skip_serializing_if = "Option::is_none")]
        engine: Option<String>,
    },
}

impl Outcome {
    /// The input file.
    pub fn file(&self) -> &Path {
        match self {
            Self::Converted { file, .. }
            | Self::Skipped { file, .. }
            | Self::Rejected { file, .. }
            | Self::Failed { file, .. } => file,
        }
    }

    /// One status line: `ok      path (N pages)`, `FAIL    path: class: reason`, …
    pub fn line(&self) -> String {
        match self {
            Self::Converted {
                file,
                record,
                protected: true,
                ..
            } => format!(
                "KEPT    {}: its record was edited by hand and is left as it is; new conversion in {}",
                file.display(),
                record
                    .as_ref()
                    .map(|r| r.display().to_string())
                    .unwrap_or_default()
            ),
            Self::Converted { file, pages, .. } => {
                format!("ok      {} ({pages} pages)", file.display())
            }
            Self::Skipped {
                file,
                record,
                edited,
            } => format!(
                "skip    {}: up to date in {}{}",
                file.display(),
                record.display(),
                if *edited { " (edited by hand)" } else { "" }
            ),
            Self::Rejected { file, errors } => format!(
                "REJECT  {}: record fails the schema ({} error(s)); first: {}",
                file.display(),
                errors.len(),
                errors.first().map(ToString::to_string).unwrap_or_default()
            ),
            Self::Failed {
                file,
                class,
                reason,
                ..
            } => format!("FAIL    {}: {class}: {reason}", file.display()),
        }
    }

    fn failed(file: &Path, sha256: Option<&str>, f: Failure) -> Self {
        Self::Failed {
            file: file.to_path_buf(),
            class: f.class,
            reason: f.reason,
            sha256: sha256.map(str::to_string),
            engine: f.engine,
        }
    }
}

/// Totals of a batch.
#[derive(Debug, Clone, Default, PartialEq, Serialize)]
pub struct Summary {
    /// Records written (including those written beside hand-edited ones).
    pub converted: usize,
    /// Records that failed the schema.
    pub rejected: usize,
    /// Files that could not be converted.
    pub failed: usize,
    /// Inputs skipped because their record is up to date.
    pub skipped: usize,
    /// Conversions written as `.new.json` beside a hand-edited record.
    pub protected: usize,
    /// Failures per class.
    pub failures: BTreeMap<String, usize>,
    /// Pages read across converted files.
    pub pages: u64,
    /// Wall-clock seconds.
    pub seconds: f64,
    /// Time per stage, summed over the batch.
    pub timings: StageTimings,
}

impl Summary {
    /// The closing line of a batch: `N converted, N rejected, N failed`,
    /// then skipped / kept counts when there are any, pages and time, and
    /// failures per class.
    pub fn line(&self) -> String {
        let mut line = format!(
            "{} converted, {} rejected, {} failed",
            self.converted, self.rejected, self.failed
        );
        if self.skipped > 0 {
            line.push_str(&format!(", {} skipped (already up to date)", self.skipped));
        }
        if self.protected > 0 {
            line.push_str(&format!(
                ", {} hand-edited record(s) kept (new conversion in .new.json)",
                self.protected
            ));
        }
        line.push_str(&format!("; {} pages in {:.1} s", self.pages, self.seconds));
        if !self.failures.is_empty() {
            let classes: Vec<String> = self
                .failures
                .iter()
                .map(|(class, n)| format!("{class} {n}"))
                .collect();
            line.push_str(&format!("; failures: {}", classes.join(", ")));
        }
        line
    }

    fn count(&mut self, outcome: &Outcome) {
        match outcome {
            Outcome::Converted {
                pages, protected, ..
            } => {
                self.converted += 1;
                self.protected += usize::from(*protected);
                self.pages += u64::from(*pages);
            }
            Outcome::Skipped { .. } => self.skipped += 1,
            Outcome::Rejected { .. } => self.rejected += 1,
            Outcome::Failed { class, .. } => {
                self.failed += 1;
                *self.failures.entry(class.clone()).or_default() += 1;
            }
        }
    }
}

/// One unit of work: an input PDF and where its record goes.
#[derive(Debug, Clone, PartialEq)]
pub struct Job {
    /// Input PDF.
    pub input: PathBuf,
    /// Record path relative to the output folder ("sub/name.json").
    pub output: PathBuf,
}

/// Read a list of paths, one per line (as `--files-from` does); blank lines
/// are skipped, a trailing `\r` is dropped, bytes are kept as they are
/// (non-UTF-8 names work).
pub fn read_path_list(mut input: impl std::io::BufRead) -> std::io::Result<Vec<PathBuf>> {
    use std::os::unix::ffi::OsStrExt;
    let mut paths = Vec::new();
    let mut line = Vec::new();
    loop {
        line.clear();
        if input.read_until(b'\n', &mut line)? == 0 {
            break;
        }
        let mut l = line.as_slice();
        while let [rest @ .., b'\n' | b'\r'] = l {
            l = rest;
        }
        if !l.is_empty() {
            paths.push(PathBuf::from(std::ffi::OsStr::from_bytes(l)));
        }
    }
    Ok(paths)
}

/// Expand files and folders into jobs: folders are searched recursively for
/// `*.pdf` (any case), sorted, and keep their sub-folder layout under the
/// output folder; files given directly go to `<stem>.json`. A file met
/// twice is converted once; two inputs that would write the same record
/// (`a/report.pdf` and `b/report.pdf` given as files) get `report.json` and
/// `report-2.json`, in input order, so no record overwrites another.
pub fn discover(paths: &[PathBuf]) -> Result<Vec<Job>, Error> {
    Ok(settle_names(expand(paths)?))
}

/// One job per distinct input, each with a record path of its own.
fn settle_names(jobs: Vec<Job>) -> Vec<Job> {
    let mut inputs = std::collections::HashSet::new();
    let mut taken = std::collections::HashSet::new();
    let mut out = Vec::with_capacity(jobs.len());
    for job in jobs {
        let key = std::fs::canonicalize(&job.input).unwrap_or_else(|_| job.input.clone());
        if !inputs.insert(key) {
            continue;
        }
        let stem = job
            .output
            .file_stem()
            .map(|s| s.to_string_lossy().into_owned())
            .unwrap_or_default();
        let mut output = job.output.clone();
        let mut n = 2;
        while taken.contains(&output) {
            output = job.output.with_file_name(format!("{stem}-{n}.json"));
            n += 1;
        }
        taken.insert(output.clone());
        out.push(Job {
            input: job.input,
            output,
        });
    }
    out
}

fn expand(paths: &[PathBuf]) -> Result<Vec<Job>, Error> {
    let mut jobs = Vec::new();
    for p in paths {
        let meta = std::fs::metadata(p).map_err(|e| Error::io(p, e))?;
        if meta.is_dir() {
            let found = files::find(p, "pdf", files::Hidden::Enter).map_err(|e| Error::io(p, e))?;
            for f in found {
                let rel = f.strip_prefix(p).unwrap_or(&f).with_extension("json");
                jobs.push(Job {
                    input: f,
                    output: rel,
                });
            }
        } else {
            let stem = p
                .file_stem()
                .map(PathBuf::from)
                .unwrap_or_else(|| PathBuf::from("record"));
            jobs.push(Job {
                input: p.clone(),
                output: stem.with_extension("json"),
            });
        }
    }
    Ok(jobs)
}

/// Where a batch's results go.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Destination {
    /// Folder of per-file records (plus `_failed.jsonl`, `_rejected/`,
    /// `_state/`); `None` writes no files (pure map step).
    pub records: Option<PathBuf>,
    /// One JSON line per input, in input order.
    pub jsonl: Option<JsonlTarget>,
}

/// Where the JSON Lines stream goes.
#[derive(Debug, Clone, PartialEq)]
pub enum JsonlTarget {
    /// Standard output (`--jsonl -`).
    Stdout,
    /// A file, replaced.
    File(PathBuf),
}

/// One job done: its outcome, the input's SHA-256 when it was read, the
/// record as compact JSON (only when a JSON Lines stream wants it) and the
/// stage times.
struct Done {
    outcome: Outcome,
    sha256: Option<String>,
    record: Option<Vec<u8>>,
    timings: StageTimings,
}

/// Convert, validate and write one job.
pub fn run_job(job: &Job, out_dir: &Path, validator: &Validator, opts: &Options) -> Outcome {
    process(job, Some(out_dir), false, validator, opts).outcome
}

fn process(
    job: &Job,
    out_dir: Option<&Path>,
    want_record: bool,
    validator: &Validator,
    opts: &Options,
) -> Done {
    let file = job.input.as_path();
    let mut t = StageTimings::default();
    let mut clock = Instant::now();
    let io_failed = |e: std::io::Error, t| Done {
        outcome: Outcome::failed(file, None, Failure::new("io", e.to_string(), None)),
        sha256: None,
        record: None,
        timings: t,
    };
    let size = match std::fs::metadata(file) {
        Ok(m) => m.len(),
        Err(e) => return io_failed(e, t),
    };
    if let Err(e) = opts.limits.check_file_size(size) {
        return Done {
            outcome: Outcome::failed(file, None, Failure::from(&e)),
            sha256: None,
            record: None,
            timings: t,
        };
    }
    let bytes = match std::fs::read(file) {
        Ok(b) => b,
        Err(e) => return io_failed(e, t),
    };
    let sha = sha256_hex(&bytes);
    t.read = lap(&mut clock);
    let done = |outcome: Outcome, record: Option<Vec<u8>>, t: StageTimings| Done {
        outcome,
        sha256: Some(sha.clone()),
        record: record.filter(|_| want_record),
        timings: t,
    };
    let fail = |f: Failure| Outcome::failed(file, Some(&sha), f);
    let decision = out_dir.map(|d| resume::decide(d, &job.output, &sha, opts.force));
    let (target, protected) = match decision {
        Some(Decision::Skip { record, edited }) => {
            let existing = want_record.then(|| compact_record_file(&record)).flatten();
            let outcome = Outcome::Skipped {
                file: file.to_path_buf(),
                record,
                edited,
            };
            return done(outcome, existing, t);
        }
        Some(Decision::Convert { target, protected }) => (Some(target), protected),
        None => (None, false),
    };
    let name = file
        .file_name()
        .map(|n| n.to_string_lossy().into_owned())
        .unwrap_or_default();
    let (record, ct) = match convert_isolated(&bytes, &name, opts) {
        Ok(converted) => converted,
        Err(f) => return done(fail(f), None, t),
    };
    t.add(&ct);
    clock = Instant::now();
    let value = match serde_json::to_value(&record) {
        Ok(v) => v,
        Err(e) => return done(fail(Failure::new("internal", e.to_string(), None)), None, t),
    };
    let errors = validator.check_record(&value);
    drop(value);
    t.validate = lap(&mut clock);
    let pretty = match output::to_pretty_json(&record) {
        Ok(b) => b,
        Err(e) => return done(fail(Failure::from(&e)), None, t),
    };
    if let Err(e) = opts.limits.check_record_size(pretty.len()) {
        return done(fail(Failure::from(&e)), None, t);
    }
    let compact = want_record
        .then(|| serde_json::to_vec(&record).ok())
        .flatten();
    if !errors.is_empty() {
        if let Some(dir) = out_dir {
            let rejected = dir.join("_rejected").join(&job.output);
            let errors_path = rejected.with_extension("errors.json");
            let written = output::write_atomic(&rejected, &pretty)
                .and_then(|()| output::to_pretty_json(&errors))
                .and_then(|e| output::write_atomic(&errors_path, &e));
            if let Err(e) = written {
                return done(fail(Failure::from(&e)), None, t);
            }
        }
        t.write = lap(&mut clock);
        let outcome = Outcome::Rejected {
            file: file.to_path_buf(),
            errors,
        };
        return done(outcome, compact, t);
    }
    if let (Some(dir), Some(target)) = (out_dir, &target)
        && let Err(e) = resume::write_record(dir, &job.output, target, &pretty)
    {
        return done(fail(Failure::from(&e)), None, t);
    }
    t.write = lap(&mut clock);
    let outcome = Outcome::Converted {
        file: file.to_path_buf(),
        record: target,
        pages: record.source.pages,
        protected,
    };
    done(outcome, compact, t)
}

/// An existing record file as compact JSON in the record's own field order
/// (or as it parses, when it no longer fits the record type).
fn compact_record_file(path: &Path) -> Option<Vec<u8>> {
    let bytes = std::fs::read(path).ok()?;
    match serde_json::from_slice::<Record>(&bytes) {
        Ok(r) => serde_json::to_vec(&r).ok(),
        Err(_) => serde_json::from_slice::<Value>(&bytes)
            .ok()
            .and_then(|v| serde_json::to_vec(&v).ok()),
    }
}

/// The head of a JSON Lines entry: what happened to the file. The record
/// itself, when there is one, follows as `"record"`.
#[derive(Serialize)]
struct LineHead<'a> {
    file: &'a Path,
    status: &'static str,
    #[serde(skip_serializing_if = "Option::is_none")]
    sha256: Option<&'a str>,
    #[serde(skip_serializing_if = "Option::is_none")]
    class: Option<&'a str>,
    #[serde(skip_serializing_if = "Option::is_none")]
    reason: Option<&'a str>,
    #[serde(skip_serializing_if = "Option::is_none")]
    engine: Option<&'a str>,
    #[serde(skip_serializing_if = "<[_]>::is_empty")]
    errors: &'a [Diagnostic],
}

/// One JSON Lines entry: `{"file", "status", "sha256", (failure fields |
/// schema errors), "record"}` on one line, no newline.
fn jsonl_entry(done: &Done) -> Vec<u8> {
    let o = &done.outcome;
    let mut head = LineHead {
        file: o.file(),
        status: "",
        sha256: done.sha256.as_deref(),
        class: None,
        reason: None,
        engine: None,
        errors: &[],
    };
    match o {
        Outcome::Converted { .. } => head.status = "converted",
        Outcome::Skipped { .. } => head.status = "skipped",
        Outcome::Rejected { errors, .. } => {
            head.status = "rejected";
            head.errors = errors;
        }
        Outcome::Failed {
            class,
            reason,
            engine,
            ..
        } => {
            head.status = "failed";
            head.class = Some(class);
            head.reason = Some(reason);
            head.engine = engine.as_deref();
        }
    }
    let mut line = serde_json::to_vec(&head).unwrap_or_else(|_| b"{}".to_vec());
    if let Some(record) = &done.record
        && line.last() == Some(&b'}')
    {
        line.pop();
        line.extend_from_slice(b",\"record\":");
        line.extend_from_slice(record);
        line.push(b'}');
    }
    line
}

/// The `_failed.jsonl` line of a failure.
#[derive(Serialize)]
struct FailedLine<'a> {
    file: &'a Path,
    #[serde(skip_serializing_if = "Option::is_none")]
    sha256: Option<&'a str>,
    class: &'a str,
    reason: &'a str,
    #[serde(skip_serializing_if = "Option::is_none")]
    engine: Option<&'a str>,
}

/// Run a batch in parallel, writing records to `out_dir`. `on_done` is
/// called once per file as it finishes (from worker threads); outcomes are
/// returned in input order.
pub fn run_batch(
    jobs: &[Job],
    out_dir: &Path,
    opts: &Options,
    on_done: &(dyn Fn(&Outcome) + Sync),
) -> Result<(Vec<Outcome>, Summary), Error> {
    let dest = Destination {
        records: Some(out_dir.to_path_buf()),
        jsonl: None,
    };
    run_batch_to(jobs, &dest, opts, on_done)
}

/// Run a batch in parallel with results going to `dest`.
///
/// `opts.jobs` threads (0 = one per core) take the inputs **in order** from
/// a shared counter, each converting one file at a time (in its own worker
/// process unless `opts.isolation` is in-process). In-order dispatch keeps
/// the JSON Lines re-ordering buffer to about one record per thread, so
/// memory does not grow with the batch.
pub fn run_batch_to(
    jobs: &[Job],
    dest: &Destination,
    opts: &Options,
    on_done: &(dyn Fn(&Outcome) + Sync),
) -> Result<(Vec<Outcome>, Summary), Error> {
    let started = Instant::now();
    let validator = Validator::published()?;
    let out_dir = dest.records.as_deref();
    let failed_log = match out_dir {
        Some(dir) => {
            output::remove_stale_temps(dir);
            Some(FailedLog::create(dir)?)
        }
        None => None,
    };
    let lines = match &dest.jsonl {
        None => None,
        Some(JsonlTarget::Stdout) => Some(OrderedLines::new(Box::new(std::io::BufWriter::new(
            std::io::stdout(),
        )))),
        Some(JsonlTarget::File(path)) => {
            if let Some(dir) = path.parent().filter(|d| !d.as_os_str().is_empty()) {
                std::fs::create_dir_all(dir).map_err(|e| Error::io(dir, e))?;
            }
            let f = std::fs::File::create(path).map_err(|e| Error::io(path, e))?;
            Some(OrderedLines::new(Box::new(std::io::BufWriter::new(f))))
        }
    };
    let threads = match opts.jobs {
        0 => std::thread::available_parallelism().map_or(1, |n| n.get()),
        n => n,
    }
    .min(jobs.len().max(1));
    let next = AtomicUsize::new(0);
    let log_errors = std::sync::Mutex::new(Vec::new());
    let work = || {
        let mut mine = Vec::new();
        loop {
            let i = next.fetch_add(1, Ordering::Relaxed);
            let Some(job) = jobs.get(i) else { break };
            let done = process(job, out_dir, lines.is_some(), &validator, opts);
            if let Some(sink) = &lines {
                sink.put(i, jsonl_entry(&done));
            }
            if let (
                Some(log),
                Outcome::Failed {
                    file,
                    class,
                    reason,
                    sha256,
                    engine,
                },
            ) = (&failed_log, &done.outcome)
            {
                let entry = FailedLine {
                    file,
                    sha256: sha256.as_deref(),
                    class,
                    reason,
                    engine: engine.as_deref(),
                };
                if let Err(e) = log.add(i, &entry)
                    && let Ok(mut errs) = log_errors.lock()
                {
                    errs.push(e);
                }
            }
            on_done(&done.outcome);
            mine.push((i, done.outcome, done.timings));
        }
        mine
    };
    // In process, conversions run on these threads: give them the deep
    // stack a worker gets (see worker::CONVERT_STACK).
    let stack = match opts.isolation {
        Isolation::InProcess => worker::CONVERT_STACK,
        Isolation::Worker { .. } => 2 << 20,
    };
    let mut results: Vec<(usize, Outcome, StageTimings)> = std::thread::scope(|s| {
        let handles: Vec<_> = (0..threads)
            .map(|_| {
                std::thread::Builder::new()
                    .stack_size(stack)
                    .spawn_scoped(s, work)
                    .unwrap_or_else(|_| s.spawn(work))
            })
            .collect();
        handles
            .into_iter()
            .flat_map(|h| h.join().unwrap_or_default())
            .collect()
    });
    results.sort_by_key(|(i, _, _)| *i);
    if results.len() != jobs.len() {
        return Err(Error::Internal(format!(
            "{} of {} files came back from the workers",
            results.len(),
            jobs.len()
        )));
    }
    if let Some(sink) = &lines {
        sink.finish()
            .map_err(|e| Error::io("JSON Lines output", e))?;
    }
    if let Some(log) = &failed_log {
        log.finish()?;
    }
    if let Some(e) = log_errors.into_inner().ok().and_then(|mut v| v.pop()) {
        return Err(e);
    }
    let mut summary = Summary::default();
    let mut outcomes = Vec::with_capacity(results.len());
    for (_, outcome, timings) in results {
        summary.count(&outcome);
        summary.timings.add(&timings);
        outcomes.push(outcome);
    }
    summary.seconds = started.elapsed().as_secs_f64();
    Ok((outcomes, summary))
}

/// Judgment rows of every record in the output folder after a batch, in
/// input order, read back from disk (so the summary reflects exactly what is
/// there): records written now, records skipped as up to date, and, for a
/// hand-edited record, the edited one (not its `.new.json`). Records only
/// streamed as JSON Lines have no file and give no rows.
pub fn judgment_rows(outcomes: &[Outcome]) -> Result<Vec<output::JudgmentRow>, Error> {
    let mut rows = Vec::new();
    for o in outcomes {
        let path = match o {
            Outcome::Converted {
                record: Some(path),
                protected,
                ..
            } => {
                if *protected {
                    resume::edited_of_new(path)
                } else {
                    path.clone()
                }
            }
            Outcome::Skipped { record, .. } => record.clone(),
            _ => continue,
        };
        let text = std::fs::read_to_string(&path).map_err(|e| Error::io(&path, e))?;
        let rec: Record = serde_json::from_str(&text)?;
        rows.extend(output::JudgmentRow::from_record(&rec));
    }
    Ok(rows)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn inputs_sharing_a_name_get_records_of_their_own() {
        let dir = tempfile::tempdir().expect("tempdir");
        let a = dir.path().join("a");
        let b = dir.path().join("b");
        for d in [&a, &b] {
            std::fs::create_dir_all(d).expect("mkdir");
            std::fs::write(d.join("report.pdf"), b"%PDF-1.4").expect("write");
        }
        std::fs::write(a.join("report-2.pdf"), b"%PDF-1.4").expect("write");
        let jobs = discover(&[
            a.join("report.pdf"),
            b.join("report.pdf"),
            a.join("report-2.pdf"),
            // The same file again, by another spelling: converted once.
            a.join("../a/report.pdf"),
        ])
        .expect("discover");
        let outputs: Vec<&str> = jobs
            .iter()
            .map(|j| j.output.to_str().unwrap_or_default())
            .collect();
        assert_eq!(outputs, ["report.json", "report-2.json", "report-2-2.json"]);
        assert_eq!(jobs[1].input, b.join("report.pdf"));
    }

    #[test]
    fn folders_keep_their_layout() {
        let dir = tempfile::tempdir().expect("tempdir");
        let sub = dir.path().join("2016");
        std::fs::create_dir_all(&sub).expect("mkdir");
        std::fs::write(sub.join("x.PDF"), b"%PDF-1.4").expect("write");
        std::fs::write(dir.path().join("notes.txt"), b"no").expect("write");
        let jobs = discover(&[dir.path().to_path_buf()]).expect("discover");
        assert_eq!(jobs.len(), 1);
        assert_eq!(jobs[0].output, PathBuf::from("2016/x.json"));
    }
}
