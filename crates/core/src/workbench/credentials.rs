//! Credentials in a request that is about to be stored (saved, imported): a client secret or
//! password becomes `{{client_secret}}` / `{{password}}`, which is filled in from the
//! profile's keychain when the request is sent; any other secret-looking value is dropped and
//! named. So SQLite and exports never hold one.

use serde::Serialize;

use super::{is_secret_header, whole_variable};
use crate::redact;
use crate::secret::SecretKind;
use crate::views::RequestInput;

/// The variables a stored request may use for the profile's own secrets.
pub const SECRET_VARIABLES: &[(&str, SecretKind)] = &[
    ("{{client_secret}}", SecretKind::ClientSecret),
    ("{{password}}", SecretKind::Password),
];

/// What storing a request took out of it.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS), ts(export))]
pub struct Scrubbed {
    /// e.g. "body field client_secret → {{client_secret}}".
    pub replaced: Vec<String>,
    /// e.g. "header X-API-Key": the value is gone, set it again where it belongs.
    pub dropped: Vec<String>,
}

impl Scrubbed {
    pub fn is_empty(&self) -> bool {
        self.replaced.is_empty() && self.dropped.is_empty()
    }
}

/// The `{{variable}}` a field of this name stands for, if it is one of the profile's secrets.
fn variable_for(name: &str) -> Option<&'static str> {
    let compact: String = name
        .chars()
        .filter(|c| c.is_ascii_alphanumeric())
        .collect::<String>()
        .to_ascii_lowercase();
    match compact.as_str() {
        "clientsecret" => Some("{{client_secret}}"),
        "password" | "passwd" | "pwd" | "pass" => Some("{{password}}"),
        _ => None,
    }
}

/// A value written as `{{name}}` only: a reference, not a secret.
fn is_variable(value: &str) -> bool {
    whole_variable(value).is_some_and(|name| !name.is_empty())
}

/// The value a secret-named field keeps when stored; `None` drops it. Either way it is named.
fn decide(report: &mut Scrubbed, place: &str, name: &str, value: &str) -> Option<String> {
    if value.trim().is_empty() || is_variable(value) {
        return Some(value.to_string());
    }
    match variable_for(name) {
        Some(var) => {
            report.replaced.push(format!("{place} {name} → {var}"));
            Some(var.to_string())
        }
        None => {
            report.dropped.push(format!("{place} {name}"));
            None
        }
    }
}

/// `input` as it may be stored, and what was replaced or dropped.
pub fn scrub(input: &RequestInput) -> (RequestInput, Scrubbed) {
    let mut out = input.clone();
    let mut report = Scrubbed::default();
    out.headers.retain_mut(|h| {
        let name = h.key.trim();
        if name.eq_ignore_ascii_case("authorization") {
            // Whatever its scheme, the profile's token authorises instead.
            let keep = is_variable(&h.value);
            if !keep {
                report.dropped.push(format!("header {name}"));
            }
            return keep;
        }
        if !is_secret_header(name) {
            return true;
        }
        match decide(&mut report, "header", name, &h.value) {
            Some(v) => {
                h.value = v;
                true
            }
            None => false,
        }
    });
    out.params.retain_mut(|p| {
        if !redact::is_secret_name(p.key.trim()) {
            return true;
        }
        match decide(&mut report, "query parameter", p.key.trim(), &p.value) {
            Some(v) => {
                p.value = v;
                true
            }
            None => false,
        }
    });
    if let Some(body) = &out.body {
        let before = report.replaced.len() + report.dropped.len();
        let scrubbed = redact::body_with(body, &mut |name, value| {
            decide(&mut report, "body field", name, value).unwrap_or_default()
        });
        // A body with nothing to take out stays byte for byte (JSON would be re-serialised).
        if report.replaced.len() + report.dropped.len() > before {
            out.body = Some(scrubbed);
        }
    }
    (out, report)
}

#[cfg(test)]
mod tests;
