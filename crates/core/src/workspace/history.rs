//! The history of sent requests: what is kept of each (never a secret: see `history_request`).

use super::Workspace;
use crate::api::{ApiRequest, Exchange};
use crate::error::Result;
use crate::storage::{HistoryEntry, Rows};
use crate::views::history_request;

impl Workspace {
    /// History is a convenience: a full disk must not turn a sent request into an error,
    /// so a failed write is reported on stderr and the exchange returned as usual. The entry
    /// is written off the send path (see `HistoryWriter`).
    pub(super) fn record_history(&self, name: &str, req: &ApiRequest, x: &Exchange) {
        let entry = HistoryEntry {
            id: 0,
            profile: name.into(),
            at_ms: std::time::SystemTime::now()
                .duration_since(std::time::UNIX_EPOCH)
                .map(|d| d.as_millis() as i64)
                .unwrap_or(0),
            method: x.request.method.clone(),
            url: crate::redact::url(&x.request.url),
            status: x.status,
            elapsed_ms: x.elapsed_ms,
            size: x.size as i64,
            content_type: x.content_type.clone(),
            request: history_request(req),
        };
        self.history_writer.push(entry);
    }

    /// Returns once every entry recorded so far is in the database (the app calls it on
    /// exit, where the workspace is not dropped).
    pub fn flush_history(&self) {
        self.history_writer.flush();
    }

    pub fn history(
        &self,
        profile: Option<&str>,
        search: &str,
        limit: u32,
    ) -> Result<Rows<HistoryEntry>> {
        self.flush_history();
        self.db(|s| s.history(profile, search, limit))
    }

    pub fn clear_history(&self, profile: Option<&str>) -> Result<usize> {
        self.flush_history();
        self.db(|s| s.clear_history(profile))
    }
}
