//! Token lifecycle: renewal before expiry under one lock, revoke, and the long loop.

use std::sync::Arc;
use std::time::{Duration, Instant};

use snowpost_core::secret::SecretKind;
use snowpost_core::token_events::TokenEventKind;
use snowpost_core::{Instance, TableRequest};
use snowpost_e2e::Env;
use snowpost_sandbox::SandboxConfig;

fn short_lived(secs: u64) -> SandboxConfig {
    SandboxConfig {
        access_ttl: Duration::from_secs(secs),
        ..SandboxConfig::default()
    }
}

#[tokio::test(flavor = "multi_thread", worker_threads = 4)]
async fn concurrent_requests_share_one_refresh() {
    let env = Arc::new(Env::start(short_lived(3)).await);
    env.ws.access_token(&env.profile).await.unwrap();
    tokio::time::sleep(Duration::from_millis(1200)).await; // under half the 2 s lifetime left
    let calls: Vec<_> = (0..20)
        .map(|_| {
            let env = env.clone();
            tokio::spawn(async move {
                env.ws
                    .send_table(&env.profile, &TableRequest::list("incident"))
                    .await
                    .unwrap()
                    .status
            })
        })
        .collect();
    for c in calls {
        assert_eq!(c.await.unwrap(), 200);
    }
    let s = env.sandbox.stats();
    assert_eq!(
        (
            s.grants_password,
            s.grants_refresh_token,
            s.api_unauthorized
        ),
        (1, 1, 0),
        "single flight"
    );
    assert_eq!(
        env.ws
            .token_events(&env.profile)
            .iter()
            .filter(|e| e.kind == TokenEventKind::Refreshed)
            .count(),
        1
    );
}

#[tokio::test]
async fn revoke_at_the_instance_and_forget_locally() {
    let env = Env::start(SandboxConfig::default()).await;
    let token = env.ws.fetch_token(&env.profile).await.unwrap();
    env.ws.revoke(&env.profile).await.unwrap();
    assert_eq!(
        env.sandbox.stats().revocations,
        2,
        "access and refresh token"
    );
    assert_eq!(env.keychain(SecretKind::AccessToken), None);
    assert_eq!(env.keychain(SecretKind::RefreshToken), None);
    assert!(env.ws.current_token(&env.profile).unwrap().is_none());
    let instance = Instance::parse(&env.sandbox.base_url()).unwrap();
    let api = TableRequest::list("incident").to_api().unwrap();
    let x = snowpost_core::api::send_api(env.ws.http(), &instance, &token.authorization(), &api)
        .await
        .unwrap();
    assert_eq!(x.status, 401, "the revoked token no longer works");
    let events = env.ws.token_events(&env.profile);
    assert!(events
        .iter()
        .any(|e| e.kind == TokenEventKind::Revoked && e.detail.contains("2 token(s)")));
    assert!(!format!("{events:?}").contains(token.access_token.expose()));
}

#[tokio::test]
async fn revoke_forgets_locally_even_when_the_instance_is_down() {
    let env = Env::start(SandboxConfig::default()).await;
    env.ws.fetch_token(&env.profile).await.unwrap();
    env.sandbox.faults().set_reset_connections(true);
    let e = env.ws.revoke(&env.profile).await.unwrap_err();
    assert_eq!(e.kind(), "connection_reset");
    assert_eq!(env.keychain(SecretKind::RefreshToken), None);
    assert_eq!(env.keychain(SecretKind::AccessToken), None);
}

/// Two minutes of calls against a 5-second access lifespan: none fails, and every renewal the
/// client made is one refresh grant at the instance — about one every two seconds.
#[tokio::test]
async fn two_minutes_with_five_second_tokens() {
    let env = Env::start(short_lived(5)).await;
    let started = Instant::now();
    let mut calls = 0;
    while started.elapsed() < Duration::from_secs(120) {
        let x = env
            .ws
            .send_table(
                &env.profile,
                &TableRequest::list("incident").param("sysparm_limit", "1"),
            )
            .await
            .unwrap();
        assert_eq!(x.status, 200, "call {calls} failed");
        calls += 1;
        tokio::time::sleep(Duration::from_millis(100)).await;
    }
    let s = env.sandbox.stats();
    let refreshed = env
        .ws
        .token_events(&env.profile)
        .iter()
        .filter(|e| e.kind == TokenEventKind::Refreshed)
        .count() as u64;
    assert_eq!(
        (s.api_unauthorized, s.token_failures, s.grants_password),
        (0, 0, 1)
    );
    assert_eq!(
        s.grants_refresh_token, refreshed,
        "each renewal is one refresh grant"
    );
    // expires_in 4 s, renewed with under 2 s left: one refresh per ~2 s of the 120 s.
    assert!(
        (55..=61).contains(&refreshed),
        "{refreshed} refreshes in {calls} calls"
    );
}
