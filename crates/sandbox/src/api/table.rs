//! The Table API: `/api/now[/v1|/v2]/table/{table}[/{sys_id}]`.

use std::sync::Arc;

use axum::http::{header, HeaderMap, HeaderValue, Method, StatusCode};
use axum::response::Response;
use serde_json::{json, Value};

use super::body::read_fields;
use super::route::Version;
use super::ApiRequest;
use crate::link::link_header;
use crate::query::EncodedQuery;
use crate::render::list::ListBody;
use crate::render::record::{render, RenderOptions, RowRenderer};
use crate::response::{reply, with_body, ApiError, Format, Operation};
use crate::response::{JSON_CONTENT_TYPE, XML_CONTENT_TYPE};
use crate::state::{lock, AppState, SharedState};
use crate::store::schema::{is_valid_table_name, PROTECTED_TABLES};
use crate::store::{Record, Store};

pub(crate) async fn handle(
    state: &SharedState,
    request: ApiRequest,
    version: Version,
    table: String,
    sys_id: Option<String>,
) -> Result<Response, ApiError> {
    if !is_valid_table_name(&table) {
        return Err(ApiError::InvalidTable(table));
    }
    let method = request.method.clone();
    if method == Method::GET && state.faults.is_unreadable(&table) {
        return Err(ApiError::ReadDenied);
    }
    match sys_id {
        None if method == Method::GET => list(state, &request, version, &table),
        None if method == Method::POST => create(state, request, &table).await,
        Some(id) if method == Method::GET => show(state, &request, &table, &id),
        Some(id) if method == Method::PUT || method == Method::PATCH => {
            update(state, request, &table, &id).await
        }
        Some(id) if method == Method::DELETE => delete(state, &table, &id),
        _ => Err(ApiError::MethodNotAllowed),
    }
}

fn list(
    state: &SharedState,
    request: &ApiRequest,
    version: Version,
    table: &str,
) -> Result<Response, ApiError> {
    let params = &request.params;
    let (offset, limit) = (params.offset(), params.limit());
    let store = lock(&state.store);
    known_table(&store, table)?;
    let rows = store.select_shared(table, &EncodedQuery::parse(params.query()));
    let total = rows.len();
    let page: Vec<Arc<Record>> = rows
        .into_iter()
        .skip(usize::try_from(offset).unwrap_or(usize::MAX))
        .take(usize::try_from(limit).unwrap_or(usize::MAX))
        .cloned()
        .collect();
    if version == Version::V1 && page.is_empty() {
        return Err(ApiError::NoRecords);
    }
    let renderer = RowRenderer::new(
        &state.base_url,
        table,
        store.columns(table),
        &params.render_options(),
    );
    drop(store);

    let content_type = match request.format {
        Format::Json => JSON_CONTENT_TYPE,
        Format::Xml => XML_CONTENT_TYPE,
    };
    let body = ListBody::new(Arc::clone(state), renderer, page, request.format);
    let mut response = with_body(StatusCode::OK, body.into_body(), Some(content_type));
    let headers = response.headers_mut();
    if !params.flag("sysparm_no_count") {
        headers.insert("x-total-count", HeaderValue::from(total));
    }
    if !params.flag("sysparm_suppress_pagination_header") {
        let link = link_header(
            &state.base_url,
            &request.path,
            request.raw_query.as_deref(),
            offset,
            limit,
            total as u64,
        );
        if let Ok(value) = HeaderValue::from_str(&link) {
            headers.insert(header::LINK, value);
        }
    }
    Ok(response)
}

fn show(
    state: &AppState,
    request: &ApiRequest,
    table: &str,
    sys_id: &str,
) -> Result<Response, ApiError> {
    let store = lock(&state.store);
    known_table(&store, table)?;
    let record = store.find(table, sys_id).ok_or(ApiError::NoRecord)?;
    let body = envelope(
        &store,
        state,
        table,
        record,
        &request.params.render_options(),
    );
    Ok(reply(StatusCode::OK, Some(&body), request.format))
}

async fn create(state: &AppState, request: ApiRequest, table: &str) -> Result<Response, ApiError> {
    if PROTECTED_TABLES.contains(&table) {
        return Err(ApiError::AclDenied(Operation::Insert));
    }
    let suppress = no_response_body(request.request.headers());
    let options = request.params.render_options();
    let fields = read_fields(request.request).await?;
    if state.faults.defer_this_write() {
        return Ok(not_processed());
    }
    let mut store = lock(&state.store);
    let record = store.insert(table, fields, &request.user);
    let body = (!suppress).then(|| envelope(&store, state, table, &record, &options));
    drop(store);
    let mut response = reply(StatusCode::CREATED, body.as_ref(), request.format);
    let location = format!(
        "{}/api/now/table/{table}/{}",
        state.base_url, record["sys_id"]
    );
    if let Ok(value) = HeaderValue::from_str(&location) {
        response.headers_mut().insert(header::LOCATION, value);
    }
    Ok(response)
}

async fn update(
    state: &AppState,
    request: ApiRequest,
    table: &str,
    sys_id: &str,
) -> Result<Response, ApiError> {
    if PROTECTED_TABLES.contains(&table) {
        return Err(ApiError::AclDenied(Operation::Update));
    }
    known_table(&lock(&state.store), table)?;
    let suppress = no_response_body(request.request.headers());
    let options = request.params.render_options();
    let fields = read_fields(request.request).await?;
    let mut store = lock(&state.store);
    let record = store
        .update(table, sys_id, fields, &request.user)
        .ok_or(ApiError::NoRecord)?;
    let body = (!suppress).then(|| envelope(&store, state, table, &record, &options));
    drop(store);
    Ok(reply(StatusCode::OK, body.as_ref(), request.format))
}

fn delete(state: &AppState, table: &str, sys_id: &str) -> Result<Response, ApiError> {
    let mut store = lock(&state.store);
    known_table(&store, table)?;
    if PROTECTED_TABLES.contains(&table) {
        return Err(ApiError::AclDenied(Operation::Delete));
    }
    if !store.delete(table, sys_id) {
        return Err(ApiError::NoRecord);
    }
    Ok(reply(
        StatusCode::NO_CONTENT,
        None,
        crate::response::Format::Json,
    ))
}

/// 202 with no body: the instance queued the transaction and dropped it.
fn not_processed() -> Response {
    let mut response = Response::new(axum::body::Body::empty());
    *response.status_mut() = StatusCode::ACCEPTED;
    response
}

fn known_table(store: &Store, table: &str) -> Result<(), ApiError> {
    if store.has_table(table) {
        Ok(())
    } else {
        Err(ApiError::InvalidTable(table.to_string()))
    }
}

fn envelope(
    store: &Store,
    state: &AppState,
    table: &str,
    record: &Record,
    options: &RenderOptions,
) -> Value {
    let columns = store.columns(table);
    json!({ "result": render(store, &state.base_url, table, columns, record, options) })
}

/// `X-no-response-body: true` asks for a write without the record echoed back.
fn no_response_body(headers: &HeaderMap) -> bool {
    headers
        .get("x-no-response-body")
        .and_then(|v| v.to_str().ok())
        .is_some_and(|v| v.trim().eq_ignore_ascii_case("true"))
}
