use super::*;

fn inst() -> Instance {
    Instance::parse("dev1").unwrap()
}

fn attempt() -> Authorization {
    Authorization::with(
        &inst(),
        "cid",
        DEFAULT_REDIRECT_URI,
        Some("useraccount"),
        "S7a7e".repeat(8),
        Pkce::from_verifier("dBjftJeZ4CVP-mB92K27uhbUJU1p1r_wW1gFWFOEjXk".into()),
    )
}

#[test]
fn pkce_s256_is_rfc_7636s_example() {
    // RFC 7636 appendix B.
    let p = Pkce::from_verifier("dBjftJeZ4CVP-mB92K27uhbUJU1p1r_wW1gFWFOEjXk".into());
    assert_eq!(p.challenge, "E9Melhoa2OwvFrEMTJguCHaoeK1t8URWbuGJSstw-cM");
    let fresh = Pkce::new();
    assert_eq!(fresh.verifier.expose().len(), 64);
    assert_eq!(fresh.challenge, s256(fresh.verifier.expose()));
    assert_ne!(Pkce::new().verifier.expose(), fresh.verifier.expose());
}

#[test]
fn state_is_long_alphanumeric_and_fresh() {
    let s = new_state();
    assert!(
        s.len() >= 32 && s.chars().all(|c| c.is_ascii_alphanumeric()),
        "{s}"
    );
    assert_ne!(new_state(), s);
}

#[test]
fn the_authorize_url_carries_everything_servicenow_needs() {
    let a = attempt();
    let q: Vec<(String, String)> = a.url.query_pairs().into_owned().collect();
    assert_eq!(a.url.path(), "/oauth_auth.do");
    let keys: Vec<&str> = q.iter().map(|(k, _)| k.as_str()).collect();
    assert_eq!(
        keys,
        [
            "response_type",
            "client_id",
            "redirect_uri",
            "state",
            "code_challenge",
            "code_challenge_method",
            "scope"
        ]
    );
    assert!(q.contains(&("code_challenge_method".into(), "S256".into())));
    assert!(q.contains(&("redirect_uri".into(), DEFAULT_REDIRECT_URI.into())));
    assert!(
        !a.url.as_str().contains("dBjftJeZ"),
        "the verifier never leaves"
    );
}

#[test]
fn the_code_comes_back_only_with_this_attempts_state() {
    let a = attempt();
    let state = a.state.clone();
    let landed = format!("http://127.0.0.1:8765/callback?code=abc123&state={state}");
    assert_eq!(a.code_from(&landed).unwrap().expose(), "abc123");
    assert_eq!(
        a.code_from(&format!("code=abc123&state={state}"))
            .unwrap()
            .expose(),
        "abc123"
    );
    assert_eq!(
        a.code_from("  abc123 ").unwrap().expose(),
        "abc123",
        "a bare pasted code"
    );

    let kind = |text: &str| a.code_from(text).unwrap_err();
    let e = kind("http://127.0.0.1:8765/callback?code=abc&state=someoneelse");
    assert_eq!(e.kind(), "state_mismatch", "{e}");
    assert_eq!(
        kind("http://127.0.0.1:8765/callback?code=abc").kind(),
        "state_mismatch"
    );
    let denied = kind(&format!("http://127.0.0.1:8765/callback?error=access_denied&error_description=The+user+denied+access&state={state}"));
    assert_eq!(denied.kind(), "sign_in_denied", "{denied}");
    assert!(denied.hint().contains("Allow"), "{}", denied.hint());
    assert_eq!(kind("").kind(), "invalid_input");
    assert_eq!(
        kind(&format!("http://x/callback?state={state}")).kind(),
        "invalid_input"
    );
}
