//! Every sent request with its response summary. What is stored was redacted before it got
//! here (see `views::history_request`); this file only keeps, searches and prunes.

use rusqlite::params;
use serde::Serialize;

use super::{Rows, Storage};
use crate::error::Result;
use crate::views::RequestInput;

/// Entries kept across all profiles; older ones are pruned.
pub const HISTORY_CAP: i64 = 5_000;

/// How many inserts go by between two prunes.
const PRUNE_EVERY: i64 = 100;

#[derive(Debug, Clone, Serialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS), ts(export))]
pub struct HistoryEntry {
    #[cfg_attr(feature = "ts", ts(type = "number"))]
    pub id: i64,
    pub profile: String,
    #[cfg_attr(feature = "ts", ts(type = "number"))]
    pub at_ms: i64,
    pub method: String,
    pub url: String,
    pub status: u16,
    pub elapsed_ms: f64,
    #[cfg_attr(feature = "ts", ts(type = "number"))]
    pub size: i64,
    pub content_type: Option<String>,
    /// Enough to re-open and re-send the request (secrets already redacted).
    pub request: RequestInput,
}

fn insert(conn: &rusqlite::Connection, e: &HistoryEntry) -> Result<i64> {
    let request = super::records::encode(&e.request);
    conn.prepare_cached(
        "INSERT INTO history (profile, at_ms, method, url, status, elapsed_ms, size, content_type, request)
         VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9)",
    )?
    .execute(params![e.profile, e.at_ms, e.method, e.url, e.status, e.elapsed_ms, e.size, e.content_type, request])?;
    let id = conn.last_insert_rowid();
    // Pruning (a delete that overwrites, see `secure_delete`) every PRUNE_EVERY inserts
    // instead of each, down to the cap less PRUNE_EVERY so the cap is never exceeded.
    // Ids only grow, so the primary key finds the oldest.
    if id % PRUNE_EVERY == 0 {
        conn.prepare_cached("DELETE FROM history WHERE id <= ?1")?
            .execute([id - HISTORY_CAP + PRUNE_EVERY])?;
    }
    Ok(id)
}

impl Storage {
    /// Several entries in one transaction (the history writer's batch): one commit for all.
    pub fn add_history_batch(&mut self, entries: &[HistoryEntry]) -> Result<()> {
        let tx = self
            .conn
            .transaction_with_behavior(rusqlite::TransactionBehavior::Immediate)?;
        for e in entries {
            insert(&tx, e)?;
        }
        Ok(tx.commit()?)
    }

    /// Newest first; `search` matches the method, URL, status or request body.
    pub fn history(
        &self,
        profile: Option<&str>,
        search: &str,
        limit: u32,
    ) -> Result<Rows<HistoryEntry>> {
        let like = format!(
            "%{}%",
            search
                .replace('\\', "\\\\")
                .replace('%', "\\%")
                .replace('_', "\\_")
        );
        let mut stmt = self.conn.prepare(
            "SELECT id, profile, at_ms, method, url, status, elapsed_ms, size, content_type, request FROM history
             WHERE (?1 IS NULL OR profile = ?1)
               AND (?2 = '%%' OR method LIKE ?2 ESCAPE '\\' OR url LIKE ?2 ESCAPE '\\'
                    OR CAST(status AS TEXT) LIKE ?2 ESCAPE '\\' OR request LIKE ?2 ESCAPE '\\')
             ORDER BY id DESC LIMIT ?3",
        )?;
        let rows = stmt.query_map(params![profile, like, limit], |r| {
            Ok((
                HistoryEntry {
                    id: r.get(0)?,
                    profile: r.get(1)?,
                    at_ms: r.get(2)?,
                    method: r.get(3)?,
                    url: r.get(4)?,
                    status: r.get(5)?,
                    elapsed_ms: r.get(6)?,
                    size: r.get(7)?,
                    content_type: r.get(8)?,
                    request: RequestInput::empty(),
                },
                r.get::<_, String>(9)?,
            ))
        })?;
        let mut out = Rows {
            rows: Vec::new(),
            skipped: Vec::new(),
        };
        for row in rows {
            let (mut e, request) = row?;
            match super::records::decode(&request) {
                Ok(r) => {
                    e.request = r;
                    out.rows.push(e);
                }
                Err(why) => out.skipped.push(format!("history entry {}: {why}", e.id)),
            }
        }
        Ok(out)
    }

    pub fn clear_history(&self, profile: Option<&str>) -> Result<usize> {
        Ok(self.conn.execute(
            "DELETE FROM history WHERE (?1 IS NULL OR profile = ?1)",
            [profile],
        )?)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::views::{KeyValue, RequestTarget};

    fn entry(profile: &str, url: &str, status: u16) -> HistoryEntry {
        let mut request = RequestInput::empty();
        request.path = url.into();
        request.target = RequestTarget::Path;
        request.params = vec![KeyValue {
            key: "sysparm_limit".into(),
            value: "1".into(),
            enabled: true,
        }];
        HistoryEntry {
            id: 0,
            profile: profile.into(),
            at_ms: 1,
            method: "GET".into(),
            url: url.into(),
            status,
            elapsed_ms: 1.5,
            size: 10,
            content_type: Some("application/json".into()),
            request,
        }
    }

    #[test]
    fn keeps_searches_and_clears() {
        let dir = tempfile::tempdir().unwrap();
        let mut s = Storage::open_dir(dir.path()).unwrap();
        s.add_history_batch(&[entry("a", "/api/now/table/incident", 200)])
            .unwrap();
        s.add_history_batch(&[entry("a", "/api/now/table/sys_user", 404)])
            .unwrap();
        s.add_history_batch(&[entry("b", "/api/now/stats/incident", 200)])
            .unwrap();
        let all = s.history(None, "", 10).unwrap().rows;
        assert_eq!(
            all.iter().map(|e| e.url.as_str()).collect::<Vec<_>>(),
            [
                "/api/now/stats/incident",
                "/api/now/table/sys_user",
                "/api/now/table/incident"
            ]
        );
        assert_eq!(s.history(Some("a"), "", 10).unwrap().rows.len(), 2);
        assert_eq!(s.history(None, "incident", 10).unwrap().rows.len(), 2);
        assert_eq!(
            s.history(None, "404", 10).unwrap().rows[0].url,
            "/api/now/table/sys_user"
        );
        assert_eq!(
            s.history(None, "100%", 10).unwrap().rows.len(),
            0,
            "LIKE wildcards are literal"
        );
        assert_eq!(all[0].request.params[0].key, "sysparm_limit");
        assert_eq!(s.clear_history(Some("a")).unwrap(), 2);
        assert_eq!(s.history(None, "", 10).unwrap().rows.len(), 1);
    }

    #[test]
    fn prunes_to_the_cap() {
        let dir = tempfile::tempdir().unwrap();
        let mut s = Storage::open_dir(dir.path()).unwrap();
        for i in 0..(HISTORY_CAP + 25) {
            s.add_history_batch(&[entry("a", &format!("/api/{i}"), 200)])
                .unwrap();
        }
        let kept = s.history(None, "", u32::MAX).unwrap().rows;
        // Pruned in batches: never above the cap, never more than a batch below it.
        assert!(kept.len() as i64 <= HISTORY_CAP, "{}", kept.len());
        assert!(
            kept.len() as i64 > HISTORY_CAP - PRUNE_EVERY,
            "{}",
            kept.len()
        );
        assert_eq!(kept[0].url, format!("/api/{}", HISTORY_CAP + 24));
        assert_eq!(
            kept.last().unwrap().url,
            format!("/api/{}", HISTORY_CAP + 25 - kept.len() as i64)
        );
    }
}
