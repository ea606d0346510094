//! The Attachment API: `/api/now/attachment[/…]`.

use std::future::poll_fn;
use std::pin::Pin;

use axum::body::{Body, Bytes, HttpBody};
use axum::extract::Request;
use axum::http::{header, HeaderValue, Method, StatusCode};
use axum::response::Response;
use serde_json::{json, Value};
use sha2::{Digest, Sha256};

use super::multipart;
use super::route::AttachmentPath;
use super::ApiRequest;
use crate::query::EncodedQuery;
use crate::response::{reply, ApiError, Format};
use crate::state::{lock, AppState};
use crate::store::attachment::{hex, NewAttachment};
use crate::store::schema::is_valid_table_name;
use crate::store::Record;

/// The list's page size when `sysparm_limit` is absent.
const LIST_LIMIT: i64 = 1000;
/// Multipart framing and form fields allowed on top of the file itself.
const MULTIPART_OVERHEAD: u64 = 64 * 1024;
const NO_FILE_PART: &str =
    "Failed to create the attachment. File part might be missing in the request.";

pub(crate) async fn handle(
    state: &AppState,
    request: ApiRequest,
    path: AttachmentPath,
) -> Result<Response, ApiError> {
    let method = request.method.clone();
    match path {
        AttachmentPath::List if method == Method::GET => list(state, &request),
        AttachmentPath::File if method == Method::POST => upload_raw(state, request).await,
        AttachmentPath::Upload if method == Method::POST => upload_multipart(state, request).await,
        AttachmentPath::One(id) if method == Method::GET => {
            let meta = lock(&state.attachments)
                .find(&id)
                .map(|a| a.meta.clone())
                .ok_or(ApiError::NoRecord)?;
            Ok(reply(
                StatusCode::OK,
                Some(&json!({ "result": meta })),
                request.format,
            ))
        }
        AttachmentPath::One(id) if method == Method::DELETE => {
            if !lock(&state.attachments).delete(&id) {
                return Err(ApiError::NoRecord);
            }
            Ok(reply(StatusCode::NO_CONTENT, None, Format::Json))
        }
        AttachmentPath::Content(id) if method == Method::GET => content(state, &id),
        _ => Err(ApiError::MethodNotAllowed),
    }
}

fn list(state: &AppState, request: &ApiRequest) -> Result<Response, ApiError> {
    let params = &request.params;
    let limit = if params.get("sysparm_limit").is_some() {
        params.limit()
    } else {
        LIST_LIMIT
    };
    let query = EncodedQuery::parse(params.query());
    let store = lock(&state.attachments);
    let rows: Vec<&Record> = store
        .rows()
        .filter(|r| query.matches(|f| r.get(f).cloned()))
        .collect();
    let total = rows.len();
    let page: Vec<&Record> = rows
        .into_iter()
        .skip(usize::try_from(params.offset()).unwrap_or(usize::MAX))
        .take(usize::try_from(limit).unwrap_or(usize::MAX))
        .collect();
    let body = json!({ "result": page });
    drop(store);
    let mut response = reply(StatusCode::OK, Some(&body), request.format);
    response
        .headers_mut()
        .insert("x-total-count", HeaderValue::from(total));
    Ok(response)
}

fn content(state: &AppState, id: &str) -> Result<Response, ApiError> {
    let (meta, bytes) = {
        let store = lock(&state.attachments);
        let found = store.find(id).ok_or(ApiError::NoRecord)?;
        (found.meta.clone(), found.bytes.clone())
    };
    let content_type = HeaderValue::from_str(&meta["content_type"])
        .unwrap_or(HeaderValue::from_static("application/octet-stream"));
    let mut response = Response::new(Body::from(bytes));
    let headers = response.headers_mut();
    headers.insert(header::CONTENT_TYPE, content_type);
    if let Ok(value) = HeaderValue::from_str(&ascii_json(&json!(meta))) {
        headers.insert("x-attachment-metadata", value);
    }
    Ok(response)
}

async fn upload_raw(state: &AppState, request: ApiRequest) -> Result<Response, ApiError> {
    let params = &request.params;
    let checked = (|| {
        let table = params
            .get("table_name")
            .ok_or(ApiError::BadAttachmentRequest(
                "Missing parameter: table_name",
            ))?;
        let sys_id = params
            .get("table_sys_id")
            .ok_or(ApiError::BadAttachmentRequest(
                "Missing parameter: table_sys_id",
            ))?;
        let file_name = params.get("file_name").filter(|f| !f.is_empty()).ok_or(
            ApiError::BadAttachmentRequest("Missing parameter: file_name"),
        )?;
        let content_type = request
            .request
            .headers()
            .get(header::CONTENT_TYPE)
            .and_then(|v| v.to_str().ok())
            .filter(|v| !v.trim().is_empty())
            .ok_or(ApiError::BadAttachmentRequest(
                "Content-Type header is mandatory",
            ))?;
        known_record(state, table, sys_id)?;
        Ok((table, sys_id, file_name, content_type.to_string()))
    })();
    let (table, sys_id, file_name, content_type) = match checked {
        Ok(c) => c,
        Err(e) => {
            drain(request.request, state.config.attachment_max_bytes).await;
            return Err(e);
        }
    };
    let max = state.config.attachment_max_bytes;
    let (bytes, hash) = read_body(request.request, max).await?;
    let new = NewAttachment {
        table_name: table,
        table_sys_id: sys_id,
        file_name,
        content_type: &content_type,
        user: &request.user,
        hash: Some(hash),
    };
    Ok(created(state, new, Bytes::from(bytes), request.format))
}

async fn upload_multipart(state: &AppState, request: ApiRequest) -> Result<Response, ApiError> {
    let boundary = request
        .request
        .headers()
        .get(header::CONTENT_TYPE)
        .and_then(|v| v.to_str().ok())
        .and_then(multipart::boundary);
    let max = state.config.attachment_max_bytes;
    let Some(boundary) = boundary else {
        drain(request.request, max).await;
        return Err(ApiError::BadAttachmentRequest(NO_FILE_PART));
    };
    let (body, _) = read_body(request.request, max.saturating_add(MULTIPART_OVERHEAD)).await?;
    let parts = multipart::parse(&body, &boundary).ok_or(ApiError::BadAttachmentRequest(
        "The multipart body is not well formed",
    ))?;
    // Only fields before the file part count, as on an instance ("file part last").
    let file_at = parts
        .iter()
        .position(|p| p.filename.is_some())
        .ok_or(ApiError::BadAttachmentRequest(NO_FILE_PART))?;
    let field = |name: &str| {
        parts[..file_at]
            .iter()
            .find(|p| p.name == name)
            .and_then(|p| std::str::from_utf8(&body[p.data.clone()]).ok())
            .map(str::to_string)
    };
    let table = field("table_name").ok_or(ApiError::BadAttachmentRequest(
        "Missing parameter: table_name",
    ))?;
    let sys_id = field("table_sys_id").ok_or(ApiError::BadAttachmentRequest(
        "Missing parameter: table_sys_id",
    ))?;
    known_record(state, &table, &sys_id)?;
    let file = &parts[file_at];
    let size = (file.data.end - file.data.start) as u64;
    if size > max {
        return Err(ApiError::AttachmentTooLarge {
            size: size.to_string(),
            max,
        });
    }
    let file_name = file.filename.clone().unwrap_or_default();
    let content_type = file
        .content_type
        .clone()
        .unwrap_or_else(|| "application/octet-stream".to_string());
    let range = file.data.clone();
    let bytes = Bytes::from(body).slice(range);
    let new = NewAttachment {
        table_name: &table,
        table_sys_id: &sys_id,
        file_name: &file_name,
        content_type: &content_type,
        user: &request.user,
        hash: None,
    };
    Ok(created(state, new, bytes, request.format))
}

fn created(state: &AppState, new: NewAttachment<'_>, bytes: Bytes, format: Format) -> Response {
    let meta = lock(&state.attachments).insert(new, bytes, &state.base_url);
    let location = format!("{}/api/now/attachment/{}", state.base_url, meta["sys_id"]);
    let mut response = reply(
        StatusCode::CREATED,
        Some(&json!({ "result": meta })),
        format,
    );
    if let Ok(value) = HeaderValue::from_str(&location) {
        response.headers_mut().insert(header::LOCATION, value);
    }
    response
}

fn known_record(state: &AppState, table: &str, sys_id: &str) -> Result<(), ApiError> {
    let store = lock(&state.store);
    if !is_valid_table_name(table) || !store.has_table(table) {
        return Err(ApiError::InvalidTable(table.to_string()));
    }
    store
        .find(table, sys_id)
        .map(|_| ())
        .ok_or(ApiError::NoRecord)
}

/// The body in one buffer (sized up front from Content-Length, so it never grows by
/// doubling) and its SHA-256, computed as it arrives.
async fn read_body(request: Request, max: u64) -> Result<(Vec<u8>, String), ApiError> {
    let declared = request
        .headers()
        .get(header::CONTENT_LENGTH)
        .and_then(|v| v.to_str().ok())
        .and_then(|v| v.trim().parse::<u64>().ok());
    let capacity = declared.filter(|d| *d <= max).unwrap_or(0);
    let mut buffer = Vec::with_capacity(usize::try_from(capacity).unwrap_or(0));
    let mut hasher = Sha256::new();
    let mut total = 0u64;
    let mut body = request.into_body();
    while let Some(frame) = poll_fn(|cx| Pin::new(&mut body).poll_frame(cx)).await {
        let frame =
            frame.map_err(|_| ApiError::InvalidBody("The request body could not be read"))?;
        let Ok(data) = frame.into_data() else {
            continue;
        };
        total = total.saturating_add(data.len() as u64);
        if total > max {
            // Read on without keeping anything, so the client finishes and sees the answer.
            drain_body(&mut body, max).await;
            let size = declared.map_or_else(|| format!("more than {max}"), |l| l.to_string());
            return Err(ApiError::AttachmentTooLarge { size, max });
        }
        hasher.update(&data);
        buffer.extend_from_slice(&data);
    }
    Ok((buffer, hex(&hasher.finalize())))
}

async fn drain(request: Request, max: u64) {
    drain_body(&mut request.into_body(), max).await;
}

/// Discards the rest of a refused body, up to a bound past which the connection just closes.
async fn drain_body(body: &mut Body, max: u64) {
    let limit = max.saturating_mul(2).saturating_add(16 * 1024 * 1024);
    let mut seen = 0u64;
    while let Some(Ok(frame)) = poll_fn(|cx| Pin::new(&mut *body).poll_frame(cx)).await {
        seen = seen.saturating_add(frame.data_ref().map_or(0, |d| d.len() as u64));
        if seen > limit {
            break;
        }
    }
}

/// JSON with every non-ASCII character escaped, so it fits in a header value.
fn ascii_json(value: &Value) -> String {
    let mut out = String::new();
    for c in value.to_string().chars() {
        if c.is_ascii() {
            out.push(c);
        } else {
            let mut units = [0u16; 2];
            for unit in c.encode_utf16(&mut units) {
                out.push_str(&format!("\\u{unit:04x}"));
            }
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn metadata_header_is_ascii() {
        let text = ascii_json(&json!({"file_name": "café.txt"}));
        assert_eq!(text, r#"{"file_name":"caf\u00e9.txt"}"#);
        let back: Value = serde_json::from_str(&text).unwrap_or_default();
        assert_eq!(back["file_name"], "café.txt");
    }
}
