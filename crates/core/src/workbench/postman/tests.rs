use serde_json::json;

use super::export::encode_query_part;
use super::url_parts::form_decode;
use super::*;
use crate::api::Accept;
use crate::views::{KeyValue, RequestTarget};

const FIXTURE: &str = include_str!("../../../tests/fixtures/postman-servicenow-collection.json");

fn inst() -> Instance {
    Instance::parse("dev1").unwrap()
}

fn kv(key: &str, value: &str, enabled: bool) -> KeyValue {
    KeyValue {
        key: key.into(),
        value: value.into(),
        enabled,
    }
}

fn rows(kv: &[KeyValue]) -> Vec<(&str, &str, bool)> {
    kv.iter()
        .map(|r| (r.key.as_str(), r.value.as_str(), r.enabled))
        .collect()
}

/// Requests in the canonical form an import gives back (Table targets carry their path).
fn saved() -> Vec<SavedRequest> {
    let table = |method: &str, sys_id: Option<&str>| RequestInput {
        method: method.into(),
        target: RequestTarget::Table,
        table: "incident".into(),
        sys_id: sys_id.map(str::to_string),
        path: match sys_id {
            Some(id) => format!("/api/now/table/incident/{id}"),
            None => "/api/now/table/incident".into(),
        },
        ..RequestInput::empty()
    };
    vec![
        SavedRequest {
            name: "List P1 & P2".into(),
            request: RequestInput {
                params: vec![
                    kv(
                        "sysparm_query",
                        "active=true^priority<=2^short_descriptionLIKE50% off+more#1",
                        true,
                    ),
                    kv("sysparm_fields", "number,short_description", false),
                    kv("sysparm_limit", "5", true),
                ],
                headers: vec![kv("X-Trace", "t 1", true), kv("X-Off", "1", false)],
                ..table("GET", None)
            },
        },
        SavedRequest {
            name: "Create".into(),
            request: RequestInput {
                body: Some(
                    "{\n  \"short_description\": \"Printer on fire\",\n  \"urgency\": \"2\"\n}"
                        .into(),
                ),
                ..table("POST", None)
            },
        },
        SavedRequest {
            name: "Get as XML".into(),
            request: RequestInput {
                accept: Accept::Xml,
                ..table("GET", Some("0123456789abcdef0123456789abcdef"))
            },
        },
        SavedRequest {
            name: "Aggregate".into(),
            request: RequestInput {
                path: "/api/now/stats/incident".into(),
                params: vec![kv("sysparm_count", "true", true)],
                ..RequestInput::empty()
            },
        },
        SavedRequest {
            name: "Import XML".into(),
            request: RequestInput {
                method: "POST".into(),
                path: "/api/now/import/u_staging".into(),
                body: Some("<request><u_name>a &amp; b</u_name></request>".into()),
                accept: Accept::Xml,
                ..RequestInput::empty()
            },
        },
    ]
}

fn export() -> Value {
    export_collection(
        "dev",
        &inst(),
        "cid-123",
        "password",
        Some("admin"),
        &saved(),
    )
}

#[test]
fn export_has_v2_1_shape() {
    let c = export();
    assert_eq!(c["info"]["schema"], POSTMAN_SCHEMA);
    assert_eq!(c["info"]["name"], "dev (Snowpost)");
    let id = c["info"]["_postman_id"].as_str().unwrap();
    assert_eq!(id.len(), 36);
    assert_eq!(
        id.split('-').map(str::len).collect::<Vec<_>>(),
        vec![8, 4, 4, 4, 12]
    );
    assert_eq!(&id[14..15], "8", "version nibble");
    assert_eq!(id, export()["info"]["_postman_id"], "deterministic");
    assert_ne!(
        id,
        export_collection("prod", &inst(), "cid-123", "password", None, &[])["info"]["_postman_id"]
    );

    let first = &c["item"][0];
    assert_eq!(first["name"], "List P1 & P2");
    assert_eq!(first["request"]["method"], "GET");
    assert_eq!(
        first["request"]["url"],
        json!({
            "raw": "{{instance_url}}/api/now/table/incident?sysparm_query=active=true^priority<=2^short_descriptionLIKE50%25%20off%2Bmore%231&sysparm_limit=5",
            "host": ["{{instance_url}}"],
            "path": ["api", "now", "table", "incident"],
            "query": [
                {"key": "sysparm_query", "value": "active=true^priority<=2^short_descriptionLIKE50%25%20off%2Bmore%231"},
                {"key": "sysparm_fields", "value": "number,short_description", "disabled": true},
                {"key": "sysparm_limit", "value": "5"}
            ]
        })
    );
    assert_eq!(
        first["request"]["header"],
        json!([
            {"key": "Accept", "value": "application/json", "type": "text"},
            {"key": "X-Trace", "value": "t 1", "type": "text"},
            {"key": "X-Off", "value": "1", "type": "text", "disabled": true}
        ])
    );
    assert!(first["request"].get("body").is_none());
    let create = &c["item"][1]["request"];
    assert_eq!(create["body"]["mode"], "raw");
    assert_eq!(create["body"]["options"]["raw"]["language"], "json");
    assert_eq!(
        c["item"][2]["request"]["header"][0]["value"],
        "application/xml"
    );
    assert_eq!(
        c["item"][2]["request"]["url"]["path"],
        json!([
            "api",
            "now",
            "table",
            "incident",
            "0123456789abcdef0123456789abcdef"
        ])
    );
    assert_eq!(
        c["item"][4]["request"]["body"]["options"]["raw"]["language"],
        "xml"
    );
    assert_eq!(
        c["variable"],
        json!([
            {"key": "instance_url", "value": "https://dev1.service-now.com", "type": "string"},
            {"key": "client_id", "value": "cid-123", "type": "string"},
            {"key": "grant_type", "value": "password", "type": "string"},
            {"key": "username", "value": "admin", "type": "string"}
        ])
    );
}

#[test]
fn the_collection_gets_its_own_token() {
    let c = export();
    assert_eq!(
        c["auth"],
        json!({"type": "bearer", "bearer": [
            {"key": "token", "value": "{{snowpost_access_token}}", "type": "string"}
        ]})
    );
    let events = c["event"].as_array().unwrap();
    assert_eq!(events[0]["listen"], "prerequest");
    assert_eq!(events[1]["listen"], "test");
    let script = events[0]["script"]["exec"]
        .as_array()
        .unwrap()
        .iter()
        .map(|l| l.as_str().unwrap())
        .collect::<Vec<_>>()
        .join("\n");
    for needle in [
        "/oauth_token.do",
        "pm.sendRequest",
        "grant_type: 'refresh_token'",
        "pm.variables.get(k)",
    ] {
        assert!(script.contains(needle), "{needle}");
    }
    let cc = export_collection("svc", &inst(), "cid", "client_credentials", None, &[]);
    let vars = cc["variable"].to_string();
    assert!(vars.contains(r#""key":"grant_type","value":"client_credentials""#));
    assert!(!vars.contains("username"));
    let code = export_collection("web", &inst(), "cid", "authorization_code", None, &[]);
    assert!(code["info"]["description"]
        .as_str()
        .unwrap()
        .contains("client_secret, refresh_token, access_token"));
}

#[test]
fn credential_headers_never_leave() {
    let mut reqs = saved();
    reqs[0].request.headers.extend([
        kv("Authorization", "Bearer tok-LEAK-1", true),
        kv("X-API-Key", "key-LEAK-2", true),
        kv("Cookie", "JSESSIONID=LEAK-3", false),
    ]);
    let c = export_collection("dev", &inst(), "cid", "password", Some("admin"), &reqs);
    let text = c.to_string();
    for leak in ["LEAK-1", "LEAK-2", "LEAK-3"] {
        assert!(!text.contains(leak), "{leak} exported");
    }
    let headers = &c["item"][0]["request"]["header"];
    assert!(headers
        .to_string()
        .contains(r#""key":"X-API-Key","value":"{{x_api_key}}""#));
    assert!(!headers.to_string().contains("Authorization"));
}

#[test]
fn environment_has_empty_secrets() {
    let e = export_environment("dev", &inst(), "cid-123", "password", Some("admin"));
    assert_eq!(e["_postman_variable_scope"], "environment");
    assert_eq!(e["name"], "dev (Snowpost)");
    let values: Vec<(&str, &str, &str)> = e["values"]
        .as_array()
        .unwrap()
        .iter()
        .map(|v| {
            assert_eq!(v["enabled"], true);
            (
                v["key"].as_str().unwrap(),
                v["value"].as_str().unwrap(),
                v["type"].as_str().unwrap(),
            )
        })
        .collect();
    assert_eq!(
        values,
        vec![
            ("instance_url", "https://dev1.service-now.com", "default"),
            ("client_id", "cid-123", "default"),
            ("grant_type", "password", "default"),
            ("username", "admin", "default"),
            ("client_secret", "", "secret"),
            ("password", "", "secret"),
        ]
    );
    assert_ne!(e["id"], export()["info"]["_postman_id"]);
}

#[test]
fn export_then_import_gives_the_same_requests() {
    let text = serde_json::to_string_pretty(&export()).unwrap();
    let back = import_collection(&text, &inst()).unwrap();
    let original = serde_json::to_value(saved()).unwrap();
    assert_eq!(serde_json::to_value(&back).unwrap(), original);
    // …also after the URL's own query string is the only copy of the parameters.
    let mut c = export();
    c["item"][3]["request"]["url"] =
        json!("{{instance_url}}/api/now/stats/incident?sysparm_count=true");
    let back = import_collection(&c.to_string(), &inst()).unwrap();
    assert_eq!(
        rows(&back[3].request.params),
        vec![("sysparm_count", "true", true)]
    );
}

#[test]
fn imports_a_postman_made_collection() {
    let got = import_collection(FIXTURE, &inst()).unwrap();
    let names: Vec<&str> = got.iter().map(|s| s.name.as_str()).collect();
    assert_eq!(
        names,
        vec![
            "Incidents / List active",
            "Incidents / Create",
            "Incidents / Closed / Delete one",
            "Stats as XML",
            "Import set row",
            "Who am I",
        ]
    );
    let list = &got[0].request;
    assert_eq!(
        (list.target, list.table.as_str()),
        (RequestTarget::Table, "incident")
    );
    assert_eq!(
        rows(&list.params),
        vec![
            (
                "sysparm_query",
                "active=true^ORDERBYDESCsys_created_on",
                true
            ),
            ("sysparm_limit", "10", true),
            ("sysparm_fields", "number", false),
        ]
    );
    // Accept is the field; Authorization is left for `scrub`, which drops it and says so.
    let (stored, report) = crate::workbench::scrub(list);
    assert!(stored.headers.is_empty(), "{:?}", stored.headers);
    assert_eq!(report.dropped, ["header Authorization"]);

    let create = &got[1].request;
    assert_eq!(
        (create.method.as_str(), create.target),
        ("POST", RequestTarget::Table)
    );
    let (stored, report) = crate::workbench::scrub(create);
    assert_eq!(
        rows(&stored.headers),
        vec![("X-Client-Token", "{{client_token}}", true)],
        "a literal API key is dropped, a variable reference kept"
    );
    assert_eq!(report.dropped, ["header X-API-Key"]);
    assert!(create.body.as_deref().unwrap().contains("Printer on fire"));

    let delete = &got[2].request;
    assert_eq!(
        (delete.method.as_str(), delete.target, delete.path.as_str()),
        (
            "DELETE",
            RequestTarget::Path,
            "/api/now/table/incident/{{sys_id}}"
        )
    );

    let stats = &got[3].request;
    assert_eq!(
        (stats.path.as_str(), stats.accept),
        ("/api/now/stats/incident", Accept::Xml)
    );
    assert_eq!(rows(&stats.headers), vec![("X-Trace", "t-1", true)]);

    let import = &got[4].request;
    assert_eq!(import.path, "/api/x_acme_app/v1/staging");
    assert_eq!(import.body.as_deref(), Some("u_name=a%26b+c"));
    assert_eq!(
        rows(&import.headers),
        vec![("Content-Type", "application/x-www-form-urlencoded", true)]
    );
    assert_eq!(got[5].request.path, "/api/now/ui/user/current_user");

    let stored: Vec<_> = got
        .iter()
        .map(|r| crate::workbench::scrub(&r.request).0)
        .collect();
    let json = serde_json::to_string(&stored).unwrap();
    for secret in ["7gh3Vx-literal-token", "k-9Q2literal"] {
        assert!(!json.contains(secret));
    }
}

#[test]
fn foreign_hosts_and_unsupported_bodies_are_listed() {
    let c = json!({
        "info": {"name": "x", "schema": POSTMAN_SCHEMA},
        "variable": [{"key": "other", "value": "https://prod.service-now.com"}],
        "item": [
            {"name": "ok", "request": "https://dev1.service-now.com/api/now/table/incident"},
            {"name": "elsewhere", "request": {"method": "GET", "url": "https://evil.example.com/steal"}},
            {"name": "shell", "request": {"method": "GET $(id)", "url": "https://dev1.service-now.com/api"}},
            {"name": "userinfo", "request": {"method": "GET", "url": {"raw": "https://admin:pw@dev1.service-now.com/api"}}},
            {"name": "F", "item": [
                {"name": "prod", "request": {"url": {"raw": "{{other}}/api", "host": ["{{other}}"], "path": ["api"]}}},
                {"name": "upload", "request": {"method": "POST", "url": "{{instance_url}}/api/now/attachment/upload",
                    "body": {"mode": "formdata", "formdata": []}}}
            ]}
        ]
    });
    let e = import_collection(&c.to_string(), &inst())
        .unwrap_err()
        .to_string();
    assert!(e.contains("5 request(s) cannot be imported"), "{e}");
    assert!(
        e.contains("userinfo: its URL carries a user name or password"),
        "{e}"
    );
    assert!(
        e.contains("shell: method: \"GET $(id)\" is not an HTTP method"),
        "{e}"
    );
    assert!(e.contains("elsewhere: it is on evil.example.com"), "{e}");
    assert!(
        e.contains("F / prod: {{other}} is prod.service-now.com"),
        "{e}"
    );
    assert!(e.contains("F / upload: its body is formdata"), "{e}");
    assert!(!e.contains("ok:"));
}

#[test]
fn not_a_collection() {
    let err = |s: &str| import_collection(s, &inst()).unwrap_err().to_string();
    assert!(err("{nope").contains("is not JSON"));
    assert!(err(r#"{"item": []}"#).contains("no info.schema"));
    assert!(err(r#"{"info": {"schema": "https://schema.getpostman.com/json/collection/v1.0.0/collection.json"}, "requests": []}"#)
        .contains("export it from Postman as Collection v2.1"));
    assert!(
        err(&format!(r#"{{"info": {{"schema": "{POSTMAN_SCHEMA}"}}}}"#)).contains("no item list")
    );
    let mut deep = json!({"name": "leaf", "request": "{{instance_url}}/x"});
    for _ in 0..40 {
        deep = json!({"name": "f", "item": [deep]});
    }
    let doc = json!({"info": {"schema": POSTMAN_SCHEMA}, "item": [deep]});
    assert!(err(&doc.to_string()).contains("nested more than"));
}

#[test]
fn query_decoding_is_what_a_server_reads() {
    assert_eq!(form_decode("a%3Db+c%2B%zz%4"), "a=b c+%zz%4");
    assert_eq!(form_decode("%E2%82%AC"), "€");
    assert_eq!(
        encode_query_part("a=b&c #+%", true),
        "a%3Db%26c%20%23%2B%25"
    );
    assert_eq!(encode_query_part("a=b^c<=d", false), "a=b^c<=d");
}

#[test]
fn a_url_elsewhere_is_exported_without_the_token() {
    let away = SavedRequest {
        name: "Webhook".into(),
        request: RequestInput {
            method: "POST".into(),
            path: "https://hooks.example.com/in?x=1".into(),
            params: vec![kv("y", "2", true)],
            ..RequestInput::empty()
        },
    };
    let relative = SavedRequest {
        name: "No slash".into(),
        request: RequestInput {
            path: "api/now/stats/incident".into(),
            ..RequestInput::empty()
        },
    };
    let c = export_collection("dev", &inst(), "c", "password", None, &[away, relative]);
    let item = &c["item"][0]["request"];
    assert_eq!(
        item["url"],
        json!({"raw": "https://hooks.example.com/in?x=1&y=2"})
    );
    assert_eq!(item["auth"], json!({"type": "noauth"}));
    assert_eq!(
        c["item"][1]["request"]["url"]["raw"],
        "{{instance_url}}/api/now/stats/incident"
    );
    assert!(import_collection(&c.to_string(), &inst())
        .unwrap_err()
        .to_string()
        .contains("Webhook: it is on hooks.example.com"));
}

#[test]
fn odd_shapes_are_read_or_refused_never_a_panic() {
    let doc = |item: Value| json!({"info": {"schema": POSTMAN_SCHEMA}, "item": item});
    let docs = [
        doc(json!([1, "x", null, {"name": 3}])),
        doc(json!([{"request": 42}])),
        doc(json!([{"request": {"url": 7, "header": 5, "body": "raw"}}])),
        doc(
            json!([{"request": {"url": {"host": 1, "path": [1, {"value": 2}], "query": {"a": 1}}}}]),
        ),
        doc(json!([{"request": {"url": {"raw": "{{instance_url}}:x/é?%zz=%&=#frag"}}}])),
    ];
    for d in docs {
        let _ = import_collection(&d.to_string(), &inst());
    }
    let mut odd_variable = doc(json!([{"request": "{{u}}/x"}]));
    odd_variable["variable"] = json!([{"key": "u", "value": 5}]);
    let got = import_collection(&odd_variable.to_string(), &inst()).unwrap();
    assert_eq!(
        got[0].request.path, "/x",
        "a variable that is not text is the instance"
    );
}
