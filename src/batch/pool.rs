//! Process isolation, the parent's side: long-lived [`worker`] processes,
//! each converting many files in turn, replaced whenever one dies, overruns
//! or retires.
//!
//! In: the PDF's bytes, its name and the per-file [`Options`]. Out: the
//! worker's [`Reply`], or [`Died`] when it crashed, ran out of memory or
//! was killed on the file's time limit. Starting a process costs more than
//! converting a small report, so a worker that answered goes back to the
//! pool for the next file. A worker serves one set of [`Limits`] (its
//! memory limit is set once): a file under other limits gets another one.
//! A worker that dies is not reused: the next file starts a fresh one, so
//! one file's failure is that file's alone.

use super::worker::{FILE_MARK, LAST_REPLY_TAG, REPLY_TAG, Reply, Request, WORKER_ARG};
use crate::convert::Options;
use crate::error::{Failure, FailureClass};
use crate::limits::Limits;
use nix::fcntl::{FcntlArg, OFlag, fcntl};
use nix::poll::{PollFd, PollFlags, PollTimeout, poll};
use std::io::{Read, Write};
use std::os::fd::AsFd;
use std::path::{Path, PathBuf};
use std::process::{Child, ChildStdin, ChildStdout, Command, Stdio};
use std::sync::Mutex;
use std::thread::JoinHandle;
use std::time::Instant;

/// The inspdf binary allocates with mimalloc, which reserves address space
/// 1 GiB at a time — at start-up, before the worker can set its limit. Under
/// `RLIMIT_AS` that reservation alone would use up a limit of 1 GiB or less
/// (even starting the watchdog thread then fails), so workers are started
/// with mimalloc reserving a little at a time instead.
const ARENA_ENV: &str = "MIMALLOC_ARENA_RESERVE";
/// See [`ARENA_ENV`].
const ARENA_RESERVE: &str = "32MiB";

/// How long a worker's allocator keeps memory that was freed before it
/// hands it back to the kernel, milliseconds. Handed back at once (0), every
/// file faulted its whole working set in again, and the kernel cleared each
/// page anew: on 68 real reports (`--jobs 1`, one worker) 90,000 page faults
/// and a sixth of the CPU time in the kernel. Kept for 100 ms, about the
/// length of four ordinary files, the memory a file frees serves the next
/// ones: 23,000 faults, CPU time 2.08 → 1.83 s on those reports and 0.90 →
/// 0.77 s on the renderings, worker peak RSS 26.5 → 35.7 MiB and 23.0 →
/// 28.5 MiB (hostile samples 54 → 74 MiB). Never handing it back would save
/// a little more time and keep a hostile file's 96 MiB for the rest of the
/// worker's life. A file's peak RSS (`--timings`) therefore includes what
/// the files just before it left for reuse; the worker still retires once
/// its resident memory has grown by [`MAX_RSS_GROWTH`] since its first file.
///
/// [`MAX_RSS_GROWTH`]: super::worker::MAX_RSS_GROWTH
const PURGE_ENV: &str = "MIMALLOC_PURGE_DELAY";
/// See [`PURGE_ENV`].
const PURGE_DELAY: &str = "100";

/// mimalloc asks the kernel for transparent huge pages on its arenas, so a
/// worker's first touch of fresh memory clears 2 MiB at a time, and with
/// memory handed back after each file (as it then was), again for every
/// file: `perf record` on the renderings put 18.6 % of the cycles in the
/// kernel's `clear_page_erms` under huge-page faults. Workers use ordinary
/// pages (`perf stat`, 5 interleaved runs of 27 renderings / 51 real
/// reports, `--jobs 1`: CPU time 564 → 524 ms and 1248 → 1178 ms).
const THP_ENV: &str = "MIMALLOC_ALLOW_THP";
/// See [`THP_ENV`].
const ALLOW_THP: &str = "0";

/// Most bytes of a file's stderr kept for diagnosis (the tail).
const STDERR_TAIL: usize = 8 * 1024;

/// A worker that ended without a usable reply: killed on the time limit,
/// out of memory, or crashed. Another engine may still read the file.
#[derive(Debug, Clone, PartialEq)]
pub struct Died(pub Failure);

/// Idle workers, taken by whichever batch thread needs one. Dropping the
/// pool ends them.
#[derive(Debug, Default)]
pub struct Pool {
    /// Workers waiting for a file.
    idle: Mutex<Vec<Worker>>,
}

impl Pool {
    /// An empty pool: workers start as files need them.
    pub fn new() -> Self {
        Self::default()
    }

    /// Convert `bytes` in a worker started from `exe` (an idle one when
    /// there is one under the same limits). `Ok` is the worker's own
    /// answer; `Err` means the worker died or overran and was killed.
    pub fn run(&self, exe: &Path, bytes: &[u8], file: &str, opts: &Options) -> Result<Reply, Died> {
        let worker = match self.take(exe, &opts.limits) {
            Some(w) => w,
            None => Worker::start(exe, opts)?,
        };
        let (answer, again) = worker.convert(bytes, file, opts);
        if let Some(w) = again
            && let Ok(mut idle) = self.idle.lock()
        {
            idle.push(w);
        }
        answer
    }

    /// Start `n` workers of `exe` for files under `opts` now, so that they
    /// load while the batch compiles its validator and reads its first
    /// files, instead of one after another as the first files arrive. A
    /// worker that cannot start is left out: the file that needs it starts
    /// one and reports why it could not.
    pub fn prestart(&self, exe: &Path, opts: &Options, n: usize) {
        let started: Vec<Worker> = (0..n)
            .filter_map(|_| Worker::start(exe, opts).ok())
            .collect();
        if let Ok(mut idle) = self.idle.lock() {
            idle.extend(started);
        }
    }

    /// How many workers wait for a file.
    pub fn idle_count(&self) -> usize {
        self.idle.lock().map_or(0, |idle| idle.len())
    }

    /// An idle worker of `exe` under `limits` that is still alive.
    fn take(&self, exe: &Path, limits: &Limits) -> Option<Worker> {
        let mut idle = self.idle.lock().ok()?;
        while let Some(i) = idle
            .iter()
            .position(|w| w.exe == exe && &w.limits == limits)
        {
            let mut w = idle.swap_remove(i);
            if matches!(w.child.try_wait(), Ok(None)) {
                return Some(w);
            }
            w.end();
        }
        None
    }
}

impl Drop for Pool {
    fn drop(&mut self) {
        let idle = match self.idle.get_mut() {
            Ok(idle) => idle,
            Err(poisoned) => poisoned.into_inner(),
        };
        // All asked to stop first, then reaped: their exits overlap.
        for w in idle.iter_mut() {
            let _ = w.child.kill();
        }
        for mut w in idle.drain(..) {
            let _ = w.child.wait();
        }
    }
}

/// What was heard from a worker's stdout.
#[derive(Debug)]
enum Heard {
    /// A reply line (`None`: it did not decode); `last` when the worker
    /// exits after it.
    Reply {
        reply: Option<Box<Reply>>,
        last: bool,
    },
    /// End of output: the worker is gone.
    End,
    /// More output for one file than any record needs.
    Overflow,
}

/// One worker process, its pipes, and the thread reading its stderr.
#[derive(Debug)]
struct Worker {
    /// The process.
    child: Child,
    /// The binary it runs.
    exe: PathBuf,
    /// The limits it serves.
    limits: Limits,
    /// Its input: requests and PDFs (non-blocking).
    stdin: ChildStdin,
    /// Its output, read on the thread that converts the file.
    stdout: ChildStdout,
    /// What has been read of its output and not yet heard.
    listener: Listener,
    /// Its stderr reader, which returns the tail of the current file's
    /// stderr once the worker is gone.
    stderr: Option<JoinHandle<Vec<u8>>>,
}

impl Worker {
    /// Start a worker from `exe` for files under `opts.limits`.
    fn start(exe: &Path, opts: &Options) -> Result<Self, Died> {
        let died = |reason: String| {
            Died(Failure::new(
                FailureClass::Internal,
                reason,
                Some(opts.engine.name()),
            ))
        };
        let mut child = Command::new(exe)
            .arg(WORKER_ARG)
            .env(ARENA_ENV, ARENA_RESERVE)
            .env(PURGE_ENV, PURGE_DELAY)
            .env(THP_ENV, ALLOW_THP)
            .stdin(Stdio::piped())
            .stdout(Stdio::piped())
            .stderr(Stdio::piped())
            .spawn()
            .map_err(|e| died(format!("starting worker {}: {e}", exe.display())))?;
        let (Some(stdin), Some(stdout), Some(stderr)) =
            (child.stdin.take(), child.stdout.take(), child.stderr.take())
        else {
            let _ = child.kill();
            let _ = child.wait();
            return Err(died("worker pipes missing".into()));
        };
        if let Err(e) = fcntl(&stdin, FcntlArg::F_SETFL(OFlag::O_NONBLOCK)) {
            let _ = child.kill();
            let _ = child.wait();
            return Err(died(format!("worker pipe: {e}")));
        }
        let cap = opts.limits.max_record_bytes.saturating_mul(4) + (1 << 20);
        let threads = std::thread::Builder::new()
            .name("worker-err".into())
            .spawn(move || file_tail(stderr, STDERR_TAIL));
        match threads {
            Ok(stderr) => Ok(Self {
                child,
                exe: exe.to_path_buf(),
                limits: opts.limits.clone(),
                stdin,
                stdout,
                listener: Listener::new(cap),
                stderr: Some(stderr),
            }),
            Err(e) => {
                let _ = child.kill();
                let _ = child.wait();
                Err(died(format!("starting worker threads: {e}")))
            }
        }
    }

    /// Convert one file; the worker comes back when it can take another.
    fn convert(
        mut self,
        bytes: &[u8],
        file: &str,
        opts: &Options,
    ) -> (Result<Reply, Died>, Option<Self>) {
        let engine = Some(opts.engine.name());
        let died = |class: FailureClass, reason: String| Died(Failure::new(class, reason, engine));
        let limit = opts.limits.time_limit(bytes);
        let header = match serde_json::to_string(&Request {
            file: file.to_string(),
            options: opts.clone(),
            len: bytes.len() as u64,
        }) {
            Ok(h) => h,
            Err(e) => {
                let err = died(FailureClass::Internal, format!("encoding request: {e}"));
                return (Err(err), Some(self));
            }
        };
        let deadline = Instant::now().checked_add(limit);
        let heard = self.exchange(&[header.as_bytes(), b"\n", bytes], deadline);
        let timed_out = heard.is_none();
        if !matches!(heard, Some(Heard::Reply { reply: Some(_), .. })) {
            let _ = self.child.kill();
        }
        match heard {
            Some(Heard::Reply {
                reply: Some(reply),
                last,
            }) => {
                if last {
                    self.end();
                    return (Ok(*reply), None);
                }
                return (Ok(*reply), Some(self));
            }
            _ if timed_out => {
                self.end();
                return (
                    Err(died(
                        FailureClass::TimeLimit,
                        format!("time limit of {:.1} s exceeded", limit.as_secs_f64()),
                    )),
                    None,
                );
            }
            _ => {}
        }
        let status = self.child.wait();
        let err_tail = self
            .stderr
            .take()
            .and_then(|h| h.join().ok())
            .unwrap_or_default();
        let stderr = String::from_utf8_lossy(&err_tail);
        if stderr.contains("memory allocation of") || stderr.contains("cannot allocate memory") {
            return (
                Err(died(
                    FailureClass::MemoryLimit,
                    format!("memory limit of {} MiB exceeded", opts.limits.memory_mib),
                )),
                None,
            );
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
        (
            Err(died(
                FailureClass::EngineCrash,
                format!("worker {how}{}", truncate(&last, 300)),
            )),
            None,
        )
    }

    /// Send `parts` to the worker and wait for what it answers, until
    /// `deadline` if there is one (`None`: past it). The calling thread
    /// writes the request and reads the reply, polling both pipes: no
    /// thread is started or woken for a file. (A writer thread started for
    /// each file, and a reader thread handing replies over, were often
    /// placed beside the other worker's busy thread, leaving a core idle for
    /// a few milliseconds: `perf sched timehist` of `--jobs 2`.) A worker
    /// that stops reading is no longer written to; one that has gone is
    /// heard as [`Heard::End`].
    fn exchange(&mut self, parts: &[&[u8]], deadline: Option<Instant>) -> Option<Heard> {
        let mut unsent: Vec<&[u8]> = parts.iter().rev().copied().collect();
        let mut chunk = vec![0u8; 64 * 1024];
        loop {
            unsent.retain(|p| !p.is_empty());
            if let Some(heard) = self.listener.next() {
                // A reply before the whole file was read breaks the
                // protocol: the worker is not to be trusted with another.
                return Some(if unsent.is_empty() { heard } else { Heard::End });
            }
            let wait = match deadline {
                // Whole milliseconds, rounded up, so that a wait never ends
                // just short of the deadline and spins.
                Some(d) => {
                    let left = d.checked_duration_since(Instant::now())?;
                    PollTimeout::try_from(left.as_millis().saturating_add(1))
                        .unwrap_or(PollTimeout::MAX)
                }
                None => PollTimeout::NONE,
            };
            let (readable, writable) = {
                let mut fds = vec![PollFd::new(self.stdout.as_fd(), PollFlags::POLLIN)];
                if !unsent.is_empty() {
                    fds.push(PollFd::new(self.stdin.as_fd(), PollFlags::POLLOUT));
                }
                match poll(&mut fds, wait) {
                    Ok(_) => {}
                    Err(nix::errno::Errno::EINTR) => continue,
                    Err(_) => return Some(Heard::End),
                }
                let ready = |fd: Option<&PollFd>| fd.and_then(PollFd::any).unwrap_or(false);
                (ready(fds.first()), ready(fds.get(1)))
            };
            if writable && let Some(part) = unsent.last_mut() {
                match self.stdin.write(part) {
                    Ok(n) => *part = &part[n..],
                    Err(e) if e.kind() == std::io::ErrorKind::WouldBlock => {}
                    Err(e) if e.kind() == std::io::ErrorKind::Interrupted => {}
                    // The worker closed its input (it died): its output
                    // says the rest.
                    Err(_) => unsent.clear(),
                }
            }
            if readable {
                match self.stdout.read(&mut chunk) {
                    Ok(0) => return Some(self.listener.next().unwrap_or(Heard::End)),
                    Ok(n) => self.listener.push(&chunk[..n]),
                    Err(e) if e.kind() == std::io::ErrorKind::Interrupted => {}
                    Err(_) => return Some(Heard::End),
                }
            }
        }
    }

    /// Stop the process (idle, retiring or overrun) and reap it.
    fn end(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

/// Reply lines out of a worker's stdout, as its bytes arrive: lines
/// tagged [`REPLY_TAG`] or [`LAST_REPLY_TAG`] are replies, any other line
/// (what an engine printed) is skipped, and more than `cap` bytes of output
/// for one reply is an overflow.
#[derive(Debug)]
struct Listener {
    /// Bytes read and not yet taken as a line.
    pending: Vec<u8>,
    /// How far `pending` is known to hold no newline.
    scanned: usize,
    /// Bytes of output since the last reply.
    used: u64,
    /// Most bytes of output for one reply.
    cap: u64,
    /// Set once the output overflowed: nothing more is heard.
    overflowed: bool,
}

impl Listener {
    /// A listener allowing `cap` bytes of output a reply.
    fn new(cap: u64) -> Self {
        Self {
            pending: Vec::new(),
            scanned: 0,
            used: 0,
            cap,
            overflowed: false,
        }
    }

    /// More of the output.
    fn push(&mut self, bytes: &[u8]) {
        if !self.overflowed {
            self.pending.extend_from_slice(bytes);
        }
    }

    /// The next reply (or overflow) in what has arrived, `None` until more
    /// is needed.
    fn next(&mut self) -> Option<Heard> {
        loop {
            if self.overflowed {
                return Some(Heard::Overflow);
            }
            let Some(at) = memchr::memchr(b'\n', &self.pending[self.scanned..]) else {
                self.scanned = self.pending.len();
                if self.used + self.pending.len() as u64 > self.cap {
                    self.overflowed = true;
                    self.pending = Vec::new();
                    continue;
                }
                return None;
            };
            let end = self.scanned + at;
            self.used += end as u64 + 1;
            if self.used > self.cap {
                self.overflowed = true;
                self.pending = Vec::new();
                continue;
            }
            let heard = {
                let text = &self.pending[..end];
                let tagged = if let Some(j) = text.strip_prefix(LAST_REPLY_TAG.as_bytes()) {
                    Some((j, true))
                } else {
                    text.strip_prefix(REPLY_TAG.as_bytes()).map(|j| (j, false))
                };
                tagged.map(|(json, last)| Heard::Reply {
                    reply: serde_json::from_slice(json).ok().map(Box::new),
                    last,
                })
            };
            self.pending.drain(..=end);
            self.scanned = 0;
            if heard.is_some() {
                self.used = 0;
                return heard;
            }
        }
    }
}

/// Read a worker's stderr to its end; return the last `keep` bytes written
/// since the last [`FILE_MARK`] line (what the file that killed it said).
fn file_tail(mut r: impl Read, keep: usize) -> Vec<u8> {
    let mark = format!("{FILE_MARK}\n").into_bytes();
    let mut out = Vec::new();
    let mut chunk = [0u8; 4096];
    loop {
        match r.read(&mut chunk) {
            Ok(0) | Err(_) => break,
            Ok(n) => {
                let from = out.len().saturating_sub(mark.len());
                out.extend_from_slice(&chunk[..n]);
                if let Some(at) = out[from..].windows(mark.len()).rposition(|w| w == mark) {
                    out.drain(..from + at + mark.len());
                }
                if out.len() > 2 * keep + mark.len() {
                    out.drain(..out.len() - keep - mark.len());
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
    fn replies_are_found_among_engine_noise_in_turn() {
        let reply = Reply::Failed(Failure::new(FailureClass::NotPdf, "not a PDF", None));
        let json = serde_json::to_string(&reply).expect("json");
        let out = format!(
            "engine chatter\n{REPLY_TAG}{json}\nmore noise\n{LAST_REPLY_TAG}{json}\nignored\n"
        );
        // However the output is cut into reads.
        for step in [1, 7, out.len()] {
            let mut l = Listener::new(1 << 20);
            let mut got = Vec::new();
            for piece in out.as_bytes().chunks(step) {
                l.push(piece);
                got.extend(std::iter::from_fn(|| l.next()));
            }
            assert!(
                matches!(&got[..], [
                    Heard::Reply { reply: Some(a), last: false },
                    Heard::Reply { reply: Some(b), last: true },
                ] if matches!(**a, Reply::Failed(ref f) if f.class == FailureClass::NotPdf)
                    && matches!(**b, Reply::Failed(_))),
                "{got:?}"
            );
        }
        let mut l = Listener::new(1 << 20);
        l.push(b"no reply\n");
        assert!(l.next().is_none());
        // A reply line that does not decode is heard as such.
        l.push(format!("{REPLY_TAG}{{not json\n").as_bytes());
        assert!(matches!(
            l.next(),
            Some(Heard::Reply {
                reply: None,
                last: false
            })
        ));
        // Past the cap, with or without a newline, only overflow.
        let mut l = Listener::new(1000);
        l.push(&[b'x'; 5000]);
        assert!(matches!(l.next(), Some(Heard::Overflow)));
        l.push(format!("\n{REPLY_TAG}{json}\n").as_bytes());
        assert!(matches!(l.next(), Some(Heard::Overflow)));
        let mut l = Listener::new(1000);
        for _ in 0..20 {
            l.push(&[b'y'; 99]);
            l.push(b"\n");
        }
        assert!(matches!(l.next(), Some(Heard::Overflow)));
        // The cap counts from the last reply.
        let mut l = Listener::new(1000);
        for _ in 0..3 {
            l.push(&[b'z'; 600]);
            l.push(format!("\n{REPLY_TAG}{json}\n").as_bytes());
            assert!(matches!(
                l.next(),
                Some(Heard::Reply { reply: Some(_), .. })
            ));
        }
    }

    #[test]
    fn prestarted_workers_wait_idle_and_a_dead_one_is_never_handed_out() {
        let opts = Options::default();
        let pool = Pool::new();
        // `true` starts, takes its pipes and exits at once: a worker that
        // died before its first file.
        pool.prestart(Path::new("true"), &opts, 2);
        assert_eq!(pool.idle_count(), 2);
        for w in pool.idle.lock().expect("lock").iter_mut() {
            let _ = w.child.wait();
        }
        assert!(pool.take(Path::new("true"), &opts.limits).is_none());
        assert_eq!(pool.idle_count(), 0, "dead workers are ended, not kept");
        // A binary that cannot start is left out, without an error here.
        pool.prestart(Path::new("/nonexistent/inspdf"), &opts, 2);
        assert_eq!(pool.idle_count(), 0);
    }

    #[test]
    fn stderr_tail_is_the_last_files_and_keeps_the_end() {
        let mut err = b"old file: memory allocation of 1 bytes failed\n".to_vec();
        err.extend_from_slice(format!("{FILE_MARK}\n").as_bytes());
        err.extend_from_slice(&vec![b'x'; 20_000]);
        err.extend_from_slice(b"END");
        let t = file_tail(&err[..], 100);
        assert_eq!(t.len(), 100);
        assert!(t.ends_with(b"END"));
        let mut short = b"earlier file's panic\n".to_vec();
        short.extend_from_slice(format!("{FILE_MARK}\nthis one\n").as_bytes());
        assert_eq!(file_tail(&short[..], 100), b"this one\n");
    }
}
