//! A row as the Table API shows it: references as link/value objects, display values on
//! request.

use std::collections::BTreeSet;

use serde_json::{json, Map, Value};

use crate::ids;
use crate::store::schema::{choice_label, reference_table, references_by_name};
use crate::store::{Record, Store};

/// `sysparm_display_value`.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum DisplayMode {
    Values,
    Display,
    All,
}

/// How rows are rendered, from the request's `sysparm_*` parameters.
#[derive(Debug, Clone)]
pub(crate) struct RenderOptions {
    pub fields: Option<Vec<String>>,
    pub display: DisplayMode,
    pub exclude_reference_link: bool,
}

/// Renders `record` of `table`; `columns` are the table's fields, shown even where this row
/// has no value, so every row of a table has the same shape.
pub(crate) fn render(
    store: &Store,
    base_url: &str,
    table: &str,
    columns: &BTreeSet<String>,
    record: &Record,
    options: &RenderOptions,
) -> Value {
    let names: Vec<&str> = match &options.fields {
        Some(fields) => fields
            .iter()
            .map(String::as_str)
            .filter(|f| {
                let base = f.split('.').next().unwrap_or(f);
                columns.contains(base)
            })
            .collect(),
        None => columns.iter().map(String::as_str).collect(),
    };
    let mut out = Map::new();
    for name in names {
        let value = store.field(record, name);
        out.insert(
            name.to_string(),
            render_field(store, base_url, table, name, value, options),
        );
    }
    Value::Object(out)
}

fn render_field(
    store: &Store,
    base_url: &str,
    table: &str,
    name: &str,
    value: String,
    options: &RenderOptions,
) -> Value {
    let by_name = references_by_name(table) && !value.is_empty();
    let target = reference_table(table, name).filter(|_| by_name || ids::is_sys_id(&value));
    if let Some(target) = target {
        let link = if by_name {
            format!("{base_url}/api/now/table/{target}?name={value}")
        } else {
            format!("{base_url}/api/now/table/{target}/{value}")
        };
        let display = || {
            if by_name {
                value.clone()
            } else {
                store.display_value(target, &value)
            }
        };
        let mut obj = Map::new();
        match (options.display, options.exclude_reference_link) {
            // Without its link a reference is just its value, as on a real instance.
            (DisplayMode::Values, true) => return Value::String(value),
            (DisplayMode::Display, true) => return Value::String(display()),
            (DisplayMode::Values, false) => {
                obj.insert("link".into(), Value::String(link));
                obj.insert("value".into(), Value::String(value));
            }
            (DisplayMode::Display, false) => {
                obj.insert("display_value".into(), Value::String(display()));
                obj.insert("link".into(), Value::String(link));
            }
            (DisplayMode::All, exclude) => {
                obj.insert("display_value".into(), Value::String(display()));
                if !exclude {
                    obj.insert("link".into(), Value::String(link));
                }
                obj.insert("value".into(), Value::String(value));
            }
        }
        return Value::Object(obj);
    }
    let label = || {
        choice_label(table, name, &value)
            .map(str::to_string)
            .unwrap_or_else(|| value.clone())
    };
    match options.display {
        DisplayMode::Values => Value::String(value),
        DisplayMode::Display => Value::String(label()),
        DisplayMode::All => json!({"display_value": label(), "value": value}),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::config::SandboxConfig;

    const FRED: &str = "5137153cc611227c000bbd1bd8cd2005";

    fn setup() -> (Store, Record) {
        let mut store = Store::seeded(&SandboxConfig::default());
        let rec = store.insert(
            "incident",
            vec![
                ("caller_id".into(), FRED.into()),
                ("urgency".into(), "1".into()),
            ],
            "admin",
        );
        (store, rec)
    }

    fn show(display: DisplayMode, exclude: bool, fields: &str) -> Value {
        let (store, rec) = setup();
        let options = RenderOptions {
            fields: Some(fields.split(',').map(str::to_string).collect()),
            display,
            exclude_reference_link: exclude,
        };
        render(
            &store,
            "http://h",
            "incident",
            store.columns("incident"),
            &rec,
            &options,
        )
    }

    #[test]
    fn reference_shapes() {
        let link = format!("http://h/api/now/table/sys_user/{FRED}");
        assert_eq!(
            show(DisplayMode::Values, false, "caller_id"),
            json!({"caller_id": {"link": link, "value": FRED}})
        );
        assert_eq!(
            show(DisplayMode::Display, false, "caller_id,urgency"),
            json!({"caller_id": {"display_value": "Fred Johnson", "link": link}, "urgency": "1 - High"})
        );
        assert_eq!(
            show(DisplayMode::All, false, "caller_id,urgency"),
            json!({"caller_id": {"display_value": "Fred Johnson", "link": link, "value": FRED},
                   "urgency": {"display_value": "1 - High", "value": "1"}})
        );
        assert_eq!(
            show(
                DisplayMode::Values,
                true,
                "caller_id,nonexistent,caller_id.email"
            ),
            json!({"caller_id": FRED, "caller_id.email": "fred.johnson@example.com"})
        );
    }

    #[test]
    fn key_order_follows_requested_fields() {
        let v = show(DisplayMode::Values, false, "urgency,number");
        let keys: Vec<_> = v
            .as_object()
            .map(|o| o.keys().cloned().collect())
            .unwrap_or_default();
        assert_eq!(keys, ["urgency", "number"]);
    }
}
