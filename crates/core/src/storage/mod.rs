//! SQLite storage for profiles. Secrets never go here: the schema has no column for them.

use std::path::{Path, PathBuf};

use rusqlite::Connection;

use crate::error::{Error, Result};

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
mod history_writer;
mod profiles;
mod records;
mod saved;
mod schema_cache;

pub use history::{HistoryEntry, HISTORY_CAP};
pub use history_writer::HistoryWriter;
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
    path: PathBuf,
    profiles: std::cell::RefCell<profiles::ProfileCache>,
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
        let mut s = Storage {
            conn,
            path: path.to_path_buf(),
            profiles: Default::default(),
        };
        s.migrate()?;
        Ok(s)
    }

    /// A second connection to a database [`Storage::open`] has set up (WAL, migrated), for
    /// the history writer: only what a connection does not take from the file.
    fn open_writer(path: &Path) -> Result<Self> {
        let conn = Connection::open(path)?;
        conn.pragma_update(None, "secure_delete", "ON")?;
        conn.pragma_update(None, "synchronous", "NORMAL")?;
        conn.busy_timeout(std::time::Duration::from_secs(5))?;
        Ok(Storage {
            conn,
            path: path.to_path_buf(),
            profiles: Default::default(),
        })
    }

    pub fn path(&self) -> &Path {
        &self.path
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
    use crate::profile::Profile;
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
