//! The dev server's search index, made on a thread of its own: a save reloads the pages at
//! once, and the index follows when it is made (see the README for how long that takes).
//!
//! The thread always indexes the newest input it was given and publishes each index it
//! finishes, so once the edits stop the served index is the one `build` would write.

use std::sync::{Arc, Condvar, Mutex, PoisonError, RwLock};

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

/// Waits for the next input and takes it.
fn take(next: &(Mutex<Option<Input>>, Condvar)) -> Input {
    let (slot, ready) = next;
    let mut slot = slot.lock().unwrap_or_else(PoisonError::into_inner);
    loop {
        if let Some(input) = slot.take() {
            return input;
        }
        slot = ready.wait(slot).unwrap_or_else(PoisonError::into_inner);
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
