//! A token goes only to the instance that issued it, even when the profile moves meanwhile,
//! in this process or in another one.

use snowpost_core::secret::SecretKind;
use snowpost_core::{HttpClient, ProfileInput, Storage, TableRequest, Workspace};
use snowpost_e2e::Env;
use snowpost_sandbox::{Sandbox, SandboxConfig};

fn config() -> SandboxConfig {
    SandboxConfig::default()
}

/// Points the profile at `other`, keeping its secrets.
fn move_profile(env: &Env, other: &Sandbox) {
    let p = env.ws.profile(&env.profile).unwrap();
    let input = ProfileInput {
        name: p.name,
        instance: other.base_url(),
        client_id: p.client_id,
        username: p.username,
        ..Default::default()
    };
    env.ws.update_profile(input, true).unwrap();
}

#[tokio::test]
async fn a_token_is_kept_only_for_the_instance_that_issued_it() {
    let env = Env::start(config()).await;
    let other = Sandbox::start(config()).await.unwrap();
    // Built (and about to be sent) for the first instance…
    let req = env.ws.token_request(&env.profile).unwrap();
    // …while the profile moves to another one.
    move_profile(&env, &other);
    let e = env
        .ws
        .send_token_request(&env.profile, &req)
        .await
        .unwrap_err();
    assert_eq!(e.kind(), "invalid_input", "{e}");
    assert!(e.to_string().contains("request a token again"), "{e}");
    assert!(
        env.keychain(SecretKind::AccessToken).is_none(),
        "not bound to the new instance"
    );
    assert!(env.ws.cached_token(&env.profile).is_none());
    // The next call gets its token from the new instance.
    let x = env.list_incidents().await;
    assert_eq!(x.status, 200);
    assert!(x.request.url.starts_with(&other.base_url()));
}

#[tokio::test]
async fn a_profile_moved_by_another_process_leaves_its_token_behind() {
    let env = Env::start(config()).await;
    let other = Sandbox::start(config()).await.unwrap();
    // The app: its own workspace over the same database and keychain; `env.ws` is the CLI.
    let app = Workspace::new(
        Storage::open_dir(env.data_dir())
            .unwrap()
            .with_profile_recheck(std::time::Duration::ZERO),
        Box::new(snowpost_core::KeyringStore::for_data_dir(
            env.data_dir(),
            None,
        )),
        HttpClient::new().unwrap(),
    );
    let list = TableRequest::list("incident");
    assert_eq!(
        app.send_table(&env.profile, &list).await.unwrap().status,
        200
    );
    assert_eq!(env.sandbox.stats().token_requests, 1);

    move_profile(&env, &other);

    // The app's token in memory came from the first instance: it is not offered to the
    // second, which issues its own.
    let x = app.send_table(&env.profile, &list).await.unwrap();
    assert_eq!(x.status, 200);
    assert!(x.request.url.starts_with(&other.base_url()));
    let stats = other.stats();
    assert_eq!(stats.token_requests, 1);
    assert_eq!(
        stats.api_unauthorized, 0,
        "the old instance's token was sent"
    );
}
