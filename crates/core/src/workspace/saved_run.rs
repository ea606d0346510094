//! Running saved requests in order, as newman runs a collection: one result each, and a
//! request that fails or is refused does not stop the rest. The CLI's `saved run` and the
//! app's "Run all" both come here.

use super::Workspace;
use crate::error::{Error, Result};
use crate::guard::{self, Confirmed};
use crate::storage::SavedRequestRow;
use crate::workbench::RunResult;

impl Workspace {
    /// The saved requests named, in the order given; all of them, in saved order, for none.
    pub fn saved_named(&self, profile: &str, names: &[String]) -> Result<Vec<SavedRequestRow>> {
        let rows = self.saved_requests(profile)?.rows;
        if names.is_empty() {
            return Ok(rows);
        }
        names
            .iter()
            .map(|name| {
                rows.iter()
                    .find(|r| &r.name == name)
                    .cloned()
                    .ok_or_else(|| Error::Lookup {
                        what: "saved request".into(),
                        value: name.clone(),
                        ambiguous: false,
                        candidates: rows.iter().map(|r| r.name.clone()).take(10).collect(),
                    })
            })
            .collect()
    }

    /// The writes among `rows` this profile sends only once confirmed ("POST incident", …).
    pub fn writes_to_confirm(
        &self,
        profile: &str,
        rows: &[SavedRequestRow],
    ) -> Result<Vec<String>> {
        let p = self.profile(profile)?;
        Ok(rows
            .iter()
            .filter_map(|r| r.request.to_api().ok())
            .filter_map(|req| {
                match guard::check(profile, p.environment, p.write_guard, &req, Confirmed::No) {
                    Err(Error::WriteRefused {
                        read_only: false,
                        write,
                        ..
                    }) => Some(write),
                    _ => None,
                }
            })
            .collect())
    }

    /// Sends each row in turn (with `confirmed` for a confirm-writes profile) and records each
    /// in the history as any send does.
    pub async fn run_saved(
        &self,
        profile: &str,
        rows: &[SavedRequestRow],
        confirmed: Confirmed,
    ) -> Vec<RunResult> {
        let mut results = Vec::with_capacity(rows.len());
        for row in rows {
            let sent = match row.request.to_api() {
                Ok(req) => self.send_as(profile, &req, confirmed).await,
                Err(e) => Err(e),
            };
            results.push(match sent {
                Ok(x) => RunResult::answered(&row.name, &x),
                Err(e) => RunResult::unanswered(&row.name, &row.request.method, &e.report()),
            });
        }
        results
    }
}
