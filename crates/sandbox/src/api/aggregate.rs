//! The Aggregate API's count: `GET /api/now/stats/{table}`.

use axum::http::{Method, StatusCode};
use axum::response::Response;
use serde_json::json;

use super::ApiRequest;
use crate::query::EncodedQuery;
use crate::response::{reply, ApiError};
use crate::state::lock;
use crate::state::AppState;
use crate::store::schema::is_valid_table_name;

pub(crate) fn handle(
    state: &AppState,
    request: &ApiRequest,
    table: &str,
) -> Result<Response, ApiError> {
    if request.method != Method::GET {
        return Err(ApiError::MethodNotAllowed);
    }
    let store = lock(&state.store);
    if !is_valid_table_name(table) || !store.has_table(table) {
        return Err(ApiError::InvalidTable(table.to_string()));
    }
    let count = store
        .select(table, &EncodedQuery::parse(request.params.query()))
        .len();
    let body = json!({"result": {"stats": {"count": count.to_string()}}});
    Ok(reply(StatusCode::OK, Some(&body), request.format))
}
