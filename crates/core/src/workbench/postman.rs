//! Postman collection v2.1 export and import, and a matching Postman environment.
//!
//! The export authenticates with a collection-level OAuth 2.0 block whose every value is a
//! `{{variable}}`; the environment carries the non-secret values and *empty* `secret` entries for
//! the client secret and password, to be typed into Postman. No credential is ever written, and
//! credential headers in saved requests become `{{variables}}` too.
//!
//! Import flattens folders into "Folder / Name", maps `{{instance_url}}`-style hosts and full URLs
//! on the instance to paths, and reads raw and urlencoded bodies. It is all or nothing: if any
//! request is on another host or uses a body the app cannot send (form-data, file, GraphQL),
//! nothing is imported and the error lists every such request, so nothing is dropped silently.
//! `Authorization` headers (and other credential headers holding a literal value) are not
//! imported: the profile's token is what authenticates.

use serde::{Deserialize, Serialize};
use serde_json::{json, Map, Value};
use url::Url;

use super::{header_rows, is_secret_header, on_instance, request_input, whole_variable};
use crate::error::{Error, Result};
use crate::instance::Instance;
use crate::views::{KeyValue, RequestInput, RequestTarget};

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

// ---- export --------------------------------------------------------------------------------

/// A UUID-shaped id (version 8, "custom") derived from `seed`, so re-exporting the same profile
/// updates the collection already imported into Postman instead of adding a copy.
fn derived_uuid(seed: &str) -> String {
    fn fnv1a(basis: u64, bytes: &[u8]) -> u64 {
        bytes.iter().fold(basis, |h, b| {
            (h ^ u64::from(*b)).wrapping_mul(0x0000_0100_0000_01b3)
        })
    }
    let hi = fnv1a(0xcbf2_9ce4_8422_2325, seed.as_bytes());
    let lo = fnv1a(0x84222325_cbf29ce4, seed.as_bytes()).rotate_left(17) ^ hi;
    let mut b = [0u8; 16];
    b[..8].copy_from_slice(&hi.to_be_bytes());
    b[8..].copy_from_slice(&lo.to_be_bytes());
    b[6] = (b[6] & 0x0f) | 0x80;
    b[8] = (b[8] & 0x3f) | 0x80;
    let hex: String = b.iter().map(|x| format!("{x:02x}")).collect();
    format!(
        "{}-{}-{}-{}-{}",
        &hex[..8],
        &hex[8..12],
        &hex[12..16],
        &hex[16..20],
        &hex[20..]
    )
}

/// Postman's name for the grant; anything else falls back to what the username implies.
fn postman_grant(grant_type: &str, username: Option<&str>) -> &'static str {
    match grant_type {
        "password" | "password_credentials" => "password_credentials",
        "client_credentials" => "client_credentials",
        _ if username.is_some() => "password_credentials",
        _ => "client_credentials",
    }
}

/// `X-API-Key` → `x_api_key`: the variable a credential header's value is replaced by.
fn header_var(name: &str) -> String {
    name.trim()
        .chars()
        .map(|c| {
            if c.is_ascii_alphanumeric() {
                c.to_ascii_lowercase()
            } else {
                '_'
            }
        })
        .collect()
}

/// What Postman sends as is but a server would split or decode (`%`, `&`, `#`, `+`, space, and
/// `=` in a key); the rest stays readable, e.g. `active=true^priority<=2`.
fn encode_query_part(s: &str, key: bool) -> String {
    let mut out = String::with_capacity(s.len());
    for c in s.chars() {
        match c {
            '%' => out.push_str("%25"),
            '&' => out.push_str("%26"),
            '#' => out.push_str("%23"),
            '+' => out.push_str("%2B"),
            ' ' => out.push_str("%20"),
            '=' if key => out.push_str("%3D"),
            _ => out.push(c),
        }
    }
    out
}

fn attr(key: &str, value: &str) -> Value {
    json!({"key": key, "value": value, "type": "string"})
}

/// The path and query rows a saved request is sent with, and whether its path is a URL that is
/// not on the instance.
fn path_and_params(instance: &Instance, r: &RequestInput) -> (String, Vec<KeyValue>, bool) {
    let mut params = Vec::new();
    let mut foreign = false;
    let path = match r.target {
        RequestTarget::Table => {
            let mut p = format!("/api/now/table/{}", r.table.trim());
            if let Some(id) = r.sys_id.as_deref().map(str::trim).filter(|s| !s.is_empty()) {
                p.push('/');
                p.push_str(id);
            }
            p
        }
        RequestTarget::Path => {
            let mut p = r.path.trim().to_string();
            if p.starts_with("http://") || p.starts_with("https://") {
                match Url::parse(&p) {
                    Ok(u) if on_instance(instance, &u) => {
                        p = u[url::Position::BeforePath..].to_string();
                    }
                    _ => foreign = true,
                }
            }
            if !foreign && !p.starts_with('/') {
                p.insert(0, '/');
            }
            if !foreign {
                if let Some((path, query)) = p.clone().split_once('?') {
                    p = path.to_string();
                    params.extend(url::form_urlencoded::parse(query.as_bytes()).map(|(k, v)| {
                        KeyValue {
                            key: k.into_owned(),
                            value: v.into_owned(),
                            enabled: true,
                        }
                    }));
                }
            }
            p
        }
    };
    params.extend(
        r.params
            .iter()
            .filter(|p| !p.key.trim().is_empty())
            .cloned(),
    );
    (path, params, foreign)
}

fn export_item(instance: &Instance, saved: &SavedRequest) -> Value {
    let r = &saved.request;
    let (path, params, foreign) = path_and_params(instance, r);
    let query: Vec<String> = params
        .iter()
        .filter(|p| p.enabled)
        .map(|p| {
            format!(
                "{}={}",
                encode_query_part(p.key.trim(), true),
                encode_query_part(&p.value, false)
            )
        })
        .collect();
    let query = query.join("&");
    let url = if foreign {
        // Kept as it is, but sent without the token (see the item's `noauth`).
        let joiner = if path.contains('?') { '&' } else { '?' };
        let raw = if query.is_empty() {
            path
        } else {
            format!("{path}{joiner}{query}")
        };
        json!({ "raw": raw })
    } else {
        let mut raw = format!("{INSTANCE_VAR}{path}");
        if !query.is_empty() {
            raw.push('?');
            raw.push_str(&query);
        }
        let segments: Vec<&str> = path.trim_start_matches('/').split('/').collect();
        let mut url = json!({"raw": raw, "host": [INSTANCE_VAR], "path": segments});
        if !params.is_empty() {
            url["query"] = params
                .iter()
                .map(|p| {
                    let mut q = json!({
                        "key": encode_query_part(p.key.trim(), true),
                        "value": encode_query_part(&p.value, false),
                    });
                    if !p.enabled {
                        q["disabled"] = json!(true);
                    }
                    q
                })
                .collect();
        }
        url
    };

    let mut headers = Vec::new();
    let has_accept = r
        .headers
        .iter()
        .any(|h| h.enabled && h.key.trim().eq_ignore_ascii_case("accept"));
    if !has_accept {
        headers.push(json!({"key": "Accept", "value": r.accept.mime(), "type": "text"}));
    }
    for h in r.headers.iter().filter(|h| !h.key.trim().is_empty()) {
        let name = h.key.trim();
        if name.eq_ignore_ascii_case("authorization") {
            continue; // the collection's OAuth 2.0 block authorises every request
        }
        let value = if is_secret_header(name) {
            format!("{{{{{}}}}}", header_var(name))
        } else {
            h.value.clone()
        };
        let mut row = json!({"key": name, "value": value, "type": "text"});
        if !h.enabled {
            row["disabled"] = json!(true);
        }
        headers.push(row);
    }

    let mut request = json!({
        "method": r.method.trim().to_ascii_uppercase(),
        "header": headers,
        "url": url,
    });
    if let Some(body) = r.body.as_deref().filter(|b| !b.trim().is_empty()) {
        let language = if body.trim_start().starts_with('<') {
            "xml"
        } else if serde_json::from_str::<Value>(body).is_ok() {
            "json"
        } else {
            "text"
        };
        request["body"] = json!({
            "mode": "raw",
            "raw": body,
            "options": {"raw": {"language": language}},
        });
    }
    if foreign {
        request["auth"] = json!({"type": "noauth"});
    }
    json!({"name": saved.name, "request": request, "response": []})
}

/// A Postman v2.1 collection of `requests`, authorised by an OAuth 2.0 block that refers to
/// variables only (`{{client_secret}}`, `{{password}}` …): never a secret value.
pub fn export_collection(
    profile_name: &str,
    instance: &Instance,
    client_id: &str,
    grant_type: &str,
    username: Option<&str>,
    requests: &[SavedRequest],
) -> Value {
    let grant = postman_grant(grant_type, username);
    let mut oauth2 = vec![
        attr("accessTokenUrl", &format!("{INSTANCE_VAR}/oauth_token.do")),
        attr("grant_type", grant),
        attr("clientId", "{{client_id}}"),
        attr("clientSecret", "{{client_secret}}"),
    ];
    if grant == "password_credentials" {
        oauth2.push(attr("username", "{{username}}"));
        oauth2.push(attr("password", "{{password}}"));
    }
    oauth2.push(attr("client_authentication", "body"));
    oauth2.push(attr("addTokenTo", "header"));
    oauth2.push(attr("tokenName", &format!("{profile_name} (Snowpost)")));

    let mut variables = vec![
        json!({"key": "instance_url", "value": instance.as_str(), "type": "string"}),
        json!({"key": "client_id", "value": client_id, "type": "string"}),
    ];
    if let Some(u) = username {
        variables.push(json!({"key": "username", "value": u, "type": "string"}));
    }

    json!({
        "info": {
            "_postman_id": derived_uuid(&format!("snowpost collection {profile_name}")),
            "name": format!("{profile_name} (Snowpost)"),
            "description": format!(
                "ServiceNow requests of the Snowpost profile \"{profile_name}\" ({instance}). \
                 Every request uses the collection's OAuth 2.0 authorization: import the matching \
                 environment and type client_secret and password into it — they are not exported."
            ),
            "schema": POSTMAN_SCHEMA,
        },
        "item": requests.iter().map(|r| export_item(instance, r)).collect::<Vec<_>>(),
        "auth": {"type": "oauth2", "oauth2": oauth2},
        "variable": variables,
    })
}

/// A Postman environment for the profile: `instance_url`, `client_id` and `username` filled in,
/// `client_secret` and `password` as empty `secret` values for the user to type.
pub fn export_environment(
    profile_name: &str,
    instance: &Instance,
    client_id: &str,
    username: Option<&str>,
) -> Value {
    let value = |key: &str, value: &str, kind: &str| json!({"key": key, "value": value, "type": kind, "enabled": true});
    json!({
        "id": derived_uuid(&format!("snowpost environment {profile_name}")),
        "name": format!("{profile_name} (Snowpost)"),
        "values": [
            value("instance_url", instance.as_str(), "default"),
            value("client_id", client_id, "default"),
            value("username", username.unwrap_or_default(), "default"),
            value("client_secret", "", "secret"),
            value("password", "", "secret"),
        ],
        "_postman_variable_scope": "environment",
        "_postman_exported_using": "Snowpost",
    })
}

// ---- import --------------------------------------------------------------------------------

/// Folders deeper than this are refused rather than recursed into.
const MAX_DEPTH: usize = 32;

fn bad(message: impl Into<String>) -> Error {
    Error::input("collection", message)
}

/// Percent-decoding as a server reads a query (`+` is a space); malformed escapes stay as they are.
fn form_decode(s: &str) -> String {
    let bytes = s.as_bytes();
    let hex = |b: u8| (b as char).to_digit(16);
    let mut out = Vec::with_capacity(bytes.len());
    let mut i = 0;
    while i < bytes.len() {
        match bytes[i] {
            b'+' => out.push(b' '),
            b'%' => match (
                bytes.get(i + 1).and_then(|b| hex(*b)),
                bytes.get(i + 2).and_then(|b| hex(*b)),
            ) {
                (Some(h), Some(l)) => {
                    // Two hex digits make a byte below 256.
                    out.push((h * 16 + l) as u8);
                    i += 3;
                    continue;
                }
                _ => out.push(b'%'),
            },
            b => out.push(b),
        }
        i += 1;
    }
    String::from_utf8_lossy(&out).into_owned()
}

fn as_str(v: Option<&Value>) -> &str {
    v.and_then(Value::as_str).unwrap_or_default()
}

/// `{{name}}` → `name`, when the whole text is one variable.
fn substitute(s: &str, vars: &Map<String, Value>) -> String {
    let mut out = s.to_string();
    for (k, v) in vars {
        if let Some(v) = v.as_str() {
            out = out.replace(&format!("{{{{{k}}}}}"), v);
        }
    }
    out
}

struct Importer<'a> {
    instance: &'a Instance,
    vars: Map<String, Value>,
    out: Vec<SavedRequest>,
    problems: Vec<String>,
}

/// What the URL of an item is relative to.
struct Parts {
    host: String,
    protocol: Option<String>,
    port: Option<String>,
    path: String,
    query: Vec<KeyValue>,
}

fn url_parts(url: &Value) -> Parts {
    match url {
        Value::Object(o) if o.contains_key("host") || o.contains_key("path") => {
            let host = match o.get("host") {
                Some(Value::Array(a)) => a
                    .iter()
                    .filter_map(Value::as_str)
                    .collect::<Vec<_>>()
                    .join("."),
                Some(Value::String(s)) => s.clone(),
                _ => String::new(),
            };
            let path = match o.get("path") {
                Some(Value::Array(a)) => a
                    .iter()
                    .map(|seg| match seg {
                        Value::String(s) => s.clone(),
                        other => as_str(other.get("value")).to_string(),
                    })
                    .collect::<Vec<_>>()
                    .join("/"),
                Some(Value::String(s)) => s.clone(),
                _ => String::new(),
            };
            let query = o
                .get("query")
                .and_then(Value::as_array)
                .map(|q| {
                    q.iter()
                        .filter(|p| !as_str(p.get("key")).is_empty())
                        .map(|p| KeyValue {
                            key: form_decode(as_str(p.get("key"))),
                            value: form_decode(as_str(p.get("value"))),
                            enabled: !p.get("disabled").and_then(Value::as_bool).unwrap_or(false),
                        })
                        .collect()
                })
                .unwrap_or_default();
            Parts {
                host,
                protocol: o
                    .get("protocol")
                    .and_then(Value::as_str)
                    .map(str::to_string),
                port: o.get("port").and_then(Value::as_str).map(str::to_string),
                path,
                query,
            }
        }
        Value::Object(o) => raw_parts(as_str(o.get("raw"))),
        Value::String(s) => raw_parts(s),
        _ => raw_parts(""),
    }
}

/// A URL string as Postman holds it: `{{instance_url}}/api/…?a=1`, or `https://host/…`.
fn raw_parts(raw: &str) -> Parts {
    let raw = raw.split('#').next().unwrap_or_default().trim();
    let (base, query) = match raw.split_once('?') {
        Some((b, q)) => (b, q),
        None => (raw, ""),
    };
    let (protocol, rest) = match base.split_once("://") {
        Some((p, r)) => (Some(p.to_string()), r),
        None => (None, base),
    };
    let (host, path) = match rest.find('/') {
        Some(i) => (&rest[..i], &rest[i..]),
        None => (rest, ""),
    };
    let (host, port) = match host.rsplit_once(':') {
        Some((h, p)) if !p.is_empty() && p.chars().all(|c| c.is_ascii_digit()) => {
            (h, Some(p.to_string()))
        }
        _ => (host, None),
    };
    let query = query
        .split('&')
        .filter(|p| !p.is_empty())
        .map(|p| {
            let (k, v) = p.split_once('=').unwrap_or((p, ""));
            KeyValue {
                key: form_decode(k),
                value: form_decode(v),
                enabled: true,
            }
        })
        .collect();
    Parts {
        host: host.to_string(),
        protocol,
        port,
        path: path.to_string(),
        query,
    }
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
                match self.request(request) {
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
    let mut importer = Importer {
        instance,
        vars,
        out: Vec::new(),
        problems: Vec::new(),
    };
    importer.walk(items, "", 0)?;
    if !importer.problems.is_empty() {
        return Err(bad(format!(
            "{} request(s) cannot be imported, so nothing was: {}. Remove or fix them in Postman and export again.",
            importer.problems.len(),
            importer.problems.join("; ")
        )));
    }
    Ok(importer.out)
}

#[cfg(test)]
mod tests;
