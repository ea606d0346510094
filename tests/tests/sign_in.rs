//! Browser sign-in (authorization code + PKCE) against the sandbox's `/oauth_auth.do`, with a
//! scripted person at the browser: the loopback listener, the paste fallback, Deny, a stale
//! state, ServiceNow's fallback to the first registered redirect URL, public clients, renewal.

use std::time::Duration;

use snowpost_core::oauth::{Authorization, Loopback};
use snowpost_core::secret::SecretKind;
use snowpost_core::{GrantType, Instance, ProfileInput, TableRequest};
use snowpost_e2e::{browser_decides, browser_signs_in, free_port, Env};
use snowpost_sandbox::{SandboxConfig, DEFAULT_PASSWORD, DEFAULT_USERNAME};

/// A sandbox with `redirect` registered, and an authorization-code profile using it.
async fn env(redirect: &str, public: bool) -> Env {
    let config = SandboxConfig {
        redirect_uris: vec![redirect.to_string()],
        public_client: public,
        ..SandboxConfig::default()
    };
    let redirect = redirect.to_string();
    Env::start_with(config, move |p| ProfileInput {
        grant: GrantType::AuthorizationCode,
        redirect_uri: Some(redirect),
        public_client: public,
        ..p
    })
    .await
}

/// `sign_in` with the scripted person pressing `decision` in the browser.
async fn sign_in(env: &Env, decision: &'static str) -> snowpost_core::Result<snowpost_core::Token> {
    env.ws
        .sign_in(
            &env.profile,
            |url| {
                assert!(url.as_str().contains("code_challenge_method=S256"));
                tokio::spawn(browser_signs_in(url.to_string(), decision));
                Ok(())
            },
            std::future::pending(),
        )
        .await
}

fn redirect_uri() -> String {
    format!("http://127.0.0.1:{}/callback", free_port())
}

#[tokio::test]
async fn signs_in_through_the_browser_and_renews_like_any_grant() {
    let env = env(&redirect_uri(), false).await;
    let (ws, p) = (&env.ws, env.profile.as_str());
    let token = sign_in(&env, "allow").await.unwrap();
    assert!(token.refresh_token.is_some());
    assert_eq!(env.keychain(SecretKind::RefreshToken), token.refresh_token);
    assert_eq!(env.sandbox.stats().grants_authorization_code, 1);
    let x = ws
        .send_table(p, &TableRequest::list("incident"))
        .await
        .unwrap();
    assert_eq!(x.status, 200);

    // An expired token is renewed with the refresh token, no browser needed.
    env.sandbox.expire_access_tokens();
    let x = ws
        .send_table(p, &TableRequest::list("incident"))
        .await
        .unwrap();
    assert_eq!(x.status, 200);
    assert_eq!(env.sandbox.stats().grants_refresh_token, 1);

    // When the refresh is refused too, the user is asked to sign in again.
    env.sandbox.expire_access_tokens();
    env.sandbox.revoke_refresh_tokens();
    let e = ws
        .send_table(p, &TableRequest::list("incident"))
        .await
        .unwrap_err();
    assert_eq!(e.kind(), "sign_in_required", "{e}");
    assert!(e.hint().contains("snowpost login"), "{}", e.hint());
}

#[tokio::test]
async fn the_paste_fallback_and_a_stale_state() {
    let env = env(&redirect_uri(), false).await;
    let (ws, p) = (&env.ws, env.profile.as_str());
    let auth = ws.begin_sign_in(p).unwrap();
    let landed = browser_decides(
        auth.url.as_str(),
        DEFAULT_USERNAME,
        DEFAULT_PASSWORD,
        "allow",
    )
    .await;
    // A landing URL from another attempt is refused, and changes nothing.
    let other = ws.begin_sign_in(p).unwrap();
    let e = ws.finish_sign_in(p, &other, &landed).await.unwrap_err();
    assert_eq!(e.kind(), "state_mismatch", "{e}");
    let token = ws.finish_sign_in(p, &auth, &landed).await.unwrap();
    assert!(token.refresh_token.is_some());
    // A code works once.
    let again = ws.finish_sign_in(p, &auth, &landed).await.unwrap_err();
    assert_eq!(again.kind(), "oauth_rejected", "{again}");
}

#[tokio::test]
async fn deny_in_the_browser_is_named() {
    let env = env(&redirect_uri(), false).await;
    let e = sign_in(&env, "deny").await.unwrap_err();
    assert_eq!(e.kind(), "sign_in_denied", "{e}");
    assert!(env.keychain(SecretKind::RefreshToken).is_none());
}

#[tokio::test]
async fn an_unregistered_redirect_goes_to_the_first_registered_one() {
    let (first, second, ours) = (redirect_uri(), redirect_uri(), redirect_uri());
    let config = SandboxConfig {
        redirect_uris: vec![first.clone(), second.clone()],
        ..SandboxConfig::default()
    };
    let ours_for_profile = ours.clone();
    let env = Env::start_with(config, move |p| ProfileInput {
        grant: GrantType::AuthorizationCode,
        redirect_uri: Some(ours_for_profile),
        ..p
    })
    .await;
    let auth = env.ws.begin_sign_in(&env.profile).unwrap();
    let landed = browser_decides(
        auth.url.as_str(),
        DEFAULT_USERNAME,
        DEFAULT_PASSWORD,
        "allow",
    )
    .await;
    assert!(
        landed.starts_with(&first),
        "{landed} should be on {first}, not {ours}"
    );

    // The listener on `ours` never hears of it: the sign-in times out, and says why.
    let loopback = Loopback::bind(&ours).await.unwrap();
    let e = loopback
        .wait(&auth, Duration::from_millis(300), std::future::pending())
        .await
        .unwrap_err();
    assert_eq!(e.kind(), "sign_in_timeout");
    assert!(
        e.hint().contains("first URL") && e.hint().contains("localhost"),
        "{}",
        e.hint()
    );
}

#[tokio::test]
async fn the_listener_ignores_strays_and_can_be_cancelled() {
    let redirect = redirect_uri();
    let instance = Instance::parse("dev1").unwrap();
    let auth = Authorization::new(&instance, "cid", &redirect, None);
    let loopback = Loopback::bind(&redirect).await.unwrap();
    let origin = redirect.trim_end_matches("/callback").to_string();
    let state = auth.state.clone();
    let prober = tokio::spawn(async move {
        let http = reqwest::Client::builder().no_proxy().build().unwrap();
        let get = |path: String| http.get(format!("{origin}{path}")).send();
        let favicon = get("/favicon.ico".into()).await.unwrap().status();
        let stale = get("/callback?code=old&state=someotherattempt".into())
            .await
            .unwrap()
            .status();
        let ok = get(format!("/callback?code=fresh&state={state}"))
            .await
            .unwrap();
        (favicon, stale, ok.status(), ok.text().await.unwrap())
    });
    let code = loopback
        .wait(&auth, Duration::from_secs(10), std::future::pending())
        .await
        .unwrap();
    assert_eq!(code.expose(), "fresh");
    let (favicon, stale, ok, page) = prober.await.unwrap();
    assert_eq!(
        (favicon.as_u16(), stale.as_u16(), ok.as_u16()),
        (404, 400, 200)
    );
    assert!(page.contains("You can close this tab"));

    let e = Loopback::bind(&redirect_uri())
        .await
        .unwrap()
        .wait(&auth, Duration::from_secs(10), async {})
        .await
        .unwrap_err();
    assert_eq!(e.kind(), "sign_in_cancelled");
}

#[tokio::test]
async fn a_public_client_signs_in_without_a_secret() {
    let env = env(&redirect_uri(), true).await;
    env.ws
        .clear_secret(&env.profile, SecretKind::ClientSecret)
        .unwrap();
    let token = sign_in(&env, "allow").await.unwrap();
    assert!(token.refresh_token.is_some());
    // Refresh works without a secret too.
    env.sandbox.expire_access_tokens();
    let x = env.list_incidents().await;
    assert_eq!(x.status, 200);
}

#[tokio::test]
async fn the_instance_checks_pkce_state_and_the_redirect() {
    let env = env(&redirect_uri(), false).await;
    let (ws, p) = (&env.ws, env.profile.as_str());
    // A code exchanged with another verifier is refused (and spent).
    let auth = ws.begin_sign_in(p).unwrap();
    let landed = browser_decides(
        auth.url.as_str(),
        DEFAULT_USERNAME,
        DEFAULT_PASSWORD,
        "allow",
    )
    .await;
    let profile = ws.profile(p).unwrap();
    let forged = Authorization::with(
        &profile.instance,
        &profile.client_id,
        &auth.redirect_uri,
        None,
        auth.state.clone(),
        snowpost_core::oauth::Pkce::new(),
    );
    let e = ws.finish_sign_in(p, &forged, &landed).await.unwrap_err();
    assert_eq!(e.kind(), "oauth_rejected", "{e}");

    // Without state the instance shows its error page and issues no code.
    let no_state: String = auth
        .url
        .as_str()
        .split('&')
        .filter(|kv| !kv.starts_with("state="))
        .collect::<Vec<_>>()
        .join("&");
    let page = reqwest::Client::builder()
        .no_proxy()
        .build()
        .unwrap()
        .get(no_state)
        .send()
        .await
        .unwrap();
    assert_eq!(page.status(), 400);
    assert!(page
        .text()
        .await
        .unwrap()
        .contains("Missing State parameter in request"));
}

#[tokio::test]
async fn a_plain_rfc_6749_server_signs_in_the_same_way() {
    let redirect = redirect_uri();
    let config = SandboxConfig {
        redirect_uris: vec![redirect.clone()],
        flavor: snowpost_sandbox::Flavor::Rfc6749,
        ..SandboxConfig::default()
    };
    let env = Env::start_with(config, move |p| ProfileInput {
        grant: GrantType::AuthorizationCode,
        redirect_uri: Some(redirect),
        ..p
    })
    .await;
    let token = sign_in(&env, "allow").await.unwrap();
    assert!(token.refresh_token.is_some());
    // A spent code: the standard `invalid_grant`, named as such.
    let auth = env.ws.begin_sign_in(&env.profile).unwrap();
    let landed = browser_decides(
        auth.url.as_str(),
        DEFAULT_USERNAME,
        DEFAULT_PASSWORD,
        "allow",
    )
    .await;
    env.ws
        .finish_sign_in(&env.profile, &auth, &landed)
        .await
        .unwrap();
    let e = env
        .ws
        .finish_sign_in(&env.profile, &auth, &landed)
        .await
        .unwrap_err();
    assert_eq!(e.kind(), "oauth_rejected");
    assert!(e.to_string().contains("invalid_grant"), "{e}");
}
