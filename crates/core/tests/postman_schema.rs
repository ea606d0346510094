//! Exported Postman collections validate against Postman's own v2.1.0 schema (a local copy,
//! draft-07), and no export carries a secret.

use jsonschema::Draft;
use serde_json::{json, Value};
use snowpost_core::views::{KeyValue, RequestInput, RequestTarget};
use snowpost_core::workbench::{
    export_collection, export_environment, import_collection, SavedRequest, POSTMAN_SCHEMA,
};
use snowpost_core::{Accept, Instance};

const SCHEMA: &str = include_str!("fixtures/postman-collection-v2.1.0.schema.json");
const SECRETS: &[&str] = &[
    "cl13nt-S3cret",
    "p@ssw0rd!",
    "Bearer tok-Xyz",
    "key-42-secret",
];

/// Every `$ref` in the schema, so a remote one is caught before any validator sees it.
fn refs<'a>(v: &'a Value, out: &mut Vec<&'a str>) {
    match v {
        Value::Object(map) => {
            for (k, val) in map {
                match (k.as_str(), val) {
                    ("$ref", Value::String(r)) => out.push(r),
                    _ => refs(val, out),
                }
            }
        }
        Value::Array(items) => items.iter().for_each(|i| refs(i, out)),
        _ => {}
    }
}

fn validator() -> jsonschema::Validator {
    let schema: Value = serde_json::from_str(SCHEMA).expect("the schema fixture is JSON");
    assert_eq!(
        schema["$schema"], "http://json-schema.org/draft-07/schema#",
        "the fixture is expected to be draft-07"
    );
    let mut found = Vec::new();
    refs(&schema, &mut found);
    let remote: Vec<_> = found.iter().filter(|r| !r.starts_with('#')).collect();
    assert!(
        remote.is_empty(),
        "the schema has remote $refs {remote:?}: this test never fetches; vendor them instead"
    );
    // `offline()`: even a $ref missed above fails to build instead of being fetched.
    jsonschema::options()
        .with_draft(Draft::Draft7)
        .offline()
        .build(&schema)
        .expect("the v2.1.0 schema compiles offline")
}

fn assert_valid(doc: &Value) {
    let v = validator();
    let errors: Vec<String> = v
        .iter_errors(doc)
        .map(|e| format!("{} at {}", e, e.instance_path()))
        .collect();
    assert!(
        errors.is_empty(),
        "not a valid v2.1 collection:\n{}",
        errors.join("\n")
    );
}

fn kv(key: &str, value: &str) -> KeyValue {
    KeyValue {
        key: key.into(),
        value: value.into(),
        enabled: true,
    }
}

fn requests() -> Vec<SavedRequest> {
    let base = RequestInput::empty();
    vec![
        SavedRequest {
            name: "Open P1".into(),
            request: RequestInput {
                target: RequestTarget::Table,
                table: "incident".into(),
                path: "/api/now/table/incident".into(),
                params: vec![
                    kv(
                        "sysparm_query",
                        "active=true^priority=1^ORDERBYDESCsys_created_on",
                    ),
                    KeyValue {
                        enabled: false,
                        ..kv("sysparm_fields", "number")
                    },
                ],
                ..base.clone()
            },
        },
        SavedRequest {
            name: "Create".into(),
            request: RequestInput {
                method: "POST".into(),
                target: RequestTarget::Table,
                table: "incident".into(),
                path: "/api/now/table/incident".into(),
                body: Some(r#"{"short_description":"Printer on fire","urgency":"2"}"#.into()),
                headers: vec![
                    kv("Authorization", SECRETS[2]),
                    kv("X-API-Key", SECRETS[3]),
                    kv("X-no-response-body", "false"),
                ],
                ..base.clone()
            },
        },
        SavedRequest {
            name: "One as XML".into(),
            request: RequestInput {
                target: RequestTarget::Table,
                table: "incident".into(),
                sys_id: Some("0123456789abcdef0123456789abcdef".into()),
                path: "/api/now/table/incident/0123456789abcdef0123456789abcdef".into(),
                accept: Accept::Xml,
                ..base.clone()
            },
        },
        SavedRequest {
            name: "Aggregate".into(),
            request: RequestInput {
                path: "/api/now/stats/incident".into(),
                params: vec![kv("sysparm_count", "true")],
                ..base.clone()
            },
        },
        SavedRequest {
            name: "Import XML".into(),
            request: RequestInput {
                method: "POST".into(),
                path: "/api/now/import/u_staging".into(),
                body: Some("<request><u_name>x</u_name></request>".into()),
                accept: Accept::Xml,
                ..base
            },
        },
    ]
}

#[test]
fn exported_collections_match_the_v2_1_schema() {
    let instance = Instance::parse("dev12345").unwrap();
    for (grant, user) in [("password", Some("admin")), ("client_credentials", None)] {
        let c = export_collection("dev", &instance, "62d1cid", grant, user, &requests());
        assert_eq!(c["info"]["schema"], POSTMAN_SCHEMA);
        assert_valid(&c);
    }
    assert_valid(&export_collection(
        "empty",
        &instance,
        "c",
        "password",
        None,
        &[],
    ));
}

#[test]
fn the_validator_really_checks() {
    let instance = Instance::parse("dev12345").unwrap();
    let mut c = export_collection("dev", &instance, "c", "password", None, &requests());
    c["item"][0]["request"]["header"][0] = json!({"value": "no key"});
    assert!(!validator().is_valid(&c));
    c = json!({"info": {"name": "x"}, "item": []});
    assert!(!validator().is_valid(&c), "info.schema is required");
}

#[test]
fn no_secret_in_any_export() {
    let instance = Instance::parse("dev12345").unwrap();
    let collection = export_collection(
        "dev",
        &instance,
        "62d1cid",
        "password",
        Some("admin"),
        &requests(),
    );
    let environment = export_environment("dev", &instance, "62d1cid", "password", Some("admin"));
    for (what, doc) in [("collection", &collection), ("environment", &environment)] {
        let text = serde_json::to_string(doc).unwrap();
        for s in SECRETS {
            assert!(!text.contains(s), "{what} contains {s}");
        }
    }
    for entry in environment["values"].as_array().unwrap() {
        if entry["type"] == "secret" {
            assert_eq!(entry["value"], "", "{entry}");
        }
    }
    // The token is a variable the collection's script sets while it runs, never a value.
    assert_eq!(
        collection["auth"]["bearer"][0]["value"],
        "{{snowpost_access_token}}"
    );
    // The round trip keeps every request but never brings a credential back.
    let back = import_collection(&collection.to_string(), &instance).unwrap();
    assert_eq!(back.len(), requests().len());
    let text = serde_json::to_string(&back).unwrap();
    assert!(SECRETS.iter().all(|s| !text.contains(s)));
}
