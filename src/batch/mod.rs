//! A batch: many PDFs → a records folder and/or a JSON Lines stream, in
//! parallel, no file lost.
//!
//! In: the inputs as [`Job`]s ([`discover`]), the [`Options`] (the
//! per-file [`convert::Options`] plus threads, isolation and `--force`) and
//! a [`Destination`]. Out: one [`Outcome`] per input, in input order, and
//! a [`Summary`].
//!
//! Each input goes through [`process`](process::process): read → the
//! records folder's [plan](RecordsFolder::plan) (skip up to date records,
//! protect hand edits: [`resume`]) → [`convert_in`] (in a [`worker`]
//! process from the batch's [`Pool`] by default, retried with the other
//! engine when it dies) →
//! validation. The [`Finished`] item then goes, on the batch's output thread, to each output
//! ([`Sink`]) in turn: the records folder first (a record that failed
//! validation goes to `_rejected/`, never beside the records), then
//! `_failed.jsonl`, the JSON Lines stream and the judgments CSV. A file
//! that cannot be read or converted is one failure with its class; the
//! batch goes on. The threads come from the one parallel driver,
//! [`parallel::in_order_by`].

pub mod discover;
#[cfg(feature = "fault-injection")]
pub(crate) mod fault;
pub mod isolate;
pub mod outcome;
pub mod pool;
mod process;
pub mod resume;
pub mod worker;

pub use discover::{Job, discover, discover_listed, read_path_list};
pub use isolate::{Isolation, convert_in, convert_isolated};
pub use outcome::{Finished, Outcome, Summary};
pub use pool::Pool;

use crate::convert;
use crate::error::{Error, Failure};
use crate::output::Sink;
use crate::output::failed::FailedLog;
use crate::output::folder::RecordsFolder;
use crate::output::jsonl::JsonLines;
use crate::output::judgments::JudgmentsCsv;
use crate::parallel;
use crate::timings::{StageTimings, lap};
use crate::validate::registry::batch_validator;
use serde::{Deserialize, Serialize};
use std::path::PathBuf;
use std::sync::mpsc;
use std::time::Instant;

/// How to run a batch.
#[derive(Debug, Clone, Default, Serialize, Deserialize)]
pub struct Options {
    /// How to convert each file.
    pub convert: convert::Options,
    /// Worker threads / processes (0 = one per core).
    pub jobs: usize,
    /// Where each conversion runs.
    pub isolation: Isolation,
    /// Reconvert inputs whose record is already up to date.
    pub force: bool,
}

/// Where a batch's results go.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Destination {
    /// Folder of per-file records (plus `_failed.jsonl`, `_rejected/`,
    /// `_state/`).
    pub records: Option<PathBuf>,
    /// JSON Lines stream of every result.
    pub jsonl: Option<JsonlTarget>,
    /// CSV of every graded judgment, read back from the records folder.
    pub judgments_csv: Option<PathBuf>,
}

/// Where a JSON Lines stream goes.
#[derive(Debug, Clone, PartialEq)]
pub enum JsonlTarget {
    /// Standard output.
    Stdout,
    /// A file (created or truncated).
    File(PathBuf),
}

/// What a batch did.
#[derive(Debug, Clone, PartialEq)]
pub struct Batch {
    /// One outcome per input, in input order.
    pub outcomes: Vec<Outcome>,
    /// The totals.
    pub summary: Summary,
    /// What the outputs had to say when they closed ("19 judgments written
    /// to …").
    pub messages: Vec<String>,
}

/// Finished files per converting thread that may wait for the output
/// thread.
const QUEUED_PER_THREAD: usize = 4;

/// Each input's size in bytes, as the file system states it (0 when it
/// cannot be read: the conversion will say why).
fn input_sizes(jobs: &[Job]) -> Vec<u64> {
    jobs.iter()
        .map(|j| std::fs::metadata(&j.input).map_or(0, |m| m.len()))
        .collect()
}

/// The records folder (when there is one) and every output, in the order
/// they take each input.
fn open_outputs(
    dest: &Destination,
    folder: Option<&RecordsFolder>,
) -> Result<Vec<Box<dyn Sink>>, Error> {
    let mut sinks: Vec<Box<dyn Sink>> = Vec::new();
    if let Some(folder) = folder {
        sinks.push(Box::new(folder.clone()));
        sinks.push(Box::new(FailedLog::create(folder.dir())?));
    }
    match &dest.jsonl {
        None => {}
        Some(JsonlTarget::Stdout) => sinks.push(Box::new(JsonLines::stdout())),
        Some(JsonlTarget::File(path)) => sinks.push(Box::new(JsonLines::create(path)?)),
    }
    if let Some(path) = &dest.judgments_csv {
        sinks.push(Box::new(JudgmentsCsv::new(path)));
    }
    Ok(sinks)
}

/// Hand `item` to every output in turn. An output that fails turns the
/// input into a failure for the outputs after it.
fn hand_over(item: &mut Finished, sinks: &[Box<dyn Sink>]) {
    let mut clock = Instant::now();
    for sink in sinks {
        if let Err(e) = sink.put(item) {
            item.outcome =
                Outcome::failed(&item.job.input, item.sha256.as_deref(), Failure::from(&e));
            item.record = None;
            item.pretty = None;
        }
    }
    item.timings.write = lap(&mut clock);
}

/// How the converting threads run: how many, their stack size, and the
/// order they take the inputs in.
struct Lanes<'a> {
    threads: usize,
    stack: usize,
    order: &'a [usize],
}

/// Convert every input on the lanes' threads and hand each finished one to
/// the outputs on the output thread (or, when no thread can be started for
/// it, on the converting thread itself). One `(index, outcome, timings)`
/// per input, in no particular order.
fn convert_then_write(
    lanes: &Lanes,
    convert: &(dyn Fn(usize) -> Finished + Sync),
    sinks: &[Box<dyn Sink>],
    on_done: &(dyn Fn(&Outcome) + Sync),
) -> Result<Vec<(usize, Outcome, StageTimings)>, Error> {
    let (threads, stack, order) = (lanes.threads, lanes.stack, lanes.order);
    // Room for a few finished files per converting thread (a record's
    // fsyncs sometimes take 10-20 ms when other writers share the disk):
    // past that, a thread waits for the outputs (a slow JSON Lines reader,
    // a slow disk) instead of piling records up in memory.
    let (finished, to_write) = mpsc::sync_channel::<Finished>(QUEUED_PER_THREAD * threads);
    std::thread::scope(|s| {
        let output = std::thread::Builder::new()
            .name("inspdf-output".into())
            .spawn_scoped(s, || {
                let mut done = Vec::with_capacity(order.len());
                for mut item in to_write {
                    hand_over(&mut item, sinks);
                    on_done(&item.outcome);
                    done.push((item.index, item.outcome, item.timings));
                }
                done
            });
        let finished = finished;
        match output {
            Ok(output) => {
                parallel::in_order_by(threads, stack, order, |i| {
                    // Only fails when the output thread is gone: it panicked,
                    // and joining it below says so.
                    let _ = finished.send(convert(i));
                });
                drop(finished);
                output.join().map_err(|panic| {
                    Error::Internal(format!(
                        "output thread: {}",
                        crate::error::panic_message(&panic)
                    ))
                })
            }
            // No thread to spare: each thread writes its own files.
            Err(_) => Ok(parallel::in_order_by(threads, stack, order, |i| {
                let mut item = convert(i);
                hand_over(&mut item, sinks);
                on_done(&item.outcome);
                (item.index, item.outcome, item.timings)
            })),
        }
    })
}

/// Run a batch with results going to `dest`. `on_done` is called once per
/// file as it finishes (from the output thread).
///
/// `opts.jobs` threads (0 = one per core) take the inputs in order (the
/// batch's last few largest first, see [`parallel::tail_largest_first`]),
/// each converting one file at a time (in a worker process from one pool,
/// reused from file to file, unless `opts.isolation` is in-process), so the
/// JSON Lines re-ordering buffer holds a handful of records whatever the
/// batch's length. One more thread, the output thread, hands each finished
/// file to the outputs in turn ([`hand_over`]) while the next files convert:
/// writing a record waits for the disk (each file is synced), and that wait
/// would otherwise leave a worker idle.
pub fn run(
    jobs: &[Job],
    dest: &Destination,
    opts: &Options,
    on_done: &(dyn Fn(&Outcome) + Sync),
) -> Result<Batch, Error> {
    let started = Instant::now();
    let threads = parallel::threads_for(opts.jobs, jobs.len());
    let pool = Pool::new();
    // The workers load while the validator compiles.
    if let Isolation::Worker { exe } = &opts.isolation {
        pool.prestart(exe, &opts.convert, threads.min(jobs.len()));
    }
    let validator = batch_validator()?;
    let folder = dest
        .records
        .as_deref()
        .map(|d| RecordsFolder::open(d, opts.force))
        .transpose()?;
    let sinks = open_outputs(dest, folder.as_ref())?;
    // In process, conversions run on these threads: give them the deep
    // stack a worker gets (see worker::CONVERT_STACK).
    let stack = match opts.isolation {
        Isolation::InProcess => worker::CONVERT_STACK,
        Isolation::Worker { .. } => 2 << 20,
    };
    let order = parallel::tail_largest_first(threads, &input_sizes(jobs));
    let convert = |i: usize| {
        process::process(
            i,
            &jobs[i],
            folder.as_ref(),
            &validator,
            &opts.convert,
            &opts.isolation,
            &pool,
        )
    };
    let lanes = Lanes {
        threads,
        stack,
        order: &order,
    };
    let results = convert_then_write(&lanes, &convert, &sinks, on_done);
    drop(pool);
    let mut results = results?;
    results.sort_by_key(|(i, _, _)| *i);
    let mut messages = Vec::new();
    let mut first_error = None;
    for sink in &sinks {
        match sink.finish() {
            Ok(Some(m)) => messages.push(m),
            Ok(None) => {}
            Err(e) => {
                first_error.get_or_insert(e);
            }
        }
    }
    if let Some(e) = first_error {
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
    Ok(Batch {
        outcomes,
        summary,
        messages,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn outcomes_come_back_in_input_order_though_the_tail_runs_largest_first() {
        let root = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("samples");
        let dir = tempfile::tempdir().expect("tempdir");
        let junk = dir.path().join("junk.pdf");
        std::fs::write(&junk, "not a PDF\n").expect("write");
        // Smallest first: the tail order (largest first) is the reverse.
        let inputs = [
            junk.clone(),
            root.join("004_a_a4_serif_justified_hyphenated.pdf"),
            root.join("003_a_a4_serif_justified_hyphenated.pdf"),
            root.join("001_a_a4_serif_justified_hyphenated.pdf"),
        ];
        let jobs = discover(&inputs).expect("discover");
        let dest = Destination {
            records: Some(dir.path().join("records")),
            ..Destination::default()
        };
        let opts = Options {
            jobs: 2,
            ..Options::default()
        };
        let done = run(&jobs, &dest, &opts, &|_| {}).expect("batch");
        let files: Vec<&std::path::Path> = done.outcomes.iter().map(Outcome::file).collect();
        let expected: Vec<&std::path::Path> = jobs.iter().map(|j| j.input.as_path()).collect();
        assert_eq!(files, expected);
        assert_eq!(
            (done.summary.converted, done.summary.failed),
            (3, 1),
            "{:?}",
            done.summary
        );
    }
}
