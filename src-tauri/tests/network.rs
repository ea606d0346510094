//! The Network settings commands through IPC: saved to config.toml, the proxy password
//! write-only (the webview learns only that one is set), bad input a `{kind, message, hint}`.

mod harness;

use harness::Harness;
use serde_json::json;

const PASSWORD: &str = "app-pr0xy-Pw-31";

#[test]
fn network_settings_round_trip_and_the_password_stays_in_the_keychain() {
    let h = Harness::new();
    let v = h.ok("network_settings", json!({}));
    assert_eq!(v["settings"]["proxy_mode"], "system");
    let settings = json!({
        "proxy_mode": "manual",
        "proxy_url": "http://127.0.0.1:3128",
        "proxy_user": "alice",
        "no_proxy": ["intranet.example.com"],
        "ca_bundle": null
    });
    let v = h.ok("save_network", json!({ "settings": settings }));
    assert_eq!(v["settings"], settings);
    let v = h.ok("set_proxy_password", json!({ "value": PASSWORD }));
    assert_eq!(v["proxy_password_set"], true);
    assert!(!v.to_string().contains(PASSWORD), "{v}");
    let file = std::fs::read_to_string(h._dir.path().join("config.toml")).unwrap();
    assert!(file.contains("alice") && !file.contains(PASSWORD), "{file}");
    let v = h.ok("clear_proxy_password", json!({}));
    assert_eq!(v["proxy_password_set"], false);

    let e = h
        .call(
            "save_network",
            json!({ "settings": { "proxy_mode": "manual", "proxy_url": null, "proxy_user": null, "no_proxy": [], "ca_bundle": "/nonexistent/ca.pem" } }),
        )
        .unwrap_err();
    assert_eq!(e["kind"], "network_settings");
    assert!(!e["hint"].as_str().unwrap().is_empty(), "{e}");
}
