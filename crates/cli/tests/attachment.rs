//! `snowpost attachment`: a file goes up streamed, comes back byte for byte, and the
//! refusals (too big, unknown record, read-only profile) are clear.

mod common;

use std::process::Command;

use common::{api_requests, ok, stderr, Cli, Sandbox};
use serde_json::Value;

/// 3 MB of xorshift noise: no run the transport could shortcut.
fn noise(len: usize) -> Vec<u8> {
    let mut x: u64 = 0x9E37_79B9_7F4A_7C15;
    (0..len)
        .map(|_| {
            x ^= x << 13;
            x ^= x >> 7;
            x ^= x << 17;
            (x >> 24) as u8
        })
        .collect()
}

fn sha256sum(path: &std::path::Path) -> String {
    let out = Command::new("sha256sum").arg(path).output().unwrap();
    String::from_utf8_lossy(&out.stdout)
        .split_whitespace()
        .next()
        .unwrap_or_default()
        .to_string()
}

fn incident(cli: &Cli, p: &str) -> (String, String) {
    let created = ok(&cli.run(&[
        "table",
        p,
        "create",
        "incident",
        "--data",
        r#"{"short_description":"with a file"}"#,
    ]));
    let r = &created["result"];
    (
        r["sys_id"].as_str().unwrap().to_string(),
        r["number"].as_str().unwrap().to_string(),
    )
}

#[test]
fn a_file_goes_up_and_comes_back_byte_for_byte() {
    let sandbox = Sandbox::start(&[]);
    let mut cli = Cli::new();
    let p = cli.profile(&sandbox);
    let (sys_id, number) = incident(&cli, &p);
    let file = cli.dir.path().join("noise.bin");
    std::fs::write(&file, noise(3 * 1024 * 1024)).unwrap();
    let ours = sha256sum(&file);

    // By number: resolved to the sys_id before the upload.
    let up = ok(&cli.run(&[
        "attachment",
        &p,
        "upload",
        "incident",
        &number,
        file.to_str().unwrap(),
    ]));
    let meta = &up["result"];
    assert_eq!(
        meta["hash"].as_str(),
        Some(ours.as_str()),
        "the instance's hash is ours"
    );
    assert_eq!(meta["size_bytes"], "3145728");
    assert_eq!(meta["table_sys_id"].as_str(), Some(sys_id.as_str()));
    assert_eq!(meta["content_type"], "application/octet-stream");
    let id = meta["sys_id"].as_str().unwrap().to_string();

    let list = ok(&cli.run(&["attachment", &p, "list", "incident", &sys_id]));
    assert_eq!(list["result"][0]["sys_id"].as_str(), Some(id.as_str()));
    assert_eq!(list["result"][0]["file_name"], "noise.bin");

    let out = cli.dir.path().join("back.bin");
    let out_arg = out.to_str().unwrap();
    let down = ok(&cli.run(&["attachment", &p, "download", &id, "--out", out_arg]));
    assert_eq!(down["hash"].as_str(), Some(ours.as_str()));
    assert_eq!(sha256sum(&out), ours);
    assert!(std::fs::read(&out).unwrap() == std::fs::read(&file).unwrap());

    let again = cli.run(&["attachment", &p, "download", &id, "--out", out_arg]);
    assert_eq!(again.status.code(), Some(2));
    assert!(stderr(&again).contains("--force"), "{}", stderr(&again));
    let forced = [
        "attachment",
        &p,
        "download",
        &id,
        "--out",
        out_arg,
        "--force",
    ];
    ok(&cli.run(&forced));

    let deleted = cli.run(&["attachment", &p, "delete", &id]);
    assert!(deleted.status.success(), "{}", stderr(&deleted));
    let list = ok(&cli.run(&["attachment", &p, "list", "incident", &sys_id]));
    assert_eq!(list["result"].as_array().map(Vec::len), Some(0));
    let gone = cli.run(&forced);
    assert_eq!(gone.status.code(), Some(1));
    assert!(stderr(&gone).contains("404"), "{}", stderr(&gone));
}

#[test]
fn refusals_are_clear() {
    let sandbox = Sandbox::start(&["--attachment-max-bytes", "1000"]);
    let mut cli = Cli::new();
    let p = cli.profile(&sandbox);
    let (sys_id, _) = incident(&cli, &p);
    let big = cli.dir.path().join("big.txt");
    std::fs::write(&big, vec![b'x'; 5000]).unwrap();
    let big_arg = big.to_str().unwrap();

    let too_big = cli.run(&["attachment", &p, "upload", "incident", &sys_id, big_arg]);
    assert_eq!(too_big.status.code(), Some(1));
    let body: Value = serde_json::from_slice(&too_big.stdout).unwrap();
    assert_eq!(
        body["error"]["message"],
        "Rejected large REST payload with content-length = 5000 bytes. Max allowed: 1000 bytes"
    );
    assert!(stderr(&too_big).contains("413"), "{}", stderr(&too_big));

    let unknown = cli.run(&[
        "attachment",
        &p,
        "upload",
        "incident",
        "INC0999999",
        big_arg,
    ]);
    assert_ne!(unknown.status.code(), Some(0));
    assert!(
        stderr(&unknown).contains("INC0999999"),
        "{}",
        stderr(&unknown)
    );

    let missing = cli.run(&[
        "attachment",
        &p,
        "upload",
        "incident",
        &sys_id,
        "/nonexistent/x.txt",
    ]);
    assert_eq!(missing.status.code(), Some(3));
    assert!(
        stderr(&missing).contains("not a readable file"),
        "{}",
        stderr(&missing)
    );

    ok(&cli.run(&["profile", "edit", &p, "--read-only"]));
    let before = api_requests(&sandbox);
    let refused = cli.run(&["attachment", &p, "upload", "incident", &sys_id, big_arg]);
    assert_eq!(refused.status.code(), Some(2));
    assert!(
        stderr(&refused).contains("error [read_only]"),
        "{}",
        stderr(&refused)
    );
    assert_eq!(api_requests(&sandbox), before, "nothing was sent");
}

/// `request --body-file`: any call can carry a file, streamed; here the Attachment API's raw
/// upload, its Content-Type from the extension unless a header says otherwise.
#[test]
fn a_file_is_the_body_of_any_request() {
    let sandbox = Sandbox::start(&[]);
    let mut cli = Cli::new();
    let p = cli.profile(&sandbox);
    let (sys_id, _) = incident(&cli, &p);
    let file = cli.dir.path().join("report.pdf");
    std::fs::write(&file, noise(300 * 1024)).unwrap();
    let path = format!(
        "/api/now/attachment/file?table_name=incident&table_sys_id={sys_id}&file_name=report.pdf"
    );
    let sent = |extra: &[&str]| {
        let mut args = vec!["request", &p, "POST", &path, "--body-file"];
        args.push(file.to_str().unwrap());
        args.extend_from_slice(extra);
        ok(&cli.run(&args))
    };
    let guessed = &sent(&[])["result"];
    assert_eq!(guessed["content_type"], "application/pdf");
    assert_eq!(guessed["hash"].as_str(), Some(sha256sum(&file).as_str()));
    assert_eq!(guessed["size_bytes"], "307200");
    let given = &sent(&["-H", "Content-Type: application/x-custom"])["result"];
    assert_eq!(given["content_type"], "application/x-custom");

    let both = cli.run(&[
        "request",
        &p,
        "POST",
        "/api/now/table/incident",
        "--data",
        "{}",
        "--body-file",
        file.to_str().unwrap(),
    ]);
    assert_eq!(both.status.code(), Some(2), "{}", stderr(&both));
}
