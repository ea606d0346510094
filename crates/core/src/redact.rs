//! The one place that decides what looks like a secret and blanks it: history, saved requests,
//! imports, exports and logs all go through here. Its cases are one table, in `tests/redaction_rules.rs`.

use serde_json::Value;

pub const REDACTED: &str = "[redacted]";

/// Parts of a compacted name (lowercase, no `-`, `_`, `.`) that mark a secret wherever they occur.
const SECRET_PARTS: &[&str] = &[
    "password",
    "passwd",
    "passphrase",
    "secret",
    "token",
    "apikey",
    "privatekey",
    "authorization",
    "cookie",
    "session",
    "credential",
    "subscriptionkey",
    "accesskey",
    "signature",
    "assertion",
];

/// Words that mark a secret only as a whole word (`pass`, not `passenger`).
const SECRET_WORDS: &[&str] = &["pwd", "pass", "pin", "auth", "sid", "jwt", "otp"];

/// Whether a header, parameter or field name usually carries a secret: `client_secret`,
/// `privateKey`, `X-Auth-Email`, `Ocp-Apim-Subscription-Key`, `JSESSIONID`, `pwd` …
pub fn is_secret_name(name: &str) -> bool {
    let compact: String = name
        .chars()
        .filter(|c| !matches!(c, '-' | '_' | '.' | ' '))
        .flat_map(char::to_lowercase)
        .collect();
    if SECRET_PARTS.iter().any(|p| compact.contains(p)) || compact.starts_with("xauth") {
        return true;
    }
    words(name).any(|w| SECRET_WORDS.contains(&w.as_str()))
}

/// `apiKey` → `api`, `key`; `x-auth_pwd` → `x`, `auth`, `pwd`.
fn words(name: &str) -> impl Iterator<Item = String> + '_ {
    let mut out = Vec::new();
    let mut cur = String::new();
    let mut prev_lower = false;
    for c in name.chars() {
        if !c.is_alphanumeric() {
            out.push(std::mem::take(&mut cur));
            prev_lower = false;
            continue;
        }
        if c.is_uppercase() && prev_lower {
            out.push(std::mem::take(&mut cur));
        }
        prev_lower = c.is_lowercase() || c.is_ascii_digit();
        cur.extend(c.to_lowercase());
    }
    out.push(cur);
    out.into_iter().filter(|w| !w.is_empty())
}

/// A header value as a record may show it: the scheme of a credential kept (`Bearer [redacted]`).
pub fn header_value(name: &str, value: &str) -> String {
    if !is_secret_name(name.trim()) {
        return value.to_string();
    }
    match value.split_once(' ') {
        Some((scheme, _)) if !scheme.is_empty() && !scheme.contains(['=', ':']) => {
            format!("{scheme} {REDACTED}")
        }
        _ => REDACTED.into(),
    }
}

/// Name/value pairs with the values of secret-named ones replaced.
pub fn pairs(pairs: &[(String, String)]) -> Vec<(String, String)> {
    pairs
        .iter()
        .map(|(k, v)| {
            let v = if is_secret_name(k) {
                REDACTED.into()
            } else {
                v.clone()
            };
            (k.clone(), v)
        })
        .collect()
}

/// A URL with user-info removed and every query value named like a secret replaced.
pub fn url(url: &str) -> String {
    if !url.contains(['?', '@']) {
        // No query and no user info: nothing to replace (and no parse on every send).
        return url.to_string();
    }
    let Ok(mut u) = url::Url::parse(url) else {
        return url.to_string();
    };
    let _ = u.set_username("");
    let _ = u.set_password(None);
    let redacted = pairs(&u.query_pairs().into_owned().collect::<Vec<_>>());
    if !redacted.is_empty() {
        u.query_pairs_mut().clear().extend_pairs(redacted);
    }
    u.to_string()
}

/// Refuses a URL that carries `user:password@`: a credential there ends up in every record of it.
pub fn refuse_userinfo(u: &url::Url) -> crate::error::Result<()> {
    if u.username().is_empty() && u.password().is_none() {
        return Ok(());
    }
    Err(crate::error::Error::input(
        "URL",
        "carries a user name or password (user:pass@host); remove it and keep the password in the profile, where it stays in the keychain",
    ))
}

/// What goes in place of a secret-named field's value, given its name and value.
pub type Replace<'a> = &'a mut dyn FnMut(&str, &str) -> String;

fn json(v: &mut Value, f: Replace) {
    match v {
        Value::Object(map) => {
            for (k, val) in map.iter_mut() {
                if is_secret_name(k) && !val.is_null() {
                    let old = val.as_str().map_or_else(|| val.to_string(), str::to_string);
                    *val = Value::String(f(k, &old));
                } else {
                    json(val, f);
                }
            }
        }
        Value::Array(items) => items.iter_mut().for_each(|i| json(i, f)),
        _ => {}
    }
}

/// XML with the text of secret-named elements and the values of secret-named attributes
/// replaced. A secret element that is never closed takes the rest of the body with it.
fn redact_xml(xml: &str, f: Replace) -> String {
    let mut out = String::with_capacity(xml.len());
    let mut rest = xml;
    while let Some(lt) = rest.find('<') {
        out.push_str(&rest[..lt]);
        rest = &rest[lt..];
        let literal_end = [("<!--", "-->"), ("<![CDATA[", "]]>")]
            .iter()
            .find(|(open, _)| rest.starts_with(open))
            .map(|(_, close)| rest.find(close).map_or(rest.len(), |i| i + close.len()));
        if let Some(end) = literal_end {
            out.push_str(&rest[..end]);
            rest = &rest[end..];
            continue;
        }
        let Some(gt) = rest.find('>') else {
            out.push_str(&redact_attributes(rest, f));
            return out;
        };
        let tag = &rest[..=gt];
        rest = &rest[gt + 1..];
        out.push_str(&redact_attributes(tag, f));
        if tag.starts_with("</")
            || tag.starts_with("<?")
            || tag.starts_with("<!")
            || tag.ends_with("/>")
        {
            continue;
        }
        let name = tag[1..]
            .split(|c: char| c.is_whitespace() || c == '>' || c == '/')
            .next()
            .unwrap_or("");
        let local = name.rsplit(':').next().unwrap_or(name);
        if is_secret_name(local) {
            let end = rest.find(&format!("</{name}")).unwrap_or(rest.len());
            out.push_str(&f(local, &rest[..end]));
            rest = &rest[end..];
        }
    }
    out.push_str(rest);
    out
}

/// One tag with the values of secret-named attributes replaced.
fn redact_attributes(tag: &str, f: Replace) -> String {
    let mut out = String::with_capacity(tag.len());
    let mut rest = tag;
    while let Some(eq) = rest.find('=') {
        let name = rest[..eq]
            .trim_end()
            .rsplit(|c: char| c.is_whitespace() || c == '<')
            .next()
            .unwrap_or("");
        let value = &rest[eq + 1..];
        let unpadded = value.trim_start();
        let pad = value.len() - unpadded.len();
        match unpadded.chars().next() {
            Some(q @ ('"' | '\'')) => {
                let end = unpadded[1..].find(q).map_or(unpadded.len(), |i| i + 2);
                out.push_str(&rest[..eq + 1 + pad]);
                if is_secret_name(name) {
                    let old = unpadded[1..end].trim_end_matches(q);
                    out.extend([q.to_string(), f(name, old), q.to_string()]);
                } else {
                    out.push_str(&unpadded[..end]);
                }
                rest = &unpadded[end..];
            }
            _ => {
                out.push_str(&rest[..eq + 1]);
                rest = &rest[eq + 1..];
            }
        }
    }
    out.push_str(rest);
    out
}

/// A form-encoded body (`a=1&password=x`) with secret-named fields replaced in place, the rest
/// byte for byte (so a trailing newline or a space in a value changes nothing); `None` when no
/// field is named like a secret.
fn form(body: &str, f: Replace) -> Option<String> {
    if !body.contains('=') {
        return None;
    }
    let mut hit = false;
    let mut out = String::with_capacity(body.len());
    let mut rest = body;
    while !rest.is_empty() {
        let end = rest.find(['&', '\n']).unwrap_or(rest.len());
        let (field, tail) = rest.split_at(end);
        match field.split_once('=') {
            Some((k, v)) if is_secret_name(&form_decode(k)) => {
                hit = true;
                let keep = v.len() - v.trim_end().len();
                let old = form_decode(v);
                let new: String =
                    url::form_urlencoded::byte_serialize(f(&form_decode(k), &old).as_bytes())
                        .collect();
                // `{{variable}}` stays readable (and findable) in a stored form.
                out.push_str(k);
                out.push('=');
                out.push_str(&new.replace("%7B", "{").replace("%7D", "}"));
                out.push_str(&v[v.len() - keep..]);
            }
            _ => out.push_str(field),
        }
        let sep = tail.chars().next();
        if let Some(c) = sep {
            out.push(c);
            rest = &tail[c.len_utf8()..];
        } else {
            rest = tail;
        }
    }
    hit.then_some(out)
}

fn form_decode(s: &str) -> String {
    url::form_urlencoded::parse(format!("{}=", s.trim()).as_bytes())
        .next()
        .map(|(k, _)| k.into_owned())
        .unwrap_or_default()
}

/// JSON that does not parse (a template, a truncated body): each `"secret_name": "value"`
/// string is blanked where it stands.
fn loose_json(body: &str, f: Replace) -> String {
    let mut out = String::with_capacity(body.len());
    let mut rest = body;
    let mut secret_key: Option<String> = None;
    while let Some(q) = rest.find('"') {
        let between = &rest[..q];
        let is_value = secret_key.is_some() && between.trim() == ":";
        out.push_str(between);
        let end = q + string_end(&rest[q..]);
        let lit = &rest[q..end];
        rest = &rest[end..];
        if let (true, Some(key)) = (is_value, secret_key.take()) {
            let old: String = serde_json::from_str(lit).unwrap_or_default();
            out.push_str(&Value::String(f(&key, &old)).to_string());
        } else {
            out.push_str(lit);
            let key = lit.trim_matches('"');
            secret_key = (rest.trim_start().starts_with(':') && is_secret_name(key))
                .then(|| key.to_string());
        }
    }
    out.push_str(rest);
    out
}

/// The byte length of the JSON string literal at the start of `s` (which starts with `"`).
fn string_end(s: &str) -> usize {
    let mut escaped = false;
    for (i, c) in s.char_indices().skip(1) {
        match c {
            _ if escaped => escaped = false,
            '\\' => escaped = true,
            '"' => return i + 1,
            _ => {}
        }
    }
    s.len()
}

/// A request body as a record may keep it: JSON, XML and form fields named like secrets replaced.
pub fn body(body: &str) -> String {
    body_with(body, &mut |_, _| REDACTED.to_string())
}

/// [`body`] with `f` choosing each secret-named field's new value (text, unencoded: it is
/// escaped for JSON, form or XML here).
pub fn body_with(body: &str, f: Replace) -> String {
    if let Ok(mut v) = serde_json::from_str::<Value>(body) {
        json(&mut v, f);
        return v.to_string();
    }
    let start = body.trim_start();
    if start.starts_with('<') {
        return redact_xml(body, f);
    }
    if start.starts_with(['{', '[']) {
        return loose_json(body, f);
    }
    form(body, f).unwrap_or_else(|| body.to_string())
}
