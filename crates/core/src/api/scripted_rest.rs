//! The instance's own Scripted REST APIs, listed as REST API Explorer shows them (namespace,
//! API, version, operations) from `sys_ws_definition`, `sys_ws_version` and
//! `sys_ws_operation`, and a request built from one operation with its path parameters.

use serde::{Deserialize, Serialize};
use serde_json::Value;

use super::request::{ApiRequest, TableRequest};
use crate::error::{Error, Result};
use crate::http::Method;

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS), ts(export))]
pub struct ScriptedOperation {
    pub sys_id: String,
    pub name: String,
    pub http_method: String,
    pub relative_path: String,
    pub operation_uri: String,
    /// The `{name}` segments of the URI, in order.
    pub path_params: Vec<String>,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS), ts(export))]
pub struct ScriptedApi {
    pub sys_id: String,
    pub name: String,
    pub namespace: String,
    /// The API ID (`service_id`) that names it in URIs.
    pub api_id: String,
    pub base_uri: String,
    /// Versions, the default first (empty for an unversioned API).
    pub versions: Vec<String>,
    pub operations: Vec<ScriptedOperation>,
}

pub fn definitions_request() -> TableRequest {
    TableRequest::list("sys_ws_definition")
        .param("sysparm_query", "active=true^ORDERBYnamespace^ORDERBYname")
        .param(
            "sysparm_fields",
            "sys_id,name,service_id,namespace,base_uri",
        )
}

pub fn operations_request() -> TableRequest {
    TableRequest::list("sys_ws_operation")
        .param("sysparm_query", "active=true^ORDERBYname")
        .param(
            "sysparm_fields",
            "sys_id,name,http_method,relative_path,operation_uri,web_service_definition",
        )
}

pub fn versions_request() -> TableRequest {
    TableRequest::list("sys_ws_version")
        .param("sysparm_query", "active=true^ORDERBYversion")
        .param(
            "sysparm_fields",
            "web_service_definition,version,is_default",
        )
}

/// Joins the three tables' rows; an API whose text contains `search` (any case) is kept,
/// with all its operations.
pub fn parse_apis(
    defs: &[Value],
    ops: &[Value],
    versions: &[Value],
    search: &str,
) -> Vec<ScriptedApi> {
    let needle = search.trim().to_lowercase();
    defs.iter()
        .map(|d| {
            let sys_id = field(d, "sys_id");
            let mut vs: Vec<(bool, String)> = versions
                .iter()
                .filter(|v| field(v, "web_service_definition") == sys_id)
                .map(|v| (field(v, "is_default") != "true", field(v, "version")))
                .collect();
            vs.sort();
            let operations = ops
                .iter()
                .filter(|o| field(o, "web_service_definition") == sys_id)
                .map(|o| {
                    let uri = field(o, "operation_uri");
                    ScriptedOperation {
                        sys_id: field(o, "sys_id"),
                        name: field(o, "name"),
                        http_method: field(o, "http_method").to_ascii_uppercase(),
                        relative_path: field(o, "relative_path"),
                        path_params: path_params(&uri),
                        operation_uri: uri,
                    }
                })
                .collect();
            ScriptedApi {
                name: field(d, "name"),
                namespace: field(d, "namespace"),
                api_id: field(d, "service_id"),
                base_uri: field(d, "base_uri"),
                versions: vs.into_iter().map(|(_, v)| v).collect(),
                operations,
                sys_id,
            }
        })
        .filter(|a| {
            needle.is_empty()
                || [&a.name, &a.namespace, &a.api_id, &a.base_uri]
                    .iter()
                    .any(|t| t.to_lowercase().contains(&needle))
                || a.operations.iter().any(|o| {
                    o.name.to_lowercase().contains(&needle)
                        || o.operation_uri.to_lowercase().contains(&needle)
                })
        })
        .collect()
}

/// `{sys_id}` in `/api/x/y/{sys_id}/escalate`.
pub fn path_params(uri: &str) -> Vec<String> {
    uri.split('/')
        .filter_map(|s| s.strip_prefix('{')?.strip_suffix('}'))
        .map(str::to_string)
        .collect()
}

impl ScriptedOperation {
    /// The call, with every `{name}` filled from `values` (percent-encoded); a missing or
    /// unknown parameter is refused before anything is sent.
    pub fn request(&self, values: &[(String, String)], body: Option<String>) -> Result<ApiRequest> {
        for (k, _) in values {
            if !self.path_params.contains(k) {
                return Err(Error::input(
                    "path-param",
                    format!(
                        "\"{}\" has no path parameter \"{k}\" (it takes: {})",
                        self.name,
                        self.path_params.join(", ")
                    ),
                ));
            }
        }
        let mut path = String::new();
        for segment in self.operation_uri.split('/').filter(|s| !s.is_empty()) {
            let value = match segment.strip_prefix('{').and_then(|s| s.strip_suffix('}')) {
                None => segment.to_string(),
                Some(name) => {
                    let v = values
                        .iter()
                        .find(|(k, _)| k == name)
                        .map(|(_, v)| v.trim());
                    match v {
                        Some(v) if !v.is_empty() => {
                            // A literal '+' comes out as %2B, so every '+' left is a space.
                            url::form_urlencoded::byte_serialize(v.as_bytes())
                                .collect::<String>()
                                .replace('+', "%20")
                        }
                        _ => {
                            return Err(Error::input(
                                "path-param",
                                format!(
                                    "\"{}\" needs {{{name}}}: give it as {name}=VALUE",
                                    self.name
                                ),
                            ))
                        }
                    }
                }
            };
            path.push('/');
            path.push_str(&value);
        }
        let method = Method::from_bytes(self.http_method.as_bytes()).map_err(|_| {
            Error::input(
                "http_method",
                format!("\"{}\" is not an HTTP method", self.http_method),
            )
        })?;
        let mut req = ApiRequest::new(method, path);
        req.body = body;
        Ok(req)
    }
}

/// A field as text: a reference's `value`, or the string itself.
fn field(row: &Value, name: &str) -> String {
    match row.get(name) {
        Some(Value::String(s)) => s.clone(),
        Some(Value::Object(o)) => o
            .get("value")
            .and_then(Value::as_str)
            .unwrap_or("")
            .to_string(),
        _ => String::new(),
    }
}

#[cfg(test)]
#[path = "scripted_rest_tests.rs"]
mod tests;
