use std::net::SocketAddr;
use std::time::Duration;

use snowpost_sandbox::{Flavor, RateLimit, RestApi, Sandbox, SandboxConfig, SandboxUser};

use crate::args::SandboxArgs;
use crate::error::CliError;

/// Serves until killed. The base URL is the first line of stdout so scripts can read it.
pub async fn run(a: SandboxArgs) -> Result<(), CliError> {
    let addr: SocketAddr = a.listen.parse().map_err(|_| {
        CliError::usage(
            format!("\"{}\" is not an address", a.listen),
            "Use IP:PORT, e.g. 127.0.0.1:0 for any free port.",
        )
    })?;
    if !addr.ip().is_loopback() {
        return Err(CliError::usage(
            format!("{addr} is not a loopback address"),
            "The sandbox only listens on loopback, e.g. 127.0.0.1:8080.",
        ));
    }
    let mut config = SandboxConfig::default();
    if let Some(v) = a.client_id {
        config.client_id = v;
    }
    if let Some(v) = a.client_secret {
        config.client_secret = v;
    }
    if a.user.is_some() || a.password.is_some() {
        let default = config.users.first().cloned();
        let username = a
            .user
            .or_else(|| default.as_ref().map(|u| u.username.clone()))
            .unwrap_or_else(|| "admin".into());
        let password = a
            .password
            .or_else(|| default.as_ref().map(|u| u.password.clone()))
            .unwrap_or_default();
        config.users.retain(|u| u.username != username);
        config.users.insert(
            0,
            SandboxUser {
                username,
                password,
                active: true,
            },
        );
    }
    if let Some(s) = a.access_ttl {
        config.access_ttl = Duration::from_secs(s);
    }
    if let Some(s) = a.refresh_ttl {
        config.refresh_ttl = Duration::from_secs(s);
    }
    config.client_credentials = a.client_credentials;
    for r in &a.rate_limit {
        match r.split_once('=') {
            Some((api, limit)) => {
                let api = RestApi::from_name(api.trim()).ok_or_else(|| {
                    CliError::usage(
                        format!("\"{api}\" is not an API the sandbox limits"),
                        "Name one of table, import, stats or ui, e.g. table=100/60.",
                    )
                })?;
                config.api_rate_limits.push((api, parse_rate_limit(limit)?));
            }
            None => config.rate_limit = Some(parse_rate_limit(r)?),
        }
    }
    config.defer_writes = a.defer_writes.unwrap_or(0);
    config.batch_max_items = a.batch_max_items;
    if a.rfc6749 {
        config.flavor = Flavor::Rfc6749;
    }
    if !a.redirect_uris.is_empty() {
        config.redirect_uris = a.redirect_uris;
    }
    config.public_client = a.public_client;
    if let Some(n) = a.attachment_max_bytes {
        config.attachment_max_bytes = n;
    }
    if let Some(path) = &a.jwt_public_key {
        let public_key_pem = std::fs::read_to_string(path).map_err(|source| CliError::Read {
            what: path.display().to_string(),
            source,
        })?;
        config.jwt_keys.push(snowpost_sandbox::JwtKey {
            kid: a.jwt_kid.clone(),
            public_key_pem,
        });
    }
    let client_id = config.client_id.clone();
    let user = config
        .users
        .first()
        .map(|u| u.username.clone())
        .unwrap_or_default();
    let seeds = a
        .seed
        .iter()
        .map(|s| parse_seed(s))
        .collect::<Result<Vec<_>, _>>()?;
    let sandbox = Sandbox::start_on(addr, config)
        .await
        .map_err(CliError::Sandbox)?;
    for (table, count) in seeds {
        sandbox.seed(&table, count);
    }
    println!("{}", sandbox.base_url());
    eprintln!(
        "sandbox ServiceNow instance at {} (client_id {client_id}, user {user}); Ctrl+C stops it",
        sandbox.base_url()
    );
    tokio::select! {
        _ = sandbox.wait() => {}
        _ = tokio::signal::ctrl_c() => {}
    }
    Ok(())
}

fn parse_rate_limit(s: &str) -> Result<RateLimit, CliError> {
    let bad = || {
        CliError::usage(
            format!("\"{s}\" is not N/SECONDS"),
            "Write the limit as requests/seconds, e.g. 100/3600.",
        )
    };
    let (n, secs) = s.split_once('/').ok_or_else(bad)?;
    Ok(RateLimit {
        requests: n.trim().parse().map_err(|_| bad())?,
        per: Duration::from_secs(secs.trim().parse().map_err(|_| bad())?),
    })
}

fn parse_seed(s: &str) -> Result<(String, usize), CliError> {
    let bad = || {
        CliError::usage(
            format!("\"{s}\" is not TABLE=COUNT"),
            "Write it as e.g. incident=100000.",
        )
    };
    let (table, n) = s.split_once('=').ok_or_else(bad)?;
    Ok((
        table.trim().to_string(),
        n.trim().parse().map_err(|_| bad())?,
    ))
}
