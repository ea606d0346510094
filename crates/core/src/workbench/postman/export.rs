//! The collection and environment Snowpost writes for Postman and newman.

use serde_json::{json, Value};
use url::Url;

use super::{SavedRequest, INSTANCE_VAR, POSTMAN_SCHEMA};
use crate::instance::Instance;
use crate::views::{KeyValue, RequestInput, RequestTarget};
use crate::workbench::{is_secret_header, on_instance};

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

/// The grant the collection's script asks `/oauth_token.do` for. Only the password and
/// client-credentials grants can run unattended; a profile that signs in in a browser or with a
/// signed JWT runs from a `refresh_token` (or an `access_token`) given in the environment.
fn script_grant(grant_type: &str, username: Option<&str>) -> &'static str {
    match grant_type {
        "password" => "password",
        "client_credentials" => "client_credentials",
        "authorization_code" => "authorization_code",
        "jwt_bearer" | "urn:ietf:params:oauth:grant-type:jwt-bearer" => "jwt_bearer",
        _ if username.is_some() => "password",
        _ => "client_credentials",
    }
}

/// The collection's pre-request script: fetches, caches and renews the token.
const TOKEN_SCRIPT: &str = include_str!("token_script.js");
/// The collection's test script: a failed token request, and any answer that is not 2xx.
const TEST_SCRIPT: &str = include_str!("test_script.js");

fn script_event(listen: &str, source: &str) -> Value {
    let exec: Vec<&str> = source.lines().collect();
    json!({"listen": listen, "script": {"type": "text/javascript", "exec": exec}})
}

/// The environment's secret values, each left empty: they are never exported.
fn secret_variables(grant: &str) -> &'static [&'static str] {
    match grant {
        "password" => &["client_secret", "password"],
        "client_credentials" => &["client_secret"],
        _ => &["client_secret", "refresh_token", "access_token"],
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
pub(super) fn encode_query_part(s: &str, key: bool) -> String {
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

/// A Postman v2.1 collection of `requests` that gets its own token: a collection-level
/// pre-request script asks `/oauth_token.do` for it with the credentials in the environment
/// (`{{client_secret}}`, `{{password}}` …), and every request sends it as a bearer token. It
/// holds no secret value, so it runs unchanged in Postman and in newman with `--env-var`.
pub fn export_collection(
    profile_name: &str,
    instance: &Instance,
    client_id: &str,
    grant_type: &str,
    username: Option<&str>,
    requests: &[SavedRequest],
) -> Value {
    let grant = script_grant(grant_type, username);
    let mut variables = vec![
        json!({"key": "instance_url", "value": instance.as_str(), "type": "string"}),
        json!({"key": "client_id", "value": client_id, "type": "string"}),
        json!({"key": "grant_type", "value": grant, "type": "string"}),
    ];
    if let Some(u) = username {
        variables.push(json!({"key": "username", "value": u, "type": "string"}));
    }
    let secrets = secret_variables(grant).join(", ");
    json!({
        "info": {
            "_postman_id": derived_uuid(&format!("snowpost collection {profile_name}")),
            "name": format!("{profile_name} (Snowpost)"),
            "description": format!(
                "ServiceNow requests of the Snowpost profile \"{profile_name}\" ({instance}). \
                 The collection's pre-request script gets the OAuth token ({grant} grant) from \
                 /oauth_token.do and renews it before it expires. Import the matching environment \
                 and fill in {secrets} (never exported), or run \
                 `newman run <collection> -e <environment> --env-var client_secret=…`."
            ),
            "schema": POSTMAN_SCHEMA,
        },
        "item": requests.iter().map(|r| export_item(instance, r)).collect::<Vec<_>>(),
        "auth": {"type": "bearer", "bearer": [attr("token", "{{snowpost_access_token}}")]},
        "event": [script_event("prerequest", TOKEN_SCRIPT), script_event("test", TEST_SCRIPT)],
        "variable": variables,
    })
}

/// A Postman environment for the profile: `instance_url`, `client_id`, `grant_type` and
/// `username` filled in, the credentials the grant needs as empty `secret` values to type.
pub fn export_environment(
    profile_name: &str,
    instance: &Instance,
    client_id: &str,
    grant_type: &str,
    username: Option<&str>,
) -> Value {
    let grant = script_grant(grant_type, username);
    let value = |key: &str, value: &str, kind: &str| json!({"key": key, "value": value, "type": kind, "enabled": true});
    let mut values = vec![
        value("instance_url", instance.as_str(), "default"),
        value("client_id", client_id, "default"),
        value("grant_type", grant, "default"),
        value("username", username.unwrap_or_default(), "default"),
    ];
    values.extend(
        secret_variables(grant)
            .iter()
            .map(|k| value(k, "", "secret")),
    );
    json!({
        "id": derived_uuid(&format!("snowpost environment {profile_name}")),
        "name": format!("{profile_name} (Snowpost)"),
        "values": values,
        "_postman_variable_scope": "environment",
        "_postman_exported_using": "Snowpost",
    })
}
