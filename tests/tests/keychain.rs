//! The real system keychain (Secret Service under dbus-run-session in tests), and the promise
//! that no secret reaches the data directory.

use snowpost_core::secret::{KeyringStore, SecretKind, SecretStore};
use snowpost_core::{SecretString, TableRequest};
use snowpost_e2e::{unique_name, Env};
use snowpost_sandbox::SandboxConfig;

#[test]
fn keyring_store_round_trip() {
    let name = unique_name("kc");
    let store = KeyringStore::default();
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

/// Two data directories (the default one and a CI script's `SNOWPOST_DATA_DIR`, say) each with
/// a profile "dev" on a different instance: neither reads the other's secrets or tokens, and no
/// token is ever sent to the instance that did not issue it.
#[tokio::test]
async fn two_data_directories_never_share_secrets_or_tokens() {
    use snowpost_core::{HttpClient, ProfileInput, Storage, Workspace};
    use snowpost_sandbox::{Sandbox, DEFAULT_CLIENT_ID, DEFAULT_CLIENT_SECRET, DEFAULT_PASSWORD};

    let name = unique_name("dev");
    let mut sides = Vec::new();
    for _ in 0..2 {
        let sandbox = Sandbox::start(SandboxConfig::default()).await.unwrap();
        let dir = tempfile::tempdir().unwrap();
        let keyring = KeyringStore::for_data_dir(dir.path(), None);
        let ws = Workspace::new(
            Storage::open_dir(dir.path()).unwrap(),
            Box::new(keyring.clone()),
            HttpClient::new().unwrap(),
        );
        ws.add_profile(ProfileInput {
            name: name.clone(),
            instance: sandbox.base_url(),
            client_id: DEFAULT_CLIENT_ID.into(),
            username: Some("admin".into()),
            ..Default::default()
        })
        .unwrap();
        sides.push((sandbox, dir, keyring, ws));
    }
    let (a, b) = (&sides[0], &sides[1]);
    assert_ne!(a.2.service(), b.2.service());
    let set_secrets = |ws: &Workspace| {
        let secrets = [
            (SecretKind::ClientSecret, DEFAULT_CLIENT_SECRET),
            (SecretKind::Password, DEFAULT_PASSWORD),
        ];
        for (kind, value) in secrets {
            ws.set_secret(&name, kind, SecretString::new(value))
                .unwrap();
        }
    };
    set_secrets(&a.3);
    a.3.send_table(&name, &TableRequest::list("incident"))
        .await
        .unwrap();
    // B sees none of A's secrets, so it says what is missing rather than borrowing them.
    let status = b.3.secret_status(&name).unwrap();
    assert!(!status.client_secret && !status.password && !status.refresh_token);
    assert!(b.3.fetch_token(&name).await.is_err());
    set_secrets(&b.3);
    b.3.send_table(&name, &TableRequest::list("incident"))
        .await
        .unwrap();
    let (sa, sb) = (a.0.stats(), b.0.stats());
    assert_eq!((sa.grants_password, sa.api_unauthorized), (1, 0));
    assert_eq!(
        (sb.grants_password, sb.api_unauthorized),
        (1, 0),
        "B got its own token"
    );
    for (_, _, keyring, _) in &sides {
        for kind in SecretKind::ALL {
            let _ = keyring.delete(&name, kind);
        }
    }
}
