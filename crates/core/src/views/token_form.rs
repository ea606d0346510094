//! The token request as an editable key/value table, like Postman's body tab.

use serde::{Deserialize, Serialize};

use crate::error::{Error, Result};
use crate::oauth::{FormParam, FormValue, Token, TokenRequest, TokenSummary, MASK};
use crate::secret::SecretString;

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
#[cfg_attr(feature = "ts", derive(ts_rs::TS), ts(export))]
pub enum FormGrant {
    Password,
    ClientCredentials,
    RefreshToken,
    /// A fresh signed assertion on every preview and send.
    JwtBearer,
}

/// One row. A stored secret travels as `value: null, secret: true`: the webview never sees it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS), ts(export))]
pub struct FormRow {
    pub key: String,
    pub value: Option<String>,
    pub secret: bool,
    pub enabled: bool,
}

#[derive(Debug, Clone, Serialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS), ts(export))]
pub struct TokenForm {
    pub url: String,
    pub grant: FormGrant,
    pub rows: Vec<FormRow>,
    /// Client credentials go in an `Authorization: Basic` header instead of rows.
    pub basic_auth: bool,
}

impl TokenForm {
    pub fn from_request(req: &TokenRequest, grant: FormGrant) -> Self {
        TokenForm {
            url: req.url.to_string(),
            grant,
            rows: req
                .params
                .iter()
                .map(|p| match &p.value {
                    FormValue::Text(t) => FormRow {
                        key: p.key.clone(),
                        value: Some(t.clone()),
                        secret: false,
                        enabled: p.enabled,
                    },
                    FormValue::Secret(_) => FormRow {
                        key: p.key.clone(),
                        value: None,
                        secret: true,
                        enabled: p.enabled,
                    },
                })
                .collect(),
            basic_auth: req.basic_auth.is_some(),
        }
    }
}

/// The request exactly as it will go out, secrets masked.
#[derive(Debug, Clone, Serialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS), ts(export))]
pub struct TokenPreview {
    pub method: String,
    pub url: String,
    pub headers: Vec<(String, String)>,
    pub body: String,
    /// A JWT assertion's header and claims, decoded (pretty JSON); its signature never shown.
    pub assertion: Option<(String, String)>,
}

impl TokenPreview {
    pub fn of(req: &TokenRequest) -> Self {
        TokenPreview {
            method: "POST".into(),
            url: req.url.to_string(),
            headers: req.preview_headers(),
            body: req.preview_body(),
            assertion: req
                .params
                .iter()
                .find_map(|p| match (&p.value, p.key.as_str()) {
                    (crate::oauth::FormValue::Secret(s), "assertion") => {
                        let (h, c) = crate::oauth::jwt::decode_unverified(s.expose())?;
                        let pretty = |v: &serde_json::Value| {
                            serde_json::to_string_pretty(v).unwrap_or_default()
                        };
                        Some((pretty(&h), pretty(&c)))
                    }
                    _ => None,
                }),
        }
    }
}

/// A token as the app shows it: never the value, unless Reveal is pressed.
#[derive(Debug, Clone, Serialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS), ts(export))]
pub struct TokenView {
    pub profile: String,
    pub summary: TokenSummary,
    /// The last four characters only, e.g. `********9xYz`, to tell tokens apart.
    pub masked: String,
}

impl TokenView {
    pub fn new(profile: &str, token: &Token) -> Self {
        let v = token.access_token.expose();
        // Counted in chars: a byte slice could split a non-ASCII character and panic.
        let masked = if v.chars().count() > 12 {
            let tail: String = v.chars().skip(v.chars().count() - 4).collect();
            format!("{MASK}{tail}")
        } else {
            MASK.to_string()
        };
        TokenView {
            profile: profile.into(),
            summary: token.summary(),
            masked,
        }
    }
}

/// Rebuilds `base` from the edited rows. A secret row without a value takes the stored secret
/// of the same key from `base`; rows are sent in the order given.
pub fn apply_rows(base: &TokenRequest, rows: &[FormRow]) -> Result<TokenRequest> {
    let mut params = Vec::with_capacity(rows.len());
    for row in rows {
        let key = row.key.clone();
        let value = match (&row.value, row.secret) {
            (Some(v), true) => FormValue::Secret(SecretString::new(v.clone())),
            (Some(v), false) => FormValue::Text(v.clone()),
            (None, _) => base
                .params
                .iter()
                .find(|p| p.key == key)
                .map(|p| p.value.clone())
                .ok_or_else(|| {
                    Error::input(
                        "form row",
                        format!("\"{key}\" has no value and no stored secret; type a value"),
                    )
                })?,
        };
        params.push(FormParam {
            key,
            value,
            enabled: row.enabled,
        });
    }
    let out = TokenRequest {
        url: base.url.clone(),
        params,
        basic_auth: base.basic_auth.clone(),
    };
    out.to_http()?; // validates every key
    Ok(out)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::instance::Instance;
    use crate::oauth::{OAuthClient, TokenGrant};
    use crate::profile::ClientAuth;

    fn base() -> TokenRequest {
        let client = OAuthClient {
            client_id: "cid".into(),
            client_secret: Some(SecretString::new("S3CRET")),
            auth: ClientAuth::Body,
        };
        let grant = TokenGrant::Password {
            username: "admin".into(),
            password: SecretString::new("PW"),
        };
        TokenRequest::build(
            &Instance::parse("dev1").unwrap(),
            &client,
            &grant,
            None,
            None,
        )
    }

    #[test]
    fn form_rows_hide_secrets() {
        let f = TokenForm::from_request(&base(), FormGrant::Password);
        let json = serde_json::to_string(&f).unwrap();
        assert!(!json.contains("S3CRET") && !json.contains("PW\""), "{json}");
        assert_eq!(
            f.rows[2],
            FormRow {
                key: "client_secret".into(),
                value: None,
                secret: true,
                enabled: true
            }
        );
        assert_eq!(f.rows.len(), 5);
    }

    #[test]
    fn edited_rows_keep_stored_secrets_and_take_new_ones() {
        let mut rows = TokenForm::from_request(&base(), FormGrant::Password).rows;
        rows.push(FormRow {
            key: "scope".into(),
            value: Some("useraccount".into()),
            secret: false,
            enabled: true,
        });
        rows[3].enabled = false; // username off
        rows.push(FormRow {
            key: "x_pin".into(),
            value: Some("1234".into()),
            secret: true,
            enabled: true,
        });
        let r = apply_rows(&base(), &rows).unwrap();
        assert_eq!(r.encode_body(), "grant_type=password&client_id=cid&client_secret=S3CRET&password=PW&scope=useraccount&x_pin=1234");
        assert_eq!(TokenPreview::of(&r).body, "grant_type=password&client_id=cid&client_secret=********&password=********&scope=useraccount&x_pin=********");
    }

    #[test]
    fn bad_rows_are_refused() {
        let rows = vec![FormRow {
            key: "mystery".into(),
            value: None,
            secret: true,
            enabled: true,
        }];
        assert!(apply_rows(&base(), &rows)
            .unwrap_err()
            .to_string()
            .contains("no stored secret"));
        let rows = vec![FormRow {
            key: "grant_type ".into(),
            value: Some("password".into()),
            secret: false,
            enabled: true,
        }];
        assert!(apply_rows(&base(), &rows).is_err());
    }

    #[test]
    fn token_view_masks_the_value() {
        let t = Token {
            access_token: SecretString::new("AbCdEfGhIjKlMnOp9xYz"),
            refresh_token: None,
            scope: "useraccount".into(),
            token_type: "Bearer".into(),
            expires_in: Some(1799),
            obtained_at: std::time::SystemTime::now(),
        };
        let v = TokenView::new("dev", &t);
        assert_eq!(v.masked, "********9xYz");
        let mut t = t;
        t.access_token = SecretString::new("ééééééééééééééé€€");
        assert_eq!(TokenView::new("dev", &t).masked, "********éé€€");
        assert!(!serde_json::to_string(&v).unwrap().contains("AbCd"));
    }
}
