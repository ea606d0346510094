use super::*;
use crate::views::{KeyValue, RequestTarget};
use crate::Accept;

fn kv(key: &str, value: &str) -> KeyValue {
    KeyValue {
        key: key.into(),
        value: value.into(),
        enabled: true,
    }
}

fn request(headers: Vec<KeyValue>, params: Vec<KeyValue>, body: Option<&str>) -> RequestInput {
    RequestInput {
        method: "POST".into(),
        target: RequestTarget::Path,
        table: String::new(),
        sys_id: None,
        path: "/oauth_token.do".into(),
        params,
        headers,
        body: body.map(str::to_string),
        accept: Accept::Json,
    }
}

#[test]
fn a_get_token_request_keeps_variables_not_secrets() {
    let form = "grant_type=password&client_id=cid&client_secret=s3cr%26t&username=admin&password=hunter2\n";
    let (safe, report) = scrub(&request(
        vec![kv("Content-Type", "application/x-www-form-urlencoded")],
        vec![],
        Some(form),
    ));
    assert_eq!(
        safe.body.as_deref(),
        Some("grant_type=password&client_id=cid&client_secret={{client_secret}}&username=admin&password={{password}}\n")
    );
    assert_eq!(
        report.replaced,
        [
            "body field client_secret → {{client_secret}}",
            "body field password → {{password}}"
        ]
    );
    assert!(report.dropped.is_empty());
}

#[test]
fn other_secrets_are_dropped_and_named() {
    let (safe, report) = scrub(&request(
        vec![
            kv("Authorization", "Basic YWRtaW46aHVudGVyMg=="),
            kv("X-API-Key", "k-123"),
            kv("X-Trace", "keep-me"),
            kv("X-Token", "{{my_token}}"),
        ],
        vec![
            kv("token", "abc"),
            kv("sysparm_limit", "1"),
            kv("pwd", "pw"),
        ],
        Some(r#"{"user_password": "p4ss", "name": "Beth", "nested": {"api_key": "k"}}"#),
    ));
    let keys = |rows: &[KeyValue]| {
        rows.iter()
            .map(|r| (r.key.clone(), r.value.clone()))
            .collect::<Vec<_>>()
    };
    assert_eq!(
        keys(&safe.headers),
        [
            ("X-Trace".into(), "keep-me".into()),
            ("X-Token".into(), "{{my_token}}".into())
        ]
    );
    assert_eq!(
        keys(&safe.params),
        [
            ("sysparm_limit".into(), "1".into()),
            ("pwd".into(), "{{password}}".into())
        ]
    );
    let body: serde_json::Value = serde_json::from_str(safe.body.as_deref().unwrap()).unwrap();
    assert_eq!(
        body,
        serde_json::json!({"user_password": "", "name": "Beth", "nested": {"api_key": ""}})
    );
    assert_eq!(
        report.dropped,
        [
            "header Authorization",
            "header X-API-Key",
            "query parameter token",
            "body field user_password",
            "body field api_key"
        ]
    );
    assert_eq!(report.replaced, ["query parameter pwd → {{password}}"]);
}

#[test]
fn xml_and_template_bodies() {
    let (safe, _) = scrub(&request(
        vec![],
        vec![],
        Some("<r><password>pw</password><n>1</n></r>"),
    ));
    assert_eq!(
        safe.body.as_deref(),
        Some("<r><password>{{password}}</password><n>1</n></r>")
    );
    let (safe, _) = scrub(&request(
        vec![],
        vec![],
        Some(r#"{"client_secret": "x", "n": {{count}}}"#),
    ));
    assert_eq!(
        safe.body.as_deref(),
        Some(r#"{"client_secret": "{{client_secret}}", "n": {{count}}}"#)
    );
}

#[test]
fn a_request_without_secrets_is_stored_as_typed() {
    let body = "{\n  \"short_description\": \"Printer\",\n  \"password_hint\": null\n}";
    let input = request(
        vec![kv("X-A", "1")],
        vec![kv("sysparm_query", "active=true")],
        Some(body),
    );
    let (safe, report) = scrub(&input);
    assert!(report.is_empty(), "{report:?}");
    assert_eq!(safe.body.as_deref(), Some(body), "byte for byte");
    assert_eq!(safe.headers, input.headers);
}
