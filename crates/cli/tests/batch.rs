//! `snowpost batch` against a real `snowpost sandbox`: several requests in one round trip.

mod common;

use common::*;
use serde_json::Value;

const SHORT: &str = "Batch \u{e9}t\u{e9} \u{1f680} \"quoted\" \\ back";

fn save(cli: &Cli, profile: &str, name: &str, method: &str, path: &str, data: Option<&str>) {
    let mut args = vec!["saved", "save", profile, name, method, path];
    if let Some(d) = data {
        args.extend(["--data", d]);
    }
    ok(&cli.run(&args));
}

#[test]
fn saved_requests_go_as_one_batch_and_a_404_inside_fails_the_run() {
    let sandbox = Sandbox::start(&[]);
    let mut cli = Cli::new();
    let p = cli.profile(&sandbox);
    let body = serde_json::json!({ "short_description": SHORT }).to_string();
    save(
        &cli,
        &p,
        "create",
        "POST",
        "/api/now/table/incident",
        Some(&body),
    );
    save(
        &cli,
        &p,
        "list",
        "GET",
        "/api/now/table/incident?sysparm_limit=1",
        None,
    );
    let missing = "/api/now/table/incident/0000000000000000000000000000dead";
    save(&cli, &p, "missing", "GET", missing, None);

    let before = api_requests(&sandbox);
    let out = ok(&cli.run(&["batch", &p, "create", "list"]));
    assert_eq!(api_requests(&sandbox) - before, 1, "one round trip");
    let items = out["serviced"].as_array().unwrap();
    assert_eq!(items.len(), 2);
    assert_eq!(
        (items[0]["name"].as_str(), items[0]["status"].as_u64()),
        (Some("create"), Some(201))
    );
    assert_eq!(items[0]["body"]["result"]["short_description"], SHORT);
    assert_eq!(items[1]["status"], 200);
    assert!(stderr(&cli.run(&["batch", &p, "list"])).contains("1 serviced, 0 unserviced"));

    let out = cli.run(&["batch", &p, "list", "missing"]);
    assert_eq!(out.status.code(), Some(1), "{}", stderr(&out));
    let v: Value = serde_json::from_str(&stdout(&out)).unwrap();
    assert_eq!(v["serviced"][1]["status"], 404);
    assert_eq!(
        v["serviced"][1]["body"]["error"]["message"],
        "No Record found"
    );
    assert!(stderr(&out).contains("No Record found"), "{}", stderr(&out));
}

#[test]
fn unserviced_items_are_retried_once_then_reported() {
    let sandbox = Sandbox::start(&["--batch-max-items", "1"]);
    let mut cli = Cli::new();
    let p = cli.profile(&sandbox);
    let file = cli.dir.path().join("batch.json");
    let get = r#"{"method":"GET","path":"/api/now/table/incident?sysparm_limit=1"}"#;
    std::fs::write(&file, format!("[{get},{get},{get}]")).unwrap();

    let before = api_requests(&sandbox);
    let out = cli.run(&["batch", &p, "--from", file.to_str().unwrap()]);
    assert_eq!(out.status.code(), Some(1), "{}", stderr(&out));
    assert_eq!(
        api_requests(&sandbox) - before,
        2,
        "the batch and one retry"
    );
    let v: Value = serde_json::from_str(&stdout(&out)).unwrap();
    assert_eq!(v["serviced"].as_array().map(Vec::len), Some(2));
    assert_eq!(v["serviced"][1]["id"], "2");
    assert_eq!(v["unserviced"], serde_json::json!(["3"]));
    assert_eq!(v["retried"], 2);
    assert!(stderr(&out).contains("unserviced"), "{}", stderr(&out));

    std::fs::write(&file, "[{\"path\":\"/x\"}]").unwrap();
    let bad = cli.run(&["batch", &p, "--from", file.to_str().unwrap()]);
    assert_eq!(bad.status.code(), Some(2));
    assert!(stderr(&bad).contains("no HTTP method"), "{}", stderr(&bad));
}

/// A `{{password}}` inside an item is filled from the keychain before the item is encoded
/// (the instance gets the password), and the batch kept in history still says `{{password}}`.
#[test]
fn secret_variables_in_items_are_filled_and_never_kept() {
    let sandbox = Sandbox::start(&[]);
    let mut cli = Cli::new();
    let p = cli.profile(&sandbox);
    let body = r#"{"short_description":"{{password}}"}"#;
    save(
        &cli,
        &p,
        "mine",
        "POST",
        "/api/now/table/incident",
        Some(body),
    );
    let out = ok(&cli.run(&["batch", &p, "mine"]));
    assert_eq!(
        out["serviced"][0]["body"]["result"]["short_description"],
        "sandbox-password"
    );
    let history = ok(&cli.run(&["history", "--profile", &p]));
    let batch = history
        .as_array()
        .unwrap()
        .iter()
        .find(|e| {
            e["url"]
                .as_str()
                .unwrap_or("")
                .ends_with("/api/now/v1/batch")
        })
        .expect("the batch is in history");
    let kept = batch["request"]["body"].as_str().unwrap_or_default();
    let encoded = |s: &str| {
        use base64::Engine;
        base64::engine::general_purpose::STANDARD.encode(s)
    };
    assert!(kept.contains(&encoded(body)), "{kept}");
    for e in history.as_array().unwrap() {
        let request = e["request"].to_string();
        assert!(!request.contains("sandbox-password"), "{request}");
        let filled = body.replace("{{password}}", "sandbox-password");
        assert!(!request.contains(&encoded(&filled)), "{request}");
    }
}
