//! The page a sleeping developer instance answers every request with.

use axum::body::Body;
use axum::http::StatusCode;
use axum::response::Response;

use crate::response::with_body;

const PAGE: &str = "<!DOCTYPE html>\n<html lang=\"en\"><head><meta charset=\"utf-8\">\
<title>Instance Hibernating page</title></head><body>\
<h1>Your instance is hibernating</h1>\
<p>This developer instance went to sleep after a period of inactivity. \
Sign in to the developer portal and wake it up to continue.</p>\
</body></html>\n";

/// 200 and HTML, not an error: clients must recognise it by its content.
pub(crate) fn page() -> Response {
    with_body(
        StatusCode::OK,
        Body::from(PAGE),
        Some("text/html;charset=UTF-8"),
    )
}
