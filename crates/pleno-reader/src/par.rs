//! Spreading one page's work over the machine's cores. A PPK laptop has two to eight; one
//! photo read start to finish on one of them leaves the others idle while a clerk waits.

use std::ops::Range;
use std::sync::Mutex;
use std::sync::atomic::{AtomicUsize, Ordering};

/// Set by [`set_max_threads`]; 0 = no limit but the machine's.
static LIMIT: AtomicUsize = AtomicUsize::new(0);

/// Caps the threads one page read uses (1 = all on the calling thread), for the benchmark's
/// one-core figures or a caller that already keeps every core busy. 0 lifts the cap.
pub fn set_max_threads(n: usize) {
    LIMIT.store(n, Ordering::Relaxed);
}

/// Worker threads for one page: the cores there are, at most four (beyond that the page's
/// few dozen fields are too little work to share), and at most [`set_max_threads`].
pub fn workers() -> usize {
    let cores = std::thread::available_parallelism().map_or(1, |n| n.get().min(4));
    match LIMIT.load(Ordering::Relaxed) {
        0 => cores,
        n => n.min(cores),
    }
}

/// `0..len` cut into one contiguous band per worker (for passes over image rows).
pub fn bands(len: usize) -> Vec<Range<usize>> {
    let per = len.div_ceil(workers()).max(1);
    (0..len)
        .step_by(per)
        .map(|b| b..(b + per).min(len))
        .collect()
}

/// `f` over `items` on up to [`workers`] threads, results in the items' order. Items are
/// handed out one at a time, so uneven items (a field with bubbles beside one without) still
/// share out well. A panic in `f` is passed on as if `f` had run here.
pub fn map<T: Sync, R: Send>(items: &[T], f: impl Fn(&T) -> R + Sync) -> Vec<R> {
    let threads = workers().min(items.len());
    if threads <= 1 {
        return items.iter().map(f).collect();
    }
    let next = AtomicUsize::new(0);
    let slots: Mutex<Vec<Option<R>>> = Mutex::new(items.iter().map(|_| None).collect());
    let work = || {
        loop {
            let i = next.fetch_add(1, Ordering::Relaxed);
            let Some(item) = items.get(i) else { break };
            let r = f(item);
            // Nothing panics while holding the lock, so it is never poisoned in practice.
            slots
                .lock()
                .unwrap_or_else(std::sync::PoisonError::into_inner)[i] = Some(r);
        }
    };
    std::thread::scope(|s| {
        let helpers: Vec<_> = (1..threads).map(|_| s.spawn(work)).collect();
        work();
        for h in helpers {
            if let Err(p) = h.join() {
                std::panic::resume_unwind(p);
            }
        }
    });
    // Every slot is filled: a panic in any `f` has been passed on above.
    let slots = slots
        .into_inner()
        .unwrap_or_else(std::sync::PoisonError::into_inner);
    slots.into_iter().flatten().collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn keeps_the_order_of_uneven_items() {
        let items: Vec<u64> = (0..37).collect();
        let out = map(&items, |&i| {
            // Uneven work: later items finish first on another thread.
            let mut acc = i;
            for k in 0..(40 - i) * 2000 {
                acc = acc.wrapping_mul(6_364_136_223_846_793_005).wrapping_add(k);
            }
            std::hint::black_box(acc);
            i * 10
        });
        assert_eq!(out, items.iter().map(|i| i * 10).collect::<Vec<_>>());
        assert!(map(&[] as &[u8], |&b| b).is_empty());
    }

    #[test]
    #[should_panic(expected = "item 5")]
    fn a_panic_on_any_thread_is_passed_on() {
        let items: Vec<u32> = (0..8).collect();
        map(&items, |&i| {
            assert!(i != 5, "item {i}");
            i
        });
    }
}
