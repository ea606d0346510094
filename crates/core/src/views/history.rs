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

/// XML with the text of secret-named elements and the values of secret-named attributes
/// replaced. A secret element that is never closed takes the rest of the body with it.
fn redact_xml(xml: &str) -> String {
    let mut out = String::with_capacity(xml.len());
    let mut rest = xml;
    while let Some(lt) = rest.find('<') {
        out.push_str(&rest[..lt]);
        rest = &rest[lt..];
        let literal_end = [("<!--", "-->"), ("<![CDATA[", "]]>")]
            .iter()
            .find(|(open, _)| rest.starts_with(open))
            .map(|(_, close)| rest.find(close).map_or(rest.len(), |i| i + close.len()));
        if let Some(end) = literal_end {
            out.push_str(&rest[..end]);
            rest = &rest[end..];
            continue;
        }
        let Some(gt) = rest.find('>') else {
            out.push_str(&redact_attributes(rest));
            return out;
        };
        let tag = &rest[..=gt];
        rest = &rest[gt + 1..];
        out.push_str(&redact_attributes(tag));
        if tag.starts_with("</")
            || tag.starts_with("<?")
            || tag.starts_with("<!")
            || tag.ends_with("/>")
        {
            continue;
        }
        let name = tag[1..]
            .split(|c: char| c.is_whitespace() || c == '>' || c == '/')
            .next()
            .unwrap_or("");
        let local = name.rsplit(':').next().unwrap_or(name);
        if is_secret_name(local) {
            out.push_str(REDACTED);
            rest = rest.find(&format!("</{name}")).map_or("", |i| &rest[i..]);
        }
    }
    out.push_str(rest);
    out
}

/// One tag with the values of secret-named attributes replaced.
fn redact_attributes(tag: &str) -> String {
    let mut out = String::with_capacity(tag.len());
    let mut rest = tag;
    while let Some(eq) = rest.find('=') {
        let name = rest[..eq]
            .trim_end()
            .rsplit(|c: char| c.is_whitespace() || c == '<')
            .next()
            .unwrap_or("");
        let value = &rest[eq + 1..];
        let unpadded = value.trim_start();
        let pad = value.len() - unpadded.len();
        match unpadded.chars().next() {
            Some(q @ ('"' | '\'')) => {
                let end = unpadded[1..].find(q).map_or(unpadded.len(), |i| i + 2);
                out.push_str(&rest[..eq + 1 + pad]);
                if is_secret_name(name) {
                    out.extend([q.to_string().as_str(), REDACTED, q.to_string().as_str()]);
                } else {
                    out.push_str(&unpadded[..end]);
                }
                rest = &unpadded[end..];
            }
            _ => {
                out.push_str(&rest[..eq + 1]);
                rest = &rest[eq + 1..];
            }
        }
    }
    out.push_str(rest);
    out
}

/// A form-encoded body (`a=1&password=x`) with secret-named fields replaced; `None` when the
/// body is not one.
fn redact_form(body: &str) -> Option<String> {
    let looks_like_form = body.contains('=')
        && !body.chars().any(char::is_whitespace)
        && !body.starts_with(['{', '[', '<']);
    if !looks_like_form {
        return None;
    }
    let pairs: Vec<(String, String)> = url::form_urlencoded::parse(body.as_bytes())
        .into_owned()
        .collect();
    if !pairs.iter().any(|(k, _)| is_secret_name(k)) {
        return Some(body.to_string());
    }
    let mut out = url::form_urlencoded::Serializer::new(String::new());
    for (k, v) in &pairs {
        out.append_pair(k, if is_secret_name(k) { REDACTED } else { v });
    }
    Some(out.finish())
}

/// A request body as history may keep it: JSON, XML and form fields named like secrets replaced.
fn redact_body(body: &str) -> String {
    if let Ok(mut v) = serde_json::from_str::<Value>(body) {
        redact_json(&mut v);
        return v.to_string();
    }
    if body.trim_start().starts_with('<') {
        return redact_xml(body);
    }
    redact_form(body).unwrap_or_else(|| body.to_string())
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
    let body = req.body.as_deref().map(redact_body);
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

    #[test]
    fn xml_bodies_keep_their_shape_without_secrets() {
        let xml = r#"<?xml version="1.0"?><request><entry><user_name>bob</user_name><user_password>hunter2</user_password><sn:api_token kind="x">t-1</sn:api_token><cdata><![CDATA[<password>]]></cdata><cred secret_key = 'k-9' id="7"/></entry></request>"#;
        let out = redact_body(xml);
        for secret in ["hunter2", "t-1", "k-9"] {
            assert!(!out.contains(secret), "{secret} in {out}");
        }
        assert!(out.contains("<user_name>bob</user_name>"));
        assert!(out.contains("<user_password>[redacted]</user_password>"));
        assert!(out.contains(r#"<sn:api_token kind="x">[redacted]</sn:api_token>"#));
        assert!(
            out.contains("<![CDATA[<password>]]>"),
            "CDATA is text: {out}"
        );
        assert!(out.contains(r#"secret_key = '[redacted]' id="7"/>"#));
        // An element that never closes takes the rest with it.
        assert_eq!(
            redact_body("<a><password>s3cr3t"),
            "<a><password>[redacted]"
        );
    }

    #[test]
    fn form_bodies_lose_secret_fields_only() {
        assert_eq!(
            redact_body("grant_type=password&username=admin&password=p%40ss"),
            "grant_type=password&username=admin&password=%5Bredacted%5D"
        );
        assert_eq!(redact_body("a=1&b=2"), "a=1&b=2");
        assert_eq!(redact_body("plain text = fine"), "plain text = fine");
    }
}
