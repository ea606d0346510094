//! The Batch API: `POST /api/now/v1/batch` runs each item through the same handlers as a
//! direct call, authorised as the batch's caller.

use std::time::Instant;

use axum::body::Body;
use axum::extract::Request;
use axum::http::{Method, StatusCode};
use axum::response::Response;
use base64::engine::general_purpose::STANDARD;
use base64::Engine;
use serde_json::{json, Value};

use super::params::Params;
use super::{dispatch, ApiRequest};
use crate::response::{reply, ApiError, Format, MAX_PAYLOAD};
use crate::state::SharedState;

/// Largest body one item may carry in, as a real instance's 5 MB per item.
const MAX_ITEM_BODY: usize = 5 * 1024 * 1024;

/// What a batch may answer with in all (base64 bodies included), as a real instance's 10 MB:
/// once it is reached, the items left go back unserviced.
const MAX_OUTPUT: usize = 10 * 1024 * 1024;

/// One `rest_requests` entry.
struct Item {
    id: String,
    method: String,
    url: String,
    headers: Vec<(String, String)>,
    body: String,
    exclude_response_headers: bool,
}

impl Item {
    fn from_json(v: &Value) -> Result<Item, ApiError> {
        let headers = v
            .get("headers")
            .and_then(Value::as_array)
            .map(|hs| {
                hs.iter()
                    .map(|h| (text_of(h, "name"), text_of(h, "value")))
                    .collect()
            })
            .unwrap_or_default();
        let item = Item {
            id: text_of(v, "id"),
            method: text_of(v, "method"),
            url: text_of(v, "url"),
            headers,
            body: text_of(v, "body"),
            exclude_response_headers: v
                .get("exclude_response_headers")
                .is_some_and(|b| b.as_bool() == Some(true) || b.as_str() == Some("true")),
        };
        if item.method.is_empty() || item.url.is_empty() {
            return Err(ApiError::InvalidBody(
                "Every rest_requests entry needs a method and a url.",
            ));
        }
        Ok(item)
    }
}

fn text_of(v: &Value, name: &str) -> String {
    v.get(name).map(id_string).unwrap_or_default()
}

pub(crate) async fn handle(state: &SharedState, request: ApiRequest) -> Result<Response, ApiError> {
    if request.method != Method::POST {
        return Err(ApiError::MethodNotAllowed);
    }
    let user = request.user.clone();
    let bytes = super::body::read_bytes(request.request).await?;
    let not_a_batch =
        || ApiError::InvalidBody("The batch is not JSON with batch_request_id and rest_requests.");
    let batch: Value = serde_json::from_slice(&bytes).map_err(|_| not_a_batch())?;
    let items = batch
        .get("rest_requests")
        .and_then(Value::as_array)
        .ok_or_else(not_a_batch)?
        .iter()
        .map(Item::from_json)
        .collect::<Result<Vec<_>, _>>()?;
    let budget = state.config.batch_max_items.unwrap_or(usize::MAX);
    let mut serviced = Vec::new();
    let mut unserviced = Vec::new();
    let mut output = 0;
    for (n, item) in items.into_iter().enumerate() {
        if n >= budget || output >= MAX_OUTPUT {
            unserviced.push(Value::String(item.id));
            continue;
        }
        let answer = run_item(state, &user, item).await?;
        output += answer["body"].as_str().map_or(0, str::len);
        serviced.push(answer);
    }
    let body = json!({
        "batch_request_id": text_of(&batch, "batch_request_id"),
        "serviced_requests": serviced,
        "unserviced_requests": unserviced,
    });
    Ok(reply(StatusCode::OK, Some(&body), Format::Json))
}

/// Ids may come as numbers; they go back as strings.
fn id_string(id: &Value) -> String {
    match id {
        Value::String(s) => s.clone(),
        Value::Null => String::new(),
        other => other.to_string(),
    }
}

async fn run_item(state: &SharedState, user: &str, item: Item) -> Result<Value, ApiError> {
    let started = Instant::now();
    let body = match item.body.trim() {
        "" => Vec::new(),
        b64 => STANDARD
            .decode(b64)
            .map_err(|_| ApiError::InvalidBody("A rest_requests body is not base64."))?,
    };
    if body.len() > MAX_ITEM_BODY {
        return Err(ApiError::PayloadTooLarge(body.len().to_string()));
    }
    let method = Method::from_bytes(item.method.trim().to_ascii_uppercase().as_bytes())
        .map_err(|_| ApiError::InvalidBody("A rest_requests method is not an HTTP method."))?;
    let mut builder = Request::builder()
        .method(method.clone())
        .uri(item.url.trim());
    for (name, value) in &item.headers {
        builder = builder.header(name.as_str(), value.as_str());
    }
    let sub = builder
        .body(Body::from(body))
        .map_err(|_| ApiError::InvalidBody("A rest_requests url or header is not valid."))?;
    let format = Format::from_headers(sub.headers());
    let path = sub.uri().path().to_string();
    let response = if path.trim_end_matches('/').ends_with("/batch") {
        // A batch inside a batch is not serviced, as on an instance.
        ApiError::InvalidUri.into_response(format)
    } else {
        let query = sub.uri().query().map(str::to_string);
        let api_request = ApiRequest {
            method,
            params: Params::parse(query.as_deref()),
            raw_query: query,
            path,
            request: sub,
            user: user.to_string(),
            format,
        };
        Box::pin(dispatch(state, api_request))
            .await
            .unwrap_or_else(|e| e.into_response(format))
    };
    let status = response.status();
    let headers: Vec<Value> = if item.exclude_response_headers {
        Vec::new()
    } else {
        response
            .headers()
            .iter()
            .filter_map(|(k, v)| Some(json!({"name": k.as_str(), "value": v.to_str().ok()?})))
            .collect()
    };
    let bytes = axum::body::to_bytes(response.into_body(), MAX_PAYLOAD)
        .await
        .map_err(|_| ApiError::PayloadTooLarge(format!("more than {MAX_PAYLOAD}")))?;
    Ok(json!({
        "id": item.id,
        "status_code": status.as_u16(),
        "status_text": status.canonical_reason().unwrap_or(""),
        "headers": headers,
        "body": STANDARD.encode(&bytes),
        "execution_time": started.elapsed().as_millis() as u64,
    }))
}
