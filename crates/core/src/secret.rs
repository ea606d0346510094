//! Secrets: a newtype that never prints, and the keychain that keeps them.
//! Nothing here implements `Serialize`: a secret only leaves Rust on an explicit reveal.

use std::fmt;

use crate::error::{Error, Result};

/// A secret value (client secret, password, token). `Debug` and `Display` print `[redacted]`.
#[derive(Clone, PartialEq, Eq)]
pub struct SecretString(String);

impl SecretString {
    pub fn new(value: impl Into<String>) -> Self {
        SecretString(value.into())
    }

    /// The only way to the value: call sites are easy to grep and review.
    pub fn expose(&self) -> &str {
        &self.0
    }

    pub fn is_empty(&self) -> bool {
        self.0.is_empty()
    }
}

impl fmt::Debug for SecretString {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("[redacted]")
    }
}

impl fmt::Display for SecretString {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("[redacted]")
    }
}

/// Which secret of a profile; each is one keychain entry.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum SecretKind {
    ClientSecret,
    Password,
    RefreshToken,
    /// The current access token with its expiry, so a CLI call can reuse it across processes.
    AccessToken,
    /// The PEM private key that signs JWT bearer assertions.
    PrivateKey,
    /// The manual proxy's password: one entry for the data directory, under
    /// [`crate::network::PROXY_PASSWORD_OWNER`], never a profile's (so not in `ALL`).
    ProxyPassword,
}

impl SecretKind {
    pub const ALL: [SecretKind; 5] = [
        SecretKind::ClientSecret,
        SecretKind::Password,
        SecretKind::RefreshToken,
        SecretKind::AccessToken,
        SecretKind::PrivateKey,
    ];

    /// The name used on the command line and in keychain entries.
    pub fn slug(self) -> &'static str {
        match self {
            SecretKind::ClientSecret => "client-secret",
            SecretKind::Password => "password",
            SecretKind::RefreshToken => "refresh-token",
            SecretKind::AccessToken => "access-token",
            SecretKind::PrivateKey => "private-key",
            SecretKind::ProxyPassword => "proxy-password",
        }
    }

    pub fn label(self) -> &'static str {
        match self {
            SecretKind::ClientSecret => "client secret",
            SecretKind::Password => "password",
            SecretKind::RefreshToken => "refresh token",
            SecretKind::AccessToken => "access token",
            SecretKind::PrivateKey => "private key",
            SecretKind::ProxyPassword => "proxy password",
        }
    }

    pub fn from_slug(s: &str) -> Result<Self> {
        SecretKind::ALL
            .into_iter()
            .find(|k| k.slug() == s)
            .ok_or_else(|| {
                Error::input(
                    "secret kind",
                    format!("\"{s}\" is not one of client-secret, password, refresh-token, access-token"),
                )
            })
    }

    /// Environment variable that overrides the keychain, for headless CI.
    pub fn env_override(self) -> Option<&'static str> {
        match self {
            SecretKind::ClientSecret => Some("SNOWPOST_CLIENT_SECRET"),
            SecretKind::Password => Some("SNOWPOST_PASSWORD"),
            SecretKind::RefreshToken
            | SecretKind::AccessToken
            | SecretKind::PrivateKey
            | SecretKind::ProxyPassword => None,
        }
    }
}

/// Where secrets live. "No entry" is `Ok(None)`, never an error.
pub trait SecretStore: Send + Sync {
    fn get(&self, profile: &str, kind: SecretKind) -> Result<Option<SecretString>>;
    fn set(&self, profile: &str, kind: SecretKind, value: &SecretString) -> Result<()>;
    /// Deleting a missing entry succeeds.
    fn delete(&self, profile: &str, kind: SecretKind) -> Result<()>;
    /// The environment variable `get` reads `kind` from instead of the keychain, when one is
    /// set (only the CLI's store has any).
    fn environment_var(&self, _kind: SecretKind) -> Option<&'static str> {
        None
    }
}

pub mod environment;
pub use environment::EnvOverride;

pub const KEYCHAIN_SERVICE: &str = "snowpost";

/// The system keychain (Secret Service, macOS Keychain, Windows Credential Manager).
#[derive(Debug, Clone)]
pub struct KeyringStore {
    service: String,
    lock: Option<std::path::PathBuf>,
}

impl Default for KeyringStore {
    /// The entries of the default data directory: service `snowpost`.
    fn default() -> Self {
        KeyringStore {
            service: KEYCHAIN_SERVICE.into(),
            lock: None,
        }
    }
}

/// gnome-keyring aborts when short-lived Secret Service connections overlap (an upstream race
/// in `gkd_secret_service_publish_dispatch`), so calls go one at a time: within this process
/// by this lock, across processes (the app and CLI runs) by an advisory lock on a file in
/// the data directory.
static KEYCHAIN_CALLS: std::sync::Mutex<()> = std::sync::Mutex::new(());

/// The file whose advisory lock serialises keychain calls across processes.
pub const KEYCHAIN_LOCK_FILE: &str = "keychain.lock";

fn one_at_a_time<T>(lock: Option<&std::path::Path>, f: impl FnOnce() -> T) -> T {
    let _guard = KEYCHAIN_CALLS.lock().unwrap_or_else(|e| e.into_inner());
    let file = lock.and_then(|path| {
        std::fs::OpenOptions::new()
            .create(true)
            .truncate(false)
            .write(true)
            .open(path)
            .ok()
    });
    // A data directory where the file cannot be made (read-only) still gets the in-process lock.
    let _locked = file.as_ref().filter(|f| f.lock().is_ok());
    f()
}

impl KeyringStore {
    /// The default data directory keeps service `snowpost`; any other one (`SNOWPOST_DATA_DIR`)
    /// gets `snowpost:<hash of its path>`, so two workspaces with a profile of the same name
    /// never read, overwrite or send each other's secrets.
    pub fn for_data_dir(dir: &std::path::Path, default_dir: Option<&std::path::Path>) -> Self {
        let canonical = |p: &std::path::Path| std::fs::canonicalize(p).unwrap_or(p.to_path_buf());
        let dir = canonical(dir);
        let lock = Some(dir.join(KEYCHAIN_LOCK_FILE));
        if default_dir.map(canonical).as_deref() == Some(dir.as_path()) {
            return KeyringStore {
                lock,
                ..Self::default()
            };
        }
        KeyringStore {
            service: format!(
                "{KEYCHAIN_SERVICE}:{:016x}",
                fnv1a(dir.as_os_str().as_encoded_bytes())
            ),
            lock,
        }
    }

    /// The keychain service this store's entries are under.
    pub fn service(&self) -> &str {
        &self.service
    }

    fn entry(&self, profile: &str, kind: SecretKind) -> Result<keyring::Entry> {
        keyring::Entry::new(&self.service, &format!("{profile}:{}", kind.slug()))
            .map_err(keychain_error)
    }
}

/// 64-bit FNV-1a: a stable name for a path, the same in every build and language.
fn fnv1a(bytes: &[u8]) -> u64 {
    bytes.iter().fold(0xcbf2_9ce4_8422_2325, |h, &b| {
        (h ^ u64::from(b)).wrapping_mul(0x0100_0000_01b3)
    })
}

impl SecretStore for KeyringStore {
    fn get(&self, profile: &str, kind: SecretKind) -> Result<Option<SecretString>> {
        let entry = self.entry(profile, kind)?;
        match one_at_a_time(self.lock.as_deref(), || entry.get_password()) {
            Ok(v) => Ok(Some(SecretString::new(v))),
            Err(keyring::Error::NoEntry) => Ok(None),
            Err(e) => Err(keychain_error(e)),
        }
    }

    fn set(&self, profile: &str, kind: SecretKind, value: &SecretString) -> Result<()> {
        let entry = self.entry(profile, kind)?;
        one_at_a_time(self.lock.as_deref(), || entry.set_password(value.expose()))
            .map_err(keychain_error)
    }

    fn delete(&self, profile: &str, kind: SecretKind) -> Result<()> {
        let entry = self.entry(profile, kind)?;
        match one_at_a_time(self.lock.as_deref(), || entry.delete_credential()) {
            Ok(()) | Err(keyring::Error::NoEntry) => Ok(()),
            Err(e) => Err(keychain_error(e)),
        }
    }
}

/// Turns keyring's platform errors into what the user has to start or unlock.
/// keyring's messages never contain the secret itself.
pub(crate) fn keychain_error(e: keyring::Error) -> Error {
    let message = e.to_string();
    let lower = message.to_lowercase();
    let hint = if lower.contains("autolaunch")
        || lower.contains("dbus_session_bus_address")
        || lower.contains("failed to connect to socket")
    {
        "No D-Bus session bus is running. Run Snowpost inside a desktop session, or start one with `dbus-run-session -- <command>`."
    } else if lower.contains("org.freedesktop.secrets") || lower.contains("not provided by any") {
        "No Secret Service is running. Install and start one (e.g. `gnome-keyring-daemon --start --components=secrets`, or KeePassXC with Secret Service enabled)."
    } else if lower.contains("locked") || lower.contains("prompt") {
        "The keychain is locked. Unlock it (log in to the desktop session, or `gnome-keyring-daemon --unlock`), then try again."
    } else if lower.contains("no result found") || matches!(e, keyring::Error::NoStorageAccess(_)) {
        "The keychain has no default collection (login keyring). Create or unlock the login keyring, then try again."
    } else {
        "Check that the system keychain is running and unlocked. For headless CI, SNOWPOST_CLIENT_SECRET and SNOWPOST_PASSWORD override it."
    };
    Error::Keychain {
        message,
        hint: hint.into(),
    }
}

#[cfg(test)]
pub(crate) mod memory {
    use super::*;
    use std::collections::HashMap;
    use std::sync::Mutex;

    /// Unit tests only: the product always uses the real keychain.
    #[derive(Default)]
    pub struct MemoryStore(Mutex<HashMap<(String, SecretKind), SecretString>>);

    impl SecretStore for MemoryStore {
        fn get(&self, profile: &str, kind: SecretKind) -> Result<Option<SecretString>> {
            Ok(self.0.lock().unwrap().get(&(profile.into(), kind)).cloned())
        }
        fn set(&self, profile: &str, kind: SecretKind, value: &SecretString) -> Result<()> {
            self.0
                .lock()
                .unwrap()
                .insert((profile.into(), kind), value.clone());
            Ok(())
        }
        fn delete(&self, profile: &str, kind: SecretKind) -> Result<()> {
            self.0.lock().unwrap().remove(&(profile.into(), kind));
            Ok(())
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn secret_never_prints() {
        let s = SecretString::new("hunter2");
        assert_eq!(format!("{s:?}"), "[redacted]");
        assert_eq!(format!("{s}"), "[redacted]");
        assert_eq!(format!("{:?}", Some(s.clone())), "Some([redacted])");
        assert_eq!(s.expose(), "hunter2");
    }

    #[test]
    fn each_data_directory_has_its_own_keychain_service() {
        let home = tempfile::tempdir().unwrap();
        let (default, other) = (home.path().join("snowpost"), home.path().join("ci"));
        std::fs::create_dir_all(&default).unwrap();
        std::fs::create_dir_all(&other).unwrap();
        assert_eq!(
            KeyringStore::for_data_dir(&default, Some(&default)).service(),
            "snowpost"
        );
        let via_dots = default.join("..").join("snowpost");
        assert_eq!(
            KeyringStore::for_data_dir(&via_dots, Some(&default)).service(),
            "snowpost"
        );
        let scoped = KeyringStore::for_data_dir(&other, Some(&default));
        assert!(scoped.service().starts_with("snowpost:") && scoped.service().len() == 25);
        assert_eq!(
            scoped.service(),
            KeyringStore::for_data_dir(&other, None).service()
        );
        assert_ne!(
            scoped.service(),
            KeyringStore::for_data_dir(&default, None).service()
        );
        // Known FNV-1a 64 values, so other tools (the E2E test) can name the service too.
        assert_eq!(fnv1a(b""), 0xcbf2_9ce4_8422_2325);
        assert_eq!(fnv1a(b"a"), 0xaf63_dc4c_8601_ec8c);
    }

    #[test]
    fn kinds_round_trip_through_slugs() {
        for k in SecretKind::ALL {
            assert_eq!(SecretKind::from_slug(k.slug()).unwrap(), k);
        }
        assert_eq!(
            SecretKind::from_slug("token").unwrap_err().kind(),
            "invalid_input"
        );
    }

    #[test]
    fn keychain_errors_name_what_to_do() {
        let e = keychain_error(keyring::Error::PlatformFailure(
            "Unable to autolaunch a dbus-daemon without a $DISPLAY for X11".into(),
        ));
        assert_eq!(e.kind(), "keychain_unavailable");
        assert!(e.hint().contains("dbus-run-session"));
        let e = keychain_error(keyring::Error::PlatformFailure(
            "The name org.freedesktop.secrets was not provided by any .service files".into(),
        ));
        assert!(e.hint().contains("Secret Service"));
        let e = keychain_error(keyring::Error::PlatformFailure(
            "Cannot create an item in a locked collection".into(),
        ));
        assert!(e.hint().contains("locked"));
    }
}
