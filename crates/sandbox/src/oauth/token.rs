//! `POST /oauth_token.do`.

use std::time::Instant;

use axum::body::to_bytes;
use axum::extract::{Request, State};
use axum::http::{header, HeaderMap, Method};
use axum::response::Response;

use super::client_auth::{basic_credentials, credential_matches, has_basic_header};
use super::reply::{self, TokenError};
use super::tokens::{GrantKind, Issued, Lifetimes};
use crate::config::Flavor;
use crate::state::lock;
use crate::state::{AppState, SharedState};
use crate::stats::bump;

/// Token requests are a handful of short fields.
const MAX_FORM: usize = 64 * 1024;

const DEFAULT_SCOPE: &str = "useraccount";

pub(crate) async fn token_endpoint(State(state): State<SharedState>, request: Request) -> Response {
    bump(&state.counters.token_requests);
    let flavor = state.config.flavor;
    match grant(&state, request).await {
        Ok((kind, issued)) => {
            let counters = &state.counters;
            bump(match kind {
                GrantKind::Password => &counters.grants_password,
                GrantKind::ClientCredentials => &counters.grants_client_credentials,
                GrantKind::RefreshToken => &counters.grants_refresh_token,
                GrantKind::AuthorizationCode => &counters.grants_authorization_code,
                GrantKind::JwtBearer => &counters.grants_jwt_bearer,
            });
            let expires_in = state.config.access_ttl.as_secs().saturating_sub(1);
            reply::success(flavor, &issued, expires_in)
        }
        Err(error) => {
            bump(&state.counters.token_failures);
            reply::failure(flavor, &error)
        }
    }
}

/// The form fields of a token request; the first occurrence of a key wins.
struct Form(Vec<(String, String)>);

impl Form {
    fn get(&self, key: &str) -> Option<&str> {
        self.0
            .iter()
            .find(|(k, _)| k == key)
            .map(|(_, v)| v.as_str())
            .filter(|v| !v.is_empty())
    }
}

async fn grant(state: &AppState, request: Request) -> Result<(GrantKind, Issued), TokenError> {
    if request.method() != Method::POST {
        return Err(TokenError::InvalidRequest(
            "The token endpoint only accepts POST",
        ));
    }
    if !is_form(request.headers()) {
        return Err(TokenError::InvalidRequest(
            "Content-Type must be application/x-www-form-urlencoded",
        ));
    }
    let headers = request.headers().clone();
    let body = to_bytes(request.into_body(), MAX_FORM)
        .await
        .map_err(|_| TokenError::InvalidRequest("Request body too large"))?;
    let form = Form(
        url::form_urlencoded::parse(&body)
            .map(|(k, v)| (k.into_owned(), v.into_owned()))
            .collect(),
    );
    let client_id = authenticate_client(state, &headers, &form)?;
    let grant_type = form
        .get("grant_type")
        .ok_or(TokenError::InvalidRequest("Missing grant_type"))?;
    let scope = form.get("scope").unwrap_or(DEFAULT_SCOPE);
    let config = &state.config;
    let ttl = Lifetimes {
        access: config.access_ttl,
        refresh: config.refresh_ttl,
    };
    let now = Instant::now();
    match grant_type {
        "password" => {
            let (Some(username), Some(password)) = (form.get("username"), form.get("password"))
            else {
                return Err(TokenError::InvalidRequest("Missing username or password"));
            };
            let user = config
                .authenticate(username, password)
                .ok_or(TokenError::InvalidGrant(
                    "Invalid username or password, or user inactive",
                ))?;
            let reuse = config.flavor == Flavor::ServiceNow;
            let issued = lock(&state.tokens).password_grant(
                &client_id,
                &user.username,
                scope,
                ttl,
                reuse,
                now,
            );
            Ok((GrantKind::Password, issued))
        }
        "client_credentials" => {
            if !config.client_credentials {
                return Err(TokenError::UnsupportedGrantType(
                    "The client_credentials grant is not enabled on this instance",
                ));
            }
            let user = config.application_user().ok_or(TokenError::InvalidGrant(
                "No OAuth application user configured",
            ))?;
            let issued = lock(&state.tokens).client_credentials_grant(
                &client_id,
                &user.username,
                scope,
                ttl,
                now,
            );
            Ok((GrantKind::ClientCredentials, issued))
        }
        "refresh_token" => {
            let refresh = form
                .get("refresh_token")
                .ok_or(TokenError::InvalidRequest("Missing refresh_token"))?;
            let invalid = TokenError::InvalidGrant("Invalid, expired or revoked refresh token");
            let mut tokens = lock(&state.tokens);
            let owner = tokens
                .refresh_owner(&client_id, refresh, now)
                .ok_or(invalid.clone())?;
            if !config.users.iter().any(|u| u.username == owner && u.active) {
                return Err(invalid);
            }
            let rotate = config.flavor == Flavor::Rfc6749;
            let issued = tokens
                .refresh_grant(&client_id, refresh, ttl, rotate, now)
                .ok_or(invalid)?;
            Ok((GrantKind::RefreshToken, issued))
        }
        "urn:ietf:params:oauth:grant-type:jwt-bearer" => {
            let assertion = form
                .get("assertion")
                .ok_or(TokenError::InvalidRequest("Missing assertion"))?;
            let user = super::jwt_bearer::verify(
                config,
                &mut lock(&state.auth).jti,
                &client_id,
                assertion,
            )?;
            // No refresh token: the client mints a new assertion instead.
            let issued =
                lock(&state.tokens).client_credentials_grant(&client_id, &user, scope, ttl, now);
            Ok((GrantKind::JwtBearer, issued))
        }
        "authorization_code" => {
            let code = form
                .get("code")
                .ok_or(TokenError::InvalidRequest("Missing code"))?;
            let invalid =
                TokenError::InvalidGrant("Invalid, expired or already used authorization code");
            let issued = lock(&state.auth)
                .take_code(code, now)
                .ok_or(invalid.clone())?;
            if issued.client_id != client_id {
                return Err(invalid);
            }
            // RFC 6749 §4.1.3: the same redirect_uri as the authorize request, when it had one.
            if issued.redirect_sent.is_some()
                && form.get("redirect_uri") != issued.redirect_sent.as_deref()
            {
                return Err(TokenError::InvalidGrant(
                    "redirect_uri does not match the authorization request",
                ));
            }
            if let Some(challenge) = &issued.challenge {
                let verifier = form
                    .get("code_verifier")
                    .ok_or(TokenError::InvalidGrant("Missing code_verifier"))?;
                if super::authorize::s256(verifier) != *challenge {
                    return Err(TokenError::InvalidGrant(
                        "code_verifier does not match the code_challenge",
                    ));
                }
            }
            let issued =
                lock(&state.tokens).code_grant(&client_id, &issued.user, &issued.scope, ttl, now);
            Ok((GrantKind::AuthorizationCode, issued))
        }
        _ => Err(TokenError::UnsupportedGrantType("Unsupported grant_type")),
    }
}

fn is_form(headers: &HeaderMap) -> bool {
    headers
        .get(header::CONTENT_TYPE)
        .and_then(|v| v.to_str().ok())
        .and_then(|v| v.split(';').next())
        .is_some_and(|media| {
            media
                .trim()
                .eq_ignore_ascii_case("application/x-www-form-urlencoded")
        })
}

/// Client credentials from HTTP Basic, else from the body; returns the client id.
fn authenticate_client(
    state: &AppState,
    headers: &HeaderMap,
    form: &Form,
) -> Result<String, TokenError> {
    let (id, secret) = if has_basic_header(headers) {
        basic_credentials(headers).ok_or(TokenError::InvalidClient)?
    } else {
        match (form.get("client_id"), form.get("client_secret")) {
            (Some(id), Some(secret)) => (id.to_string(), secret.to_string()),
            // A public client proves itself with PKCE (authorization_code) or its refresh token.
            (Some(id), None)
                if state.config.public_client
                    && credential_matches(id, &state.config.client_id)
                    && matches!(
                        form.get("grant_type"),
                        Some(
                            "authorization_code"
                                | "refresh_token"
                                | "urn:ietf:params:oauth:grant-type:jwt-bearer"
                        )
                    ) =>
            {
                return Ok(state.config.client_id.clone());
            }
            _ => return Err(TokenError::InvalidClient),
        }
    };
    let config = &state.config;
    if credential_matches(&id, &config.client_id)
        && credential_matches(&secret, &config.client_secret)
    {
        Ok(config.client_id.clone())
    } else {
        Err(TokenError::InvalidClient)
    }
}
