//! Test-only fault injection for the worker process, compiled only with the
//! `fault-injection` cargo feature (the test suite enables it; release
//! builds do not have it). It lets tests exercise what no small fixture
//! reliably does: a real abort, stack overflow, endless loop or exhausted
//! memory limit in the worker.

use crate::convert::Options;
use crate::extract::fault;

/// Environment variable naming a fault for the worker to simulate, so that
/// tests can exercise what no small fixture reliably does (a real abort, a
/// real stack overflow, an endless loop, exhausting the memory limit).
/// Value `KIND` or `KIND@ENGINE`; it only fires for files whose name
/// contains [`FAULT_MARK`], and with `@ENGINE` only while that engine is
/// tried first with fallback (so the retry with the other engine succeeds).
/// Kinds: `abort`, `stack`, `hang`, `oom`, `exit`, each fired as the
/// worker receives the file; `engine-KIND` fires the same from inside the
/// PDF engine, once it has parsed the document and read the first page.
pub const FAULT_ENV: &str = "INSPDF_TEST_WORKER_FAULT";

/// Marker in a file name that makes [`FAULT_ENV`] apply.
pub const FAULT_MARK: &str = "inspdf-fault";

/// Simulate the fault [`FAULT_ENV`] names, if it applies to the file named
/// `file` converted with `options`.
pub(super) fn inject(file: &str, options: &Options) {
    // A fault armed for the file before this one never carries over.
    fault::disarm();
    let Ok(spec) = std::env::var(FAULT_ENV) else {
        return;
    };
    if !file.contains(FAULT_MARK) {
        return;
    }
    let (kind, engine) = spec.split_once('@').unwrap_or((spec.as_str(), ""));
    if !engine.is_empty() && (options.single_engine || options.engine.name() != engine) {
        return;
    }
    if let Some(inner) = kind.strip_prefix("engine-") {
        // Fired later, from inside the extraction (`extract::fault`).
        fault::arm(inner);
        return;
    }
    fault::fire(kind);
}

/// Environment variable that makes the batch process abort at a write
/// boundary, as `kill -9` would at that moment: `BOUNDARY:N` aborts at the
/// `N`th time (counted from 1, across the whole process) this process
/// reaches `BOUNDARY`. Boundaries ([`Boundary`]): `after-temp` (an atomic
/// write's temp file is written and synced, not yet renamed),
/// `after-rename` (an atomic write's rename is done) and `after-sidecar`
/// (a record's sidecar is written, the record not yet). Every atomic write
/// counts: records, sidecars, `_rejected/`, `_failed.jsonl`, the CSV.
/// Use it with `--in-process` (a worker process writes nothing).
pub const KILL_ENV: &str = "INSPDF_TEST_KILL_AT";

/// A moment between two writes at which [`KILL_ENV`] can abort the batch.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
// The names read as the moments they are ("after the temp write").
#[allow(clippy::enum_variant_names)]
pub(crate) enum Boundary {
    /// A temp file is written and synced, before its rename.
    AfterTemp,
    /// A temp file has just been renamed to its target.
    AfterRename,
    /// A record's sidecar is written, before the record.
    AfterSidecar,
}

impl Boundary {
    /// Its name in [`KILL_ENV`].
    fn name(self) -> &'static str {
        match self {
            Self::AfterTemp => "after-temp",
            Self::AfterRename => "after-rename",
            Self::AfterSidecar => "after-sidecar",
        }
    }
}

/// How many times this process has reached each boundary.
static REACHED: [std::sync::atomic::AtomicUsize; 3] =
    [const { std::sync::atomic::AtomicUsize::new(0) }; 3];

/// Abort the process here if [`KILL_ENV`] names this boundary and this is
/// its `N`th time.
pub(crate) fn kill_point(at: Boundary) {
    static SPEC: std::sync::OnceLock<Option<(String, usize)>> = std::sync::OnceLock::new();
    let spec = SPEC.get_or_init(|| {
        let value = std::env::var(KILL_ENV).ok()?;
        let (name, n) = value.split_once(':')?;
        Some((name.to_string(), n.parse().ok()?))
    });
    let Some((name, n)) = spec else {
        return;
    };
    if name != at.name() {
        return;
    }
    let reached = REACHED[at as usize].fetch_add(1, std::sync::atomic::Ordering::SeqCst) + 1;
    if reached == *n {
        eprintln!("inspdf: {KILL_ENV}: aborting at {name}:{n}");
        std::process::abort();
    }
}
