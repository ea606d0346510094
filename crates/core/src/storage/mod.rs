//! SQLite storage for profiles. Secrets never go here: the schema has no column for them.

use std::path::{Path, PathBuf};

use rusqlite::{params, Connection, OptionalExtension};

use crate::error::{Error, Result};
use crate::instance::Instance;
use crate::profile::{ClientAuth, GrantType, Profile};

/// Each entry moves the schema one version up; never edit a released one.
const MIGRATIONS: &[&str] = &[
    "CREATE TABLE profile (
        name         TEXT PRIMARY KEY NOT NULL,
        instance     TEXT NOT NULL,
        client_id    TEXT NOT NULL,
        grant_type   TEXT NOT NULL,
        username     TEXT,
        redirect_uri TEXT,
        scope        TEXT,
        client_auth  TEXT NOT NULL,
        created_at   INTEGER NOT NULL,
        updated_at   INTEGER NOT NULL
    ) STRICT;",
    "ALTER TABLE profile ADD COLUMN refresh_margin_secs INTEGER NOT NULL DEFAULT 60;",
    "CREATE TABLE history (
        id           INTEGER PRIMARY KEY,
        profile      TEXT NOT NULL,
        at_ms        INTEGER NOT NULL,
        method       TEXT NOT NULL,
        url          TEXT NOT NULL,
        status       INTEGER NOT NULL,
        elapsed_ms   REAL NOT NULL,
        size         INTEGER NOT NULL,
        content_type TEXT,
        request      TEXT NOT NULL
    ) STRICT;
    CREATE INDEX history_profile_at ON history (profile, at_ms DESC);
    CREATE TABLE saved_request (
        id         INTEGER PRIMARY KEY,
        profile    TEXT NOT NULL,
        name       TEXT NOT NULL,
        request    TEXT NOT NULL,
        updated_at INTEGER NOT NULL,
        UNIQUE (profile, name)
    ) STRICT;",
    "ALTER TABLE profile ADD COLUMN public_client INTEGER NOT NULL DEFAULT 0;
    ALTER TABLE profile ADD COLUMN jwt_kid TEXT;
    ALTER TABLE profile ADD COLUMN jwt_alg TEXT NOT NULL DEFAULT 'RS256';
    ALTER TABLE profile ADD COLUMN environment TEXT NOT NULL DEFAULT 'development';
    ALTER TABLE profile ADD COLUMN write_guard TEXT NOT NULL DEFAULT 'off';",
    "CREATE TABLE schema_cache (
        profile      TEXT NOT NULL,
        key          TEXT NOT NULL,
        record       TEXT NOT NULL,
        refreshed_at INTEGER NOT NULL,
        PRIMARY KEY (profile, key)
    ) STRICT;",
];

mod history;
mod records;
mod saved;
mod schema_cache;

pub use history::{HistoryEntry, HISTORY_CAP};
pub use saved::SavedRequestRow;
pub use schema_cache::Cached;

/// A list read from storage: the rows that decode, and each one that no longer does (skipped,
/// not a failed list), e.g. "saved request 12 (Count): record version 2 is from a newer Snowpost".
#[derive(Debug, Clone, serde::Serialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS), ts(export))]
pub struct Rows<T> {
    pub rows: Vec<T>,
    pub skipped: Vec<String>,
}

pub struct Storage {
    conn: Connection,
}

/// The OS data directory's `snowpost` (`~/.local/share/snowpost` on Linux).
pub fn default_data_dir() -> Option<PathBuf> {
    dirs::data_dir().map(|d| d.join("snowpost"))
}

/// `SNOWPOST_DATA_DIR`, or the OS data directory (`~/.local/share/snowpost` on Linux).
pub fn data_dir() -> Result<PathBuf> {
    if let Some(d) = std::env::var_os("SNOWPOST_DATA_DIR").filter(|d| !d.is_empty()) {
        return Ok(PathBuf::from(d));
    }
    dirs::data_dir().map(|d| d.join("snowpost")).ok_or_else(|| {
        Error::Storage("no data directory is known for this user; set SNOWPOST_DATA_DIR".into())
    })
}

/// Owner-only permissions: the database holds URLs, usernames and request bodies.
fn private(path: &Path, mode: u32) -> Result<()> {
    #[cfg(unix)]
    {
        use std::os::unix::fs::PermissionsExt;
        std::fs::set_permissions(path, std::fs::Permissions::from_mode(mode))
            .map_err(|e| Error::Storage(format!("cannot protect {}: {e}", path.display())))?;
    }
    #[cfg(not(unix))]
    let _ = (path, mode);
    Ok(())
}

impl Storage {
    pub fn open_default() -> Result<Self> {
        Self::open_dir(&data_dir()?)
    }

    pub fn open_dir(dir: &Path) -> Result<Self> {
        std::fs::create_dir_all(dir)
            .map_err(|e| Error::Storage(format!("cannot create {}: {e}", dir.display())))?;
        private(dir, 0o700)?;
        Self::open(&dir.join("snowpost.db"))
    }

    pub fn open(path: &Path) -> Result<Self> {
        let conn = Connection::open(path)?;
        // Deleted rows (cleared history, removed profiles) are overwritten, not left in free pages.
        conn.pragma_update(None, "secure_delete", "ON")?;
        conn.pragma_update(None, "journal_mode", "WAL")?;
        // SQLite's advice for WAL: a commit no longer waits for the disk (a power cut may lose
        // the last ones, never corrupt the file); the WAL is still synced at each checkpoint.
        conn.pragma_update(None, "synchronous", "NORMAL")?;
        // The WAL and shm files exist from here on; only the owner may read any of the three.
        for suffix in ["", "-wal", "-shm"] {
            let mut name = path.as_os_str().to_owned();
            name.push(suffix);
            let file = std::path::PathBuf::from(name);
            if file.exists() {
                private(&file, 0o600)?;
            }
        }
        conn.pragma_update(None, "foreign_keys", "ON")?;
        conn.busy_timeout(std::time::Duration::from_secs(5))?;
        let mut s = Storage { conn };
        s.migrate()?;
        Ok(s)
    }

    fn migrate(&mut self) -> Result<()> {
        let version: usize = self
            .conn
            .pragma_query_value(None, "user_version", |r| r.get(0))?;
        if version > MIGRATIONS.len() {
            return Err(Error::Storage(format!(
                "the database is from a newer Snowpost (schema {version}, this build knows {})",
                MIGRATIONS.len()
            )));
        }
        for (i, sql) in MIGRATIONS.iter().enumerate().skip(version) {
            let tx = self.conn.transaction()?;
            tx.execute_batch(sql)?;
            tx.pragma_update(None, "user_version", i + 1)?;
            tx.commit()?;
        }
        Ok(())
    }

    /// `PRAGMA integrity_check`: "ok", or what SQLite found wrong.
    pub fn integrity_check(&self) -> Result<String> {
        Ok(self
            .conn
            .pragma_query_value(None, "integrity_check", |r| r.get(0))?)
    }

    pub fn schema_version(&self) -> Result<usize> {
        Ok(self
            .conn
            .pragma_query_value(None, "user_version", |r| r.get(0))?)
    }

    pub fn insert_profile(&self, p: &Profile) -> Result<()> {
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
        let n = self.conn.execute(
            "UPDATE profile SET instance=?2, client_id=?3, grant_type=?4, username=?5, redirect_uri=?6, scope=?7, client_auth=?8, updated_at=?9, refresh_margin_secs=?10, public_client=?11, jwt_kid=?12, jwt_alg=?13, environment=?14, write_guard=?15 WHERE name=?1",
            params![p.name, p.instance.as_str(), p.client_id, p.grant.as_str(), p.username, p.redirect_uri, p.scope, p.client_auth.as_str(), now_secs(), p.refresh_margin_secs, p.public_client, p.jwt_kid, p.jwt_alg.as_str(), p.environment.as_str(), p.write_guard.as_str()],
        )?;
        if n == 0 {
            return Err(Error::ProfileNotFound(p.name.clone()));
        }
        Ok(())
    }

    pub fn profile(&self, name: &str) -> Result<Profile> {
        self.conn
            .prepare_cached(
                "SELECT name, instance, client_id, grant_type, username, redirect_uri, scope, client_auth, refresh_margin_secs, public_client, jwt_kid, jwt_alg, environment, write_guard FROM profile WHERE name = ?1",
            )?
            .query_row([name], row_to_raw)
            .optional()?
            .ok_or_else(|| Error::ProfileNotFound(name.into()))?
            .into_profile()
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

pub(crate) fn now_secs() -> i64 {
    std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .map(|d| d.as_secs() as i64)
        .unwrap_or(0)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::profile::ProfileInput;

    fn profile(name: &str) -> Profile {
        ProfileInput {
            name: name.into(),
            instance: "dev1".into(),
            client_id: "cid".into(),
            username: Some("admin".into()),
            scope: Some("useraccount".into()),
            ..Default::default()
        }
        .validate()
        .unwrap()
    }

    #[test]
    fn profiles_round_trip_and_survive_reopen() {
        let dir = tempfile::tempdir().unwrap();
        {
            let s = Storage::open_dir(dir.path()).unwrap();
            s.insert_profile(&profile("b")).unwrap();
            s.insert_profile(&profile("a")).unwrap();
            assert_eq!(
                s.insert_profile(&profile("a")).unwrap_err().kind(),
                "profile_exists"
            );
        }
        let s = Storage::open_dir(dir.path()).unwrap();
        assert_eq!(s.schema_version().unwrap(), MIGRATIONS.len());
        let names: Vec<_> = s.profiles().unwrap().into_iter().map(|p| p.name).collect();
        assert_eq!(names, ["a", "b"]);
        let mut p = s.profile("a").unwrap();
        assert_eq!(p, profile("a"));
        p.client_id = "other".into();
        s.update_profile(&p).unwrap();
        assert_eq!(s.profile("a").unwrap().client_id, "other");
        s.delete_profile("a").unwrap();
        assert_eq!(s.profile("a").unwrap_err().kind(), "profile_not_found");
        assert_eq!(
            s.delete_profile("a").unwrap_err().kind(),
            "profile_not_found"
        );
    }

    #[test]
    fn upgrades_a_version_1_database() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("old.db");
        {
            let c = Connection::open(&path).unwrap();
            c.execute_batch(MIGRATIONS[0]).unwrap();
            c.execute("INSERT INTO profile VALUES ('old', 'https://dev1.service-now.com', 'c', 'password', 'admin', NULL, NULL, 'body', 0, 0)", []).unwrap();
            c.pragma_update(None, "user_version", 1).unwrap();
        }
        let s = Storage::open(&path).unwrap();
        assert_eq!(s.schema_version().unwrap(), MIGRATIONS.len());
        assert_eq!(s.profile("old").unwrap().refresh_margin_secs, 60);
    }

    #[cfg(unix)]
    #[test]
    fn data_is_owner_only_and_deletes_are_overwritten() {
        use std::os::unix::fs::PermissionsExt;
        let home = tempfile::tempdir().unwrap();
        let dir = home.path().join("snowpost");
        let s = Storage::open_dir(&dir).unwrap();
        s.insert_profile(&profile("a")).unwrap();
        let mode = |p: &Path| std::fs::metadata(p).unwrap().permissions().mode() & 0o777;
        assert_eq!(mode(&dir), 0o700);
        for f in ["snowpost.db", "snowpost.db-wal", "snowpost.db-shm"] {
            assert_eq!(mode(&dir.join(f)), 0o600, "{f}");
        }
        let on: i64 = s
            .conn
            .pragma_query_value(None, "secure_delete", |r| r.get(0))
            .unwrap();
        assert_eq!(on, 1);
    }

    #[test]
    fn refuses_a_newer_schema() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("x.db");
        {
            let c = Connection::open(&path).unwrap();
            c.pragma_update(None, "user_version", 99).unwrap();
        }
        let e = Storage::open(&path).err().unwrap();
        assert!(e.to_string().contains("newer"));
    }
}
