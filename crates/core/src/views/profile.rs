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
}

/// The secrets a user may set or clear from the app.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
#[cfg_attr(feature = "ts", derive(ts_rs::TS), ts(export))]
pub enum SecretSlot {
    ClientSecret,
    Password,
    RefreshToken,
}

impl From<SecretSlot> for SecretKind {
    fn from(s: SecretSlot) -> Self {
        match s {
            SecretSlot::ClientSecret => SecretKind::ClientSecret,
            SecretSlot::Password => SecretKind::Password,
            SecretSlot::RefreshToken => SecretKind::RefreshToken,
        }
    }
}
