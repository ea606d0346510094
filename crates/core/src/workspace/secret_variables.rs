//! `{{client_secret}}` and `{{password}}` in a stored request (see `workbench::credentials`):
//! filled in from the profile's keychain just before sending, and masked again in the record
//! of what was sent, so the value reaches the instance and nothing else.

use std::borrow::Cow;

use super::Workspace;
use crate::api::{ApiRequest, SentRequest};
use crate::error::Result;
use crate::workbench::SECRET_VARIABLES;

/// A secret as each place of a request writes it, and the variable that stands for it.
#[derive(Clone)]
pub(super) struct Filled {
    forms: Vec<String>,
    variable: &'static str,
}

fn mentions(req: &ApiRequest, var: &str) -> bool {
    req.headers
        .iter()
        .chain(&req.query)
        .any(|(_, v)| v.contains(var))
        || req.body.as_deref().is_some_and(|b| b.contains(var))
}

fn json_inner(s: &str) -> String {
    let quoted = serde_json::Value::String(s.into()).to_string();
    quoted[1..quoted.len() - 1].to_string()
}

fn xml_text(s: &str) -> String {
    s.replace('&', "&amp;")
        .replace('<', "&lt;")
        .replace('>', "&gt;")
        .replace('"', "&quot;")
        .replace('\'', "&apos;")
}

fn form_value(s: &str) -> String {
    url::form_urlencoded::byte_serialize(s.as_bytes()).collect()
}

/// The body with `var` replaced by `secret`, escaped for the body's own syntax.
fn fill_body(body: &str, var: &str, secret: &str) -> String {
    let start = body.trim_start();
    let value = if start.starts_with(['{', '[']) {
        json_inner(secret)
    } else if start.starts_with('<') {
        xml_text(secret)
    } else {
        form_value(secret)
    };
    body.replace(var, &value)
}

impl Workspace {
    /// The request itself, not a copy, when it mentions no variable (the usual case).
    pub(super) fn fill_secret_variables<'r>(
        &self,
        name: &str,
        req: &'r ApiRequest,
    ) -> Result<(Cow<'r, ApiRequest>, Vec<Filled>)> {
        let mut out = Cow::Borrowed(req);
        let mut filled = Vec::new();
        for (var, kind) in SECRET_VARIABLES {
            if !mentions(req, var) {
                continue;
            }
            let secret = self.require_secret(name, *kind)?;
            let s = secret.expose();
            let out = out.to_mut();
            for (_, v) in out.headers.iter_mut().chain(out.query.iter_mut()) {
                *v = v.replace(var, s);
            }
            if let Some(b) = out.body.as_mut() {
                *b = fill_body(b, var, s);
            }
            let mut forms = vec![s.to_string(), json_inner(s), xml_text(s), form_value(s)];
            // The URL's query is percent-encoded, not form-encoded.
            forms.push(
                url::form_urlencoded::byte_serialize(s.as_bytes())
                    .collect::<String>()
                    .replace('+', "%20"),
            );
            forms.retain(|f| !f.is_empty());
            forms.sort_by_key(|f| std::cmp::Reverse(f.len()));
            forms.dedup();
            filled.push(Filled {
                forms,
                variable: var,
            });
        }
        Ok((out, filled))
    }
}

/// The record of what was sent, with each filled-in secret back to its variable.
pub(super) fn mask(sent: &mut SentRequest, filled: &[Filled]) {
    let hide = |text: &mut String| {
        for f in filled {
            for form in &f.forms {
                if text.contains(form.as_str()) {
                    *text = text.replace(form.as_str(), f.variable);
                }
            }
        }
    };
    hide(&mut sent.url);
    for (_, v) in &mut sent.headers {
        hide(v);
    }
    if let Some(b) = sent.body.as_mut() {
        hide(b);
    }
}
