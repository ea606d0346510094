//! Network settings for corporate networks: which proxy (the system's, none, or one given
//! here), hosts that skip it, and an extra CA bundle. One model for the app and the CLI,
//! kept in the data directory's `config.toml`; the proxy password stays in the keychain.

mod config;
pub mod no_proxy;

pub use config::{load, read_settings, write_settings, CONFIG_FILE};

use serde::{Deserialize, Serialize};
use url::Url;

use crate::error::{Error, ErrorReport, Result};
use crate::secret::SecretString;

/// The keychain entry of the proxy password: `network:proxy-password`. No profile's entry can
/// collide with it, as no profile secret has that kind.
pub const PROXY_PASSWORD_OWNER: &str = "network";

#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
#[cfg_attr(feature = "ts", derive(ts_rs::TS), ts(export))]
pub enum ProxyMode {
    /// HTTPS_PROXY / HTTP_PROXY / ALL_PROXY and NO_PROXY from the environment.
    #[default]
    System,
    None,
    Manual,
}

impl ProxyMode {
    pub fn parse(text: &str) -> Result<Self> {
        match text.trim().to_ascii_lowercase().as_str() {
            "system" => Ok(ProxyMode::System),
            "none" => Ok(ProxyMode::None),
            "manual" => Ok(ProxyMode::Manual),
            other => Err(Error::settings(
                format!("proxy mode {other:?} is not system, none or manual"),
                "Use system (the environment's proxy), none, or manual (with a proxy URL).",
            )),
        }
    }

    pub fn as_str(self) -> &'static str {
        match self {
            ProxyMode::System => "system",
            ProxyMode::None => "none",
            ProxyMode::Manual => "manual",
        }
    }
}

/// What the settings screen and `snowpost network` edit. No secret in here.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS), ts(export))]
pub struct NetworkSettings {
    pub proxy_mode: ProxyMode,
    /// `http://`, `https://`, `socks5://` or `socks5h://` host and port; used in manual mode.
    pub proxy_url: Option<String>,
    /// The proxy's user name; its password is in the keychain.
    pub proxy_user: Option<String>,
    /// Hosts that skip the manual proxy. Loopback always does.
    pub no_proxy: Vec<String>,
    /// A PEM file of CA certificates trusted besides the system's (a proxy that inspects HTTPS).
    pub ca_bundle: Option<String>,
}

/// The settings as the app shows them: whether a password is set, never the password.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS), ts(export))]
pub struct NetworkView {
    pub settings: NetworkSettings,
    pub proxy_password_set: bool,
    /// Where the settings are kept (shared by the app and the CLI).
    pub config_file: String,
    /// Set when the keychain could not be read: `proxy_password_set` is then unknown.
    pub keychain_error: Option<ErrorReport>,
}

/// What the HTTP client is built from: the settings and, for a manual proxy, its password.
#[derive(Debug, Clone, Default)]
pub struct Network {
    pub settings: NetworkSettings,
    pub proxy_password: Option<SecretString>,
}

fn trimmed(v: Option<String>) -> Option<String> {
    v.map(|s| s.trim().to_string()).filter(|s| !s.is_empty())
}

impl NetworkSettings {
    /// Trimmed and checked, ready to store: a proxy URL without credentials, host entries, a
    /// CA bundle that holds certificates.
    pub fn normalized(self) -> Result<Self> {
        let proxy_url = trimmed(self.proxy_url);
        if let Some(u) = &proxy_url {
            proxy_url_checked(u)?;
        }
        if self.proxy_mode == ProxyMode::Manual && proxy_url.is_none() {
            return Err(Error::settings(
                "manual proxy mode needs a proxy URL".into(),
                "Give the proxy as http://proxy.example.com:3128 (or socks5://host:1080), or choose the system proxy.",
            ));
        }
        let proxy_user = trimmed(self.proxy_user);
        if let Some(u) = &proxy_user {
            if u.contains(':') || u.chars().any(char::is_control) {
                return Err(Error::settings(
                    "the proxy user name holds a colon or control character".into(),
                    "Give the user name alone (DOMAIN\\user is fine); the password goes in separately.",
                ));
            }
        }
        let no_proxy = self
            .no_proxy
            .iter()
            .map(|e| no_proxy::parse_list(e))
            .collect::<Result<Vec<_>>>()?
            .concat();
        let ca_bundle = trimmed(self.ca_bundle);
        if let Some(path) = &ca_bundle {
            crate::http::read_ca_bundle(path)?;
        }
        Ok(NetworkSettings {
            proxy_mode: self.proxy_mode,
            proxy_url,
            proxy_user,
            no_proxy,
            ca_bundle,
        })
    }
}

/// A proxy URL as the client can use it. Credentials in it are refused: the file it is kept
/// in is no place for a password.
pub(crate) fn proxy_url_checked(text: &str) -> Result<Url> {
    let hint = "Give the proxy as http://proxy.example.com:3128, https://…, socks5://host:1080 or socks5h://host:1080.";
    let url = Url::parse(text.trim())
        .map_err(|e| Error::settings(format!("proxy URL {text:?} is not a URL ({e})"), hint))?;
    if !matches!(url.scheme(), "http" | "https" | "socks5" | "socks5h") {
        return Err(Error::settings(
            format!("proxy URL scheme {:?} is not supported", url.scheme()),
            hint,
        ));
    }
    if url.host_str().is_none_or(str::is_empty) {
        return Err(Error::settings(
            format!("proxy URL {text:?} has no host"),
            hint,
        ));
    }
    if !url.username().is_empty() || url.password().is_some() {
        return Err(Error::settings(
            "the proxy URL holds a user name or password".into(),
            "Remove them from the URL: set the proxy user in the settings and the password with Set password (or `snowpost network proxy-password`), which keeps it in the keychain.",
        ));
    }
    Ok(url)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn settings_are_checked_before_they_are_kept() {
        let s = NetworkSettings {
            proxy_mode: ProxyMode::Manual,
            proxy_url: Some(" http://proxy.example.com:3128 ".into()),
            proxy_user: Some(" alice ".into()),
            no_proxy: vec!["intranet.example.com, *.corp.example".into()],
            ca_bundle: Some("  ".into()),
        }
        .normalized()
        .unwrap();
        assert_eq!(
            s.proxy_url.as_deref(),
            Some("http://proxy.example.com:3128")
        );
        assert_eq!(s.proxy_user.as_deref(), Some("alice"));
        assert_eq!(s.no_proxy, ["intranet.example.com", "*.corp.example"]);
        assert_eq!(s.ca_bundle, None);

        let bad = |s: NetworkSettings| s.normalized().unwrap_err();
        let manual = NetworkSettings {
            proxy_mode: ProxyMode::Manual,
            ..Default::default()
        };
        assert!(bad(manual.clone())
            .to_string()
            .contains("needs a proxy URL"));
        let e = bad(NetworkSettings {
            proxy_url: Some("http://alice:hunter2@proxy.example.com:3128".into()),
            ..manual.clone()
        });
        assert!(!format!("{e} {e:?} {}", e.hint()).contains("hunter2"));
        assert!(e.hint().contains("keychain"));
        let e = bad(NetworkSettings {
            proxy_url: Some("ftp://proxy.example.com".into()),
            ..manual.clone()
        });
        assert_eq!(e.kind(), "network_settings");
        let e = bad(NetworkSettings {
            ca_bundle: Some("/nonexistent/corp-ca.pem".into()),
            ..Default::default()
        });
        assert!(e.to_string().contains("/nonexistent/corp-ca.pem"), "{e}");
    }

    #[test]
    fn an_empty_or_foreign_ca_bundle_is_refused() {
        let dir = tempfile::tempdir().unwrap();
        let empty = dir.path().join("empty.pem");
        std::fs::write(&empty, "").unwrap();
        let key = dir.path().join("key.pem");
        std::fs::write(
            &key,
            "-----BEGIN PRIVATE KEY-----\nAAAA\n-----END PRIVATE KEY-----\n",
        )
        .unwrap();
        for path in [empty, key] {
            let e = crate::http::read_ca_bundle(path.to_str().unwrap()).unwrap_err();
            assert_eq!(e.kind(), "network_settings");
            assert!(e.to_string().contains("no certificate"), "{e}");
            assert!(e.hint().contains("BEGIN CERTIFICATE"), "{}", e.hint());
        }
    }
}
