//! The instance's metadata per profile: the raw rows it answered, as a versioned record, so a
//! newer parser re-reads an old cache and a renamed IPC field never loses it.

use rusqlite::{params, OptionalExtension};
use serde::{Deserialize, Serialize};
use serde_json::Value;

use super::{now_secs, Storage};
use crate::error::Result;
use crate::schema::MetadataRows;

/// The record version this build writes.
const SCHEMA_RECORD: u64 = 1;

#[derive(Serialize, Deserialize)]
struct MetadataV1 {
    v: u64,
    #[serde(default)]
    table: String,
    #[serde(default)]
    label: String,
    #[serde(default)]
    hierarchy: Vec<String>,
    #[serde(default)]
    dictionary: Option<Vec<Value>>,
    #[serde(default)]
    choices: Vec<Value>,
    /// `sys_db_object` rows, in the table-list record.
    #[serde(default)]
    tables: Vec<Value>,
    #[serde(default)]
    sample: Option<Value>,
    #[serde(default)]
    limits: Vec<String>,
}

/// A cached value with the time it was fetched.
#[derive(Debug, Clone)]
pub struct Cached<T> {
    pub value: T,
    pub refreshed_at: i64,
}

/// The key of the table list; a table's schema is under `table:NAME`.
const TABLES: &str = "tables";

impl Storage {
    fn cached(&self, profile: &str, key: &str) -> Result<Option<(String, i64)>> {
        Ok(self
            .conn
            .query_row(
                "SELECT record, refreshed_at FROM schema_cache WHERE profile = ?1 AND key = ?2",
                params![profile, key],
                |r| Ok((r.get(0)?, r.get(1)?)),
            )
            .optional()?)
    }

    fn cache(&self, profile: &str, key: &str, record: &str) -> Result<i64> {
        let at = now_secs();
        self.conn.execute(
            "INSERT INTO schema_cache (profile, key, record, refreshed_at) VALUES (?1, ?2, ?3, ?4)
             ON CONFLICT (profile, key) DO UPDATE SET record = excluded.record, refreshed_at = excluded.refreshed_at",
            params![profile, key, record, at],
        )?;
        Ok(at)
    }

    /// The `sys_db_object` rows last fetched; `None` when absent or unreadable by this build.
    pub fn cached_tables(&self, profile: &str) -> Result<Option<Cached<Vec<Value>>>> {
        Ok(self.cached(profile, TABLES)?.and_then(|(json, at)| {
            let record: MetadataV1 = serde_json::from_str(&json).ok()?;
            (record.v <= SCHEMA_RECORD).then_some(Cached {
                value: record.tables,
                refreshed_at: at,
            })
        }))
    }

    pub fn cache_tables(&self, profile: &str, rows: &[Value]) -> Result<i64> {
        let record = MetadataV1 {
            v: SCHEMA_RECORD,
            table: String::new(),
            label: String::new(),
            hierarchy: Vec::new(),
            dictionary: None,
            choices: Vec::new(),
            tables: rows.to_vec(),
            sample: None,
            limits: Vec::new(),
        };
        self.cache(profile, TABLES, &encode(&record))
    }

    pub fn cached_metadata(
        &self,
        profile: &str,
        table: &str,
    ) -> Result<Option<Cached<MetadataRows>>> {
        let key = format!("table:{table}");
        Ok(self.cached(profile, &key)?.and_then(|(json, at)| {
            let r: MetadataV1 = serde_json::from_str(&json).ok()?;
            (r.v <= SCHEMA_RECORD).then(|| Cached {
                value: MetadataRows {
                    table: r.table,
                    label: r.label,
                    hierarchy: r.hierarchy,
                    dictionary: r.dictionary,
                    choices: r.choices,
                    sample: r.sample,
                    limits: r.limits,
                },
                refreshed_at: at,
            })
        }))
    }

    pub fn cache_metadata(&self, profile: &str, rows: &MetadataRows) -> Result<i64> {
        let record = MetadataV1 {
            v: SCHEMA_RECORD,
            table: rows.table.clone(),
            label: rows.label.clone(),
            hierarchy: rows.hierarchy.clone(),
            dictionary: rows.dictionary.clone(),
            choices: rows.choices.clone(),
            tables: Vec::new(),
            sample: rows.sample.clone(),
            limits: rows.limits.clone(),
        };
        self.cache(profile, &format!("table:{}", rows.table), &encode(&record))
    }

    /// Forgets a profile's metadata: on removal, and when its instance changes.
    pub fn clear_schema_cache(&self, profile: &str) -> Result<()> {
        self.conn
            .execute("DELETE FROM schema_cache WHERE profile = ?1", [profile])?;
        Ok(())
    }
}

fn encode(record: &MetadataV1) -> String {
    serde_json::to_string(record).unwrap_or_else(|_| "{}".into())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn metadata_round_trips_per_profile_and_is_cleared() {
        let dir = tempfile::tempdir().unwrap();
        let s = Storage::open_dir(dir.path()).unwrap();
        let rows = MetadataRows {
            table: "incident".into(),
            dictionary: Some(vec![serde_json::json!({"element": "caller_id"})]),
            ..MetadataRows::default()
        };
        s.cache_metadata("dev", &rows).unwrap();
        s.cache_tables("dev", &[serde_json::json!({"name": "task"})])
            .unwrap();
        let back = s.cached_metadata("dev", "incident").unwrap().unwrap();
        assert_eq!(back.value.dictionary.map(|d| d.len()), Some(1));
        assert!(s.cached_metadata("prod", "incident").unwrap().is_none());
        assert_eq!(s.cached_tables("dev").unwrap().unwrap().value.len(), 1);
        s.clear_schema_cache("dev").unwrap();
        assert!(s.cached_metadata("dev", "incident").unwrap().is_none());
        assert!(s.cached_tables("dev").unwrap().is_none());
    }
}
