//! The one parallel driver of both batches (`convert` and `validate`).
//!
//! In: a count of items and a function of an item's index. Out: the
//! function's results in index order. `threads` pool threads (rayon) take
//! the indices **in order** from a shared counter, one at a time, so an
//! item finishes close to when the items before it do: a consumer that
//! re-orders results as they finish (the JSON Lines stream) holds about one
//! result per thread, whatever the batch's length.

use std::sync::Mutex;
use std::sync::atomic::{AtomicUsize, Ordering};

/// Threads to use for `jobs` (0 = one per core), never more than `items`
/// and never fewer than one.
pub fn threads_for(jobs: usize, items: usize) -> usize {
    let wanted = match jobs {
        0 => std::thread::available_parallelism().map_or(1, |n| n.get()),
        n => n,
    };
    wanted.min(items.max(1)).max(1)
}

/// Run `work(i)` for every `i` in `0..count` on `threads` threads whose
/// stacks are `stack` bytes, taking indices in order; the results come back
/// in index order. When no thread can be started, the work runs on the
/// calling thread.
pub fn in_order<T, F>(threads: usize, stack: usize, count: usize, work: F) -> Vec<T>
where
    T: Send,
    F: Fn(usize) -> T + Sync,
{
    let next = AtomicUsize::new(0);
    let done: Mutex<Vec<(usize, T)>> = Mutex::new(Vec::with_capacity(count));
    let worker = || {
        let mut mine = Vec::new();
        loop {
            let i = next.fetch_add(1, Ordering::Relaxed);
            if i >= count {
                break;
            }
            mine.push((i, work(i)));
        }
        if let Ok(mut all) = done.lock() {
            all.append(&mut mine);
        }
    };
    let pool = rayon::ThreadPoolBuilder::new()
        .num_threads(threads.max(1))
        .stack_size(stack)
        .thread_name(|i| format!("inspdf-{i}"))
        .build();
    match pool {
        Ok(pool) => pool.scope(|s| {
            for _ in 0..threads.max(1) {
                s.spawn(|_| worker());
            }
        }),
        Err(_) => worker(),
    }
    let mut all = done.into_inner().unwrap_or_else(|e| e.into_inner());
    all.sort_by_key(|(i, _)| *i);
    all.into_iter().map(|(_, t)| t).collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn results_come_back_in_input_order_whatever_the_threads() {
        for threads in [1, 2, 5] {
            let got = in_order(threads, 1 << 20, 100, |i| {
                if i % 7 == 0 {
                    std::thread::sleep(std::time::Duration::from_millis(1));
                }
                i * 2
            });
            assert_eq!(got, (0..100).map(|i| i * 2).collect::<Vec<_>>());
        }
        assert!(in_order(2, 1 << 20, 0, |i| i).is_empty());
    }

    #[test]
    fn indices_are_taken_in_order() {
        let order = Mutex::new(Vec::new());
        in_order(1, 1 << 20, 20, |i| order.lock().map(|mut o| o.push(i)).ok());
        assert_eq!(order.into_inner().ok(), Some((0..20).collect()));
    }

    #[test]
    fn thread_count_is_bounded_by_the_items() {
        assert_eq!(threads_for(8, 3), 3);
        assert_eq!(threads_for(2, 0), 1);
        assert!(threads_for(0, 100) >= 1);
    }
}
