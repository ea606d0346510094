//! `Workspace`: profiles, keychain, HTTP and the per-profile token cache wired together.
//! The CLI and the desktop app are thin layers over this.

mod collections;
mod fetch_all;
mod tokens;

pub use fetch_all::{FetchProgress, DEFAULT_PAGE_SIZE};

use std::collections::HashMap;
use std::sync::{Arc, Mutex};

use serde::Serialize;

use crate::api::{send_api, ApiRequest, Exchange, TableRequest};
use crate::error::{Error, ErrorReport, Result};
use crate::http::HttpClient;
use crate::oauth::Token;
use crate::profile::{Profile, ProfileInput};
use crate::secret::{EnvOverride, KeyringStore, SecretKind, SecretStore, SecretString};
use crate::storage::{HistoryEntry, SavedRequestRow, Storage};
use crate::token_events::TokenEventLog;
use crate::views::{history_request, IncidentSummary, ProfileView, RequestInput};

/// Which secrets a profile has — never their values.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS), ts(export))]
pub struct SecretStatus {
    pub client_secret: bool,
    pub password: bool,
    pub refresh_token: bool,
    /// Set when the keychain could not be read: the flags above are then unknown.
    pub keychain_error: Option<ErrorReport>,
}

type TokenSlot = Arc<tokio::sync::Mutex<Option<Token>>>;

pub struct Workspace {
    storage: Mutex<Storage>,
    secrets: Box<dyn SecretStore>,
    http: HttpClient,
    /// One slot per profile; holding its lock while fetching makes refreshes single-flight.
    tokens: Mutex<HashMap<String, TokenSlot>>,
    events: TokenEventLog,
}

impl Workspace {
    pub fn new(storage: Storage, secrets: Box<dyn SecretStore>, http: HttpClient) -> Self {
        Workspace {
            storage: Mutex::new(storage),
            secrets,
            http,
            tokens: Mutex::new(HashMap::new()),
            events: TokenEventLog::default(),
        }
    }

    /// The data directory's database, the system keychain (with env overrides), rustls HTTP.
    pub fn open_default() -> Result<Self> {
        let dir = crate::storage::data_dir()?;
        let storage = Storage::open_dir(&dir)?;
        let keyring =
            KeyringStore::for_data_dir(&dir, crate::storage::default_data_dir().as_deref());
        Ok(Self::new(
            storage,
            Box::new(EnvOverride::new(keyring)),
            HttpClient::new()?,
        ))
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

    // --- profiles -------------------------------------------------------------------------

    pub fn add_profile(&self, input: ProfileInput) -> Result<Profile> {
        let p = input.validate()?;
        self.db(|s| s.insert_profile(&p))?;
        Ok(p)
    }

    pub fn update_profile(&self, input: ProfileInput) -> Result<Profile> {
        let p = input.validate()?;
        self.db(|s| s.update_profile(&p))?;
        self.forget_token(&p.name)?;
        Ok(p)
    }

    pub fn profile(&self, name: &str) -> Result<Profile> {
        self.db(|s| s.profile(name))
    }

    pub fn profiles(&self) -> Result<Vec<Profile>> {
        self.db(|s| s.profiles())
    }

    /// Removes the profile and its keychain entries.
    pub fn remove_profile(&self, name: &str) -> Result<()> {
        self.db(|s| s.profile(name))?;
        for kind in SecretKind::ALL {
            self.secrets.delete(name, kind)?;
        }
        self.db(|s| s.delete_profile(name))?;
        self.forget_memory(name);
        Ok(())
    }

    /// A copy of a profile under a new name, with its client secret and password.
    pub fn duplicate_profile(&self, name: &str, new_name: &str) -> Result<Profile> {
        let p = self.profile(name)?;
        let copy = self.add_profile(ProfileInput {
            name: new_name.into(),
            instance: p.instance.to_string(),
            client_id: p.client_id,
            grant: p.grant,
            username: p.username,
            redirect_uri: p.redirect_uri,
            scope: p.scope,
            client_auth: p.client_auth,
            refresh_margin_secs: p.refresh_margin_secs,
        })?;
        for kind in [SecretKind::ClientSecret, SecretKind::Password] {
            if let Some(v) = self.secrets.get(name, kind)? {
                self.secrets.set(&copy.name, kind, &v)?;
            }
        }
        Ok(copy)
    }

    pub fn profile_views(&self) -> Result<Vec<ProfileView>> {
        self.profiles()?
            .into_iter()
            .map(|p| self.profile_view(p))
            .collect()
    }

    /// A profile with its secret status; a keychain that cannot be read is reported in the
    /// status instead of hiding the profile.
    pub fn profile_view(&self, profile: Profile) -> Result<ProfileView> {
        let secrets = self
            .secret_status(&profile.name)
            .unwrap_or_else(|e| SecretStatus {
                client_secret: false,
                password: false,
                refresh_token: false,
                keychain_error: Some(e.report()),
            });
        Ok(ProfileView { profile, secrets })
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
            keychain_error: None,
        })
    }

    fn require_secret(&self, name: &str, kind: SecretKind) -> Result<SecretString> {
        self.secrets
            .get(name, kind)?
            .ok_or_else(|| Error::MissingSecret {
                profile: name.into(),
                kind: kind.label(),
            })
    }

    // --- API calls ------------------------------------------------------------------------

    /// Sends with a valid token; on a 401 with a token that should still be valid, gets a
    /// fresh one and retries once.
    pub async fn send(&self, name: &str, req: &ApiRequest) -> Result<Exchange> {
        let x = self.send_unrecorded(name, req).await?;
        self.record_history(name, req, &x);
        Ok(x)
    }

    /// `send` without the history entry (Fetch all records its first page only).
    async fn send_unrecorded(&self, name: &str, req: &ApiRequest) -> Result<Exchange> {
        let p = self.profile(name)?;
        let token = self.access_token(name).await?;
        let mut x = send_api(&self.http, &p.instance, &token.authorization(), req).await?;
        if x.status == 401 {
            self.discard_token(name, &token).await?;
            let fresh = self.access_token(name).await?;
            x = send_api(&self.http, &p.instance, &fresh.authorization(), req).await?;
        }
        Ok(x)
    }

    /// History is a convenience: a full disk must not turn a sent request into an error,
    /// so a failed write is reported on stderr and the exchange returned as usual.
    fn record_history(&self, name: &str, req: &ApiRequest, x: &Exchange) {
        let entry = HistoryEntry {
            id: 0,
            profile: name.into(),
            at_ms: std::time::SystemTime::now()
                .duration_since(std::time::UNIX_EPOCH)
                .map(|d| d.as_millis() as i64)
                .unwrap_or(0),
            method: x.request.method.clone(),
            url: crate::redact::url(&x.request.url),
            status: x.status,
            elapsed_ms: x.elapsed_ms,
            size: x.size as i64,
            content_type: x.content_type.clone(),
            request: history_request(req),
        };
        if let Err(e) = self.db(|s| s.add_history(&entry)) {
            eprintln!("snowpost: history not saved: {e}");
        }
    }

    pub fn history(
        &self,
        profile: Option<&str>,
        search: &str,
        limit: u32,
    ) -> Result<Vec<HistoryEntry>> {
        self.db(|s| s.history(profile, search, limit))
    }

    pub fn clear_history(&self, profile: Option<&str>) -> Result<usize> {
        self.db(|s| s.clear_history(profile))
    }

    pub fn save_request(
        &self,
        profile: &str,
        name: &str,
        request: &RequestInput,
    ) -> Result<SavedRequestRow> {
        self.profile(profile)?;
        request.to_api()?; // only what could be sent is saved
        self.db(|s| s.save_request(profile, name, request))
    }

    pub fn saved_requests(&self, profile: &str) -> Result<Vec<SavedRequestRow>> {
        self.db(|s| s.saved_requests(profile))
    }

    pub fn delete_saved_request(&self, id: i64) -> Result<()> {
        self.db(|s| s.delete_saved_request(id))
    }

    pub async fn send_table(&self, name: &str, req: &TableRequest) -> Result<Exchange> {
        self.send(name, &req.to_api()?).await
    }

    /// The seed's Step 3: POST the fields to the incident table with the profile's token.
    pub async fn create_incident(
        &self,
        name: &str,
        fields: serde_json::Value,
    ) -> Result<(Exchange, Option<IncidentSummary>)> {
        let p = self.profile(name)?;
        let x = self
            .send_table(name, &TableRequest::create("incident", fields))
            .await?;
        let summary = IncidentSummary::from_exchange(&x, &p.instance);
        Ok((x, summary))
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::secret::memory::MemoryStore;

    fn ws() -> (Workspace, tempfile::TempDir) {
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
