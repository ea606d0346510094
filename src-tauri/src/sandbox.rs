//! "Try without an instance": the sandbox in-process on loopback, and a ready profile for it.

use snowpost_core::oauth::jwt::JwtAlg;
use snowpost_core::views::ProfileView;
use snowpost_core::{ProfileInput, SecretKind, SecretString};
use snowpost_sandbox::{
    Sandbox, SandboxConfig, DEFAULT_CLIENT_ID, DEFAULT_CLIENT_SECRET, DEFAULT_PASSWORD,
    DEFAULT_USERNAME, DEMO_JWT_KID,
};

use crate::error::{UiError, UiResult};
use crate::state::AppState;

pub const PROFILE_NAME: &str = "Sandbox";

/// Starts the sandbox once per app run, then points the "Sandbox" profile at it (or "Sandbox 2"
/// when the user has a profile of their own by that name); its demo secrets go into the
/// keychain like any other profile's.
pub async fn start(state: &AppState) -> UiResult<ProfileView> {
    let mut running = state.sandbox.lock().await;
    if running.is_none() {
        let config = SandboxConfig {
            demo_jwt_key: true,
            ..SandboxConfig::default()
        };
        let sandbox = Sandbox::start(config).await.map_err(UiError::Sandbox)?;
        seed_from_env(&sandbox);
        *running = Some(sandbox);
    }
    let base_url = running.as_ref().map(Sandbox::base_url).unwrap_or_default();
    let demo_key = running
        .as_ref()
        .and_then(|s| s.demo_jwt_private_key())
        .map(SecretString::new);
    let input = ProfileInput {
        name: PROFILE_NAME.into(),
        instance: base_url.clone(),
        client_id: DEFAULT_CLIENT_ID.into(),
        username: Some(DEFAULT_USERNAME.into()),
        // Ready for any grant the user switches to: the browser sign-in comes back to the
        // sandbox's registered default, and JWT bearer signs with its demo key.
        redirect_uri: None,
        jwt_kid: Some(DEMO_JWT_KID.into()),
        jwt_alg: JwtAlg::ES256,
        ..Default::default()
    };
    let ws = &state.ws;
    let profile = ws.loopback_profile(input)?;
    ws.set_secret(
        &profile.name,
        SecretKind::ClientSecret,
        SecretString::new(DEFAULT_CLIENT_SECRET),
    )?;
    ws.set_secret(
        &profile.name,
        SecretKind::Password,
        SecretString::new(DEFAULT_PASSWORD),
    )?;
    if let Some(key) = demo_key {
        ws.set_secret(&profile.name, SecretKind::PrivateKey, key)?;
    }
    Ok(ws.profile_view(profile)?)
}

/// `SNOWPOST_SANDBOX_SEED=incident=70000,u_other=10`: generated rows for benchmarks and demos.
fn seed_from_env(sandbox: &Sandbox) {
    let Ok(spec) = std::env::var("SNOWPOST_SANDBOX_SEED") else {
        return;
    };
    for part in spec.split(',') {
        if let Some((table, n)) = part.split_once('=') {
            if let Ok(n) = n.trim().parse() {
                sandbox.seed(table.trim(), n);
            }
        }
    }
}
