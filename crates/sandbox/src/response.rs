//! Table API responses: the JSON or XML envelope, and the failure envelope of every error.

use axum::body::Body;
use axum::http::{header, HeaderMap, HeaderValue, StatusCode};
use axum::response::Response;
use serde_json::{json, Value};

use crate::render::xml::to_xml;

pub(crate) const JSON_CONTENT_TYPE: &str = "application/json;charset=UTF-8";
pub(crate) const XML_CONTENT_TYPE: &str = "application/xml;charset=UTF-8";

/// Largest request body the Table API reads, as a real instance's REST payload limit.
pub(crate) const MAX_PAYLOAD: usize = 10 * 1024 * 1024;

/// The representation a client asked for with `Accept`.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Format {
    Json,
    Xml,
}

impl Format {
    /// XML when `Accept` names an XML type before (or without) JSON.
    pub fn from_headers(headers: &HeaderMap) -> Format {
        let accept = headers
            .get_all(header::ACCEPT)
            .iter()
            .filter_map(|v| v.to_str().ok())
            .flat_map(|v| v.split(','))
            .map(|t| {
                t.split(';')
                    .next()
                    .unwrap_or("")
                    .trim()
                    .to_ascii_lowercase()
            });
        for media in accept {
            match media.as_str() {
                "application/xml" | "text/xml" => return Format::Xml,
                "application/json" => return Format::Json,
                _ => {}
            }
        }
        Format::Json
    }
}

/// The write in an ACL refusal.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Operation {
    Insert,
    Update,
    Delete,
}

/// Every failure the Table API reports, with the message a real instance uses.
#[derive(Debug, thiserror::Error)]
pub(crate) enum ApiError {
    #[error("User Not Authenticated")]
    NotAuthenticated,
    #[error("No Record found")]
    NoRecord,
    /// A v1 list that came back empty.
    #[error("No Record found")]
    NoRecords,
    #[error("Invalid table {0}")]
    InvalidTable(String),
    #[error("Requested URI does not represent any resource")]
    InvalidUri,
    #[error("Method not Supported")]
    MethodNotAllowed,
    #[error("Operation Failed")]
    AclDenied(Operation),
    #[error("Insufficient rights to query records")]
    ReadDenied,
    #[error("Exception while reading request")]
    InvalidBody(&'static str),
    #[error("Rejected large REST payload with content-length = {0} bytes. Max allowed: {MAX_PAYLOAD} bytes")]
    PayloadTooLarge(String),
    #[error("Rate limit exceeded")]
    RateLimited(String),
    /// Past `com.glide.attachment.max_size`: the instance documents no shape of its own for
    /// this, so it is answered as its nearest documented limit, the REST payload one.
    #[error(
        "Rejected large REST payload with content-length = {size} bytes. Max allowed: {max} bytes"
    )]
    AttachmentTooLarge { size: String, max: u64 },
    /// An attachment request missing a parameter, its Content-Type or its file part.
    #[error("{0}")]
    BadAttachmentRequest(&'static str),
}

impl ApiError {
    pub fn status(&self) -> StatusCode {
        match self {
            ApiError::NotAuthenticated => StatusCode::UNAUTHORIZED,
            ApiError::NoRecord | ApiError::NoRecords => StatusCode::NOT_FOUND,
            ApiError::InvalidTable(_)
            | ApiError::InvalidUri
            | ApiError::InvalidBody(_)
            | ApiError::BadAttachmentRequest(_) => StatusCode::BAD_REQUEST,
            ApiError::MethodNotAllowed => StatusCode::METHOD_NOT_ALLOWED,
            ApiError::AclDenied(_) | ApiError::ReadDenied => StatusCode::FORBIDDEN,
            ApiError::PayloadTooLarge(_) | ApiError::AttachmentTooLarge { .. } => {
                StatusCode::PAYLOAD_TOO_LARGE
            }
            ApiError::RateLimited(_) => StatusCode::TOO_MANY_REQUESTS,
        }
    }

    fn detail(&self) -> Value {
        let text = match self {
            ApiError::NotAuthenticated => "Required to provide Auth information",
            ApiError::NoRecord => "Record doesn't exist or ACL restricts the record retrieval",
            ApiError::NoRecords => {
                "Records matching query not found. Check query parameter or offset parameter"
            }
            ApiError::MethodNotAllowed => "Method not supported by the requested resource",
            ApiError::AclDenied(Operation::Insert) => {
                "ACL Exception Insert Failed due to security constraints"
            }
            ApiError::AclDenied(Operation::Update) => {
                "ACL Exception Update Failed due to security constraints"
            }
            ApiError::AclDenied(Operation::Delete) => {
                "ACL Exception Delete Failed due to security constraints"
            }
            ApiError::ReadDenied => "Fields present in the query do not have permission to be read",
            ApiError::InvalidBody(why) => why,
            ApiError::RateLimited(detail) => detail,
            ApiError::InvalidTable(_)
            | ApiError::InvalidUri
            | ApiError::PayloadTooLarge(_)
            | ApiError::AttachmentTooLarge { .. }
            | ApiError::BadAttachmentRequest(_) => return Value::Null,
        };
        Value::String(text.to_string())
    }

    /// `{"error":{"message":…,"detail":…},"status":"failure"}`
    pub fn envelope(&self) -> Value {
        json!({"error": {"message": self.to_string(), "detail": self.detail()}, "status": "failure"})
    }

    pub fn into_response(self, format: Format) -> Response {
        let mut response = reply(self.status(), Some(&self.envelope()), format);
        if matches!(self, ApiError::NotAuthenticated) {
            response.headers_mut().insert(
                header::WWW_AUTHENTICATE,
                HeaderValue::from_static("BASIC realm=\"Service-now\""),
            );
        }
        response
    }
}

/// A response carrying `body` in the requested format, or no body at all.
pub(crate) fn reply(status: StatusCode, body: Option<&Value>, format: Format) -> Response {
    let Some(body) = body else {
        return with_body(status, Body::empty(), None);
    };
    match format {
        Format::Json => with_body(
            status,
            Body::from(body.to_string()),
            Some(JSON_CONTENT_TYPE),
        ),
        Format::Xml => with_body(status, Body::from(to_xml(body)), Some(XML_CONTENT_TYPE)),
    }
}

pub(crate) fn with_body(
    status: StatusCode,
    body: Body,
    content_type: Option<&'static str>,
) -> Response {
    let mut response = Response::new(body);
    *response.status_mut() = status;
    if let Some(ct) = content_type {
        response
            .headers_mut()
            .insert(header::CONTENT_TYPE, HeaderValue::from_static(ct));
    }
    response
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn exact_envelopes() {
        assert_eq!(
            ApiError::NotAuthenticated.envelope().to_string(),
            r#"{"error":{"message":"User Not Authenticated","detail":"Required to provide Auth information"},"status":"failure"}"#
        );
        assert_eq!(
            ApiError::NoRecord.envelope().to_string(),
            r#"{"error":{"message":"No Record found","detail":"Record doesn't exist or ACL restricts the record retrieval"},"status":"failure"}"#
        );
        assert_eq!(
            ApiError::InvalidTable("x".into()).envelope().to_string(),
            r#"{"error":{"message":"Invalid table x","detail":null},"status":"failure"}"#
        );
    }

    #[test]
    fn accept_negotiation() {
        let mut h = HeaderMap::new();
        assert_eq!(Format::from_headers(&h), Format::Json);
        h.insert(
            header::ACCEPT,
            HeaderValue::from_static("text/xml;q=0.9, */*"),
        );
        assert_eq!(Format::from_headers(&h), Format::Xml);
        h.insert(
            header::ACCEPT,
            HeaderValue::from_static("application/json, application/xml"),
        );
        assert_eq!(Format::from_headers(&h), Format::Json);
    }
}
