//! `/oauth_auth.do`: the browser half of the authorization code grant (servicenow-api.md §6).
//! GET shows the instance's login form; POST logs in, then Allow or Deny redirects back with a
//! code or `error=access_denied`. A redirect URI that is not registered silently falls back to
//! the first registered one, as ServiceNow does; a missing `state` is refused on a page.

use std::collections::HashMap;
use std::time::{Duration, Instant};

use axum::body::{to_bytes, Body};
use axum::extract::{Query, Request, State};
use axum::http::{header, HeaderValue, StatusCode};
use axum::response::Response;

use crate::ids;
use crate::state::{lock, SharedState};

/// How long a code may wait for its exchange.
const CODE_TTL: Duration = Duration::from_secs(60);
/// How long a login form stays valid.
const LOGIN_TTL: Duration = Duration::from_secs(600);

/// A sign-in in progress, between the GET and the Allow/Deny.
#[derive(Debug, Clone)]
struct Pending {
    client_id: String,
    /// Where the browser goes back: the URI sent when registered, else the first registered.
    redirect_to: String,
    /// The URI as sent, which the exchange must repeat.
    redirect_sent: Option<String>,
    state: String,
    challenge: Option<String>,
    scope: String,
    user: Option<String>,
    started: Instant,
}

/// A code handed out, until it is exchanged once or expires.
#[derive(Debug, Clone)]
pub(crate) struct IssuedCode {
    pub client_id: String,
    pub redirect_sent: Option<String>,
    pub challenge: Option<String>,
    pub user: String,
    pub scope: String,
    expires_at: Instant,
}

#[derive(Debug, Default)]
pub(crate) struct AuthStore {
    pending: HashMap<String, Pending>,
    codes: HashMap<String, IssuedCode>,
    /// JWT bearer assertions already exchanged.
    pub jti: super::jwt_bearer::SeenJti,
}

/// `BASE64URL(SHA256(verifier))`, RFC 7636's S256.
pub(crate) fn s256(verifier: &str) -> String {
    use base64::Engine;
    use sha2::Digest;
    base64::engine::general_purpose::URL_SAFE_NO_PAD
        .encode(sha2::Sha256::digest(verifier.as_bytes()))
}

impl AuthStore {
    /// Takes the code: a second use, or a use after expiry, finds nothing.
    pub fn take_code(&mut self, code: &str, now: Instant) -> Option<IssuedCode> {
        self.codes.remove(code).filter(|c| now < c.expires_at)
    }
}

fn html(status: StatusCode, title: &str, body: &str) -> Response {
    let page = format!(
        "<!doctype html><html><head><meta charset=\"utf-8\"><title>{title} | ServiceNow</title></head>\
         <body><h1>{title}</h1>{body}</body></html>"
    );
    let mut resp = Response::new(Body::from(page));
    *resp.status_mut() = status;
    resp.headers_mut().insert(
        header::CONTENT_TYPE,
        HeaderValue::from_static("text/html;charset=UTF-8"),
    );
    resp
}

fn escape(s: &str) -> String {
    s.replace('&', "&amp;")
        .replace('<', "&lt;")
        .replace('>', "&gt;")
        .replace('"', "&quot;")
}

fn login_page(txn: &str, error: Option<&str>) -> Response {
    let error = error
        .map(|e| format!("<p class=\"error\">{}</p>", escape(e)))
        .unwrap_or_default();
    html(
        StatusCode::OK,
        "Log in",
        &format!(
            "{error}<form method=\"post\" action=\"/oauth_auth.do\">\
             <input type=\"hidden\" name=\"sysparm_txn\" value=\"{txn}\">\
             <label>User name <input name=\"user_name\" autocomplete=\"username\"></label>\
             <label>Password <input type=\"password\" name=\"user_password\"></label>\
             <button name=\"action\" value=\"login\">Log in</button></form>"
        ),
    )
}

fn consent_page(txn: &str, client_id: &str, scope: &str) -> Response {
    html(
        StatusCode::OK,
        "Allow access",
        &format!(
            "<p>{} would like to connect to this instance with scope {}.</p>\
             <form method=\"post\" action=\"/oauth_auth.do\">\
             <input type=\"hidden\" name=\"sysparm_txn\" value=\"{txn}\">\
             <button name=\"action\" value=\"allow\">Allow</button>\
             <button name=\"action\" value=\"deny\">Deny</button></form>",
            escape(client_id),
            escape(scope)
        ),
    )
}

fn redirect(to: &str, pairs: &[(&str, &str)]) -> Response {
    let mut url = match url::Url::parse(to) {
        Ok(u) => u,
        Err(_) => return html(StatusCode::BAD_REQUEST, "Invalid redirect URL", ""),
    };
    url.query_pairs_mut().extend_pairs(pairs);
    let mut resp = Response::new(Body::empty());
    *resp.status_mut() = StatusCode::FOUND;
    if let Ok(v) = HeaderValue::from_str(url.as_str()) {
        resp.headers_mut().insert(header::LOCATION, v);
    }
    resp
}

pub(crate) async fn authorize_page(
    State(state): State<SharedState>,
    Query(q): Query<HashMap<String, String>>,
) -> Response {
    let config = &state.config;
    let get = |k: &str| q.get(k).map(String::as_str).filter(|v| !v.is_empty());
    if get("client_id") != Some(config.client_id.as_str()) {
        return html(
            StatusCode::BAD_REQUEST,
            "Invalid client",
            "<p>The client_id is not registered.</p>",
        );
    }
    let Some(client_state) = get("state") else {
        return html(
            StatusCode::BAD_REQUEST,
            "Error",
            "<p>Missing State parameter in request</p>",
        );
    };
    let Some(first) = config.redirect_uris.first() else {
        return html(
            StatusCode::BAD_REQUEST,
            "Error",
            "<p>No redirect URL is registered for this client.</p>",
        );
    };
    let sent = get("redirect_uri").map(str::to_string);
    let redirect_to = match &sent {
        Some(uri) if config.redirect_uris.contains(uri) => uri.clone(),
        // ServiceNow: "if no match is made, the instance uses the first redirect URL".
        _ => first.clone(),
    };
    let reply_error = |error: &str, description: &str| {
        redirect(
            &redirect_to,
            &[
                ("error", error),
                ("error_description", description),
                ("state", client_state),
            ],
        )
    };
    if get("response_type") != Some("code") {
        return reply_error(
            "unsupported_response_type",
            "Only response_type=code is supported",
        );
    }
    let challenge = get("code_challenge").map(str::to_string);
    match (challenge.is_some(), get("code_challenge_method")) {
        (true, Some("S256")) => {}
        (true, _) => return reply_error("invalid_request", "code_challenge_method must be S256"),
        (false, _) if config.public_client => {
            return reply_error("invalid_request", "PKCE is required for this client")
        }
        (false, _) => {}
    }
    let txn = ids::hex32();
    let now = Instant::now();
    let mut auth = lock(&state.auth);
    auth.pending
        .retain(|_, p| now.duration_since(p.started) < LOGIN_TTL);
    auth.pending.insert(
        txn.clone(),
        Pending {
            client_id: config.client_id.clone(),
            redirect_to,
            redirect_sent: sent,
            state: client_state.to_string(),
            challenge,
            scope: get("scope").unwrap_or("useraccount").to_string(),
            user: None,
            started: now,
        },
    );
    login_page(&txn, None)
}

pub(crate) async fn authorize_submit(
    State(state): State<SharedState>,
    request: Request,
) -> Response {
    let Ok(body) = to_bytes(request.into_body(), 64 * 1024).await else {
        return html(StatusCode::BAD_REQUEST, "Error", "<p>Request too large</p>");
    };
    let form: HashMap<String, String> = url::form_urlencoded::parse(&body).into_owned().collect();
    let get = |k: &str| form.get(k).map(String::as_str).unwrap_or("");
    let txn = get("sysparm_txn");
    let now = Instant::now();
    let mut auth = lock(&state.auth);
    let Some(pending) = auth
        .pending
        .get(txn)
        .cloned()
        .filter(|p| now.duration_since(p.started) < LOGIN_TTL)
    else {
        return html(
            StatusCode::BAD_REQUEST,
            "Error",
            "<p>This sign-in has expired. Start again from the application.</p>",
        );
    };
    match (get("action"), &pending.user) {
        ("login", _) => match state
            .config
            .authenticate(get("user_name"), get("user_password"))
        {
            Some(user) => {
                let user = user.username.clone();
                if let Some(p) = auth.pending.get_mut(txn) {
                    p.user = Some(user);
                }
                consent_page(txn, &pending.client_id, &pending.scope)
            }
            None => login_page(txn, Some("User name or password invalid")),
        },
        ("allow", Some(user)) => {
            auth.pending.remove(txn);
            let code = ids::hex32();
            auth.codes.retain(|_, c| now < c.expires_at);
            auth.codes.insert(
                code.clone(),
                IssuedCode {
                    client_id: pending.client_id.clone(),
                    redirect_sent: pending.redirect_sent.clone(),
                    challenge: pending.challenge.clone(),
                    user: user.clone(),
                    scope: pending.scope.clone(),
                    expires_at: now + CODE_TTL,
                },
            );
            redirect(
                &pending.redirect_to,
                &[("code", code.as_str()), ("state", pending.state.as_str())],
            )
        }
        ("deny", Some(_)) => {
            auth.pending.remove(txn);
            redirect(
                &pending.redirect_to,
                &[
                    ("error", "access_denied"),
                    ("error_description", "The user denied access"),
                    ("state", pending.state.as_str()),
                ],
            )
        }
        _ => login_page(txn, Some("Log in first")),
    }
}
