//! `snowpost network`: the settings file the app shares, the proxy password in the keychain,
//! and loopback calls that never go through the configured proxy.

mod common;

use common::*;

const PASSWORD: &str = "cli-pr0xy-Pw-77";

#[test]
fn settings_go_to_config_toml_and_the_password_to_the_keychain() {
    let cli = Cli::new();
    let v = ok(&cli.run(&["network", "show"]));
    assert_eq!(v["settings"]["proxy_mode"], "system");
    assert_eq!(v["proxy_password_set"], false);

    let v = ok(&cli.run(&[
        "network",
        "set",
        "--proxy",
        "http://127.0.0.1:9",
        "--proxy-user",
        "alice",
        "--no-proxy",
        "Intranet.example.com, *.corp.example",
    ]));
    assert_eq!(v["settings"]["proxy_mode"], "manual");
    assert_eq!(
        v["settings"]["no_proxy"],
        serde_json::json!(["intranet.example.com", "*.corp.example"])
    );
    ok(&cli.run_with_stdin(&["network", "proxy-password"], PASSWORD));
    let v = ok(&cli.run(&["network", "show"]));
    assert_eq!(v["proxy_password_set"], true);
    assert_eq!(v["settings"]["proxy_user"], "alice");
    let file = std::fs::read_to_string(cli.dir.path().join("config.toml")).unwrap();
    assert!(file.contains("proxy_user = \"alice\""), "{file}");
    assert_no_secret_in(cli.dir.path(), &[PASSWORD]);

    // Credentials in the URL are refused without being repeated.
    let out = cli.run(&[
        "network",
        "set",
        "--proxy",
        &format!("http://alice:{PASSWORD}@127.0.0.1:9"),
    ]);
    assert!(!out.status.success());
    let err = stderr(&out);
    assert!(
        err.contains("network_settings") && !err.contains(PASSWORD),
        "{err}"
    );
    // An unreadable CA bundle is named.
    let out = cli.run(&["network", "set", "--ca-bundle", "/nonexistent/corp.pem"]);
    assert!(
        stderr(&out).contains("/nonexistent/corp.pem"),
        "{}",
        stderr(&out)
    );

    ok(&cli.run(&["network", "proxy-password", "--clear"]));
    let v = ok(&cli.run(&["network", "set", "--proxy-mode", "none", "--no-proxy", ""]));
    assert_eq!(v["settings"]["proxy_mode"], "none");
    assert_eq!(v["settings"]["no_proxy"], serde_json::json!([]));
    assert_eq!(
        v["settings"]["proxy_url"], "http://127.0.0.1:9",
        "kept for manual mode"
    );
    assert_eq!(v["proxy_password_set"], false);
}

#[test]
fn loopback_requests_ignore_the_proxy() {
    let sandbox = Sandbox::start(&[]);
    let mut cli = Cli::new();
    let p = cli.profile(&sandbox);
    // Port 9 on loopback: nothing listens, so a request through it would fail.
    ok(&cli.run(&["network", "set", "--proxy", "http://127.0.0.1:9"]));
    let out = cli
        .cmd(&["table", &p, "list", "incident", "--limit", "1"])
        .env("HTTPS_PROXY", "http://127.0.0.1:9")
        .env("HTTP_PROXY", "http://127.0.0.1:9")
        .output()
        .unwrap();
    ok(&out);
    assert!(!stderr(&out).contains("timing:"), "only with --timing");

    let out = cli.run(&["table", &p, "list", "incident", "--limit", "1", "--timing"]);
    ok(&out);
    let line = stderr(&out);
    let line = line
        .lines()
        .find(|l| l.starts_with("timing: "))
        .unwrap_or_else(|| panic!("{line}"));
    for phase in ["dns", "connect", "tls", "first byte", "download", "total"] {
        assert!(line.contains(phase), "{line}");
    }
    let out = cli.run(&["request", &p, "GET", "/api/now/table/incident", "--timing"]);
    assert!(stderr(&out).contains("timing: "), "{}", stderr(&out));
}
