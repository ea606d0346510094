use serde::{Deserialize, Serialize};

use crate::profile::Profile;
use crate::secret::SecretKind;
use crate::workspace::SecretStatus;

/// A profile with which of its secrets are set.
#[derive(Debug, Clone, Serialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS), ts(export))]
pub struct ProfileView {
    #[serde(flatten)]
    pub profile: Profile,
    pub secrets: SecretStatus,
    /// What the admin enters in the Application Registry, for a browser sign-in profile.
    pub registry: Option<RegistrySetup>,
}

/// The Application Registry values a browser sign-in needs, ready to copy (servicenow-api.md §6).
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS), ts(export))]
pub struct RegistrySetup {
    /// To add to the registry's Redirect URL list, exactly.
    pub redirect_url: String,
    /// "This is a public client" / "PKCE required" on, when the profile has no client secret.
    pub public_client: bool,
    pub notes: Vec<String>,
}

impl RegistrySetup {
    pub fn for_profile(p: &Profile) -> Option<RegistrySetup> {
        if p.grant != crate::profile::GrantType::AuthorizationCode {
            return None;
        }
        let redirect_url = p
            .redirect_uri
            .clone()
            .unwrap_or_else(|| crate::oauth::DEFAULT_REDIRECT_URI.to_string());
        let mut notes = vec![
            format!("Add {redirect_url} to the Redirect URL list exactly: an unknown one is silently replaced by the first URL in the list, and 127.0.0.1 is not localhost."),
            "Snowpost always sends PKCE (S256) and a state.".to_string(),
        ];
        notes.push(if p.public_client {
            "Tick \"This is a public client\" (PKCE required): Snowpost sends no client secret.".to_string()
        } else {
            "Confidential client: the client secret from the registry goes in the profile's Secrets.".to_string()
        });
        Some(RegistrySetup {
            redirect_url,
            public_client: p.public_client,
            notes,
        })
    }
}

/// The secrets a user may set or clear from the app.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
#[cfg_attr(feature = "ts", derive(ts_rs::TS), ts(export))]
pub enum SecretSlot {
    ClientSecret,
    Password,
    RefreshToken,
    PrivateKey,
}

impl From<SecretSlot> for SecretKind {
    fn from(s: SecretSlot) -> Self {
        match s {
            SecretSlot::ClientSecret => SecretKind::ClientSecret,
            SecretSlot::Password => SecretKind::Password,
            SecretSlot::RefreshToken => SecretKind::RefreshToken,
            SecretSlot::PrivateKey => SecretKind::PrivateKey,
        }
    }
}
