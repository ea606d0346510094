//! `config.toml` in the data directory: the network settings as a versioned record, shared by
//! the app and the CLI. Other tables in the file are kept when the settings are written.

use std::path::Path;

use serde::{Deserialize, Serialize};

use super::{Network, NetworkSettings, ProxyMode, PROXY_PASSWORD_OWNER};
use crate::error::{Error, Result};
use crate::secret::{SecretKind, SecretStore};

pub const CONFIG_FILE: &str = "config.toml";

const VERSION: i64 = 1;

/// The stored form, apart from [`NetworkSettings`] so the IPC type can change freely.
#[derive(Serialize, Deserialize, Default)]
struct NetworkRecordV1 {
    #[serde(default)]
    proxy_mode: String,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    proxy_url: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    proxy_user: Option<String>,
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    no_proxy: Vec<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    ca_bundle: Option<String>,
}

fn file_error(path: &Path, what: impl std::fmt::Display) -> Error {
    Error::settings(
        format!("{}: {what}", path.display()),
        "Fix the file, or delete it to go back to the system proxy (`snowpost network set` and the app's Network settings write it).",
    )
}

fn read_table(path: &Path) -> Result<toml::Table> {
    let text = match std::fs::read_to_string(path) {
        Ok(t) => t,
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => return Ok(toml::Table::new()),
        Err(e) => return Err(file_error(path, format!("cannot be read ({e})"))),
    };
    let table: toml::Table = text.parse().map_err(|e| file_error(path, e))?;
    match table.get("version").map(|v| v.as_integer()) {
        None | Some(Some(VERSION)) => Ok(table),
        Some(Some(v)) if v > VERSION => Err(file_error(
            path,
            format!("version {v} is from a newer Snowpost; this one reads version {VERSION}"),
        )),
        Some(_) => Err(file_error(path, "version is not a known number")),
    }
}

/// The settings in the file; the defaults (system proxy) when it or its `[network]` is missing.
pub fn read_settings(path: &Path) -> Result<NetworkSettings> {
    let table = read_table(path)?;
    let Some(network) = table.get("network") else {
        return Ok(NetworkSettings::default());
    };
    let r: NetworkRecordV1 = network
        .clone()
        .try_into()
        .map_err(|e| file_error(path, format!("[network]: {e}")))?;
    Ok(NetworkSettings {
        proxy_mode: if r.proxy_mode.is_empty() {
            ProxyMode::System
        } else {
            ProxyMode::parse(&r.proxy_mode)?
        },
        proxy_url: r.proxy_url,
        proxy_user: r.proxy_user,
        no_proxy: r.no_proxy,
        ca_bundle: r.ca_bundle,
    })
}

/// Replaces the `[network]` table, through a temporary file so a crash leaves the old one.
pub fn write_settings(path: &Path, s: &NetworkSettings) -> Result<()> {
    let mut table = read_table(path)?;
    let record = NetworkRecordV1 {
        proxy_mode: s.proxy_mode.as_str().into(),
        proxy_url: s.proxy_url.clone(),
        proxy_user: s.proxy_user.clone(),
        no_proxy: s.no_proxy.clone(),
        ca_bundle: s.ca_bundle.clone(),
    };
    let value = toml::Value::try_from(record).map_err(|e| file_error(path, e))?;
    table.insert("version".into(), toml::Value::Integer(VERSION));
    table.insert("network".into(), value);
    let text = toml::to_string(&table).map_err(|e| file_error(path, e))?;
    let tmp = path.with_extension("toml.tmp");
    let io = |e: std::io::Error| Error::Storage(format!("cannot write {}: {e}", path.display()));
    if let Some(dir) = path.parent() {
        std::fs::create_dir_all(dir).map_err(io)?;
    }
    std::fs::write(&tmp, text).map_err(io)?;
    std::fs::rename(&tmp, path).map_err(io)
}

/// The settings and, for a manual proxy with a user, the password from the keychain. A
/// keychain that cannot be read leaves the password out: the proxy then asks for it (407),
/// and that error says how to set it.
pub fn load(path: &Path, secrets: &dyn SecretStore) -> Result<Network> {
    let settings = read_settings(path)?;
    let proxy_password =
        if settings.proxy_mode == ProxyMode::Manual && settings.proxy_user.is_some() {
            secrets
                .get(PROXY_PASSWORD_OWNER, SecretKind::ProxyPassword)
                .ok()
                .flatten()
        } else {
            None
        };
    Ok(Network {
        settings,
        proxy_password,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn round_trips_and_keeps_other_tables() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join(CONFIG_FILE);
        assert_eq!(read_settings(&path).unwrap(), NetworkSettings::default());
        std::fs::write(&path, "[ui]\ntheme = \"dark\"\n").unwrap();
        let s = NetworkSettings {
            proxy_mode: ProxyMode::Manual,
            proxy_url: Some("socks5h://127.0.0.1:1080".into()),
            proxy_user: Some("alice".into()),
            no_proxy: vec!["*.corp.example".into()],
            ca_bundle: None,
        };
        write_settings(&path, &s).unwrap();
        assert_eq!(read_settings(&path).unwrap(), s);
        let text = std::fs::read_to_string(&path).unwrap();
        assert!(
            text.contains("theme = \"dark\"") && text.contains("version = 1"),
            "{text}"
        );
    }

    #[test]
    fn a_newer_or_broken_file_is_named() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join(CONFIG_FILE);
        std::fs::write(&path, "version = 2\n[network]\nproxy_mode = \"none\"\n").unwrap();
        let e = read_settings(&path).unwrap_err();
        assert!(e.to_string().contains("newer Snowpost"), "{e}");
        std::fs::write(&path, "[network]\nproxy_mode = \"sometimes\"\n").unwrap();
        assert_eq!(read_settings(&path).unwrap_err().kind(), "network_settings");
        std::fs::write(&path, "[network\n").unwrap();
        let e = read_settings(&path).unwrap_err();
        assert!(e.to_string().contains(CONFIG_FILE), "{e}");
        assert!(
            write_settings(&path, &NetworkSettings::default()).is_err(),
            "a broken file is not overwritten"
        );
    }
}
