//! The token lifecycle: cached, restored from the keychain, refreshed before expiry under
//! one lock per profile (single flight), re-granted when refresh is refused, revoked.

use std::time::{Duration, SystemTime};

use super::Workspace;
use crate::error::{Error, Result};
use crate::instance::Instance;
use crate::oauth::{
    request_token, revoke_token, FormValue, OAuthClient, Token, TokenGrant, TokenRequest,
};
use crate::profile::{GrantType, Profile};
use crate::secret::{SecretKind, SecretString};
use crate::token_events::{TokenEvent, TokenEventKind};
use crate::views::{apply_rows, FormGrant, FormRow};

impl Workspace {
    /// The token request the profile's own grant would send: what the builder shows and edits.
    pub fn token_request(&self, name: &str) -> Result<TokenRequest> {
        let grant = match self.profile(name)?.grant {
            GrantType::Password => FormGrant::Password,
            GrantType::ClientCredentials => FormGrant::ClientCredentials,
            GrantType::JwtBearer => FormGrant::JwtBearer,
            // No request can be made without the browser: a refused refresh ends here.
            GrantType::AuthorizationCode => {
                return Err(Error::SignIn {
                    reason: "sign_in_required".into(),
                    message: format!(
                        "profile \"{name}\" needs to sign in through the browser again"
                    ),
                })
            }
        };
        self.token_request_for(name, grant)
    }

    /// The request for any of the three grants, as the token builder starts it.
    pub fn token_request_for(&self, name: &str, grant: FormGrant) -> Result<TokenRequest> {
        let p = self.profile(name)?;
        let grant = match grant {
            FormGrant::Password => TokenGrant::Password {
                username: p.username.clone().unwrap_or_default(),
                password: self.require_secret(name, SecretKind::Password)?,
            },
            FormGrant::ClientCredentials => TokenGrant::ClientCredentials,
            FormGrant::JwtBearer => TokenGrant::JwtBearer {
                assertion: self.assertion(&p)?,
            },
            FormGrant::RefreshToken => {
                let cached = self.cached_token(name).and_then(|t| t.refresh_token);
                let refresh_token = match cached {
                    Some(r) => r,
                    None => self.require_secret(name, SecretKind::RefreshToken)?,
                };
                TokenGrant::RefreshToken { refresh_token }
            }
        };
        self.build_request(&p, &grant)
    }

    /// The builder's table as the user left it, turned into the request to send.
    pub fn token_request_from_rows(
        &self,
        name: &str,
        grant: FormGrant,
        rows: &[FormRow],
    ) -> Result<TokenRequest> {
        apply_rows(&self.token_request_for(name, grant)?, rows)
    }

    fn refresh_request(&self, p: &Profile, refresh_token: SecretString) -> Result<TokenRequest> {
        self.build_request(p, &TokenGrant::RefreshToken { refresh_token })
    }

    pub(super) fn build_request(&self, p: &Profile, grant: &TokenGrant) -> Result<TokenRequest> {
        let client_secret = match p.public_client {
            true => None,
            false => Some(self.require_secret(&p.name, SecretKind::ClientSecret)?),
        };
        let client = OAuthClient {
            client_id: p.client_id.clone(),
            client_secret,
            auth: p.client_auth,
        };
        Ok(TokenRequest::build(
            &p.instance,
            &client,
            grant,
            p.redirect_uri.as_deref(),
            p.scope.as_deref(),
        ))
    }

    /// Sends a (possibly user-edited) token request for the profile and caches the result.
    pub async fn send_token_request(&self, name: &str, req: &TokenRequest) -> Result<Token> {
        let slot = self.slot(name);
        let mut cached = slot.lock().await;
        let held = self.obtain(name, req).await.inspect_err(|e| {
            self.events.push(name, TokenEventKind::Failed, e.kind());
        })?;
        let grant = req.grant_type().to_string();
        self.events.push(name, TokenEventKind::Requested, grant);
        let token = held.token.clone();
        *cached = Some(held);
        Ok(token)
    }

    /// Runs the profile's own grant now, whatever is cached.
    pub async fn fetch_token(&self, name: &str) -> Result<Token> {
        let req = self.token_request(name)?;
        self.send_token_request(name, &req).await
    }

    /// A token with more than the margin left: cached, refreshed, or granted anew.
    pub async fn access_token(&self, name: &str) -> Result<Token> {
        Ok(self.bound_token(name).await?.1)
    }

    /// [`Workspace::access_token`] with the instance it was issued by, read under the same
    /// lock: the caller sends it there and nowhere else, even if the profile changes meanwhile.
    pub(super) async fn bound_token(&self, name: &str) -> Result<(Instance, Token)> {
        let slot = self.slot(name);
        let mut cached = slot.lock().await;
        let profile = self.profile(name)?;
        let instance = profile.instance;
        if cached.as_ref().is_some_and(|h| h.instance != instance) {
            // Another process moved the profile to another instance: the old one's token
            // must not go along.
            *cached = None;
        }
        if cached.is_none() {
            *cached = self.stored_access_token(name)?.map(|token| HeldToken {
                instance: instance.clone(),
                token,
            });
            if cached.is_some() {
                self.events
                    .push(name, TokenEventKind::Restored, "from the keychain");
            }
        }
        if let Some(h) = cached.as_ref() {
            let margin = Duration::from_secs(profile.refresh_margin_secs.into());
            if !h.token.needs_renewal(SystemTime::now(), margin) {
                return Ok((instance, h.token.clone()));
            }
        }
        let held = self.renew(name, cached.as_ref().map(|h| &h.token)).await?;
        let bound = (held.instance.clone(), held.token.clone());
        *cached = Some(held);
        Ok(bound)
    }

    /// Refresh when a refresh token exists; fall back to the original grant when it is refused
    /// (ServiceNow does not rotate refresh tokens, so an old one simply stops working).
    async fn renew(&self, name: &str, current: Option<&Token>) -> Result<HeldToken> {
        let p = self.profile(name)?;
        let refresh = match current.and_then(|t| t.refresh_token.clone()) {
            Some(r) => Some(r),
            None => self.secrets.get(name, SecretKind::RefreshToken)?,
        };
        if let Some(r) = refresh {
            match self.obtain(name, &self.refresh_request(&p, r)?).await {
                Ok(t) => {
                    self.events
                        .push(name, TokenEventKind::Refreshed, "before expiry");
                    return Ok(t);
                }
                Err(Error::OAuthRejected { .. }) => {
                    self.events
                        .push(name, TokenEventKind::RefreshRejected, "logging in again");
                    self.secrets.delete(name, SecretKind::RefreshToken)?;
                }
                Err(e) => {
                    self.events.push(name, TokenEventKind::Failed, e.kind());
                    return Err(e);
                }
            }
        }
        let req = self.token_request(name)?;
        let held = self.obtain(name, &req).await.inspect_err(|e| {
            self.events.push(name, TokenEventKind::Failed, e.kind());
        })?;
        self.events.push(
            name,
            TokenEventKind::Regranted,
            req.grant_type().to_string(),
        );
        Ok(held)
    }

    /// The access token a previous process left in the keychain, if it is still readable.
    fn stored_access_token(&self, name: &str) -> Result<Option<Token>> {
        let instance = self.profile(name)?.instance;
        let Some(token) = self
            .secrets
            .get(name, SecretKind::AccessToken)?
            .and_then(|s| Token::from_keychain(&s, instance.as_str()))
        else {
            return Ok(None);
        };
        Ok(Some(token))
    }

    async fn obtain(&self, name: &str, req: &TokenRequest) -> Result<HeldToken> {
        let mut token = request_token(&self.http, req).await?;
        let instance = self.profile(name)?.instance;
        if !instance.owns(&req.url) {
            // The profile moved to another instance while this token was requested.
            return Err(Error::input(
                "instance",
                format!("the profile now points at {instance}, not at the instance that issued this token; request a token again"),
            ));
        }
        self.secrets.set(
            name,
            SecretKind::AccessToken,
            &token.to_keychain(instance.as_str()),
        )?;
        let sent = req
            .params
            .iter()
            .find_map(|p| match (&p.value, p.key.as_str()) {
                (FormValue::Secret(s), "refresh_token") => Some(s),
                _ => None,
            });
        match &token.refresh_token {
            // ServiceNow repeats the same refresh token: no keychain write needed.
            Some(r) if Some(r) == sent => {}
            // Always keep the newest refresh token: standard servers rotate them.
            Some(r) => self.secrets.set(name, SecretKind::RefreshToken, r)?,
            None if req.grant_type() == "refresh_token" => {
                // A server that does not repeat the refresh token still accepts the old one.
                token.refresh_token = self.secrets.get(name, SecretKind::RefreshToken)?;
            }
            None => {}
        }
        Ok(HeldToken { instance, token })
    }

    /// The token in memory, or the one a previous run left in the keychain.
    pub fn current_token(&self, name: &str) -> Result<Option<Token>> {
        self.profile(name)?;
        match self.cached_token(name) {
            Some(t) => Ok(Some(t)),
            None => {
                // Shown after a restart: whether a refresh token waits in the keychain too.
                let Some(mut t) = self.stored_access_token(name)? else {
                    return Ok(None);
                };
                t.refresh_token = self.secrets.get(name, SecretKind::RefreshToken)?;
                Ok(Some(t))
            }
        }
    }

    pub fn cached_token(&self, name: &str) -> Option<Token> {
        self.slot(name)
            .try_lock()
            .ok()
            .and_then(|h| h.as_ref().map(|h| h.token.clone()))
    }

    /// Forgets a token the instance refused, unless another call already replaced it.
    pub(super) async fn discard_token(&self, name: &str, refused: &Token) -> Result<()> {
        let slot = self.slot(name);
        let mut cached = slot.lock().await;
        let same = |t: &Token| t.access_token == refused.access_token;
        if cached.as_ref().is_some_and(|h| same(&h.token)) {
            *cached = None;
            self.events.push(
                name,
                TokenEventKind::Rejected,
                "401 from the API; retrying once",
            );
        }
        if self.stored_access_token(name)?.as_ref().is_some_and(same) {
            self.secrets.delete(name, SecretKind::AccessToken)?;
        }
        Ok(())
    }

    /// Revokes the access and refresh tokens at the instance, then forgets both here —
    /// also when the instance cannot be reached, so nothing usable stays behind.
    pub async fn revoke(&self, name: &str) -> Result<()> {
        let p = self.profile(name)?;
        let slot = self.slot(name);
        let mut cached = slot.lock().await;
        let mut tokens = Vec::new();
        if let Some(t) = cached
            .take()
            .map(|h| h.token)
            .or(self.stored_access_token(name)?)
        {
            tokens.push(t.access_token);
        }
        tokens.extend(self.secrets.get(name, SecretKind::RefreshToken)?);
        let mut outcome = Ok(());
        for t in &tokens {
            if let Err(e) = revoke_token(&self.http, &p.instance, t).await {
                outcome = Err(e);
            }
        }
        self.secrets.delete(name, SecretKind::AccessToken)?;
        self.secrets.delete(name, SecretKind::RefreshToken)?;
        let detail = match &outcome {
            Ok(()) => format!("{} token(s) revoked at the instance", tokens.len()),
            Err(e) => format!("forgotten here; the instance answered {}", e.kind()),
        };
        self.events.push(name, TokenEventKind::Revoked, detail);
        outcome
    }

    pub fn token_events(&self, name: &str) -> Vec<TokenEvent> {
        self.events.for_profile(name)
    }

    /// Drops the access token from memory and the keychain (the refresh token stays).
    pub fn forget_token(&self, name: &str) -> Result<()> {
        self.forget_memory(name);
        self.secrets.delete(name, SecretKind::AccessToken)
    }

    pub(super) fn forget_memory(&self, name: &str) {
        if let Ok(mut map) = self.tokens.lock() {
            map.remove(name);
        }
    }

    fn slot(&self, name: &str) -> super::TokenSlot {
        let mut map = self.tokens.lock().unwrap_or_else(|e| e.into_inner());
        if let Some(slot) = map.get(name) {
            return slot.clone();
        }
        map.entry(name.to_string()).or_default().clone()
    }
}

/// A token in memory with the instance that issued it.
pub(super) struct HeldToken {
    instance: Instance,
    token: Token,
}
