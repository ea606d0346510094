//! Corporate networks: a manual proxy (HTTP CONNECT, SOCKS5) with its password from the real
//! keychain, an extra CA bundle, and loopback always direct. The "remote" instance is reached
//! only through the local recording proxy, which maps it to a local TLS front of the sandbox.

mod net;

use std::path::Path;

use base64::Engine;
use net::{get, tls_front, RecordingProxy, Seen, TlsFront, BLOCKED_HOST, REMOTE_HOST};
use snowpost_core::http::HttpRequest;
use snowpost_core::network::{NetworkSettings, ProxyMode};
use snowpost_core::secret::KeyringStore;
use snowpost_core::{HttpClient, SecretString, Storage, Workspace};
use snowpost_sandbox::{Sandbox, SandboxConfig};

const PASSWORD: &str = "pr0xy-S3cret-Zq9";

fn workspace(dir: &Path) -> Workspace {
    Workspace::new(
        Storage::open_dir(dir).unwrap(),
        Box::new(KeyringStore::for_data_dir(dir, None)),
        HttpClient::new().unwrap(),
    )
    .with_network_file(dir.join("config.toml"))
    .unwrap()
}

fn remote() -> HttpRequest {
    get(&format!("https://{REMOTE_HOST}/sandbox/stats"))
}

fn basic(user: &str, password: &str) -> String {
    let b64 = base64::engine::general_purpose::STANDARD.encode(format!("{user}:{password}"));
    format!("Basic {b64}")
}

struct Net {
    sandbox: Sandbox,
    front: TlsFront,
    dir: tempfile::TempDir,
    ca: String,
}

async fn net() -> Net {
    let sandbox = Sandbox::start(SandboxConfig::default()).await.unwrap();
    let front = tls_front(sandbox.addr()).await;
    let dir = tempfile::tempdir().unwrap();
    let ca = dir.path().join("corp-ca.pem");
    std::fs::write(&ca, &front.ca_pem).unwrap();
    Net {
        sandbox,
        front,
        ca: ca.display().to_string(),
        dir,
    }
}

fn manual(proxy: &RecordingProxy, scheme: &str, ca: Option<&str>) -> NetworkSettings {
    NetworkSettings {
        proxy_mode: ProxyMode::Manual,
        proxy_url: Some(format!("{scheme}://{}", proxy.addr)),
        proxy_user: Some("alice".into()),
        no_proxy: vec!["intranet.example.com".into()],
        ca_bundle: ca.map(str::to_string),
    }
}

#[tokio::test]
async fn https_goes_through_the_proxy_with_the_keychain_password() {
    let n = net().await;
    let proxy = RecordingProxy::start(n.front.addr, Some(basic("alice", PASSWORD))).await;
    let ws = workspace(n.dir.path());
    ws.set_network(manual(&proxy, "http", Some(&n.ca))).unwrap();

    // No password yet (the user goes with an empty one): 407, and the error says what to set.
    let e = ws.http().send(remote()).await.unwrap_err();
    assert_eq!(e.kind(), "proxy_auth", "{e}");
    assert!(
        e.hint().contains("snowpost network proxy-password"),
        "{}",
        e.hint()
    );

    ws.set_proxy_password(SecretString::new(PASSWORD)).unwrap();
    assert!(ws.network().unwrap().proxy_password_set);
    let r = ws.http().send(remote()).await.unwrap();
    assert_eq!(r.status, 200, "{}", String::from_utf8_lossy(&r.body));

    // Another process's view: settings from config.toml, the password from the keychain.
    let again = workspace(n.dir.path());
    assert_eq!(again.http().send(remote()).await.unwrap().status, 200);

    let seen = proxy.seen();
    let target = format!("{REMOTE_HOST}:443");
    assert_eq!(
        seen,
        vec![
            Seen {
                target: target.clone(),
                credentials: Some(basic("alice", ""))
            },
            Seen {
                target: target.clone(),
                credentials: Some(basic("alice", PASSWORD))
            },
            Seen {
                target,
                credentials: Some(basic("alice", PASSWORD))
            },
        ]
    );

    // A wrong password: refused, and the error does not repeat it.
    ws.set_proxy_password(SecretString::new(format!("{PASSWORD}-old")))
        .unwrap();
    let e = ws.http().send(remote()).await.unwrap_err();
    assert_eq!(e.kind(), "proxy_auth");
    let shown = format!("{e} {e:?} {} {:?}", e.hint(), e.report());
    assert!(!shown.contains(PASSWORD), "{shown}");

    // The password is nowhere but the keychain.
    let file = std::fs::read_to_string(n.dir.path().join("config.toml")).unwrap();
    assert!(file.contains("alice") && !file.contains(PASSWORD), "{file}");
    let keychain = KeyringStore::for_data_dir(n.dir.path(), None);
    let loaded =
        snowpost_core::network::load(&n.dir.path().join("config.toml"), &keychain).unwrap();
    let debug = format!("{loaded:?} {:?}", ws.network().unwrap());
    assert!(
        !debug.contains(PASSWORD) && debug.contains("[redacted]"),
        "{debug}"
    );
    let json = serde_json::to_string(&ws.network().unwrap()).unwrap();
    assert!(
        !json.contains(PASSWORD) && json.contains("\"proxy_password_set\":true"),
        "{json}"
    );

    ws.clear_proxy_password().unwrap();
    assert!(!ws.network().unwrap().proxy_password_set);
    drop(n.sandbox);
}

#[tokio::test]
async fn the_ca_bundle_is_what_makes_the_private_ca_trusted() {
    let n = net().await;
    let proxy = RecordingProxy::start(n.front.addr, None).await;
    let ws = workspace(n.dir.path());
    let mut s = manual(&proxy, "http", None);
    s.proxy_user = None;
    ws.set_network(s.clone()).unwrap();

    // Verification is on: a certificate from an unknown CA is refused, with a way out.
    let e = ws.http().send(remote()).await.unwrap_err();
    assert_eq!(e.kind(), "tls", "{e}");
    assert!(e.to_string().to_lowercase().contains("certificate"), "{e}");
    assert!(e.hint().contains("CA bundle"), "{}", e.hint());
    assert_eq!(proxy.seen().len(), 1, "it did go through the proxy");

    s.ca_bundle = Some(n.ca.clone());
    ws.set_network(s.clone()).unwrap();
    assert_eq!(ws.http().send(remote()).await.unwrap().status, 200);

    // A bundle that cannot be used is refused when set, naming the file.
    let empty = n.dir.path().join("empty.pem");
    std::fs::write(&empty, "not a certificate\n").unwrap();
    for path in [empty.display().to_string(), "/nonexistent/ca.pem".into()] {
        s.ca_bundle = Some(path.clone());
        let e = ws.set_network(s.clone()).unwrap_err();
        assert_eq!(e.kind(), "network_settings");
        assert!(e.to_string().contains(&path), "{e}");
    }
    assert_eq!(
        ws.network().unwrap().settings.ca_bundle.as_deref(),
        Some(n.ca.as_str()),
        "a refused change leaves the settings as they were"
    );
}

#[tokio::test]
async fn loopback_never_touches_the_proxy() {
    let n = net().await;
    let proxy = RecordingProxy::start(n.front.addr, None).await;
    let ws = workspace(n.dir.path());
    let mut s = manual(&proxy, "http", Some(&n.ca));
    s.proxy_user = None;
    ws.set_network(s).unwrap();
    for host in ["127.0.0.1", "localhost"] {
        let url = format!("http://{host}:{}/sandbox/stats", n.sandbox.addr().port());
        assert_eq!(ws.http().send(get(&url)).await.unwrap().status, 200);
    }
    assert_eq!(proxy.seen(), vec![], "the proxy saw a loopback request");
    // A host the proxy will not tunnel to: its own error kind, with what to check.
    let e = ws
        .http()
        .send(get(&format!("https://{BLOCKED_HOST}/sandbox/stats")))
        .await
        .unwrap_err();
    assert_eq!(e.kind(), "proxy", "{e}");
    assert!(e.to_string().contains(BLOCKED_HOST), "{e}");
    assert!(e.hint().contains("no-proxy"), "{}", e.hint());
    assert_eq!(proxy.seen().len(), 1);
    // The same client does use the proxy for the remote host.
    assert_eq!(ws.http().send(remote()).await.unwrap().status, 200);
    assert_eq!(proxy.seen().len(), 2);
}

#[tokio::test]
async fn socks5h_with_credentials() {
    let n = net().await;
    let proxy = RecordingProxy::start(n.front.addr, Some(format!("alice:{PASSWORD}"))).await;
    let ws = workspace(n.dir.path());
    ws.set_network(manual(&proxy, "socks5h", Some(&n.ca)))
        .unwrap();
    ws.set_proxy_password(SecretString::new(PASSWORD)).unwrap();
    let r = ws.http().send(remote()).await;
    ws.clear_proxy_password().unwrap();
    assert_eq!(r.unwrap().status, 200);
    assert_eq!(
        proxy.seen(),
        vec![Seen {
            target: format!("{REMOTE_HOST}:443"),
            credentials: Some(format!("alice:{PASSWORD}"))
        }]
    );
}
