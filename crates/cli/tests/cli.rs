//! The `snowpost` binary end to end: the README walkthrough against `snowpost sandbox`,
//! with secrets in the real keychain.

mod common;

use std::io::Write;
use std::process::Command;

use common::*;
use serde_json::Value;

#[test]
fn readme_walkthrough_token_and_incident() {
    let sandbox = Sandbox::start(&[]);
    let mut cli = Cli::new();
    let p = cli.profile(&sandbox);

    let token = cli.run(&["token", &p]);
    let summary = ok(&token);
    assert_eq!(summary["token_type"], "Bearer");
    assert_eq!(summary["expires_in"], 1799);
    assert_eq!(summary["has_refresh_token"], true);
    assert!(
        summary.get("access_token").is_none(),
        "the token itself only with --show"
    );
    assert!(
        stderr(&token).contains("client_secret=********"),
        "the preview is masked"
    );
    assert!(!stderr(&token).contains("sandbox-secret"));
    let shown = ok(&cli.run(&["token", &p, "--show"]));
    assert_eq!(shown["access_token"].as_str().unwrap().len(), 86);

    let created = cli.run(&[
        "table",
        &p,
        "create",
        "incident",
        "--data",
        r#"{"short_description":"Printer on fire","urgency":"2","impact":"2"}"#,
    ]);
    let rec = ok(&created)["result"].clone();
    assert_eq!(rec["number"], "INC0010001");
    assert_eq!(rec["priority"], "3");
    assert!(
        stderr(&created).starts_with("201 Created · POST "),
        "{}",
        stderr(&created)
    );
    let id = rec["sys_id"].as_str().unwrap();

    let data = cli.dir.path().join("patch.json");
    std::fs::write(&data, r#"{"state":"2"}"#).unwrap();
    let upd = ok(&cli.run(&[
        "table",
        &p,
        "update",
        "incident",
        id,
        "--data",
        &format!("@{}", data.display()),
    ]));
    assert_eq!(upd["result"]["state"], "2");
    let got = ok(&cli.run(&["table", &p, "get", "incident", id]));
    assert_eq!(got["result"]["sys_mod_count"], "1");
    let list = cli.run(&[
        "table",
        &p,
        "list",
        "incident",
        "--query",
        "state=2",
        "--fields",
        "number,state",
        "--limit",
        "5",
    ]);
    assert_eq!(
        ok(&list)["result"],
        serde_json::json!([{"number":"INC0010001","state":"2"}])
    );
    assert!(stderr(&list).contains("1 records"));
    let xml = cli.run(&["table", &p, "get", "incident", id, "--accept", "xml"]);
    assert!(xml.status.success());
    assert!(stdout(&xml).contains("<number>INC0010001</number>"));
    let stats = ok(&cli.run(&["request", &p, "GET", "/api/now/stats/incident"]));
    assert_eq!(stats["result"]["stats"]["count"], "1");
    let del = cli.run(&["table", &p, "delete", "incident", id]);
    assert!(del.status.success() && stdout(&del).is_empty());

    let missing = cli.run(&["table", &p, "get", "incident", id]);
    assert_eq!(missing.status.code(), Some(1), "a 404 is not a success");
    assert!(stdout(&missing).contains("No Record found"));
    assert!(
        stderr(&missing).contains("not_found"),
        "{}",
        stderr(&missing)
    );

    assert_no_secret_in(
        cli.dir.path(),
        &[
            "sandbox-secret",
            "sandbox-password",
            shown["access_token"].as_str().unwrap(),
        ],
    );
}

#[test]
fn profiles_show_secret_status_never_values() {
    let sandbox = Sandbox::start(&[]);
    let mut cli = Cli::new();
    let p = cli.profile(&sandbox);
    let show = cli.run(&["profile", "show", &p]);
    let v = ok(&show);
    assert_eq!(
        v["secrets"],
        serde_json::json!({"client_secret": true, "password": true, "refresh_token": false, "private_key": false, "keychain_error": null})
    );
    assert_eq!(v["instance"], sandbox.1);
    assert!(!stdout(&show).contains("sandbox-secret"));
    let list = ok(&cli.run(&["profile", "list"]));
    assert!(list
        .as_array()
        .unwrap()
        .iter()
        .any(|x| x["name"] == p.as_str()));
    let edited = ok(&cli.run(&["profile", "edit", &p, "--scope", "useraccount"]));
    assert_eq!(edited["scope"], "useraccount");
    ok(&cli.run(&["secret", "clear", &p, "password"]));
    let t = cli.run(&["token", &p]);
    assert_eq!(t.status.code(), Some(3));
    assert!(
        stderr(&t).contains("error [missing_secret]"),
        "{}",
        stderr(&t)
    );
    assert!(stderr(&t).contains("snowpost secret set"));
}

#[test]
fn errors_print_kind_message_and_hint() {
    let sandbox = Sandbox::start(&[]);
    let mut cli = Cli::new();
    let bad = cli.run(&[
        "profile",
        "add",
        "x",
        "--instance",
        "https://dev1.service-now.com/now/nav",
        "--client-id",
        "c",
        "--username",
        "u",
    ]);
    assert_eq!(bad.status.code(), Some(3));
    let e = stderr(&bad);
    assert!(
        e.contains("error [invalid_instance]")
            && e.contains("path")
            && e.contains("hint: Enter an instance name"),
        "{e}"
    );

    let p = cli.profile(&sandbox);
    ok(&cli.run_with_stdin(&["secret", "set", &p, "client-secret"], "wrong-secret"));
    let t = cli.run(&["token", &p]);
    assert_eq!(t.status.code(), Some(3));
    let e = stderr(&t);
    assert!(
        e.contains("error [oauth_rejected]") && e.contains("likely causes:"),
        "{e}"
    );
    assert!(!e.contains("wrong-secret"));

    let usage = cli.run(&["table", &p, "create", "incident", "--data", "{oops"]);
    assert_eq!(usage.status.code(), Some(2));
    assert!(stderr(&usage).contains("not valid JSON"));
    let empty = cli.run_with_stdin(&["secret", "set", &p, "password"], "");
    assert_eq!(empty.status.code(), Some(2));
}

#[test]
fn environment_overrides_the_keychain_for_ci() {
    let sandbox = Sandbox::start(&["--client-credentials"]);
    let cli = Cli::new();
    let name = format!("cli-env-{}", std::process::id());
    ok(&cli.add_profile(&name, &sandbox, &["--grant", "client_credentials"]));
    let missing = cli.run(&["token", &name]);
    assert!(stderr(&missing).contains("missing_secret"));
    let out = cli
        .cmd(&["token", &name])
        .env("SNOWPOST_CLIENT_SECRET", "sandbox-secret")
        .output()
        .unwrap();
    let v = ok(&out);
    let notice = format!(
        "snowpost: using SNOWPOST_CLIENT_SECRET from the environment for profile {name} ({})",
        sandbox.1
    );
    assert!(stderr(&out).contains(&notice), "{}", stderr(&out));
    assert_eq!(v["grant"], "client_credentials");
    assert_eq!(v["has_refresh_token"], false);
    ok(&cli.run(&["profile", "remove", &name]));
}

#[test]
fn sandbox_refuses_non_loopback() {
    let out = Command::new(BIN)
        .args(["sandbox", "--listen", "0.0.0.0:0"])
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(2));
    assert!(stderr(&out).contains("loopback"));
}

fn sandbox_stats(base: &str) -> Value {
    use std::io::Read;
    let addr = base.trim_start_matches("http://");
    let mut s = std::net::TcpStream::connect(addr).unwrap();
    write!(
        s,
        "GET /sandbox/stats HTTP/1.1\r\nHost: {addr}\r\nConnection: close\r\n\r\n"
    )
    .unwrap();
    let mut resp = String::new();
    s.read_to_string(&mut resp).unwrap();
    serde_json::from_str(resp.split("\r\n\r\n").nth(1).unwrap()).unwrap()
}

/// Two minutes of CLI calls against 5-second tokens: each process picks the access token up from
/// the keychain, renews it when under half its life is left, and no call fails.
#[test]
fn two_minutes_of_cli_calls_with_five_second_tokens() {
    let sandbox = Sandbox::start(&["--access-ttl", "5"]);
    let mut cli = Cli::new();
    let p = cli.profile(&sandbox);
    let started = std::time::Instant::now();
    let (mut calls, mut refreshed) = (0, 0);
    while started.elapsed() < std::time::Duration::from_secs(120) {
        let out = cli.run(&["table", &p, "list", "incident", "--limit", "1"]);
        assert!(out.status.success(), "call {calls}: {}", stderr(&out));
        refreshed += stderr(&out)
            .matches("token: refreshed automatically")
            .count();
        calls += 1;
        std::thread::sleep(std::time::Duration::from_millis(150));
    }
    let s = sandbox_stats(&sandbox.1);
    assert_eq!(
        (s["api_unauthorized"].as_u64(), s["token_failures"].as_u64()),
        (Some(0), Some(0))
    );
    assert_eq!(s["grants_password"], 1, "one login, then refreshes only");
    assert_eq!(
        s["grants_refresh_token"].as_u64().unwrap() as usize,
        refreshed
    );
    assert!(
        (55..=61).contains(&refreshed),
        "{refreshed} refreshes in {calls} calls"
    );
}

#[test]
fn token_revoke_forgets_the_tokens() {
    let sandbox = Sandbox::start(&[]);
    let mut cli = Cli::new();
    let p = cli.profile(&sandbox);
    ok(&cli.run(&["token", &p]));
    let out = cli.run(&["token", &p, "--revoke"]);
    assert!(out.status.success(), "{}", stderr(&out));
    assert!(stderr(&out).contains("revoked"));
    assert_eq!(sandbox_stats(&sandbox.1)["revocations"], 2);
    let shown = ok(&cli.run(&["profile", "show", &p]));
    assert_eq!(shown["secrets"]["refresh_token"], false);
}

#[test]
fn a_missing_keychain_is_explained_and_nothing_is_lost() {
    let sandbox = Sandbox::start(&[]);
    let cli = Cli::new();
    let name = format!("cli-nokc-{}", std::process::id());
    ok(&cli.add_profile(&name, &sandbox, &["--username", "admin"]));
    let mut no_bus = cli.cmd(&["secret", "set", &name, "client-secret"]);
    no_bus.env("DBUS_SESSION_BUS_ADDRESS", "unix:path=/nonexistent/bus");
    let out = pipe(no_bus, "sandbox-secret");
    assert_eq!(out.status.code(), Some(3));
    let e = stderr(&out);
    assert!(
        e.contains("error [keychain_unavailable]") && e.contains("dbus-run-session"),
        "{e}"
    );
    assert!(!e.contains("sandbox-secret"));
    let shown = ok(&cli.run(&["profile", "show", &name]));
    assert_eq!(shown["name"], name.as_str(), "the profile is kept");
    ok(&cli.run(&["profile", "remove", &name]));
}

#[test]
fn list_all_streams_every_record_to_a_file() {
    let sandbox = Sandbox::start(&["--seed", "u_bulk=2345"]);
    let mut cli = Cli::new();
    let p = cli.profile(&sandbox);
    let csv = cli.dir.path().join("bulk.csv");
    let out = cli.run(&[
        "table",
        &p,
        "list",
        "u_bulk",
        "--fields",
        "u_seq,short_description",
        "--all",
        "--out",
        csv.to_str().unwrap(),
    ]);
    assert!(out.status.success(), "{}", stderr(&out));
    assert!(
        stderr(&out).contains("done: 2345 records in 3 pages"),
        "{}",
        stderr(&out)
    );
    let text = std::fs::read_to_string(&csv).unwrap();
    assert_eq!(text.lines().next(), Some("u_seq,short_description"));
    assert_eq!(text.lines().count(), 2346);
    let ndjson = cli.dir.path().join("bulk.ndjson");
    let out = cli.run(&[
        "table",
        &p,
        "list",
        "u_bulk",
        "--limit",
        "500",
        "--all",
        "--out",
        ndjson.to_str().unwrap(),
    ]);
    assert!(stderr(&out).contains("in 5 pages"), "{}", stderr(&out));
    assert_eq!(
        std::fs::read_to_string(&ndjson).unwrap().lines().count(),
        2345
    );
    let usage = cli.run(&["table", &p, "list", "u_bulk", "--all"]);
    assert_eq!(usage.status.code(), Some(2), "--all needs --out");
}

#[test]
fn history_lists_searches_and_clears_without_secrets() {
    let sandbox = Sandbox::start(&["--seed", "incident=12"]);
    let mut cli = Cli::new();
    let p = cli.profile(&sandbox);
    let body = r#"{"short_description":"from the CLI","u_api_token":"hunter2-value"}"#;
    ok(&cli.run(&["table", &p, "create", "incident", "--data", body]));
    let out = cli.run(&["table", &p, "list", "incident", "--limit", "3"]);
    assert!(out.status.success(), "{}", stderr(&out));
    let all = ok(&cli.run(&["history", "--profile", &p]));
    let entries = all.as_array().unwrap();
    assert_eq!(entries.len(), 2, "{all}");
    assert_eq!(entries[0]["method"], "GET", "newest first");
    assert_eq!(entries[1]["method"], "POST");
    assert_eq!(entries[1]["status"], 201);
    let text = all.to_string();
    assert!(!text.contains("hunter2-value"), "{text}");
    assert!(text.contains("from the CLI"));
    let posts = ok(&cli.run(&["history", "--search", "POST"]));
    assert_eq!(posts.as_array().unwrap().len(), 1);
    let out = cli.run(&["history", "--profile", &p, "--clear"]);
    assert!(
        stderr(&out).contains("deleted 2 history entries"),
        "{}",
        stderr(&out)
    );
    assert_eq!(ok(&cli.run(&["history"])), serde_json::json!([]));
}
