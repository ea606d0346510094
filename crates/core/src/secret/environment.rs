//! The CLI's secrets: `SNOWPOST_CLIENT_SECRET` / `SNOWPOST_PASSWORD` before the keychain, and
//! headless (a CI runner, a container: no Secret Service) tokens in this process's memory.
//! The desktop app never uses this store: it reads no environment variable.

use std::collections::HashMap;
use std::sync::{Arc, Mutex};

use super::{SecretKind, SecretStore, SecretString};
use crate::error::{Error, Result};

/// Tells the user something about where a secret came from or went (one line, no value).
pub type Notice = Arc<dyn Fn(&str) + Send + Sync>;

pub struct EnvOverride<S> {
    inner: S,
    notice: Notice,
    /// Tokens that the keychain could not take, for this process only.
    memory: Mutex<HashMap<(String, SecretKind), SecretString>>,
    told_memory: std::sync::Once,
}

impl<S> EnvOverride<S> {
    pub fn new(inner: S, notice: Notice) -> Self {
        EnvOverride {
            inner,
            notice,
            memory: Mutex::new(HashMap::new()),
            told_memory: std::sync::Once::new(),
        }
    }

    /// Headless use: the secrets come from the environment, so a missing keychain only
    /// costs the token cache across processes.
    fn headless(&self, kind: SecretKind, e: &Error) -> bool {
        matches!(e, Error::Keychain { .. })
            && matches!(kind, SecretKind::AccessToken | SecretKind::RefreshToken)
            && [SecretKind::ClientSecret, SecretKind::Password]
                .into_iter()
                .any(|k| from_env(k).is_some())
    }

    fn memory(&self) -> std::sync::MutexGuard<'_, HashMap<(String, SecretKind), SecretString>> {
        self.memory.lock().unwrap_or_else(|e| e.into_inner())
    }
}

fn from_env(kind: SecretKind) -> Option<(&'static str, String)> {
    let var = kind.env_override()?;
    std::env::var(var)
        .ok()
        .filter(|v| !v.is_empty())
        .map(|v| (var, v))
}

impl<S: SecretStore> SecretStore for EnvOverride<S> {
    fn get(&self, profile: &str, kind: SecretKind) -> Result<Option<SecretString>> {
        if let Some((_, v)) = from_env(kind) {
            return Ok(Some(SecretString::new(v)));
        }
        if let Some(v) = self.memory().get(&(profile.to_string(), kind)) {
            return Ok(Some(v.clone()));
        }
        match self.inner.get(profile, kind) {
            Err(e) if self.headless(kind, &e) => Ok(None),
            other => other,
        }
    }

    fn set(&self, profile: &str, kind: SecretKind, value: &SecretString) -> Result<()> {
        match self.inner.set(profile, kind, value) {
            Err(e) if self.headless(kind, &e) => {
                self.told_memory.call_once(|| {
                    (self.notice)(&format!(
                        "no keychain here: the {} is kept in memory for this process only",
                        kind.label()
                    ))
                });
                self.memory()
                    .insert((profile.to_string(), kind), value.clone());
                Ok(())
            }
            other => other,
        }
    }

    fn delete(&self, profile: &str, kind: SecretKind) -> Result<()> {
        let was_in_memory = self.memory().remove(&(profile.to_string(), kind)).is_some();
        match self.inner.delete(profile, kind) {
            Err(e) if was_in_memory || self.headless(kind, &e) => Ok(()),
            other => other,
        }
    }

    fn environment_var(&self, kind: SecretKind) -> Option<&'static str> {
        from_env(kind).map(|(var, _)| var)
    }
}
