//! Test-only fault injection inside the PDF engines (feature
//! `fault-injection`): the faults the worker can simulate, and the point in
//! each engine's page loop where an armed one fires, so a crash, overflow,
//! hang or exhausted memory happens in the middle of extraction. The batch
//! arms it (`batch::fault`, from `INSPDF_TEST_WORKER_FAULT=engine-KIND`);
//! this module depends on nothing above the extract stage.

use std::sync::atomic::{AtomicUsize, Ordering};

/// Kinds that `engine-KIND` may name, in the order of their codes (from 1)
/// in [`ENGINE_FAULT`].
const ENGINE_KINDS: [&str; 5] = ["abort", "stack", "hang", "oom", "exit"];

/// The fault armed for the engine to fire (0: none), for the file now
/// being converted.
static ENGINE_FAULT: AtomicUsize = AtomicUsize::new(0);

/// Arm `kind` (one of [`ENGINE_KINDS`]; anything else arms nothing) to
/// fire at the next [`engine_point`].
pub(crate) fn arm(kind: &str) {
    let code = ENGINE_KINDS.iter().position(|k| *k == kind).map_or(0, |i| i + 1);
    ENGINE_FAULT.store(code, Ordering::SeqCst);
}

/// Nothing armed.
pub(crate) fn disarm() {
    ENGINE_FAULT.store(0, Ordering::SeqCst);
}

/// Called by the PDF engine once it has opened the document and read its
/// first page, with the engine's state (the parsed document, its caches)
/// live: fires the fault [`arm`] armed, so a crash,
/// overflow, hang or exhausted memory happens in the middle of extraction
/// rather than before the PDF is read.
pub(crate) fn engine_point() {
    let code = ENGINE_FAULT.swap(0, Ordering::SeqCst);
    if let Some(kind) = code.checked_sub(1).and_then(|i| ENGINE_KINDS.get(i)) {
        eprintln!("inspdf worker: INSPDF_TEST_WORKER_FAULT: engine-{kind} inside the engine, after page 1");
        fire(kind);
    }
}

/// Misbehave as `kind` says: `abort`, `stack`, `hang`, `oom`, `exit`.
pub(crate) fn fire(kind: &str) {
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

