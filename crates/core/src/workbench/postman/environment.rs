//! Postman environments: the values `{{variables}}` in an imported collection resolve from.

use serde_json::{Map, Value};

use crate::error::{Error, Result};

/// An environment's enabled values. Values Postman marks `secret` are not kept: a secret is
/// never stored outside the keychain, so a variable naming one stays unresolved and is listed.
#[derive(Debug, Clone, Default)]
pub struct PostmanEnvironment {
    pub name: String,
    pub values: Map<String, Value>,
    pub secrets: Vec<String>,
}

impl PostmanEnvironment {
    /// The value of `{{name}}`, when the environment has one that may be used.
    pub fn get(&self, name: &str) -> Option<&str> {
        self.values.get(name).and_then(Value::as_str)
    }
}

/// Reads a Postman environment file (`*.postman_environment.json`, or a globals file).
pub fn import_environment(json: &str) -> Result<PostmanEnvironment> {
    let bad = |m: String| Error::input("environment", m);
    let doc: Value = serde_json::from_str(json).map_err(|e| {
        bad(format!(
            "is not JSON ({e}); export the environment from Postman (Environments → ⋯ → Export)"
        ))
    })?;
    let values = doc.get("values").and_then(Value::as_array).ok_or_else(|| {
        bad(
            "is not a Postman environment: it has no \"values\" list. Did you pick the collection?"
                .into(),
        )
    })?;
    let mut env = PostmanEnvironment {
        name: doc
            .get("name")
            .and_then(Value::as_str)
            .unwrap_or_default()
            .to_string(),
        ..Default::default()
    };
    for v in values {
        let Some(key) = v.get("key").and_then(Value::as_str).map(str::trim) else {
            continue;
        };
        if key.is_empty() || v.get("enabled").and_then(Value::as_bool) == Some(false) {
            continue;
        }
        if v.get("type").and_then(Value::as_str) == Some("secret") {
            env.secrets.push(key.to_string());
            continue;
        }
        let value = match v.get("value") {
            Some(Value::String(s)) => s.clone(),
            Some(Value::Null) | None => String::new(),
            Some(other) => other.to_string(),
        };
        env.values.insert(key.to_string(), Value::String(value));
    }
    Ok(env)
}

#[cfg(test)]
mod tests {
    use serde_json::json;

    use super::*;
    use crate::instance::Instance;
    use crate::workbench::import_collection_with;

    fn collection() -> String {
        json!({
            "info": {"name": "c", "schema": crate::workbench::POSTMAN_SCHEMA},
            "variable": [{"key": "limit", "value": "1"}, {"key": "instance_url", "value": ""}],
            "item": [{
                "name": "List",
                "request": {
                    "method": "GET",
                    "url": "{{instance_url}}/api/now/table/{{table}}?sysparm_limit={{limit}}&k={{api_key}}",
                    "header": [{"key": "X-Trace", "value": "{{trace}}"},
                               {"key": "Authorization", "value": "Bearer {{token}}"}]
                }
            }]
        })
        .to_string()
    }

    fn environment() -> String {
        json!({
            "name": "dev",
            "values": [
                {"key": "instance_url", "value": "https://dev1.service-now.com", "enabled": true},
                {"key": "table", "value": "incident", "enabled": true},
                {"key": "limit", "value": "5", "enabled": true},
                {"key": "old", "value": "x", "enabled": false},
                {"key": "api_key", "value": "k-123", "type": "secret", "enabled": true}
            ]
        })
        .to_string()
    }

    #[test]
    fn variables_resolve_from_the_environment_and_the_rest_are_listed() {
        let env = import_environment(&environment()).unwrap();
        assert_eq!(env.name, "dev");
        assert_eq!(env.get("table"), Some("incident"));
        assert_eq!(env.get("old"), None);
        assert_eq!(env.secrets, vec!["api_key"]);
        let instance = Instance::parse("dev1").unwrap();
        let out = import_collection_with(&collection(), &instance, Some(&env)).unwrap();
        let r = &out.requests[0].request;
        assert_eq!(r.table, "incident");
        let params: Vec<(&str, &str)> = r
            .params
            .iter()
            .map(|p| (p.key.as_str(), p.value.as_str()))
            .collect();
        // The environment wins over the collection's own variable; a secret is never filled in.
        assert_eq!(params, vec![("sysparm_limit", "5"), ("k", "{{api_key}}")]);
        assert_eq!(out.unresolved, vec!["List: {{api_key}}", "List: {{trace}}"]);
        assert!(!format!("{out:?}").contains("k-123"));
    }

    #[test]
    fn a_collection_is_not_an_environment() {
        let e = import_environment(&collection()).unwrap_err();
        assert!(
            e.to_string().contains("Did you pick the collection?"),
            "{e}"
        );
        assert!(import_environment("{").is_err());
    }
}
