//! Guarding production from the CLI: a read-only profile refuses writes, a confirm-writes one
//! (production's default) sends one only with `--yes` when no terminal can ask. A refused write
//! exits 2 and nothing reaches the instance.

mod common;

use common::*;

#[test]
fn production_confirms_writes_and_read_only_refuses_them() {
    let sandbox = Sandbox::start(&[]);
    let mut cli = Cli::new();
    let p = cli.profile(&sandbox);
    let edited = ok(&cli.run(&["profile", "edit", &p, "--environment", "production"]));
    assert_eq!(
        (
            edited["environment"].as_str(),
            edited["write_guard"].as_str()
        ),
        (Some("production"), Some("confirm"))
    );

    let create = [
        "table",
        &p,
        "create",
        "incident",
        "--data",
        r#"{"short_description":"guarded"}"#,
    ];
    let before = api_requests(&sandbox);
    let refused = cli.run(&create);
    assert_eq!(refused.status.code(), Some(2));
    let e = stderr(&refused);
    assert!(
        e.contains("error [confirm_write]") && e.contains("POST a new incident record"),
        "{e}"
    );
    assert!(e.contains("--yes"), "{e}");
    assert_eq!(api_requests(&sandbox), before, "nothing was sent");

    let mut confirmed = create.to_vec();
    confirmed.push("--yes");
    let created = ok(&cli.run(&confirmed));
    let id = created["result"]["sys_id"].as_str().unwrap().to_string();
    // Reads need no confirmation.
    ok(&cli.run(&["table", &p, "get", "incident", &id]));

    ok(&cli.run(&["profile", "edit", &p, "--read-only"]));
    let before = api_requests(&sandbox);
    let refused = cli.run(&["table", &p, "delete", "incident", &id, "--yes"]);
    assert_eq!(refused.status.code(), Some(2));
    assert!(
        stderr(&refused).contains("error [read_only]"),
        "{}",
        stderr(&refused)
    );
    let request = cli.run(&[
        "request",
        &p,
        "PATCH",
        &format!("/api/now/table/incident/{id}"),
        "--data",
        "{}",
    ]);
    assert_eq!(request.status.code(), Some(2));
    assert_eq!(api_requests(&sandbox), before, "nothing was sent");

    ok(&cli.run(&["profile", "edit", &p, "--allow-writes"]));
    assert!(cli
        .run(&["table", &p, "delete", "incident", &id])
        .status
        .success());
}
