//! Helpers shared by the HTTP tests.

use reqwest::{Client, Response};
use serde_json::Value;
use snowpost_sandbox::{
    Sandbox, SandboxConfig, DEFAULT_CLIENT_ID, DEFAULT_CLIENT_SECRET, DEFAULT_PASSWORD,
    DEFAULT_USERNAME,
};

pub const TOKEN_FAILURE: &str = r#"{"error_description":"access_denied","error":"server_error"}"#;
pub const NOT_AUTHENTICATED: &str = r#"{"error":{"message":"User Not Authenticated","detail":"Required to provide Auth information"},"status":"failure"}"#;

/// A direct client: environment proxies must never see loopback test traffic.
pub fn client() -> Client {
    Client::builder().no_proxy().build().expect("client builds")
}

pub async fn start(config: SandboxConfig) -> (Sandbox, Client) {
    let sandbox = Sandbox::start(config).await.expect("sandbox starts");
    (sandbox, client())
}

pub async fn start_default() -> (Sandbox, Client) {
    start(SandboxConfig::default()).await
}

/// POSTs a form to the token endpoint.
pub async fn token_request(client: &Client, sandbox: &Sandbox, form: &[(&str, &str)]) -> Response {
    client
        .post(format!("{}/oauth_token.do", sandbox.base_url()))
        .form(form)
        .send()
        .await
        .expect("token request sent")
}

pub fn password_form<'a>() -> Vec<(&'a str, &'a str)> {
    vec![
        ("grant_type", "password"),
        ("client_id", DEFAULT_CLIENT_ID),
        ("client_secret", DEFAULT_CLIENT_SECRET),
        ("username", DEFAULT_USERNAME),
        ("password", DEFAULT_PASSWORD),
    ]
}

/// An access token from the password grant.
pub async fn access_token(client: &Client, sandbox: &Sandbox) -> String {
    let response = token_request(client, sandbox, &password_form()).await;
    assert_eq!(response.status(), 200);
    let body: Value = response.json().await.expect("token JSON");
    body["access_token"]
        .as_str()
        .expect("access_token present")
        .to_string()
}

pub fn header(response: &Response, name: &str) -> String {
    response
        .headers()
        .get(name)
        .and_then(|v| v.to_str().ok())
        .unwrap_or("")
        .to_string()
}
