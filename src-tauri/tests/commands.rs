//! Every command adapter through Tauri's IPC on the mock runtime, with the app's real config
//! and capability (so a command missing from the capability fails here), the real keychain
//! and the sandbox over loopback.

mod harness;

use harness::Harness;
use serde_json::{json, Value};
use snowpost_desktop::state::AppState;
use tauri::Manager;

const SECRETS: [&str; 2] = [
    snowpost_sandbox::DEFAULT_CLIENT_SECRET,
    snowpost_sandbox::DEFAULT_PASSWORD,
];

fn assert_no_secret(what: &str, v: &Value, extra: &[&str]) {
    let text = v.to_string();
    for s in SECRETS.iter().chain(extra) {
        assert!(!text.contains(s), "{what} carries a secret: {text}");
    }
}

/// The seed's flow through the command surface; one test, since "Sandbox" is one keychain name.
#[test]
fn sandbox_token_incident_and_viewer() {
    let h = Harness::new();
    let mut seen = Vec::new();
    let mut record = |name: &str, v: Value| {
        seen.push((name.to_string(), v.clone()));
        v
    };

    let profile = record("start_sandbox", h.ok("start_sandbox", json!({})));
    assert_eq!(profile["name"], "Sandbox");
    assert_eq!(
        profile["secrets"],
        json!({"client_secret": true, "password": true, "refresh_token": false, "private_key": true, "keychain_error": null})
    );
    assert!(profile["instance"]
        .as_str()
        .unwrap()
        .starts_with("http://127.0.0.1:"));
    let list = record("list_profiles", h.ok("list_profiles", json!({})));
    assert_eq!(list.as_array().unwrap().len(), 1);

    let form = record(
        "token_form",
        h.ok(
            "token_form",
            json!({"profile": "Sandbox", "grant": "password"}),
        ),
    );
    let rows = form["rows"].clone();
    assert_eq!(
        rows[2],
        json!({"key": "client_secret", "value": null, "secret": true, "enabled": true})
    );
    let mut edited = rows.as_array().unwrap().clone();
    edited.push(json!({"key": "scope", "value": "useraccount", "secret": false, "enabled": true}));
    let preview = record(
        "preview_token_request",
        h.ok(
            "preview_token_request",
            json!({"profile": "Sandbox", "grant": "password", "rows": edited}),
        ),
    );
    assert!(preview["body"]
        .as_str()
        .unwrap()
        .contains("client_secret=********"));
    assert!(preview["body"]
        .as_str()
        .unwrap()
        .ends_with("&scope=useraccount"));

    let token = record(
        "send_token_request",
        h.ok(
            "send_token_request",
            json!({"profile": "Sandbox", "grant": "password", "rows": edited}),
        ),
    );
    assert_eq!(token["summary"]["token_type"], "Bearer");
    assert_eq!(token["summary"]["has_refresh_token"], true);
    assert!(
        token["summary"]["expires_at"].as_u64().unwrap()
            > token["summary"]["obtained_at"].as_u64().unwrap()
    );
    let status = record(
        "token_status",
        h.ok("token_status", json!({"profile": "Sandbox"})),
    );
    assert_eq!(status["masked"], token["masked"]);

    let refresh_form = record(
        "token_form",
        h.ok(
            "token_form",
            json!({"profile": "Sandbox", "grant": "refresh_token"}),
        ),
    );
    let refresh_row = refresh_form["rows"]
        .as_array()
        .unwrap()
        .iter()
        .find(|r| r["key"] == "refresh_token")
        .cloned();
    assert_eq!(
        refresh_row,
        Some(json!({"key": "refresh_token", "value": null, "secret": true, "enabled": true}))
    );

    let created = record("create_incident", h.ok("create_incident", json!({"profile": "Sandbox", "fields": {"short_description": "From the app", "urgency": "2", "impact": "2"}})));
    assert_eq!(created["status"], 201);
    assert_eq!(created["incident"]["number"], "INC0010001");
    assert_eq!(created["incident"]["priority"], "3");
    assert_eq!(created["body_kind"], "json");
    let page = record(
        "response_page",
        h.ok(
            "response_page",
            json!({"id": created["id"], "pretty": true, "start": 0, "count": 3}),
        ),
    );
    assert_eq!(page["lines"][0], "{");
    let hits = h.ok(
        "search_response",
        json!({"id": created["id"], "pretty": true, "query": "inc0010001"}),
    );
    assert_eq!(hits.as_array().unwrap().len(), 1);
    assert!(page["total"].as_u64().unwrap() > 10);

    let input = json!({"method": "GET", "target": "table", "table": "incident", "sys_id": null, "path": "", "params": [{"key": "sysparm_limit", "value": "1", "enabled": true}], "headers": [], "body": null, "accept": "xml"});
    let listed = record(
        "send_request",
        h.ok(
            "send_request",
            json!({"profile": "Sandbox", "input": input}),
        ),
    );
    assert_eq!(listed["status"], 200);
    assert_eq!(listed["body_kind"], "xml");
    assert_eq!(
        listed["request"]["headers"][1],
        json!(["Authorization", "Bearer [redacted]"])
    );

    let missing = json!({"method": "GET", "target": "table", "table": "incident", "sys_id": "0123456789abcdef0123456789abcdef", "path": "", "params": [], "headers": [], "body": null, "accept": "json"});
    let x = record(
        "send_request",
        h.ok(
            "send_request",
            json!({"profile": "Sandbox", "input": missing}),
        ),
    );
    assert_eq!(
        x["status"], 404,
        "a ServiceNow 4xx is data, not an IPC error"
    );
    assert_eq!(x["diagnosis"]["kind"], "not_found");

    // Only Reveal hands over the token; nothing else carried it, nor any other secret.
    let revealed = h.ok("reveal_access_token", json!({"profile": "Sandbox"}));
    let access = revealed.as_str().unwrap().to_string();
    assert_eq!(access.len(), 86);
    for (name, v) in &seen {
        assert_no_secret(name, v, &[&access]);
    }

    let opened = h
        .call(
            "open_in_browser",
            json!({"url": "https://evil.example.com/x"}),
        )
        .unwrap_err();
    assert_eq!(opened["kind"], "desktop");
    h.ok("delete_profile", json!({"name": "Sandbox"}));
    assert_eq!(h.ok("list_profiles", json!({})), json!([]));
}

#[test]
fn bad_input_rejects_with_kind_message_and_hint() {
    let h = Harness::new();
    assert_eq!(
        h.ok("check_instance", json!({"input": "dev12345"})),
        "https://dev12345.service-now.com"
    );
    let e = h
        .call(
            "check_instance",
            json!({"input": "http://dev12345.service-now.com"}),
        )
        .unwrap_err();
    assert_eq!(e["kind"], "invalid_instance");
    assert!(e["message"].as_str().unwrap().contains("http://"));
    assert!(e["hint"].as_str().unwrap().contains("dev12345"));
    assert_eq!(e["causes"], json!([]));

    let name = format!("cmd-{}", std::process::id());
    let input = json!({"name": name, "instance": "dev1", "client_id": "c", "grant": "password", "username": null, "redirect_uri": null, "scope": null, "client_auth": "body"});
    let e = h
        .call(
            "save_profile",
            json!({"input": input, "isNew": true, "keepSecrets": false}),
        )
        .unwrap_err();
    assert!(
        e["message"].as_str().unwrap().starts_with("username"),
        "{e}"
    );
    let e = h
        .call(
            "token_form",
            json!({"profile": "nobody", "grant": "password"}),
        )
        .unwrap_err();
    assert_eq!(e["kind"], "profile_not_found");
    let e = h
        .call(
            "response_page",
            json!({"id": 99, "pretty": true, "start": 0, "count": 10}),
        )
        .unwrap_err();
    assert!(e["message"].as_str().unwrap().contains("no longer kept"));
}

#[test]
fn profiles_and_write_only_secrets() {
    let h = Harness::new();
    let name = format!("cmd-p-{}", std::process::id());
    let input = json!({"name": name, "instance": "dev1", "client_id": "c", "grant": "password", "username": "admin", "redirect_uri": null, "scope": null, "client_auth": "body"});
    let p = h.ok(
        "save_profile",
        json!({"input": input, "isNew": true, "keepSecrets": false}),
    );
    assert_eq!(p["instance"], "https://dev1.service-now.com");
    let status = h.ok(
        "set_secret",
        json!({"profile": name, "slot": "client_secret", "value": "typed-secret"}),
    );
    assert_eq!(
        status,
        json!({"client_secret": true, "password": false, "refresh_token": false, "private_key": false, "keychain_error": null})
    );
    let copy = h.ok(
        "duplicate_profile",
        json!({"name": name, "newName": format!("{name}-copy")}),
    );
    assert_eq!(copy["secrets"]["client_secret"], true);
    let status = h.ok(
        "clear_secret",
        json!({"profile": name, "slot": "client_secret"}),
    );
    assert_eq!(status["client_secret"], false);
    let list = h.ok("list_profiles", json!({}));
    assert!(!list.to_string().contains("typed-secret"));
    assert_eq!(list.as_array().unwrap().len(), 2);
    let e = h
        .call("reveal_access_token", json!({"profile": name}))
        .unwrap_err();
    assert!(e["message"]
        .as_str()
        .unwrap()
        .contains("send the token request first"));
    h.ok("delete_profile", json!({"name": name}));
    h.ok("delete_profile", json!({"name": format!("{name}-copy")}));
}

/// The clipboard and save dialog live in Rust; their adapters check their input first.
#[test]
fn copy_and_save_refuse_what_does_not_exist() {
    let h = Harness::new();
    let e = h
        .call("copy_access_token", json!({"profile": "nobody"}))
        .unwrap_err();
    assert_eq!(e["kind"], "profile_not_found");
    for cmd in ["copy_response", "save_response"] {
        let e = h.call(cmd, json!({"id": 4242})).unwrap_err();
        assert!(
            e["message"].as_str().unwrap().contains("no longer kept"),
            "{cmd}: {e}"
        );
    }
}

#[test]
fn plugin_commands_are_not_granted_to_the_webview() {
    let h = Harness::new();
    let e = h
        .call("plugin:clipboard-manager|read_text", json!({}))
        .unwrap_err();
    assert!(e.to_string().contains("not allowed"), "{e}");
    let e = h
        .call("plugin:dialog|open", json!({"options": {}}))
        .unwrap_err();
    assert!(e.to_string().contains("not allowed"), "{e}");
}

/// The app's side of the lifecycle promise: two minutes of requests through the command
/// adapters against 5-second tokens, none failing, every renewal one refresh at the instance.
#[test]
fn two_minutes_of_app_requests_with_five_second_tokens() {
    let rt = tokio::runtime::Runtime::new().unwrap();
    let config = snowpost_sandbox::SandboxConfig {
        access_ttl: std::time::Duration::from_secs(5),
        ..Default::default()
    };
    let sandbox = rt
        .block_on(snowpost_sandbox::Sandbox::start(config))
        .unwrap();
    let h = Harness::new();
    let name = format!("cmd-loop-{}", std::process::id());
    let input = json!({"name": name, "instance": sandbox.base_url(), "client_id": "snowpost-sandbox", "grant": "password", "username": "admin", "redirect_uri": null, "scope": null, "client_auth": "body"});
    h.ok(
        "save_profile",
        json!({"input": input, "isNew": true, "keepSecrets": false}),
    );
    h.ok(
        "set_secret",
        json!({"profile": name, "slot": "client_secret", "value": "sandbox-secret"}),
    );
    h.ok(
        "set_secret",
        json!({"profile": name, "slot": "password", "value": "sandbox-password"}),
    );
    let request = json!({"method": "GET", "target": "table", "table": "incident", "sys_id": null, "path": "", "params": [{"key": "sysparm_limit", "value": "1", "enabled": true}], "headers": [], "body": null, "accept": "json"});
    let started = std::time::Instant::now();
    let mut calls = 0;
    while started.elapsed() < std::time::Duration::from_secs(120) {
        let x = h.ok("send_request", json!({"profile": name, "input": request}));
        assert_eq!(x["status"], 200, "call {calls}");
        calls += 1;
        std::thread::sleep(std::time::Duration::from_millis(100));
    }
    let events = h.ok("token_events", json!({"profile": name}));
    let refreshed = events
        .as_array()
        .unwrap()
        .iter()
        .filter(|e| e["kind"] == "refreshed")
        .count() as u64;
    let s = sandbox.stats();
    assert_eq!(
        (s.api_unauthorized, s.token_failures, s.grants_password),
        (0, 0, 1)
    );
    assert_eq!(s.grants_refresh_token, refreshed);
    assert!(
        (55..=61).contains(&refreshed),
        "{refreshed} refreshes in {calls} calls"
    );
    h.ok("revoke_tokens", json!({"profile": name}));
    assert_eq!(sandbox.stats().revocations, 2);
    h.ok("delete_profile", json!({"name": name}));
    rt.block_on(sandbox.shutdown());
}

#[test]
fn history_saved_requests_and_fetch_all() {
    let rt = tokio::runtime::Runtime::new().unwrap();
    let sandbox = rt
        .block_on(snowpost_sandbox::Sandbox::start(Default::default()))
        .unwrap();
    sandbox.seed("u_bulk", 1500);
    let h = Harness::new();
    let name = format!("cmd-wb-{}", std::process::id());
    let input = json!({"name": name, "instance": sandbox.base_url(), "client_id": "snowpost-sandbox", "grant": "password", "username": "admin", "redirect_uri": null, "scope": null, "client_auth": "body"});
    h.ok(
        "save_profile",
        json!({"input": input, "isNew": true, "keepSecrets": false}),
    );
    h.ok(
        "set_secret",
        json!({"profile": name, "slot": "client_secret", "value": "sandbox-secret"}),
    );
    h.ok(
        "set_secret",
        json!({"profile": name, "slot": "password", "value": "sandbox-password"}),
    );
    let list = json!({"method": "GET", "target": "table", "table": "u_bulk", "sys_id": null, "path": "", "params": [{"key": "sysparm_limit", "value": "2", "enabled": true}], "headers": [], "body": null, "accept": "json"});
    h.ok("send_request", json!({"profile": name, "input": list}));

    let history = h.ok(
        "list_history",
        json!({"profile": name, "search": "u_bulk", "limit": 10}),
    );
    assert_eq!(history["skipped"], json!([]));
    let history = &history["rows"];
    assert_eq!(history.as_array().unwrap().len(), 1);
    assert_eq!(history[0]["status"], 200);
    let saved = h.ok(
        "save_request",
        json!({"profile": name, "name": "Bulk", "input": history[0]["request"]}),
    );
    assert_eq!(saved["scrubbed"], json!({"replaced": [], "dropped": []}));
    let listed = h.ok("list_saved", json!({"profile": name}));
    assert_eq!(listed["rows"][0]["name"], "Bulk");

    // "Send as batch": one POST, each answer its own exchange the viewer pages through.
    let missing = json!({"method": "GET", "target": "path", "table": "", "sys_id": null, "path": "/api/now/table/u_bulk/0000000000000000000000000000dead", "params": [], "headers": [], "body": null, "accept": "json"});
    let missing = h.ok(
        "save_request",
        json!({"profile": name, "name": "Missing", "input": missing}),
    );
    let batch = h.ok(
        "send_batch",
        json!({"profile": name, "names": ["Bulk", "Missing"]}),
    );
    assert_eq!(batch["batch"]["status"], 200);
    assert_eq!(batch["unserviced"], json!([]));
    let items = batch["items"].as_array().unwrap();
    assert_eq!(
        (
            items[0]["name"].as_str(),
            items[0]["exchange"]["status"].as_u64()
        ),
        (Some("Bulk"), Some(200))
    );
    assert_eq!(
        (
            items[1]["name"].as_str(),
            items[1]["exchange"]["status"].as_u64()
        ),
        (Some("Missing"), Some(404))
    );
    assert_eq!(
        items[1]["exchange"]["servicenow_error"]["message"],
        "No Record found"
    );
    let page = h.ok(
        "response_page",
        json!({"id": items[0]["exchange"]["id"], "pretty": true, "start": 0, "count": 100}),
    );
    assert!(page.to_string().contains("u_bulk"), "{page}");
    h.ok("delete_saved", json!({"id": missing["row"]["id"]}));

    // Scripted REST: listed from the sys_ws_* tables; an operation is called with its path parameters.
    let apis = h.ok(
        "scripted_apis",
        json!({"profile": name, "search": "incident_tools"}),
    );
    let op = |n: &str| {
        apis[0]["operations"]
            .as_array()
            .unwrap()
            .iter()
            .find(|o| o["name"] == n)
            .unwrap()
            .clone()
    };
    let summary = h.ok(
        "call_scripted_operation",
        json!({"profile": name, "operation": op("Summary"), "pathParams": [], "body": null}),
    );
    assert_eq!(summary["status"], 200);
    let e = h
        .call(
            "call_scripted_operation",
            json!({"profile": name, "operation": op("Escalate"), "pathParams": []}),
        )
        .unwrap_err();
    assert!(
        e["message"].as_str().unwrap().contains("needs {sys_id}"),
        "{e}"
    );

    // The Aggregate builder: a table when the answer is one, the exchange either way.
    let (x, table) = {
        let v = h.ok(
            "aggregate",
            json!({"profile": name, "request": {"table": "u_bulk", "count": true, "group_by": [], "avg": [], "min": [], "max": [], "sum": [], "query": ""}}),
        );
        (v[0].clone(), v[1].clone())
    };
    assert_eq!(x["status"], 200);
    assert_eq!(table, json!({"columns": ["count"], "rows": [["1500"]]}));
    h.ok("delete_saved", json!({"id": saved["row"]["id"]}));
    assert_eq!(
        h.ok("list_saved", json!({"profile": name})),
        json!({"rows": [], "skipped": []})
    );
    assert_eq!(h.ok("clear_history", json!({"profile": name})), 4);

    // The adapter checks the request before it opens a dialog; the streaming part runs here.
    let path_target = json!({"method": "GET", "target": "path", "table": "", "sys_id": null, "path": "/api/now/stats/incident", "params": [], "headers": [], "body": null, "accept": "json"});
    let e = h
        .call(
            "fetch_all",
            json!({"profile": name, "input": path_target, "onProgress": "__CHANNEL__:1"}),
        )
        .unwrap_err();
    assert!(
        e["message"].as_str().unwrap().contains("choose a table"),
        "{e}"
    );
    let state = h._app.state::<AppState>();
    let dir = tempfile::tempdir().unwrap();
    let out = dir.path().join("bulk.csv");
    let table = snowpost_core::TableRequest::list("u_bulk").param("sysparm_limit", "1000");
    let mut pages = 0;
    let done = rt
        .block_on(snowpost_desktop::commands::workbench::fetch_all_to(
            &state,
            &name,
            &table,
            &out,
            |_| pages += 1,
        ))
        .unwrap();
    assert_eq!((done.records, done.pages, pages), (1500, 2, 2));
    assert_eq!(done.path.as_deref(), out.to_str());
    assert_eq!(std::fs::read_to_string(&out).unwrap().lines().count(), 1501);
    h.ok("cancel_fetch_all", json!({}));

    // Import records: the part after the file dialog; results land beside the input.
    let rows = dir.path().join("rows.csv");
    std::fs::write(&rows, "short_description\nimported 1\nimported 2\n").unwrap();
    let options = snowpost_core::workspace::ImportOptions {
        table: "u_bulk".into(),
        concurrency: 2,
        update_key: None,
        confirmed: snowpost_core::guard::Confirmed::No,
        total: None,
    };
    let import = snowpost_desktop::commands::bulk_import::import_from;
    let done = rt
        .block_on(import(&state, &name, options, &rows, &|_| {}))
        .unwrap();
    assert_eq!((done.total, done.inserted, done.failed), (Some(2), 2, 0));
    assert!(dir.path().join("rows.results.ndjson").exists());
    assert_eq!(sandbox.column("u_bulk", "short_description").len(), 1502);
    h.ok("cancel_import_records", json!({}));
    h.ok("delete_profile", json!({"name": name}));
    rt.block_on(sandbox.shutdown());
}

#[test]
fn snippets_curl_import_and_query_builder() {
    let h = Harness::new();
    let name = format!("cmd-snip-{}", std::process::id());
    let input = json!({"name": name, "instance": "dev12345", "client_id": "c", "grant": "password", "username": "admin", "redirect_uri": null, "scope": null, "client_auth": "body"});
    h.ok(
        "save_profile",
        json!({"input": input, "isNew": true, "keepSecrets": false}),
    );
    let list = json!({"method": "GET", "target": "table", "table": "incident", "sys_id": null, "path": "", "params": [{"key": "sysparm_limit", "value": "5", "enabled": true}], "headers": [{"key": "X-Api-Key", "value": "k-777", "enabled": true}], "body": null, "accept": "json"});
    let curl = h.ok(
        "request_snippet",
        json!({"profile": name, "input": list, "language": "curl"}),
    );
    let text = curl.as_str().unwrap();
    assert!(
        text.contains("https://dev12345.service-now.com/api/now/table/incident?sysparm_limit=5"),
        "{text}"
    );
    assert!(
        text.contains("SN_ACCESS_TOKEN") && !text.contains("k-777"),
        "{text}"
    );

    let pasted = "curl -X POST 'https://dev12345.service-now.com/api/now/table/incident' -H 'Authorization: Bearer abc' -H 'Content-Type: application/json' -d '{\"short_description\":\"x\"}'";
    let imported = h.ok("import_curl", json!({"profile": name, "command": pasted}));
    assert_eq!(imported["input"]["target"], "table");
    assert_eq!(imported["input"]["table"], "incident");
    assert_eq!(imported["parsed"]["dropped_authorization"], true);
    assert!(!imported.to_string().contains("Bearer abc"));
    let e = h
        .call(
            "import_curl",
            json!({"profile": name, "command": "curl https://evil.example.com/api"}),
        )
        .unwrap_err();
    assert_eq!(e["kind"], "invalid_input");

    let q = "active=true^priority=1^ORpriority=2^ORDERBYDESCsys_created_on";
    let parsed = h.ok("parse_query", json!({"query": q}));
    assert_eq!(parsed["conditions"].as_array().unwrap().len(), 3);
    assert_eq!(h.ok("encode_query", json!({"query": parsed})), q);

    let e = h
        .call("export_postman", json!({"profile": "nobody"}))
        .unwrap_err();
    assert_eq!(e["kind"], "profile_not_found");
    let e = h
        .call(
            "import_postman",
            json!({"profile": "nobody", "withEnvironment": false}),
        )
        .unwrap_err();
    assert_eq!(e["kind"], "profile_not_found");
    h.ok("delete_profile", json!({"name": name}));
}
