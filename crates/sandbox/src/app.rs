//! The HTTP routes and the layers around them.

use std::sync::Arc;

use axum::body::Body;
use axum::extract::{Request, State};
use axum::http::{header, HeaderValue, StatusCode};
use axum::middleware::{self, Next};
use axum::response::Response;
use axum::routing::any;
use axum::Router;

use crate::api::api_endpoint;
use crate::faults::Faults;
use crate::hibernate;
use crate::ids;
use crate::oauth::{authorize_page, authorize_submit, revoke_endpoint, token_endpoint};
use crate::response::with_body;
use crate::state::SharedState;

pub(crate) fn router(state: SharedState) -> Router {
    let faults = state.faults.clone();
    Router::new()
        .route(
            "/oauth_auth.do",
            axum::routing::get(authorize_page).post(authorize_submit),
        )
        .route("/oauth_token.do", any(token_endpoint))
        .route("/oauth_revoke_token.do", any(revoke_endpoint))
        .route("/api/{*rest}", any(api_endpoint))
        // Not ServiceNow: the sandbox's own counters, for tests that drive it from outside.
        .route("/sandbox/stats", axum::routing::get(stats_endpoint))
        .fallback(not_found)
        .with_state(state)
        .layer(middleware::from_fn(instance_headers))
        // Outermost, so a hibernating instance shows none of the instance's own headers.
        .layer(middleware::from_fn_with_state(faults, apply_faults))
}

async fn apply_faults(State(faults): State<Arc<Faults>>, request: Request, next: Next) -> Response {
    let latency = faults.latency();
    if !latency.is_zero() {
        tokio::time::sleep(latency).await;
    }
    if faults.hibernating() {
        return hibernate::page();
    }
    let api = request.uri().path().starts_with("/api/");
    if api {
        if let Some(origin) = faults.redirect() {
            let to = format!("{origin}{}", request.uri());
            let mut resp = Response::new(Body::empty());
            *resp.status_mut() = StatusCode::TEMPORARY_REDIRECT;
            if let Ok(v) = HeaderValue::from_str(&to) {
                resp.headers_mut().insert(header::LOCATION, v);
            }
            return resp;
        }
        if let Some(status) = faults.status() {
            return forced_status(status);
        }
    }
    let response = next.run(request).await;
    if faults.truncate_json() {
        return truncated(response).await;
    }
    response
}

/// What `Faults::set_status` answers: the failure envelope, or nothing for a 202.
fn forced_status(status: u16) -> Response {
    let code = StatusCode::from_u16(status).unwrap_or(StatusCode::INTERNAL_SERVER_ERROR);
    let body = if status == 202 {
        String::new()
    } else {
        let reason = code.canonical_reason().unwrap_or("Error");
        serde_json::json!({"error": {"message": reason, "detail": null}, "status": "failure"})
            .to_string()
    };
    let mut resp = Response::new(Body::from(body));
    *resp.status_mut() = code;
    resp.headers_mut().insert(
        header::CONTENT_TYPE,
        HeaderValue::from_static(crate::response::JSON_CONTENT_TYPE),
    );
    resp
}

/// The first half of a JSON answer, with a Content-Length that matches it.
async fn truncated(response: Response) -> Response {
    let is_json = response
        .headers()
        .get(header::CONTENT_TYPE)
        .and_then(|v| v.to_str().ok())
        .is_some_and(|v| v.contains("json"));
    if !is_json {
        return response;
    }
    let (mut parts, body) = response.into_parts();
    let bytes = axum::body::to_bytes(body, usize::MAX)
        .await
        .unwrap_or_default();
    let half = bytes.slice(..bytes.len() / 2);
    parts.headers.remove(header::CONTENT_LENGTH);
    Response::from_parts(parts, Body::from(half))
}

/// Headers every answer of a real instance carries.
async fn instance_headers(request: Request, next: Next) -> Response {
    let mut response = next.run(request).await;
    let headers = response.headers_mut();
    headers.insert(header::SERVER, HeaderValue::from_static("ServiceNow"));
    let transaction = ids::hex32();
    let cookies = [
        format!(
            "JSESSIONID={}; Path=/; HttpOnly",
            ids::hex32().to_uppercase()
        ),
        format!(
            "glide_user_route=glide.{}; Max-Age=2147483647; Path=/; HttpOnly",
            ids::hex32()
        ),
    ];
    if let Ok(value) = HeaderValue::from_str(&transaction[..12]) {
        headers.insert("x-transaction-id", value);
    }
    for cookie in cookies {
        if let Ok(value) = HeaderValue::from_str(&cookie) {
            headers.append(header::SET_COOKIE, value);
        }
    }
    response
}

async fn stats_endpoint(State(state): State<SharedState>) -> Response {
    let body = state.counters.snapshot().to_json().to_string();
    let mut resp = Response::new(Body::from(body));
    resp.headers_mut().insert(
        header::CONTENT_TYPE,
        HeaderValue::from_static("application/json"),
    );
    resp
}

async fn not_found() -> Response {
    with_body(
        StatusCode::NOT_FOUND,
        Body::from("Not Found"),
        Some("text/plain;charset=UTF-8"),
    )
}
