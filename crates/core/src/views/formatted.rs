//! A body's display lines, kept per view (raw, pretty). A big body's pretty lines are formatted
//! on a thread of their own from the moment the body is kept, and until they are ready the first
//! page comes from the start of the body formatted alone: the viewer shows the first lines at
//! once instead of after 50 MB have been validated, re-indented and split into rows.

use std::sync::mpsc::{self, Receiver, TryRecvError};
use std::sync::Arc;

use super::body::{format_body, format_start, BodyKind, BodyPage, Lines};

/// Bodies from this size on have their pretty lines formatted ahead.
pub(super) const AHEAD_BYTES: usize = 1 << 20;
/// How much of the body an early first page formats.
const START_BYTES: usize = 64 * 1024;

/// One view's lines: not made yet, being made on another thread, or ready.
#[derive(Default)]
pub(super) struct Slot {
    ready: Option<Lines>,
    pending: Option<Receiver<Lines>>,
}

impl Slot {
    /// Starts formatting `body` on its own thread (or, if no thread can start, on first use).
    pub(super) fn ahead(kind: BodyKind, body: Arc<Vec<u8>>, pretty: bool) -> Slot {
        let (tx, rx) = mpsc::channel();
        let spawned = std::thread::Builder::new()
            .name("format-body".into())
            .spawn(move || {
                let _ = tx.send(format_body(kind, &body, pretty));
            });
        Slot {
            ready: None,
            pending: spawned.ok().map(|_| rx),
        }
    }

    /// The lines, waiting for the thread or formatting them now if need be.
    pub(super) fn lines(&mut self, kind: BodyKind, body: &[u8], pretty: bool) -> &Lines {
        let pending = &mut self.pending;
        self.ready.get_or_insert_with(|| {
            pending
                .take()
                .and_then(|rx| rx.recv().ok())
                .unwrap_or_else(|| format_body(kind, body, pretty))
        })
    }

    /// Whether the lines are still being formatted on their thread.
    pub(super) fn is_pending(&mut self) -> bool {
        let Some(rx) = &self.pending else {
            return false;
        };
        match rx.try_recv() {
            Err(TryRecvError::Empty) => return true,
            Ok(lines) => self.ready = Some(lines),
            Err(TryRecvError::Disconnected) => {}
        }
        self.pending = None;
        false
    }
}

/// A first page from the start of the body alone; `total` and `bytes` scaled up from it.
pub(super) fn early_page(
    id: u32,
    kind: BodyKind,
    body: &[u8],
    pretty: bool,
    count: u32,
) -> BodyPage {
    let head = &body[..body.len().min(START_BYTES)];
    let lines = format_start(kind, head, pretty);
    // The last row may be cut short.
    let complete = lines.len().saturating_sub(1) as u32;
    let mut page = lines.page(id, pretty, 0, count.min(complete));
    let scale = body.len() as f64 / head.len().max(1) as f64;
    page.total = ((f64::from(complete) * scale) as u32).max(complete + 1);
    page.bytes = (lines.bytes() as f64 * scale) as u64;
    page.provisional = true;
    page
}

#[cfg(test)]
mod tests {
    use super::*;

    fn list(records: usize) -> Vec<u8> {
        let items: Vec<String> = (0..records)
            .map(|i| format!(r#"{{"number":"INC{i:07}","short_description":"row {i}"}}"#))
            .collect();
        format!(r#"{{"result":[{}]}}"#, items.join(",")).into_bytes()
    }

    #[test]
    fn an_early_page_is_the_start_of_the_whole() {
        let body = list(20_000);
        let whole = format_body(BodyKind::Json, &body, true);
        let early = early_page(3, BodyKind::Json, &body, true, 500);
        assert!(early.provisional);
        assert_eq!(early.lines, whole.page(3, true, 0, 500).lines);
        // 20 000 records of 4 rows each: the estimate is close.
        let (total, estimate) = (whole.len() as f64, f64::from(early.total));
        assert!(
            (estimate / total - 1.0).abs() < 0.05,
            "{estimate} for {total}"
        );
        assert!(early.bytes as usize > body.len());
    }

    #[test]
    fn a_short_start_gives_only_whole_rows() {
        let body = br#"{"result":[{"a":"1"}"#;
        let early = early_page(1, BodyKind::Json, body, true, 500);
        assert_eq!(
            early.lines,
            ["{", r#"  "result": ["#, "    {", r#"      "a": "1""#]
        );
        assert_eq!(early.total, 5, "at least one row more than it shows");
    }

    #[test]
    fn a_slot_formatted_ahead_gives_the_same_lines() {
        let body = Arc::new(list(100));
        let mut ahead = Slot::ahead(BodyKind::Json, Arc::clone(&body), true);
        let mut now = Slot::default();
        assert!(!now.is_pending());
        let expected = now
            .lines(BodyKind::Json, &body, true)
            .page(1, true, 0, 1000);
        let got = ahead
            .lines(BodyKind::Json, &body, true)
            .page(1, true, 0, 1000);
        assert_eq!(got.lines, expected.lines);
        assert!(!ahead.is_pending(), "ready once waited for");
    }
}
