//! A piped `table … list` or `request` streams its body to stdout: byte for byte what the
//! instance sent, history still recorded, and a reader that goes away ends it quietly.

mod common;

use std::io::Read;
use std::process::{Command, Stdio};

use common::{ok, stderr, Cli, Sandbox};

#[test]
fn a_piped_list_is_the_instance_body_byte_for_byte_and_is_recorded() {
    let sandbox = Sandbox::start(&["--seed", "incident=3000"]);
    let mut cli = Cli::new();
    let p = cli.profile(&sandbox);
    let out = cli.run(&["table", &p, "list", "incident", "--limit", "3000"]);
    assert!(out.status.success(), "{}", stderr(&out));
    assert!(stderr(&out).contains("200 OK"), "{}", stderr(&out));

    let token = ok(&cli.run(&["token", &p, "--show"]))["access_token"]
        .as_str()
        .unwrap()
        .to_string();
    let curl = Command::new("curl")
        .args(["-sS", "-H", &format!("Authorization: Bearer {token}")])
        .args(["-H", "Accept: application/json"])
        .arg(format!(
            "{}/api/now/table/incident?sysparm_limit=3000",
            sandbox.1
        ))
        .output()
        .unwrap();
    let mut expected = curl.stdout.clone();
    if !expected.ends_with(b"\n") {
        expected.push(b'\n');
    }
    assert!(curl.stdout.len() > 1_000_000, "{}", curl.stdout.len());
    assert!(
        out.stdout == expected,
        "the streamed body differs from curl's"
    );

    let history = ok(&cli.run(&["history", "--profile", &p, "--limit", "1"]));
    assert_eq!(history[0]["status"], 200, "{history}");
    assert_eq!(history[0]["size"], curl.stdout.len() as u64, "{history}");

    // An error is not streamed: its body and what it means are printed whole.
    let missing = "0123456789abcdef0123456789abcdef";
    let out = cli.run(&[
        "request",
        &p,
        "GET",
        &format!("/api/now/table/incident/{missing}"),
    ]);
    assert_eq!(out.status.code(), Some(1));
    assert!(String::from_utf8_lossy(&out.stdout).contains("No Record found"));
}

#[test]
fn a_reader_that_goes_away_ends_the_output_quietly() {
    let sandbox = Sandbox::start(&["--seed", "incident=3000"]);
    let mut cli = Cli::new();
    let p = cli.profile(&sandbox);
    let mut child = cli
        .cmd(&[
            "request",
            &p,
            "GET",
            "/api/now/table/incident",
            "--param",
            "sysparm_limit=3000",
        ])
        .stdin(Stdio::null())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    let mut first = [0u8; 100];
    child.stdout.take().unwrap().read_exact(&mut first).unwrap(); // then dropped, as `| head` does
    let out = child.wait_with_output().unwrap();
    assert!(
        first.starts_with(b"{\"result\":["),
        "{}",
        String::from_utf8_lossy(&first)
    );
    assert!(out.status.success(), "{}", stderr(&out));
    let history = ok(&cli.run(&["history", "--profile", &p, "--limit", "1"]));
    assert_eq!(history[0]["status"], 200, "{history}");
}
