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
    next: Arc<(Mutex<Option<Input>>, Condvar)>,
}

impl Indexer {
    /// Starts the thread, which puts each index it makes into `served`.
    pub fn start(served: Arc<RwLock<Served>>) -> Indexer {
        let next: Arc<(Mutex<Option<Input>>, Condvar)> = Arc::default();
        let waiting = next.clone();
        std::thread::spawn(move || {
            let mut last: Option<Input> = None;
            loop {
                let input = take(&waiting);
                if last.as_ref() == Some(&input) {
                    continue;
                }
                match search::index(&input) {
                    Ok(files) => publish(&served, files),
                    Err(error) => eprintln!("error: {error}"),
                }
                last = Some(input);
            }
        });
        Indexer { next }
    }

    /// Asks for the index of `input`, in place of any not yet begun.
    pub fn update(&self, input: Input) {
        let (slot, ready) = &*self.next;
        *slot.lock().unwrap_or_else(PoisonError::into_inner) = Some(input);
        ready.notify_one();
    }
}

/// How long the edits must pause before an index is begun: a large site's index takes
/// seconds, which a burst of saves would otherwise spend on indexes at once outdated.
const SETTLE: Duration = Duration::from_millis(300);

/// Waits for the next input, and then until none newer has come for [`SETTLE`], and takes it.
fn take(next: &(Mutex<Option<Input>>, Condvar)) -> Input {
    let (slot, ready) = next;
    let mut slot = slot.lock().unwrap_or_else(PoisonError::into_inner);
    loop {
        let Some(input) = slot.take() else {
            slot = ready.wait(slot).unwrap_or_else(PoisonError::into_inner);
            continue;
        };
        let (after, waited) = ready
            .wait_timeout(slot, SETTLE)
            .unwrap_or_else(PoisonError::into_inner);
        slot = after;
        if waited.timed_out() && slot.is_none() {
            return input;
        }
        // Woken early: a newer input (or a spurious wake-up, when the slot is empty).
        if slot.is_none() {
            *slot = Some(input);
        }
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
