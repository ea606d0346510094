use std::net::SocketAddr;
use std::time::{Duration, Instant};

use reqwest::StatusCode;
use snowpost_sandbox::{RateLimit, Sandbox, SandboxConfig};

use crate::common::*;

#[tokio::test]
async fn rate_limit_answers_429_with_retry_after() {
    let config = SandboxConfig {
        rate_limit: Some(RateLimit {
            requests: 2,
            per: Duration::from_secs(3600),
        }),
        ..SandboxConfig::default()
    };
    let (sandbox, client) = start(config).await;
    let token = access_token(&client, &sandbox).await;
    let url = format!("{}/api/now/table/incident", sandbox.base_url());
    for _ in 0..2 {
        let response = client
            .get(&url)
            .bearer_auth(&token)
            .send()
            .await
            .expect("sent");
        assert_eq!(response.status(), StatusCode::OK);
        assert_eq!(header(&response, "x-ratelimit-limit"), "2");
        assert!(!header(&response, "x-ratelimit-rule").is_empty());
    }
    let response = client
        .get(&url)
        .bearer_auth(&token)
        .send()
        .await
        .expect("sent");
    assert_eq!(response.status(), StatusCode::TOO_MANY_REQUESTS);
    let retry: u64 = header(&response, "retry-after").parse().unwrap_or(0);
    assert!((3590..=3600).contains(&retry), "{retry}");
    let reset: u64 = header(&response, "x-ratelimit-reset").parse().unwrap_or(0);
    assert!(reset > 1_700_000_000);
    assert_eq!(
        response.text().await.unwrap_or_default(),
        r#"{"error":{"message":"Rate limit exceeded","detail":"Rate limit of 2 requests per hour for Table API exceeded"},"status":"failure"}"#
    );
    // The token endpoint is not limited, and lifting the limit works at runtime.
    access_token(&client, &sandbox).await;
    sandbox.faults().set_rate_limit(None);
    let response = client
        .get(&url)
        .bearer_auth(&token)
        .send()
        .await
        .expect("sent");
    assert_eq!(response.status(), StatusCode::OK);
    assert!(response.headers().get("x-ratelimit-limit").is_none());
    sandbox.shutdown().await;
}

#[tokio::test]
async fn hibernating_instance_answers_html() {
    let (sandbox, client) = start_default().await;
    sandbox.faults().set_hibernating(true);
    for path in ["/oauth_token.do", "/api/now/table/incident", "/"] {
        let response = client
            .post(format!("{}{path}", sandbox.base_url()))
            .form(&password_form())
            .send()
            .await
            .expect("sent");
        assert_eq!(response.status(), StatusCode::OK);
        assert!(header(&response, "content-type").starts_with("text/html"));
        let page = response.text().await.unwrap_or_default();
        assert!(page.contains("<title>Instance Hibernating page</title>"));
        assert!(page.contains("Your instance is hibernating"));
    }
    sandbox.faults().set_hibernating(false);
    access_token(&client, &sandbox).await;
    sandbox.shutdown().await;
}

#[tokio::test]
async fn reset_connections_fail_without_a_response() {
    let (sandbox, client) = start_default().await;
    let token = access_token(&client, &sandbox).await;
    let url = format!("{}/api/now/table/incident", sandbox.base_url());
    sandbox.faults().set_reset_connections(true);
    // Both a fresh connection and the kept-alive one of `client` fail.
    for client in [client.clone(), crate::common::client()] {
        let error = client.get(&url).bearer_auth(&token).send().await;
        assert!(error.is_err(), "expected a connection error, got {error:?}");
    }
    sandbox.faults().set_reset_connections(false);
    let response = client
        .get(&url)
        .bearer_auth(&token)
        .send()
        .await
        .expect("sent");
    assert_eq!(response.status(), StatusCode::OK);
    sandbox.shutdown().await;
}

#[tokio::test]
async fn latency_delays_answers() {
    let (sandbox, client) = start_default().await;
    sandbox.faults().set_latency(Duration::from_millis(200));
    let started = Instant::now();
    access_token(&client, &sandbox).await;
    assert!(started.elapsed() >= Duration::from_millis(200));
    sandbox.faults().set_latency(Duration::ZERO);
    sandbox.shutdown().await;
}

#[tokio::test]
async fn refuses_non_loopback_addresses() {
    let addr: SocketAddr = "0.0.0.0:0".parse().expect("addr");
    let error = Sandbox::start_on(addr, SandboxConfig::default()).await;
    assert_eq!(
        error.map(|_| ()).map_err(|e| e.kind()),
        Err(std::io::ErrorKind::InvalidInput)
    );
    let sandbox = Sandbox::start_on(
        "127.0.0.1:0".parse().expect("addr"),
        SandboxConfig::default(),
    )
    .await
    .expect("loopback works");
    assert!(sandbox.base_url().starts_with("http://127.0.0.1:"));
    assert!(!sandbox.base_url().ends_with('/'));
    sandbox.shutdown().await;
}

#[tokio::test]
async fn shutdown_stops_serving() {
    let (sandbox, client) = start_default().await;
    access_token(&client, &sandbox).await;
    let base = sandbox.base_url();
    let started = Instant::now();
    sandbox.shutdown().await;
    assert!(
        started.elapsed() < Duration::from_secs(2),
        "idle keep-alive must not hold shutdown"
    );
    let after = crate::common::client()
        .get(format!("{base}/api/now/table/incident"))
        .send()
        .await;
    assert!(after.is_err());
}
