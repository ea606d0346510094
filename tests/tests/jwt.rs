//! The JWT bearer grant against the sandbox's JWT verifier map: a fresh signed assertion per
//! token request, checked by the instance (signature, aud, sub, exp, jti replay), no refresh
//! token, renewal by minting again.

use snowpost_core::oauth::jwt::JwtAlg;
use snowpost_core::oauth::FormValue;
use snowpost_core::secret::SecretKind;
use snowpost_core::views::FormGrant;
use snowpost_core::{GrantType, ProfileInput, SecretString, TableRequest};
use snowpost_e2e::Env;
use snowpost_sandbox::{JwtKey, SandboxConfig};

const FIXTURES: &str = concat!(
    env!("CARGO_MANIFEST_DIR"),
    "/../crates/core/tests/fixtures/jwt"
);

fn fixture(name: &str) -> String {
    std::fs::read_to_string(format!("{FIXTURES}/{name}")).unwrap()
}

async fn env(alg: JwtAlg, public_key: &str) -> Env {
    let config = SandboxConfig {
        jwt_keys: vec![JwtKey {
            kid: "k1".into(),
            public_key_pem: fixture(public_key),
        }],
        ..SandboxConfig::default()
    };
    Env::start_with(config, move |p| ProfileInput {
        grant: GrantType::JwtBearer,
        jwt_kid: Some("k1".into()),
        jwt_alg: alg,
        ..p
    })
    .await
}

#[tokio::test]
async fn a_signed_assertion_gets_a_token_and_renewal_mints_again() {
    let env = env(JwtAlg::RS256, "rsa.pub.pem").await;
    let (ws, p) = (&env.ws, env.profile.as_str());
    ws.set_secret(
        p,
        SecretKind::PrivateKey,
        SecretString::new(fixture("rsa.pem")),
    )
    .unwrap();
    let req = ws.token_request(p).unwrap();
    assert!(req
        .preview_body()
        .contains("grant_type=urn%3Aietf%3Aparams%3Aoauth%3Agrant-type%3Ajwt-bearer"));
    assert!(
        req.preview_body().contains("assertion=********"),
        "{}",
        req.preview_body()
    );
    let preview = snowpost_core::views::TokenPreview::of(&req);
    let (header, claims) = preview
        .assertion
        .expect("the assertion decoded for the preview");
    assert!(
        header.contains("\"kid\": \"k1\"") && claims.contains("\"sub\": \"admin\""),
        "{header}{claims}"
    );

    let token = ws.send_token_request(p, &req).await.unwrap();
    assert!(token.refresh_token.is_none(), "no refresh token comes back");
    // The same assertion again: its jti was used.
    let replay = ws.send_token_request(p, &req).await.unwrap_err();
    assert_eq!(replay.kind(), "oauth_rejected", "{replay}");

    // Expired: renewed by a new assertion, with no browser and no refresh token.
    env.sandbox.expire_access_tokens();
    let x = ws
        .send_table(p, &TableRequest::list("incident"))
        .await
        .unwrap();
    assert_eq!(x.status, 200);
    assert_eq!(env.sandbox.stats().grants_jwt_bearer, 2);

    // Each request mints its own assertion.
    let jti = |r: &snowpost_core::TokenRequest| {
        r.params
            .iter()
            .find_map(|f| match (&f.value, f.key.as_str()) {
                (FormValue::Secret(s), "assertion") => Some(s.expose().to_string()),
                _ => None,
            })
    };
    let a = ws.token_request_for(p, FormGrant::JwtBearer).unwrap();
    let b = ws.token_request_for(p, FormGrant::JwtBearer).unwrap();
    assert_ne!(jti(&a), jti(&b));

    let public = ws.jwt_public_key(p).unwrap();
    assert_eq!(public.pem, fixture("rsa.pub.pem"));
}

#[tokio::test]
async fn es256_and_the_wrong_key() {
    let env = env(JwtAlg::ES256, "ec256.pub.pem").await;
    let (ws, p) = (&env.ws, env.profile.as_str());
    let bad = ws
        .set_secret(
            p,
            SecretKind::PrivateKey,
            SecretString::new(fixture("rsa.pem")),
        )
        .unwrap_err();
    assert_eq!(
        bad.kind(),
        "invalid_input",
        "an RSA key for ES256 is refused before it is stored"
    );
    assert!(!bad.to_string().contains("MII"));
    ws.set_secret(
        p,
        SecretKind::PrivateKey,
        SecretString::new(fixture("ec256.pem")),
    )
    .unwrap();
    ws.fetch_token(p).await.unwrap();

    // A key the instance does not know: its signature does not verify.
    let other = self::env(JwtAlg::RS256, "rsa.pub.pem").await;
    other
        .ws
        .set_secret(
            &other.profile,
            SecretKind::PrivateKey,
            SecretString::new(fixture("other.pem")),
        )
        .unwrap();
    let e = other.ws.fetch_token(&other.profile).await.unwrap_err();
    assert_eq!(e.kind(), "oauth_rejected", "{e}");
}
