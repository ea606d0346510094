//! The timing split measured for real: against the sandbox over loopback (plain HTTP) and
//! through the local proxy to the TLS front (HTTPS), each phase present when it happened,
//! never negative, and together no more than the total.

mod net;

use net::{get, tls_front, RecordingProxy, REMOTE_HOST};
use snowpost_core::http::Timing;
use snowpost_core::network::{Network, NetworkSettings, ProxyMode};
use snowpost_core::HttpClient;
use snowpost_sandbox::{Sandbox, SandboxConfig};

fn check(t: &Timing, elapsed_ms: f64) {
    assert!(t.is_consistent(), "{t:?}");
    assert!(t.total_ms <= elapsed_ms + 1e-6, "{t:?} vs {elapsed_ms}");
    eprintln!("{t:?}");
}

#[tokio::test]
async fn loopback_http_new_then_reused_connection() {
    let sandbox = Sandbox::start(SandboxConfig::default()).await.unwrap();
    let http = HttpClient::new().unwrap();
    let url = format!("{}/sandbox/stats", sandbox.base_url());
    let r = http.send(get(&url)).await.unwrap();
    let t = r.timing;
    check(&t, r.elapsed.as_secs_f64() * 1000.0);
    assert!(!t.reused);
    assert_eq!(
        (t.dns_ms, t.tls_ms),
        (None, None),
        "an IP address, plain HTTP"
    );
    assert!(t.connect_ms.is_some(), "{t:?}");

    let r = http.send(get(&url)).await.unwrap();
    let t = r.timing;
    check(&t, r.elapsed.as_secs_f64() * 1000.0);
    assert!(t.reused, "the pooled connection is reused: {t:?}");
    assert_eq!((t.dns_ms, t.connect_ms, t.tls_ms), (None, None, None));

    // A name is resolved, and the resolver is timed.
    let port = sandbox.addr().port();
    let fresh = HttpClient::new().unwrap();
    let r = fresh
        .send(get(&format!("http://localhost:{port}/sandbox/stats")))
        .await
        .unwrap();
    check(&r.timing, r.elapsed.as_secs_f64() * 1000.0);
    assert!(r.timing.dns_ms.is_some(), "{:?}", r.timing);
}

#[tokio::test]
async fn https_through_the_proxy_has_a_tls_phase() {
    let sandbox = Sandbox::start(SandboxConfig::default()).await.unwrap();
    let front = tls_front(sandbox.addr()).await;
    let proxy = RecordingProxy::start(front.addr, None).await;
    let dir = tempfile::tempdir().unwrap();
    let ca = dir.path().join("ca.pem");
    std::fs::write(&ca, &front.ca_pem).unwrap();
    let http = HttpClient::new().unwrap().with_network(Network {
        settings: NetworkSettings {
            proxy_mode: ProxyMode::Manual,
            proxy_url: Some(format!("http://{}", proxy.addr)),
            ca_bundle: Some(ca.display().to_string()),
            ..Default::default()
        },
        proxy_password: None,
    });
    let r = http
        .send(get(&format!("https://{REMOTE_HOST}/sandbox/stats")))
        .await
        .unwrap();
    let t = r.timing;
    check(&t, r.elapsed.as_secs_f64() * 1000.0);
    assert!(!t.reused);
    assert!(t.tls_ms.is_some_and(|ms| ms > 0.0), "{t:?}");
    assert!(t.connect_ms.is_some(), "TCP and the CONNECT tunnel: {t:?}");
    assert_eq!(
        t.dns_ms, None,
        "the proxy is an IP address; the target is resolved by the proxy"
    );
    assert_eq!(proxy.seen().len(), 1);
}
