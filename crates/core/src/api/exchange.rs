//! The record of one request and its response: what the viewer, the CLI and history show.

use serde::Serialize;
use serde_json::Value;

use super::pagination::Pagination;
use crate::error::ErrorReport;
use crate::http::{HttpRequest, HttpResponse};

/// The request as it went out, with credentials redacted.
#[derive(Debug, Clone, Serialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS), ts(export))]
pub struct SentRequest {
    pub method: String,
    pub url: String,
    pub headers: Vec<(String, String)>,
    pub body: Option<String>,
}

impl SentRequest {
    pub fn from_http(r: &HttpRequest) -> Self {
        SentRequest {
            method: r.method.to_string(),
            url: r.url.to_string(),
            headers: r
                .headers
                .iter()
                .map(|(k, v)| (k.clone(), crate::redact::header_value(k, v)))
                .collect(),
            body: (!r.body.is_empty()).then(|| String::from_utf8_lossy(&r.body).into_owned()),
        }
    }
}

/// ServiceNow's error envelope `{"error":{"message","detail"},"status":"failure"}`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS), ts(export))]
pub struct ServiceNowError {
    pub message: String,
    pub detail: Option<String>,
}

#[derive(Debug, Clone, Serialize)]
pub struct Exchange {
    pub request: SentRequest,
    pub status: u16,
    pub reason: String,
    pub headers: Vec<(String, String)>,
    /// Kept in Rust; the viewer pages through it.
    #[serde(skip)]
    pub body: Vec<u8>,
    pub content_type: Option<String>,
    pub size: u64,
    pub elapsed_ms: f64,
    /// DNS, connect, TLS, first byte and download of the answer.
    pub timing: crate::http::Timing,
    pub servicenow_error: Option<ServiceNowError>,
    /// What the status most likely means and what to do, when it is not a success.
    pub diagnosis: Option<ErrorReport>,
}

impl Exchange {
    pub fn new(request: SentRequest, resp: HttpResponse) -> Self {
        // Only failures carry the error envelope; don't parse a 50 MB list looking for one.
        let servicenow_error = (resp.status >= 400)
            .then(|| parse_servicenow_error(&resp.body))
            .flatten();
        let diagnosis = diagnose(&resp, servicenow_error.as_ref());
        Exchange {
            request,
            status: resp.status,
            reason: reqwest::StatusCode::from_u16(resp.status)
                .ok()
                .and_then(|s| s.canonical_reason())
                .unwrap_or("")
                .to_string(),
            content_type: resp.content_type().map(str::to_string),
            size: resp.body.len() as u64,
            elapsed_ms: resp.elapsed.as_secs_f64() * 1000.0,
            timing: resp.timing,
            headers: resp.headers,
            body: resp.body,
            servicenow_error,
            diagnosis,
        }
    }

    pub fn is_success(&self) -> bool {
        (200..300).contains(&self.status)
    }

    pub fn header(&self, name: &str) -> Option<&str> {
        self.headers
            .iter()
            .find(|(k, _)| k.eq_ignore_ascii_case(name))
            .map(|(_, v)| v.as_str())
    }

    pub fn body_text(&self) -> std::borrow::Cow<'_, str> {
        String::from_utf8_lossy(&self.body)
    }

    pub fn json(&self) -> Option<Value> {
        serde_json::from_slice(&self.body).ok()
    }

    /// `result` of a Table API envelope.
    pub fn result(&self) -> Option<Value> {
        self.json()
            .and_then(|mut v| v.get_mut("result").map(Value::take))
    }

    pub fn pagination(&self) -> Pagination {
        Pagination::from_headers(self.header("x-total-count"), self.header("link"))
    }

    /// Pretty JSON or indented XML when the body is one of those; the raw text otherwise.
    pub fn pretty_body(&self) -> String {
        if let Some(v) = self.json() {
            return serde_json::to_string_pretty(&v).unwrap_or_default();
        }
        self.body_text().into_owned()
    }
}

fn parse_servicenow_error(body: &[u8]) -> Option<ServiceNowError> {
    let v: Value = serde_json::from_slice(body).ok()?;
    let e = v.get("error")?.as_object()?;
    Some(ServiceNowError {
        message: e.get("message")?.as_str()?.to_string(),
        detail: e.get("detail").and_then(Value::as_str).map(str::to_string),
    })
}

/// Explains what a non-success answer most likely means (servicenow-api.md §2–§5).
pub fn diagnose(resp: &HttpResponse, err: Option<&ServiceNowError>) -> Option<ErrorReport> {
    let msg = err.map(|e| e.message.as_str()).unwrap_or("");
    let report = |kind: &str, message: String, hint: &str| {
        Some(ErrorReport {
            kind: kind.into(),
            message,
            hint: hint.into(),
            causes: Vec::new(),
        })
    };
    if resp.looks_like_html() && (resp.is_hibernation_page() || (200..300).contains(&resp.status)) {
        return if resp.is_hibernation_page() {
            report("instance_hibernating", "The instance answered with its \"hibernating\" page instead of data.".into(),
                "Wake the developer instance at developer.servicenow.com, wait a minute, then send again.")
        } else {
            report(
                "html_instead_of_json",
                format!(
                    "The instance answered with an HTML page{} instead of data.",
                    resp.html_title()
                        .map(|t| format!(" (\"{t}\")"))
                        .unwrap_or_default()
                ),
                "Check the path, and whether the instance is asleep or behind a login page.",
            )
        };
    }
    let json = resp
        .header("content-type")
        .is_some_and(|t| t.to_ascii_lowercase().contains("json"));
    // Cheap on 50 MB: a whole JSON document ends with `}` or `]`.
    let last = resp.body.iter().rev().find(|b| !b.is_ascii_whitespace());
    if json && (200..300).contains(&resp.status) && last.is_some_and(|b| !matches!(b, b'}' | b']'))
    {
        return report(
            "truncated_json",
            format!("The answer stops mid-JSON after {} bytes.", resp.body.len()),
            "The connection or a proxy cut the answer short. Send again; for large lists, ask for fewer records per page.",
        );
    }
    match resp.status {
        200..=201 | 204 => None,
        301..=303 | 307 | 308 => report(
            "redirected_elsewhere",
            format!(
                "The instance redirected to {}.",
                resp.header("location").unwrap_or("another address")
            ),
            "Redirects are followed on the instance itself only, so the token was not sent there. Check the instance URL (a custom domain or a login page).",
        ),
        202 => report("not_processed", "202 Accepted: the instance queued the call and may not process it.".into(),
            "Too many calls were waiting on one session. Send calls one at a time per session, then retry."),
        401 => report("token_rejected", format!("The instance did not accept the credentials ({}).", if msg.is_empty() { "401" } else { msg }),
            "The access token expired, was revoked, or is for another instance. Get a new token and send again."),
        403 if msg.to_lowercase().contains("scope") => report("missing_scope", format!("Forbidden: {msg}."),
            "The token's scope does not cover this API. Add the REST API auth scope to the OAuth application or request a broader scope."),
        403 => report("forbidden", format!("Forbidden{}.", if msg.is_empty() { String::new() } else { format!(": {msg}") }),
            "An ACL or data policy stops this user. Check the integration user's roles, and any mandatory fields named in the detail."),
        404 => report("not_found", "No record found, or an ACL hides it from this user.".into(),
            "Check the table name and sys_id. ServiceNow answers 404 both for a missing record and for one the user may not read."),
        400 if msg.starts_with("Invalid table") => report("invalid_table", format!("{msg}."),
            "Check the table's name (System Definition > Tables); it is the name, not the label, e.g. incident."),
        413 => report("payload_too_large", "The instance rejected the request body as too large.".into(),
            "ServiceNow rejects REST payloads over 10 MB: send less per call."),
        429 => report("rate_limited", format!("Rate limited{}.",
            resp.header("retry-after").map(|s| format!(": retry after {s} s")).unwrap_or_default()),
            "A rate limit rule or the API semaphore queue is full. Wait for Retry-After before sending again."),
        s if s >= 500 => report("server_error", format!("The instance failed with HTTP {s}{}.", if msg.is_empty() { String::new() } else { format!(": {msg}") }),
            "A script, business rule or the instance itself failed. Retry later; if it persists, check the system log."),
        s if s >= 400 => report("client_error", format!("HTTP {s}{}.", if msg.is_empty() { String::new() } else { format!(": {msg}") }),
            "Check the method, path, parameters and body."),
        _ => None,
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::http::Method;
    use std::time::Duration;

    fn resp(status: u16, headers: &[(&str, &str)], body: &str) -> HttpResponse {
        HttpResponse {
            status,
            headers: headers
                .iter()
                .map(|(k, v)| (k.to_string(), v.to_string()))
                .collect(),
            body: body.as_bytes().to_vec(),
            elapsed: Duration::from_millis(12),
            timing: Default::default(),
        }
    }

    fn sent() -> SentRequest {
        SentRequest::from_http(&HttpRequest {
            method: Method::GET,
            url: url::Url::parse("https://dev1.service-now.com/api/now/table/incident").unwrap(),
            headers: vec![("Authorization".into(), "Bearer SECRET-TOKEN".into())],
            body: Vec::new(),
            follow_redirects: true,
        })
    }

    #[test]
    fn request_record_redacts_authorization() {
        let s = sent();
        assert_eq!(s.headers[0].1, "Bearer [redacted]");
        assert!(!serde_json::to_string(&s).unwrap().contains("SECRET-TOKEN"));
    }

    #[test]
    fn a_4xx_is_data_with_a_diagnosis() {
        let x = Exchange::new(
            sent(),
            resp(
                401,
                &[("Content-Type", "application/json")],
                r#"{"error":{"message":"User Not Authenticated","detail":"Required to provide Auth information"},"status":"failure"}"#,
            ),
        );
        assert!(!x.is_success());
        assert_eq!(
            x.servicenow_error.as_ref().unwrap().message,
            "User Not Authenticated"
        );
        assert_eq!(x.diagnosis.as_ref().unwrap().kind, "token_rejected");
        assert_eq!(x.reason, "Unauthorized");
        assert_eq!(x.elapsed_ms, 12.0);
        let x = Exchange::new(
            sent(),
            resp(
                429,
                &[("Retry-After", "7")],
                r#"{"error":{"message":"Rate limit exceeded","detail":"Rate limit of 100 requests per hour for Table API exceeded"},"status":"failure"}"#,
            ),
        );
        assert!(x.diagnosis.unwrap().message.contains("retry after 7 s"));
        let x = Exchange::new(
            sent(),
            resp(
                404,
                &[],
                r#"{"error":{"message":"No Record found","detail":"Record doesn't exist or ACL restricts the record retrieval"},"status":"failure"}"#,
            ),
        );
        assert_eq!(x.diagnosis.unwrap().kind, "not_found");
        let x = Exchange::new(
            sent(),
            resp(
                403,
                &[],
                r#"{"error":{"message":"Missing required api access scope","detail":null},"status":"failure"}"#,
            ),
        );
        assert_eq!(x.diagnosis.unwrap().kind, "missing_scope");
        assert_eq!(x.servicenow_error.unwrap().detail, None);
    }

    #[test]
    fn success_has_no_diagnosis_and_gives_its_result() {
        let x = Exchange::new(
            sent(),
            resp(
                201,
                &[("Content-Type", "application/json;charset=UTF-8")],
                r#"{"result":{"number":"INC0010001"}}"#,
            ),
        );
        assert!(x.is_success() && x.diagnosis.is_none());
        assert_eq!(x.result().unwrap()["number"], "INC0010001");
        assert_eq!(x.size, 34);
        assert!(x.pretty_body().contains("\n"));
    }

    #[test]
    fn html_on_an_api_call_is_explained() {
        let x = Exchange::new(
            sent(),
            resp(
                200,
                &[("Content-Type", "text/html")],
                "<html><title>Instance Hibernating page</title>hibernating</html>",
            ),
        );
        assert_eq!(x.diagnosis.unwrap().kind, "instance_hibernating");
    }
}
