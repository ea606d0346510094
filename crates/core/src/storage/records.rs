//! A stored request as its own versioned record, not the IPC struct: renaming a field of the
//! Request tab must never lose a saved request or a history row. Rows written before records
//! carried a version (schema 3) have the same fields and no `v`; they read as version 1.

use serde::{Deserialize, Serialize};
use serde_json::Value;

use crate::api::Accept;
use crate::views::{KeyValue, RequestInput, RequestTarget};

/// The record version this build writes.
pub const REQUEST_RECORD: u64 = 1;

#[derive(Serialize, Deserialize)]
struct PairV1 {
    key: String,
    #[serde(default)]
    value: String,
    #[serde(default = "on")]
    enabled: bool,
}

fn on() -> bool {
    true
}

#[derive(Serialize, Deserialize, Default)]
#[serde(rename_all = "snake_case")]
enum TargetV1 {
    Table,
    #[default]
    Path,
}

#[derive(Serialize, Deserialize, Default)]
#[serde(rename_all = "snake_case")]
enum AcceptV1 {
    #[default]
    Json,
    Xml,
}

#[derive(Serialize, Deserialize)]
struct RequestV1 {
    v: u64,
    method: String,
    #[serde(default)]
    target: TargetV1,
    #[serde(default)]
    table: String,
    #[serde(default)]
    sys_id: Option<String>,
    #[serde(default)]
    path: String,
    #[serde(default)]
    params: Vec<PairV1>,
    #[serde(default)]
    headers: Vec<PairV1>,
    #[serde(default)]
    body: Option<String>,
    #[serde(default)]
    accept: AcceptV1,
}

fn pairs_v1(rows: &[KeyValue]) -> Vec<PairV1> {
    rows.iter()
        .map(|r| PairV1 {
            key: r.key.clone(),
            value: r.value.clone(),
            enabled: r.enabled,
        })
        .collect()
}

fn pairs(rows: Vec<PairV1>) -> Vec<KeyValue> {
    rows.into_iter()
        .map(|r| KeyValue {
            key: r.key,
            value: r.value,
            enabled: r.enabled,
        })
        .collect()
}

/// The JSON a request is stored as.
pub fn encode(r: &RequestInput) -> String {
    let record = RequestV1 {
        v: REQUEST_RECORD,
        method: r.method.clone(),
        target: match r.target {
            RequestTarget::Table => TargetV1::Table,
            RequestTarget::Path => TargetV1::Path,
        },
        table: r.table.clone(),
        sys_id: r.sys_id.clone(),
        path: r.path.clone(),
        params: pairs_v1(&r.params),
        headers: pairs_v1(&r.headers),
        body: r.body.clone(),
        accept: match r.accept {
            Accept::Json => AcceptV1::Json,
            Accept::Xml => AcceptV1::Xml,
        },
    };
    serde_json::to_string(&record).unwrap_or_default()
}

/// A stored request back, or why it cannot be read (the caller skips and reports the row).
pub fn decode(json: &str) -> Result<RequestInput, String> {
    let mut value: Value = serde_json::from_str(json).map_err(|e| format!("not JSON ({e})"))?;
    let version = value.get("v").map_or(Some(1), Value::as_u64);
    match version {
        Some(1) => {}
        Some(n) => return Err(format!("record version {n} is from a newer Snowpost")),
        None => return Err("its record version is not a number".into()),
    }
    if let Some(o) = value.as_object_mut() {
        o.entry("v").or_insert(Value::from(1));
    }
    let r: RequestV1 = serde_json::from_value(value).map_err(|e| e.to_string())?;
    Ok(RequestInput {
        method: r.method,
        target: match r.target {
            TargetV1::Table => RequestTarget::Table,
            TargetV1::Path => RequestTarget::Path,
        },
        table: r.table,
        sys_id: r.sys_id,
        path: r.path,
        params: pairs(r.params),
        headers: pairs(r.headers),
        body: r.body,
        accept: match r.accept {
            AcceptV1::Json => Accept::Json,
            AcceptV1::Xml => Accept::Xml,
        },
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn round_trip_and_every_earlier_form() {
        let mut r = RequestInput::empty();
        r.method = "POST".into();
        r.path = "/api/now/table/incident".into();
        r.body = Some("{}".into());
        r.accept = Accept::Xml;
        let back = decode(&encode(&r)).unwrap();
        assert_eq!(encode(&back), encode(&r));
        assert!(encode(&r).starts_with(r#"{"v":1,"#));
        // Schema 3 wrote the IPC struct itself: no version.
        let legacy = r#"{"method":"GET","target":"table","table":"incident","sys_id":null,"path":"","params":[{"key":"sysparm_limit","value":"1","enabled":true}],"headers":[],"body":null,"accept":"json"}"#;
        let old = decode(legacy).unwrap();
        assert_eq!(
            (old.table.as_str(), old.params[0].value.as_str()),
            ("incident", "1")
        );
        assert!(decode(r#"{"v":2,"method":"GET"}"#)
            .unwrap_err()
            .contains("newer"));
        assert!(decode("{\"method\":").is_err());
        assert!(decode(r#"{"target":"table"}"#).is_err(), "no method");
    }
}
