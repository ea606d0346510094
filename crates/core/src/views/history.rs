//! What of a sent request may be written to history: everything needed to re-send it, with
//! every header, query parameter or body field named like a secret replaced (see `redact`).

use super::request_input::{KeyValue, RequestInput, RequestTarget};
use crate::api::ApiRequest;
use crate::redact;

fn rows(pairs: &[(String, String)]) -> Vec<KeyValue> {
    redact::pairs(pairs)
        .into_iter()
        .map(|(key, value)| KeyValue {
            key,
            value,
            enabled: true,
        })
        .collect()
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
    let body = req.body.as_deref().map(redact::body);
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
    }
}
