//! The `x-www-form-urlencoded` token request, built exactly as it will be sent.

use base64::Engine;
use url::Url;

use crate::error::{Error, Result};
use crate::http::{HttpRequest, Method};
use crate::instance::Instance;
use crate::profile::ClientAuth;
use crate::secret::SecretString;

/// What a masked secret looks like in previews.
pub const MASK: &str = "********";

/// Which grant to ask for, with what it needs.
#[derive(Debug, Clone)]
pub enum TokenGrant {
    Password {
        username: String,
        password: SecretString,
    },
    ClientCredentials,
    RefreshToken {
        refresh_token: SecretString,
    },
    /// RFC 7523: a freshly signed assertion (see `oauth::jwt`).
    JwtBearer {
        assertion: SecretString,
    },
    /// The code the browser brought back, with the attempt's redirect URI and PKCE verifier.
    AuthorizationCode {
        code: SecretString,
        redirect_uri: String,
        code_verifier: SecretString,
    },
}

/// The JWT bearer grant's `grant_type`.
pub const JWT_BEARER: &str = "urn:ietf:params:oauth:grant-type:jwt-bearer";

impl TokenGrant {
    pub fn grant_type(&self) -> &'static str {
        match self {
            TokenGrant::Password { .. } => "password",
            TokenGrant::ClientCredentials => "client_credentials",
            TokenGrant::RefreshToken { .. } => "refresh_token",
            TokenGrant::AuthorizationCode { .. } => "authorization_code",
            TokenGrant::JwtBearer { .. } => JWT_BEARER,
        }
    }
}

/// The OAuth application registered in the instance.
#[derive(Debug, Clone)]
pub struct OAuthClient {
    pub client_id: String,
    /// `None` for a public client (PKCE alone proves the sign-in).
    pub client_secret: Option<SecretString>,
    pub auth: ClientAuth,
}

#[derive(Debug, Clone)]
pub enum FormValue {
    Text(String),
    Secret(SecretString),
}

/// One row of the body, like a row of Postman's key/value table.
#[derive(Debug, Clone)]
pub struct FormParam {
    pub key: String,
    pub value: FormValue,
    pub enabled: bool,
}

impl FormParam {
    fn text(key: &str, value: impl Into<String>) -> Self {
        FormParam {
            key: key.into(),
            value: FormValue::Text(value.into()),
            enabled: true,
        }
    }

    fn secret(key: &str, value: &SecretString) -> Self {
        FormParam {
            key: key.into(),
            value: FormValue::Secret(value.clone()),
            enabled: true,
        }
    }
}

#[derive(Debug, Clone)]
pub struct TokenRequest {
    pub url: Url,
    pub params: Vec<FormParam>,
    /// Client credentials for an `Authorization: Basic` header, when the profile says so.
    pub basic_auth: Option<(String, SecretString)>,
}

impl TokenRequest {
    /// Rows in the order of ServiceNow's own walkthrough: grant_type, client_id, client_secret,
    /// redirect_uri, username, password — then refresh_token and scope.
    pub fn build(
        instance: &Instance,
        client: &OAuthClient,
        grant: &TokenGrant,
        redirect_uri: Option<&str>,
        scope: Option<&str>,
    ) -> Self {
        let mut params = vec![FormParam::text("grant_type", grant.grant_type())];
        let basic_auth = match (client.auth, &client.client_secret) {
            (ClientAuth::Basic, Some(secret)) => Some((client.client_id.clone(), secret.clone())),
            (_, secret) => {
                params.push(FormParam::text("client_id", &client.client_id));
                if let Some(secret) = secret {
                    params.push(FormParam::secret("client_secret", secret));
                }
                None
            }
        };
        let redirect_uri = match grant {
            // The exchange repeats exactly the URI the browser was sent with.
            TokenGrant::AuthorizationCode { redirect_uri, .. } => Some(redirect_uri.as_str()),
            _ => redirect_uri,
        };
        if let Some(r) = redirect_uri {
            params.push(FormParam::text("redirect_uri", r));
        }
        match grant {
            TokenGrant::Password { username, password } => {
                params.push(FormParam::text("username", username));
                params.push(FormParam::secret("password", password));
            }
            TokenGrant::ClientCredentials => {}
            TokenGrant::RefreshToken { refresh_token } => {
                params.push(FormParam::secret("refresh_token", refresh_token));
            }
            TokenGrant::JwtBearer { assertion } => {
                params.push(FormParam::secret("assertion", assertion));
            }
            TokenGrant::AuthorizationCode {
                code,
                code_verifier,
                ..
            } => {
                params.push(FormParam::secret("code", code));
                params.push(FormParam::secret("code_verifier", code_verifier));
            }
        }
        if let Some(s) = scope {
            params.push(FormParam::text("scope", s));
        }
        TokenRequest {
            url: instance.token_url(),
            params,
            basic_auth,
        }
    }

    /// Sets a row (replacing one with the same key) — how users add or override parameters.
    pub fn set_param(&mut self, key: &str, value: &str) -> Result<()> {
        check_key(key)?;
        match self.params.iter_mut().find(|p| p.key == key) {
            Some(p) if matches!(p.value, FormValue::Secret(_)) => {
                p.value = FormValue::Secret(SecretString::new(value));
                p.enabled = true;
            }
            Some(p) => {
                p.value = FormValue::Text(value.into());
                p.enabled = true;
            }
            None => self.params.push(FormParam::text(key, value)),
        }
        Ok(())
    }

    pub fn grant_type(&self) -> &str {
        self.params
            .iter()
            .find(|p| p.enabled && p.key == "grant_type")
            .and_then(|p| match &p.value {
                FormValue::Text(t) => Some(t.as_str()),
                FormValue::Secret(_) => None,
            })
            .unwrap_or("")
    }

    /// The exact body that goes on the wire.
    pub fn encode_body(&self) -> String {
        self.encode(|v| match v {
            FormValue::Text(t) => t.clone(),
            FormValue::Secret(s) => s.expose().to_string(),
        })
    }

    /// The same body with every secret replaced by [`MASK`]; safe to show and log.
    pub fn preview_body(&self) -> String {
        let masked = self.encode(|v| match v {
            FormValue::Text(t) => t.clone(),
            FormValue::Secret(_) => "\u{0}".into(),
        });
        masked.replace('\u{0}', MASK).replace("%00", MASK)
    }

    /// Request line and headers as sent, credentials masked.
    pub fn preview_headers(&self) -> Vec<(String, String)> {
        let mut h = vec![
            (
                "Content-Type".to_string(),
                "application/x-www-form-urlencoded".to_string(),
            ),
            ("Accept".to_string(), "application/json".to_string()),
        ];
        if self.basic_auth.is_some() {
            h.push(("Authorization".into(), format!("Basic {MASK}")));
        }
        h
    }

    fn encode(&self, value: impl Fn(&FormValue) -> String) -> String {
        let mut s = url::form_urlencoded::Serializer::new(String::new());
        for p in self.params.iter().filter(|p| p.enabled) {
            s.append_pair(&p.key, &value(&p.value));
        }
        s.finish()
    }

    pub fn to_http(&self) -> Result<HttpRequest> {
        for p in &self.params {
            check_key(&p.key)?;
        }
        let mut headers = self.preview_headers();
        if let Some((id, secret)) = &self.basic_auth {
            // RFC 6749 §2.3.1: each part is form-encoded before Base64.
            let enc =
                |s: &str| url::form_urlencoded::byte_serialize(s.as_bytes()).collect::<String>();
            let raw = format!("{}:{}", enc(id), enc(secret.expose()));
            let b64 = base64::engine::general_purpose::STANDARD.encode(raw);
            if let Some(h) = headers.iter_mut().find(|(k, _)| k == "Authorization") {
                h.1 = format!("Basic {b64}");
            }
        }
        Ok(HttpRequest {
            method: Method::POST,
            url: self.url.clone(),
            headers,
            body: self.encode_body().into_bytes(),
            follow_redirects: false,
        })
    }
}

/// A key with stray whitespace is a classic cause of ServiceNow's silent `access_denied`.
fn check_key(key: &str) -> Result<()> {
    if key.is_empty() {
        return Err(Error::input("form key", "a parameter needs a name"));
    }
    if key.trim() != key || key.contains(char::is_whitespace) {
        return Err(Error::input(
            "form key",
            format!("\"{key}\" contains whitespace; ServiceNow would ignore it and answer access_denied"),
        ));
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn instance() -> Instance {
        Instance::parse("dev12345").unwrap()
    }

    fn client(auth: ClientAuth) -> OAuthClient {
        OAuthClient {
            client_id: "62d1a5f0c2".into(),
            client_secret: Some(SecretString::new("s3c+r&t<;(")),
            auth,
        }
    }

    fn password() -> TokenGrant {
        TokenGrant::Password {
            username: "admin".into(),
            password: SecretString::new("p@ss word"),
        }
    }

    #[test]
    fn password_grant_body_is_ordered_and_encoded() {
        let r = TokenRequest::build(
            &instance(),
            &client(ClientAuth::Body),
            &password(),
            Some("https://dev12345.service-now.com/"),
            None,
        );
        assert_eq!(
            r.url.as_str(),
            "https://dev12345.service-now.com/oauth_token.do"
        );
        assert_eq!(
            r.encode_body(),
            "grant_type=password&client_id=62d1a5f0c2&client_secret=s3c%2Br%26t%3C%3B%28\
             &redirect_uri=https%3A%2F%2Fdev12345.service-now.com%2F&username=admin&password=p%40ss+word"
        );
        assert_eq!(
            r.preview_body(),
            "grant_type=password&client_id=62d1a5f0c2&client_secret=********\
             &redirect_uri=https%3A%2F%2Fdev12345.service-now.com%2F&username=admin&password=********"
        );
    }

    #[test]
    fn client_credentials_and_refresh_bodies() {
        let cc = TokenRequest::build(
            &instance(),
            &client(ClientAuth::Body),
            &TokenGrant::ClientCredentials,
            None,
            Some("useraccount"),
        );
        assert_eq!(cc.preview_body(), "grant_type=client_credentials&client_id=62d1a5f0c2&client_secret=********&scope=useraccount");
        let rt = TokenRequest::build(
            &instance(),
            &client(ClientAuth::Body),
            &TokenGrant::RefreshToken {
                refresh_token: SecretString::new("r-1/2"),
            },
            None,
            None,
        );
        assert_eq!(rt.encode_body(), "grant_type=refresh_token&client_id=62d1a5f0c2&client_secret=s3c%2Br%26t%3C%3B%28&refresh_token=r-1%2F2");
        assert_eq!(rt.grant_type(), "refresh_token");
    }

    #[test]
    fn basic_client_auth_moves_credentials_to_the_header() {
        let r = TokenRequest::build(
            &instance(),
            &client(ClientAuth::Basic),
            &TokenGrant::ClientCredentials,
            None,
            None,
        );
        assert_eq!(r.encode_body(), "grant_type=client_credentials");
        let http = r.to_http().unwrap();
        let auth = http
            .headers
            .iter()
            .find(|(k, _)| k == "Authorization")
            .unwrap();
        let decoded = base64::engine::general_purpose::STANDARD
            .decode(auth.1.trim_start_matches("Basic "))
            .unwrap();
        assert_eq!(decoded, b"62d1a5f0c2:s3c%2Br%26t%3C%3B%28");
        assert!(r
            .preview_headers()
            .iter()
            .any(|(_, v)| v == "Basic ********"));
        assert!(!http.follow_redirects);
    }

    #[test]
    fn extra_params_replace_or_append_and_rows_can_be_disabled() {
        let mut r = TokenRequest::build(
            &instance(),
            &client(ClientAuth::Body),
            &password(),
            None,
            None,
        );
        r.set_param("scope", "useraccount").unwrap();
        r.set_param("username", "beth").unwrap();
        r.set_param("password", "new secret").unwrap();
        r.params
            .iter_mut()
            .find(|p| p.key == "client_id")
            .unwrap()
            .enabled = false;
        assert_eq!(
            r.preview_body(),
            "grant_type=password&client_secret=********&username=beth&password=********&scope=useraccount"
        );
        assert!(r
            .set_param("grant_type ", "x")
            .unwrap_err()
            .to_string()
            .contains("whitespace"));
        assert!(r.set_param("", "x").is_err());
    }

    #[test]
    fn debug_never_shows_secrets() {
        let r = TokenRequest::build(
            &instance(),
            &client(ClientAuth::Basic),
            &password(),
            None,
            None,
        );
        let d = format!("{r:?}");
        assert!(!d.contains("s3c+r") && !d.contains("p@ss"), "{d}");
    }
}
