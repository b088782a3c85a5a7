//! Process isolation, the worker's side: files are converted in child
//! processes — the same binary, run with the hidden [`WORKER_ARG`] — so that
//! nothing a hostile PDF does to an engine (panic, stack overflow, abort,
//! allocation failure, segfault, endless loop) can take the batch down with
//! it. A worker converts many files in turn (the parent keeps them in a
//! [`Pool`](super::pool::Pool)); one that dies takes only the file it was
//! converting with it.
//!
//! ## Protocol
//! For each file the parent writes to the child's stdin one line of JSON, a
//! [`Request`] (file name, [`Options`], the PDF's length), then exactly that
//! many bytes of PDF. The child marks the start of the file on stderr
//! ([`FILE_MARK`]), applies its limits on its first request (`RLIMIT_AS` for
//! memory, `RLIMIT_CORE` = 0: a worker serves one set of limits), resets its
//! peak RSS, converts (extract → layout → parse → findings; validation and
//! writing stay in the parent), and writes one line to stdout: [`REPLY_TAG`]
//! followed by a JSON [`Reply`], or [`LAST_REPLY_TAG`] when it exits after
//! this reply. It retires so after a panic (even one an engine caught),
//! after [`MAX_FILES`] files, or when its memory has grown since its first
//! file by more than [`MAX_RSS_GROWTH`] resident or an eighth of its limit
//! in address space, so that one file's leftovers cannot push the next over
//! its limit. Anything else an engine prints is ignored. End of input ends
//! the worker.
//!
//! The parent waits at most the file's wall-time limit
//! ([`Limits::time_limit`]); past it, the child is killed (`SIGKILL`) and the
//! file fails with class `time_limit`. A child that dies without a reply
//! fails with `memory_limit` when its stderr (since the file's mark) shows an
//! allocation failure, otherwise `engine_crash` naming the signal or exit
//! code. A killed or dead worker is replaced for the next file.
//!
//! [`Limits::time_limit`]: crate::limits::Limits::time_limit

use crate::convert::{self, Options};
use crate::error::{Failure, FailureClass};
use crate::record::Record;
use crate::timings::StageTimings;
use serde::{Deserialize, Serialize};
use std::io::{BufRead, Read, Write};
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::{Arc, Condvar, Mutex};
use std::time::{Duration, Instant};

/// What the parent asks of a worker, for one file.
#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct Request {
    /// Name recorded in `source.file`.
    pub file: String,
    /// Conversion options (engine, fallback, limits, …).
    pub options: Options,
    /// Length of the PDF that follows the request line, bytes.
    pub len: u64,
}

/// What a worker answers.
///
/// Externally tagged (`{"converted": {…}}`): the parent reads the record
/// straight into its types, where an internally tagged enum would first
/// buffer the whole reply as a tree to find its tag.
#[derive(Debug, Clone, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
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

/// The one argument that makes the binary a worker (`convert` starts it
/// so). Not a subcommand: users never see it in `--help` or `inspdf help`.
pub const WORKER_ARG: &str = "__inspdf-worker";

/// Marks a reply line on the worker's stdout.
pub const REPLY_TAG: &str = "INSPDF-REPLY ";

/// Marks the reply line of a worker that exits after it.
pub const LAST_REPLY_TAG: &str = "INSPDF-LAST-REPLY ";

/// Line a worker writes on stderr as it starts a file: what it printed
/// before belongs to earlier files.
pub const FILE_MARK: &str = "\u{1}inspdf-worker: next file";

/// Files a worker converts before it retires.
pub const MAX_FILES: usize = 100;

/// Growth of a worker's resident memory since its first file past which it
/// retires, bytes.
pub const MAX_RSS_GROWTH: u64 = 64 << 20;

/// Set when a panic happens in this process, caught or not.
static PANICKED: AtomicBool = AtomicBool::new(false);

/// The worker: answer one [`Reply`] on stdout for every [`Request`] and PDF
/// read from stdin, until end of input or retirement. Returns the process
/// exit code (0 when every request was answered, whatever the answers say).
///
/// The first request sets the worker's limits, and with them the stack of
/// the one thread that then serves it and every later request: reading,
/// converting and replying on one thread, so that a file goes from the
/// parent's pipe to the reply without waking another thread of this
/// process. (A thread started for each file, or a hand-over to a converting
/// thread, was placed by the kernel beside the other worker's busy thread
/// often enough to leave a core idle for milliseconds at a time until the
/// load balancer moved one of them: `perf sched timehist` of `--jobs 2`.)
pub fn serve() -> u8 {
    note_panics();
    // Started before any limit applies: a thread that starts under
    // `RLIMIT_AS` may fail to map its signal stack and abort the worker.
    let watchdog = Watchdog::start();
    let first = match read_request(&mut std::io::stdin().lock()) {
        Ok(Some(r)) => r,
        Ok(None) => return 0,
        Err(code) => return code,
    };
    let stack = convert_stack(&first.options);
    let first = Mutex::new(Some(first));
    let take = || first.lock().ok().and_then(|mut f| f.take());
    std::thread::scope(|s| {
        let spawned = std::thread::Builder::new()
            .name("convert".into())
            .stack_size(stack)
            .spawn_scoped(s, || serve_from(take(), &watchdog));
        match spawned {
            Ok(handle) => handle.join().unwrap_or(2),
            // Without the thread, the requests are served on this one.
            Err(_) => serve_from(take(), &watchdog),
        }
    })
}

/// The next request line, `None` at end of input, `Err(exit code)` when it
/// cannot be read.
fn read_request(input: &mut impl BufRead) -> Result<Option<Request>, u8> {
    let mut header = String::new();
    match input.read_line(&mut header) {
        Ok(0) => return Ok(None),
        Ok(_) => {}
        Err(e) => {
            eprintln!("inspdf worker: reading request: {e}");
            return Err(2);
        }
    }
    match serde_json::from_str(&header) {
        Ok(r) => Ok(Some(r)),
        Err(e) => {
            eprintln!("inspdf worker: bad request: {e}");
            Err(2)
        }
    }
}

/// [`serve`]'s loop, from its `first` request on.
fn serve_from(first: Option<Request>, watchdog: &Watchdog) -> u8 {
    let stdin = std::io::stdin();
    let mut input = stdin.lock();
    let mut baseline: Option<Option<Memory>> = None;
    let mut served = 0usize;
    let mut next = first;
    loop {
        let request = match next
            .take()
            .map_or_else(|| read_request(&mut input), |r| Ok(Some(r)))
        {
            Ok(Some(r)) => r,
            Ok(None) => return 0,
            Err(code) => return code,
        };
        eprintln!("{FILE_MARK}");
        // Until the PDF is read and its own limit known, the longest any
        // file is allowed (a parent gone mid-send leaves no orphan).
        watchdog.arm(request.options.limits.time_max);
        if baseline.is_none() {
            apply_limits(&request.options);
            baseline = Some(Memory::now());
        }
        #[cfg(feature = "fault-injection")]
        super::fault::inject(&request.file, &request.options);
        let want = request.len.min(request.options.limits.max_file_bytes);
        let mut bytes = Vec::with_capacity(usize::try_from(want).unwrap_or(0));
        match (&mut input).take(request.len).read_to_end(&mut bytes) {
            Ok(n) if n as u64 == request.len => {}
            Ok(_) => {
                eprintln!("inspdf worker: input ended inside a file");
                return 2;
            }
            Err(e) => {
                eprintln!("inspdf worker: reading input: {e}");
                return 2;
            }
        }
        reset_peak_rss();
        watchdog.arm(request.options.limits.time_limit(&bytes));
        let mut reply = convert(&bytes, &request);
        watchdog.disarm();
        drop(bytes);
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
        drop(reply);
        served += 1;
        let grown = match (baseline.flatten(), Memory::now()) {
            (Some(base), Some(now)) => now.grown_past(&base, request.options.limits.memory_mib),
            _ => false,
        };
        let retire = PANICKED.swap(false, Ordering::SeqCst) || served >= MAX_FILES || grown;
        let tag = if retire { LAST_REPLY_TAG } else { REPLY_TAG };
        let mut out = std::io::stdout().lock();
        // A line of its own even after engine output without a newline.
        let written = out
            .write_all(b"\n")
            .and_then(|()| out.write_all(tag.as_bytes()))
            .and_then(|()| out.write_all(line.as_bytes()))
            .and_then(|()| out.write_all(b"\n"))
            .and_then(|()| out.flush());
        if let Err(e) = written {
            eprintln!("inspdf worker: writing reply: {e}");
            return 2;
        }
        if retire {
            return 0;
        }
    }
}

/// Remember that a panic happened (the worker retires after it: what the
/// panicking code left behind is not to be trusted), then report it as
/// usual.
fn note_panics() {
    let report = std::panic::take_hook();
    std::panic::set_hook(Box::new(move |info| {
        PANICKED.store(true, Ordering::SeqCst);
        report(info);
    }));
}

/// Reset the peak resident size (`VmHWM`) to the current one, so that each
/// file's `peak_rss_kib` is its own (Linux; elsewhere the peak is the
/// worker's).
fn reset_peak_rss() {
    let _ = std::fs::write("/proc/self/clear_refs", "5");
}

/// A worker's memory use, from `/proc/self/status` (Linux).
#[derive(Debug, Clone, Copy, PartialEq)]
struct Memory {
    /// Resident set, KiB (`VmRSS`).
    rss_kib: u64,
    /// Address space, KiB (`VmSize`).
    size_kib: u64,
}

impl Memory {
    /// Now, when `/proc` says.
    fn now() -> Option<Self> {
        let status = std::fs::read_to_string("/proc/self/status").ok()?;
        Self::parse(&status)
    }

    /// From a `/proc/<pid>/status` text.
    fn parse(status: &str) -> Option<Self> {
        let field = |name: &str| {
            status
                .lines()
                .find_map(|l| l.strip_prefix(name))
                .and_then(|v| v.trim().trim_end_matches("kB").trim().parse().ok())
        };
        Some(Self {
            rss_kib: field("VmRSS:")?,
            size_kib: field("VmSize:")?,
        })
    }

    /// Whether, since `base`, resident memory grew by more than
    /// [`MAX_RSS_GROWTH`] or address space by more than an eighth of a
    /// `limit_mib` limit (0 = none).
    fn grown_past(&self, base: &Self, limit_mib: u64) -> bool {
        let rss = self.rss_kib.saturating_sub(base.rss_kib);
        let size = self.size_kib.saturating_sub(base.size_kib);
        rss > MAX_RSS_GROWTH / 1024 || (limit_mib > 0 && size > limit_mib.saturating_mul(1024) / 8)
    }
}

/// Ends the worker a little after a file's wall-time limit, in case the
/// parent that should have killed it is gone (itself killed with
/// `SIGKILL`): no orphan outlives its limit by more than [`WATCHDOG_GRACE`].
/// Armed for each file, disarmed between files.
struct Watchdog(Arc<(Mutex<Option<Instant>>, Condvar)>);

impl Watchdog {
    /// The watchdog thread, disarmed. Without it (the thread cannot start)
    /// the parent's own time limit still applies.
    fn start() -> Self {
        let shared = Arc::new((Mutex::new(None::<Instant>), Condvar::new()));
        let mine = Arc::clone(&shared);
        let (started, running) = std::sync::mpsc::channel::<()>();
        let spawned = std::thread::Builder::new()
            .name("watchdog".into())
            .spawn(move || {
                drop(started);
                let (deadline, wake) = &*mine;
                let Ok(mut at) = deadline.lock() else {
                    return;
                };
                loop {
                    at = match *at {
                        None => match wake.wait(at) {
                            Ok(g) => g,
                            Err(_) => return,
                        },
                        Some(when) => {
                            let now = Instant::now();
                            if now >= when {
                                eprintln!(
                                    "inspdf worker: time limit passed and no parent stopped me; exiting"
                                );
                                std::process::exit(124);
                            }
                            match wake.wait_timeout(at, when - now) {
                                Ok((g, _)) => g,
                                Err(_) => return,
                            }
                        }
                    };
                }
            });
        // Running (its signal stack mapped) before the caller goes on to
        // apply the memory limit.
        if spawned.is_ok() {
            let _ = running.recv();
        }
        Self(shared)
    }

    /// Exit the process past `limit` + [`WATCHDOG_GRACE`] from now.
    fn arm(&self, limit: Duration) {
        self.set(Some(Instant::now() + limit + WATCHDOG_GRACE));
    }

    /// No deadline.
    fn disarm(&self) {
        self.set(None);
    }

    fn set(&self, when: Option<Instant>) {
        let (deadline, wake) = &*self.0;
        if let Ok(mut at) = deadline.lock() {
            *at = when;
            wake.notify_one();
        }
    }
}

/// Extra time the worker's own watchdog allows beyond the time limit.
pub const WATCHDOG_GRACE: Duration = Duration::from_secs(5);

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

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn memory_growth_past_the_thresholds_retires_the_worker() {
        let status = "Name:\tinspdf\nVmSize:\t  200000 kB\nVmHWM:\t 9000 kB\nVmRSS:\t    8000 kB\n";
        let base = Memory::parse(status).expect("parsed");
        assert_eq!(
            base,
            Memory {
                rss_kib: 8000,
                size_kib: 200_000
            }
        );
        let rss = |extra: u64| Memory {
            rss_kib: 8000 + extra,
            ..base
        };
        assert!(!rss(64 * 1024).grown_past(&base, 2048));
        assert!(rss(64 * 1024 + 1).grown_past(&base, 2048));
        let size = |extra: u64| Memory {
            size_kib: 200_000 + extra,
            ..base
        };
        assert!(!size(256 * 1024).grown_past(&base, 2048));
        assert!(size(256 * 1024 + 1).grown_past(&base, 2048));
        assert!(
            !size(1 << 30).grown_past(&base, 0),
            "no limit, no address-space rule"
        );
        assert!(Memory::parse("VmRSS: 1 kB\n").is_none());
    }
}
