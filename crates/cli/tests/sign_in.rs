//! `snowpost login` against `snowpost sandbox`, with the browser played by
//! `tests/browser/sandbox-login` through `$BROWSER`, and the `--paste` fallback.

mod common;

use std::io::{BufRead, BufReader, Write};
use std::process::{Command, Stdio};

use common::*;

fn browser() -> String {
    format!(
        "{}/../../tests/browser/sandbox-login",
        env!("CARGO_MANIFEST_DIR")
    )
}

fn redirect_uri() -> String {
    let port = std::net::TcpListener::bind("127.0.0.1:0")
        .unwrap()
        .local_addr()
        .unwrap()
        .port();
    format!("http://127.0.0.1:{port}/callback")
}

/// A sandbox with `redirect` registered and an authorization-code profile on it.
fn setup(redirect: &str) -> (Sandbox, Cli, String) {
    let sandbox = Sandbox::start(&["--redirect-uri", redirect]);
    let mut cli = Cli::new();
    let name = format!("cli-login-{}", std::process::id());
    ok(&cli.add_profile(
        &name,
        &sandbox,
        &["--grant", "authorization_code", "--redirect-uri", redirect],
    ));
    cli.profiles.push(name.clone());
    ok(&cli.run_with_stdin(&["secret", "set", &name, "client-secret"], "sandbox-secret"));
    (sandbox, cli, name)
}

#[test]
fn login_through_the_browser_then_token_and_requests() {
    let redirect = redirect_uri();
    let (_sandbox, cli, p) = setup(&redirect);
    let shown = ok(&cli.run(&["profile", "show", &p]));
    assert_eq!(shown["registry"]["redirect_url"], redirect.as_str());

    let out = cli
        .cmd(&["login", &p])
        .env("BROWSER", browser())
        .stdin(Stdio::null())
        .output()
        .unwrap();
    let v = ok(&out);
    assert_eq!(v["has_refresh_token"], true);
    assert!(
        stderr(&out).contains("Opening the browser"),
        "{}",
        stderr(&out)
    );
    assert!(!stdout(&out).contains("code="), "the code is never printed");

    let t = ok(&cli.run(&["token", &p]));
    assert_eq!(t["grant"], "authorization_code");
    let stats = ok(&cli.run(&["request", &p, "GET", "/api/now/stats/incident"]));
    assert!(stats["result"]["stats"]["count"].is_string());

    let denied = cli
        .cmd(&["login", &p])
        .env("BROWSER", browser())
        .env("SNOWPOST_TEST_DECISION", "deny")
        .stdin(Stdio::null())
        .output()
        .unwrap();
    assert_eq!(denied.status.code(), Some(3));
    assert!(
        stderr(&denied).contains("error [sign_in_denied]"),
        "{}",
        stderr(&denied)
    );
}

#[test]
fn login_paste_reads_where_the_browser_landed() {
    let redirect = redirect_uri();
    let (_sandbox, cli, p) = setup(&redirect);
    let mut child = cli
        .cmd(&["login", &p, "--paste"])
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    let mut err = BufReader::new(child.stderr.take().unwrap());
    let mut url = String::new();
    let mut line = String::new();
    while err.read_line(&mut line).unwrap() > 0 {
        if line.trim_start().starts_with("http") {
            url = line.trim().to_string();
            break;
        }
        line.clear();
    }
    assert!(url.contains("/oauth_auth.do?"), "{url}");
    // Where a browser would have landed; nothing listens there.
    let landed = Command::new(browser())
        .arg(&url)
        .env("SNOWPOST_TEST_PRINT", "1")
        .output()
        .unwrap();
    assert!(
        landed.status.success(),
        "{}",
        String::from_utf8_lossy(&landed.stderr)
    );
    let landed = String::from_utf8(landed.stdout).unwrap();
    assert!(landed.starts_with(&redirect), "{landed}");
    child
        .stdin
        .take()
        .unwrap()
        .write_all(landed.as_bytes())
        .unwrap();
    let out = child.wait_with_output().unwrap();
    let v: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    assert_eq!(v["has_refresh_token"], true, "{v}");
}

#[test]
fn jwt_bearer_with_a_key_from_stdin() {
    let fixtures = format!("{}/../core/tests/fixtures/jwt", env!("CARGO_MANIFEST_DIR"));
    let public = format!("{fixtures}/rsa.pub.pem");
    let sandbox = Sandbox::start(&["--jwt-public-key", &public, "--jwt-kid", "k1"]);
    let mut cli = Cli::new();
    let p = format!("cli-jwt-{}", std::process::id());
    ok(&cli.add_profile(
        &p,
        &sandbox,
        &[
            "--grant",
            "jwt_bearer",
            "--username",
            "admin",
            "--jwt-kid",
            "k1",
        ],
    ));
    cli.profiles.push(p.clone());
    ok(&cli.run_with_stdin(&["secret", "set", &p, "client-secret"], "sandbox-secret"));
    let key = std::fs::read_to_string(format!("{fixtures}/rsa.pem")).unwrap();
    let set = cli.run_with_stdin(&["secret", "set", &p, "private-key"], &key);
    ok(&set);
    assert!(!stderr(&set).contains("PRIVATE"), "the key is never echoed");

    let shown = ok(&cli.run(&["profile", "show", &p]));
    assert_eq!(shown["secrets"]["private_key"], true);
    assert_eq!(
        shown["jwt_public_key"]["pem"],
        std::fs::read_to_string(&public).unwrap().as_str()
    );
    assert_eq!(shown["jwt_public_key"]["jwk"]["kid"], "k1");

    let t = cli.run(&["token", &p]);
    let v = ok(&t);
    assert_eq!(
        (v["grant"].as_str(), v["has_refresh_token"].as_bool()),
        (Some("jwt_bearer"), Some(false))
    );
    assert!(stderr(&t).contains("assertion=********"), "{}", stderr(&t));
    let stats = ok(&cli.run(&["request", &p, "GET", "/api/now/stats/incident"]));
    assert!(stats["result"]["stats"]["count"].is_string());
    assert_no_secret_in(cli.dir.path(), &["MIIEv", &key[40..80]]);

    let not_a_key = cli.run_with_stdin(&["secret", "set", &p, "private-key"], "hunter2");
    assert_eq!(not_a_key.status.code(), Some(3));
    assert!(
        stderr(&not_a_key).contains("not PEM"),
        "{}",
        stderr(&not_a_key)
    );
}
