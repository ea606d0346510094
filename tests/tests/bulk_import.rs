//! Import records: every row lands exactly once through 429s and 202 "not processed"
//! answers, a cancelled run resumes, and --update-key updates instead of duplicating. The
//! sandbox's own rows are the judge, not the client's counts.

use std::collections::HashSet;
use std::path::Path;
use std::sync::atomic::{AtomicBool, Ordering};
use std::time::Duration;

use snowpost_core::bulk::rows::{RowFormat, RowReader};
use snowpost_core::bulk::{rows_done, RowResult};
use snowpost_core::guard::Confirmed;
use snowpost_core::workspace::{ImportOptions, ImportProgress};
use snowpost_e2e::Env;
use snowpost_sandbox::{RateLimit, RestApi, SandboxConfig};

fn options(update_key: Option<&str>) -> ImportOptions {
    ImportOptions {
        table: "u_bulk".into(),
        concurrency: 4,
        update_key: update_key.map(str::to_string),
        confirmed: Confirmed::No,
        total: None,
    }
}

async fn import(
    env: &Env,
    file: &Path,
    results: &Path,
    options: &ImportOptions,
    cancel: &AtomicBool,
    on_progress: &(dyn Fn(&ImportProgress) + Sync),
) -> ImportProgress {
    let input = std::io::BufReader::new(std::fs::File::open(file).unwrap());
    let rows = RowReader::new(input, RowFormat::from_path(file));
    env.ws
        .import_records(&env.profile, rows, results, options, cancel, on_progress)
        .await
        .unwrap()
}

fn ndjson_rows(range: std::ops::Range<u32>) -> String {
    range
        .map(|n| format!("{{\"u_key\":\"k{n}\",\"short_description\":\"row {n}\"}}\n"))
        .collect()
}

/// Each value once, and exactly `n` of them.
fn assert_each_once(values: &[String], n: usize) {
    let distinct: HashSet<&String> = values.iter().collect();
    assert_eq!((values.len(), distinct.len()), (n, n));
}

#[tokio::test]
async fn two_thousand_rows_through_rate_limits_and_202s_land_once() {
    let env = Env::start(SandboxConfig {
        api_rate_limits: vec![(
            RestApi::Table,
            RateLimit {
                requests: 700,
                per: Duration::from_secs(1),
            },
        )],
        defer_writes: 7,
        ..SandboxConfig::default()
    })
    .await;
    let dir = tempfile::tempdir().unwrap();
    let (file, results) = (dir.path().join("in.ndjson"), dir.path().join("r.ndjson"));
    std::fs::write(&file, ndjson_rows(0..2000)).unwrap();
    let never = AtomicBool::new(false);
    let p = import(&env, &file, &results, &options(None), &never, &|_| {}).await;
    assert_eq!((p.inserted, p.failed, p.cancelled), (2000, 0, false));
    assert!(p.rate_limited >= 1, "{p:?}");
    assert!(p.not_processed >= 200, "{p:?}");
    assert_eq!(env.sandbox.faults().deferred_writes(), p.not_processed);
    assert_each_once(&env.sandbox.column("u_bulk", "short_description"), 2000);
    assert_eq!(rows_done(&results).unwrap().len(), 2000);
    let history = env.ws.history(Some(&env.profile), "", 10).unwrap().rows;
    assert_eq!(history.len(), 1, "one history entry per import");
}

#[tokio::test]
async fn a_cancelled_import_resumes_without_duplicates() {
    let env = Env::start(SandboxConfig::default()).await;
    let dir = tempfile::tempdir().unwrap();
    let (file, results) = (dir.path().join("in.ndjson"), dir.path().join("r.ndjson"));
    std::fs::write(&file, ndjson_rows(0..300)).unwrap();
    let cancel = AtomicBool::new(false);
    let stop_at_100 = |p: &ImportProgress| {
        if p.finished() >= 100 {
            cancel.store(true, Ordering::SeqCst);
        }
    };
    let first = import(&env, &file, &results, &options(None), &cancel, &stop_at_100).await;
    assert!(first.cancelled);
    assert!((100..110).contains(&first.inserted), "{first:?}");
    let landed = env.sandbox.column("u_bulk", "short_description").len() as u64;
    assert_eq!(landed, first.inserted);
    let never = AtomicBool::new(false);
    let second = import(&env, &file, &results, &options(None), &never, &|_| {}).await;
    assert_eq!(
        (second.skipped, second.inserted),
        (first.inserted, 300 - first.inserted)
    );
    assert_each_once(&env.sandbox.column("u_bulk", "short_description"), 300);
}

#[tokio::test]
async fn update_key_updates_instead_of_duplicating_and_csv_works() {
    let env = Env::start(SandboxConfig::default()).await;
    let dir = tempfile::tempdir().unwrap();
    let never = AtomicBool::new(false);
    let csv = dir.path().join("in.csv");
    std::fs::write(
        &csv,
        "u_key,short_description\nk1,first\nk2,\"second, quoted\"\n",
    )
    .unwrap();
    let p = import(
        &env,
        &csv,
        &dir.path().join("a"),
        &options(None),
        &never,
        &|_| {},
    )
    .await;
    assert_eq!(p.inserted, 2);
    assert_eq!(
        env.sandbox.column("u_bulk", "short_description"),
        ["first", "second, quoted"]
    );
    let again = dir.path().join("again.ndjson");
    std::fs::write(
        &again,
        "{\"u_key\":\"k2\",\"short_description\":\"changed\"}\n{\"u_key\":\"k3\",\"short_description\":\"new\"}\n{\"short_description\":\"no key\"}\n",
    )
    .unwrap();
    let results = dir.path().join("b");
    let p = import(
        &env,
        &again,
        &results,
        &options(Some("u_key")),
        &never,
        &|_| {},
    )
    .await;
    assert_eq!((p.updated, p.inserted, p.failed), (1, 1, 1));
    assert_eq!(
        env.sandbox.column("u_bulk", "short_description"),
        ["first", "changed", "new"]
    );
    let lines: Vec<RowResult> = std::fs::read_to_string(&results)
        .unwrap()
        .lines()
        .map(|l| serde_json::from_str(l).unwrap())
        .collect();
    let failed = lines.iter().find(|r| r.row == 3).unwrap();
    assert_eq!(failed.status, "failed");
    assert!(failed.error.as_deref().unwrap_or("").contains("u_key"));
}
