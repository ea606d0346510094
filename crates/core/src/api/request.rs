//! `TableRequest` (the Table API in ServiceNow's terms) and `ApiRequest` (any path on the instance).

use serde::{Deserialize, Serialize};
use url::Url;

use crate::error::{Error, Result};
use crate::http::{HttpRequest, Method};
use crate::instance::Instance;

#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
#[cfg_attr(feature = "ts", derive(ts_rs::TS), ts(export))]
pub enum Accept {
    #[default]
    Json,
    Xml,
}

impl Accept {
    pub fn mime(self) -> &'static str {
        match self {
            Accept::Json => "application/json",
            Accept::Xml => "application/xml",
        }
    }

    pub fn parse(s: &str) -> Result<Self> {
        match s.to_ascii_lowercase().as_str() {
            "json" | "application/json" => Ok(Accept::Json),
            "xml" | "application/xml" => Ok(Accept::Xml),
            other => Err(Error::input(
                "accept",
                format!("\"{other}\" is not json or xml"),
            )),
        }
    }
}

/// A call to any path under the instance (`/api/now/stats/incident`, `/api/x_acme/v1/…`).
#[derive(Debug, Clone)]
pub struct ApiRequest {
    pub method: Method,
    /// `/api/...` (may carry a query string), or an absolute URL on the same instance.
    pub path: String,
    pub query: Vec<(String, String)>,
    pub headers: Vec<(String, String)>,
    pub body: Option<String>,
    pub accept: Accept,
}

impl ApiRequest {
    pub fn new(method: Method, path: impl Into<String>) -> Self {
        ApiRequest {
            method,
            path: path.into(),
            query: Vec::new(),
            headers: Vec::new(),
            body: None,
            accept: Accept::Json,
        }
    }

    /// The absolute URL, refusing anything that would leave the instance.
    pub fn url(&self, instance: &Instance) -> Result<Url> {
        let path = self.path.trim();
        let mut url = if path.starts_with("http://") || path.starts_with("https://") {
            Url::parse(path)
                .map_err(|e| Error::input("path", format!("\"{path}\" is not a valid URL ({e})")))?
        } else if path.starts_with('/') {
            instance.join(path).map_err(|e| {
                Error::input("path", format!("\"{path}\" is not a valid path ({e})"))
            })?
        } else {
            return Err(Error::input(
                "path",
                format!("\"{path}\" must start with / (e.g. /api/now/table/incident)"),
            ));
        };
        crate::redact::refuse_userinfo(&url)?;
        if !instance.owns(&url) {
            return Err(Error::input(
                "path",
                format!("{url} is not on {instance}; the token is only ever sent to the profile's instance"),
            ));
        }
        if !self.query.is_empty() {
            let mut q = url.query_pairs_mut();
            for (k, v) in &self.query {
                q.append_pair(k, v);
            }
        }
        Ok(url)
    }

    pub fn to_http(&self, instance: &Instance, authorization: &str) -> Result<HttpRequest> {
        let url = self.url(instance)?;
        let mut headers = vec![
            ("Accept".to_string(), self.accept.mime().to_string()),
            ("Authorization".to_string(), authorization.to_string()),
        ];
        let body = self.body.clone().unwrap_or_default();
        if !body.is_empty() {
            let xml = body.trim_start().starts_with('<');
            let ct = if xml {
                "application/xml"
            } else {
                "application/json"
            };
            if !xml && !self.has_header("content-type") {
                serde_json::from_str::<serde_json::Value>(&body).map_err(|e| {
                    Error::input("body", format!("is not valid JSON: {e} (fix it, or set a Content-Type header to send it as is)"))
                })?;
            }
            headers.push(("Content-Type".to_string(), ct.to_string()));
        }
        for (k, v) in &self.headers {
            if k.trim().is_empty() {
                continue;
            }
            crate::http::check_header(k, v)?;
            headers.retain(|(h, _)| !h.eq_ignore_ascii_case(k.trim()));
            headers.push((k.trim().to_string(), v.clone()));
        }
        Ok(HttpRequest {
            method: self.method.clone(),
            url,
            headers,
            body: body.into_bytes(),
            follow_redirects: true,
        })
    }

    fn has_header(&self, name: &str) -> bool {
        self.headers
            .iter()
            .any(|(k, _)| k.trim().eq_ignore_ascii_case(name))
    }
}

/// A table name as the Table API takes it, trimmed.
pub(crate) fn check_table_name(table: &str) -> Result<&str> {
    let table = table.trim();
    if table.is_empty() || !table.chars().all(|c| c.is_ascii_alphanumeric() || c == '_') {
        return Err(Error::input(
            "table",
            format!("\"{table}\" is not a table name (letters, digits and _, e.g. incident or u_custom_table)"),
        ));
    }
    Ok(table)
}

/// A Table API call: `/api/now/table/{table}[/{sys_id}]` with `sysparm_*` parameters.
#[derive(Debug, Clone)]
pub struct TableRequest {
    pub table: String,
    pub method: Method,
    pub sys_id: Option<String>,
    pub params: Vec<(String, String)>,
    pub body: Option<serde_json::Value>,
    pub accept: Accept,
}

impl TableRequest {
    pub fn list(table: &str) -> Self {
        Self::new(Method::GET, table, None)
    }

    pub fn get(table: &str, sys_id: &str) -> Self {
        Self::new(Method::GET, table, Some(sys_id))
    }

    pub fn create(table: &str, body: serde_json::Value) -> Self {
        TableRequest {
            body: Some(body),
            ..Self::new(Method::POST, table, None)
        }
    }

    pub fn update(table: &str, sys_id: &str, body: serde_json::Value) -> Self {
        TableRequest {
            body: Some(body),
            ..Self::new(Method::PATCH, table, Some(sys_id))
        }
    }

    pub fn delete(table: &str, sys_id: &str) -> Self {
        Self::new(Method::DELETE, table, Some(sys_id))
    }

    fn new(method: Method, table: &str, sys_id: Option<&str>) -> Self {
        TableRequest {
            table: table.into(),
            method,
            sys_id: sys_id.map(str::to_string),
            params: Vec::new(),
            body: None,
            accept: Accept::Json,
        }
    }

    pub fn param(mut self, key: &str, value: impl Into<String>) -> Self {
        self.params.push((key.into(), value.into()));
        self
    }

    pub fn to_api(&self) -> Result<ApiRequest> {
        let table = check_table_name(&self.table)?;
        let needs_id = matches!(self.method, Method::PUT | Method::PATCH | Method::DELETE);
        let mut path = format!("/api/now/table/{table}");
        match self
            .sys_id
            .as_deref()
            .map(str::trim)
            .filter(|s| !s.is_empty())
        {
            Some(_) if self.method == Method::POST => {
                return Err(Error::input(
                    "sys_id",
                    "a POST creates a record: leave sys_id empty",
                ))
            }
            Some(id) => {
                if !id
                    .chars()
                    .all(|c| c.is_ascii_alphanumeric() || c == '_' || c == '-')
                {
                    return Err(Error::input(
                        "sys_id",
                        format!("\"{id}\" is not a sys_id (32 hex characters)"),
                    ));
                }
                path.push('/');
                path.push_str(id);
            }
            None if needs_id => {
                return Err(Error::input(
                    "sys_id",
                    format!("{} needs the sys_id of the record", self.method),
                ))
            }
            None => {}
        }
        if matches!(self.method, Method::POST | Method::PUT | Method::PATCH) && self.body.is_none()
        {
            return Err(Error::input(
                "body",
                "a write needs a JSON object with the fields to set",
            ));
        }
        if let Some(b) = &self.body {
            if !b.is_object() {
                return Err(Error::input(
                    "body",
                    "must be a JSON object, e.g. {\"short_description\":\"…\"}",
                ));
            }
        }
        Ok(ApiRequest {
            method: self.method.clone(),
            path,
            query: self.params.clone(),
            headers: Vec::new(),
            body: self.body.as_ref().map(|b| b.to_string()),
            accept: self.accept,
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn inst() -> Instance {
        Instance::parse("dev1").unwrap()
    }

    #[test]
    fn table_requests_map_to_paths() {
        let r = TableRequest::list("incident")
            .param("sysparm_query", "active=true^priority=1")
            .param("sysparm_limit", "5")
            .to_api()
            .unwrap();
        let u = r.url(&inst()).unwrap();
        assert_eq!(u.as_str(), "https://dev1.service-now.com/api/now/table/incident?sysparm_query=active%3Dtrue%5Epriority%3D1&sysparm_limit=5");
        let c = TableRequest::create("incident", serde_json::json!({"short_description":"x"}))
            .to_api()
            .unwrap();
        assert_eq!(
            (c.method.as_str(), c.path.as_str()),
            ("POST", "/api/now/table/incident")
        );
        let h = c.to_http(&inst(), "Bearer t").unwrap();
        assert!(h
            .headers
            .contains(&("Content-Type".into(), "application/json".into())));
        assert_eq!(h.body, br#"{"short_description":"x"}"#);
        let d = TableRequest::delete("incident", "a1b2").to_api().unwrap();
        assert_eq!(d.path, "/api/now/table/incident/a1b2");
    }

    #[test]
    fn a_url_with_user_info_is_refused() {
        for path in [
            "https://admin:pw@dev1.service-now.com/api/now/table/incident",
            "https://admin@dev1.service-now.com/api/now/table/incident",
        ] {
            let e = ApiRequest::new(Method::GET, path).url(&inst()).unwrap_err();
            assert!(e.to_string().contains("user name or password"), "{e}");
        }
    }

    #[test]
    fn table_requests_refuse_bad_input() {
        assert!(TableRequest::list("inc/ident").to_api().is_err());
        assert!(TableRequest::list("").to_api().is_err());
        assert!(TableRequest::delete("incident", " ")
            .to_api()
            .unwrap_err()
            .to_string()
            .contains("needs the sys_id"));
        assert!(TableRequest::get("incident", "../x").to_api().is_err());
        let mut c = TableRequest::create("incident", serde_json::json!([1]));
        assert!(c.to_api().is_err());
        c.body = None;
        assert!(c.to_api().is_err());
    }

    #[test]
    fn api_requests_stay_on_the_instance() {
        let i = inst();
        assert!(ApiRequest::new(Method::GET, "https://evil.example.com/api")
            .url(&i)
            .is_err());
        assert!(ApiRequest::new(Method::GET, "api/now").url(&i).is_err());
        let u = ApiRequest::new(Method::GET, "//evil.example.com/x")
            .url(&i)
            .unwrap();
        assert_eq!(u.host_str(), Some("dev1.service-now.com"));
        let u = ApiRequest::new(
            Method::GET,
            "https://dev1.service-now.com/api/now/table/incident?sysparm_offset=10",
        )
        .url(&i)
        .unwrap();
        assert_eq!(u.query(), Some("sysparm_offset=10"));
    }

    #[test]
    fn api_bodies_are_checked_and_typed() {
        let i = inst();
        let mut r = ApiRequest::new(Method::POST, "/api/now/import/u_staging");
        r.body = Some("{not json".into());
        assert!(r
            .to_http(&i, "Bearer t")
            .unwrap_err()
            .to_string()
            .contains("not valid JSON"));
        r.body = Some("<request><a>1</a></request>".into());
        r.accept = Accept::Xml;
        let h = r.to_http(&i, "Bearer t").unwrap();
        assert!(h
            .headers
            .contains(&("Content-Type".into(), "application/xml".into())));
        assert!(h
            .headers
            .contains(&("Accept".into(), "application/xml".into())));
        r.headers.push(("X-no-response-body".into(), "true".into()));
        r.headers.push(("accept".into(), "text/xml".into()));
        let h = r.to_http(&i, "Bearer t").unwrap();
        assert!(h.headers.contains(&("accept".into(), "text/xml".into())));
        assert_eq!(
            h.headers
                .iter()
                .filter(|(k, _)| k.eq_ignore_ascii_case("accept"))
                .count(),
            1
        );
    }
}
