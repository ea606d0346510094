//! An instance profile: everything needed to get a token except the secrets.

use serde::{Deserialize, Serialize};

use crate::guard::{Environment, WriteGuard};
use crate::oauth::jwt::JwtAlg;

use crate::error::{Error, Result};
use crate::instance::Instance;

/// The grant a profile logs in with (the refresh grant is used on top of either).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, Default)]
#[serde(rename_all = "snake_case")]
#[cfg_attr(feature = "ts", derive(ts_rs::TS), ts(export))]
pub enum GrantType {
    #[default]
    Password,
    ClientCredentials,
    /// Sign in through the browser (authorization code + PKCE).
    AuthorizationCode,
    /// A signed JWT per token request (RFC 7523), from a private key in the keychain.
    JwtBearer,
}

impl GrantType {
    pub fn as_str(self) -> &'static str {
        match self {
            GrantType::Password => "password",
            GrantType::ClientCredentials => "client_credentials",
            GrantType::AuthorizationCode => "authorization_code",
            GrantType::JwtBearer => "jwt_bearer",
        }
    }

    pub fn parse(s: &str) -> Result<Self> {
        match s {
            "password" => Ok(GrantType::Password),
            "client_credentials" => Ok(GrantType::ClientCredentials),
            "authorization_code" => Ok(GrantType::AuthorizationCode),
            "jwt_bearer" => Ok(GrantType::JwtBearer),
            other => Err(Error::input(
                "grant",
                format!("\"{other}\" is not password, client_credentials, authorization_code or jwt_bearer"),
            )),
        }
    }
}

/// How the client proves who it is at the token endpoint. ServiceNow's examples use the body.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, Default)]
#[serde(rename_all = "snake_case")]
#[cfg_attr(feature = "ts", derive(ts_rs::TS), ts(export))]
pub enum ClientAuth {
    #[default]
    Body,
    Basic,
}

impl ClientAuth {
    pub fn as_str(self) -> &'static str {
        match self {
            ClientAuth::Body => "body",
            ClientAuth::Basic => "basic",
        }
    }

    pub fn parse(s: &str) -> Result<Self> {
        match s {
            "body" => Ok(ClientAuth::Body),
            "basic" => Ok(ClientAuth::Basic),
            other => Err(Error::input(
                "client auth",
                format!("\"{other}\" is not body or basic"),
            )),
        }
    }
}

/// What a user fills in; validated into a [`Profile`].
#[derive(Debug, Clone, Serialize, Deserialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS), ts(export))]
pub struct ProfileInput {
    pub name: String,
    pub instance: String,
    pub client_id: String,
    #[serde(default)]
    pub grant: GrantType,
    #[serde(default)]
    pub username: Option<String>,
    #[serde(default)]
    pub redirect_uri: Option<String>,
    #[serde(default)]
    pub scope: Option<String>,
    #[serde(default)]
    pub client_auth: ClientAuth,
    /// Renew the access token when less than this many seconds are left.
    #[serde(default = "default_refresh_margin")]
    pub refresh_margin_secs: u32,
    /// A public client: no client secret is sent (browser sign-in with PKCE).
    #[serde(default)]
    pub public_client: bool,
    /// JWT bearer: the `kid` the instance's JWT verifier map knows the key by.
    #[serde(default)]
    pub jwt_kid: Option<String>,
    #[serde(default)]
    pub jwt_alg: JwtAlg,
    #[serde(default)]
    pub environment: Environment,
    /// `None`: the environment's default (production confirms writes).
    #[serde(default)]
    pub write_guard: Option<WriteGuard>,
}

pub const DEFAULT_REFRESH_MARGIN_SECS: u32 = 60;

impl Default for ProfileInput {
    fn default() -> Self {
        ProfileInput {
            name: String::new(),
            instance: String::new(),
            client_id: String::new(),
            grant: GrantType::default(),
            username: None,
            redirect_uri: None,
            scope: None,
            client_auth: ClientAuth::default(),
            refresh_margin_secs: DEFAULT_REFRESH_MARGIN_SECS,
            public_client: false,
            jwt_kid: None,
            jwt_alg: JwtAlg::default(),
            environment: Environment::default(),
            write_guard: None,
        }
    }
}

fn default_refresh_margin() -> u32 {
    DEFAULT_REFRESH_MARGIN_SECS
}

/// A saved profile. Holds no secret by construction.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS), ts(export))]
pub struct Profile {
    pub name: String,
    #[serde(serialize_with = "ser_instance")]
    #[cfg_attr(feature = "ts", ts(type = "string"))]
    pub instance: Instance,
    pub client_id: String,
    pub grant: GrantType,
    pub username: Option<String>,
    pub redirect_uri: Option<String>,
    pub scope: Option<String>,
    pub client_auth: ClientAuth,
    pub refresh_margin_secs: u32,
    pub public_client: bool,
    pub jwt_kid: Option<String>,
    pub jwt_alg: JwtAlg,
    pub environment: Environment,
    pub write_guard: WriteGuard,
}

fn ser_instance<S: serde::Serializer>(i: &Instance, s: S) -> Result<S::Ok, S::Error> {
    s.serialize_str(i.as_str())
}

impl ProfileInput {
    pub fn validate(self) -> Result<Profile> {
        let name = self.name.trim().to_string();
        if name.is_empty() {
            return Err(Error::input("name", "a profile needs a name"));
        }
        if name.len() > 64 || name.chars().any(|c| c.is_control() || c == ':' || c == '/') {
            return Err(Error::input(
                "name",
                "use up to 64 characters, without ':' or '/'",
            ));
        }
        let instance = Instance::parse(&self.instance)?;
        let client_id = self.client_id.trim().to_string();
        if client_id.is_empty() {
            return Err(Error::input(
                "client_id",
                "copy the Client ID from System OAuth > Application Registry",
            ));
        }
        let username = non_empty(self.username);
        if self.grant == GrantType::Password && username.is_none() {
            return Err(Error::input(
                "username",
                "the password grant needs the ServiceNow user name to log in as",
            ));
        }
        let jwt_kid = non_empty(self.jwt_kid);
        if self.grant == GrantType::JwtBearer {
            if username.is_none() {
                return Err(Error::input("username", "the JWT bearer grant needs the sub: the user's email or user_name, as the registry's User Field says"));
            }
            if jwt_kid.is_none() {
                return Err(Error::input("jwt_kid", "the JWT bearer grant needs the key id (kid) of the instance's JWT verifier map"));
            }
        }
        let mut redirect_uri = non_empty(self.redirect_uri);
        if self.grant == GrantType::AuthorizationCode && redirect_uri.is_none() {
            redirect_uri = Some(crate::oauth::DEFAULT_REDIRECT_URI.to_string());
        }
        if let Some(r) = &redirect_uri {
            url::Url::parse(r).map_err(|e| {
                Error::input(
                    "redirect_uri",
                    format!("\"{r}\" is not an absolute URL ({e})"),
                )
            })?;
        }
        if self.refresh_margin_secs > 3600 {
            return Err(Error::input(
                "refresh_margin_secs",
                "renew at most an hour (3600 s) before expiry",
            ));
        }
        Ok(Profile {
            name,
            instance,
            client_id,
            grant: self.grant,
            username,
            redirect_uri,
            scope: non_empty(self.scope),
            client_auth: self.client_auth,
            refresh_margin_secs: self.refresh_margin_secs,
            public_client: self.public_client,
            jwt_kid,
            jwt_alg: self.jwt_alg,
            environment: self.environment,
            write_guard: self.write_guard.unwrap_or(self.environment.default_guard()),
        })
    }
}

fn non_empty(v: Option<String>) -> Option<String> {
    v.map(|s| s.trim().to_string()).filter(|s| !s.is_empty())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn input() -> ProfileInput {
        ProfileInput {
            name: "dev".into(),
            instance: "dev12345".into(),
            client_id: "abc".into(),
            username: Some("admin".into()),
            ..Default::default()
        }
    }

    #[test]
    fn refresh_margin_is_bounded() {
        let p = ProfileInput {
            refresh_margin_secs: 7200,
            ..input()
        };
        assert!(p.validate().unwrap_err().to_string().contains("3600"));
        let json: ProfileInput =
            serde_json::from_str(r#"{"name":"a","instance":"dev1","client_id":"c"}"#).unwrap();
        assert_eq!(json.refresh_margin_secs, DEFAULT_REFRESH_MARGIN_SECS);
    }

    #[test]
    fn validates_and_normalises() {
        let p = input().validate().unwrap();
        assert_eq!(p.instance.as_str(), "https://dev12345.service-now.com");
        assert_eq!(p.grant, GrantType::Password);
        assert_eq!(p.client_auth, ClientAuth::Body);
    }

    #[test]
    fn password_grant_needs_a_user() {
        let e = ProfileInput {
            username: Some("  ".into()),
            ..input()
        }
        .validate()
        .unwrap_err();
        assert!(e.to_string().starts_with("username"));
        let p = ProfileInput {
            username: None,
            grant: GrantType::ClientCredentials,
            ..input()
        };
        assert!(p.validate().is_ok());
    }

    #[test]
    fn bad_fields_are_named() {
        assert!(ProfileInput {
            name: "a:b".into(),
            ..input()
        }
        .validate()
        .is_err());
        assert!(ProfileInput {
            client_id: "".into(),
            ..input()
        }
        .validate()
        .is_err());
        let e = ProfileInput {
            redirect_uri: Some("not a url".into()),
            ..input()
        }
        .validate()
        .unwrap_err();
        assert!(e.to_string().starts_with("redirect_uri"));
    }
}
