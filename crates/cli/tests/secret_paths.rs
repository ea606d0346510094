//! Where a secret may go from the CLI: never to a new instance unasked, and with no keychain
//! (a CI runner) only from the environment into this process's memory.

mod common;

use common::*;

#[test]
fn changing_the_instance_forgets_secrets_unless_kept() {
    let (first, second) = (Sandbox::start(&[]), Sandbox::start(&[]));
    let mut cli = Cli::new();
    let p = cli.profile(&first);
    ok(&cli.run(&["token", &p]));
    let status = |cli: &Cli| ok(&cli.run(&["profile", "show", &p]))["secrets"].clone();
    assert_eq!(status(&cli)["refresh_token"], true);

    let moved = cli.run(&["profile", "edit", &p, "--instance", &second.1]);
    ok(&moved);
    assert!(
        stderr(&moved).contains("tokens forgotten, and the client secret and password"),
        "{}",
        stderr(&moved)
    );
    let s = status(&cli);
    assert_eq!(
        (&s["client_secret"], &s["password"], &s["refresh_token"]),
        (&false.into(), &false.into(), &false.into())
    );
    let t = cli.run(&["token", &p]);
    assert!(stderr(&t).contains("missing_secret"), "{}", stderr(&t));

    ok(&cli.run_with_stdin(&["secret", "set", &p, "client-secret"], "sandbox-secret"));
    ok(&cli.run_with_stdin(&["secret", "set", &p, "password"], "sandbox-password"));
    ok(&cli.run(&["token", &p]));
    let kept = cli.run(&[
        "profile",
        "edit",
        &p,
        "--instance",
        &first.1,
        "--keep-secrets",
    ]);
    ok(&kept);
    let s = status(&cli);
    assert_eq!(
        (&s["client_secret"], &s["password"], &s["refresh_token"]),
        (&true.into(), &true.into(), &false.into())
    );
    // The kept secrets work on the new instance; its token is its own.
    assert_eq!(ok(&cli.run(&["token", &p]))["grant"], "password");

    let usage = cli.run(&["profile", "edit", &p, "--keep-secrets"]);
    assert_eq!(
        usage.status.code(),
        Some(2),
        "--keep-secrets needs --instance"
    );
}

#[test]
fn headless_without_a_keychain_works_from_the_environment() {
    let sandbox = Sandbox::start(&["--seed", "u_bulk=150"]);
    let cli = Cli::new();
    let name = format!("cli-headless-{}", std::process::id());
    ok(&cli.add_profile(&name, &sandbox, &["--username", "admin"]));
    let headless = |args: &[&str]| {
        let mut c = cli.cmd(args);
        c.env("DBUS_SESSION_BUS_ADDRESS", "unix:path=/nonexistent/bus")
            .env_remove("DISPLAY")
            .env("SNOWPOST_CLIENT_SECRET", "sandbox-secret")
            .env("SNOWPOST_PASSWORD", "sandbox-password")
            .stdin(std::process::Stdio::null());
        c.output().unwrap()
    };
    let memory =
        "snowpost: no keychain here: the access token is kept in memory for this process only";
    let token = headless(&["token", &name]);
    assert_eq!(ok(&token)["grant"], "password");
    assert!(stderr(&token).contains(memory), "{}", stderr(&token));
    assert!(stderr(&token).contains("using SNOWPOST_PASSWORD from the environment"));

    let out = cli.dir.path().join("bulk.ndjson");
    let all = headless(&[
        "table",
        &name,
        "list",
        "u_bulk",
        "--limit",
        "40",
        "--all",
        "--out",
        out.to_str().unwrap(),
    ]);
    ok(&all);
    assert_eq!(std::fs::read_to_string(&out).unwrap().lines().count(), 150);
    assert!(stderr(&all).contains(memory));

    let req = headless(&["request", &name, "GET", "/api/now/stats/u_bulk"]);
    assert_eq!(ok(&req)["result"]["stats"]["count"], "150");

    // Without the environment the keychain is needed, and the error says so.
    let mut bare = cli.cmd(&["token", &name]);
    bare.env("DBUS_SESSION_BUS_ADDRESS", "unix:path=/nonexistent/bus")
        .env_remove("DISPLAY");
    let e = stderr(&bare.output().unwrap());
    assert!(e.contains("keychain_unavailable"), "{e}");
    assert_no_secret_in(cli.dir.path(), &["sandbox-secret", "sandbox-password"]);
    ok(&cli.run(&["profile", "remove", &name]));
}

#[test]
fn saved_and_imported_requests_keep_their_secrets_in_the_keychain() {
    let sandbox = Sandbox::start(&[]);
    let mut cli = Cli::new();
    let p = cli.profile(&sandbox);
    let form = "grant_type=password&client_id=snowpost-sandbox&client_secret=sandbox-secret&username=admin&password=sandbox-password";
    let save = cli.run(&[
        "saved",
        "save",
        &p,
        "Get token",
        "POST",
        "/oauth_token.do",
        "--data",
        form,
        "-H",
        "Content-Type: application/x-www-form-urlencoded",
        "-H",
        "X-API-Key: k-9f3e-unique",
    ]);
    ok(&save);
    let e = stderr(&save);
    assert!(
        e.contains("kept as a keychain variable: body field client_secret → {{client_secret}}"),
        "{e}"
    );
    assert!(
        e.contains("kept as a keychain variable: body field password → {{password}}"),
        "{e}"
    );
    assert!(
        e.contains("secret dropped, not stored: header X-API-Key"),
        "{e}"
    );

    // Sent, the variables are filled in from the keychain: the instance grants a token.
    let run = ok(&cli.run(&["saved", "run", &p, "Get token"]));
    assert_eq!(run[0]["status"], 200, "{run}");

    let postman = serde_json::json!({
        "info": {"name": "team", "schema": "https://schema.getpostman.com/json/collection/v2.1.0/collection.json"},
        "item": [{"name": "Token", "request": {
            "method": "POST",
            "url": "{{instance_url}}/oauth_token.do",
            "header": [{"key": "Ocp-Apim-Subscription-Key", "value": "sub-7c1d-unique"}],
            "body": {"mode": "urlencoded", "urlencoded": [
                {"key": "grant_type", "value": "password"},
                {"key": "client_secret", "value": "team-secret-unique"},
                {"key": "password", "value": "team-password-unique"}
            ]}
        }}]
    });
    let file = cli.dir.path().join("team.postman_collection.json");
    std::fs::write(&file, postman.to_string()).unwrap();
    let import = cli.run(&["collection", "import", &p, file.to_str().unwrap()]);
    ok(&import);
    let e = stderr(&import);
    assert!(e.contains("imported 1 request(s)"), "{e}");
    assert!(
        e.contains("Token: body field client_secret → {{client_secret}}"),
        "{e}"
    );
    assert!(
        e.contains("secret dropped, not stored: Token: header Ocp-Apim-Subscription-Key"),
        "{e}"
    );
    std::fs::remove_file(&file).unwrap();

    let out = cli.dir.path().join("export");
    std::fs::create_dir(&out).unwrap();
    ok(&cli.run(&["collection", "export", &p, out.to_str().unwrap()]));
    let secrets = [
        "sandbox-secret",
        "sandbox-password",
        "k-9f3e-unique",
        "sub-7c1d-unique",
        "team-secret-unique",
        "team-password-unique",
    ];
    assert_no_secret_in(cli.dir.path(), &secrets);
    assert_no_secret_in(&out, &secrets);
    let listed = ok(&cli.run(&["saved", "list", &p]));
    assert_eq!(listed.as_array().map(Vec::len), Some(2));
}

#[test]
fn a_proxy_in_the_environment_never_sees_a_loopback_instance() {
    let proxy = std::net::TcpListener::bind("127.0.0.1:0").unwrap();
    proxy.set_nonblocking(true).unwrap();
    let proxy_url = format!("http://{}", proxy.local_addr().unwrap());
    let sandbox = Sandbox::start(&[]);
    let mut cli = Cli::new();
    let p = cli.profile(&sandbox);
    for args in [
        vec!["token", &p],
        vec!["request", &p, "GET", "/api/now/stats/incident"],
    ] {
        let mut c = cli.cmd(&args);
        for var in [
            "HTTP_PROXY",
            "http_proxy",
            "HTTPS_PROXY",
            "https_proxy",
            "ALL_PROXY",
            "all_proxy",
        ] {
            c.env(var, &proxy_url);
        }
        c.env_remove("NO_PROXY").env_remove("no_proxy");
        ok(&c.output().unwrap());
    }
    assert!(
        proxy.accept().is_err(),
        "a request to the sandbox went to the proxy"
    );
}
