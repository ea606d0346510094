//! `snowpost apis` against a real `snowpost sandbox` and its seeded Scripted REST API.

mod common;

use common::*;

#[test]
fn lists_the_scripted_rest_api_and_calls_its_operations() {
    let sandbox = Sandbox::start(&[]);
    let mut cli = Cli::new();
    let p = cli.profile(&sandbox);

    let apis = ok(&cli.run(&["apis", &p, "--search", "incident_tools"]));
    let api = &apis[0];
    assert_eq!(api["namespace"], "x_snc_demo");
    assert_eq!(api["api_id"], "incident_tools");
    assert_eq!(api["versions"], serde_json::json!(["v1"]));
    let escalate = api["operations"]
        .as_array()
        .unwrap()
        .iter()
        .find(|o| o["name"] == "Escalate")
        .unwrap();
    assert_eq!(escalate["http_method"], "POST");
    assert_eq!(escalate["path_params"], serde_json::json!(["sys_id"]));
    assert_eq!(
        ok(&cli.run(&["apis", &p, "--search", "no such api"])),
        serde_json::json!([])
    );

    let summary = ok(&cli.run(&["apis", &p, "call", "incident_tools", "Summary"]));
    assert!(summary["result"]["active"].is_string(), "{summary}");

    let created = ok(&cli.run(&[
        "table",
        &p,
        "create",
        "incident",
        "--data",
        r#"{"short_description":"slow VPN"}"#,
    ]));
    let id = created["result"]["sys_id"].as_str().unwrap().to_string();
    let param = format!("sys_id={id}");
    let escalated = ok(&cli.run(&[
        "apis",
        &p,
        "call",
        "incident_tools",
        "Escalate",
        "--path-param",
        &param,
        "--data",
        r#"{"reason":"VIP caller"}"#,
    ]));
    assert_eq!(escalated["result"]["priority"], "1");
    assert_eq!(escalated["result"]["reason"], "VIP caller");

    let missing = cli.run(&["apis", &p, "call", "incident_tools", "Escalate"]);
    assert_ne!(missing.status.code(), Some(0));
    assert!(
        stderr(&missing).contains("needs {sys_id}"),
        "{}",
        stderr(&missing)
    );
    let unknown = cli.run(&["apis", &p, "call", "incident_tools", "Nope"]);
    assert!(stderr(&unknown).contains("Summary"), "{}", stderr(&unknown));
}
