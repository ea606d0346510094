//! Shared set-up for the end-to-end tests: a sandbox, a temp data dir and the real keychain.

use std::sync::atomic::{AtomicU32, Ordering};

use snowpost_core::secret::{KeyringStore, SecretKind, SecretStore};
use snowpost_core::{HttpClient, ProfileInput, SecretString, Storage, Workspace};
use snowpost_sandbox::{
    Sandbox, SandboxConfig, DEFAULT_CLIENT_ID, DEFAULT_CLIENT_SECRET, DEFAULT_PASSWORD,
    DEFAULT_USERNAME,
};

pub struct Env {
    pub sandbox: Sandbox,
    pub ws: Workspace,
    pub profile: String,
    /// The keychain as the app sees it for this data directory.
    pub keyring: KeyringStore,
    _dir: tempfile::TempDir,
}

/// A unique profile name per test: the keychain is shared by every test process.
pub fn unique_name(prefix: &str) -> String {
    static N: AtomicU32 = AtomicU32::new(0);
    format!(
        "{prefix}-{}-{}",
        std::process::id(),
        N.fetch_add(1, Ordering::Relaxed)
    )
}

impl Env {
    pub async fn start(config: SandboxConfig) -> Env {
        Self::start_with(config, |p| p).await
    }

    pub async fn start_with(
        config: SandboxConfig,
        edit: impl FnOnce(ProfileInput) -> ProfileInput,
    ) -> Env {
        let sandbox = Sandbox::start(config).await.expect("sandbox starts");
        let dir = tempfile::tempdir().expect("temp dir");
        let keyring = KeyringStore::for_data_dir(dir.path(), None);
        let ws = Workspace::new(
            Storage::open_dir(dir.path()).expect("storage"),
            Box::new(keyring.clone()),
            HttpClient::new().expect("http"),
        );
        let profile = unique_name("e2e");
        let input = edit(ProfileInput {
            name: profile.clone(),
            instance: sandbox.base_url(),
            client_id: DEFAULT_CLIENT_ID.into(),
            username: Some(DEFAULT_USERNAME.into()),
            ..Default::default()
        });
        ws.add_profile(input).expect("profile");
        ws.set_secret(
            &profile,
            SecretKind::ClientSecret,
            SecretString::new(DEFAULT_CLIENT_SECRET),
        )
        .unwrap_or_else(|e| {
            panic!(
                "{}\nhint: {}\n(run the tests through scripts/test, which starts a Secret Service)",
                e,
                e.hint()
            )
        });
        ws.set_secret(
            &profile,
            SecretKind::Password,
            SecretString::new(DEFAULT_PASSWORD),
        )
        .expect("password");
        Env {
            sandbox,
            ws,
            profile,
            keyring,
            _dir: dir,
        }
    }

    /// `GET /api/now/table/incident` through the workspace, as any list call is sent.
    pub async fn list_incidents(&self) -> snowpost_core::Exchange {
        self.ws
            .send_table(
                &self.profile,
                &snowpost_core::TableRequest::list("incident"),
            )
            .await
            .expect("list sent")
    }

    /// Where this workspace's database lives.
    pub fn data_dir(&self) -> &std::path::Path {
        self._dir.path()
    }

    pub fn keychain(&self, kind: SecretKind) -> Option<SecretString> {
        self.keyring
            .get(&self.profile, kind)
            .expect("keychain readable")
    }
}

impl Drop for Env {
    fn drop(&mut self) {
        for kind in SecretKind::ALL {
            let _ = self.keyring.delete(&self.profile, kind);
        }
    }
}

/// A person at the browser, for sign-in tests: opens `url` (the instance's `/oauth_auth.do`),
/// logs in through the sandbox's form and presses `decision` ("allow" or "deny"). Returns
/// where the instance sends the browser next (the redirect URI with code or error).
pub async fn browser_decides(url: &str, user: &str, password: &str, decision: &str) -> String {
    let http = reqwest::Client::builder()
        .redirect(reqwest::redirect::Policy::none())
        .no_proxy()
        .build()
        .unwrap();
    let page = http.get(url).send().await.unwrap().text().await.unwrap();
    let marker = "name=\"sysparm_txn\" value=\"";
    let start = page
        .find(marker)
        .map(|i| i + marker.len())
        .expect("a login form");
    let txn = &page[start..start + page[start..].find('"').unwrap()];
    let origin = url::Url::parse(url).unwrap().origin().ascii_serialization();
    let post = |fields: Vec<(&str, &str)>| {
        http.post(format!("{origin}/oauth_auth.do"))
            .form(&fields)
            .send()
    };
    post(vec![
        ("sysparm_txn", txn),
        ("action", "login"),
        ("user_name", user),
        ("user_password", password),
    ])
    .await
    .unwrap();
    let decided = post(vec![("sysparm_txn", txn), ("action", decision)])
        .await
        .unwrap();
    decided
        .headers()
        .get("location")
        .and_then(|v| v.to_str().ok())
        .expect("a redirect after the decision")
        .to_string()
}

/// `browser_decides`, then following the redirect as a browser would (to the loopback listener).
pub async fn browser_signs_in(url: String, decision: &'static str) {
    let back = browser_decides(&url, DEFAULT_USERNAME, DEFAULT_PASSWORD, decision).await;
    let _ = reqwest::Client::builder()
        .no_proxy()
        .build()
        .unwrap()
        .get(back)
        .send()
        .await;
}

/// A free loopback port (bound, then released) for a redirect URI.
pub fn free_port() -> u16 {
    std::net::TcpListener::bind("127.0.0.1:0")
        .unwrap()
        .local_addr()
        .unwrap()
        .port()
}
