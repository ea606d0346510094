//! Postman and newman interop, with the real newman (installed by `scripts/deps` into
//! tests/interop): an exported collection gets its own token and runs green against the
//! sandbox; `saved run` reports like newman; an environment fills in an imported collection.

mod common;

use std::path::{Path, PathBuf};
use std::process::Command;

use common::{assert_no_secret_in, ok, stderr, stdout, Cli, Sandbox};
use serde_json::Value;

fn newman() -> PathBuf {
    let bin =
        Path::new(env!("CARGO_MANIFEST_DIR")).join("../../tests/interop/node_modules/.bin/newman");
    assert!(
        bin.exists(),
        "newman is not installed: run scripts/deps (it runs npm ci in tests/interop)"
    );
    bin
}

fn stats(sandbox: &Sandbox) -> Value {
    let out = Command::new("curl")
        .args(["-sS", &format!("{}/sandbox/stats", sandbox.1)])
        .output()
        .unwrap();
    serde_json::from_slice(&out.stdout).unwrap()
}

fn count(stats: &Value, key: &str) -> u64 {
    stats[key].as_u64().unwrap()
}

/// Saves a few requests of each kind: create, list with a query, a record by path, stats.
fn save_requests(cli: &Cli, p: &str) {
    let data = r#"{"short_description":"From newman","urgency":"2"}"#;
    let requests: [&[&str]; 4] = [
        &[
            "Create incident",
            "POST",
            "/api/now/table/incident",
            "--data",
            data,
        ],
        &[
            "Open incidents",
            "GET",
            "/api/now/table/incident",
            "--param",
            "sysparm_query=active=true^ORDERBYDESCnumber",
            "--param",
            "sysparm_limit=5",
        ],
        &[
            "Users",
            "GET",
            "/api/now/table/sys_user",
            "--param",
            "sysparm_limit=2",
        ],
        &[
            "Stats",
            "GET",
            "/api/now/stats/incident",
            "--param",
            "sysparm_count=true",
        ],
    ];
    for r in requests {
        let mut args = vec!["saved", "save", p];
        args.extend_from_slice(r);
        ok(&cli.run(&args));
    }
}

/// Exports the profile and runs newman on it; the JSON report.
fn run_newman(cli: &Cli, p: &str, secrets: &[(&str, &str)], extra: &[&str]) -> (bool, Value) {
    let dir = cli.dir.path().join(format!("export-{p}"));
    std::fs::create_dir_all(&dir).unwrap();
    ok(&cli.run(&["collection", "export", p, dir.to_str().unwrap()]));
    let secret_values: Vec<&str> = secrets.iter().map(|(_, v)| *v).collect();
    assert_no_secret_in(&dir, &secret_values);
    let report = dir.join("report.json");
    let mut cmd = Command::new(newman());
    cmd.arg("run")
        .arg(dir.join(format!("{p}.postman_collection.json")))
        .arg("-e")
        .arg(dir.join(format!("{p}.postman_environment.json")))
        .args(["--reporters", "cli,json", "--reporter-json-export"])
        .arg(&report)
        .args(extra);
    for (k, v) in secrets {
        cmd.args(["--env-var", &format!("{k}={v}")]);
    }
    let out = cmd.output().unwrap();
    let text = std::fs::read_to_string(&report)
        .unwrap_or_else(|_| panic!("newman wrote no report\n{}\n{}", stdout(&out), stderr(&out)));
    (out.status.success(), serde_json::from_str(&text).unwrap())
}

/// (request name, status) of every saved request newman sent (not the script's token requests).
fn codes(report: &Value) -> Vec<(String, u64)> {
    report["run"]["executions"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|e| {
            !e["request"]["url"]["path"]
                .to_string()
                .contains("oauth_token.do")
        })
        .map(|e| {
            (
                e["item"]["name"].as_str().unwrap().to_string(),
                e["response"]["code"].as_u64().unwrap_or(0),
            )
        })
        .collect()
}

#[test]
fn newman_runs_an_exported_password_collection_green_with_one_token() {
    let sandbox = Sandbox::start(&[]);
    let mut cli = Cli::new();
    let p = cli.profile(&sandbox);
    save_requests(&cli, &p);
    let before = stats(&sandbox);
    let (passed, report) = run_newman(
        &cli,
        &p,
        &[
            ("client_secret", "sandbox-secret"),
            ("password", "sandbox-password"),
        ],
        &[],
    );
    let codes = codes(&report);
    let names: std::collections::BTreeSet<&str> = codes.iter().map(|(n, _)| n.as_str()).collect();
    assert_eq!(names.len(), 4, "{codes:?}");
    assert!(
        codes.iter().all(|(_, c)| (200..300).contains(c)),
        "{codes:?}"
    );
    assert!(passed, "newman failed: {:#}", report["run"]["failures"]);
    let after = stats(&sandbox);
    // One token for the whole run: the script caches it.
    assert_eq!(
        count(&after, "grants_password") - count(&before, "grants_password"),
        1
    );
    assert_eq!(
        count(&after, "api_unauthorized"),
        count(&before, "api_unauthorized")
    );
    // The sandbox's own count: each saved request was sent once.
    assert_eq!(
        count(&after, "api_requests") - count(&before, "api_requests"),
        4
    );
}

#[test]
fn newman_renews_the_token_by_refresh_when_it_expires() {
    // Two-second tokens, renewed at half their life: a one-second pause between requests
    // makes the script renew before each of them.
    let sandbox = Sandbox::start(&["--access-ttl", "2"]);
    let mut cli = Cli::new();
    let p = cli.profile(&sandbox);
    save_requests(&cli, &p);
    let (passed, report) = run_newman(
        &cli,
        &p,
        &[
            ("client_secret", "sandbox-secret"),
            ("password", "sandbox-password"),
        ],
        &["--delay-request", "1100"],
    );
    assert!(passed, "newman failed: {:#}", report["run"]["failures"]);
    let s = stats(&sandbox);
    assert_eq!(count(&s, "grants_password"), 1, "{s}");
    assert!(count(&s, "grants_refresh_token") >= 2, "{s}");
    assert_eq!(count(&s, "api_unauthorized"), 0, "{s}");
}

#[test]
fn newman_runs_a_client_credentials_collection_and_reports_a_bad_secret() {
    let sandbox = Sandbox::start(&["--client-credentials"]);
    let cli = Cli::new();
    let p = format!("cc-{}", std::process::id());
    ok(&cli.add_profile(&p, &sandbox, &["--grant", "client_credentials"]));
    save_requests(&cli, &p);
    let (passed, report) = run_newman(&cli, &p, &[("client_secret", "sandbox-secret")], &[]);
    assert!(passed, "newman failed: {:#}", report["run"]["failures"]);
    assert_eq!(count(&stats(&sandbox), "grants_client_credentials"), 1);

    let (passed, report) = run_newman(&cli, &p, &[("client_secret", "wrong-secret")], &[]);
    assert!(!passed);
    let failures = report["run"]["failures"].to_string();
    assert!(
        failures.contains("oauth_token.do answered 401"),
        "{failures}"
    );
    assert!(!failures.contains("wrong-secret"), "{failures}");
    ok(&cli.run(&["profile", "remove", &p]));
}

#[test]
fn saved_run_reports_like_newman_and_fails_on_a_non_2xx_answer() {
    let sandbox = Sandbox::start(&[]);
    let mut cli = Cli::new();
    let p = cli.profile(&sandbox);
    save_requests(&cli, &p);
    let junit = cli.dir.path().join("junit.xml");
    let out = cli.run(&["saved", "run", &p, "--junit", junit.to_str().unwrap()]);
    let results = ok(&out);
    assert_eq!(results.as_array().unwrap().len(), 4);
    let table = stderr(&out);
    assert!(
        table.contains("4 request(s), 4 passed, 0 failed"),
        "{table}"
    );
    let xml = std::fs::read_to_string(&junit).unwrap();
    assert!(
        xml.contains("tests=\"4\" failures=\"0\" errors=\"0\""),
        "{xml}"
    );

    ok(&cli.run(&[
        "saved",
        "save",
        &p,
        "Missing",
        "GET",
        "/api/now/table/incident/0123456789abcdef0123456789abcdef",
    ]));
    let out = cli.run(&[
        "saved",
        "run",
        &p,
        "Stats",
        "Missing",
        "--junit",
        junit.to_str().unwrap(),
    ]);
    assert_eq!(out.status.code(), Some(1), "{}", stderr(&out));
    let results: Value = serde_json::from_str(&stdout(&out)).unwrap();
    let names: Vec<&str> = results
        .as_array()
        .unwrap()
        .iter()
        .map(|r| r["name"].as_str().unwrap())
        .collect();
    assert_eq!(names, ["Stats", "Missing"]);
    assert_eq!(results[1]["status"], 404);
    let xml = std::fs::read_to_string(&junit).unwrap();
    assert!(xml.contains("tests=\"2\" failures=\"1\""), "{xml}");
    assert!(xml.contains("<testcase name=\"Missing\""), "{xml}");

    let out = cli.run(&["saved", "run", &p, "Nope"]);
    assert_eq!(out.status.code(), Some(2));
    assert!(stderr(&out).contains("no saved request named \"Nope\""));
}

#[test]
fn an_environment_fills_in_an_imported_collection() {
    let sandbox = Sandbox::start(&[]);
    let mut cli = Cli::new();
    let p = cli.profile(&sandbox);
    let collection = serde_json::json!({
        "info": {"name": "team", "schema": "https://schema.getpostman.com/json/collection/v2.1.0/collection.json"},
        "item": [{"name": "Recent", "request": {
            "method": "GET",
            "url": "{{base}}/api/now/table/{{table}}?sysparm_limit={{limit}}&sysparm_fields={{fields}}",
        }}]
    });
    let environment = serde_json::json!({
        "name": "team dev",
        "values": [
            {"key": "base", "value": sandbox.1, "enabled": true},
            {"key": "table", "value": "incident", "enabled": true},
            {"key": "limit", "value": "3", "enabled": true}
        ]
    });
    let dir = cli.dir.path();
    std::fs::write(dir.join("c.json"), collection.to_string()).unwrap();
    std::fs::write(dir.join("e.json"), environment.to_string()).unwrap();
    let import = |collection: &str, environment: &str| {
        let path = |f: &str| dir.join(f).to_str().unwrap().to_string();
        let (c, e) = (path(collection), path(environment));
        cli.run(&["collection", "import", &p, &c, "--environment", &e])
    };
    let out = import("c.json", "e.json");
    let imported = ok(&out);
    let e = stderr(&out);
    assert!(
        e.contains("imported 1 request(s) with the environment \"team dev\""),
        "{e}"
    );
    assert!(
        e.contains("unresolved, sent as written: Recent: {{fields}}"),
        "{e}"
    );
    assert_eq!(
        imported["unresolved"],
        serde_json::json!(["Recent: {{fields}}"])
    );
    let request = &imported["rows"][0]["request"];
    assert_eq!(request["table"], "incident", "{request}");
    assert_eq!(request["params"][0]["value"], "3", "{request}");

    // The collection picked twice: said plainly, nothing imported.
    let out = import("c.json", "c.json");
    assert_eq!(out.status.code(), Some(3));
    assert!(
        stderr(&out).contains("Did you pick the collection?"),
        "{}",
        stderr(&out)
    );
}
