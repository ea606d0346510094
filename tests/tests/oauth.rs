//! Every grant and every token-endpoint failure, over real loopback HTTP against the sandbox.

use std::time::Duration;

use snowpost_core::oauth::request_token;
use snowpost_core::secret::SecretKind;
use snowpost_core::{
    ClientAuth, Error, GrantType, HttpClient, Instance, SecretString, TableRequest,
};
use snowpost_e2e::Env;
use snowpost_sandbox::{Flavor, SandboxConfig};

fn config() -> SandboxConfig {
    SandboxConfig::default()
}

#[tokio::test]
async fn password_grant_gives_a_token_and_keeps_the_refresh_token_in_the_keychain() {
    let env = Env::start(config()).await;
    let req = env.ws.token_request(&env.profile).unwrap();
    assert!(req
        .preview_body()
        .starts_with("grant_type=password&client_id=snowpost-sandbox&client_secret=********"));
    let t = env.ws.send_token_request(&env.profile, &req).await.unwrap();
    let s = t.summary();
    assert_eq!(
        (s.token_type.as_str(), s.scope.as_str(), s.expires_in),
        ("Bearer", "useraccount", Some(1799))
    );
    assert!(s.has_refresh_token);
    assert_eq!(t.access_token.expose().len(), 86);
    assert_eq!(env.keychain(SecretKind::RefreshToken), t.refresh_token);

    // ServiceNow hands out the same access token again while it is valid.
    let again = env.ws.fetch_token(&env.profile).await.unwrap();
    assert_eq!(again.access_token, t.access_token);
}

#[tokio::test]
async fn client_credentials_is_off_by_default_and_explained() {
    let env = Env::start_with(config(), |p| snowpost_core::ProfileInput {
        grant: GrantType::ClientCredentials,
        ..p
    })
    .await;
    let e = env.ws.fetch_token(&env.profile).await.unwrap_err();
    let Error::OAuthRejected {
        status,
        ref error,
        ref description,
        ref causes,
    } = e
    else {
        panic!("{e:?}")
    };
    assert_eq!(
        (status, error.as_str(), description.as_deref()),
        (401, "server_error", Some("access_denied"))
    );
    assert!(causes[0].contains("glide.oauth.inbound.client.credential.grant_type.enabled"));
    assert_eq!(env.sandbox.stats().token_failures, 1);
}

#[tokio::test]
async fn client_credentials_when_enabled_has_no_refresh_token() {
    let cfg = SandboxConfig {
        client_credentials: true,
        ..config()
    };
    let env = Env::start_with(cfg, |p| snowpost_core::ProfileInput {
        grant: GrantType::ClientCredentials,
        username: None,
        ..p
    })
    .await;
    let t = env.ws.fetch_token(&env.profile).await.unwrap();
    assert!(t.refresh_token.is_none());
    assert_eq!(env.sandbox.stats().grants_client_credentials, 1);
}

#[tokio::test]
async fn basic_client_authentication_is_accepted() {
    let env = Env::start_with(config(), |p| snowpost_core::ProfileInput {
        client_auth: ClientAuth::Basic,
        ..p
    })
    .await;
    let req = env.ws.token_request(&env.profile).unwrap();
    assert!(!req.encode_body().contains("client_secret"));
    env.ws.send_token_request(&env.profile, &req).await.unwrap();
}

#[tokio::test]
async fn wrong_secret_wrong_password_and_locked_user_are_rejected_with_causes() {
    let env = Env::start(config()).await;
    env.ws
        .set_secret(
            &env.profile,
            SecretKind::ClientSecret,
            SecretString::new("wrong"),
        )
        .unwrap();
    let r = env.ws.fetch_token(&env.profile).await.unwrap_err().report();
    assert_eq!(r.kind, "oauth_rejected");
    assert!(r.causes.iter().any(|c| c.contains("client secret")));
    assert!(
        !r.message.contains("wrong"),
        "the secret is not in the message"
    );

    let env = Env::start(config()).await;
    env.ws
        .set_secret(
            &env.profile,
            SecretKind::Password,
            SecretString::new("nope"),
        )
        .unwrap();
    let r = env.ws.fetch_token(&env.profile).await.unwrap_err().report();
    assert!(r.causes[0].contains("username or password"));

    let env = Env::start_with(config(), |p| snowpost_core::ProfileInput {
        username: Some("locked.user".into()),
        ..p
    })
    .await;
    assert_eq!(
        env.ws.fetch_token(&env.profile).await.unwrap_err().kind(),
        "oauth_rejected"
    );
}

#[tokio::test]
async fn edited_rows_are_sent_and_a_bad_grant_type_is_rejected() {
    let env = Env::start(config()).await;
    let mut req = env.ws.token_request(&env.profile).unwrap();
    req.set_param("scope", "useraccount admin_api").unwrap();
    let t = env.ws.send_token_request(&env.profile, &req).await.unwrap();
    assert_eq!(t.scope, "useraccount admin_api");
    req.set_param("grant_type", "magic").unwrap();
    assert_eq!(
        env.ws
            .send_token_request(&env.profile, &req)
            .await
            .unwrap_err()
            .kind(),
        "oauth_rejected"
    );
}

#[tokio::test]
async fn refresh_grant_keeps_servicenow_refresh_token() {
    let env = Env::start(SandboxConfig {
        access_ttl: Duration::from_secs(2),
        ..config()
    })
    .await;
    let first = env.ws.access_token(&env.profile).await.unwrap();
    assert_eq!(first.expires_in, Some(1));
    // A 1 s lifetime is renewed once under half of it is left.
    tokio::time::sleep(Duration::from_millis(700)).await;
    let second = env.ws.access_token(&env.profile).await.unwrap();
    assert_ne!(second.access_token, first.access_token);
    assert_eq!(
        second.refresh_token, first.refresh_token,
        "ServiceNow does not rotate"
    );
    let stats = env.sandbox.stats();
    assert_eq!((stats.grants_password, stats.grants_refresh_token), (1, 1));
}

#[tokio::test]
async fn an_expired_token_gets_401_and_the_workspace_recovers() {
    let env = Env::start(SandboxConfig {
        access_ttl: Duration::from_secs(2),
        ..config()
    })
    .await;
    let token = env.ws.fetch_token(&env.profile).await.unwrap();
    tokio::time::sleep(Duration::from_millis(2300)).await;
    let instance = Instance::parse(&env.sandbox.base_url()).unwrap();
    let api = TableRequest::list("incident").to_api().unwrap();
    let x = snowpost_core::api::send_api(env.ws.http(), &instance, &token.authorization(), &api)
        .await
        .unwrap();
    assert_eq!(x.status, 401);
    assert_eq!(
        x.header("www-authenticate"),
        Some("BASIC realm=\"Service-now\"")
    );
    assert_eq!(
        x.servicenow_error.as_ref().unwrap().message,
        "User Not Authenticated"
    );
    assert_eq!(x.diagnosis.as_ref().unwrap().kind, "token_rejected");
    let x = env.ws.send(&env.profile, &api).await.unwrap();
    assert_eq!(x.status, 200);
    assert_eq!(env.sandbox.stats().grants_refresh_token, 1);
}

#[tokio::test]
async fn a_revoked_token_is_refreshed_once_and_the_call_retried() {
    let env = Env::start(config()).await;
    let token = env.ws.access_token(&env.profile).await.unwrap();
    let http = HttpClient::new().unwrap();
    let revoke = snowpost_core::http::HttpRequest {
        method: snowpost_core::Method::POST,
        url: Instance::parse(&env.sandbox.base_url())
            .unwrap()
            .revoke_url(),
        headers: vec![(
            "Content-Type".into(),
            "application/x-www-form-urlencoded".into(),
        )],
        body: format!("token={}", token.access_token.expose()).into_bytes(),
        follow_redirects: false,
    };
    assert_eq!(http.send(revoke).await.unwrap().status, 200);
    let x = env.list_incidents().await;
    assert_eq!(x.status, 200);
    let s = env.sandbox.stats();
    assert_eq!((s.api_unauthorized, s.grants_refresh_token), (1, 1));
}

#[tokio::test]
async fn a_standard_rfc6749_server_works_unchanged() {
    let env = Env::start(SandboxConfig {
        flavor: Flavor::Rfc6749,
        access_ttl: Duration::from_secs(2),
        ..config()
    })
    .await;
    let first = env.ws.access_token(&env.profile).await.unwrap();
    assert_eq!(
        first.expires_in,
        Some(1),
        "expires_in sent as a string is read"
    );
    tokio::time::sleep(Duration::from_millis(700)).await;
    let second = env.ws.access_token(&env.profile).await.unwrap();
    assert_ne!(
        second.refresh_token, first.refresh_token,
        "standard servers rotate"
    );
    assert_eq!(
        env.keychain(SecretKind::RefreshToken),
        second.refresh_token,
        "the newest is kept"
    );
    tokio::time::sleep(Duration::from_millis(700)).await;
    let third = env.ws.access_token(&env.profile).await.unwrap();
    assert_ne!(third.access_token, second.access_token);
    let x = env.list_incidents().await;
    assert_eq!(x.status, 200);

    env.ws
        .set_secret(
            &env.profile,
            SecretKind::ClientSecret,
            SecretString::new("wrong"),
        )
        .unwrap();
    let e = env.ws.fetch_token(&env.profile).await.unwrap_err();
    let Error::OAuthRejected { ref error, .. } = e else {
        panic!("{e:?}")
    };
    assert_eq!(error, "invalid_client");
    assert!(e.hint().contains("client ID or client secret"));
}

#[tokio::test]
async fn a_rejected_refresh_token_falls_back_to_the_original_grant() {
    let env = Env::start(SandboxConfig {
        access_ttl: Duration::from_secs(2),
        ..config()
    })
    .await;
    env.ws
        .set_secret(
            &env.profile,
            SecretKind::RefreshToken,
            SecretString::new("stale"),
        )
        .unwrap();
    let t = env.ws.access_token(&env.profile).await.unwrap();
    assert!(t.refresh_token.is_some());
    let s = env.sandbox.stats();
    // One refused refresh (counted as a failure), then the password grant.
    assert_eq!(
        (s.token_requests, s.token_failures, s.grants_password),
        (2, 1, 1)
    );
    assert_eq!(env.keychain(SecretKind::RefreshToken), t.refresh_token);
}

#[tokio::test]
async fn token_request_never_leaves_for_another_host() {
    // The token call is built from the profile's instance only.
    let env = Env::start(config()).await;
    let req = env.ws.token_request(&env.profile).unwrap();
    assert_eq!(
        req.url.as_str(),
        format!("{}/oauth_token.do", env.sandbox.base_url())
    );
    let http = req.to_http().unwrap();
    assert!(!http.follow_redirects);
    let t = request_token(env.ws.http(), &req).await.unwrap();
    assert!(!format!("{t:?}").contains(t.access_token.expose()));
}

#[tokio::test]
async fn a_new_process_reuses_the_access_token_from_the_keychain() {
    let env = Env::start(config()).await;
    let t = env.ws.fetch_token(&env.profile).await.unwrap();
    assert_eq!(env.sandbox.stats().token_requests, 1);
    assert!(env.keychain(SecretKind::AccessToken).is_some());
    // A second workspace over the same database and keychain stands for the next CLI call.
    let next = snowpost_core::Workspace::new(
        snowpost_core::Storage::open_dir(env.data_dir()).unwrap(),
        // As the next process names it: from the data directory alone.
        Box::new(snowpost_core::KeyringStore::for_data_dir(
            env.data_dir(),
            None,
        )),
        HttpClient::new().unwrap(),
    );
    let reused = next.access_token(&env.profile).await.unwrap();
    assert_eq!(reused.access_token, t.access_token);
    let x = next
        .send_table(&env.profile, &TableRequest::list("incident"))
        .await
        .unwrap();
    assert_eq!(x.status, 200);
    assert_eq!(
        env.sandbox.stats().token_requests,
        1,
        "no second token call"
    );
    // Changing a credential drops the stored access token.
    next.set_secret(
        &env.profile,
        SecretKind::Password,
        SecretString::new(snowpost_sandbox::DEFAULT_PASSWORD),
    )
    .unwrap();
    assert!(env.keychain(SecretKind::AccessToken).is_none());
}
