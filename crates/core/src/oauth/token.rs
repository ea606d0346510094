//! Parsing the token endpoint's reply: a [`Token`] or an error that says why.

use std::fmt;
use std::time::{Duration, SystemTime, UNIX_EPOCH};

use serde::Serialize;
use serde_json::Value;

use super::causes::likely_causes;
use crate::error::{Error, Result};
use crate::http::HttpResponse;
use crate::secret::SecretString;

#[derive(Clone)]
pub struct Token {
    pub access_token: SecretString,
    pub refresh_token: Option<SecretString>,
    pub scope: String,
    pub token_type: String,
    /// Seconds the access token lives, as the server said; `None` if it did not say.
    pub expires_in: Option<u64>,
    pub obtained_at: SystemTime,
}

impl fmt::Debug for Token {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("Token")
            .field("access_token", &self.access_token)
            .field("refresh_token", &self.refresh_token)
            .field("scope", &self.scope)
            .field("token_type", &self.token_type)
            .field("expires_in", &self.expires_in)
            .finish()
    }
}

/// What may be shown about a token: everything but its values.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS), ts(export))]
pub struct TokenSummary {
    pub token_type: String,
    pub scope: String,
    #[cfg_attr(feature = "ts", ts(type = "number | null"))]
    pub expires_in: Option<u64>,
    /// Unix seconds.
    #[cfg_attr(feature = "ts", ts(type = "number"))]
    pub obtained_at: u64,
    #[cfg_attr(feature = "ts", ts(type = "number | null"))]
    pub expires_at: Option<u64>,
    pub has_refresh_token: bool,
}

impl Token {
    pub fn expires_at(&self) -> Option<SystemTime> {
        self.expires_in
            .map(|s| self.obtained_at + Duration::from_secs(s))
    }

    /// Time left at `now`; `None` when the server gave no lifetime.
    pub fn remaining(&self, now: SystemTime) -> Option<Duration> {
        self.expires_at()
            .map(|e| e.duration_since(now).unwrap_or(Duration::ZERO))
    }

    /// True when less than `margin` is left.
    pub fn expires_within(&self, now: SystemTime, margin: Duration) -> bool {
        self.remaining(now).is_some_and(|r| r <= margin)
    }

    /// Whether to renew before use: less than `margin` left, or less than half the lifetime
    /// when the lifetime is shorter than the margin (else a 30 s token would never be reused).
    pub fn needs_renewal(&self, now: SystemTime, margin: Duration) -> bool {
        let lifetime = Duration::from_secs(self.expires_in.unwrap_or(u64::MAX / 4));
        self.expires_within(now, margin.min(lifetime / 2))
    }

    pub fn summary(&self) -> TokenSummary {
        let secs = |t: SystemTime| {
            t.duration_since(UNIX_EPOCH)
                .map(|d| d.as_secs())
                .unwrap_or(0)
        };
        TokenSummary {
            token_type: self.token_type.clone(),
            scope: self.scope.clone(),
            expires_in: self.expires_in,
            obtained_at: secs(self.obtained_at),
            expires_at: self.expires_at().map(secs),
            has_refresh_token: self.refresh_token.is_some(),
        }
    }

    /// The keychain form of the access token: its value with what is needed to reuse it.
    /// `instance` is where the token came from: a token is only ever read back for it.
    pub fn to_keychain(&self, instance: &str) -> SecretString {
        let secs = |t: SystemTime| {
            t.duration_since(UNIX_EPOCH)
                .map(|d| d.as_secs())
                .unwrap_or(0)
        };
        let v = serde_json::json!({
            "instance": instance,
            "access_token": self.access_token.expose(),
            "token_type": self.token_type,
            "scope": self.scope,
            "expires_in": self.expires_in,
            "obtained_at": secs(self.obtained_at),
        });
        SecretString::new(v.to_string())
    }

    /// Reads [`Token::to_keychain`]'s form back; `None` if it is not that form or the token
    /// was issued by another instance (a profile of the same name elsewhere, say): a bearer
    /// token must never be sent to a host that did not issue it.
    pub fn from_keychain(stored: &SecretString, instance: &str) -> Option<Token> {
        let v: Value = serde_json::from_str(stored.expose()).ok()?;
        if v.get("instance")?.as_str()? != instance {
            return None;
        }
        Some(Token {
            access_token: SecretString::new(v.get("access_token")?.as_str()?),
            refresh_token: None,
            scope: v.get("scope")?.as_str()?.to_string(),
            token_type: v.get("token_type")?.as_str()?.to_string(),
            expires_in: v.get("expires_in").and_then(Value::as_u64),
            obtained_at: UNIX_EPOCH + Duration::from_secs(v.get("obtained_at")?.as_u64()?),
        })
    }

    /// The `Authorization` header value. Token types are case-insensitive (RFC 6749 §5.1).
    pub fn authorization(&self) -> String {
        format!("Bearer {}", self.access_token.expose())
    }
}

/// Reads the token endpoint's reply. Pure: every branch has a canned-response test.
pub fn parse_token_response(
    resp: &HttpResponse,
    grant_type: &str,
    now: SystemTime,
) -> Result<Token> {
    if (300..400).contains(&resp.status) {
        return Err(Error::TokenRedirected {
            status: resp.status,
            location: resp
                .header("location")
                .unwrap_or("(no Location header)")
                .to_string(),
        });
    }
    if resp.looks_like_html() {
        return Err(Error::HtmlInsteadOfJson {
            status: resp.status,
            url: "the token endpoint".into(),
            title: resp.html_title(),
            hibernating: resp.is_hibernation_page(),
        });
    }
    let json: Value = match serde_json::from_slice(&resp.body) {
        Ok(v) => v,
        Err(_) => {
            return Err(Error::NotAToken {
                status: resp.status,
                detail: format!(
                    "a {} byte body of type {} that is not JSON",
                    resp.body.len(),
                    resp.content_type().unwrap_or("unknown")
                ),
            })
        }
    };
    if let Some(error) = json.get("error").and_then(Value::as_str) {
        return Err(rejection(resp.status, error, &json, grant_type));
    }
    if !(200..300).contains(&resp.status) {
        return Err(Error::NotAToken {
            status: resp.status,
            detail: "an error status without an OAuth error code".into(),
        });
    }
    let access_token = match json.get("access_token").and_then(Value::as_str) {
        Some(t) if !t.is_empty() => SecretString::new(t),
        _ => {
            return Err(Error::NotAToken {
                status: resp.status,
                detail: "JSON without an access_token".into(),
            })
        }
    };
    let str_field = |k: &str| json.get(k).and_then(Value::as_str).map(str::to_string);
    Ok(Token {
        access_token,
        refresh_token: str_field("refresh_token")
            .filter(|s| !s.is_empty())
            .map(SecretString::new),
        scope: str_field("scope").unwrap_or_default(),
        token_type: str_field("token_type").unwrap_or_else(|| "Bearer".into()),
        expires_in: json.get("expires_in").and_then(lifetime),
        obtained_at: now,
    })
}

/// `expires_in` is an integer per RFC 6749, but some servers send a string or a float.
fn lifetime(v: &Value) -> Option<u64> {
    match v {
        Value::Number(n) => n
            .as_u64()
            .or_else(|| n.as_f64().filter(|f| *f >= 0.0).map(|f| f as u64)),
        Value::String(s) => s.trim().parse::<u64>().ok(),
        _ => None,
    }
}

fn rejection(status: u16, error: &str, json: &Value, grant_type: &str) -> Error {
    let description = json
        .get("error_description")
        .and_then(Value::as_str)
        .map(|d| d.chars().take(300).collect::<String>());
    // ServiceNow's one answer for every failure carries no reason at all.
    let opaque = error == "server_error"
        || description.as_deref() == Some("access_denied")
        || error == "access_denied";
    let causes = match error {
        _ if opaque => likely_causes(grant_type),
        "invalid_client" => vec![
            "The client ID or client secret is wrong.".into(),
            "The server expects the other client authentication method (body or Basic).".into(),
        ],
        "invalid_grant" if grant_type == "refresh_token" => likely_causes("refresh_token"),
        "invalid_grant" => {
            vec!["The username or password is wrong, or the user cannot log in.".into()]
        }
        _ => Vec::new(),
    };
    Error::OAuthRejected {
        status,
        error: error.chars().take(100).collect(),
        description,
        causes,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn reply(status: u16, ct: &str, body: &str) -> HttpResponse {
        HttpResponse {
            status,
            headers: vec![("Content-Type".into(), ct.into())],
            body: body.as_bytes().to_vec(),
            elapsed: Duration::ZERO,
            timing: Default::default(),
        }
    }

    fn t0() -> SystemTime {
        UNIX_EPOCH + Duration::from_secs(1_800_000_000)
    }

    #[test]
    fn servicenow_success() {
        let r = reply(
            200,
            "application/json;charset=UTF-8",
            r#"{"access_token":"AT-abc","refresh_token":"RT-def","scope":"useraccount","token_type":"Bearer","expires_in":1799}"#,
        );
        let t = parse_token_response(&r, "password", t0()).unwrap();
        assert_eq!(t.access_token.expose(), "AT-abc");
        assert_eq!(t.refresh_token.as_ref().unwrap().expose(), "RT-def");
        assert_eq!(
            (t.scope.as_str(), t.token_type.as_str(), t.expires_in),
            ("useraccount", "Bearer", Some(1799))
        );
        let s = t.summary();
        assert_eq!(s.expires_at, Some(1_800_001_799));
        assert!(s.has_refresh_token);
        assert!(!t.expires_within(t0(), Duration::from_secs(60)));
        assert!(t.expires_within(t0() + Duration::from_secs(1740), Duration::from_secs(60)));
        assert_eq!(
            t.remaining(t0() + Duration::from_secs(5000)),
            Some(Duration::ZERO)
        );
        let d = format!("{t:?}");
        assert!(!d.contains("AT-abc") && !d.contains("RT-def"));
    }

    #[test]
    fn keychain_form_round_trips_without_the_refresh_token() {
        let r = reply(
            200,
            "application/json",
            r#"{"access_token":"AT","refresh_token":"RT","scope":"s","token_type":"Bearer","expires_in":1799}"#,
        );
        let t = parse_token_response(&r, "password", t0()).unwrap();
        let stored = t.to_keychain("https://dev1.service-now.com");
        assert!(
            !stored.expose().contains("RT"),
            "the refresh token has its own entry"
        );
        let back = Token::from_keychain(&stored, "https://dev1.service-now.com").unwrap();
        assert_eq!(
            (
                back.access_token.expose(),
                back.expires_in,
                back.obtained_at
            ),
            ("AT", Some(1799), t0())
        );
        assert!(Token::from_keychain(&stored, "https://dev2.service-now.com").is_none());
        let unbound = r#"{"access_token":"AT","token_type":"Bearer","scope":"s","obtained_at":1}"#;
        assert!(
            Token::from_keychain(&SecretString::new(unbound), "https://dev1.service-now.com")
                .is_none()
        );
        assert!(Token::from_keychain(&SecretString::new("garbage"), "x").is_none());
    }

    #[test]
    fn standard_server_quirks_are_tolerated() {
        let r = reply(
            200,
            "application/json",
            r#"{"access_token":"x","token_type":"bearer","expires_in":"299"}"#,
        );
        let t = parse_token_response(&r, "client_credentials", t0()).unwrap();
        assert_eq!(t.expires_in, Some(299));
        assert!(t.refresh_token.is_none());
        assert_eq!(t.scope, "");
        let r = reply(
            200,
            "application/json",
            r#"{"access_token":"x","expires_in":3600.0}"#,
        );
        assert_eq!(
            parse_token_response(&r, "password", t0())
                .unwrap()
                .expires_in,
            Some(3600)
        );
        let r = reply(200, "application/json", r#"{"access_token":"x"}"#);
        let t = parse_token_response(&r, "password", t0()).unwrap();
        assert_eq!((t.expires_in, t.token_type.as_str()), (None, "Bearer"));
    }

    #[test]
    fn servicenow_access_denied_lists_causes() {
        let r = reply(
            401,
            "application/json;charset=UTF-8",
            r#"{"error_description":"access_denied","error":"server_error"}"#,
        );
        let e = parse_token_response(&r, "client_credentials", t0()).unwrap_err();
        assert_eq!(e.kind(), "oauth_rejected");
        let rep = e.report();
        assert!(rep.causes[0].contains("glide.oauth.inbound.client.credential.grant_type.enabled"));
        assert!(rep.message.contains("401"));
        assert!(rep.hint.contains("system log"));
        let e = parse_token_response(&r, "password", t0()).unwrap_err();
        assert!(e.report().causes[0].contains("username or password"));
    }

    #[test]
    fn rfc6749_errors() {
        let r = reply(
            401,
            "application/json",
            r#"{"error":"invalid_client","error_description":"Client authentication failed"}"#,
        );
        let e = parse_token_response(&r, "password", t0()).unwrap_err();
        assert!(e
            .to_string()
            .contains("invalid_client: Client authentication failed"));
        assert!(e.hint().contains("client ID or client secret"));
        let r = reply(400, "application/json", r#"{"error":"invalid_grant"}"#);
        let e = parse_token_response(&r, "refresh_token", t0()).unwrap_err();
        assert!(e.report().causes[0].contains("refresh token expired"));
    }

    #[test]
    fn html_instead_of_json() {
        let r = reply(200, "text/html", "<html><head><title>Instance Hibernating page</title></head><body>Your instance is hibernating.</body></html>");
        let e = parse_token_response(&r, "password", t0()).unwrap_err();
        assert_eq!(e.kind(), "instance_hibernating");
        assert!(e.hint().contains("asleep"));
        let r = reply(404, "text/html", "<html><title>Not Found</title></html>");
        let e = parse_token_response(&r, "password", t0()).unwrap_err();
        assert_eq!(e.kind(), "html_instead_of_json");
        assert!(e.to_string().contains("Not Found"));
    }

    #[test]
    fn not_a_token() {
        let r = reply(200, "application/json", r#"{"result":"ok"}"#);
        assert_eq!(
            parse_token_response(&r, "password", t0())
                .unwrap_err()
                .kind(),
            "not_a_token"
        );
        let r = reply(200, "text/plain", "hello");
        assert_eq!(
            parse_token_response(&r, "password", t0())
                .unwrap_err()
                .kind(),
            "not_a_token"
        );
        let r = reply(500, "application/json", "{}");
        assert_eq!(
            parse_token_response(&r, "password", t0())
                .unwrap_err()
                .kind(),
            "not_a_token"
        );
    }

    #[test]
    fn redirects_are_not_followed() {
        let mut r = reply(302, "text/html", "");
        r.headers
            .push(("Location".into(), "https://login.example.com/sso".into()));
        let e = parse_token_response(&r, "password", t0()).unwrap_err();
        assert_eq!(e.kind(), "token_redirected");
        assert!(e.to_string().contains("login.example.com"));
    }
}
