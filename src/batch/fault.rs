//! Test-only fault injection for the worker process, compiled only with the
//! `fault-injection` cargo feature (the test suite enables it; release
//! builds do not have it). It lets tests exercise what no small fixture
//! reliably does: a real abort, stack overflow, endless loop or exhausted
//! memory limit in the worker.

use crate::convert::Options;

/// Environment variable naming a fault for the worker to simulate, so that
/// tests can exercise what no small fixture reliably does (a real abort, a
/// real stack overflow, an endless loop, exhausting the memory limit).
/// Value `KIND` or `KIND@ENGINE`; it only fires for files whose name
/// contains [`FAULT_MARK`], and with `@ENGINE` only while that engine is
/// tried first with fallback (so the retry with the other engine succeeds).
/// Kinds: `abort`, `stack`, `hang`, `oom`, `exit`.
pub const FAULT_ENV: &str = "INSPDF_TEST_WORKER_FAULT";

/// Marker in a file name that makes [`FAULT_ENV`] apply.
pub const FAULT_MARK: &str = "inspdf-fault";

/// Simulate the fault [`FAULT_ENV`] names, if it applies to the file named
/// `file` converted with `options`.
pub(super) fn inject(file: &str, options: &Options) {
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
    match kind {
        "abort" => std::process::abort(),
        "stack" => {
            eprintln!("{}", recurse(std::hint::black_box(1)));
        }
        "hang" => loop {
            std::thread::sleep(std::time::Duration::from_secs(1));
        },
        "oom" => {
            let mut hoard: Vec<Vec<u8>> = Vec::new();
            loop {
                hoard.push(vec![1u8; 64 << 20]);
                std::hint::black_box(&hoard);
            }
        }
        "exit" => std::process::exit(3),
        _ => {}
    }
}

/// Recursion the optimiser cannot remove: overflows the stack.
fn recurse(n: u64) -> u64 {
    let pad = std::hint::black_box([n; 64]);
    if std::hint::black_box(n) == 0 {
        return 0;
    }
    recurse(n + 1).wrapping_add(pad[n as usize % 64])
}
