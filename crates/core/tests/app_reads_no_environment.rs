//! The desktop app's workspace never takes a secret from the environment: a value exported
//! for a CLI run must not reach the app's requests. (One test in its own binary: it sets
//! process-wide variables.)

use snowpost_core::{ProfileInput, Workspace};

#[test]
fn open_default_ignores_snowpost_secret_variables() {
    let dir = tempfile::tempdir().unwrap();
    // The only test in this binary, so no other thread reads the environment meanwhile.
    std::env::set_var("SNOWPOST_DATA_DIR", dir.path());
    std::env::set_var("SNOWPOST_CLIENT_SECRET", "exported-secret");
    std::env::set_var("SNOWPOST_PASSWORD", "exported-password");
    let ws = Workspace::open_default().unwrap();
    let name = format!("app-env-{}", std::process::id());
    ws.add_profile(ProfileInput {
        name: name.clone(),
        instance: "dev1".into(),
        client_id: "cid".into(),
        username: Some("admin".into()),
        ..Default::default()
    })
    .unwrap();
    let e = ws.token_request(&name).unwrap_err();
    assert!(
        matches!(e.kind(), "missing_secret" | "keychain_unavailable"),
        "{e}"
    );
    if let Ok(status) = ws.secret_status(&name) {
        assert!(!status.client_secret && !status.password);
    }
    ws.remove_profile(&name).ok();
}
