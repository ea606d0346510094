//! Guarding production: each profile has an environment tag and a write guard. A read-only
//! profile refuses POST, PUT, PATCH and DELETE before anything is sent; a confirm-writes
//! profile sends one only once the user has confirmed it. Production defaults to confirm.

use serde::{Deserialize, Serialize};

use crate::api::ApiRequest;
use crate::error::{Error, Result};
use crate::http::Method;

#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
#[cfg_attr(feature = "ts", derive(ts_rs::TS), ts(export))]
pub enum Environment {
    #[default]
    Development,
    Test,
    Production,
}

impl Environment {
    pub fn as_str(self) -> &'static str {
        match self {
            Environment::Development => "development",
            Environment::Test => "test",
            Environment::Production => "production",
        }
    }

    pub fn parse(s: &str) -> Result<Self> {
        match s {
            "development" => Ok(Environment::Development),
            "test" => Ok(Environment::Test),
            "production" => Ok(Environment::Production),
            other => Err(Error::input(
                "environment",
                format!("\"{other}\" is not development, test or production"),
            )),
        }
    }

    /// What a profile of this environment gets when the user does not choose.
    pub fn default_guard(self) -> WriteGuard {
        match self {
            Environment::Production => WriteGuard::Confirm,
            _ => WriteGuard::Off,
        }
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
#[cfg_attr(feature = "ts", derive(ts_rs::TS), ts(export))]
pub enum WriteGuard {
    #[default]
    Off,
    /// Each write is shown (method, table, record) and sent only once confirmed.
    Confirm,
    /// Writes are refused before anything is sent.
    ReadOnly,
}

impl WriteGuard {
    pub fn as_str(self) -> &'static str {
        match self {
            WriteGuard::Off => "off",
            WriteGuard::Confirm => "confirm",
            WriteGuard::ReadOnly => "read_only",
        }
    }

    pub fn parse(s: &str) -> Result<Self> {
        match s {
            "off" => Ok(WriteGuard::Off),
            "confirm" => Ok(WriteGuard::Confirm),
            "read_only" => Ok(WriteGuard::ReadOnly),
            other => Err(Error::input(
                "write guard",
                format!("\"{other}\" is not off, confirm or read_only"),
            )),
        }
    }
}

/// Whether the user has confirmed this write (the app's dialog, the CLI's prompt or `--yes`).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum Confirmed {
    #[default]
    No,
    Yes,
}

fn is_write(method: &Method) -> bool {
    matches!(
        *method,
        Method::POST | Method::PUT | Method::PATCH | Method::DELETE
    )
}

/// "DELETE incident 9d385017…" or "POST /api/now/import/u_staging": what the user confirms.
pub fn describe(req: &ApiRequest) -> String {
    let path = req.path.trim();
    let rest = path.split('?').next().unwrap_or(path);
    let target = match rest.strip_prefix("/api/now/table/") {
        Some(t) => {
            let mut parts = t.splitn(2, '/');
            let table = parts.next().unwrap_or("");
            match parts.next().filter(|s| !s.is_empty()) {
                Some(record) => format!("{table} record {record}"),
                None => format!("a new {table} record"),
            }
        }
        None => rest.to_string(),
    };
    format!("{} {target}", req.method)
}

/// Refuses a write the profile's guard does not allow (yet).
pub fn check(
    profile: &str,
    env: Environment,
    guard: WriteGuard,
    req: &ApiRequest,
    confirmed: Confirmed,
) -> Result<()> {
    if !is_write(&req.method) {
        return Ok(());
    }
    match (guard, confirmed) {
        (WriteGuard::ReadOnly, _) => Err(Error::WriteRefused {
            profile: profile.into(),
            environment: env.as_str(),
            write: describe(req),
            read_only: true,
        }),
        (WriteGuard::Confirm, Confirmed::No) => Err(Error::WriteRefused {
            profile: profile.into(),
            environment: env.as_str(),
            write: describe(req),
            read_only: false,
        }),
        _ => Ok(()),
    }
}

/// The window's title: the profile, and its environment in capitals unless development, so
/// a production window says so even in the task switcher.
pub fn window_title(profile: Option<(&str, Environment)>) -> String {
    match profile {
        None => "Snowpost".into(),
        Some((name, Environment::Development)) => format!("{name} — Snowpost"),
        Some((name, env)) => format!("{name} [{}] — Snowpost", env.as_str().to_uppercase()),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::api::TableRequest;

    #[test]
    fn guards_refuse_writes_only() {
        let get = TableRequest::list("incident").to_api().unwrap();
        let delete = TableRequest::delete("incident", "9d38").to_api().unwrap();
        let create = TableRequest::create("incident", serde_json::json!({}))
            .to_api()
            .unwrap();
        let prod = Environment::Production;
        assert!(check("p", prod, WriteGuard::ReadOnly, &get, Confirmed::No).is_ok());
        let e = check("p", prod, WriteGuard::ReadOnly, &delete, Confirmed::Yes).unwrap_err();
        assert_eq!(e.kind(), "read_only");
        assert!(e.to_string().contains("DELETE incident record 9d38"), "{e}");
        let e = check("p", prod, WriteGuard::Confirm, &create, Confirmed::No).unwrap_err();
        assert_eq!(e.kind(), "confirm_write");
        assert!(e.to_string().contains("POST a new incident record"), "{e}");
        assert!(check("p", prod, WriteGuard::Confirm, &create, Confirmed::Yes).is_ok());
        assert!(check(
            "p",
            Environment::Development,
            WriteGuard::Off,
            &delete,
            Confirmed::No
        )
        .is_ok());
        assert_eq!(prod.default_guard(), WriteGuard::Confirm);
        assert_eq!(Environment::Test.default_guard(), WriteGuard::Off);
    }

    #[test]
    fn the_title_shouts_production() {
        assert_eq!(window_title(None), "Snowpost");
        assert_eq!(
            window_title(Some(("dev", Environment::Development))),
            "dev — Snowpost"
        );
        assert_eq!(
            window_title(Some(("prod", Environment::Production))),
            "prod [PRODUCTION] — Snowpost"
        );
    }
}
