//! The real system keychain (Secret Service under dbus-run-session in tests), and the promise
//! that no secret reaches the data directory.

use snowpost_core::secret::{KeyringStore, SecretKind, SecretStore};
use snowpost_core::{SecretString, TableRequest};
use snowpost_e2e::{unique_name, Env};
use snowpost_sandbox::SandboxConfig;

#[test]
fn keyring_store_round_trip() {
    let name = unique_name("kc");
    let store = KeyringStore;
    assert_eq!(
        store.get(&name, SecretKind::Password).unwrap(),
        None,
        "no entry is None, not an error"
    );
    store
        .set(&name, SecretKind::Password, &SecretString::new("p+&<;( w"))
        .unwrap();
    assert_eq!(
        store
            .get(&name, SecretKind::Password)
            .unwrap()
            .unwrap()
            .expose(),
        "p+&<;( w"
    );
    assert_eq!(
        store.get(&name, SecretKind::ClientSecret).unwrap(),
        None,
        "kinds are separate entries"
    );
    store.delete(&name, SecretKind::Password).unwrap();
    store.delete(&name, SecretKind::Password).unwrap();
    assert_eq!(store.get(&name, SecretKind::Password).unwrap(), None);
}

#[tokio::test]
async fn removing_a_profile_removes_its_secrets() {
    let env = Env::start(SandboxConfig::default()).await;
    env.ws.fetch_token(&env.profile).await.unwrap();
    let status = env.ws.secret_status(&env.profile).unwrap();
    assert!(status.client_secret && status.password && status.refresh_token);
    env.ws.remove_profile(&env.profile).unwrap();
    for kind in SecretKind::ALL {
        assert_eq!(env.keychain(kind), None, "{kind:?}");
    }
}

#[tokio::test]
async fn no_secret_or_token_reaches_the_data_directory() {
    let env = Env::start(SandboxConfig::default()).await;
    let token = env.ws.fetch_token(&env.profile).await.unwrap();
    env.ws
        .send_table(
            &env.profile,
            &TableRequest::create("incident", serde_json::json!({"short_description":"scan"})),
        )
        .await
        .unwrap();
    let mut needles = vec![
        snowpost_sandbox::DEFAULT_CLIENT_SECRET.to_string(),
        snowpost_sandbox::DEFAULT_PASSWORD.to_string(),
        token.access_token.expose().to_string(),
    ];
    needles.extend(token.refresh_token.as_ref().map(|r| r.expose().to_string()));
    let mut scanned = 0;
    for entry in walk(env.data_dir()) {
        let bytes = std::fs::read(&entry).unwrap();
        scanned += 1;
        for n in &needles {
            assert!(
                !contains(&bytes, n.as_bytes()),
                "{} holds a secret",
                entry.display()
            );
        }
    }
    assert!(scanned > 0, "the database was scanned");
}

fn walk(dir: &std::path::Path) -> Vec<std::path::PathBuf> {
    let mut out = Vec::new();
    let Ok(rd) = std::fs::read_dir(dir) else {
        return out;
    };
    for e in rd.flatten() {
        let p = e.path();
        if p.is_dir() {
            out.extend(walk(&p));
        } else {
            out.push(p);
        }
    }
    out
}

fn contains(hay: &[u8], needle: &[u8]) -> bool {
    hay.windows(needle.len()).any(|w| w == needle)
}
