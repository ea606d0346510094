//! kill -9 mid-write, 50 times: a Postman import (many saved-request writes), profile edits and
//! sent requests (history). After each kill the database opens, `PRAGMA integrity_check` is
//! ok, and every row reads back whole.

mod common;

use std::os::unix::process::ExitStatusExt;
use std::process::Stdio;
use std::time::Duration;

use common::*;
use snowpost_core::storage::Storage;

fn collection(n: usize) -> String {
    let items: Vec<_> = (0..n)
        .map(|i| {
            serde_json::json!({"name": format!("r{i:04}"), "request": {
                "method": "POST",
                "url": "{{instance_url}}/api/now/table/incident",
                "body": {"mode": "raw", "raw": format!("{{\"short_description\": \"row {i} {}\"}}", "x".repeat(200))}
            }})
        })
        .collect();
    serde_json::json!({
        "info": {"name": "bulk", "schema": "https://schema.getpostman.com/json/collection/v2.1.0/collection.json"},
        "item": items
    })
    .to_string()
}

#[test]
fn fifty_kills_mid_write_leave_a_sound_database() {
    let sandbox = Sandbox::start(&[]);
    let mut cli = Cli::new();
    let p = cli.profile(&sandbox);
    let file = cli.dir.path().join("bulk.postman_collection.json");
    std::fs::write(&file, collection(1500)).unwrap();
    let file = file.to_str().unwrap().to_string();
    let mut interrupted = 0;
    for i in 0..50u64 {
        let scope = format!("scope-{i}");
        let args: Vec<&str> = match i % 3 {
            0 => vec!["collection", "import", &p, &file],
            1 => vec!["profile", "edit", &p, "--scope", &scope],
            _ => vec!["request", &p, "GET", "/api/now/stats/incident"],
        };
        let mut child = cli
            .cmd(&args)
            .stdin(Stdio::null())
            .stdout(Stdio::null())
            .stderr(Stdio::null())
            .spawn()
            .unwrap();
        // A spread of moments: from before the first write to deep into the import.
        std::thread::sleep(Duration::from_millis((i * 37) % 120));
        let _ = child.kill();
        let status = child.wait().unwrap();
        if status.signal() == Some(9) {
            interrupted += 1;
        }

        let s = Storage::open_dir(cli.dir.path()).unwrap();
        assert_eq!(s.integrity_check().unwrap(), "ok", "kill {i}");
        let saved = s.saved_requests(&p).unwrap();
        assert!(saved.skipped.is_empty(), "kill {i}: {:?}", saved.skipped);
        for row in &saved.rows {
            assert!(
                row.request.body.as_deref().unwrap_or("").ends_with("\"}"),
                "kill {i}: torn row"
            );
        }
        assert!(s.history(Some(&p), "", 5000).unwrap().skipped.is_empty());
        assert!(s
            .profile(&p)
            .unwrap()
            .scope
            .as_deref()
            .is_none_or(|sc| sc.starts_with("scope-")));
    }
    eprintln!("{interrupted} of 50 processes were killed before they finished");
    assert!(interrupted >= 25, "only {interrupted} kills landed mid-run");
}
