//! What core adds to one Table API call over loopback, against raw reqwest doing the same
//! request: `GET /api/now/table/incident/{sys_id}` on an in-process sandbox, with the token.
//!
//! - `reqwest`: one reqwest client, the bearer header, the body read whole;
//! - `http_client`: the same request through core's seam (`HttpClient::send`);
//! - `workspace`: `Workspace::send_table`, as the CLI and the app call it: profile, token
//!   (in memory after the first call), write guard, the request built, sent, parsed, and the
//!   history written to SQLite.
//!
//! Run with `bench/core_overhead.sh` (needs a Secret Service: the profile's secrets are in the
//! real keychain); criterion's median of each is the p50 the script compares.

use std::time::Duration;

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
    group.bench_function("reqwest", |b| {
        b.iter(|| {
            rt.block_on(async {
                let mut req = raw.get(url.clone());
                for (k, v) in &headers {
                    req = req.header(k, v);
                }
                let resp = req.send().await.expect("sent");
                assert_eq!(resp.status(), 200);
                resp.bytes().await.expect("body")
            })
        })
    });

    let http = HttpClient::new().expect("http client");
    group.bench_function("http_client", |b| {
        b.iter(|| {
            rt.block_on(async {
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
                resp
            })
        })
    });

    let get = TableRequest::get("incident", &sys_id);
    group.bench_function("workspace", |b| {
        b.iter(|| {
            rt.block_on(async {
                let x = ws.send_table(profile, &get).await.expect("sent");
                assert_eq!(x.status, 200);
                x
            })
        })
    });
    group.finish();
    drop(env);
}

criterion_group!(benches, overhead);
criterion_main!(benches);
