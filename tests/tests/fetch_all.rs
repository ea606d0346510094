//! Fetch all: following `Link: next` to the end, streaming to NDJSON or CSV, waiting out 429s.

use std::collections::HashSet;
use std::sync::atomic::AtomicBool;
use std::time::Duration;

use snowpost_core::api::{RecordFormat, RecordWriter};
use snowpost_core::workspace::FetchProgress;
use snowpost_core::TableRequest;
use snowpost_e2e::Env;
use snowpost_sandbox::{RateLimit, SandboxConfig};

/// Fetches `list` to memory in `format`, without cancel or progress: the file's text, or the error.
async fn fetch(
    env: &Env,
    list: &TableRequest,
    format: RecordFormat,
) -> snowpost_core::Result<(FetchProgress, String)> {
    let mut writer = RecordWriter::new(Vec::new(), format);
    let p = env
        .ws
        .fetch_all(
            &env.profile,
            list,
            &mut writer,
            &AtomicBool::new(false),
            |_| {},
        )
        .await?;
    Ok((p, String::from_utf8(writer.finish()?).unwrap()))
}

#[tokio::test]
async fn every_record_once_in_ndjson() {
    let env = Env::start(SandboxConfig::default()).await;
    env.sandbox.seed("u_bulk", 2500);
    let mut writer = RecordWriter::new(Vec::new(), RecordFormat::Ndjson);
    let mut pages_seen = Vec::new();
    let p = env
        .ws
        .fetch_all(
            &env.profile,
            &TableRequest::list("u_bulk"),
            &mut writer,
            &AtomicBool::new(false),
            |p| pages_seen.push(p.records),
        )
        .await
        .unwrap();
    assert_eq!(
        (p.records, p.pages, p.total, p.cancelled),
        (2500, 3, Some(2500), false)
    );
    assert_eq!(pages_seen, [1000, 2000, 2500]);
    let history = env.ws.history(Some(&env.profile), "", 100).unwrap().rows;
    assert_eq!(
        history.len(),
        1,
        "one history entry per fetch, not one per page"
    );
    assert!(history[0].url.contains("sysparm_limit=1000") && !history[0].url.contains("offset"));
    let text = String::from_utf8(writer.finish().unwrap()).unwrap();
    let ids: HashSet<String> = text
        .lines()
        .map(|l| {
            serde_json::from_str::<serde_json::Value>(l).unwrap()["sys_id"]
                .as_str()
                .unwrap()
                .to_string()
        })
        .collect();
    assert_eq!(ids.len(), 2500);
}

#[tokio::test]
async fn csv_with_a_query_and_fields() {
    let env = Env::start(SandboxConfig::default()).await;
    env.sandbox.seed("incident", 30);
    let list = TableRequest::list("incident")
        .param("sysparm_query", "urgency=1^ORDERBYnumber")
        .param("sysparm_fields", "number,urgency")
        .param("sysparm_limit", "4");
    let (p, text) = fetch(&env, &list, RecordFormat::Csv).await.unwrap();
    assert_eq!((p.records, p.pages), (10, 3));
    let lines: Vec<_> = text.lines().collect();
    assert_eq!(lines[0], "number,urgency");
    assert_eq!(lines[1], "INC0010001,1");
    assert_eq!(lines.len(), 11);
}

#[tokio::test]
async fn rate_limits_are_waited_out() {
    let limit = RateLimit {
        requests: 2,
        per: Duration::from_secs(2),
    };
    let env = Env::start(SandboxConfig {
        rate_limit: Some(limit),
        ..SandboxConfig::default()
    })
    .await;
    env.sandbox.seed("u_bulk", 50);
    let list = TableRequest::list("u_bulk").param("sysparm_limit", "10");
    let (p, _) = fetch(&env, &list, RecordFormat::Ndjson).await.unwrap();
    assert_eq!((p.records, p.pages), (50, 5));
    assert!(p.rate_limited >= 1, "{p:?}");
}

#[tokio::test]
async fn cancel_stops_between_pages_and_keeps_what_was_written() {
    let env = Env::start(SandboxConfig::default()).await;
    env.sandbox.seed("u_bulk", 100);
    let cancel = AtomicBool::new(false);
    let mut writer = RecordWriter::new(Vec::new(), RecordFormat::Ndjson);
    let list = TableRequest::list("u_bulk").param("sysparm_limit", "10");
    let p = env
        .ws
        .fetch_all(&env.profile, &list, &mut writer, &cancel, |p| {
            if p.pages == 2 {
                cancel.store(true, std::sync::atomic::Ordering::Relaxed);
            }
        })
        .await
        .unwrap();
    assert!(p.cancelled);
    assert_eq!(p.records, 20);
    assert_eq!(
        String::from_utf8(writer.finish().unwrap())
            .unwrap()
            .lines()
            .count(),
        20
    );
}

#[tokio::test]
async fn a_failing_page_is_a_clear_error() {
    let env = Env::start(SandboxConfig::default()).await;
    let missing = TableRequest::list("no_such_table");
    let e = fetch(&env, &missing, RecordFormat::Ndjson)
        .await
        .unwrap_err();
    assert_eq!(e.kind(), "page_failed");
    assert!(e.to_string().contains("400"), "{e}");
    let get_one = TableRequest::get("incident", "abc");
    let e = fetch(&env, &get_one, RecordFormat::Ndjson)
        .await
        .unwrap_err();
    assert_eq!(e.kind(), "invalid_input");
}
