//! Browser sign-in for authorization-code profiles: the system browser and a loopback
//! listener, or the paste fallback. The code is exchanged like any token request, so the
//! refresh token goes to the keychain and renewal works as for the other grants.

use std::future::Future;

use url::Url;

use super::Workspace;
use crate::error::{Error, Result};
use crate::oauth::{
    Authorization, Loopback, Token, TokenGrant, DEFAULT_REDIRECT_URI, SIGN_IN_TIMEOUT,
};
use crate::profile::{GrantType, Profile};

impl Workspace {
    /// A fresh attempt (new state and PKCE pair) for the profile's instance and redirect URI.
    pub fn begin_sign_in(&self, name: &str) -> Result<Authorization> {
        let p = self.profile(name)?;
        if p.grant != GrantType::AuthorizationCode {
            return Err(Error::input(
                "grant",
                format!("profile \"{name}\" uses the {} grant; sign-in through the browser is for authorization_code profiles", p.grant.as_str()),
            ));
        }
        Ok(Authorization::new(
            &p.instance,
            &p.client_id,
            redirect_uri(&p),
            p.scope.as_deref(),
        ))
    }

    /// Opens the browser with `open` and waits on the loopback redirect URI (5 minutes, or
    /// until `cancelled`), then exchanges the code.
    pub async fn sign_in(
        &self,
        name: &str,
        open: impl FnOnce(&Url) -> Result<()>,
        cancelled: impl Future<Output = ()>,
    ) -> Result<Token> {
        let auth = self.begin_sign_in(name)?;
        // Listening before the browser opens: its redirect cannot arrive too early.
        let loopback = Loopback::bind(&auth.redirect_uri).await?;
        open(&auth.url)?;
        let code = loopback.wait(&auth, SIGN_IN_TIMEOUT, cancelled).await?;
        self.exchange_code(name, &auth, code).await
    }

    /// The paste fallback, first half: a fresh attempt kept here until `finish_paste_sign_in`
    /// (a newer one replaces it); its URL is for the browser.
    pub fn begin_paste_sign_in(&self, name: &str) -> Result<Url> {
        let auth = self.begin_sign_in(name)?;
        let url = auth.url.clone();
        self.pending().insert(name.to_string(), auth);
        Ok(url)
    }

    /// The paste fallback, second half. A wrong paste keeps the attempt for another try.
    pub async fn finish_paste_sign_in(&self, name: &str, landed: &str) -> Result<Token> {
        let auth = self.pending().remove(name).ok_or_else(|| {
            Error::input(
                "sign-in",
                "no sign-in is waiting for a pasted URL: start one first",
            )
        })?;
        let result = self.finish_sign_in(name, &auth, landed).await;
        if result.is_err() {
            self.pending().entry(name.to_string()).or_insert(auth);
        }
        result
    }

    fn pending(
        &self,
    ) -> std::sync::MutexGuard<'_, std::collections::HashMap<String, Authorization>> {
        self.pending_sign_ins
            .lock()
            .unwrap_or_else(|e| e.into_inner())
    }

    /// The paste fallback: `landed` is the URL the browser ended on (or the bare code).
    pub async fn finish_sign_in(
        &self,
        name: &str,
        auth: &Authorization,
        landed: &str,
    ) -> Result<Token> {
        let code = auth.code_from(landed)?;
        self.exchange_code(name, auth, code).await
    }

    async fn exchange_code(
        &self,
        name: &str,
        auth: &Authorization,
        code: crate::secret::SecretString,
    ) -> Result<Token> {
        let p = self.profile(name)?;
        let grant = TokenGrant::AuthorizationCode {
            code,
            redirect_uri: auth.redirect_uri.clone(),
            code_verifier: auth.pkce.verifier.clone(),
        };
        let req = self.build_request(&p, &grant)?;
        self.send_token_request(name, &req).await
    }
}

impl Workspace {
    /// A fresh JWT bearer assertion for the profile, checked before it is sent.
    pub(super) fn assertion(&self, p: &Profile) -> Result<crate::secret::SecretString> {
        use crate::oauth::jwt::{mint, Claims, SigningKey};
        let pem = self.require_secret(&p.name, crate::secret::SecretKind::PrivateKey)?;
        let key = SigningKey::from_pem(&pem, p.jwt_alg)?;
        let kid = p.jwt_kid.clone().unwrap_or_default();
        let now = std::time::SystemTime::now()
            .duration_since(std::time::UNIX_EPOCH)
            .map(|d| d.as_secs())
            .unwrap_or(0);
        let claims = Claims::new(&p.client_id, p.username.as_deref().unwrap_or(""), now);
        claims.check(&p.client_id, &kid, now)?;
        mint(&key, &kid, &claims)
    }

    /// The public half of the profile's private key, for the instance's JWT verifier map.
    pub fn jwt_public_key(&self, name: &str) -> Result<crate::oauth::jwt::PublicKeyInfo> {
        let p = self.profile(name)?;
        let pem = self.require_secret(name, crate::secret::SecretKind::PrivateKey)?;
        let key = crate::oauth::jwt::SigningKey::from_pem(&pem, p.jwt_alg)?;
        Ok(key.public_key(p.jwt_kid.as_deref().unwrap_or("")))
    }
}

fn redirect_uri(p: &Profile) -> &str {
    p.redirect_uri.as_deref().unwrap_or(DEFAULT_REDIRECT_URI)
}
