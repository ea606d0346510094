//! The parts of a Postman URL, in either of its shapes (an object, or a raw string).

use serde_json::Value;

use super::as_str;
use crate::views::KeyValue;

/// Percent-decoding as a server reads a query (`+` is a space); malformed escapes stay as they are.
pub(super) fn form_decode(s: &str) -> String {
    let bytes = s.as_bytes();
    let hex = |b: u8| (b as char).to_digit(16);
    let mut out = Vec::with_capacity(bytes.len());
    let mut i = 0;
    while i < bytes.len() {
        match bytes[i] {
            b'+' => out.push(b' '),
            b'%' => match (
                bytes.get(i + 1).and_then(|b| hex(*b)),
                bytes.get(i + 2).and_then(|b| hex(*b)),
            ) {
                (Some(h), Some(l)) => {
                    // Two hex digits make a byte below 256.
                    out.push((h * 16 + l) as u8);
                    i += 3;
                    continue;
                }
                _ => out.push(b'%'),
            },
            b => out.push(b),
        }
        i += 1;
    }
    String::from_utf8_lossy(&out).into_owned()
}

/// What the URL of an item is relative to.
pub(super) struct Parts {
    pub host: String,
    pub protocol: Option<String>,
    pub port: Option<String>,
    pub path: String,
    pub query: Vec<KeyValue>,
}

pub(super) fn url_parts(url: &Value) -> Parts {
    match url {
        Value::Object(o) if o.contains_key("host") || o.contains_key("path") => {
            let host = match o.get("host") {
                Some(Value::Array(a)) => a
                    .iter()
                    .filter_map(Value::as_str)
                    .collect::<Vec<_>>()
                    .join("."),
                Some(Value::String(s)) => s.clone(),
                _ => String::new(),
            };
            let path = match o.get("path") {
                Some(Value::Array(a)) => a
                    .iter()
                    .map(|seg| match seg {
                        Value::String(s) => s.clone(),
                        other => as_str(other.get("value")).to_string(),
                    })
                    .collect::<Vec<_>>()
                    .join("/"),
                Some(Value::String(s)) => s.clone(),
                _ => String::new(),
            };
            let query = o
                .get("query")
                .and_then(Value::as_array)
                .map(|q| {
                    q.iter()
                        .filter(|p| !as_str(p.get("key")).is_empty())
                        .map(|p| KeyValue {
                            key: form_decode(as_str(p.get("key"))),
                            value: form_decode(as_str(p.get("value"))),
                            enabled: !p.get("disabled").and_then(Value::as_bool).unwrap_or(false),
                        })
                        .collect()
                })
                .unwrap_or_default();
            Parts {
                host,
                protocol: o
                    .get("protocol")
                    .and_then(Value::as_str)
                    .map(str::to_string),
                port: o.get("port").and_then(Value::as_str).map(str::to_string),
                path,
                query,
            }
        }
        Value::Object(o) => raw_parts(as_str(o.get("raw"))),
        Value::String(s) => raw_parts(s),
        _ => raw_parts(""),
    }
}

/// A URL string as Postman holds it: `{{instance_url}}/api/…?a=1`, or `https://host/…`.
fn raw_parts(raw: &str) -> Parts {
    let raw = raw.split('#').next().unwrap_or_default().trim();
    let (base, query) = match raw.split_once('?') {
        Some((b, q)) => (b, q),
        None => (raw, ""),
    };
    let (protocol, rest) = match base.split_once("://") {
        Some((p, r)) => (Some(p.to_string()), r),
        None => (None, base),
    };
    let (host, path) = match rest.find('/') {
        Some(i) => (&rest[..i], &rest[i..]),
        None => (rest, ""),
    };
    let (host, port) = match host.rsplit_once(':') {
        Some((h, p)) if !p.is_empty() && p.chars().all(|c| c.is_ascii_digit()) => {
            (h, Some(p.to_string()))
        }
        _ => (host, None),
    };
    let query = query
        .split('&')
        .filter(|p| !p.is_empty())
        .map(|p| {
            let (k, v) = p.split_once('=').unwrap_or((p, ""));
            KeyValue {
                key: form_decode(k),
                value: form_decode(v),
                enabled: true,
            }
        })
        .collect();
    Parts {
        host: host.to_string(),
        protocol,
        port,
        path: path.to_string(),
        query,
    }
}
