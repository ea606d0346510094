//! History entries written off the send path. A send queues its entry and returns; a thread
//! wakes for the first entry, lets others gather for [`GATHER`], and writes them all in one
//! transaction on its own connection, so a send never waits for a commit. (Each commit makes
//! the workspace's connection drop its caches, hence one per burst, not one per entry.)
//! Readers call [`HistoryWriter::flush`] first, and dropping the writer writes what is left,
//! so a process that exits normally loses nothing.

use std::path::PathBuf;
use std::sync::mpsc::{channel, sync_channel, Receiver, Sender, SyncSender};
use std::sync::Mutex;
use std::thread::JoinHandle;
use std::time::Duration;

use super::{HistoryEntry, Storage};

/// How long queued entries wait for others: one commit then serves a burst of sends (a
/// commit costs more than the inserts in it). Only a crash in that window loses an entry.
const GATHER: Duration = Duration::from_millis(20);

enum Message {
    Entry(Box<HistoryEntry>),
    /// Answered once everything queued before it is written.
    Flush(SyncSender<()>),
}

pub struct HistoryWriter {
    /// The database, already set up by [`Storage::open`].
    path: PathBuf,
    /// Started with the first entry, so a process that sends nothing starts no thread.
    running: Mutex<Option<(Sender<Message>, JoinHandle<()>)>>,
}

impl HistoryWriter {
    pub fn new(path: PathBuf) -> Self {
        HistoryWriter {
            path,
            running: Mutex::new(None),
        }
    }

    pub fn push(&self, entry: HistoryEntry) {
        let Ok(mut running) = self.running.lock() else {
            return eprintln!("snowpost: history not saved: its writer stopped");
        };
        if running.is_none() {
            let (tx, rx) = channel();
            let path = self.path.clone();
            let spawned = std::thread::Builder::new()
                .name("snowpost-history".into())
                .spawn(move || write_loop(&path, rx));
            match spawned {
                Ok(handle) => *running = Some((tx, handle)),
                // Out of threads: the send already succeeded; only its history entry is lost.
                Err(e) => return eprintln!("snowpost: history not saved: {e}"),
            }
        }
        let Some((tx, _)) = running.as_ref() else {
            return;
        };
        if tx.send(Message::Entry(Box::new(entry))).is_err() {
            eprintln!("snowpost: history not saved: its writer stopped");
        }
    }

    /// Returns once every entry pushed so far is in the database.
    pub fn flush(&self) {
        let (tx, thread) = match self.running.lock() {
            Ok(running) => match running.as_ref() {
                Some((tx, handle)) => (tx.clone(), handle.thread().clone()),
                None => return,
            },
            Err(_) => return,
        };
        let (done, wait) = sync_channel(1);
        if tx.send(Message::Flush(done)).is_ok() {
            thread.unpark(); // no waiting out GATHER
            let _ = wait.recv();
        }
    }
}

impl Drop for HistoryWriter {
    fn drop(&mut self) {
        let running = self.running.get_mut().ok().and_then(Option::take);
        if let Some((tx, handle)) = running {
            drop(tx);
            handle.thread().unpark();
            let _ = handle.join();
        }
    }
}

fn write_loop(path: &std::path::Path, rx: Receiver<Message>) {
    let mut storage = Storage::open_writer(path);
    let mut entries = Vec::new();
    let mut flushes = Vec::new();
    while let Ok(first) = rx.recv() {
        if matches!(first, Message::Entry(_)) {
            // Sends meanwhile queue without waking this thread; a flush or drop unparks it.
            std::thread::park_timeout(GATHER);
        }
        for message in std::iter::once(first).chain(rx.try_iter()) {
            match message {
                Message::Entry(e) => entries.push(*e),
                Message::Flush(done) => flushes.push(done),
            }
        }
        if !entries.is_empty() {
            let written = match storage.as_mut() {
                Ok(s) => s.add_history_batch(&entries),
                Err(e) => Err(crate::error::Error::Storage(e.to_string())),
            };
            if let Err(e) = written {
                eprintln!("snowpost: history not saved: {e}");
            }
        }
        entries.clear();
        for done in flushes.drain(..) {
            let _ = done.send(());
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::views::RequestInput;

    fn entry(i: usize) -> HistoryEntry {
        HistoryEntry {
            id: 0,
            profile: "a".into(),
            at_ms: i as i64,
            method: "GET".into(),
            url: format!("/api/{i}"),
            status: 200,
            elapsed_ms: 1.0,
            size: 1,
            content_type: None,
            request: RequestInput::empty(),
        }
    }

    #[test]
    fn a_flush_sees_every_entry_in_order_and_a_drop_writes_the_rest() {
        let dir = tempfile::tempdir().unwrap();
        let reader = Storage::open_dir(dir.path()).unwrap();
        let writer = HistoryWriter::new(reader.path().to_path_buf());
        let history = |limit| reader.history(None, "", limit).unwrap().rows;
        writer.flush(); // nothing pushed: no thread, no wait
        for i in 0..250 {
            writer.push(entry(i));
        }
        writer.flush();
        let rows = history(1000);
        assert_eq!(rows.len(), 250);
        assert_eq!(rows[0].url, "/api/249");
        assert_eq!(rows[249].url, "/api/0");

        writer.push(entry(250));
        drop(writer);
        assert_eq!(history(1)[0].url, "/api/250");
    }
}
