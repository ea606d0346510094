//! `Debug` and `Display` of every type that holds a secret print `[redacted]`, never the value.

use snowpost_core::http::{HttpRequest, Method};
use snowpost_core::oauth::{
    revoke_request, FormParam, FormValue, OAuthClient, TokenGrant, TokenRequest,
};
use snowpost_core::views::{apply_rows, FormRow, TokenView};
use snowpost_core::{ClientAuth, Instance, SecretString, Token};

const SECRET: &str = "S3cr3t-V@lue";

fn assert_clean(what: &str, text: String) {
    assert!(!text.contains(SECRET), "{what} leaks: {text}");
    assert!(
        !text.contains("S3cr3t-V%40lue"),
        "{what} leaks encoded: {text}"
    );
}

#[test]
fn nothing_that_holds_a_secret_prints_it() {
    let secret = SecretString::new(SECRET);
    let instance = Instance::parse("dev1").unwrap();
    let client = OAuthClient {
        client_id: "cid".into(),
        client_secret: Some(secret.clone()),
        auth: ClientAuth::Basic,
    };
    let grants = [
        TokenGrant::Password {
            username: "u".into(),
            password: secret.clone(),
        },
        TokenGrant::RefreshToken {
            refresh_token: secret.clone(),
        },
        TokenGrant::AuthorizationCode {
            code: secret.clone(),
            redirect_uri: "http://127.0.0.1:8765/callback".into(),
            code_verifier: secret.clone(),
        },
    ];
    for g in &grants {
        assert_clean("TokenGrant", format!("{g:?}"));
        let req = TokenRequest::build(&instance, &client, g, None, None);
        assert_clean("TokenRequest", format!("{req:?}"));
        assert_clean("preview", req.preview_body());
        assert_clean("HttpRequest", format!("{:?}", req.to_http().unwrap()));
    }
    assert_clean("SecretString", format!("{secret:?} {secret}"));
    assert_clean("OAuthClient", format!("{client:?}"));
    let param = FormParam {
        key: "k".into(),
        value: FormValue::Secret(secret.clone()),
        enabled: true,
    };
    assert_clean("FormParam", format!("{param:?}"));
    let token = Token {
        access_token: secret.clone(),
        refresh_token: Some(secret.clone()),
        scope: "useraccount".into(),
        token_type: "Bearer".into(),
        expires_in: Some(1799),
        obtained_at: std::time::SystemTime::now(),
    };
    assert_clean("Token", format!("{token:?}"));
    assert_clean(
        "TokenView",
        serde_json::to_string(&TokenView::new("p", &token)).unwrap(),
    );
    assert_clean(
        "TokenSummary",
        serde_json::to_string(&token.summary()).unwrap(),
    );
    assert_clean(
        "revoke HttpRequest",
        format!("{:?}", revoke_request(&instance, &secret)),
    );
    let bearer = HttpRequest {
        method: Method::GET,
        url: instance.url("/api/now/table/incident"),
        headers: vec![("Authorization".into(), format!("Bearer {SECRET}"))],
        body: Vec::new(),
        follow_redirects: true,
    };
    assert_clean("bearer HttpRequest", format!("{bearer:?}"));
    assert_clean(
        "SentRequest",
        serde_json::to_string(&snowpost_core::api::SentRequest::from_http(&bearer)).unwrap(),
    );
    let base = TokenRequest::build(&instance, &client, &grants[0], None, None);
    let rows = vec![FormRow {
        key: "password ".into(),
        value: Some(SECRET.into()),
        secret: true,
        enabled: true,
    }];
    let err = apply_rows(&base, &rows).unwrap_err();
    assert_clean(
        "Error",
        format!(
            "{err} {err:?} {}",
            serde_json::to_string(&err.report()).unwrap()
        ),
    );
}
