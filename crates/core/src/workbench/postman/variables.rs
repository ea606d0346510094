//! `{{variables}}` in an imported request: resolved from the collection's variables and the
//! environment, and the ones left over named, so nothing is sent with a `{{name}}` unnoticed.

use serde_json::{Map, Value};

use crate::views::is_secret_name;
use crate::workbench::SECRET_VARIABLES;

/// Every `{{k}}` in `s` replaced by its value in `vars`.
pub(super) fn substitute(s: &str, vars: &Map<String, Value>) -> String {
    if !s.contains("{{") {
        return s.to_string();
    }
    let mut out = s.to_string();
    for (k, v) in vars {
        if let Some(v) = v.as_str() {
            out = out.replace(&format!("{{{{{k}}}}}"), v);
        }
    }
    out
}

/// Whether a variable may be filled in from a file: never a credential, which the keychain
/// fills in when sending (`{{client_secret}}`, `{{password}}`) or which must not be stored.
pub(super) fn may_resolve(name: &str) -> bool {
    !is_secret_name(name)
        && !SECRET_VARIABLES
            .iter()
            .any(|(v, _)| v.trim_matches(['{', '}']) == name)
}

/// The request with variables resolved everywhere but in a URL object's `host` (which says
/// where the request goes and is read against the instance on its own).
pub(super) fn resolve(request: &Value, vars: &Map<String, Value>) -> Value {
    fn walk(v: &Value, vars: &Map<String, Value>, skip_host: bool) -> Value {
        match v {
            Value::String(s) => Value::String(substitute(s, vars)),
            Value::Array(a) => Value::Array(a.iter().map(|x| walk(x, vars, false)).collect()),
            Value::Object(o) => Value::Object(
                o.iter()
                    .map(|(k, x)| {
                        let kept = skip_host && k == "host";
                        let x = if kept {
                            x.clone()
                        } else {
                            walk(x, vars, k == "url")
                        };
                        (k.clone(), x)
                    })
                    .collect(),
            ),
            other => other.clone(),
        }
    }
    walk(request, vars, false)
}

/// The `{{names}}` still in a resolved request, but for those the keychain fills in and those in
/// `Authorization` headers (never imported: the profile's token authorises).
pub(super) fn unresolved(request: &Value) -> Vec<String> {
    fn strings<'a>(v: &'a Value, out: &mut Vec<&'a str>) {
        match v {
            Value::String(s) => out.push(s),
            Value::Array(a) => a.iter().for_each(|x| strings(x, out)),
            Value::Object(o) => {
                let auth = o
                    .get("key")
                    .and_then(Value::as_str)
                    .is_some_and(|k| k.trim().eq_ignore_ascii_case("authorization"));
                if !auth {
                    o.iter()
                        .filter(|(k, _)| k.as_str() != "host")
                        .for_each(|(_, x)| strings(x, out));
                }
            }
            _ => {}
        }
    }
    let mut texts = Vec::new();
    strings(request, &mut texts);
    let mut names: Vec<String> = Vec::new();
    for t in texts {
        let mut rest = t;
        let lead = t.len() - t.trim_start().len();
        while let Some(i) = rest.find("{{") {
            let at = t.len() - rest.len() + i;
            let after = &rest[i + 2..];
            let Some(j) = after.find("}}") else { break };
            let name = after[..j].trim();
            let keychain = SECRET_VARIABLES
                .iter()
                .any(|(v, _)| v.trim_matches(['{', '}']) == name);
            // A URL's raw text repeats its host; the host is checked on its own.
            let host = at == lead && t[at..].contains("/");
            if !name.is_empty() && !keychain && !host && !names.iter().any(|n| n == name) {
                names.push(name.to_string());
            }
            rest = &after[j + 2..];
        }
    }
    names
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    fn vars() -> Map<String, Value> {
        let mut m = Map::new();
        m.insert("table".into(), json!("incident"));
        m.insert("limit".into(), json!("5"));
        m
    }

    #[test]
    fn resolves_everywhere_but_the_host_and_names_what_is_left() {
        let r = json!({
            "url": {"raw": "{{instance_url}}/api/now/table/{{table}}?sysparm_limit={{limit}}",
                    "host": ["{{instance_url}}"], "path": ["api", "now", "table", "{{table}}"],
                    "query": [{"key": "sysparm_limit", "value": "{{limit}}"}]},
            "header": [{"key": "X-Trace", "value": "{{trace_id}}"},
                       {"key": "Authorization", "value": "Bearer {{token}}"}],
            "body": {"mode": "raw", "raw": "{\"p\":\"{{password}}\",\"q\":\"{{$guid}}\"}"}
        });
        let out = resolve(&r, &vars());
        assert_eq!(out["url"]["host"][0], "{{instance_url}}");
        assert_eq!(out["url"]["path"][3], "incident");
        assert_eq!(out["url"]["query"][0]["value"], "5");
        assert_eq!(unresolved(&out), vec!["trace_id", "$guid"]);
    }

    #[test]
    fn never_fills_in_a_credential() {
        for name in ["password", "client_secret", "api_key", "access_token"] {
            assert!(!may_resolve(name), "{name}");
        }
        assert!(may_resolve("table"));
    }
}
