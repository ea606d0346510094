//! The Batch API (`POST /api/now/v1/batch`): several calls in one round trip. A pure builder
//! from `ApiRequest`s and a parser of the answer into one `Exchange` per sub-request.

use std::time::Duration;

use base64::engine::general_purpose::STANDARD;
use base64::Engine;
use serde::Serialize;
use serde_json::{json, Value};

use super::exchange::{Exchange, SentRequest};
use super::request::ApiRequest;
use crate::error::{Error, Result};
use crate::http::{HttpResponse, Method, Timing};
use crate::instance::Instance;

pub const BATCH_PATH: &str = "/api/now/v1/batch";

/// Sub-requests with the ids they go out under (ids must be unique within a batch).
#[derive(Debug, Clone)]
pub struct BatchRequest {
    pub batch_request_id: String,
    pub items: Vec<(String, ApiRequest)>,
}

impl BatchRequest {
    /// Ids "1", "2", … in the order given.
    pub fn new(requests: Vec<ApiRequest>) -> Self {
        BatchRequest {
            batch_request_id: "1".into(),
            items: requests
                .into_iter()
                .enumerate()
                .map(|(n, r)| ((n + 1).to_string(), r))
                .collect(),
        }
    }

    /// The POST that carries them: relative URLs, headers as name/value pairs, base64 bodies.
    /// The batch's own Authorization authorises every item, so none carries one.
    pub fn to_api(&self, instance: &Instance) -> Result<ApiRequest> {
        if self.items.is_empty() {
            return Err(Error::input(
                "batch",
                "has no requests (pick at least one saved request)",
            ));
        }
        let mut rest_requests = Vec::with_capacity(self.items.len());
        for (id, req) in &self.items {
            let http = req.to_http(instance, "")?;
            let url = match http.url.query() {
                Some(q) => format!("{}?{q}", http.url.path()),
                None => http.url.path().to_string(),
            };
            let headers: Vec<Value> = http
                .headers
                .iter()
                .filter(|(k, _)| !k.eq_ignore_ascii_case("authorization"))
                .map(|(k, v)| json!({"name": k, "value": v}))
                .collect();
            rest_requests.push(json!({
                "id": id,
                "method": http.method.as_str(),
                "url": url,
                "headers": headers,
                "body": STANDARD.encode(&http.body),
                "exclude_response_headers": false,
            }));
        }
        let body = json!({
            "batch_request_id": self.batch_request_id,
            "rest_requests": rest_requests,
        });
        let mut api = ApiRequest::new(Method::POST, BATCH_PATH);
        api.body = Some(body.to_string());
        Ok(api)
    }

    /// The items whose ids are listed, in batch order (to send the unserviced ones again).
    pub fn only(&self, ids: &[String]) -> BatchRequest {
        BatchRequest {
            batch_request_id: format!("{}-retry", self.batch_request_id),
            items: self
                .items
                .iter()
                .filter(|(id, _)| ids.contains(id))
                .cloned()
                .collect(),
        }
    }
}

/// One serviced sub-request, as if it had been sent alone.
#[derive(Debug, Clone, Serialize)]
pub struct BatchExchange {
    pub id: String,
    pub exchange: Exchange,
}

/// What came back: serviced items in order, and the ids the instance had no time for.
#[derive(Debug, Clone, Default)]
pub struct BatchAnswer {
    pub batch_request_id: String,
    pub serviced: Vec<BatchExchange>,
    pub unserviced: Vec<String>,
}

/// Parses a batch answer; `None` when the body is not one (an error envelope, HTML …).
pub fn parse_batch(batch: &BatchRequest, instance: &Instance, body: &[u8]) -> Option<BatchAnswer> {
    let v: Value = serde_json::from_slice(body).ok()?;
    let serviced = v.get("serviced_requests")?.as_array()?;
    let mut answer = BatchAnswer {
        batch_request_id: text(v.get("batch_request_id")),
        ..BatchAnswer::default()
    };
    for item in serviced {
        let id = text(item.get("id"));
        let sent = batch
            .items
            .iter()
            .find(|(i, _)| *i == id)
            .and_then(|(_, r)| r.to_http(instance, "").ok())
            .map(|mut h| {
                h.headers
                    .retain(|(k, _)| !k.eq_ignore_ascii_case("authorization"));
                SentRequest::from_http(&h)
            })
            .unwrap_or_else(|| SentRequest {
                method: String::new(),
                url: String::new(),
                headers: Vec::new(),
                body: None,
            });
        answer.serviced.push(BatchExchange {
            id,
            exchange: Exchange::new(sent, sub_response(item)),
        });
    }
    answer.unserviced = v
        .get("unserviced_requests")
        .and_then(Value::as_array)
        .map(|list| list.iter().map(|u| text(u.get("id").or(Some(u)))).collect())
        .unwrap_or_default();
    Some(answer)
}

fn sub_response(item: &Value) -> HttpResponse {
    let status = item
        .get("status_code")
        .and_then(|s| s.as_u64().or_else(|| s.as_str()?.parse().ok()))
        .and_then(|s| u16::try_from(s).ok())
        .unwrap_or(0);
    let headers = item
        .get("headers")
        .and_then(Value::as_array)
        .map(|hs| {
            hs.iter()
                .map(|h| (text(h.get("name")), text(h.get("value"))))
                .collect()
        })
        .unwrap_or_default();
    let body = STANDARD
        .decode(text(item.get("body")).trim())
        .unwrap_or_default();
    let ms = item
        .get("execution_time")
        .and_then(|t| t.as_f64().or_else(|| t.as_str()?.parse().ok()))
        .unwrap_or(0.0)
        .max(0.0);
    HttpResponse {
        status,
        headers,
        body,
        elapsed: Duration::from_secs_f64(ms / 1000.0),
        timing: Timing {
            total_ms: ms,
            ..Timing::default()
        },
    }
}

/// Ids and names may come as numbers; they are strings here.
pub(super) fn text(v: Option<&Value>) -> String {
    match v {
        Some(Value::String(s)) => s.clone(),
        None | Some(Value::Null) => String::new(),
        Some(other) => other.to_string(),
    }
}

#[cfg(test)]
#[path = "batch_tests.rs"]
mod tests;
