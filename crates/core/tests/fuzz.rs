//! Fuzzing the parsers on stable Rust, as property tests with many generated inputs: the token
//! reply, ServiceNow's error body, the `Link` header, instance URLs, encoded queries (round
//! trip), curl and Postman import, and XML redaction. None may panic.
//!
//! `SNOWPOST_FUZZ_CASES` inputs per target (CI: the default, a short pass); `bench/fuzz.sh`
//! runs 1,000,000 each in release mode and prints the counts this file reports.

use std::sync::atomic::{AtomicU64, Ordering};
use std::time::{Duration, SystemTime};

use proptest::prelude::*;
use proptest::test_runner::{Config, TestRunner};
use serde_json::Value;
use snowpost_core::api::{parse_link_header, Exchange, SentRequest};
use snowpost_core::http::HttpResponse;
use snowpost_core::oauth::parse_token_response;
use snowpost_core::workbench::{import_collection, import_curl, EncodedQuery};
use snowpost_core::{redact, Instance};

fn cases() -> u32 {
    std::env::var("SNOWPOST_FUZZ_CASES")
        .ok()
        .and_then(|n| n.parse().ok())
        .unwrap_or(2_000)
}

/// Runs `check` on `cases()` inputs from `strategy` and prints how many ran.
fn fuzz<S: Strategy>(target: &str, strategy: S, check: impl Fn(S::Value))
where
    S::Value: std::fmt::Debug,
{
    let runs = AtomicU64::new(0);
    let config = Config {
        cases: cases(),
        failure_persistence: None,
        max_shrink_iters: 2_000,
        ..Config::default()
    };
    let result = TestRunner::new(config).run(&strategy, |input| {
        runs.fetch_add(1, Ordering::Relaxed);
        check(input);
        Ok(())
    });
    let crashes = u32::from(result.is_err());
    println!(
        "fuzz {target}: {} inputs, {crashes} crashes",
        runs.load(Ordering::Relaxed)
    );
    if let Err(e) = result {
        panic!("fuzz {target}: {e}");
    }
}

/// Text made of `pieces` and arbitrary characters: near the grammar, and off it.
fn text(pieces: &'static [&'static str], max: usize) -> impl Strategy<Value = String> {
    let piece = prop_oneof![
        3 => prop::sample::select(pieces).prop_map(str::to_string),
        1 => any::<char>().prop_map(String::from),
        1 => "[ -~]{0,6}",
    ];
    prop::collection::vec(piece, 0..max).prop_map(|p| p.concat())
}

fn instance() -> Instance {
    Instance::parse("dev1").unwrap()
}

const JSON_PIECES: &[&str] = &[
    "{",
    "}",
    "[",
    "]",
    ":",
    ",",
    "\"",
    "\\",
    "\\u",
    "\\ud800",
    "null",
    "true",
    "1e309",
    "-0",
    "12345678901234567890",
    "\"access_token\"",
    "\"refresh_token\"",
    "\"expires_in\"",
    "\"token_type\"",
    "\"Bearer\"",
    "\"error\"",
    "\"error_description\"",
    "\"message\"",
    "\"detail\"",
    "\"status\"",
    "\"failure\"",
    "\"scope\"",
    "\"useraccount\"",
    "1799",
    "\"x\"",
    "<html>",
    "Instance Hibernating",
    "é",
    " ",
];

fn response() -> impl Strategy<Value = HttpResponse> {
    let status = prop_oneof![
        Just(200u16),
        Just(400),
        Just(401),
        Just(403),
        Just(429),
        Just(500),
        Just(503),
        any::<u16>()
    ];
    let content_type = prop::sample::select(
        &[
            "application/json",
            "application/json;charset=UTF-8",
            "text/html",
            "application/xml",
            "",
        ][..],
    );
    let body = prop_oneof![
        3 => text(JSON_PIECES, 40).prop_map(String::into_bytes),
        1 => prop::collection::vec(any::<u8>(), 0..200),
    ];
    (status, content_type, body, any::<Option<u8>>()).prop_map(|(status, ct, body, retry)| {
        let mut headers = vec![("Content-Type".to_string(), ct.to_string())];
        if let Some(r) = retry {
            headers.push(("Retry-After".into(), r.to_string()));
        }
        HttpResponse {
            status,
            headers,
            body,
            elapsed: Duration::from_millis(5),
            timing: Default::default(),
        }
    })
}

#[test]
fn token_reply() {
    fuzz("token_reply", response(), |resp| {
        let _ = parse_token_response(&resp, "password", SystemTime::UNIX_EPOCH);
    });
}

#[test]
fn servicenow_error_body() {
    fuzz("servicenow_error_body", response(), |resp| {
        let sent = SentRequest {
            method: "GET".into(),
            url: "https://dev1.service-now.com/api/now/table/incident".into(),
            headers: vec![],
            body: None,
        };
        let x = Exchange::new(sent, resp);
        let _ = (x.servicenow_error, x.diagnosis);
    });
}

#[test]
fn link_header() {
    const PIECES: &[&str] = &[
        "<",
        ">",
        ";",
        ",",
        "rel=",
        "\"next\"",
        "\"last\"",
        "rel=\"first\"",
        " ",
        "https://dev1.service-now.com/api/now/table/incident?sysparm_offset=10",
        "é",
        "\"",
    ];
    fuzz("link_header", text(PIECES, 30), |s| {
        let _ = parse_link_header(&s);
    });
}

#[test]
fn instance_url() {
    const PIECES: &[&str] = &[
        "https://",
        "http://",
        "dev",
        "12345",
        ".service-now.com",
        ":",
        "443",
        "8443",
        "/",
        "now/nav/ui",
        "@",
        "user:pw@",
        "127.0.0.1",
        "[::1]",
        "localhost",
        "%",
        "?",
        "#",
        " ",
        "xn--",
        "é",
        ".",
        "-",
        "_",
    ];
    fuzz("instance_url", text(PIECES, 12), |s| {
        if let Ok(i) = Instance::parse(&s) {
            let again = Instance::parse(&i.to_string()).expect("a parsed instance parses again");
            assert_eq!(again.as_str(), i.as_str(), "{s:?}");
        }
    });
}

#[test]
fn encoded_query_round_trip() {
    const PIECES: &[&str] = &[
        "^",
        "^OR",
        "^NQ",
        "ORDERBY",
        "ORDERBYDESC",
        "=",
        "!=",
        "<=",
        ">",
        "LIKE",
        "STARTSWITH",
        "IN",
        "ISEMPTY",
        "active",
        "priority",
        "caller_id.name",
        "RLQUERY",
        "ENDRLQUERY",
        "SUBQUERY",
        "ENDSUBQUERY",
        "javascript:gs.daysAgo(7)",
        "1",
        " ",
        "é",
        "@",
    ];
    fuzz("encoded_query", text(PIECES, 16), |s| {
        assert_eq!(EncodedQuery::parse(&s).encode(), s);
    });
}

#[test]
fn curl_import() {
    const PIECES: &[&str] = &[
        "curl ",
        " ",
        "-X ",
        "POST ",
        "-H ",
        "'",
        "\"",
        "$'",
        "\\",
        "\\\n",
        "--data ",
        "-d ",
        "--data-raw ",
        "--data-urlencode ",
        "-u ",
        "admin:pw ",
        "-G ",
        "--json ",
        "-k ",
        "-I ",
        "https://dev1.service-now.com/api/now/table/incident?sysparm_limit=1 ",
        "Accept: */*",
        "Authorization: Bearer x",
        "Cookie: a=b",
        "|",
        ";",
        "&&",
        ">",
        "@file",
        "{\"a\":1}",
        "--url ",
        "-b ",
        "--compressed ",
        "é",
        "%",
        "=",
        "&",
    ];
    let instance = instance();
    fuzz("curl_import", text(PIECES, 24), |s| {
        let _ = import_curl(&s, &instance);
    });
}

fn postman_value() -> impl Strategy<Value = Value> {
    const KEYS: &[&str] = &[
        "info",
        "schema",
        "name",
        "item",
        "request",
        "method",
        "url",
        "raw",
        "host",
        "path",
        "query",
        "key",
        "value",
        "disabled",
        "header",
        "body",
        "mode",
        "urlencoded",
        "variable",
        "protocol",
        "port",
        "auth",
        "id",
    ];
    const LEAVES: &[&str] = &[
        "https://schema.getpostman.com/json/collection/v2.1.0/collection.json",
        "{{instance_url}}/api/now/table/incident?sysparm_limit=1",
        "{{instance_url}}",
        "https://dev1.service-now.com/api",
        "https://evil.example.com/",
        "GET",
        "POST",
        "GET $(id)",
        "raw",
        "urlencoded",
        "formdata",
        "client_secret",
        "{\"a\":1}",
        "<x/>",
        "dev1.service-now.com",
        "https",
        "",
        "{{",
        "}}",
        "a:b@dev1.service-now.com",
    ];
    let leaf = prop_oneof![
        4 => prop::sample::select(LEAVES).prop_map(Value::from),
        1 => any::<bool>().prop_map(Value::from),
        1 => any::<i64>().prop_map(Value::from),
        1 => Just(Value::Null),
        1 => ".{0,8}".prop_map(Value::from),
    ];
    leaf.prop_recursive(5, 64, 6, |inner| {
        prop_oneof![
            prop::collection::vec(inner.clone(), 0..5).prop_map(Value::from),
            prop::collection::vec((prop::sample::select(KEYS), inner), 0..6).prop_map(|kv| {
                Value::Object(kv.into_iter().map(|(k, v)| (k.to_string(), v)).collect())
            }),
        ]
    })
}

#[test]
fn postman_import() {
    let instance = instance();
    let doc = (postman_value(), any::<u8>()).prop_map(|(v, cut)| {
        let mut s = serde_json::json!({
            "info": {"name": "f", "schema": "https://schema.getpostman.com/json/collection/v2.1.0/collection.json"},
            "item": v,
        })
        .to_string();
        // Now and then a truncated file.
        if cut % 7 == 0 {
            let mut at = s.len() * usize::from(cut) / 256;
            while !s.is_char_boundary(at) {
                at -= 1;
            }
            s.truncate(at);
        }
        s
    });
    fuzz("postman_import", doc, |s| {
        let _ = import_collection(&s, &instance);
    });
}

#[test]
fn xml_redaction() {
    const PIECES: &[&str] = &[
        "<",
        ">",
        "</",
        "/>",
        "<?xml version=\"1.0\"?>",
        "<!--",
        "-->",
        "<![CDATA[",
        "]]>",
        "<password>",
        "</password>",
        "<sn:token>",
        "</sn:token>",
        "<user ",
        "secret=\"",
        "\"",
        "'",
        "=",
        "api_key='",
        "<request>",
        "</request>",
        "text",
        " ",
        "é",
        "&amp;",
        "\n",
    ];
    fuzz("xml_redaction", text(PIECES, 30), |s| {
        let _ = redact::body(&s);
        // A secret element among text without markup is always blanked.
        if !s.contains(['<', '>', '&']) {
            let doc = format!("<r>{s}<password>S3CRET-MARK</password>{s}</r>");
            assert!(!redact::body(&doc).contains("S3CRET-MARK"), "{doc}");
        }
    });
}
