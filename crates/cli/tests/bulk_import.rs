//! `snowpost table PROFILE import`: rows through a rate limit and 202 answers land once (the
//! sandbox's own list is the judge), a re-run skips what is done, --update-key updates, a
//! failed row exits 1, and production asks before the first write.

mod common;

use std::collections::HashSet;

use common::*;

/// The `short_description` of every u_bulk row the sandbox holds.
fn descriptions(cli: &Cli, p: &str) -> Vec<String> {
    let out = cli.dir.path().join("list.ndjson");
    let list = cli.run(&[
        "table",
        p,
        "list",
        "u_bulk",
        "--fields",
        "short_description",
        "--all",
        "--out",
        out.to_str().unwrap(),
    ]);
    assert!(list.status.success(), "{}", stderr(&list));
    std::fs::read_to_string(&out)
        .unwrap()
        .lines()
        .map(|l| {
            serde_json::from_str::<serde_json::Value>(l).unwrap()["short_description"].to_string()
        })
        .collect()
}

/// `table P import u_bulk --from FILE`.
fn import_args<'a>(p: &'a str, file: &'a std::path::Path) -> Vec<&'a str> {
    vec![
        "table",
        p,
        "import",
        "u_bulk",
        "--from",
        file.to_str().unwrap(),
    ]
}

#[test]
fn import_lands_every_row_once_and_a_rerun_skips_them() {
    let sandbox = Sandbox::start(&["--rate-limit", "table=200/1", "--defer-writes", "5"]);
    let mut cli = Cli::new();
    let p = cli.profile(&sandbox);
    let file = cli.dir.path().join("rows.ndjson");
    let rows: String = (0..500)
        .map(|n| format!("{{\"short_description\":\"row {n}\"}}\n"))
        .collect();
    std::fs::write(&file, rows).unwrap();
    let import = import_args(&p, &file);
    let out = cli.run(&import);
    assert!(out.status.success(), "{}", stderr(&out));
    let err = stderr(&out);
    assert!(
        err.contains("500/500 rows: 500 inserted, 0 updated, 0 failed"),
        "{err}"
    );
    assert!(!err.contains(" 0 not-processed (202) resent"), "{err}");
    let results = cli.dir.path().join("rows.results.ndjson");
    assert_eq!(
        std::fs::read_to_string(&results).unwrap().lines().count(),
        500
    );
    let seen = descriptions(&cli, &p);
    assert_eq!(seen.iter().collect::<HashSet<_>>().len(), 500);
    assert_eq!(seen.len(), 500);

    let before = api_requests(&sandbox);
    let again = cli.run(&import);
    assert!(
        stderr(&again).contains("0 inserted, 0 updated, 0 failed, 500 skipped"),
        "{}",
        stderr(&again)
    );
    assert_eq!(
        api_requests(&sandbox),
        before,
        "a finished import sends nothing again"
    );
}

#[test]
fn csv_with_update_key_updates_and_a_failed_row_exits_1() {
    let sandbox = Sandbox::start(&[]);
    let mut cli = Cli::new();
    let p = cli.profile(&sandbox);
    let csv = cli.dir.path().join("rows.csv");
    std::fs::write(&csv, "u_key,short_description\nk1,one\nk2,two\n").unwrap();
    let csv = csv.to_str().unwrap();
    // The first import creates the table (a fresh sandbox has no u_bulk to look up in).
    let out = cli.run(&["table", &p, "import", "u_bulk", "--from", csv]);
    assert!(out.status.success(), "{}", stderr(&out));
    std::fs::write(
        cli.dir.path().join("more.csv"),
        "u_key,short_description\nk2,\"two, changed\"\n,no key\n",
    )
    .unwrap();
    let more = cli.dir.path().join("more.csv");
    let out = cli.run(&[
        "table",
        &p,
        "import",
        "u_bulk",
        "--from",
        more.to_str().unwrap(),
        "--update-key",
        "u_key",
    ]);
    assert_eq!(out.status.code(), Some(1), "{}", stderr(&out));
    assert!(
        stderr(&out).contains("0 inserted, 1 updated, 1 failed"),
        "{}",
        stderr(&out)
    );
    assert_eq!(descriptions(&cli, &p), ["\"one\"", "\"two, changed\""]);
}

#[test]
fn production_confirms_the_import_once() {
    let sandbox = Sandbox::start(&[]);
    let mut cli = Cli::new();
    let p = cli.profile(&sandbox);
    ok(&cli.run(&["profile", "edit", &p, "--environment", "production"]));
    let file = cli.dir.path().join("rows.ndjson");
    std::fs::write(
        &file,
        "{\"short_description\":\"a\"}\n{\"short_description\":\"b\"}\n",
    )
    .unwrap();
    let import = import_args(&p, &file);
    let before = api_requests(&sandbox);
    let refused = cli.run(&import);
    assert_eq!(refused.status.code(), Some(2), "{}", stderr(&refused));
    assert_eq!(
        api_requests(&sandbox),
        before,
        "nothing is sent unconfirmed"
    );
    let mut yes = vec!["--yes"];
    yes.extend_from_slice(&import);
    let out = cli.run(&yes);
    assert!(out.status.success(), "{}", stderr(&out));
    assert_eq!(descriptions(&cli, &p).len(), 2);
}
