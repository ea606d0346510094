//! Network settings of the workspace: `config.toml` in the data directory, the proxy password
//! in the keychain, and the HTTP client rebuilt from both whenever either changes.

use std::path::{Path, PathBuf};

use super::Workspace;
use crate::error::{Error, Result};
use crate::network::{self, NetworkSettings, NetworkView, PROXY_PASSWORD_OWNER};
use crate::secret::{SecretKind, SecretString};

impl Workspace {
    /// This workspace with its network settings in `path` (a `config.toml`), loaded now.
    pub fn with_network_file(mut self, path: PathBuf) -> Result<Self> {
        self.network_file = Some(path);
        self.reload_network()?;
        Ok(self)
    }

    fn network_file(&self) -> Result<&Path> {
        self.network_file.as_deref().ok_or_else(|| {
            Error::Storage("this workspace has no settings file (no data directory)".into())
        })
    }

    fn reload_network(&self) -> Result<()> {
        let loaded = network::load(self.network_file()?, self.secrets.as_ref())?;
        self.http.set_network(loaded);
        Ok(())
    }

    pub fn network(&self) -> Result<NetworkView> {
        let settings = network::read_settings(self.network_file()?)?;
        let (proxy_password_set, keychain_error) = match self
            .secrets
            .get(PROXY_PASSWORD_OWNER, SecretKind::ProxyPassword)
        {
            Ok(v) => (v.is_some(), None),
            Err(e) => (false, Some(e.report())),
        };
        Ok(NetworkView {
            settings,
            proxy_password_set,
            config_file: self.network_file()?.display().to_string(),
            keychain_error,
        })
    }

    /// Checks, stores and applies the settings (the next request uses them).
    pub fn set_network(&self, settings: NetworkSettings) -> Result<NetworkView> {
        let settings = settings.normalized()?;
        network::write_settings(self.network_file()?, &settings)?;
        self.reload_network()?;
        self.network()
    }

    pub fn set_proxy_password(&self, value: SecretString) -> Result<()> {
        if value.is_empty() {
            return Err(Error::input(
                "proxy password",
                "is empty; use clear to remove it",
            ));
        }
        self.secrets
            .set(PROXY_PASSWORD_OWNER, SecretKind::ProxyPassword, &value)?;
        self.reload_network()
    }

    pub fn clear_proxy_password(&self) -> Result<()> {
        self.secrets
            .delete(PROXY_PASSWORD_OWNER, SecretKind::ProxyPassword)?;
        self.reload_network()
    }
}
