//! Profiles in SQLite, and an in-memory copy of those read: every send reads its profile, and
//! re-reading and re-parsing the row each time cost more than the rest of the send path.
//! `PRAGMA data_version`, checked at most every [`RECHECK_AFTER`], tells when another
//! connection (another process) has committed; this connection's own profile writes clear the
//! copy at once.

use std::collections::HashMap;
use std::time::{Duration, Instant};

use rusqlite::{params, OptionalExtension};

use super::{now_secs, Storage};
use crate::error::{Error, Result};
use crate::instance::Instance;
use crate::profile::{ClientAuth, GrantType, Profile};

/// How long a check of `data_version` holds: an edit from another process (the CLI while the
/// app runs) is seen within this, one from this connection at once. Checking on every read
/// was the largest cost of a send after the network (a read transaction and its file locks).
const RECHECK_AFTER: Duration = Duration::from_millis(50);

/// The profiles read since the database last changed under another connection.
pub(super) struct ProfileCache {
    data_version: i64,
    checked_at: Option<Instant>,
    recheck_after: Duration,
    by_name: HashMap<String, Profile>,
}

impl Default for ProfileCache {
    fn default() -> Self {
        ProfileCache {
            data_version: 0,
            checked_at: None,
            recheck_after: RECHECK_AFTER,
            by_name: HashMap::new(),
        }
    }
}

impl Storage {
    pub fn insert_profile(&self, p: &Profile) -> Result<()> {
        self.forget_profiles();
        let now = now_secs();
        let res = self.conn.execute(
            "INSERT INTO profile (name, instance, client_id, grant_type, username, redirect_uri, scope, client_auth, created_at, updated_at, refresh_margin_secs, public_client, jwt_kid, jwt_alg, environment, write_guard)
             VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?9, ?10, ?11, ?12, ?13, ?14, ?15)",
            params![p.name, p.instance.as_str(), p.client_id, p.grant.as_str(), p.username, p.redirect_uri, p.scope, p.client_auth.as_str(), now, p.refresh_margin_secs, p.public_client, p.jwt_kid, p.jwt_alg.as_str(), p.environment.as_str(), p.write_guard.as_str()],
        );
        match res {
            Err(rusqlite::Error::SqliteFailure(e, _))
                if e.code == rusqlite::ErrorCode::ConstraintViolation =>
            {
                Err(Error::ProfileExists(p.name.clone()))
            }
            other => other.map(|_| ()).map_err(Error::from),
        }
    }

    pub fn update_profile(&self, p: &Profile) -> Result<()> {
        self.forget_profiles();
        let n = self.conn.execute(
            "UPDATE profile SET instance=?2, client_id=?3, grant_type=?4, username=?5, redirect_uri=?6, scope=?7, client_auth=?8, updated_at=?9, refresh_margin_secs=?10, public_client=?11, jwt_kid=?12, jwt_alg=?13, environment=?14, write_guard=?15 WHERE name=?1",
            params![p.name, p.instance.as_str(), p.client_id, p.grant.as_str(), p.username, p.redirect_uri, p.scope, p.client_auth.as_str(), now_secs(), p.refresh_margin_secs, p.public_client, p.jwt_kid, p.jwt_alg.as_str(), p.environment.as_str(), p.write_guard.as_str()],
        )?;
        if n == 0 {
            return Err(Error::ProfileNotFound(p.name.clone()));
        }
        Ok(())
    }

    /// Checks for other processes' profile edits on every read older than `every` (tests
    /// that play two processes use zero).
    pub fn with_profile_recheck(self, every: Duration) -> Self {
        self.profiles.borrow_mut().recheck_after = every;
        self
    }

    pub fn profile(&self, name: &str) -> Result<Profile> {
        self.profile_at(name, Instant::now())
    }

    /// [`Storage::profile`] at `now` (tests move the clock).
    fn profile_at(&self, name: &str, now: Instant) -> Result<Profile> {
        let mut cache = self.profiles.borrow_mut();
        let every = cache.recheck_after;
        let checked = cache
            .checked_at
            .is_some_and(|t| now.duration_since(t) < every);
        if !checked {
            let data_version: i64 = self
                .conn
                .prepare_cached("PRAGMA data_version")?
                .query_row([], |r| r.get(0))?;
            if cache.data_version != data_version {
                cache.by_name.clear();
                cache.data_version = data_version;
            }
            cache.checked_at = Some(now);
        }
        if let Some(p) = cache.by_name.get(name) {
            return Ok(p.clone());
        }
        let p = self
            .conn
            .prepare_cached(
                "SELECT name, instance, client_id, grant_type, username, redirect_uri, scope, client_auth, refresh_margin_secs, public_client, jwt_kid, jwt_alg, environment, write_guard FROM profile WHERE name = ?1",
            )?
            .query_row([name], row_to_raw)
            .optional()?
            .ok_or_else(|| Error::ProfileNotFound(name.into()))?
            .into_profile()?;
        cache.by_name.insert(name.to_string(), p.clone());
        Ok(p)
    }

    /// This connection's own writes leave `data_version` as it was.
    fn forget_profiles(&self) {
        self.profiles.borrow_mut().by_name.clear();
    }

    pub fn profiles(&self) -> Result<Vec<Profile>> {
        let mut stmt = self.conn.prepare(
            "SELECT name, instance, client_id, grant_type, username, redirect_uri, scope, client_auth, refresh_margin_secs, public_client, jwt_kid, jwt_alg, environment, write_guard FROM profile ORDER BY name COLLATE NOCASE",
        )?;
        let rows = stmt.query_map([], row_to_raw)?;
        rows.map(|r| r.map_err(Error::from)?.into_profile())
            .collect()
    }

    pub fn delete_profile(&self, name: &str) -> Result<()> {
        self.forget_profiles();
        if self
            .conn
            .execute("DELETE FROM profile WHERE name = ?1", [name])?
            == 0
        {
            return Err(Error::ProfileNotFound(name.into()));
        }
        self.clear_schema_cache(name)?;
        Ok(())
    }
}

/// A profile row: eight text columns, then margin, public client, kid, and alg, environment, guard.
struct RawProfile([Option<String>; 8], u32, bool, Option<String>, [String; 3]);

fn row_to_raw(r: &rusqlite::Row<'_>) -> rusqlite::Result<RawProfile> {
    let mut text: [Option<String>; 8] = Default::default();
    for (i, slot) in text.iter_mut().enumerate() {
        *slot = r.get(i)?;
    }
    Ok(RawProfile(
        text,
        r.get(8)?,
        r.get(9)?,
        r.get(10)?,
        [r.get(11)?, r.get(12)?, r.get(13)?],
    ))
}

impl RawProfile {
    fn into_profile(self) -> Result<Profile> {
        let [name, instance, client_id, grant, username, redirect_uri, scope, client_auth] = self.0;
        let corrupt = |what: &str| Error::Storage(format!("stored profile has an invalid {what}"));
        Ok(Profile {
            name: name.ok_or_else(|| corrupt("name"))?,
            instance: Instance::parse(&instance.ok_or_else(|| corrupt("instance"))?)?,
            client_id: client_id.ok_or_else(|| corrupt("client_id"))?,
            grant: GrantType::parse(&grant.ok_or_else(|| corrupt("grant"))?)?,
            username,
            redirect_uri,
            scope,
            client_auth: ClientAuth::parse(&client_auth.ok_or_else(|| corrupt("client_auth"))?)?,
            refresh_margin_secs: self.1,
            public_client: self.2,
            jwt_kid: self.3,
            jwt_alg: crate::oauth::jwt::JwtAlg::parse(&self.4[0])?,
            environment: crate::guard::Environment::parse(&self.4[1])?,
            write_guard: crate::guard::WriteGuard::parse(&self.4[2])?,
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::guard::WriteGuard;
    use crate::profile::ProfileInput;

    #[test]
    fn a_read_profile_is_never_stale() {
        let dir = tempfile::tempdir().unwrap();
        let s = Storage::open_dir(dir.path()).unwrap();
        let mut p = ProfileInput {
            name: "prod".into(),
            instance: "acme".into(),
            client_id: "cid".into(),
            username: Some("admin".into()),
            ..Default::default()
        }
        .validate()
        .unwrap();
        s.insert_profile(&p).unwrap();
        assert_eq!(s.profile("prod").unwrap().write_guard, WriteGuard::Off);

        // This connection's own edit.
        p.write_guard = WriteGuard::Confirm;
        s.update_profile(&p).unwrap();
        assert_eq!(s.profile("prod").unwrap().write_guard, WriteGuard::Confirm);

        // Another process's edit (another connection): seen once the last check is older
        // than RECHECK_AFTER.
        let t0 = Instant::now();
        s.profile_at("prod", t0).unwrap();
        let other = Storage::open_dir(dir.path()).unwrap();
        p.write_guard = WriteGuard::ReadOnly;
        other.update_profile(&p).unwrap();
        let later = t0 + RECHECK_AFTER;
        assert_eq!(
            s.profile_at("prod", later).unwrap().write_guard,
            WriteGuard::ReadOnly
        );
        other.delete_profile("prod").unwrap();
        let later = later + RECHECK_AFTER;
        assert!(matches!(
            s.profile_at("prod", later),
            Err(Error::ProfileNotFound(_))
        ));

        s.insert_profile(&p).unwrap();
        s.delete_profile("prod").unwrap();
        assert!(matches!(s.profile("prod"), Err(Error::ProfileNotFound(_))));
    }
}
