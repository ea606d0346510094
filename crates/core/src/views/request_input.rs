use serde::{Deserialize, Serialize};

use crate::api::{Accept, ApiRequest, TableRequest};
use crate::error::{Error, Result};
use crate::http::Method;

#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS), ts(export))]
pub struct KeyValue {
    pub key: String,
    pub value: String,
    pub enabled: bool,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
#[cfg_attr(feature = "ts", derive(ts_rs::TS), ts(export))]
pub enum RequestTarget {
    Table,
    Path,
}

/// The Request tab: a table action, or any path on the instance.
#[derive(Debug, Clone, Serialize, Deserialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS), ts(export))]
pub struct RequestInput {
    pub method: String,
    pub target: RequestTarget,
    pub table: String,
    pub sys_id: Option<String>,
    pub path: String,
    pub params: Vec<KeyValue>,
    pub headers: Vec<KeyValue>,
    pub body: Option<String>,
    pub accept: Accept,
}

fn enabled(rows: &[KeyValue]) -> Vec<(String, String)> {
    rows.iter()
        .filter(|r| r.enabled && !r.key.trim().is_empty())
        .map(|r| (r.key.trim().to_string(), r.value.clone()))
        .collect()
}

impl RequestInput {
    /// A blank GET on a path, to be filled in.
    pub fn empty() -> Self {
        RequestInput {
            method: "GET".into(),
            target: RequestTarget::Path,
            table: String::new(),
            sys_id: None,
            path: String::new(),
            params: Vec::new(),
            headers: Vec::new(),
            body: None,
            accept: Accept::Json,
        }
    }

    /// A request on a path, as the Request tab would hold it (what the CLI saves).
    pub fn from_api(req: &ApiRequest) -> Self {
        let rows = |pairs: &[(String, String)]| {
            pairs
                .iter()
                .map(|(k, v)| KeyValue {
                    key: k.clone(),
                    value: v.clone(),
                    enabled: true,
                })
                .collect()
        };
        RequestInput {
            method: req.method.to_string(),
            path: req.path.clone(),
            params: rows(&req.query),
            headers: rows(&req.headers),
            body: req.body.clone(),
            accept: req.accept,
            ..Self::empty()
        }
    }

    /// The Table API form of a `Table` target (what "Fetch all" pages through).
    pub fn to_table_request(&self) -> Result<TableRequest> {
        if self.target != RequestTarget::Table {
            return Err(Error::input(
                "target",
                "choose a table (Fetch all pages through a table)",
            ));
        }
        let method = self.method()?;
        let json = self
            .body
            .as_deref()
            .filter(|b| !b.trim().is_empty())
            .map(|b| {
                serde_json::from_str(b)
                    .map_err(|e| Error::input("body", format!("is not valid JSON: {e}")))
            })
            .transpose()?;
        Ok(TableRequest {
            table: self.table.clone(),
            method,
            sys_id: self.sys_id.clone().filter(|s| !s.trim().is_empty()),
            params: enabled(&self.params),
            body: json,
            accept: self.accept,
        })
    }

    fn method(&self) -> Result<Method> {
        crate::http::parse_method(&self.method)
    }

    pub fn to_api(&self) -> Result<ApiRequest> {
        let method = self.method()?;
        let body = self.body.clone().filter(|b| !b.trim().is_empty());
        let api = match self.target {
            RequestTarget::Table => self.to_table_request()?.to_api()?,
            RequestTarget::Path => {
                let mut a = ApiRequest::new(method, self.path.trim());
                a.query = enabled(&self.params);
                a.body = body;
                a.accept = self.accept;
                a
            }
        };
        self.with_headers(api)
    }

    /// The Table API call `table` (this input's, after numbers and `@me` were resolved) with
    /// this input's headers.
    pub fn with_table_request(&self, table: &TableRequest) -> Result<ApiRequest> {
        self.with_headers(table.to_api()?)
    }

    fn with_headers(&self, mut api: ApiRequest) -> Result<ApiRequest> {
        api.headers = enabled(&self.headers);
        for (k, v) in &api.headers {
            crate::http::check_header(k, v)?;
        }
        Ok(api)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn input(target: RequestTarget) -> RequestInput {
        RequestInput {
            method: "get".into(),
            target,
            table: "incident".into(),
            sys_id: None,
            path: "/api/now/stats/incident".into(),
            params: vec![
                KeyValue {
                    key: "sysparm_limit".into(),
                    value: "5".into(),
                    enabled: true,
                },
                KeyValue {
                    key: "sysparm_fields".into(),
                    value: "number".into(),
                    enabled: false,
                },
            ],
            headers: vec![KeyValue {
                key: "X-Test".into(),
                value: "1".into(),
                enabled: true,
            }],
            body: None,
            accept: Accept::Json,
        }
    }

    #[test]
    fn table_and_path_targets() {
        let t = input(RequestTarget::Table).to_api().unwrap();
        assert_eq!(
            (t.path.as_str(), t.query.len(), t.headers.len()),
            ("/api/now/table/incident", 1, 1)
        );
        let p = input(RequestTarget::Path).to_api().unwrap();
        assert_eq!(p.path, "/api/now/stats/incident");
        let mut bad = input(RequestTarget::Table);
        bad.method = "POST".into();
        bad.body = Some("{nope".into());
        assert!(bad
            .to_api()
            .unwrap_err()
            .to_string()
            .contains("not valid JSON"));
        bad.method = "BR EW".into();
        assert!(bad.to_api().is_err());
    }
}
