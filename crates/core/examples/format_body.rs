//! Scripted benchmark: how long the viewer's Rust side takes to make a big Table API answer
//! browsable — the first page early, the whole formatted (pretty), a search, a page deep down.
//! `cargo run --release -p snowpost-core --example format_body [MEGABYTES]` (default 50).

use std::time::Instant;

use snowpost_core::api::SentRequest;
use snowpost_core::http::HttpResponse;
use snowpost_core::views::ExchangeStore;
use snowpost_core::Exchange;

fn main() {
    let mb: usize = std::env::args()
        .nth(1)
        .and_then(|a| a.parse().ok())
        .unwrap_or(50);
    let body = table_list(mb * 1024 * 1024);
    let sent = SentRequest {
        method: "GET".into(),
        url: "http://127.0.0.1/api/now/table/incident".into(),
        headers: vec![],
        body: None,
    };
    let resp = HttpResponse {
        status: 200,
        headers: vec![(
            "Content-Type".into(),
            "application/json;charset=UTF-8".into(),
        )],
        body,
        elapsed: Default::default(),
        timing: Default::default(),
    };
    let size = resp.body.len();
    let mut store = ExchangeStore::default();
    let start = Instant::now();
    let view = store.insert(Exchange::new(sent, resp), None);
    let record = start.elapsed();
    let t = Instant::now();
    let early = store.first_page(view.id, true, 200).unwrap();
    let early_ms = t.elapsed().as_secs_f64() * 1e3;
    let first = store.page(view.id, true, 0, 200).unwrap();
    let format = start.elapsed();
    let t = Instant::now();
    let deep = store.page(view.id, true, first.total / 2, 200).unwrap();
    let page = t.elapsed();
    let t = Instant::now();
    let hits = store.search(view.id, true, "INC0099999", 100).unwrap();
    let search = t.elapsed();
    println!(
        "body: {:.1} MB, {} pretty lines",
        size as f64 / 1048576.0,
        first.total
    );
    println!(
        "record exchange:            {:>8.1} ms",
        record.as_secs_f64() * 1e3
    );
    println!(
        "first page, early:          {early_ms:>8.1} ms (from the start alone: {})",
        early.provisional
    );
    println!(
        "pretty format + first page: {:>8.1} ms (since the body was kept)",
        format.as_secs_f64() * 1e3
    );
    println!(
        "page in the middle:         {:>8.3} ms ({} lines)",
        page.as_secs_f64() * 1e3,
        deep.lines.len()
    );
    println!(
        "search whole body:          {:>8.1} ms ({} hits)",
        search.as_secs_f64() * 1e3,
        hits.len()
    );
}

/// A `{"result":[…]}` list of incident-like records, as a real instance sends it.
fn table_list(target: usize) -> Vec<u8> {
    let mut out = String::with_capacity(target + 4096);
    out.push_str("{\"result\":[");
    let mut i = 0u64;
    while out.len() < target {
        if i > 0 {
            out.push(',');
        }
        out.push_str(&format!(
            "{{\"number\":\"INC{:07}\",\"sys_id\":\"{:032x}\",\"short_description\":\"Seeded record {i} with some words to read\",\"priority\":\"{}\",\"state\":\"1\",\"active\":\"true\",\"opened_by\":{{\"link\":\"https://dev1.service-now.com/api/now/table/sys_user/6816f79cc0a8016401c5a33be04be441\",\"value\":\"6816f79cc0a8016401c5a33be04be441\"}},\"sys_created_on\":\"2026-11-29 12:00:00\",\"description\":\"\"}}",
            10_000 + i,
            i,
            i % 5 + 1
        ));
        i += 1;
    }
    out.push_str("]}");
    out.into_bytes()
}
