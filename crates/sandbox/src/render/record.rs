//! A row as the Table API shows it: references as link/value objects, display values on
//! request.

use std::borrow::Cow;
use std::cmp::Ordering;
use std::collections::{btree_map, BTreeSet};
use std::iter::Peekable;

use serde_json::Value;

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

/// One field as the Table API shows it: a plain value, or an object whose members always
/// come in this order (display_value, link, value).
pub(crate) enum Rendered<'a> {
    Text(Cow<'a, str>),
    Object {
        display_value: Option<Cow<'a, str>>,
        link: Option<String>,
        value: Option<Cow<'a, str>>,
    },
}

impl Rendered<'_> {
    /// The object's members that are present, in order.
    pub fn members(&self) -> impl Iterator<Item = (&'static str, &str)> {
        let (display_value, link, value) = match self {
            Rendered::Text(_) => (None, None, None),
            Rendered::Object {
                display_value,
                link,
                value,
            } => (display_value.as_deref(), link.as_deref(), value.as_deref()),
        };
        [
            ("display_value", display_value),
            ("link", link),
            ("value", value),
        ]
        .into_iter()
        .filter_map(|(name, v)| Some((name, v?)))
    }

    fn into_value(self) -> Value {
        match self {
            Rendered::Text(text) => Value::String(text.into_owned()),
            object => Value::Object(
                object
                    .members()
                    .map(|(name, v)| (name.to_string(), Value::String(v.to_string())))
                    .collect(),
            ),
        }
    }
}

/// How every row of one table is rendered for one request: the columns shown and what each
/// references, worked out once rather than per row.
pub(crate) struct RowRenderer {
    table: String,
    base_url: String,
    by_name: bool,
    columns: Vec<(String, Option<&'static str>)>,
    /// Every column in name order, none dot-walked: a row's values can then be read in one
    /// walk beside the columns instead of one map lookup each.
    sorted: bool,
    options: RenderOptions,
}

impl RowRenderer {
    /// `columns` are the table's fields, shown even where a row has no value, so every row of
    /// a table has the same shape.
    pub fn new(
        base_url: &str,
        table: &str,
        columns: &BTreeSet<String>,
        options: &RenderOptions,
    ) -> Self {
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
        RowRenderer {
            table: table.to_string(),
            base_url: base_url.to_string(),
            by_name: references_by_name(table),
            columns: names
                .into_iter()
                .map(|name| (name.to_string(), reference_table(table, name)))
                .collect(),
            sorted: options.fields.is_none(),
            options: options.clone(),
        }
    }

    /// The row's fields, in the order they are shown.
    pub fn fields<'a>(
        &'a self,
        store: &'a Store,
        record: &'a Record,
    ) -> impl Iterator<Item = (&'a str, Rendered<'a>)> {
        let mut row = record.iter().peekable();
        self.columns.iter().map(move |(name, target)| {
            let value = if self.sorted {
                next_value(&mut row, name)
            } else {
                store.value(record, name)
            };
            (name.as_str(), self.field(store, name, *target, value))
        })
    }

    /// The row as a JSON object.
    pub fn render(&self, store: &Store, record: &Record) -> Value {
        Value::Object(
            self.fields(store, record)
                .map(|(name, field)| (name.to_string(), field.into_value()))
                .collect(),
        )
    }

    fn field<'a>(
        &self,
        store: &Store,
        name: &str,
        target: Option<&'static str>,
        value: Cow<'a, str>,
    ) -> Rendered<'a> {
        let by_name = self.by_name && !value.is_empty();
        let target = target.filter(|_| by_name || ids::is_sys_id(&value));
        let options = &self.options;
        if let Some(target) = target {
            let base_url = &self.base_url;
            let link = || {
                Some(if by_name {
                    format!("{base_url}/api/now/table/{target}?name={value}")
                } else {
                    format!("{base_url}/api/now/table/{target}/{value}")
                })
            };
            let display = || {
                Some(if by_name {
                    value.clone()
                } else {
                    Cow::Owned(store.display_value(target, &value))
                })
            };
            let (display_value, link) = match (options.display, options.exclude_reference_link) {
                // Without its link a reference is just its value, as on a real instance.
                (DisplayMode::Values, true) => return Rendered::Text(value),
                (DisplayMode::Display, true) => {
                    return Rendered::Text(display().unwrap_or_default())
                }
                (DisplayMode::Values, false) => (None, link()),
                (DisplayMode::Display, false) => {
                    return Rendered::Object {
                        display_value: display(),
                        link: link(),
                        value: None,
                    }
                }
                (DisplayMode::All, exclude) => (display(), (!exclude).then(link).flatten()),
            };
            return Rendered::Object {
                display_value,
                link,
                value: Some(value),
            };
        }
        let label = || match choice_label(&self.table, name, &value) {
            Some(label) => Cow::Borrowed(label),
            None => value.clone(),
        };
        match options.display {
            DisplayMode::Values => Rendered::Text(value),
            DisplayMode::Display => Rendered::Text(label()),
            DisplayMode::All => Rendered::Object {
                display_value: Some(label()),
                link: None,
                value: Some(value),
            },
        }
    }
}

/// The value of column `name` from a row walked in name order, as the columns are.
fn next_value<'a>(
    row: &mut Peekable<btree_map::Iter<'a, String, String>>,
    name: &str,
) -> Cow<'a, str> {
    while let Some((key, value)) = row.peek() {
        match key.as_str().cmp(name) {
            Ordering::Less => {
                row.next();
            }
            Ordering::Equal => {
                let value = value.as_str();
                row.next();
                return Cow::Borrowed(value);
            }
            Ordering::Greater => break,
        }
    }
    Cow::Borrowed("")
}

/// Renders `record` of `table` as a JSON object.
pub(crate) fn render(
    store: &Store,
    base_url: &str,
    table: &str,
    columns: &BTreeSet<String>,
    record: &Record,
    options: &RenderOptions,
) -> Value {
    RowRenderer::new(base_url, table, columns, options).render(store, record)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::config::SandboxConfig;
    use serde_json::json;

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
