//! What a transport failure most likely was, for the message and hint the user sees.

use crate::error::{Error, NetworkKind};

/// Classifies a transport failure from reqwest's error chain (the URL is left out: it may carry a token).
pub(crate) fn network_error(e: reqwest::Error, host: &str) -> Error {
    let mut chain = Vec::new();
    let mut source: Option<&dyn std::error::Error> = Some(&e);
    while let Some(s) = source {
        chain.push(s.to_string());
        source = s.source();
    }
    let detail = chain.last().cloned().unwrap_or_default();
    let all = chain.join(": ").to_lowercase();
    let kind = if e.is_timeout() || all.contains("timed out") {
        NetworkKind::Timeout
    } else if all.contains("proxy authorization required")
        || all.contains("credentials not accepted")
        || all.contains("does not support user/pass")
    {
        NetworkKind::ProxyAuth
    } else if all.contains("tunnel error") || all.contains("socks error") {
        NetworkKind::Proxy
    } else if all.contains("dns error")
        || all.contains("failed to lookup")
        || all.contains("name or service not known")
    {
        NetworkKind::Dns
    } else if all.contains("certificate") || all.contains("tls") || all.contains("handshake") {
        NetworkKind::Tls
    } else if all.contains("connection refused") {
        NetworkKind::Connect
    } else if all.contains("reset")
        || all.contains("connection closed")
        || all.contains("incomplete")
        || all.contains("broken pipe")
        || all.contains("unexpected eof")
    {
        NetworkKind::ConnectionReset
    } else if e.is_connect() {
        NetworkKind::Connect
    } else {
        NetworkKind::Other
    };
    let what = match kind {
        NetworkKind::Dns => format!("cannot find the host {host}"),
        NetworkKind::Tls => format!("secure connection to {host} failed"),
        NetworkKind::Connect => format!("cannot connect to {host}"),
        NetworkKind::Timeout => format!("{host} did not answer in time"),
        NetworkKind::ConnectionReset => format!("the connection to {host} dropped"),
        NetworkKind::Proxy => format!("the proxy did not open a connection to {host}"),
        NetworkKind::ProxyAuth => {
            format!("the proxy refused to reach {host} without valid credentials")
        }
        NetworkKind::Other => format!("request to {host} failed"),
    };
    Error::Network {
        kind,
        message: format!("{what} ({detail})"),
    }
}
