//! Token endpoint responses in each flavor.

use axum::body::Body;
use axum::http::{header, HeaderValue, StatusCode};
use axum::response::Response;
use serde_json::{Map, Value};

use super::tokens::Issued;
use crate::config::Flavor;
use crate::response::{with_body, JSON_CONTENT_TYPE};

/// Why a token request failed; only the RFC 6749 flavor tells the client.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) enum TokenError {
    InvalidRequest(&'static str),
    InvalidClient,
    InvalidGrant(&'static str),
    UnsupportedGrantType(&'static str),
}

impl TokenError {
    fn code(&self) -> &'static str {
        match self {
            TokenError::InvalidRequest(_) => "invalid_request",
            TokenError::InvalidClient => "invalid_client",
            TokenError::InvalidGrant(_) => "invalid_grant",
            TokenError::UnsupportedGrantType(_) => "unsupported_grant_type",
        }
    }

    fn description(&self) -> &'static str {
        match self {
            TokenError::InvalidClient => "Client authentication failed",
            TokenError::InvalidRequest(why)
            | TokenError::InvalidGrant(why)
            | TokenError::UnsupportedGrantType(why) => why,
        }
    }
}

/// A successful grant. `expires_in` is a number for ServiceNow and a string for the RFC
/// flavor, as several real OAuth servers send it.
pub(crate) fn success(flavor: Flavor, issued: &Issued, expires_in: u64) -> Response {
    let mut body = Map::new();
    body.insert(
        "access_token".into(),
        Value::String(issued.access_token.clone()),
    );
    match flavor {
        Flavor::ServiceNow => {
            if let Some(refresh) = &issued.refresh_token {
                body.insert("refresh_token".into(), Value::String(refresh.clone()));
            }
            body.insert("scope".into(), Value::String(issued.scope.clone()));
            body.insert("token_type".into(), Value::String("Bearer".into()));
            body.insert("expires_in".into(), Value::from(expires_in));
            json_response(StatusCode::OK, Value::Object(body))
        }
        Flavor::Rfc6749 => {
            body.insert("token_type".into(), Value::String("bearer".into()));
            body.insert("expires_in".into(), Value::String(expires_in.to_string()));
            if let Some(refresh) = &issued.refresh_token {
                body.insert("refresh_token".into(), Value::String(refresh.clone()));
            }
            body.insert("scope".into(), Value::String(issued.scope.clone()));
            no_store(json_response(StatusCode::OK, Value::Object(body)))
        }
    }
}

/// A failed grant: ServiceNow says the same thing for every cause.
pub(crate) fn failure(flavor: Flavor, error: &TokenError) -> Response {
    match flavor {
        Flavor::ServiceNow => {
            let mut body = Map::new();
            body.insert(
                "error_description".into(),
                Value::String("access_denied".into()),
            );
            body.insert("error".into(), Value::String("server_error".into()));
            json_response(StatusCode::UNAUTHORIZED, Value::Object(body))
        }
        Flavor::Rfc6749 => {
            let mut body = Map::new();
            body.insert("error".into(), Value::String(error.code().into()));
            body.insert(
                "error_description".into(),
                Value::String(error.description().into()),
            );
            let status = if *error == TokenError::InvalidClient {
                StatusCode::UNAUTHORIZED
            } else {
                StatusCode::BAD_REQUEST
            };
            let mut response = no_store(json_response(status, Value::Object(body)));
            if *error == TokenError::InvalidClient {
                response.headers_mut().insert(
                    header::WWW_AUTHENTICATE,
                    HeaderValue::from_static("Basic realm=\"oauth\""),
                );
            }
            response
        }
    }
}

fn json_response(status: StatusCode, body: Value) -> Response {
    with_body(
        status,
        Body::from(body.to_string()),
        Some(JSON_CONTENT_TYPE),
    )
}

fn no_store(mut response: Response) -> Response {
    let headers = response.headers_mut();
    headers.insert(header::CACHE_CONTROL, HeaderValue::from_static("no-store"));
    headers.insert(header::PRAGMA, HeaderValue::from_static("no-cache"));
    response
}
