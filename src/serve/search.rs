//! The dev server's search index, made on a thread of its own: a save reloads the pages at
//! once, and the index follows when it is made (see the README for how long that takes).
//!
//! The thread always indexes the newest input it was given and publishes each index it
//! finishes, so once the edits stop the served index is the one `build` would write.

use std::sync::{Arc, Condvar, Mutex, PoisonError, RwLock};
use std::time::Duration;

use crate::emit::{Output, OutputFile};
use crate::search::{self, Input};
use crate::serve::http::Served;

/// Hands the inputs of new outputs to the indexing thread.
pub struct Indexer {
    shared: Arc<Shared>,
}

type Shared = (Mutex<Slot>, Condvar);

/// What the indexing thread is waiting on.
#[derive(Default)]
struct Slot {
    /// The newest input not yet begun.
    next: Option<Input>,
    /// A rebuild is under way: no index is begun meanwhile, and one being made is given up —
    /// it would be outdated, and it takes a core the rebuild needs.
    rebuilding: bool,
}

impl Indexer {
    /// Starts the thread, which puts each index it makes into `served`.
    pub fn start(served: Arc<RwLock<Served>>) -> Indexer {
        let shared: Arc<Shared> = Arc::default();
        let waiting = shared.clone();
        std::thread::spawn(move || {
            let mut last: Option<Input> = None;
            loop {
                let input = take(&waiting);
                if last.as_ref() == Some(&input) {
                    continue;
                }
                let stop = || {
                    let slot = lock(&waiting.0);
                    slot.rebuilding || slot.next.is_some()
                };
                match search::index_unless(&input, &stop) {
                    Ok(Some(files)) => publish(&served, files),
                    Ok(None) => {
                        // Given up: begun again once the rebuild is done, unless it brings a
                        // newer input.
                        lock(&waiting.0).next.get_or_insert(input);
                        continue;
                    }
                    Err(error) => eprintln!("error: {error}"),
                }
                last = Some(input);
            }
        });
        Indexer { shared }
    }

    /// Asks for the index of `input`, in place of any not yet begun.
    pub fn update(&self, input: Input) {
        let (slot, ready) = &*self.shared;
        lock(slot).next = Some(input);
        ready.notify_one();
    }

    /// Holds indexing off until the returned guard is dropped: for the length of a rebuild.
    pub fn rebuilding(&self) -> Rebuilding<'_> {
        self.set_rebuilding(true);
        Rebuilding(self)
    }

    fn set_rebuilding(&self, rebuilding: bool) {
        let (slot, ready) = &*self.shared;
        lock(slot).rebuilding = rebuilding;
        ready.notify_one();
    }
}

/// A rebuild under way, during which nothing is indexed (see [`Indexer::rebuilding`]).
pub struct Rebuilding<'i>(&'i Indexer);

impl Drop for Rebuilding<'_> {
    fn drop(&mut self) {
        self.0.set_rebuilding(false);
    }
}

fn lock(slot: &Mutex<Slot>) -> std::sync::MutexGuard<'_, Slot> {
    slot.lock().unwrap_or_else(PoisonError::into_inner)
}

/// How long the edits must pause before an index is begun: a large site's index takes
/// seconds, which a burst of saves would otherwise spend on indexes at once outdated.
const SETTLE: Duration = Duration::from_millis(300);

/// Waits for the next input, and then until no rebuild has run and none newer has come for
/// [`SETTLE`], and takes it.
fn take((slot, ready): &Shared) -> Input {
    let mut slot = lock(slot);
    loop {
        let input = match slot.next.take() {
            Some(input) if !slot.rebuilding => input,
            waiting => {
                slot.next = waiting;
                slot = ready.wait(slot).unwrap_or_else(PoisonError::into_inner);
                continue;
            }
        };
        let (after, waited) = ready
            .wait_timeout(slot, SETTLE)
            .unwrap_or_else(PoisonError::into_inner);
        slot = after;
        if waited.timed_out() && slot.next.is_none() && !slot.rebuilding {
            return input;
        }
        // Woken early: a newer input, a rebuild, or a spurious wake-up.
        slot.next.get_or_insert(input);
    }
}

fn publish(served: &RwLock<Served>, files: Vec<(String, bytes::Bytes)>) {
    let files = files.into_iter().map(|(p, b)| (p, OutputFile::Bytes(b)));
    let index = Arc::new(Output {
        files: files.collect(),
    });
    served
        .write()
        .unwrap_or_else(PoisonError::into_inner)
        .search = index;
}
