//! Scripted REST APIs: a path outside `/api/now` is matched against the active
//! `sys_ws_operation` rows (`{name}` segments are path parameters, a `v1` after the namespace
//! picks a version), and the operation's "script" runs here.

use std::collections::BTreeMap;

use axum::http::StatusCode;
use axum::response::Response;
use serde_json::json;

use super::body::read_fields;
use super::ApiRequest;
use crate::query::EncodedQuery;
use crate::response::{reply, ApiError};
use crate::state::{lock, AppState};

pub(crate) async fn handle(state: &AppState, request: ApiRequest) -> Result<Response, ApiError> {
    let (name, params) = find_operation(state, &request).ok_or(ApiError::InvalidUri)?;
    let format = request.format;
    match name.as_str() {
        "Summary" => Ok(summary(state, &request)),
        "Escalate" => {
            let sys_id = params.get("sys_id").cloned().unwrap_or_default();
            let fields = read_fields(request.request).await?;
            escalate(state, &sys_id, &fields, &request.user, format)
        }
        _ => Err(ApiError::InvalidUri),
    }
}

/// The operation whose method and URI template fit the request, and its path parameters.
fn find_operation(
    state: &AppState,
    request: &ApiRequest,
) -> Option<(String, BTreeMap<String, String>)> {
    let mut path: Vec<&str> = request.path.split('/').filter(|s| !s.is_empty()).collect();
    let versioned = path.get(2).is_some_and(|s| {
        s.strip_prefix('v')
            .is_some_and(|n| !n.is_empty() && n.bytes().all(|b| b.is_ascii_digit()))
    });
    if versioned {
        path.remove(2);
    }
    let store = lock(&state.store);
    let operations = store.select("sys_ws_operation", &EncodedQuery::parse("active=true"));
    operations.into_iter().find_map(|op| {
        let method = op.get("http_method")?;
        if !method.eq_ignore_ascii_case(request.method.as_str()) {
            return None;
        }
        let template: Vec<&str> = op
            .get("operation_uri")?
            .split('/')
            .filter(|s| !s.is_empty())
            .collect();
        if template.len() != path.len() {
            return None;
        }
        let mut params = BTreeMap::new();
        for (t, p) in template.iter().zip(&path) {
            match t.strip_prefix('{').and_then(|t| t.strip_suffix('}')) {
                Some(name) => {
                    params.insert(name.to_string(), (*p).to_string());
                }
                None if t == p => {}
                None => return None,
            }
        }
        Some((op.get("name")?.clone(), params))
    })
}

/// GET …/summary: active incidents, counted by priority.
fn summary(state: &AppState, request: &ApiRequest) -> Response {
    let store = lock(&state.store);
    let active = store.select("incident", &EncodedQuery::parse("active=true"));
    let mut by_priority: BTreeMap<String, usize> = BTreeMap::new();
    for row in &active {
        *by_priority.entry(store.field(row, "priority")).or_default() += 1;
    }
    let by_priority: BTreeMap<String, String> = by_priority
        .into_iter()
        .map(|(k, v)| (k, v.to_string()))
        .collect();
    let body = json!({"result": {"active": active.len().to_string(), "by_priority": by_priority}});
    reply(StatusCode::OK, Some(&body), request.format)
}

/// POST …/{sys_id}/escalate: priority 1 (impact and urgency 1), the reason as a work note.
fn escalate(
    state: &AppState,
    sys_id: &str,
    fields: &[(String, String)],
    user: &str,
    format: crate::response::Format,
) -> Result<Response, ApiError> {
    let reason = fields
        .iter()
        .find(|(k, _)| k == "reason")
        .map(|(_, v)| v.clone())
        .unwrap_or_default();
    let mut changes: Vec<(String, String)> = [("impact", "1"), ("urgency", "1"), ("priority", "1")]
        .iter()
        .map(|(k, v)| (k.to_string(), v.to_string()))
        .collect();
    if !reason.is_empty() {
        changes.push(("work_notes".into(), format!("Escalated: {reason}")));
    }
    let record = lock(&state.store)
        .update("incident", sys_id, changes, user)
        .ok_or(ApiError::NoRecord)?;
    let field = |k: &str| record.get(k).cloned().unwrap_or_default();
    let body = json!({"result": {
        "sys_id": field("sys_id"),
        "number": field("number"),
        "priority": field("priority"),
        "reason": reason,
    }});
    Ok(reply(StatusCode::OK, Some(&body), format))
}
