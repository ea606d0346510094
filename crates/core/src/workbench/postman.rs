//! Postman collection v2.1 export and import, and a matching Postman environment.
//!
//! The export gets its own token: a collection-level pre-request script (`token_script.js`) asks
//! `/oauth_token.do` for it with the credentials in `{{variables}}`, caches it until just before it
//! expires and renews it, so the collection runs unchanged in Postman and in newman. The
//! environment carries the non-secret values and *empty* `secret` entries for the credentials.
//! No credential is ever written, and credential headers in saved requests become `{{variables}}`.
//!
//! Import flattens folders into "Folder / Name", maps `{{instance_url}}`-style hosts and full URLs
//! on the instance to paths, and reads raw and urlencoded bodies. It is all or nothing: if any
//! request is on another host or uses a body the app cannot send (form-data, file, GraphQL),
//! nothing is imported and the error lists every such request, so nothing is dropped silently.
//! `Authorization` headers (and other credential headers holding a literal value) are not
//! imported: the profile's token is what authenticates.

use serde::{Deserialize, Serialize};
use serde_json::{Map, Value};
use url::Url;

use super::{header_rows, on_instance, request_input, whole_variable};
use crate::error::{Error, Result};
use crate::instance::Instance;
use crate::views::RequestInput;

mod environment;
mod export;
mod url_parts;
mod variables;

use url_parts::{url_parts, Parts};

use variables::substitute;

pub use environment::{import_environment, PostmanEnvironment};
pub use export::{export_collection, export_environment};

pub const POSTMAN_SCHEMA: &str =
    "https://schema.getpostman.com/json/collection/v2.1.0/collection.json";

/// The host variable of exported requests (a collection variable and an environment value).
const INSTANCE_VAR: &str = "{{instance_url}}";

/// A request saved under a name.
#[derive(Debug, Clone, Serialize, Deserialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS), ts(export))]
pub struct SavedRequest {
    pub name: String,
    pub request: RequestInput,
}

// ---- import --------------------------------------------------------------------------------

/// Folders deeper than this are refused rather than recursed into.
const MAX_DEPTH: usize = 32;

fn bad(message: impl Into<String>) -> Error {
    Error::input("collection", message)
}

fn as_str(v: Option<&Value>) -> &str {
    v.and_then(Value::as_str).unwrap_or_default()
}

struct Importer<'a> {
    instance: &'a Instance,
    vars: Map<String, Value>,
    out: Vec<SavedRequest>,
    problems: Vec<String>,
    /// "Name: {{var}}" for each variable nothing resolved.
    unresolved: Vec<String>,
}

impl Importer<'_> {
    fn walk(&mut self, items: &[Value], folder: &str, depth: usize) -> Result<()> {
        if depth > MAX_DEPTH {
            return Err(bad(format!(
                "folders are nested more than {MAX_DEPTH} deep"
            )));
        }
        for item in items {
            let name = as_str(item.get("name")).trim();
            let name = if name.is_empty() { "Untitled" } else { name };
            let full = if folder.is_empty() {
                name.to_string()
            } else {
                format!("{folder} / {name}")
            };
            if let Some(children) = item.get("item").and_then(Value::as_array) {
                self.walk(children, &full, depth + 1)?;
            } else if let Some(request) = item.get("request") {
                let request = variables::resolve(request, &self.vars);
                for name in variables::unresolved(&request) {
                    self.unresolved.push(format!("{full}: {{{{{name}}}}}"));
                }
                match self.request(&request) {
                    Ok(r) => self.out.push(SavedRequest {
                        name: full,
                        request: r,
                    }),
                    Err(why) => self.problems.push(format!("{full}: {why}")),
                }
            }
        }
        Ok(())
    }

    /// The path prefix `host` stands for on the instance, or why it is not on the instance.
    fn base_path(&self, parts: &Parts) -> std::result::Result<String, String> {
        let host = parts.host.trim();
        if let Some(var) = whole_variable(host) {
            // An undefined variable (set in a Postman environment) is taken to be the instance.
            let value = self
                .vars
                .get(var)
                .and_then(Value::as_str)
                .unwrap_or_default()
                .trim();
            if value.is_empty() {
                return Ok(String::new());
            }
            let absolute = if value.contains("://") {
                value.to_string()
            } else {
                format!("https://{value}")
            };
            return match Url::parse(&absolute) {
                Ok(u) if on_instance(self.instance, &u) => {
                    Ok(u.path().trim_end_matches('/').to_string())
                }
                Ok(u) => Err(format!(
                    "{{{{{var}}}}} is {}, not {}",
                    u.host_str().unwrap_or(value),
                    self.instance
                )),
                Err(_) => Err(format!("{{{{{var}}}}} is \"{value}\", not a URL")),
            };
        }
        let host = substitute(host, &self.vars);
        if host.contains("{{") {
            // e.g. {{instance}}.service-now.com with the name set in an environment.
            return Ok(String::new());
        }
        if host.is_empty() {
            return Err("the request has no URL".into());
        }
        let scheme = parts.protocol.as_deref().unwrap_or("https");
        let port = parts
            .port
            .as_deref()
            .map(|p| format!(":{p}"))
            .unwrap_or_default();
        match Url::parse(&format!("{scheme}://{host}{port}/")) {
            Ok(u) if on_instance(self.instance, &u) => Ok(String::new()),
            Ok(u) => Err(format!(
                "it is on {}, not on {}",
                u.host_str().unwrap_or(&host),
                self.instance
            )),
            Err(_) => Err(format!("\"{host}\" is not a host name")),
        }
    }

    fn request(&self, request: &Value) -> std::result::Result<RequestInput, String> {
        let (method, url, header, body) = match request {
            Value::String(url) => ("GET", Value::String(url.clone()), None, None),
            Value::Object(o) => (
                o.get("method").and_then(Value::as_str).unwrap_or("GET"),
                o.get("url").cloned().unwrap_or(Value::Null),
                o.get("header"),
                o.get("body"),
            ),
            _ => return Err("the request is neither a URL nor an object".into()),
        };
        let method = crate::http::parse_method(method)
            .map_err(|e| e.to_string())?
            .to_string();
        let parts = url_parts(&url);
        let authority = |raw: &str| {
            let rest = raw.split_once("://").map_or(raw, |(_, r)| r);
            rest.split(['/', '?', '#'])
                .next()
                .unwrap_or("")
                .contains('@')
        };
        let raw = url
            .as_str()
            .or_else(|| url.get("raw").and_then(Value::as_str));
        if raw.is_some_and(authority) || parts.host.contains('@') {
            return Err("its URL carries a user name or password (user:pass@host); the profile's token authorises instead".into());
        }
        let prefix = self.base_path(&parts)?;
        let relative = parts.path.trim_start_matches('/');
        let path = if relative.is_empty() && !prefix.is_empty() {
            prefix
        } else {
            format!("{prefix}/{relative}")
        };

        let (body, form) = self.body(body)?;
        let mut rows: Vec<(String, String, bool)> = Vec::new();
        match header {
            Some(Value::Array(list)) => {
                for h in list {
                    rows.push((
                        as_str(h.get("key")).to_string(),
                        as_str(h.get("value")).to_string(),
                        !h.get("disabled").and_then(Value::as_bool).unwrap_or(false),
                    ));
                }
            }
            Some(Value::String(text)) => {
                for line in text.lines() {
                    if let Some((k, v)) = line.split_once(':') {
                        rows.push((k.trim().to_string(), v.trim().to_string(), true));
                    }
                }
            }
            _ => {}
        }
        // Credentials are taken out (and named) by `credentials::scrub` as the import is stored.
        rows.retain(|(k, _, _)| !k.trim().is_empty());
        if form
            && !rows
                .iter()
                .any(|(k, _, on)| *on && k.trim().eq_ignore_ascii_case("content-type"))
        {
            rows.push((
                "Content-Type".into(),
                "application/x-www-form-urlencoded".into(),
                true,
            ));
        }
        let (headers, accept) = header_rows(
            rows.iter().map(|(k, v, on)| (k.as_str(), v.as_str(), *on)),
            body.as_deref(),
        );
        Ok(request_input(
            &method,
            &path,
            parts.query,
            headers,
            body,
            accept,
        ))
    }

    /// The raw body, and whether it is a form (which needs its Content-Type).
    fn body(&self, body: Option<&Value>) -> std::result::Result<(Option<String>, bool), String> {
        let Some(b) = body.filter(|b| b.is_object()) else {
            return Ok((None, false));
        };
        if b.get("disabled").and_then(Value::as_bool).unwrap_or(false) {
            return Ok((None, false));
        }
        match as_str(b.get("mode")) {
            "" | "raw" => Ok((
                Some(as_str(b.get("raw")).to_string()).filter(|s| !s.is_empty()),
                false,
            )),
            "urlencoded" => {
                let mut form = url::form_urlencoded::Serializer::new(String::new());
                for p in b.get("urlencoded").and_then(Value::as_array).into_iter().flatten() {
                    if !p.get("disabled").and_then(Value::as_bool).unwrap_or(false) {
                        form.append_pair(as_str(p.get("key")), as_str(p.get("value")));
                    }
                }
                let text = form.finish();
                Ok((Some(text).filter(|s| !s.is_empty()), true))
            }
            other => Err(format!(
                "its body is {other}; the app sends raw (JSON, XML, text) and urlencoded bodies only"
            )),
        }
    }
}

/// The requests of a Postman v2.1 (or v2.0) collection, as paths on `instance`. All or
/// nothing: see the module documentation.
pub fn import_collection(json: &str, instance: &Instance) -> Result<Vec<SavedRequest>> {
    Ok(import_collection_with(json, instance, None)?.requests)
}

/// A collection's requests, and the `{{variables}}` left unresolved in them.
#[derive(Debug, Clone, Default)]
pub struct CollectionImport {
    pub requests: Vec<SavedRequest>,
    /// "Request name: {{variable}}", in the collection's order.
    pub unresolved: Vec<String>,
}

/// [`import_collection`], with `{{variables}}` resolved from the collection's own variables and
/// then the environment's (which win, as in Postman). Credentials are never filled in from
/// either: see [`variables::may_resolve`].
pub fn import_collection_with(
    json: &str,
    instance: &Instance,
    environment: Option<&PostmanEnvironment>,
) -> Result<CollectionImport> {
    let doc: Value = serde_json::from_str(json).map_err(|e| {
        bad(format!(
            "is not JSON ({e}); export the collection from Postman as v2.1"
        ))
    })?;
    let schema = as_str(doc.pointer("/info/schema"));
    if !schema.contains("/collection/v2.") {
        return Err(bad(if schema.is_empty() {
            "is not a Postman collection (no info.schema); export it from Postman as Collection v2.1".to_string()
        } else {
            format!("uses {schema}; export it from Postman as Collection v2.1")
        }));
    }
    let items = doc
        .get("item")
        .and_then(Value::as_array)
        .ok_or_else(|| bad("has no item list"))?;
    let mut vars = Map::new();
    for v in doc
        .get("variable")
        .and_then(Value::as_array)
        .into_iter()
        .flatten()
    {
        let key = v.get("key").or_else(|| v.get("id")).and_then(Value::as_str);
        if let (Some(k), Some(val)) = (key, v.get("value")) {
            vars.insert(k.to_string(), val.clone());
        }
    }
    if let Some(env) = environment {
        vars.extend(env.values.clone());
    }
    vars.retain(|k, _| variables::may_resolve(k));
    let mut importer = Importer {
        instance,
        vars,
        out: Vec::new(),
        problems: Vec::new(),
        unresolved: Vec::new(),
    };
    importer.walk(items, "", 0)?;
    if !importer.problems.is_empty() {
        return Err(bad(format!(
            "{} request(s) cannot be imported, so nothing was: {}. Remove or fix them in Postman and export again.",
            importer.problems.len(),
            importer.problems.join("; ")
        )));
    }
    Ok(CollectionImport {
        requests: importer.out,
        unresolved: importer.unresolved,
    })
}

#[cfg(test)]
mod tests;
