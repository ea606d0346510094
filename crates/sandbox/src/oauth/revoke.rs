//! `GET|POST /oauth_revoke_token.do?token=…`: no authentication, 200 with an empty body.

use axum::body::{to_bytes, Body};
use axum::extract::{Request, State};
use axum::http::{header, StatusCode};
use axum::response::Response;

use crate::response::with_body;
use crate::state::lock;
use crate::state::SharedState;
use crate::stats::bump;

const MAX_FORM: usize = 64 * 1024;

pub(crate) async fn revoke_endpoint(
    State(state): State<SharedState>,
    request: Request,
) -> Response {
    let mut token = request
        .uri()
        .query()
        .and_then(|q| param(q.as_bytes(), "token"));
    let is_form = request
        .headers()
        .get(header::CONTENT_TYPE)
        .and_then(|v| v.to_str().ok())
        .is_some_and(|v| {
            v.to_ascii_lowercase()
                .starts_with("application/x-www-form-urlencoded")
        });
    if token.is_none() && is_form {
        if let Ok(body) = to_bytes(request.into_body(), MAX_FORM).await {
            token = param(&body, "token");
        }
    }
    if let Some(token) = token {
        if lock(&state.tokens).revoke(&token) {
            bump(&state.counters.revocations);
        }
    }
    with_body(StatusCode::OK, Body::empty(), None)
}

fn param(encoded: &[u8], key: &str) -> Option<String> {
    url::form_urlencoded::parse(encoded)
        .find(|(k, v)| k == key && !v.is_empty())
        .map(|(_, v)| v.into_owned())
}
