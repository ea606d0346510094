//! "Paste a curl command": DevTools' "Copy as cURL (bash)", ServiceNow's REST API Explorer and
//! documentation examples become a request in the app.
//!
//! Credentials in the command are never kept: the profile's token is what authenticates, so an
//! `Authorization` header, `-u user:password`, cookies and headers named like secrets are dropped
//! and only reported (names and flags, never values). `-k` is reported too: TLS verification is
//! never turned off.

use base64::Engine;
use serde::{Deserialize, Serialize};
use url::Url;

use super::{header_rows, is_secret_header, on_instance, request_input};
use crate::error::{Error, Result};
use crate::instance::Instance;
use crate::views::{KeyValue, RequestInput};

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS), ts(export))]
pub struct ParsedCurl {
    pub method: String,
    /// Absolute, with the query string (and `-G` data).
    pub url: String,
    /// In command order, without the credential headers listed in `dropped_headers`.
    pub headers: Vec<(String, String)>,
    pub body: Option<String>,
    /// From `-u user:password` or a Basic `Authorization` header; the password is not kept.
    pub basic_auth_user: Option<String>,
    pub had_password: bool,
    /// An `Authorization` header or `--oauth2-bearer` was dropped: the profile's token is used.
    pub dropped_authorization: bool,
    /// Names of other credential headers (and cookies) that were dropped.
    pub dropped_headers: Vec<String>,
    /// `-k`/`--insecure` was given and ignored.
    pub insecure_ignored: bool,
    /// Options that do not change the request (`--compressed`, `-s`, `-L`, `-o FILE` …).
    pub ignored_options: Vec<String>,
}

fn err(message: impl Into<String>) -> Error {
    Error::input("curl", message)
}

// ---- words ---------------------------------------------------------------------------------

/// Splits a command line the way bash would (quotes, `$'…'`, backslashes, line continuations),
/// stopping at the end of the first command (`|`, `;`, `&&`, a redirection).
fn shell_words(cmd: &str) -> Result<Vec<String>> {
    let mut words = Vec::new();
    let mut word = String::new();
    let mut in_word = false;
    let mut chars = cmd.chars().peekable();
    while let Some(c) = chars.next() {
        match c {
            ' ' | '\t' | '\n' | '\r' => {
                if in_word {
                    words.push(std::mem::take(&mut word));
                    in_word = false;
                }
            }
            '\\' => match chars.next() {
                Some('\n') | None => {}
                Some('\r') if chars.peek() == Some(&'\n') => {
                    chars.next();
                }
                Some(n) => {
                    word.push(n);
                    in_word = true;
                }
            },
            '\'' => {
                in_word = true;
                loop {
                    match chars.next() {
                        Some('\'') => break,
                        Some(x) => word.push(x),
                        None => return Err(err("a single quote (') is not closed")),
                    }
                }
            }
            '"' => {
                in_word = true;
                loop {
                    match chars.next() {
                        Some('"') => break,
                        Some('\\') => match chars.next() {
                            Some('\n') => {}
                            Some(x @ ('"' | '\\' | '$' | '`')) => word.push(x),
                            Some(x) => {
                                word.push('\\');
                                word.push(x);
                            }
                            None => return Err(err("a double quote (\") is not closed")),
                        },
                        Some(x) => word.push(x),
                        None => return Err(err("a double quote (\") is not closed")),
                    }
                }
            }
            '$' if chars.peek() == Some(&'\'') => {
                chars.next();
                in_word = true;
                ansi_c(&mut chars, &mut word)?;
            }
            '#' if !in_word => {
                for x in chars.by_ref() {
                    if x == '\n' {
                        break;
                    }
                }
            }
            '|' | ';' | '>' | '<' => break,
            '&' if !in_word => break,
            _ => {
                word.push(c);
                in_word = true;
            }
        }
    }
    if in_word {
        words.push(word);
    }
    Ok(words)
}

/// The body of a `$'…'` word (DevTools writes bodies with quotes or newlines this way).
fn ansi_c(chars: &mut std::iter::Peekable<std::str::Chars<'_>>, word: &mut String) -> Result<()> {
    let unclosed = || err("a $'…' quote is not closed");
    loop {
        match chars.next().ok_or_else(unclosed)? {
            '\'' => return Ok(()),
            '\\' => {
                let e = chars.next().ok_or_else(unclosed)?;
                match e {
                    'n' => word.push('\n'),
                    't' => word.push('\t'),
                    'r' => word.push('\r'),
                    'a' => word.push('\u{7}'),
                    'b' => word.push('\u{8}'),
                    'e' | 'E' => word.push('\u{1b}'),
                    'f' => word.push('\u{c}'),
                    'v' => word.push('\u{b}'),
                    '\\' | '\'' | '"' | '?' => word.push(e),
                    'x' | 'u' | 'U' => {
                        let max = match e {
                            'x' => 2,
                            'u' => 4,
                            _ => 8,
                        };
                        let mut hex = String::new();
                        while hex.len() < max && chars.peek().is_some_and(|c| c.is_ascii_hexdigit())
                        {
                            hex.extend(chars.next());
                        }
                        match u32::from_str_radix(&hex, 16).ok().and_then(char::from_u32) {
                            Some(ch) if !hex.is_empty() => word.push(ch),
                            _ => {
                                word.push('\\');
                                word.push(e);
                                word.push_str(&hex);
                            }
                        }
                    }
                    other => {
                        word.push('\\');
                        word.push(other);
                    }
                }
            }
            x => word.push(x),
        }
    }
}

// ---- options -------------------------------------------------------------------------------

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Opt {
    Request,
    Header,
    Data,
    DataRaw,
    DataUrlencode,
    Json,
    User,
    Get,
    Head,
    Url,
    UserAgent,
    Referer,
    Cookie,
    Bearer,
    Insecure,
    /// Does not change what is sent (output, progress, timeouts, redirects…).
    Ignored,
    /// Would change the request in a way the app cannot express.
    Unsupported,
}

/// (short, long, option, takes a value)
const OPTIONS: &[(Option<char>, &str, Opt, bool)] = &[
    (Some('X'), "request", Opt::Request, true),
    (Some('H'), "header", Opt::Header, true),
    (Some('d'), "data", Opt::Data, true),
    (None, "data-ascii", Opt::Data, true),
    (None, "data-binary", Opt::Data, true),
    (None, "data-raw", Opt::DataRaw, true),
    (None, "data-urlencode", Opt::DataUrlencode, true),
    (None, "json", Opt::Json, true),
    (Some('u'), "user", Opt::User, true),
    (Some('G'), "get", Opt::Get, false),
    (Some('I'), "head", Opt::Head, false),
    (None, "url", Opt::Url, true),
    (Some('A'), "user-agent", Opt::UserAgent, true),
    (Some('e'), "referer", Opt::Referer, true),
    (Some('b'), "cookie", Opt::Cookie, true),
    (None, "oauth2-bearer", Opt::Bearer, true),
    (Some('k'), "insecure", Opt::Insecure, false),
    (Some('s'), "silent", Opt::Ignored, false),
    (Some('S'), "show-error", Opt::Ignored, false),
    (Some('L'), "location", Opt::Ignored, false),
    (Some('i'), "include", Opt::Ignored, false),
    (Some('v'), "verbose", Opt::Ignored, false),
    (Some('f'), "fail", Opt::Ignored, false),
    (Some('g'), "globoff", Opt::Ignored, false),
    (Some('N'), "no-buffer", Opt::Ignored, false),
    (Some('#'), "progress-bar", Opt::Ignored, false),
    (None, "compressed", Opt::Ignored, false),
    (None, "fail-with-body", Opt::Ignored, false),
    (None, "no-progress-meter", Opt::Ignored, false),
    (None, "no-keepalive", Opt::Ignored, false),
    (None, "http1.1", Opt::Ignored, false),
    (None, "http2", Opt::Ignored, false),
    (None, "basic", Opt::Ignored, false),
    (None, "raw", Opt::Ignored, false),
    (Some('o'), "output", Opt::Ignored, true),
    (Some('O'), "remote-name", Opt::Ignored, false),
    (Some('w'), "write-out", Opt::Ignored, true),
    (Some('D'), "dump-header", Opt::Ignored, true),
    (Some('c'), "cookie-jar", Opt::Ignored, true),
    (Some('m'), "max-time", Opt::Ignored, true),
    (None, "connect-timeout", Opt::Ignored, true),
    (None, "retry", Opt::Ignored, true),
    (None, "retry-delay", Opt::Ignored, true),
    (None, "retry-max-time", Opt::Ignored, true),
    (None, "max-redirs", Opt::Ignored, true),
    (Some('x'), "proxy", Opt::Ignored, true),
    (None, "noproxy", Opt::Ignored, true),
    (None, "cacert", Opt::Ignored, true),
    (None, "capath", Opt::Ignored, true),
    (Some('F'), "form", Opt::Unsupported, true),
    (None, "form-string", Opt::Unsupported, true),
    (Some('T'), "upload-file", Opt::Unsupported, true),
    (Some('K'), "config", Opt::Unsupported, true),
    (Some('E'), "cert", Opt::Unsupported, true),
    (None, "key", Opt::Unsupported, true),
    (Some('n'), "netrc", Opt::Unsupported, false),
    (None, "digest", Opt::Unsupported, false),
    (None, "ntlm", Opt::Unsupported, false),
    (None, "negotiate", Opt::Unsupported, false),
    (None, "anyauth", Opt::Unsupported, false),
];

fn by_long(name: &str) -> Option<(Opt, bool)> {
    OPTIONS.iter().find(|o| o.1 == name).map(|o| (o.2, o.3))
}

fn by_short(c: char) -> Option<(Opt, bool, &'static str)> {
    OPTIONS
        .iter()
        .find(|o| o.0 == Some(c))
        .map(|o| (o.2, o.3, o.1))
}

/// What the options say, before it is turned into a [`ParsedCurl`].
#[derive(Default)]
struct Collected {
    method: Option<String>,
    url: Option<String>,
    headers: Vec<(String, String)>,
    data: Option<String>,
    get: bool,
    head: bool,
    json: bool,
    user: Option<String>,
    had_password: bool,
    dropped_authorization: bool,
    dropped_headers: Vec<String>,
    insecure: bool,
    ignored: Vec<String>,
}

impl Collected {
    fn push_data(&mut self, piece: &str, separator: &str) {
        match &mut self.data {
            Some(d) => {
                d.push_str(separator);
                d.push_str(piece);
            }
            None => self.data = Some(piece.to_string()),
        }
    }

    fn apply(&mut self, opt: Opt, name: &str, value: Option<String>) -> Result<()> {
        let value = value.unwrap_or_default();
        let from_file = || {
            err(format!(
                "{name} {value} reads the body from a file; paste the body itself (or use --data-raw)"
            ))
        };
        match opt {
            Opt::Request => self.method = Some(crate::http::parse_method(&value)?.to_string()),
            Opt::Header => self.header(&value),
            Opt::Data if value.starts_with('@') => return Err(from_file()),
            Opt::Data | Opt::DataRaw => self.push_data(&value, "&"),
            Opt::DataUrlencode => {
                let piece = urlencode_data(&value).ok_or_else(from_file)?;
                self.push_data(&piece, "&");
            }
            Opt::Json if value.starts_with('@') => return Err(from_file()),
            Opt::Json => {
                // curl joins --json pieces as they are, and sets both JSON headers.
                self.push_data(&value, "");
                self.json = true;
            }
            Opt::User => self.basic(&value),
            Opt::Get => self.get = true,
            Opt::Head => self.head = true,
            Opt::Url => self.set_url(value)?,
            Opt::UserAgent => self.headers.push(("User-Agent".into(), value)),
            Opt::Referer => self.headers.push(("Referer".into(), value)),
            Opt::Cookie => {
                if value.contains('=') {
                    push_unique(&mut self.dropped_headers, "Cookie");
                } else {
                    // A cookie file to read: nothing is sent from the command itself.
                    push_unique(&mut self.ignored, name);
                }
            }
            Opt::Bearer => self.dropped_authorization = true,
            Opt::Insecure => self.insecure = true,
            Opt::Ignored => push_unique(&mut self.ignored, name),
            Opt::Unsupported => {
                return Err(err(format!(
                    "{name} is not supported: the app sends a raw or JSON body with the profile's token"
                )))
            }
        }
        Ok(())
    }

    fn set_url(&mut self, value: String) -> Result<()> {
        if let Some(first) = &self.url {
            return Err(err(format!(
                "more than one URL ({first} and {value}); paste one request at a time"
            )));
        }
        self.url = Some(value.trim().to_string());
        Ok(())
    }

    fn basic(&mut self, userpass: &str) {
        let (user, password) = match userpass.split_once(':') {
            Some((u, p)) => (u, Some(p)),
            None => (userpass, None),
        };
        if !user.is_empty() {
            self.user = Some(user.to_string());
        }
        self.had_password |= password.is_some();
    }

    fn header(&mut self, raw: &str) {
        // `Name;` sends an empty header; `Name:` with nothing after removes one (curl's rules).
        let (name, value) = match raw.split_once(':') {
            Some((n, v)) if !v.trim().is_empty() => (n.trim(), v.trim()),
            Some(_) => return,
            None => match raw.trim().strip_suffix(';') {
                Some(n) => (n.trim(), ""),
                None => return,
            },
        };
        if name.is_empty() {
            return;
        }
        if name.eq_ignore_ascii_case("authorization") {
            self.dropped_authorization = true;
            let mut parts = value.splitn(2, ' ');
            let scheme = parts.next().unwrap_or("");
            if scheme.eq_ignore_ascii_case("basic") {
                let decoded = base64::engine::general_purpose::STANDARD
                    .decode(parts.next().unwrap_or("").trim())
                    .ok()
                    .and_then(|b| String::from_utf8(b).ok());
                if let Some(userpass) = decoded {
                    self.basic(&userpass);
                }
            }
        } else if is_secret_header(name) {
            push_unique(&mut self.dropped_headers, name);
        } else {
            self.headers.push((name.to_string(), value.to_string()));
        }
    }
}

fn push_unique(list: &mut Vec<String>, item: &str) {
    if !list.iter().any(|i| i.eq_ignore_ascii_case(item)) {
        list.push(item.to_string());
    }
}

/// `--data-urlencode` per curl: `content`, `=content`, `name=content` are encoded; `@file` and
/// `name@file` (→ `None`) read a file.
fn urlencode_data(value: &str) -> Option<String> {
    if let Some((name, content)) = value.split_once('=') {
        if name.is_empty() {
            return Some(percent_encode(content));
        }
        return Some(format!("{name}={}", percent_encode(content)));
    }
    if value.contains('@') {
        return None;
    }
    Some(percent_encode(value))
}

/// Everything but RFC 3986's unreserved characters, as curl does (`' '` → `%20`).
fn percent_encode(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    for b in s.bytes() {
        if b.is_ascii_alphanumeric() || matches!(b, b'-' | b'.' | b'_' | b'~') {
            out.push(b as char);
        } else {
            out.push_str(&format!("%{b:02X}"));
        }
    }
    out
}

fn is_curl(word: &str) -> bool {
    let program = word.rsplit(['/', '\\']).next().unwrap_or(word);
    program.eq_ignore_ascii_case("curl") || program.eq_ignore_ascii_case("curl.exe")
}

/// Reads a pasted curl command (bash syntax).
pub fn parse_curl(cmd: &str) -> Result<ParsedCurl> {
    let words = shell_words(cmd)?;
    let mut words = words.into_iter().peekable();
    // A copied terminal line may start with the prompt.
    if words.peek().is_some_and(|w| w == "$") {
        words.next();
    }
    match words.next() {
        Some(w) if is_curl(&w) => {}
        Some(w) => {
            return Err(err(format!(
                "this is not a curl command (it starts with \"{w}\"); paste a command that starts with curl"
            )))
        }
        None => return Err(err("nothing to read: paste a curl command")),
    }
    let mut c = Collected::default();
    let mut only_urls = false;
    while let Some(word) = words.next() {
        if only_urls || !word.starts_with('-') || word == "-" {
            c.set_url(word)?;
        } else if word == "--" {
            only_urls = true;
        } else if let Some(long) = word.strip_prefix("--") {
            let (name, inline) = match long.split_once('=') {
                Some((n, v)) if by_long(n).is_some() => (n, Some(v.to_string())),
                _ => (long, None),
            };
            let (opt, takes) =
                by_long(name).ok_or_else(|| err(format!("unknown curl option --{name}")))?;
            let display = format!("--{name}");
            let value = if takes {
                Some(match inline {
                    Some(v) => v,
                    None => words
                        .next()
                        .ok_or_else(|| err(format!("{display} needs a value")))?,
                })
            } else {
                None
            };
            c.apply(opt, &display, value)?;
        } else {
            let flags: Vec<char> = word.chars().skip(1).collect();
            for (i, f) in flags.iter().enumerate() {
                let (opt, takes, long) =
                    by_short(*f).ok_or_else(|| err(format!("unknown curl option -{f}")))?;
                let display = format!("--{long}");
                if takes {
                    let rest: String = flags[i + 1..].iter().collect();
                    let value = if rest.is_empty() {
                        words
                            .next()
                            .ok_or_else(|| err(format!("-{f} ({display}) needs a value")))?
                    } else {
                        rest
                    };
                    c.apply(opt, &display, Some(value))?;
                    break;
                }
                c.apply(opt, &display, None)?;
            }
        }
    }
    finish(c)
}

fn finish(mut c: Collected) -> Result<ParsedCurl> {
    let raw_url = c
        .url
        .take()
        .filter(|u| !u.is_empty())
        .ok_or_else(|| err("the command has no URL"))?;
    // Without a scheme curl uses http://; the request is sent with the instance's scheme anyway.
    let absolute = if raw_url.contains("://") {
        raw_url.clone()
    } else {
        format!("http://{raw_url}")
    };
    let mut url =
        Url::parse(&absolute).map_err(|e| err(format!("\"{raw_url}\" is not a URL ({e})")))?;
    if !matches!(url.scheme(), "http" | "https") {
        return Err(err(format!("\"{raw_url}\" is not an http(s) URL")));
    }
    crate::redact::refuse_userinfo(&url)?;
    if c.json {
        for (name, value) in [
            ("Content-Type", "application/json"),
            ("Accept", "application/json"),
        ] {
            if !c.headers.iter().any(|(h, _)| h.eq_ignore_ascii_case(name)) {
                c.headers.push((name.into(), value.into()));
            }
        }
    }
    let mut body = c.data.take();
    if c.get {
        if let Some(data) = body.take() {
            let query = match url.query() {
                Some(q) if !q.is_empty() => format!("{q}&{data}"),
                _ => data,
            };
            url.set_query(Some(&query));
        }
    }
    let method = match c.method.take().filter(|m| !m.is_empty()) {
        Some(m) => m,
        None if c.head => "HEAD".into(),
        None if body.is_some() => "POST".into(),
        None => "GET".into(),
    };
    Ok(ParsedCurl {
        method,
        url: url.to_string(),
        headers: c.headers,
        body,
        basic_auth_user: c.user,
        had_password: c.had_password,
        dropped_authorization: c.dropped_authorization,
        dropped_headers: c.dropped_headers,
        insecure_ignored: c.insecure,
        ignored_options: c.ignored,
    })
}

impl ParsedCurl {
    /// The request as the Request tab holds it: a path on `instance` (a URL elsewhere is an
    /// error, as the token is only ever sent to the profile's instance), query parameters as
    /// rows, a Table target for `/api/now/table/{table}[/{sys_id}]`.
    pub fn to_request_input(&self, instance: &Instance) -> Result<RequestInput> {
        let url = Url::parse(&self.url)
            .map_err(|e| Error::input("url", format!("\"{}\" is not a URL ({e})", self.url)))?;
        if !on_instance(instance, &url) {
            return Err(Error::input(
                "url",
                format!(
                    "{} is not on {instance}; change the profile, or the URL, so that the token goes only to the profile's instance",
                    url.host_str().unwrap_or(&self.url)
                ),
            ));
        }
        let body = self.body.clone().filter(|b| !b.is_empty());
        let (mut headers, accept) = header_rows(
            self.headers
                .iter()
                .map(|(k, v)| (k.as_str(), v.as_str(), true)),
            body.as_deref(),
        );
        if let Some(b) = &body {
            let has_type = headers
                .iter()
                .any(|h| h.key.eq_ignore_ascii_case("content-type"));
            let structured = b.trim_start().starts_with('<')
                || serde_json::from_str::<serde_json::Value>(b).is_ok();
            if !has_type && !structured {
                // What curl itself sends with -d; the app would otherwise call it JSON.
                headers.push(KeyValue {
                    key: "Content-Type".into(),
                    value: "application/x-www-form-urlencoded".into(),
                    enabled: true,
                });
            }
        }
        let params = url
            .query_pairs()
            .map(|(k, v)| KeyValue {
                key: k.into_owned(),
                value: v.into_owned(),
                enabled: true,
            })
            .collect();
        Ok(request_input(
            &self.method,
            url.path(),
            params,
            headers,
            body,
            accept,
        ))
    }
}

#[cfg(test)]
mod tests;

/// A pasted curl command as a request for the profile's instance, with what was dropped.
#[derive(Debug, Clone, Serialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS), ts(export))]
pub struct CurlImport {
    pub input: RequestInput,
    pub parsed: ParsedCurl,
}

pub fn import_curl(cmd: &str, instance: &Instance) -> Result<CurlImport> {
    let parsed = parse_curl(cmd)?;
    Ok(CurlImport {
        input: parsed.to_request_input(instance)?,
        parsed,
    })
}
