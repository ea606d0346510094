//! Authorization code + PKCE (servicenow-api.md §6): the `/oauth_auth.do` URL to open in the
//! browser, and the redirect it comes back with. Pure: the loopback listener and the browser
//! are elsewhere.

use base64::Engine;
use rand::Rng;
use sha2::{Digest, Sha256};
use url::Url;

use crate::error::{Error, Result};
use crate::instance::Instance;
use crate::secret::SecretString;

/// Where the browser comes back to unless the profile says otherwise.
pub const DEFAULT_REDIRECT_URI: &str = "http://127.0.0.1:8765/callback";

const ALPHANUMERIC: &[u8] = b"ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789";

fn random_alphanumeric(len: usize) -> String {
    let mut rng = rand::rng();
    (0..len)
        .map(|_| char::from(ALPHANUMERIC[rng.random_range(0..ALPHANUMERIC.len())]))
        .collect()
}

/// An RFC 7636 verifier and its S256 challenge.
pub struct Pkce {
    pub verifier: SecretString,
    pub challenge: String,
}

impl Pkce {
    /// 64 characters: within RFC 7636's 43–128, alphanumeric (a subset of its unreserved set).
    pub fn new() -> Self {
        Self::from_verifier(random_alphanumeric(64))
    }

    pub fn from_verifier(verifier: String) -> Self {
        let challenge = s256(&verifier);
        Pkce {
            verifier: SecretString::new(verifier),
            challenge,
        }
    }
}

impl Default for Pkce {
    fn default() -> Self {
        Self::new()
    }
}

/// `BASE64URL(SHA256(verifier))` without padding.
pub fn s256(verifier: &str) -> String {
    base64::engine::general_purpose::URL_SAFE_NO_PAD.encode(Sha256::digest(verifier.as_bytes()))
}

/// A fresh `state`: 40 alphanumeric characters (ServiceNow refuses special characters).
pub fn new_state() -> String {
    random_alphanumeric(40)
}

/// One sign-in attempt: what the browser is sent to, and what its return must match.
pub struct Authorization {
    pub url: Url,
    pub state: String,
    pub redirect_uri: String,
    pub pkce: Pkce,
}

impl Authorization {
    pub fn new(
        instance: &Instance,
        client_id: &str,
        redirect_uri: &str,
        scope: Option<&str>,
    ) -> Self {
        Self::with(
            instance,
            client_id,
            redirect_uri,
            scope,
            new_state(),
            Pkce::new(),
        )
    }

    pub fn with(
        instance: &Instance,
        client_id: &str,
        redirect_uri: &str,
        scope: Option<&str>,
        state: String,
        pkce: Pkce,
    ) -> Self {
        let mut url = instance.url("/oauth_auth.do");
        {
            let mut q = url.query_pairs_mut();
            q.append_pair("response_type", "code")
                .append_pair("client_id", client_id)
                .append_pair("redirect_uri", redirect_uri)
                .append_pair("state", &state)
                .append_pair("code_challenge", &pkce.challenge)
                .append_pair("code_challenge_method", "S256");
            if let Some(s) = scope.filter(|s| !s.trim().is_empty()) {
                q.append_pair("scope", s);
            }
        }
        Authorization {
            url,
            state,
            redirect_uri: redirect_uri.to_string(),
            pkce,
        }
    }

    /// The code from where the browser landed: a full redirect URL, its query, or (pasted) the
    /// bare code. Anything with a `state` must carry this attempt's.
    pub fn code_from(&self, landed: &str) -> Result<SecretString> {
        let text = landed.trim();
        if text.is_empty() {
            return Err(Error::input(
                "code",
                "is empty: paste the URL the browser landed on, or the code",
            ));
        }
        let query = match Url::parse(text) {
            Ok(u) => u.query().unwrap_or_default().to_string(),
            Err(_) if text.contains('=') => text.trim_start_matches('?').to_string(),
            // A bare code, as ServiceNow's own CLI asks for it.
            Err(_) => return Ok(SecretString::new(text)),
        };
        let pairs: Vec<(String, String)> = url::form_urlencoded::parse(query.as_bytes())
            .into_owned()
            .collect();
        let get = |k: &str| {
            pairs
                .iter()
                .find(|(key, _)| key == k)
                .map(|(_, v)| v.as_str())
        };
        if let Some(state) = get("state") {
            if state != self.state {
                return Err(Error::SignIn {
                    reason: "state_mismatch".into(),
                    message: "the browser came back from another sign-in attempt (its state does not match)".into(),
                });
            }
        }
        if let Some(error) = get("error") {
            let description = get("error_description").unwrap_or("");
            return Err(Error::SignIn {
                reason: error.to_string(),
                message: match error {
                    "access_denied" => "the sign-in was denied in the browser".to_string(),
                    other => format!(
                        "the instance answered {other}{}",
                        if description.is_empty() {
                            String::new()
                        } else {
                            format!(": {description}")
                        }
                    ),
                },
            });
        }
        if get("state").is_none() {
            return Err(Error::SignIn {
                reason: "state_mismatch".into(),
                message:
                    "the redirect carries no state, so it cannot be told apart from a forged one"
                        .into(),
            });
        }
        match get("code") {
            Some(code) if !code.is_empty() => Ok(SecretString::new(code)),
            _ => Err(Error::input(
                "code",
                "the URL has no code=…; paste the whole URL the browser landed on",
            )),
        }
    }
}

#[cfg(test)]
mod tests;
