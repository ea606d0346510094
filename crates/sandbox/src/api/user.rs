//! `GET /api/now/ui/user/current_user`: a cheap "who am I" for a token.

use axum::http::{Method, StatusCode};
use axum::response::Response;
use serde_json::json;

use super::ApiRequest;
use crate::response::{reply, ApiError};
use crate::state::lock;
use crate::state::AppState;

pub(crate) fn handle(state: &AppState, request: &ApiRequest) -> Result<Response, ApiError> {
    if request.method != Method::GET {
        return Err(ApiError::MethodNotAllowed);
    }
    let store = lock(&state.store);
    let user = store.user(&request.user);
    let field = |name: &str| user.and_then(|u| u.get(name)).cloned().unwrap_or_default();
    let display = Some(field("name"))
        .filter(|n| !n.is_empty())
        .unwrap_or_else(|| request.user.clone());
    let body = json!({"result": {
        "user_name": request.user,
        "user_sys_id": field("sys_id"),
        "user_display_name": display,
    }});
    Ok(reply(StatusCode::OK, Some(&body), request.format))
}
