//! Requests saved by name per profile (what a Postman collection exports).

use rusqlite::params;
use serde::Serialize;

use super::{now_secs, Rows, Storage};
use crate::error::{Error, Result};
use crate::views::RequestInput;

#[derive(Debug, Clone, Serialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS), ts(export))]
pub struct SavedRequestRow {
    #[cfg_attr(feature = "ts", ts(type = "number"))]
    pub id: i64,
    pub profile: String,
    pub name: String,
    pub request: RequestInput,
}

impl Storage {
    /// Saves under `name`, replacing a request of the same name in the profile.
    pub fn save_request(
        &self,
        profile: &str,
        name: &str,
        request: &RequestInput,
    ) -> Result<SavedRequestRow> {
        let name = name.trim();
        if name.is_empty() {
            return Err(Error::input("name", "a saved request needs a name"));
        }
        let json = super::records::encode(request);
        self.conn.execute(
            "INSERT INTO saved_request (profile, name, request, updated_at) VALUES (?1, ?2, ?3, ?4)
             ON CONFLICT (profile, name) DO UPDATE SET request = excluded.request, updated_at = excluded.updated_at",
            params![profile, name, json, now_secs()],
        )?;
        let id = self.conn.query_row(
            "SELECT id FROM saved_request WHERE profile = ?1 AND name = ?2",
            params![profile, name],
            |r| r.get(0),
        )?;
        Ok(SavedRequestRow {
            id,
            profile: profile.into(),
            name: name.into(),
            request: request.clone(),
        })
    }

    pub fn saved_requests(&self, profile: &str) -> Result<Rows<SavedRequestRow>> {
        let mut stmt = self
            .conn
            .prepare("SELECT id, profile, name, request FROM saved_request WHERE profile = ?1 ORDER BY name COLLATE NOCASE")?;
        let rows = stmt.query_map([profile], |r| {
            Ok((r.get(0)?, r.get(1)?, r.get(2)?, r.get::<_, String>(3)?))
        })?;
        let mut out = Rows {
            rows: Vec::new(),
            skipped: Vec::new(),
        };
        for row in rows {
            let (id, profile, name, json): (i64, String, String, String) = row?;
            match super::records::decode(&json) {
                Ok(request) => out.rows.push(SavedRequestRow {
                    id,
                    profile,
                    name,
                    request,
                }),
                Err(why) => out
                    .skipped
                    .push(format!("saved request {id} ({name}): {why}")),
            }
        }
        Ok(out)
    }

    pub fn delete_saved_request(&self, id: i64) -> Result<()> {
        if self
            .conn
            .execute("DELETE FROM saved_request WHERE id = ?1", [id])?
            == 0
        {
            return Err(Error::input("saved request", "it no longer exists"));
        }
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn save_replace_list_delete() {
        let dir = tempfile::tempdir().unwrap();
        let s = Storage::open_dir(dir.path()).unwrap();
        let mut r = RequestInput::empty();
        r.path = "/api/now/stats/incident".into();
        let first = s.save_request("dev", "Count", &r).unwrap();
        r.path = "/api/now/stats/problem".into();
        let again = s.save_request("dev", " Count ", &r).unwrap();
        assert_eq!(first.id, again.id, "same name replaces");
        s.save_request("dev", "another", &r).unwrap();
        s.save_request("prod", "Count", &r).unwrap();
        let list = s.saved_requests("dev").unwrap().rows;
        assert_eq!(
            list.iter().map(|x| x.name.as_str()).collect::<Vec<_>>(),
            ["another", "Count"]
        );
        assert_eq!(list[1].request.path, "/api/now/stats/problem");
        s.delete_saved_request(first.id).unwrap();
        assert!(s.delete_saved_request(first.id).is_err());
        assert!(s.save_request("dev", "  ", &r).is_err());
    }
}
