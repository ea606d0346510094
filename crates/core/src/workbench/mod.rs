//! The request workbench: pure helpers around a request that the app and the CLI share —
//! an encoded-query builder, code snippets, curl import, and Postman collection export/import.
//! Nothing here touches the network, the keychain or storage, and no secret value goes in or
//! comes out: credentials only ever appear as environment-variable or `{{variable}}` references.

mod credentials;
mod curl_import;
mod encoded_query;
mod postman;
mod run_report;
mod snippets;

pub use credentials::{scrub, Scrubbed, SECRET_VARIABLES};
pub use curl_import::{import_curl, parse_curl, CurlImport, ParsedCurl};
pub use encoded_query::{EncodedQuery, Join, Operator, QueryCondition, QueryOrder};
pub use postman::{
    export_collection, export_environment, import_collection, import_collection_with,
    import_environment, CollectionImport, PostmanEnvironment, SavedRequest, POSTMAN_SCHEMA,
};
pub use run_report::{junit_xml, summary_table, RunResult};
pub use snippets::{
    snippet, token_snippet, SnippetLanguage, ACCESS_TOKEN_ENV, CLIENT_SECRET_ENV, PASSWORD_ENV,
    REFRESH_TOKEN_ENV, USERNAME_ENV,
};

use url::Url;

use crate::api::Accept;
use crate::instance::Instance;
use crate::views::{is_secret_name, KeyValue, RequestInput, RequestTarget};

/// Whether a header carries a credential and so must never be copied into a snippet, an
/// import or an export (the same rule as the history's redaction).
fn is_secret_header(name: &str) -> bool {
    is_secret_name(name.trim())
}

/// The name in a value written as `{{name}}` only: a reference, not a value.
fn whole_variable(s: &str) -> Option<&str> {
    let inner = s.trim().strip_prefix("{{")?.strip_suffix("}}")?;
    (!inner.contains('{') && !inner.contains('}')).then_some(inner.trim())
}

/// Whether `url` is on the instance: same host and port. The scheme is not compared because
/// the request is sent with the instance's own scheme anyway (a pasted `http://` URL is upgraded).
fn on_instance(instance: &Instance, url: &Url) -> bool {
    let origin = instance.url("/");
    let same_host = url
        .host_str()
        .is_some_and(|h| h.eq_ignore_ascii_case(instance.host()));
    let same_port = url.port() == origin.port() || instance.owns(url);
    same_host && same_port
}

/// `/api/now/table/{table}[/{sys_id}]` as the Table target's fields; anything else (including
/// the versioned `/api/now/v2/table/…`, whose answers differ) stays a Path.
fn table_target(path: &str) -> Option<(String, Option<String>)> {
    let rest = path.strip_prefix("/api/now/table/")?;
    let mut segs = rest.split('/');
    let table = segs.next().filter(|t| is_name(t))?;
    let sys_id = match segs.next() {
        None | Some("") => None,
        Some(id) if is_name(id) => Some(id.to_string()),
        Some(_) => return None,
    };
    if segs.next().is_some_and(|s| !s.is_empty()) {
        return None;
    }
    Some((table.to_string(), sys_id))
}

fn is_name(s: &str) -> bool {
    !s.is_empty()
        && s.chars()
            .all(|c| c.is_ascii_alphanumeric() || c == '_' || c == '-')
}

/// The `Accept` field for a header value, when it is one the app can express.
fn accept_of(value: &str) -> Option<Accept> {
    let first = value.split([',', ';']).next().unwrap_or("").trim();
    match first.to_ascii_lowercase().as_str() {
        "application/json" | "*/*" => Some(Accept::Json),
        "application/xml" | "text/xml" => Some(Accept::Xml),
        _ => None,
    }
}

/// The Content-Type the app itself sends for a body (see `ApiRequest::to_http`).
fn inferred_content_type(body: &str) -> &'static str {
    if body.trim_start().starts_with('<') {
        "application/xml"
    } else {
        "application/json"
    }
}

/// Header rows for the Request tab: an `Accept` the app can express becomes the `accept` field,
/// a `Content-Type` equal to the one the app infers from the body is left to the app, and
/// `Host`/`Content-Length` (computed by the HTTP stack) are dropped.
fn header_rows<'a>(
    headers: impl IntoIterator<Item = (&'a str, &'a str, bool)>,
    body: Option<&str>,
) -> (Vec<KeyValue>, Accept) {
    let mut accept = None;
    let mut rows = Vec::new();
    for (name, value, enabled) in headers {
        match name.trim().to_ascii_lowercase().as_str() {
            "host" | "content-length" => continue,
            "accept" if enabled && accept.is_none() => {
                if let Some(a) = accept_of(value) {
                    accept = Some(a);
                    continue;
                }
            }
            "content-type" if enabled => {
                let media = value.split(';').next().unwrap_or("").trim();
                if body.is_some_and(|b| media.eq_ignore_ascii_case(inferred_content_type(b))) {
                    continue;
                }
            }
            _ => {}
        }
        rows.push(KeyValue {
            key: name.trim().to_string(),
            value: value.to_string(),
            enabled,
        });
    }
    (rows, accept.unwrap_or_default())
}

/// A request on a path of the instance, as the Table target when that sends the same thing
/// (a valid table name and sys_id, a JSON object body for writes), else as a Path.
fn request_input(
    method: &str,
    path: &str,
    params: Vec<KeyValue>,
    headers: Vec<KeyValue>,
    body: Option<String>,
    accept: Accept,
) -> RequestInput {
    let input = RequestInput {
        method: method.trim().to_ascii_uppercase(),
        target: RequestTarget::Path,
        table: String::new(),
        sys_id: None,
        path: path.to_string(),
        params,
        headers,
        body,
        accept,
    };
    if let Some((table, sys_id)) = table_target(path) {
        let as_table = RequestInput {
            target: RequestTarget::Table,
            table,
            sys_id,
            ..input.clone()
        };
        if as_table.to_api().is_ok() {
            return as_table;
        }
    }
    input
}
