//! What of a sent request may be written to history: everything needed to re-send it, with
//! every header, query parameter or JSON field named like a secret replaced.

use serde_json::Value;

use super::request_input::{KeyValue, RequestInput, RequestTarget};
use crate::api::ApiRequest;

pub const REDACTED: &str = "[redacted]";

const SECRET_WORDS: &[&str] = &[
    "password",
    "passwd",
    "secret",
    "token",
    "apikey",
    "api_key",
    "api-key",
    "authorization",
    "cookie",
    "session",
    "private_key",
    "credential",
];

/// Whether a header, parameter or field name usually carries a secret.
pub fn is_secret_name(name: &str) -> bool {
    let n = name.to_ascii_lowercase();
    SECRET_WORDS.iter().any(|w| n.contains(w))
}

fn rows(pairs: &[(String, String)]) -> Vec<KeyValue> {
    pairs
        .iter()
        .map(|(k, v)| KeyValue {
            key: k.clone(),
            value: if is_secret_name(k) {
                REDACTED.into()
            } else {
                v.clone()
            },
            enabled: true,
        })
        .collect()
}

fn redact_json(v: &mut Value) {
    match v {
        Value::Object(map) => {
            for (k, val) in map.iter_mut() {
                if is_secret_name(k) && !val.is_null() {
                    *val = Value::String(REDACTED.into());
                } else {
                    redact_json(val);
                }
            }
        }
        Value::Array(items) => items.iter_mut().for_each(redact_json),
        _ => {}
    }
}

/// The history form of a request: a Path request that re-sends the same call.
pub fn history_request(req: &ApiRequest) -> RequestInput {
    let (path, mut query) = match req.path.split_once('?') {
        Some((p, q)) => (
            p.to_string(),
            url::form_urlencoded::parse(q.as_bytes())
                .into_owned()
                .collect(),
        ),
        None => (req.path.clone(), Vec::new()),
    };
    query.extend(req.query.iter().cloned());
    let body = req
        .body
        .as_ref()
        .map(|b| match serde_json::from_str::<Value>(b) {
            Ok(mut v) => {
                redact_json(&mut v);
                v.to_string()
            }
            Err(_) => b.clone(),
        });
    RequestInput {
        method: req.method.to_string(),
        target: RequestTarget::Path,
        table: String::new(),
        sys_id: None,
        path,
        params: rows(&query),
        headers: rows(&req.headers),
        body,
        accept: req.accept,
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::http::Method;

    #[test]
    fn secrets_are_replaced_and_the_rest_kept() {
        let mut r = ApiRequest::new(
            Method::POST,
            "/api/now/table/sys_user?sysparm_fields=name&api_token=abc",
        );
        r.headers = vec![
            ("X-API-Key".into(), "k-123".into()),
            ("X-Trace".into(), "t1".into()),
        ];
        r.query = vec![("sysparm_limit".into(), "5".into())];
        r.body = Some(
            r#"{"user_name":"bob","user_password":"hunter2","nested":[{"client_secret":"s"}]}"#
                .into(),
        );
        let h = history_request(&r);
        let json = serde_json::to_string(&h).unwrap();
        for secret in ["abc", "k-123", "hunter2", "\"s\""] {
            assert!(!json.contains(secret), "{secret} in {json}");
        }
        assert_eq!(h.path, "/api/now/table/sys_user");
        assert_eq!(h.params.len(), 3);
        assert_eq!(h.headers[1].value, "t1");
        assert!(h.body.unwrap().contains("\"user_name\":\"bob\""));
        assert!(is_secret_name("Authorization") && !is_secret_name("sysparm_query"));
    }
}
