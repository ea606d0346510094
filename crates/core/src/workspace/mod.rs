//! `Workspace`: profiles, keychain, HTTP and the per-profile token cache wired together.
//! The CLI and the desktop app are thin layers over this.

mod aggregate;
mod attachments;
mod batch;
mod bulk_import;
mod collections;
mod fetch_all;
mod file_body;
mod history;
mod lookup;
mod network;
mod profiles;
mod saved_run;
mod schema;
mod scripted_rest;
mod secret_variables;
mod sign_in;
mod streamed;
mod tokens;

pub use batch::BatchOutcome;
pub use bulk_import::{ImportOptions, ImportProgress, DEFAULT_CONCURRENCY};
pub use collections::{PostmanImport, Saved};
pub use fetch_all::{FetchProgress, DEFAULT_PAGE_SIZE};

use std::collections::HashMap;
use std::sync::{Arc, Mutex};

use serde::Serialize;

use crate::api::{send_api_to, ApiRequest, Exchange, TableRequest};
use crate::error::{Error, ErrorReport, Result};
use crate::guard::Confirmed;
use crate::http::HttpClient;
use crate::profile::Profile;
use crate::secret::environment::Notice;
use crate::secret::{EnvOverride, KeyringStore, SecretKind, SecretStore, SecretString};
use crate::storage::{HistoryWriter, Rows, SavedRequestRow, Storage};
use crate::token_events::TokenEventLog;
use crate::views::IncidentSummary;

/// Which secrets a profile has — never their values.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS), ts(export))]
pub struct SecretStatus {
    pub client_secret: bool,
    pub password: bool,
    pub refresh_token: bool,
    pub private_key: bool,
    /// Set when the keychain could not be read: the flags above are then unknown.
    pub keychain_error: Option<ErrorReport>,
}

type TokenSlot = Arc<tokio::sync::Mutex<Option<tokens::HeldToken>>>;

pub struct Workspace {
    storage: Mutex<Storage>,
    /// Writes history entries off the send path.
    history_writer: HistoryWriter,
    secrets: Box<dyn SecretStore>,
    http: HttpClient,
    /// One slot per profile; holding its lock while fetching makes refreshes single-flight.
    tokens: Mutex<HashMap<String, TokenSlot>>,
    events: TokenEventLog,
    /// Where to say that a secret came from the environment (the CLI's stderr).
    notice: Option<Notice>,
    /// Paste-fallback sign-ins waiting for the URL the browser landed on, by profile.
    pending_sign_ins: Mutex<HashMap<String, crate::oauth::Authorization>>,
    /// Who `@me` is, per profile; learned once per sign-in.
    current_users: Mutex<HashMap<String, crate::schema::CurrentUser>>,
    /// `config.toml` of the data directory (network settings); none for a bare workspace.
    network_file: Option<std::path::PathBuf>,
}

impl Workspace {
    pub fn new(storage: Storage, secrets: Box<dyn SecretStore>, http: HttpClient) -> Self {
        Workspace {
            history_writer: HistoryWriter::new(storage.path().to_path_buf()),
            storage: Mutex::new(storage),
            secrets,
            http,
            tokens: Mutex::new(HashMap::new()),
            events: TokenEventLog::default(),
            notice: None,
            pending_sign_ins: Mutex::new(HashMap::new()),
            current_users: Mutex::new(HashMap::new()),
            network_file: None,
        }
    }

    /// The desktop app's workspace: the data directory's database, the system keychain and
    /// nothing else (no environment variable is read for a secret), rustls HTTP.
    pub fn open_default() -> Result<Self> {
        let (dir, storage) = Self::data()?;
        Self::new(storage, Box::new(Self::keyring(&dir)), HttpClient::new()?)
            .with_network_file(dir.join(crate::network::CONFIG_FILE))
    }

    /// The CLI's workspace: as [`Workspace::open_default`], but `SNOWPOST_CLIENT_SECRET` and
    /// `SNOWPOST_PASSWORD` come first and, without a keychain, tokens live in memory. `notice`
    /// is told, in one line, each time one of those is used.
    pub fn open_cli(notice: Notice) -> Result<Self> {
        let (dir, storage) = Self::data()?;
        let secrets = EnvOverride::new(Self::keyring(&dir), notice.clone());
        let mut ws = Self::new(storage, Box::new(secrets), HttpClient::new()?);
        ws.notice = Some(notice);
        ws.with_network_file(dir.join(crate::network::CONFIG_FILE))
    }

    fn data() -> Result<(std::path::PathBuf, Storage)> {
        let dir = crate::storage::data_dir()?;
        let storage = Storage::open_dir(&dir)?;
        Ok((dir, storage))
    }

    fn keyring(dir: &std::path::Path) -> KeyringStore {
        KeyringStore::for_data_dir(dir, crate::storage::default_data_dir().as_deref())
    }

    pub fn http(&self) -> &HttpClient {
        &self.http
    }

    fn db<T>(&self, f: impl FnOnce(&Storage) -> Result<T>) -> Result<T> {
        let guard = self
            .storage
            .lock()
            .map_err(|_| Error::Storage("storage lock poisoned".into()))?;
        f(&guard)
    }

    // --- secrets --------------------------------------------------------------------------

    pub fn set_secret(&self, name: &str, kind: SecretKind, value: SecretString) -> Result<()> {
        self.db(|s| s.profile(name))?;
        if value.is_empty() {
            return Err(Error::input(
                kind.label(),
                "is empty; use clear to remove it",
            ));
        }
        if kind == SecretKind::PrivateKey {
            // Refused before it is stored: a key that cannot sign is no use in the keychain.
            let alg = self.db(|s| s.profile(name))?.jwt_alg;
            crate::oauth::jwt::SigningKey::from_pem(&value, alg)?;
        }
        self.secrets.set(name, kind, &value)?;
        if kind != SecretKind::RefreshToken {
            self.forget_token(name)?;
        }
        Ok(())
    }

    pub fn clear_secret(&self, name: &str, kind: SecretKind) -> Result<()> {
        self.secrets.delete(name, kind)
    }

    pub fn secret_status(&self, name: &str) -> Result<SecretStatus> {
        let has = |k| self.secrets.get(name, k).map(|v| v.is_some());
        Ok(SecretStatus {
            client_secret: has(SecretKind::ClientSecret)?,
            password: has(SecretKind::Password)?,
            refresh_token: has(SecretKind::RefreshToken)?,
            private_key: has(SecretKind::PrivateKey)?,
            keychain_error: None,
        })
    }

    fn require_secret(&self, name: &str, kind: SecretKind) -> Result<SecretString> {
        let value = self
            .secrets
            .get(name, kind)?
            .ok_or_else(|| Error::MissingSecret {
                profile: name.into(),
                kind: kind.label(),
            })?;
        if let (Some(var), Some(notice)) = (self.secrets.environment_var(kind), &self.notice) {
            // Named with its instance, so a value exported for one is never sent silently to another.
            let instance = self.profile(name)?.instance;
            notice(&format!(
                "using {var} from the environment for profile {name} ({instance})"
            ));
        }
        Ok(value)
    }

    // --- API calls ------------------------------------------------------------------------

    /// Sends with a valid token; on a 401 with a token that should still be valid, gets a
    /// fresh one and retries once.
    pub async fn send(&self, name: &str, req: &ApiRequest) -> Result<Exchange> {
        self.send_as(name, req, Confirmed::No).await
    }

    /// `send`, with the user's answer for a profile that confirms writes. The guard is checked
    /// before anything, even a token request, goes out.
    pub async fn send_as(
        &self,
        name: &str,
        req: &ApiRequest,
        confirmed: Confirmed,
    ) -> Result<Exchange> {
        self.send_recorded(name, req, confirmed, None).await
    }

    /// The guard, the send (into `sink` when given) and the history entry.
    async fn send_recorded(
        &self,
        name: &str,
        req: &ApiRequest,
        confirmed: Confirmed,
        sink: Option<&mut (dyn std::io::Write + Send)>,
    ) -> Result<Exchange> {
        let p = self.profile(name)?;
        self.send_recorded_for(name, &p, req, confirmed, sink).await
    }

    /// [`Workspace::send_recorded`] with the profile already read (once per send).
    async fn send_recorded_for(
        &self,
        name: &str,
        p: &Profile,
        req: &ApiRequest,
        confirmed: Confirmed,
        sink: Option<&mut (dyn std::io::Write + Send)>,
    ) -> Result<Exchange> {
        crate::guard::check(name, p.environment, p.write_guard, req, confirmed)?;
        let x = self.send_unrecorded(name, req, sink).await?;
        self.record_history(name, req, &x);
        Ok(x)
    }

    /// `send` without the history entry (Fetch all records its first page only). With a
    /// `sink`, a 2xx body goes there as it arrives (a 401 is never streamed, so the retry
    /// is clean).
    async fn send_unrecorded(
        &self,
        name: &str,
        req: &ApiRequest,
        mut sink: Option<&mut (dyn std::io::Write + Send)>,
    ) -> Result<Exchange> {
        let (filled_req, filled) = self.fill_secret_variables(name, req)?;
        let req: &ApiRequest = &filled_req;
        let (instance, token) = self.bound_token(name).await?;
        let auth = token.authorization();
        // Reborrowed for the first try, so a 401's retry can still stream.
        let first = sink
            .as_mut()
            .map(|s| &mut **s as &mut (dyn std::io::Write + Send));
        let mut x = send_api_to(&self.http, &instance, &auth, req, first).await?;
        if x.status == 401 {
            self.discard_token(name, &token).await?;
            let (instance, fresh) = self.bound_token(name).await?;
            let auth = fresh.authorization();
            x = send_api_to(&self.http, &instance, &auth, req, sink).await?;
        }
        secret_variables::mask(&mut x.request, &filled);
        Ok(x)
    }

    pub fn saved_requests(&self, profile: &str) -> Result<Rows<SavedRequestRow>> {
        self.db(|s| s.saved_requests(profile))
    }

    pub fn delete_saved_request(&self, id: i64) -> Result<()> {
        self.db(|s| s.delete_saved_request(id))
    }

    pub async fn send_table(&self, name: &str, req: &TableRequest) -> Result<Exchange> {
        self.send_table_as(name, req, Confirmed::No).await
    }

    pub async fn send_table_as(
        &self,
        name: &str,
        req: &TableRequest,
        confirmed: Confirmed,
    ) -> Result<Exchange> {
        let p = self.profile(name)?;
        let req = self
            .prepared_table_request(name, &p, req, confirmed)
            .await?;
        // A lookup went out meanwhile: read the profile again for the guard, as a new send would.
        let p = match req {
            std::borrow::Cow::Borrowed(_) => p,
            std::borrow::Cow::Owned(_) => self.profile(name)?,
        };
        self.send_recorded_for(name, &p, &req.to_api()?, confirmed, None)
            .await
    }

    /// The seed's Step 3: POST the fields to the incident table with the profile's token.
    pub async fn create_incident(
        &self,
        name: &str,
        fields: serde_json::Value,
        confirmed: Confirmed,
    ) -> Result<(Exchange, Option<IncidentSummary>)> {
        let p = self.profile(name)?;
        let x = self
            .send_table_as(name, &TableRequest::create("incident", fields), confirmed)
            .await?;
        let summary = IncidentSummary::from_exchange(&x, &p.instance);
        Ok((x, summary))
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::profile::ProfileInput;
    use crate::secret::memory::MemoryStore;

    pub(super) fn ws() -> (Workspace, tempfile::TempDir) {
        let dir = tempfile::tempdir().unwrap();
        let ws = Workspace::new(
            Storage::open_dir(dir.path()).unwrap(),
            Box::<MemoryStore>::default(),
            HttpClient::new().unwrap(),
        );
        (ws, dir)
    }

    fn input(name: &str) -> ProfileInput {
        ProfileInput {
            name: name.into(),
            instance: "dev1".into(),
            client_id: "cid".into(),
            username: Some("admin".into()),
            ..Default::default()
        }
    }

    #[test]
    fn token_request_needs_its_secrets_and_names_the_missing_one() {
        let (ws, _d) = ws();
        ws.add_profile(input("dev")).unwrap();
        let e = ws.token_request("dev").unwrap_err();
        assert_eq!(e.kind(), "missing_secret");
        assert!(e.hint().contains("snowpost secret set dev password"));
        ws.set_secret("dev", SecretKind::Password, SecretString::new("pw"))
            .unwrap();
        let e = ws.token_request("dev").unwrap_err();
        assert!(e.hint().contains("client-secret"));
        ws.set_secret("dev", SecretKind::ClientSecret, SecretString::new("cs"))
            .unwrap();
        let r = ws.token_request("dev").unwrap();
        assert_eq!(r.preview_body(), "grant_type=password&client_id=cid&client_secret=********&username=admin&password=********");
    }

    /// The keychain locked or gone: say so per profile, keep the profiles.
    struct LockedKeychain;
    impl SecretStore for LockedKeychain {
        fn get(&self, _: &str, _: SecretKind) -> Result<Option<SecretString>> {
            Err(crate::secret::keychain_error(
                keyring::Error::PlatformFailure(
                    "Cannot create an item in a locked collection".into(),
                ),
            ))
        }
        fn set(&self, p: &str, k: SecretKind, _: &SecretString) -> Result<()> {
            self.get(p, k).map(|_| ())
        }
        fn delete(&self, p: &str, k: SecretKind) -> Result<()> {
            self.get(p, k).map(|_| ())
        }
    }

    #[test]
    fn a_locked_keychain_is_reported_and_loses_nothing() {
        let dir = tempfile::tempdir().unwrap();
        let ws = Workspace::new(
            Storage::open_dir(dir.path()).unwrap(),
            Box::new(LockedKeychain),
            HttpClient::new().unwrap(),
        );
        ws.add_profile(input("dev")).unwrap();
        let e = ws
            .set_secret("dev", SecretKind::Password, SecretString::new("x"))
            .unwrap_err();
        assert_eq!(e.kind(), "keychain_unavailable");
        assert!(e.hint().contains("Unlock"));
        let views = ws.profile_views().unwrap();
        assert_eq!(views.len(), 1, "the profile is kept");
        let err = views[0].secrets.keychain_error.as_ref().unwrap();
        assert_eq!(err.kind, "keychain_unavailable");
        assert_eq!(
            ws.token_request("dev").unwrap_err().kind(),
            "keychain_unavailable"
        );
    }

    #[test]
    fn secrets_belong_to_existing_profiles_and_go_with_them() {
        let (ws, _d) = ws();
        let e = ws
            .set_secret("ghost", SecretKind::Password, SecretString::new("x"))
            .unwrap_err();
        assert_eq!(e.kind(), "profile_not_found");
        ws.add_profile(input("dev")).unwrap();
        assert!(ws
            .set_secret("dev", SecretKind::Password, SecretString::new(""))
            .is_err());
        ws.set_secret("dev", SecretKind::Password, SecretString::new("x"))
            .unwrap();
        assert!(ws.secret_status("dev").unwrap().password);
        ws.remove_profile("dev").unwrap();
        ws.add_profile(input("dev")).unwrap();
        assert!(
            !ws.secret_status("dev").unwrap().password,
            "a re-created profile starts clean"
        );
    }
}
