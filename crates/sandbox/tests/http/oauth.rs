use reqwest::StatusCode;
use serde_json::Value;
use snowpost_sandbox::{
    Flavor, SandboxConfig, DEFAULT_CLIENT_ID, DEFAULT_CLIENT_SECRET, DEFAULT_PASSWORD,
    DEFAULT_USERNAME, LOCKED_PASSWORD, LOCKED_USERNAME,
};

use crate::common::*;

fn keys(body: &Value) -> Vec<String> {
    body.as_object()
        .map(|o| o.keys().cloned().collect())
        .unwrap_or_default()
}

#[tokio::test]
async fn password_grant_success_shape_and_key_order() {
    let (sandbox, client) = start_default().await;
    let response = token_request(&client, &sandbox, &password_form()).await;
    assert_eq!(response.status(), StatusCode::OK);
    assert_eq!(
        header(&response, "content-type"),
        "application/json;charset=UTF-8"
    );
    let body: Value = response.json().await.expect("json");
    assert_eq!(
        keys(&body),
        [
            "access_token",
            "refresh_token",
            "scope",
            "token_type",
            "expires_in"
        ]
    );
    assert_eq!(body["scope"], "useraccount");
    assert_eq!(body["token_type"], "Bearer");
    assert_eq!(body["expires_in"], 1799);
    for key in ["access_token", "refresh_token"] {
        let token = body[key].as_str().unwrap_or("");
        assert_eq!(token.len(), 86, "{key}");
        assert!(token
            .bytes()
            .all(|b| b.is_ascii_alphanumeric() || b == b'-' || b == b'_'));
    }

    // A second login while the token is valid hands out the same access token.
    let again: Value = token_request(&client, &sandbox, &password_form())
        .await
        .json()
        .await
        .expect("json");
    assert_eq!(again["access_token"], body["access_token"]);
    let stats = sandbox.stats();
    assert_eq!((stats.token_requests, stats.grants_password), (2, 2));
    sandbox.shutdown().await;
}

#[tokio::test]
async fn every_failure_is_the_same_401() {
    let (sandbox, client) = start_default().await;
    let url = format!("{}/oauth_token.do", sandbox.base_url());
    let mut bad_secret = password_form();
    bad_secret[2] = ("client_secret", "wrong");
    let mut typo = password_form();
    typo[0] = ("grant_type ", "password");
    let locked = [
        ("grant_type", "password"),
        ("client_id", DEFAULT_CLIENT_ID),
        ("client_secret", DEFAULT_CLIENT_SECRET),
        ("username", LOCKED_USERNAME),
        ("password", LOCKED_PASSWORD),
    ];
    let mut bad_password = password_form();
    bad_password[4] = ("password", "nope");
    for form in [bad_secret, typo, locked.to_vec(), bad_password] {
        let response = token_request(&client, &sandbox, &form).await;
        assert_eq!(response.status(), StatusCode::UNAUTHORIZED, "{form:?}");
        assert_eq!(response.text().await.unwrap_or_default(), TOKEN_FAILURE);
    }

    // A JSON body is refused, however correct its fields.
    let json_body: serde_json::Map<String, Value> = password_form()
        .into_iter()
        .map(|(k, v)| (k.to_string(), Value::from(v)))
        .collect();
    let response = client
        .post(&url)
        .json(&json_body)
        .send()
        .await
        .expect("sent");
    assert_eq!(response.status(), StatusCode::UNAUTHORIZED);
    assert_eq!(response.text().await.unwrap_or_default(), TOKEN_FAILURE);

    // So is GET.
    let response = client
        .get(&url)
        .query(&password_form())
        .send()
        .await
        .expect("sent");
    assert_eq!(response.status(), StatusCode::UNAUTHORIZED);
    assert_eq!(response.text().await.unwrap_or_default(), TOKEN_FAILURE);

    assert_eq!(sandbox.stats().token_failures, 6);
    sandbox.shutdown().await;
}

#[tokio::test]
async fn client_credentials_off_by_default_and_without_refresh_when_on() {
    let form = [
        ("grant_type", "client_credentials"),
        ("client_id", DEFAULT_CLIENT_ID),
        ("client_secret", DEFAULT_CLIENT_SECRET),
    ];
    let (sandbox, client) = start_default().await;
    let response = token_request(&client, &sandbox, &form).await;
    assert_eq!(response.status(), StatusCode::UNAUTHORIZED);
    assert_eq!(response.text().await.unwrap_or_default(), TOKEN_FAILURE);
    sandbox.shutdown().await;

    let config = SandboxConfig {
        client_credentials: true,
        ..SandboxConfig::default()
    };
    let (sandbox, client) = start(config).await;
    let body: Value = token_request(&client, &sandbox, &form)
        .await
        .json()
        .await
        .expect("json");
    assert_eq!(
        keys(&body),
        ["access_token", "scope", "token_type", "expires_in"]
    );
    assert_eq!(sandbox.stats().grants_client_credentials, 1);
    sandbox.shutdown().await;
}

#[tokio::test]
async fn basic_client_auth_and_requested_scope() {
    let (sandbox, client) = start_default().await;
    let response = client
        .post(format!("{}/oauth_token.do", sandbox.base_url()))
        .basic_auth(DEFAULT_CLIENT_ID, Some(DEFAULT_CLIENT_SECRET))
        .form(&[
            ("grant_type", "password"),
            ("username", DEFAULT_USERNAME),
            ("password", DEFAULT_PASSWORD),
            ("scope", "useraccount table_api"),
        ])
        .send()
        .await
        .expect("sent");
    assert_eq!(response.status(), StatusCode::OK);
    let body: Value = response.json().await.expect("json");
    assert_eq!(body["scope"], "useraccount table_api");
    sandbox.shutdown().await;
}

#[tokio::test]
async fn servicenow_refresh_returns_the_same_refresh_token() {
    let (sandbox, client) = start_default().await;
    let first: Value = token_request(&client, &sandbox, &password_form())
        .await
        .json()
        .await
        .expect("json");
    let refresh = first["refresh_token"].as_str().unwrap_or("").to_string();
    let form = [
        ("grant_type", "refresh_token"),
        ("client_id", DEFAULT_CLIENT_ID),
        ("client_secret", DEFAULT_CLIENT_SECRET),
        ("refresh_token", refresh.as_str()),
    ];
    for _ in 0..2 {
        let response = token_request(&client, &sandbox, &form).await;
        assert_eq!(response.status(), StatusCode::OK);
        let body: Value = response.json().await.expect("json");
        assert_eq!(body["refresh_token"], refresh.as_str());
        assert_ne!(body["access_token"], first["access_token"]);
    }
    assert_eq!(sandbox.stats().grants_refresh_token, 2);

    // Revoking the refresh token kills it and the access tokens issued from it.
    let revoke = client
        .get(format!("{}/oauth_revoke_token.do", sandbox.base_url()))
        .query(&[("token", refresh.as_str())])
        .send()
        .await
        .expect("sent");
    assert_eq!(revoke.status(), StatusCode::OK);
    assert_eq!(revoke.text().await.unwrap_or_default(), "");
    let response = token_request(&client, &sandbox, &form).await;
    assert_eq!(response.status(), StatusCode::UNAUTHORIZED);
    let api = client
        .get(format!("{}/api/now/table/incident", sandbox.base_url()))
        .bearer_auth(first["access_token"].as_str().unwrap_or(""))
        .send()
        .await
        .expect("sent");
    assert_eq!(api.status(), StatusCode::UNAUTHORIZED);
    assert_eq!(sandbox.stats().revocations, 1);
    sandbox.shutdown().await;
}

#[tokio::test]
async fn rfc6749_flavor_rotates_and_uses_standard_errors() {
    let config = SandboxConfig {
        flavor: Flavor::Rfc6749,
        ..SandboxConfig::default()
    };
    let (sandbox, client) = start(config).await;
    let response = token_request(&client, &sandbox, &password_form()).await;
    assert_eq!(response.status(), StatusCode::OK);
    assert_eq!(header(&response, "cache-control"), "no-store");
    let first: Value = response.json().await.expect("json");
    assert_eq!(first["token_type"], "bearer");
    assert_eq!(first["expires_in"], "1799");
    let old = first["refresh_token"].as_str().unwrap_or("").to_string();

    let refresh = |token: String| {
        let client = client.clone();
        let url = format!("{}/oauth_token.do", sandbox.base_url());
        async move {
            client
                .post(url)
                .form(&[
                    ("grant_type", "refresh_token"),
                    ("client_id", DEFAULT_CLIENT_ID),
                    ("client_secret", DEFAULT_CLIENT_SECRET),
                    ("refresh_token", token.as_str()),
                ])
                .send()
                .await
                .expect("sent")
        }
    };
    let rotated: Value = refresh(old.clone()).await.json().await.expect("json");
    let new = rotated["refresh_token"].as_str().unwrap_or("").to_string();
    assert_eq!(new.len(), 86);
    assert_ne!(new, old);

    let reused = refresh(old).await;
    assert_eq!(reused.status(), StatusCode::BAD_REQUEST);
    let error: Value = reused.json().await.expect("json");
    assert_eq!(error["error"], "invalid_grant");
    assert!(error["error_description"].is_string());
    assert_eq!(refresh(new).await.status(), StatusCode::OK);

    let mut bad_secret = password_form();
    bad_secret[2] = ("client_secret", "wrong");
    let response = token_request(&client, &sandbox, &bad_secret).await;
    assert_eq!(response.status(), StatusCode::UNAUTHORIZED);
    assert!(header(&response, "www-authenticate").starts_with("Basic"));
    let error: Value = response.json().await.expect("json");
    assert_eq!(error["error"], "invalid_client");

    let response = token_request(&client, &sandbox, &[("grant_type", "magic")]).await;
    assert_eq!(
        response.status(),
        StatusCode::UNAUTHORIZED,
        "no client auth comes first"
    );
    let mut unknown = password_form();
    unknown[0] = ("grant_type", "magic");
    let response = token_request(&client, &sandbox, &unknown).await;
    assert_eq!(response.status(), StatusCode::BAD_REQUEST);
    let error: Value = response.json().await.expect("json");
    assert_eq!(error["error"], "unsupported_grant_type");
    sandbox.shutdown().await;
}

#[tokio::test]
async fn expired_access_tokens_are_refused() {
    let config = SandboxConfig {
        access_ttl: std::time::Duration::ZERO,
        ..SandboxConfig::default()
    };
    let (sandbox, client) = start(config).await;
    let token = access_token(&client, &sandbox).await;
    let response = client
        .get(format!("{}/api/now/table/incident", sandbox.base_url()))
        .bearer_auth(token)
        .send()
        .await
        .expect("sent");
    assert_eq!(response.status(), StatusCode::UNAUTHORIZED);
    sandbox.shutdown().await;
}

#[tokio::test]
async fn revoking_an_access_token_by_form_post() {
    let (sandbox, client) = start_default().await;
    let token = access_token(&client, &sandbox).await;
    let url = format!("{}/api/now/table/incident", sandbox.base_url());
    let ok = client
        .get(&url)
        .bearer_auth(&token)
        .send()
        .await
        .expect("sent");
    assert_eq!(ok.status(), StatusCode::OK);
    let revoke = client
        .post(format!("{}/oauth_revoke_token.do", sandbox.base_url()))
        .form(&[("token", token.as_str())])
        .send()
        .await
        .expect("sent");
    assert_eq!(revoke.status(), StatusCode::OK);
    let refused = client
        .get(&url)
        .bearer_auth(&token)
        .send()
        .await
        .expect("sent");
    assert_eq!(refused.status(), StatusCode::UNAUTHORIZED);
    assert_eq!(refused.text().await.unwrap_or_default(), NOT_AUTHENTICATED);
    // A new login after revocation gets a new token.
    assert_ne!(access_token(&client, &sandbox).await, token);
    sandbox.shutdown().await;
}
