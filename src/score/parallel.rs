//! Scoring units on several threads. Results come back in input order and each
//! thread keeps its own [`ResultCache`], so the output is the same whatever the
//! number of threads (the cache never changes a result, only how fast it comes).

use super::cache::ResultCache;
use rayon::prelude::*;
use std::sync::Mutex;

/// Units handed to a thread at a time: large enough that scheduling costs nothing,
/// small enough that two threads stay busy on a small province.
const CHUNK: usize = 256;

/// The most worker threads: more only cost memory (a cache each) and start-up time
/// (100,000 would take minutes to start), never speed. `cchc score --threads`
/// refuses more; one per core is capped here too.
pub const MAX_THREADS: usize = 256;

/// The number of threads to use when none is asked for: one per core.
pub fn available_threads() -> usize {
    std::thread::available_parallelism().map_or(1, |n| n.get())
}

/// A pool of `threads` workers, each with its own cache. One thread runs on the
/// caller's thread, with no pool at all.
pub struct Workers {
    pool: Option<rayon::ThreadPool>,
    caches: Vec<Mutex<ResultCache>>,
}

impl Workers {
    /// `threads` workers (0 means one per core), at most [`MAX_THREADS`].
    pub fn new(threads: usize) -> Workers {
        let threads = if threads == 0 {
            available_threads()
        } else {
            threads
        }
        .min(MAX_THREADS);
        // Building a pool only fails when the OS refuses threads: then run on one.
        let pool = (threads > 1)
            .then(|| {
                rayon::ThreadPoolBuilder::new()
                    .num_threads(threads)
                    .build()
                    .ok()
            })
            .flatten();
        let count = pool.as_ref().map_or(1, |p| p.current_num_threads());
        Workers {
            pool,
            caches: (0..count).map(|_| Mutex::default()).collect(),
        }
    }

    /// The number of threads working.
    pub(crate) fn threads(&self) -> usize {
        self.caches.len()
    }

    /// `f` applied to every item, results in the items' order.
    pub(crate) fn map<T, R>(
        &self,
        items: &[T],
        f: impl Fn(&T, &mut ResultCache) -> R + Sync,
    ) -> Vec<R>
    where
        T: Sync,
        R: Send,
    {
        // `new` makes one cache per thread, never none; a spare keeps that panic-free.
        let mut spare = ResultCache::default();
        let Some(pool) = &self.pool else {
            let mut guard = self.caches.first().map(lock);
            let cache = guard.as_deref_mut().unwrap_or(&mut spare);
            return items.iter().map(|item| f(item, cache)).collect();
        };
        pool.install(|| {
            items
                .par_chunks(CHUNK)
                .map(|chunk| {
                    let slot = rayon::current_thread_index()
                        .unwrap_or(0)
                        .checked_rem(self.caches.len())
                        .unwrap_or(0);
                    let mut spare = ResultCache::default();
                    let mut guard = self.caches.get(slot).map(lock);
                    let cache = guard.as_deref_mut().unwrap_or(&mut spare);
                    chunk.iter().map(|item| f(item, cache)).collect::<Vec<R>>()
                })
                .collect::<Vec<Vec<R>>>()
                .into_iter()
                .flatten()
                .collect()
        })
    }
}

/// A cache whose thread panicked is still a valid cache (entries are inserted whole).
fn lock(cache: &Mutex<ResultCache>) -> std::sync::MutexGuard<'_, ResultCache> {
    cache
        .lock()
        .unwrap_or_else(|poisoned| poisoned.into_inner())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn results_keep_input_order_on_any_number_of_threads() {
        let items: Vec<usize> = (0..10_000).collect();
        let expected: Vec<usize> = items.iter().map(|i| i * 3).collect();
        for threads in [1, 2, 3, 8] {
            let workers = Workers::new(threads);
            assert_eq!(workers.threads(), threads);
            assert_eq!(workers.map(&items, |i, _| i * 3), expected);
        }
    }
}
