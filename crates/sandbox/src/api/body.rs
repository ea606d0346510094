//! Reading a write's JSON body into field values.

use std::future::poll_fn;
use std::pin::Pin;

use axum::body::HttpBody;
use axum::extract::Request;
use axum::http::header;
use serde_json::Value;

use crate::response::{ApiError, MAX_PAYLOAD};

/// Reading stops here even for a rejected body; past it the connection is simply closed.
const DRAIN_LIMIT: usize = 4 * MAX_PAYLOAD;

/// The body's fields, every value turned into the string the instance would store.
pub(crate) async fn read_fields(request: Request) -> Result<Vec<(String, String)>, ApiError> {
    parse_fields(&read_bytes(request).await?)
}

/// The whole body, refused past `MAX_PAYLOAD` as the instance's REST payload limit.
pub(crate) async fn read_bytes(request: Request) -> Result<Vec<u8>, ApiError> {
    let declared = request
        .headers()
        .get(header::CONTENT_LENGTH)
        .and_then(|v| v.to_str().ok())
        .and_then(|v| v.trim().parse::<u64>().ok());
    let (bytes, total) = read_limited(request).await?;
    if total > MAX_PAYLOAD {
        let size = declared.map_or_else(|| format!("more than {MAX_PAYLOAD}"), |l| l.to_string());
        return Err(ApiError::PayloadTooLarge(size));
    }
    Ok(bytes)
}

/// Keeps at most `MAX_PAYLOAD` bytes but reads on (up to `DRAIN_LIMIT`) past that, so the
/// client has finished sending and reliably sees the 413 instead of a reset.
async fn read_limited(request: Request) -> Result<(Vec<u8>, usize), ApiError> {
    let mut body = request.into_body();
    let mut buffer = Vec::new();
    let mut total = 0usize;
    while let Some(frame) = poll_fn(|cx| Pin::new(&mut body).poll_frame(cx)).await {
        let frame =
            frame.map_err(|_| ApiError::InvalidBody("The request body could not be read"))?;
        if let Ok(data) = frame.into_data() {
            total = total.saturating_add(data.len());
            if total <= MAX_PAYLOAD {
                buffer.extend_from_slice(&data);
            } else if total > DRAIN_LIMIT {
                break;
            }
        }
    }
    Ok((buffer, total))
}

pub(crate) fn parse_fields(bytes: &[u8]) -> Result<Vec<(String, String)>, ApiError> {
    if bytes.iter().all(u8::is_ascii_whitespace) {
        return Ok(Vec::new());
    }
    let value: Value = serde_json::from_slice(bytes)
        .map_err(|_| ApiError::InvalidBody("The payload is not valid JSON."))?;
    let Value::Object(members) = value else {
        return Err(ApiError::InvalidBody("The payload must be a JSON object."));
    };
    Ok(members
        .into_iter()
        .map(|(name, value)| (name, field_string(value)))
        .collect())
}

/// Every field is stored as a string; a reference object sent back as received
/// (`{"link":…,"value":…}`) stores its value.
fn field_string(value: Value) -> String {
    match value {
        Value::String(s) => s,
        Value::Null => String::new(),
        Value::Bool(b) => b.to_string(),
        Value::Number(n) => n.to_string(),
        Value::Object(mut members) if members.contains_key("value") => {
            field_string(members.remove("value").unwrap_or(Value::Null))
        }
        other => other.to_string(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn values_become_strings() {
        let fields =
            parse_fields(br#"{"a":"x","b":2,"c":true,"d":null,"e":{"value":"id","link":"l"}}"#);
        let fields = fields.unwrap_or_default();
        let as_str: Vec<(&str, &str)> = fields
            .iter()
            .map(|(k, v)| (k.as_str(), v.as_str()))
            .collect();
        assert_eq!(
            as_str,
            [
                ("a", "x"),
                ("b", "2"),
                ("c", "true"),
                ("d", ""),
                ("e", "id")
            ]
        );
    }

    #[test]
    fn rejects_non_objects_and_garbage() {
        assert!(parse_fields(b"[1]").is_err());
        assert!(parse_fields(b"{nope").is_err());
        assert_eq!(parse_fields(b"  ").map(|f| f.len()).ok(), Some(0));
    }
}
