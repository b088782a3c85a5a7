//! Where one file's conversion runs, and what happens when it dies.
//!
//! In: the PDF's bytes, the per-file [`convert::Options`] and an
//! [`Isolation`]. Out: the record with its stage times, or a [`Failure`].
//! In process, a panic is caught; in a [`worker`] process (from a
//! [`Pool`] of long-lived ones), a worker that dies (crash, time or memory limit) is retried once with the other
//! engine alone, and the record says so in an `engine-fallback` warning.

use super::pool::{Died, Pool};
use super::worker::Reply;
use crate::convert::{self, Options};
use crate::error::{Failure, FailureClass};
use crate::record::{Record, Warning, WarningCode};
use crate::timings::StageTimings;
use serde::{Deserialize, Serialize};
use std::path::PathBuf;
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
    /// In child processes started from `exe` with the hidden worker
    /// argument, each converting files in turn under the options' limits,
    /// one file's death its own (the CLI's default).
    Worker {
        /// The inspdf binary to run as a worker.
        exe: PathBuf,
    },
}

/// Convert PDF bytes where `isolation` says (a worker, if any, is started
/// for this file alone: a batch shares its workers with [`convert_in`]).
pub fn convert_isolated(
    bytes: &[u8],
    file: &str,
    opts: &Options,
    isolation: &Isolation,
) -> Result<(Record, StageTimings), Failure> {
    convert_in(bytes, file, opts, isolation, &Pool::new())
}

/// Convert PDF bytes where `isolation` says, in a worker from `pool` when
/// isolated.
pub fn convert_in(
    bytes: &[u8],
    file: &str,
    opts: &Options,
    isolation: &Isolation,
    pool: &Pool,
) -> Result<(Record, StageTimings), Failure> {
    match isolation {
        Isolation::InProcess => in_process(bytes, file, opts),
        Isolation::Worker { exe } => in_worker(pool, exe, bytes, file, opts),
    }
    .map_err(|f| name_engines(f, opts))
}

/// Convert here, a panic caught as an `engine_crash`.
fn in_process(bytes: &[u8], file: &str, opts: &Options) -> Result<(Record, StageTimings), Failure> {
    let run = std::panic::catch_unwind(std::panic::AssertUnwindSafe(|| {
        convert::convert_bytes_timed(bytes, file, opts)
    }));
    match run {
        Ok(Ok(done)) => Ok(done),
        Ok(Err(e)) => Err(Failure::from(&e)),
        Err(panic) => Err(Failure::new(
            FailureClass::EngineCrash,
            format!(
                "converter panicked: {}",
                crate::error::panic_message(&panic)
            ),
            None,
        )),
    }
}

/// Convert in a worker process; when the worker dies, once more with the
/// other engine alone.
fn in_worker(
    pool: &Pool,
    exe: &std::path::Path,
    bytes: &[u8],
    file: &str,
    opts: &Options,
) -> Result<(Record, StageTimings), Failure> {
    let started = Instant::now();
    let attempt = |o: &Options| match pool.run(exe, bytes, file, o) {
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
            retried(first, attempt(&retry), opts, &retry)
        }
        other => other.map_err(|(f, _)| f),
    };
    result.map(|(record, mut t)| {
        t.worker = (started.elapsed().as_secs_f64() - t.convert_total()).max(0.0);
        (record, t)
    })
}

/// The outcome of a retry after the first engine killed its worker.
fn retried(
    first: Failure,
    second: Result<(Record, StageTimings), (Failure, bool)>,
    opts: &Options,
    retry: &Options,
) -> Result<(Record, StageTimings), Failure> {
    match second {
        Ok((mut record, t)) => {
            record.warnings.push(Warning {
                code: WarningCode::EngineFallback,
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

/// Name the engine(s) tried on a failure that does not say, unless the
/// file never reached an engine.
fn name_engines(mut f: Failure, opts: &Options) -> Failure {
    if f.engine.is_none() && !f.class.before_engines() {
        f.engine = Some(if opts.single_engine {
            opts.engine.name().to_string()
        } else {
            format!("{}+{}", opts.engine.name(), opts.engine.other().name())
        });
    }
    f
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn failures_name_the_engines_tried_unless_none_was() {
        let opts = Options::default();
        let both = format!("{}+{}", opts.engine.name(), opts.engine.other().name());
        let crash = Failure::new(FailureClass::EngineCrash, "boom", None);
        assert_eq!(name_engines(crash.clone(), &opts).engine, Some(both));
        let single = Options {
            single_engine: true,
            ..Options::default()
        };
        let named = name_engines(crash, &single).engine;
        assert_eq!(named.as_deref(), Some(opts.engine.name()));
        let not_pdf = convert_isolated(b"hello", "x.pdf", &opts, &Isolation::InProcess);
        assert!(matches!(
            not_pdf,
            Err(Failure {
                class: FailureClass::NotPdf,
                engine: None,
                ..
            })
        ));
    }
}
