//! Code that makes the current request elsewhere: curl, Python requests, PowerShell, fetch and
//! reqwest. A snippet is meant to be pasted into chats, tickets and scripts, so it never holds a
//! credential: the access token, the client secret, the password and every header named like a
//! secret are read from environment variables (`SN_ACCESS_TOKEN`, `SN_CLIENT_SECRET`, …).

use serde::{Deserialize, Serialize};
use serde_json::Value;

use super::{inferred_content_type, is_secret_header};
use crate::api::ApiRequest;
use crate::http::Method;
use crate::instance::Instance;

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS), ts(export))]
pub enum SnippetLanguage {
    #[serde(rename = "curl")]
    Curl,
    #[serde(rename = "python_requests")]
    PythonRequests,
    #[serde(rename = "powershell")]
    PowerShell,
    #[serde(rename = "javascript_fetch")]
    JavaScriptFetch,
    #[serde(rename = "rust_reqwest")]
    RustReqwest,
}

impl SnippetLanguage {
    pub const ALL: &'static [SnippetLanguage] = &[
        SnippetLanguage::Curl,
        SnippetLanguage::PythonRequests,
        SnippetLanguage::PowerShell,
        SnippetLanguage::JavaScriptFetch,
        SnippetLanguage::RustReqwest,
    ];

    pub fn label(self) -> &'static str {
        match self {
            SnippetLanguage::Curl => "curl (bash)",
            SnippetLanguage::PythonRequests => "Python (requests)",
            SnippetLanguage::PowerShell => "PowerShell",
            SnippetLanguage::JavaScriptFetch => "JavaScript (fetch)",
            SnippetLanguage::RustReqwest => "Rust (reqwest)",
        }
    }
}

/// The environment variables snippets read credentials from, never a value in the code.
pub const ACCESS_TOKEN_ENV: &str = "SN_ACCESS_TOKEN";
pub const CLIENT_SECRET_ENV: &str = "SN_CLIENT_SECRET";
pub const PASSWORD_ENV: &str = "SN_PASSWORD";
pub const REFRESH_TOKEN_ENV: &str = "SN_REFRESH_TOKEN";
pub const USERNAME_ENV: &str = "SN_USERNAME";

/// A value as the snippet writes it: text, or `prefix` followed by an environment variable.
#[derive(Debug, Clone)]
enum Val {
    Text(String),
    Env { prefix: String, var: String },
}

#[derive(Debug, Clone)]
enum Body {
    /// Parsed JSON, written pretty (and as a native literal in Python).
    Json(Value),
    Raw(String),
    Form(Vec<(String, Val)>),
}

/// The request reduced to what every language needs.
struct Call {
    method: String,
    url: String,
    headers: Vec<(String, Val)>,
    body: Option<Body>,
}

impl Call {
    fn env_vars(&self) -> Vec<&str> {
        let form = match &self.body {
            Some(Body::Form(rows)) => rows.as_slice(),
            _ => &[],
        };
        let mut vars: Vec<&str> = Vec::new();
        for (_, v) in self.headers.iter().chain(form) {
            if let Val::Env { var, .. } = v {
                if !vars.contains(&var.as_str()) {
                    vars.push(var);
                }
            }
        }
        vars
    }

    fn content_type(&self) -> Option<&str> {
        self.headers.iter().find_map(|(k, v)| match v {
            Val::Text(t) if k.eq_ignore_ascii_case("content-type") => Some(t.as_str()),
            _ => None,
        })
    }
}

/// The environment variable that stands for a secret header, e.g. `X-API-Key` → `SN_X_API_KEY`.
fn header_env(name: &str) -> String {
    let mut var = String::from("SN_");
    for c in name.trim().chars() {
        var.push(if c.is_ascii_alphanumeric() {
            c.to_ascii_uppercase()
        } else {
            '_'
        });
    }
    var
}

/// The same headers, in the same order, as `ApiRequest::to_http` sends.
fn prepare(instance: &Instance, req: &ApiRequest) -> Result<Call, String> {
    let url = req.url(instance).map_err(|e| e.to_string())?;
    let mut headers = vec![
        ("Accept".to_string(), Val::Text(req.accept.mime().into())),
        (
            "Authorization".to_string(),
            Val::Env {
                prefix: "Bearer ".into(),
                var: ACCESS_TOKEN_ENV.into(),
            },
        ),
    ];
    let raw = req.body.clone().unwrap_or_default();
    let body = if raw.is_empty() {
        None
    } else {
        headers.push((
            "Content-Type".into(),
            Val::Text(inferred_content_type(&raw).into()),
        ));
        Some(match serde_json::from_str::<Value>(&raw) {
            Ok(v) if !has_float(&v) => Body::Json(v),
            // Floats and huge integers could change in a round trip through f64: as given.
            _ => Body::Raw(raw),
        })
    };
    for (k, v) in &req.headers {
        let name = k.trim();
        if name.is_empty() {
            continue;
        }
        crate::http::check_header(name, v).map_err(|e| e.to_string())?;
        headers.retain(|(h, _)| !h.eq_ignore_ascii_case(name));
        let value = if is_secret_header(name) {
            Val::Env {
                prefix: String::new(),
                var: header_env(name),
            }
        } else {
            Val::Text(v.clone())
        };
        headers.push((name.to_string(), value));
    }
    Ok(Call {
        method: req.method.as_str().to_string(),
        url: url.to_string(),
        headers,
        body,
    })
}

fn has_float(v: &Value) -> bool {
    match v {
        Value::Number(n) => n.is_f64(),
        Value::Array(items) => items.iter().any(has_float),
        Value::Object(map) => map.values().any(has_float),
        _ => false,
    }
}

/// Code making `req` on `instance`, with the token read from `SN_ACCESS_TOKEN`.
pub fn snippet(lang: SnippetLanguage, instance: &Instance, req: &ApiRequest) -> String {
    match prepare(instance, req) {
        Ok(call) => render(lang, &call),
        // A request the app would refuse to send gets no code either, only the reason.
        Err(reason) => {
            let comment = match lang {
                SnippetLanguage::Curl
                | SnippetLanguage::PythonRequests
                | SnippetLanguage::PowerShell => "#",
                SnippetLanguage::JavaScriptFetch | SnippetLanguage::RustReqwest => "//",
            };
            let reason = reason.replace(['\n', '\r'], " ");
            format!("{comment} No snippet: {reason}\n")
        }
    }
}

/// The token request (`POST /oauth_token.do`, form-encoded) with the client secret and the
/// password read from `SN_CLIENT_SECRET` and `SN_PASSWORD`.
pub fn token_snippet(
    lang: SnippetLanguage,
    instance: &Instance,
    grant_type: &str,
    client_id: &str,
    username: Option<&str>,
) -> String {
    let env = |var: &str| Val::Env {
        prefix: String::new(),
        var: var.into(),
    };
    let mut form = vec![
        ("grant_type".to_string(), Val::Text(grant_type.into())),
        ("client_id".to_string(), Val::Text(client_id.into())),
        ("client_secret".to_string(), env(CLIENT_SECRET_ENV)),
    ];
    if grant_type == "password" || username.is_some() {
        let user = username.map_or_else(|| env(USERNAME_ENV), |u| Val::Text(u.into()));
        form.push(("username".into(), user));
        form.push(("password".into(), env(PASSWORD_ENV)));
    }
    if grant_type == "refresh_token" {
        form.push(("refresh_token".into(), env(REFRESH_TOKEN_ENV)));
    }
    let call = Call {
        method: Method::POST.as_str().into(),
        url: instance.token_url().to_string(),
        headers: vec![("Accept".into(), Val::Text("application/json".into()))],
        body: Some(Body::Form(form)),
    };
    render(lang, &call)
}

fn render(lang: SnippetLanguage, call: &Call) -> String {
    match lang {
        SnippetLanguage::Curl => curl(call),
        SnippetLanguage::PythonRequests => python(call),
        SnippetLanguage::PowerShell => powershell(call),
        SnippetLanguage::JavaScriptFetch => javascript(call),
        SnippetLanguage::RustReqwest => rust(call),
    }
}

fn pretty(v: &Value) -> String {
    serde_json::to_string_pretty(v).unwrap_or_else(|_| v.to_string())
}

// ---- curl (bash) -------------------------------------------------------------------------

/// A single-quoted shell word: nothing inside is expanded.
fn sh_single(s: &str) -> String {
    format!("'{}'", s.replace('\'', r"'\''"))
}

/// A word as it is when nothing in it is special to the shell, else single-quoted.
fn sh_word(s: &str) -> String {
    if !s.is_empty()
        && s.chars()
            .all(|c| c.is_ascii_alphanumeric() || "-_.".contains(c))
    {
        s.to_string()
    } else {
        sh_single(s)
    }
}

/// Text inside a double-quoted shell word (where `$VAR` still expands).
fn sh_double_inner(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    for c in s.chars() {
        if matches!(c, '\\' | '"' | '$' | '`') {
            out.push('\\');
        }
        out.push(c);
    }
    out
}

fn sh_val(lead: &str, v: &Val) -> String {
    match v {
        Val::Text(t) => sh_single(&format!("{lead}{t}")),
        Val::Env { prefix, var } => {
            format!("\"{}${var}\"", sh_double_inner(&format!("{lead}{prefix}")))
        }
    }
}

fn curl(call: &Call) -> String {
    let mut args = Vec::new();
    if call.method == "HEAD" {
        // `--request HEAD` would wait for a body that never comes.
        args.push("--head".to_string());
    } else {
        args.push(format!("--request {}", sh_word(&call.method)));
    }
    args.push(format!("--url {}", sh_single(&call.url)));
    for (k, v) in &call.headers {
        args.push(format!("--header {}", sh_val(&format!("{k}: "), v)));
    }
    match &call.body {
        Some(Body::Json(v)) => args.push(format!("--data-raw {}", sh_single(&pretty(v)))),
        Some(Body::Raw(s)) if s.contains('\0') => args.push("--data-binary @-".into()),
        Some(Body::Raw(s)) => args.push(format!("--data-raw {}", sh_single(s))),
        Some(Body::Form(rows)) => {
            for (k, v) in rows {
                args.push(format!("--data-urlencode {}", sh_val(&format!("{k}="), v)));
            }
        }
        None => {}
    }
    let stdin = match &call.body {
        // A NUL cannot be in a shell word; printf writes it from an octal escape.
        Some(Body::Raw(s)) if s.contains('\0') => {
            let format = s
                .replace('\\', r"\\")
                .replace('%', "%%")
                .replace('\0', r"\000");
            format!("printf {} | ", sh_single(&format))
        }
        _ => String::new(),
    };
    format!("{stdin}curl {}\n", args.join(" \\\n  "))
}

// ---- Python (requests) -------------------------------------------------------------------

/// A Python string literal; JSON's escapes are all valid Python escapes.
fn py_str(s: &str) -> String {
    serde_json::to_string(s).unwrap_or_else(|_| "\"\"".into())
}

fn py_val(v: &Val) -> String {
    match v {
        Val::Text(t) => py_str(t),
        Val::Env { prefix, var } if prefix.is_empty() => format!("os.environ[{}]", py_str(var)),
        Val::Env { prefix, var } => format!("{} + os.environ[{}]", py_str(prefix), py_str(var)),
    }
}

/// JSON as a Python literal (`true` → `True`, `null` → `None`), four-space indented.
fn py_literal(v: &Value, indent: usize, out: &mut String) {
    let pad = " ".repeat(indent + 4);
    match v {
        Value::Null => out.push_str("None"),
        Value::Bool(b) => out.push_str(if *b { "True" } else { "False" }),
        Value::Number(n) => out.push_str(&n.to_string()),
        Value::String(s) => out.push_str(&py_str(s)),
        Value::Array(items) if items.is_empty() => out.push_str("[]"),
        Value::Object(map) if map.is_empty() => out.push_str("{}"),
        Value::Array(items) => {
            out.push_str("[\n");
            for item in items {
                out.push_str(&pad);
                py_literal(item, indent + 4, out);
                out.push_str(",\n");
            }
            out.push_str(&" ".repeat(indent));
            out.push(']');
        }
        Value::Object(map) => {
            out.push_str("{\n");
            for (k, item) in map {
                out.push_str(&pad);
                out.push_str(&py_str(k));
                out.push_str(": ");
                py_literal(item, indent + 4, out);
                out.push_str(",\n");
            }
            out.push_str(&" ".repeat(indent));
            out.push('}');
        }
    }
}

fn py_dict(name: &str, rows: &[(String, Val)]) -> String {
    let mut s = format!("{name} = {{\n");
    for (k, v) in rows {
        s.push_str(&format!("    {}: {},\n", py_str(k), py_val(v)));
    }
    s.push_str("}\n");
    s
}

fn python(call: &Call) -> String {
    let mut s = String::new();
    if !call.env_vars().is_empty() {
        s.push_str("import os\n\n");
    }
    s.push_str("import requests\n\n");
    s.push_str(&format!("url = {}\n", py_str(&call.url)));
    s.push_str(&py_dict("headers", &call.headers));
    let mut args = format!("{}, url, headers=headers", py_str(&call.method));
    match &call.body {
        Some(Body::Json(v)) => {
            s.push_str("payload = ");
            py_literal(v, 0, &mut s);
            s.push('\n');
            args.push_str(", json=payload");
        }
        Some(Body::Raw(raw)) => {
            s.push_str(&format!("payload = {}\n", py_str(raw)));
            args.push_str(", data=payload.encode(\"utf-8\")");
        }
        Some(Body::Form(rows)) => {
            s.push_str(&py_dict("data", rows));
            args.push_str(", data=data");
        }
        None => {}
    }
    s.push_str(&format!(
        "\nresponse = requests.request({args})\nprint(response.status_code)\nprint(response.text)\n"
    ));
    s
}

// ---- PowerShell --------------------------------------------------------------------------

/// A single-quoted PowerShell string; PowerShell also closes strings on typographic quotes.
fn ps_single(s: &str) -> String {
    let mut out = String::from("'");
    for c in s.chars() {
        if matches!(c, '\'' | '\u{2018}' | '\u{2019}' | '\u{201A}' | '\u{201B}') {
            out.push(c);
        }
        out.push(c);
    }
    out.push('\'');
    out
}

fn ps_val(v: &Val) -> String {
    match v {
        Val::Text(t) => ps_single(t),
        Val::Env { prefix, var } if prefix.is_empty() => format!("$env:{var}"),
        Val::Env { prefix, var } => {
            let mut inner = String::new();
            for c in prefix.chars() {
                if matches!(c, '`' | '"' | '$' | '\u{201C}' | '\u{201D}' | '\u{201E}') {
                    inner.push('`');
                }
                inner.push(c);
            }
            format!("\"{inner}$env:{var}\"")
        }
    }
}

fn ps_table(name: &str, rows: &[(String, Val)]) -> String {
    let mut s = format!("${name} = @{{\n");
    for (k, v) in rows {
        s.push_str(&format!("    {} = {}\n", ps_single(k), ps_val(v)));
    }
    s.push_str("}\n");
    s
}

/// Methods `Invoke-RestMethod -Method` knows; others need PowerShell 7's `-CustomMethod`.
const PS_METHODS: &[&str] = &[
    "GET", "HEAD", "POST", "PUT", "DELETE", "TRACE", "OPTIONS", "MERGE", "PATCH",
];

fn powershell(call: &Call) -> String {
    // Windows PowerShell refuses Content-Type in -Headers: it goes to -ContentType.
    let headers: Vec<_> = call
        .headers
        .iter()
        .filter(|(k, _)| !k.eq_ignore_ascii_case("content-type"))
        .cloned()
        .collect();
    let mut s = ps_table("headers", &headers);
    let method = if PS_METHODS.contains(&call.method.as_str()) {
        format!("-Method {}", ps_single(&call.method))
    } else {
        format!("-CustomMethod {}", ps_single(&call.method))
    };
    let mut args = vec![
        method,
        format!("-Uri {}", ps_single(&call.url)),
        "-Headers $headers".to_string(),
    ];
    match &call.body {
        Some(Body::Form(rows)) => {
            s.push_str(&ps_table("body", rows));
            args.push("-Body $body".into());
        }
        Some(body) => {
            let text = match body {
                Body::Json(v) => pretty(v),
                Body::Raw(r) => r.clone(),
                Body::Form(_) => String::new(),
            };
            s.push_str(&format!("$body = {}\n", ps_single(&text)));
            if let Some(ct) = call.content_type() {
                args.push(format!("-ContentType {}", ps_single(ct)));
            }
            // As UTF-8 bytes: Windows PowerShell would otherwise send ISO-8859-1.
            args.push("-Body ([System.Text.Encoding]::UTF8.GetBytes($body))".into());
        }
        None => {}
    }
    s.push_str(&format!("Invoke-RestMethod {}\n", args.join(" `\n    ")));
    s
}

// ---- JavaScript (fetch) ------------------------------------------------------------------

/// A JavaScript string literal (JSON's, with the two line separators JSON allows escaped).
fn js_str(s: &str) -> String {
    js_safe(&serde_json::to_string(s).unwrap_or_else(|_| "\"\"".into()))
}

fn js_safe(json: &str) -> String {
    json.replace('\u{2028}', "\\u2028")
        .replace('\u{2029}', "\\u2029")
}

fn js_val(v: &Val) -> String {
    match v {
        Val::Text(t) => js_str(t),
        Val::Env { prefix, var } if prefix.is_empty() => format!("process.env.{var}"),
        Val::Env { prefix, var } => format!("{} + process.env.{var}", js_str(prefix)),
    }
}

fn js_object(rows: &[(String, Val)], indent: &str) -> String {
    let mut s = String::from("{\n");
    for (k, v) in rows {
        // A quoted "__proto__" key would set the prototype instead of a property.
        let key = match k.as_str() {
            "__proto__" => "[\"__proto__\"]".to_string(),
            _ => js_str(k),
        };
        s.push_str(&format!("{indent}  {key}: {},\n", js_val(v)));
    }
    s.push_str(indent);
    s.push('}');
    s
}

fn javascript(call: &Call) -> String {
    let mut s = format!("const response = await fetch({}, {{\n", js_str(&call.url));
    s.push_str(&format!("  method: {},\n", js_str(&call.method)));
    s.push_str(&format!("  headers: {},\n", js_object(&call.headers, "  ")));
    match &call.body {
        Some(Body::Json(v)) => {
            let json = js_safe(&pretty(v)).replace('\n', "\n  ");
            s.push_str(&format!("  body: JSON.stringify({json}),\n"));
        }
        Some(Body::Raw(r)) => s.push_str(&format!("  body: {},\n", js_str(r))),
        Some(Body::Form(rows)) => s.push_str(&format!(
            "  body: new URLSearchParams({}),\n",
            js_object(rows, "  ")
        )),
        None => {}
    }
    s.push_str("});\nconsole.log(response.status);\nconsole.log(await response.text());\n");
    s
}

// ---- Rust (reqwest) ----------------------------------------------------------------------

/// A Rust string literal (`Debug` of a `str` is one).
fn rust_str(s: &str) -> String {
    format!("{s:?}")
}

/// A raw string literal with enough `#`s that nothing inside can close it (Rust refuses a bare
/// CR even there, so such text gets an escaped literal).
fn rust_raw(s: &str) -> String {
    if s.contains('\r') {
        return rust_str(s);
    }
    let mut longest = 0;
    for (i, _) in s.match_indices('"') {
        let run = s[i + 1..].chars().take_while(|c| *c == '#').count();
        longest = longest.max(run);
    }
    let hashes = "#".repeat(longest + 1);
    format!("r{hashes}\"{s}\"{hashes}")
}

fn rust_var(var: &str) -> String {
    var.to_ascii_lowercase()
}

fn rust_val(v: &Val) -> String {
    match v {
        Val::Text(t) => rust_str(t),
        Val::Env { prefix, var } if prefix.is_empty() => format!("&{}", rust_var(var)),
        Val::Env { prefix, var } => {
            let template = format!(
                "{}{{{}}}",
                prefix.replace('{', "{{").replace('}', "}}"),
                rust_var(var)
            );
            format!("format!({})", rust_str(&template))
        }
    }
}

const RUST_METHODS: &[&str] = &[
    "GET", "POST", "PUT", "DELETE", "HEAD", "OPTIONS", "PATCH", "TRACE", "CONNECT",
];

fn rust(call: &Call) -> String {
    let mut s = String::from(
        "// Cargo.toml: reqwest = { version = \"0.12\", features = [\"blocking\"] }\n\
         fn main() -> Result<(), Box<dyn std::error::Error>> {\n",
    );
    for var in call.env_vars() {
        s.push_str(&format!(
            "    let {} = std::env::var({})?;\n",
            rust_var(var),
            rust_str(var)
        ));
    }
    let method = if RUST_METHODS.contains(&call.method.as_str()) {
        format!("reqwest::Method::{}", call.method)
    } else {
        format!(
            "reqwest::Method::from_bytes({})?",
            rust_str(&call.method).replacen('"', "b\"", 1)
        )
    };
    s.push_str("    let response = reqwest::blocking::Client::new()\n");
    s.push_str(&format!(
        "        .request({method}, {})\n",
        rust_str(&call.url)
    ));
    for (k, v) in &call.headers {
        s.push_str(&format!(
            "        .header({}, {})\n",
            rust_str(k),
            rust_val(v)
        ));
    }
    match &call.body {
        Some(Body::Json(v)) => s.push_str(&format!("        .body({})\n", rust_raw(&pretty(v)))),
        Some(Body::Raw(r)) => s.push_str(&format!("        .body({})\n", rust_raw(r))),
        Some(Body::Form(rows)) => {
            s.push_str("        .form(&[\n");
            for (k, v) in rows {
                let value = match v {
                    Val::Text(t) => rust_str(t),
                    Val::Env { var, .. } => format!("{}.as_str()", rust_var(var)),
                };
                s.push_str(&format!("            ({}, {value}),\n", rust_str(k)));
            }
            s.push_str("        ])\n");
        }
        None => {}
    }
    s.push_str(
        "        .send()?;\n    println!(\"{}\", response.status());\n    println!(\"{}\", response.text()?);\n    Ok(())\n}\n",
    );
    s
}

#[cfg(test)]
mod tests;
