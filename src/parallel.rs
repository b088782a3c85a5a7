//! The one parallel driver of both batches (`convert` and `validate`).
//!
//! In: a count of items and a function of an item's index. Out: the
//! function's results in index order. `threads` pool threads (rayon) take
//! the indices **in order** from a shared counter, one at a time, so an
//! item finishes close to when the items before it do: a consumer that
//! re-orders results as they finish (the JSON Lines stream) holds about one
//! result per thread, whatever the batch's length.
//!
//! A batch may hand a dispatch order of its own ([`in_order_by`]); convert
//! hands [`tail_largest_first`]: its last few files largest first, so that
//! the batch does not end with one thread still on a long file while the
//! others have nothing left to take.

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

/// Files per thread, at the end of a batch, taken largest first by
/// [`tail_largest_first`].
pub const TAIL_PER_THREAD: usize = 4;

/// A dispatch order for items of these `sizes` on `threads` threads: input
/// order, except that the last [`TAIL_PER_THREAD`] × `threads` items go
/// largest first (longest processing time first, with size standing for
/// time), so that the last items to start are the smallest and the threads
/// finish close together. In the middle of a batch a free thread always
/// finds an item to take, so the order there does not change how long the
/// batch lasts, and keeping it keeps results finishing close to input
/// order. One thread: input order.
pub fn tail_largest_first(threads: usize, sizes: &[u64]) -> Vec<usize> {
    let mut order: Vec<usize> = (0..sizes.len()).collect();
    if threads > 1 {
        let tail = sizes.len().saturating_sub(TAIL_PER_THREAD * threads);
        // Stable: equal sizes keep input order.
        order[tail..].sort_by_key(|&i| std::cmp::Reverse(sizes[i]));
    }
    order
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
    let order: Vec<usize> = (0..count).collect();
    in_order_by(threads, stack, &order, work)
}

/// [`in_order`], the indices taken in the order `order` lists them (each
/// of `0..order.len()` once); the results still come back in index order.
pub fn in_order_by<T, F>(threads: usize, stack: usize, order: &[usize], work: F) -> Vec<T>
where
    T: Send,
    F: Fn(usize) -> T + Sync,
{
    let count = order.len();
    let next = AtomicUsize::new(0);
    let done: Mutex<Vec<(usize, T)>> = Mutex::new(Vec::with_capacity(count));
    let worker = || {
        let mut mine = Vec::new();
        while let Some(&i) = order.get(next.fetch_add(1, Ordering::Relaxed)) {
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
    fn a_given_order_is_followed_and_results_still_come_back_by_index() {
        let order = [3, 0, 4, 1, 2];
        let taken = Mutex::new(Vec::new());
        let got = in_order_by(1, 1 << 20, &order, |i| {
            taken.lock().map(|mut t| t.push(i)).ok();
            i * 10
        });
        assert_eq!(taken.into_inner().ok(), Some(order.to_vec()));
        assert_eq!(got, [0, 10, 20, 30, 40]);
        let got = in_order_by(3, 1 << 20, &order, |i| i);
        assert_eq!(got, [0, 1, 2, 3, 4]);
    }

    #[test]
    fn only_the_tail_goes_largest_first() {
        let sizes: Vec<u64> = vec![5, 1, 9, 2, 7, 3, 8, 6, 4, 10, 1, 6];
        // One thread: nothing to balance.
        assert_eq!(tail_largest_first(1, &sizes), (0..12).collect::<Vec<_>>());
        // Two threads: the last 8 by size, ties in input order.
        let order = tail_largest_first(2, &sizes);
        assert_eq!(order[..4], [0, 1, 2, 3]);
        assert_eq!(order[4..], [9, 6, 4, 7, 11, 8, 5, 10]);
        // Fewer items than the tail: all of them.
        assert_eq!(tail_largest_first(2, &[1, 3, 2]), [1, 2, 0]);
        assert!(tail_largest_first(2, &[]).is_empty());
    }

    #[test]
    fn thread_count_is_bounded_by_the_items() {
        assert_eq!(threads_for(8, 3), 3);
        assert_eq!(threads_for(2, 0), 1);
        assert!(threads_for(0, 100) >= 1);
    }
}
