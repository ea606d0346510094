//! What core adds to one Table API call over loopback, against raw reqwest doing the same
//! request: `GET /api/now/table/incident/{sys_id}` on an in-process sandbox, with the token.
//!
//! - `reqwest`: one reqwest client, the bearer header, the body read whole;
//! - `http_client`: the same request through core's seam (`HttpClient::send`);
//! - `workspace`: `Workspace::send_table`, as the CLI and the app call it: profile, token
//!   (in memory after the first call), write guard, the request built, sent, parsed, and the
//!   history written to SQLite.
//!
//! `*_minus_reqwest` time each core call alternated with a raw one and keep the difference:
//! the overhead measured side by side. Run with `bench/core_overhead.sh` (needs a Secret
//! Service: the profile's secrets are in the real keychain); criterion's median is the p50.

use std::future::Future;
use std::time::{Duration, Instant};

use criterion::{criterion_group, criterion_main, Criterion};
use serde_json::json;
use snowpost_core::http::HttpRequest;
use snowpost_core::{HttpClient, Method, TableRequest};
use snowpost_e2e::Env;
use snowpost_sandbox::SandboxConfig;

fn overhead(c: &mut Criterion) {
    let rt = tokio::runtime::Builder::new_multi_thread()
        .worker_threads(2)
        .enable_all()
        .build()
        .expect("tokio runtime");
    let env = rt.block_on(Env::start(SandboxConfig::default()));
    let (ws, profile) = (&env.ws, env.profile.as_str());
    let created = rt
        .block_on(ws.send_table(
            profile,
            &TableRequest::create("incident", json!({"short_description": "bench"})),
        ))
        .expect("create");
    let sys_id = created.result().expect("a record")["sys_id"]
        .as_str()
        .expect("a sys_id")
        .to_string();
    let token = rt
        .block_on(ws.access_token(profile))
        .expect("token")
        .access_token
        .expose()
        .to_string();
    let url = url::Url::parse(&format!(
        "{}/api/now/table/incident/{sys_id}",
        env.sandbox.base_url()
    ))
    .expect("url");
    let headers = vec![
        ("Authorization".to_string(), format!("Bearer {token}")),
        ("Accept".to_string(), "application/json".to_string()),
    ];

    let mut group = c.benchmark_group("get_incident");
    group.measurement_time(Duration::from_secs(5));

    let raw = reqwest::Client::builder()
        .no_proxy()
        .build()
        .expect("reqwest client");
    let http = HttpClient::new().expect("http client");
    let get = TableRequest::get("incident", &sys_id);
    let send_raw = || async {
        let mut req = raw.get(url.clone());
        for (k, v) in &headers {
            req = req.header(k, v);
        }
        let resp = req.send().await.expect("sent");
        assert_eq!(resp.status(), 200);
        resp.bytes().await.expect("body").len()
    };
    let send_http = || async {
        let resp = http
            .send(HttpRequest {
                method: Method::GET,
                url: url.clone(),
                headers: headers.clone(),
                body: Vec::new(),
                follow_redirects: true,
            })
            .await
            .expect("sent");
        assert_eq!(resp.status, 200);
        resp.body.len()
    };
    let send_ws = || async {
        let x = ws.send_table(profile, &get).await.expect("sent");
        assert_eq!(x.status, 200);
        x.size
    };

    group.bench_function("reqwest", |b| b.iter(|| rt.block_on(send_raw())));
    group.bench_function("http_client", |b| b.iter(|| rt.block_on(send_http())));
    group.bench_function("workspace", |b| b.iter(|| rt.block_on(send_ws())));
    // The overhead itself, each core call alternated with a raw one so a busy moment hits
    // both: the time of the core calls minus that of the raw ones.
    group.bench_function("http_client_minus_reqwest", |b| {
        b.iter_custom(|iters| alternated(&rt, iters, &send_raw, &send_http))
    });
    group.bench_function("workspace_minus_reqwest", |b| {
        b.iter_custom(|iters| alternated(&rt, iters, &send_raw, &send_ws))
    });
    group.finish();
    drop(env);
}

/// `iters` core calls, each right after a raw one: their time minus the raw calls' time.
fn alternated<FR: Future, FC: Future>(
    rt: &tokio::runtime::Runtime,
    iters: u64,
    raw: &impl Fn() -> FR,
    core: &impl Fn() -> FC,
) -> Duration {
    let (mut raw_time, mut core_time) = (Duration::ZERO, Duration::ZERO);
    for _ in 0..iters {
        let start = Instant::now();
        rt.block_on(raw());
        raw_time += start.elapsed();
        let start = Instant::now();
        rt.block_on(core());
        core_time += start.elapsed();
    }
    // A sample where the raw calls were slower counts as 1 ns (criterion refuses zero): that
    // can only overstate the overhead.
    core_time
        .saturating_sub(raw_time)
        .max(Duration::from_nanos(1))
}

criterion_group!(benches, overhead);
criterion_main!(benches);
