//! Process isolation: each file is converted in a child process — the same
//! binary, run as the hidden `inspdf worker` subcommand — so that nothing a
//! hostile PDF does to an engine (panic, stack overflow, abort, allocation
//! failure, segfault, endless loop) can take the batch down with it.
//!
//! ## Protocol
//! The parent writes to the child's stdin one line of JSON, a [`Request`]
//! (file name and [`Options`]), then the PDF's raw bytes until end of input.
//! The child applies its limits (`RLIMIT_AS` for memory, `RLIMIT_CORE` = 0),
//! converts (extract → layout → parse → findings; validation and writing
//! stay in the parent), and writes one line to stdout: [`REPLY_TAG`]
//! followed by a JSON [`Reply`]. Anything else an engine prints is ignored.
//!
//! The parent waits at most the wall-time limit ([`Limits::time_limit`]);
//! past it, the child is killed (`SIGKILL`) and the file fails with class
//! `time_limit`. A child that dies without a reply fails with
//! `memory_limit` when its stderr shows an allocation failure, otherwise
//! `engine_crash` naming the signal or exit code.
//!
//! [`Limits::time_limit`]: crate::limits::Limits::time_limit

use crate::convert::{self, Options};
use crate::error::{Failure, FailureClass};
use crate::record::Record;
use crate::timings::StageTimings;
use serde::{Deserialize, Serialize};
use std::io::{BufRead, Read, Write};
use std::path::Path;
use std::process::{Command, Stdio};
use std::sync::mpsc;
use std::time::Instant;

/// Marks the reply line on the worker's stdout.
pub const REPLY_TAG: &str = "INSPDF-REPLY ";

/// The inspdf binary allocates with mimalloc, which reserves address space
/// 1 GiB at a time — at start-up, before the worker can set its limit. Under
/// `RLIMIT_AS` that reservation alone would use up a limit of 1 GiB or less
/// (even starting the watchdog thread then fails), so workers are started
/// with mimalloc reserving a little at a time instead.
const ARENA_ENV: &str = "MIMALLOC_ARENA_RESERVE";
/// See [`ARENA_ENV`].
const ARENA_RESERVE: &str = "32MiB";

/// Most bytes of the worker's stderr kept for diagnosis (the tail).
const STDERR_TAIL: usize = 8 * 1024;

/// What the parent asks of a worker.
#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct Request {
    /// Name recorded in `source.file`.
    pub file: String,
    /// Conversion options (engine, fallback, limits, …).
    pub options: Options,
}

/// What a worker answers.
#[derive(Debug, Clone, Serialize, Deserialize)]
#[serde(tag = "status", rename_all = "snake_case")]
pub enum Reply {
    /// The record, not yet validated, and the stage times.
    Converted {
        /// The record.
        record: Box<Record>,
        /// Time per stage inside the worker.
        timings: StageTimings,
    },
    /// The file could not be converted (every allowed engine was tried).
    Failed(Failure),
}

/// The one argument that makes the binary a worker (`convert` starts it so,
/// once per file). Not a subcommand: users never see it in `--help` or
/// `inspdf help`.
pub const WORKER_ARG: &str = "__inspdf-worker";

/// The `inspdf worker` subcommand: read one [`Request`] and the PDF from
/// stdin, answer one [`Reply`] on stdout. Returns the process exit code
/// (0 when a reply was written, whatever it says).
pub fn serve() -> u8 {
    let stdin = std::io::stdin();
    let mut input = stdin.lock();
    let mut header = String::new();
    if let Err(e) = input.read_line(&mut header) {
        eprintln!("inspdf worker: reading request: {e}");
        return 2;
    }
    let request: Request = match serde_json::from_str(&header) {
        Ok(r) => r,
        Err(e) => {
            eprintln!("inspdf worker: bad request: {e}");
            return 2;
        }
    };
    apply_limits(&request.options);
    #[cfg(feature = "fault-injection")]
    super::fault::inject(&request.file, &request.options);
    let mut bytes = Vec::new();
    if let Err(e) = input.read_to_end(&mut bytes) {
        eprintln!("inspdf worker: reading input: {e}");
        return 2;
    }
    watchdog(request.options.limits.time_limit(&bytes));
    let mut reply = convert_on_big_stack(&bytes, &request);
    if let Reply::Converted { timings, .. } = &mut reply {
        timings.peak_rss_kib = crate::timings::peak_rss_kib().unwrap_or(0);
    }
    let line = match serde_json::to_string(&reply) {
        Ok(l) => l,
        Err(e) => {
            eprintln!("inspdf worker: encoding reply: {e}");
            return 2;
        }
    };
    let mut out = std::io::stdout().lock();
    let written = out
        .write_all(REPLY_TAG.as_bytes())
        .and_then(|()| out.write_all(line.as_bytes()))
        .and_then(|()| out.write_all(b"\n"))
        .and_then(|()| out.flush());
    match written {
        Ok(()) => 0,
        Err(e) => {
            eprintln!("inspdf worker: writing reply: {e}");
            2
        }
    }
}

/// Ends the worker a little after its own wall-time limit, in case the
/// parent that should have killed it is gone (itself killed with
/// `SIGKILL`): no orphan outlives its limit by more than [`WATCHDOG_GRACE`].
fn watchdog(limit: std::time::Duration) {
    std::thread::spawn(move || {
        std::thread::sleep(limit + WATCHDOG_GRACE);
        eprintln!("inspdf worker: time limit passed and no parent stopped me; exiting");
        std::process::exit(124);
    });
}

/// Extra time the worker's own watchdog allows beyond the time limit.
pub const WATCHDOG_GRACE: std::time::Duration = std::time::Duration::from_secs(5);

/// Memory limit (address space) and no core dumps. Failing to set them is
/// reported on stderr and not fatal: the wall-time limit still applies.
fn apply_limits(opts: &Options) {
    use rlimit::Resource;
    if let Err(e) = rlimit::setrlimit(Resource::CORE, 0, 0) {
        eprintln!("inspdf worker: cannot disable core dumps: {e}");
    }
    if opts.limits.memory_mib > 0 {
        let bytes = opts.limits.memory_mib.saturating_mul(1024 * 1024);
        if let Err(e) = rlimit::setrlimit(Resource::AS, bytes, bytes) {
            eprintln!("inspdf worker: cannot set memory limit: {e}");
        }
    }
}

/// Stack of the thread a conversion runs on. Engines parse nested arrays,
/// dictionaries and content streams recursively: on the usual 8 MiB main
/// stack, 100,000 nested arrays in a content stream overflow pdf_oxide's
/// parser and abort the process. The stack is address space, touched only
/// as deep as the recursion goes; under a memory limit it takes at most a
/// quarter of it. Deeper still, the worker dies and the file is classified
/// `engine_crash` as before.
pub const CONVERT_STACK: usize = 256 << 20;

/// [`CONVERT_STACK`], or a quarter of the worker's memory limit if smaller.
pub fn convert_stack(opts: &Options) -> usize {
    let limit =
        usize::try_from(opts.limits.memory_mib.saturating_mul(1 << 20)).unwrap_or(usize::MAX);
    if limit == 0 {
        CONVERT_STACK
    } else {
        CONVERT_STACK.min(limit / 4)
    }
}

/// [`convert`] on a thread with a [`convert_stack`]-sized stack (on this
/// thread when such a thread cannot be started).
fn convert_on_big_stack(bytes: &[u8], request: &Request) -> Reply {
    std::thread::scope(|s| {
        let spawned = std::thread::Builder::new()
            .name("convert".into())
            .stack_size(convert_stack(&request.options))
            .spawn_scoped(s, || convert(bytes, request));
        match spawned {
            Ok(handle) => handle.join().unwrap_or_else(|panic| {
                Reply::Failed(Failure::new(
                    FailureClass::EngineCrash,
                    format!(
                        "converter panicked: {}",
                        crate::error::panic_message(&panic)
                    ),
                    None,
                ))
            }),
            Err(_) => convert(bytes, request),
        }
    })
}

/// The conversion proper, with panics outside the engines caught too.
fn convert(bytes: &[u8], request: &Request) -> Reply {
    let run = std::panic::catch_unwind(std::panic::AssertUnwindSafe(|| {
        convert::convert_bytes_timed(bytes, &request.file, &request.options)
    }));
    match run {
        Ok(Ok((record, timings))) => Reply::Converted {
            record: Box::new(record),
            timings,
        },
        Ok(Err(e)) => Reply::Failed(Failure::from(&e)),
        Err(panic) => Reply::Failed(Failure::new(
            FailureClass::EngineCrash,
            format!(
                "converter panicked: {}",
                crate::error::panic_message(&panic)
            ),
            None,
        )),
    }
}

/// A worker that ended without a usable reply: killed on the time limit,
/// out of memory, or crashed. Another engine may still read the file.
#[derive(Debug, Clone, PartialEq)]
pub struct Died(pub Failure);

/// Convert `bytes` in a fresh worker process started from `exe`. `Ok` is the
/// worker's own answer; `Err` means the worker died or overran and was
/// killed.
pub fn run(exe: &Path, bytes: &[u8], file: &str, opts: &Options) -> Result<Reply, Died> {
    let engine = Some(opts.engine.name());
    let died = |class: FailureClass, reason: String| Died(Failure::new(class, reason, engine));
    let limit = opts.limits.time_limit(bytes);
    let header = serde_json::to_string(&Request {
        file: file.to_string(),
        options: opts.clone(),
    })
    .map_err(|e| died(FailureClass::Internal, format!("encoding request: {e}")))?;

    let mut child = Command::new(exe)
        .arg(WORKER_ARG)
        .env(ARENA_ENV, ARENA_RESERVE)
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .map_err(|e| {
            died(
                FailureClass::Internal,
                format!("starting worker {}: {e}", exe.display()),
            )
        })?;
    let (Some(mut stdin), Some(stdout), Some(stderr)) =
        (child.stdin.take(), child.stdout.take(), child.stderr.take())
    else {
        let _ = child.kill();
        let _ = child.wait();
        return Err(died(FailureClass::Internal, "worker pipes missing".into()));
    };
    let started = Instant::now();
    let (tx, rx) = mpsc::channel();
    let (reply, err_tail, timed_out) = std::thread::scope(|s| {
        // A child that dies early closes its stdin: the write then fails,
        // which is fine — its exit status tells why.
        s.spawn(move || {
            let _ = stdin
                .write_all(header.as_bytes())
                .and_then(|()| stdin.write_all(b"\n"))
                .and_then(|()| stdin.write_all(bytes));
        });
        let err_reader = s.spawn(move || tail(stderr, STDERR_TAIL));
        let cap = opts.limits.max_record_bytes.saturating_mul(4) + (1 << 20);
        s.spawn(move || {
            let _ = tx.send(find_reply(stdout, cap));
        });
        let remaining = limit.saturating_sub(started.elapsed());
        let (reply, timed_out) = match rx.recv_timeout(remaining) {
            Ok(r) => (r, false),
            Err(_) => {
                let _ = child.kill();
                (None, true)
            }
        };
        let err_tail = err_reader.join().unwrap_or_default();
        (reply, err_tail, timed_out)
    });
    let status = child.wait();
    if timed_out {
        return Err(died(
            FailureClass::TimeLimit,
            format!("time limit of {:.1} s exceeded", limit.as_secs_f64()),
        ));
    }
    if let Some(reply) = reply {
        return Ok(reply);
    }
    let stderr = String::from_utf8_lossy(&err_tail);
    if stderr.contains("memory allocation of") || stderr.contains("cannot allocate memory") {
        return Err(died(
            FailureClass::MemoryLimit,
            format!("memory limit of {} MiB exceeded", opts.limits.memory_mib),
        ));
    }
    let how = match status {
        Ok(st) => describe_exit(&st),
        Err(e) => format!("worker lost: {e}"),
    };
    let last = stderr
        .lines()
        .rev()
        .find(|l| !l.trim().is_empty())
        .map(|l| format!(": {}", l.trim()))
        .unwrap_or_default();
    Err(died(
        FailureClass::EngineCrash,
        format!("worker {how}{}", truncate(&last, 300)),
    ))
}

/// Read the worker's stdout (at most `cap` bytes) and decode the last
/// reply line.
fn find_reply(stdout: impl Read, cap: u64) -> Option<Reply> {
    let mut buf = Vec::new();
    stdout.take(cap).read_to_end(&mut buf).ok()?;
    let text = String::from_utf8_lossy(&buf);
    let line = text.lines().rev().find_map(|l| l.strip_prefix(REPLY_TAG))?;
    serde_json::from_str(line).ok()
}

/// The last `keep` bytes of a stream.
fn tail(mut r: impl Read, keep: usize) -> Vec<u8> {
    let mut out = Vec::new();
    let mut chunk = [0u8; 4096];
    loop {
        match r.read(&mut chunk) {
            Ok(0) | Err(_) => break,
            Ok(n) => {
                out.extend_from_slice(&chunk[..n]);
                if out.len() > 2 * keep {
                    out.drain(..out.len() - keep);
                }
            }
        }
    }
    if out.len() > keep {
        out.drain(..out.len() - keep);
    }
    out
}

fn describe_exit(status: &std::process::ExitStatus) -> String {
    use std::os::unix::process::ExitStatusExt;
    match (status.code(), status.signal()) {
        (Some(code), _) => format!("exited with code {code} without a reply"),
        (None, Some(sig)) => {
            let name = match sig {
                4 => "SIGILL",
                6 => "SIGABRT",
                7 => "SIGBUS",
                8 => "SIGFPE",
                9 => "SIGKILL",
                11 => "SIGSEGV",
                24 => "SIGXCPU",
                _ => "signal",
            };
            format!("killed by {name} ({sig})")
        }
        (None, None) => "ended without a reply".into(),
    }
}

fn truncate(s: &str, max: usize) -> String {
    match s.char_indices().nth(max) {
        Some((i, _)) => format!("{}…", &s[..i]),
        None => s.to_string(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn reply_is_found_after_engine_noise() {
        let reply = Reply::Failed(Failure::new(FailureClass::NotPdf, "not a PDF", None));
        let out = format!(
            "engine chatter\n{REPLY_TAG}{}\n",
            serde_json::to_string(&reply).expect("json")
        );
        let got = find_reply(out.as_bytes(), 1 << 20);
        assert!(matches!(got, Some(Reply::Failed(f)) if f.class == FailureClass::NotPdf));
        assert!(find_reply(&b"no reply\n"[..], 1 << 20).is_none());
    }

    #[test]
    fn tail_keeps_the_end() {
        let data = vec![b'x'; 20_000];
        let mut with_end = data.clone();
        with_end.extend_from_slice(b"END");
        let t = tail(&with_end[..], 100);
        assert_eq!(t.len(), 100);
        assert!(t.ends_with(b"END"));
    }
}
