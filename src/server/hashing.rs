//! Password hashing on a few threads of its own. Each argon2id run takes
//! 19 MiB; run on the blocking pool, two hundred clerks logging in at 8:00 would
//! hash on as many threads, and the allocator would keep a copy of that memory
//! per thread (measured: 2.6 GB peak). On one thread per core they queue for a
//! few seconds and the memory stays that of one hash per thread.

use super::error::Failure;
use super::state::AppState;
use std::sync::mpsc::{Receiver, Sender, channel};
use std::sync::{Arc, Mutex, PoisonError};

type Job = Box<dyn FnOnce() + Send>;

/// The hashing threads and their queue.
pub(crate) struct HashingPool {
    jobs: Mutex<Sender<Job>>,
}

impl HashingPool {
    /// One thread per core, at most four.
    pub(crate) fn new() -> HashingPool {
        let threads = std::thread::available_parallelism().map_or(2, |n| n.get().min(4));
        let (sender, receiver) = channel::<Job>();
        let receiver = Arc::new(Mutex::new(receiver));
        for i in 0..threads {
            let receiver = Arc::clone(&receiver);
            // A pool that cannot start a thread still works with the ones it has.
            let _ = std::thread::Builder::new()
                .name(format!("cchc-hash-{i}"))
                .spawn(move || work(&receiver));
        }
        HashingPool {
            jobs: Mutex::new(sender),
        }
    }
}

fn work(receiver: &Mutex<Receiver<Job>>) {
    loop {
        let job = receiver
            .lock()
            .unwrap_or_else(PoisonError::into_inner)
            .recv();
        match job {
            Ok(job) => job(),
            Err(_) => return, // the server is gone
        }
    }
}

/// Runs `work` (which hashes or verifies a password) on a hashing thread.
pub(crate) async fn hashing<T, E>(
    state: &Arc<AppState>,
    work: impl FnOnce(&AppState) -> Result<T, E> + Send + 'static,
) -> Result<T, E>
where
    T: Send + 'static,
    E: From<Failure> + Send + 'static,
{
    let (tx, rx) = tokio::sync::oneshot::channel();
    let job_state = Arc::clone(state);
    let job: Job = Box::new(move || {
        let _ = tx.send(work(&job_state));
    });
    let sent = state
        .hashing
        .jobs
        .lock()
        .unwrap_or_else(PoisonError::into_inner)
        .send(job);
    if sent.is_err() {
        return Err(
            Failure::Internal("không còn luồng băm mật khẩu / no hashing thread".into()).into(),
        );
    }
    rx.await.unwrap_or_else(|_| {
        Err(Failure::Internal("băm mật khẩu hỏng / password hashing failed".into()).into())
    })
}
