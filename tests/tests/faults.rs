//! What the user sees when the network or the instance misbehaves.

use std::time::Duration;

use snowpost_core::{HttpClient, ProfileInput, Storage, TableRequest, Workspace};
use snowpost_e2e::Env;
use snowpost_sandbox::SandboxConfig;

#[tokio::test]
async fn a_hibernating_instance_is_named_as_such() {
    let env = Env::start(SandboxConfig::default()).await;
    env.sandbox.faults().set_hibernating(true);
    let e = env.ws.fetch_token(&env.profile).await.unwrap_err();
    assert_eq!(e.kind(), "instance_hibernating", "{e}");
    assert!(e.hint().contains("Wake"));
    env.sandbox.faults().set_hibernating(false);
    env.ws.fetch_token(&env.profile).await.unwrap();
    env.sandbox.faults().set_hibernating(true);
    let x = env
        .ws
        .send_table(&env.profile, &TableRequest::list("incident"))
        .await
        .unwrap();
    assert_eq!(x.diagnosis.unwrap().kind, "instance_hibernating");
}

#[tokio::test]
async fn a_dropped_connection_is_a_clear_error_and_nothing_is_lost() {
    let env = Env::start(SandboxConfig::default()).await;
    env.sandbox.faults().set_reset_connections(true);
    let e = env.ws.fetch_token(&env.profile).await.unwrap_err();
    assert_eq!(e.kind(), "connection_reset", "{e}");
    assert!(e.hint().contains("send again"));
    env.sandbox.faults().set_reset_connections(false);
    assert!(env.ws.profile(&env.profile).is_ok());
    env.ws.fetch_token(&env.profile).await.unwrap();
}

#[tokio::test]
async fn a_slow_instance_times_out() {
    let env = Env::start(SandboxConfig::default()).await;
    env.sandbox.faults().set_latency(Duration::from_secs(3));
    let dir = tempfile::tempdir().unwrap();
    let ws = Workspace::new(
        Storage::open_dir(dir.path()).unwrap(),
        // The same keychain entries as `env`: this is its profile, with short timeouts.
        Box::new(env.keyring.clone()),
        HttpClient::with_timeouts(Duration::from_secs(1), Duration::from_millis(500)).unwrap(),
    );
    ws.add_profile(ProfileInput {
        name: env.profile.clone(),
        ..ws_input(&env)
    })
    .unwrap();
    let e = ws.fetch_token(&env.profile).await.unwrap_err();
    assert_eq!(e.kind(), "timeout", "{e}");
}

fn ws_input(env: &Env) -> ProfileInput {
    let p = env.ws.profile(&env.profile).unwrap();
    ProfileInput {
        name: p.name,
        instance: p.instance.to_string(),
        client_id: p.client_id,
        username: p.username,
        ..Default::default()
    }
}

#[tokio::test]
async fn nothing_listening_is_a_connect_error() {
    let port = {
        let l = std::net::TcpListener::bind("127.0.0.1:0").unwrap();
        l.local_addr().unwrap().port()
    };
    let env = Env::start_with(SandboxConfig::default(), |p| ProfileInput {
        instance: format!("http://127.0.0.1:{port}"),
        ..p
    })
    .await;
    let e = env.ws.fetch_token(&env.profile).await.unwrap_err();
    assert_eq!(e.kind(), "connect", "{e}");
}

#[tokio::test]
async fn an_unknown_host_is_a_dns_error() {
    let env = Env::start_with(SandboxConfig::default(), |p| ProfileInput {
        instance: "https://no-such-instance.invalid".into(),
        ..p
    })
    .await;
    let e = env.ws.fetch_token(&env.profile).await.unwrap_err();
    assert_eq!(e.kind(), "dns", "{e}");
    assert!(e.hint().contains("typos"));
}
