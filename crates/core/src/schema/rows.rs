//! Requests for the metadata tables and parsers of their rows, pure: the workspace sends them.

use serde_json::Value;

use super::{ChoiceInfo, CurrentUser, FieldInfo, ReferenceCandidate, TableInfo};
use crate::api::{ApiRequest, TableRequest};
use crate::http::Method;

const DICTIONARY_FIELDS: &str =
    "name,element,column_label,internal_type,reference,max_length,mandatory,read_only,active,display";
const CHOICE_FIELDS: &str = "name,element,value,label,sequence,inactive,dependent_value";

/// The raw rows the instance answered for one table's schema; what the cache keeps, so a
/// newer Snowpost re-reads them with its own parser.
#[derive(Debug, Clone, Default)]
pub struct MetadataRows {
    pub table: String,
    pub label: String,
    /// The table and its ancestors, nearest first.
    pub hierarchy: Vec<String>,
    /// `sys_dictionary` rows of the hierarchy, or `None` when the dictionary was not readable.
    pub dictionary: Option<Vec<Value>>,
    pub choices: Vec<Value>,
    /// One record of the table: its keys are the fields when the dictionary is hidden.
    pub sample: Option<Value>,
    pub limits: Vec<String>,
}

fn list(table: &str, query: String, fields: &str) -> TableRequest {
    TableRequest::list(table)
        .param("sysparm_query", query)
        .param("sysparm_fields", fields)
        .param("sysparm_exclude_reference_link", "true")
        .param("sysparm_limit", "10000")
}

/// Every table with its label and parent's name, one request.
pub fn tables_request() -> TableRequest {
    list(
        "sys_db_object",
        "ORDERBYname".into(),
        "name,label,super_class.name",
    )
}

/// The columns of every table in the hierarchy (`name=incident` alone gives only incident's
/// own, not task's).
pub fn dictionary_request(hierarchy: &[String]) -> TableRequest {
    let query = format!(
        "nameIN{}^elementISNOTEMPTY^active=true",
        hierarchy.join(",")
    );
    list("sys_dictionary", query, DICTIONARY_FIELDS)
}

/// The choice lists of the hierarchy, in the user's language (English for now).
pub fn choices_request(hierarchy: &[String]) -> TableRequest {
    let query = format!("nameIN{}^language=en^ORDERBYsequence", hierarchy.join(","));
    list("sys_choice", query, CHOICE_FIELDS)
}

/// One record, for its field names when the dictionary is hidden by ACLs.
pub fn sample_request(table: &str) -> TableRequest {
    TableRequest::list(table)
        .param("sysparm_limit", "1")
        .param("sysparm_exclude_reference_link", "true")
}

fn candidate_fields(table: &str, display: &str) -> String {
    if table == "sys_user" {
        format!("sys_id,{display},user_name,email")
    } else {
        format!("sys_id,{display}")
    }
}

/// Query values cannot carry `^` (the term separator) or a newline.
fn clean(text: &str) -> String {
    text.trim().replace(['^', '\n', '\r'], " ")
}

/// Records of `table` whose display field (for users also user_name or email) contains
/// `text`: what a reference picker offers as the user types.
pub fn search_request(table: &str, display: &str, text: &str, limit: u32) -> TableRequest {
    let text = clean(text);
    let query = if table == "sys_user" {
        format!("nameLIKE{text}^ORuser_nameLIKE{text}^ORemailLIKE{text}^ORDERBYname")
    } else {
        format!("{display}LIKE{text}^ORDERBY{display}")
    };
    TableRequest::list(table)
        .param("sysparm_query", query)
        .param("sysparm_fields", candidate_fields(table, display))
        .param("sysparm_exclude_reference_link", "true")
        .param("sysparm_limit", limit.to_string())
}

/// Records whose `field` is exactly `value`; two at most, enough to see it is ambiguous.
pub fn lookup_request(table: &str, field: &str, value: &str, display: &str) -> TableRequest {
    TableRequest::list(table)
        .param("sysparm_query", format!("{field}={}", clean(value)))
        .param("sysparm_fields", candidate_fields(table, display))
        .param("sysparm_exclude_reference_link", "true")
        .param("sysparm_limit", "2")
}

pub fn current_user() -> ApiRequest {
    ApiRequest::new(Method::GET, "/api/now/ui/user/current_user")
}

/// A field's value as a string: plain, or the `value` of a `{link, value}` object.
fn text(row: &Value, key: &str) -> String {
    match &row[key] {
        Value::String(s) => s.clone(),
        Value::Object(o) => o
            .get("value")
            .or_else(|| o.get("display_value"))
            .and_then(Value::as_str)
            .unwrap_or_default()
            .to_string(),
        Value::Number(n) => n.to_string(),
        Value::Bool(b) => b.to_string(),
        _ => String::new(),
    }
}

fn flag(row: &Value, key: &str) -> bool {
    matches!(text(row, key).as_str(), "true" | "1")
}

fn non_empty(s: String) -> Option<String> {
    (!s.is_empty()).then_some(s)
}

/// The `result` array of a list answer.
pub(crate) fn result_rows(body: Option<Value>) -> Vec<Value> {
    match body.map(|mut b| b["result"].take()) {
        Some(Value::Array(rows)) => rows,
        _ => Vec::new(),
    }
}

pub(crate) fn parse_tables(rows: &[Value]) -> Vec<TableInfo> {
    rows.iter()
        .filter_map(|r| {
            let name = non_empty(text(r, "name"))?;
            Some(TableInfo {
                label: non_empty(text(r, "label")).unwrap_or_else(|| name.clone()),
                super_class: non_empty(text(r, "super_class.name")),
                name,
            })
        })
        .collect()
}

pub(crate) fn parse_candidates(rows: &[Value], display: &str) -> Vec<ReferenceCandidate> {
    rows.iter()
        .map(|r| {
            let detail: Vec<String> = ["user_name", "email"]
                .iter()
                .map(|k| text(r, k))
                .filter(|v| !v.is_empty())
                .collect();
            ReferenceCandidate {
                sys_id: text(r, "sys_id"),
                display: text(r, display),
                detail: detail.join(" · "),
            }
        })
        .filter(|c| !c.sys_id.is_empty())
        .collect()
}

pub(crate) fn parse_current_user(body: &Value) -> Option<CurrentUser> {
    let r = &body["result"];
    Some(CurrentUser {
        sys_id: non_empty(text(r, "user_sys_id"))?,
        user_name: text(r, "user_name"),
        display_name: text(r, "user_display_name"),
    })
}

impl MetadataRows {
    /// The columns, as the dictionary lists them, or the sample record's keys.
    pub(crate) fn columns(&self) -> Vec<FieldInfo> {
        let Some(rows) = &self.dictionary else {
            let keys = self.sample.as_ref().and_then(Value::as_object);
            return keys
                .map(|o| {
                    o.keys()
                        .map(|k| FieldInfo {
                            element: k.clone(),
                            label: k.clone(),
                            internal_type: "unknown".into(),
                            reference: None,
                            max_length: None,
                            mandatory: false,
                            read_only: false,
                            display: false,
                            defined_on: self.table.clone(),
                            choices: Vec::new(),
                        })
                        .collect()
                })
                .unwrap_or_default();
        };
        rows.iter()
            .filter(|r| !text(r, "element").is_empty() && text(r, "active") != "false")
            .map(|r| {
                let element = text(r, "element");
                FieldInfo {
                    label: non_empty(text(r, "column_label")).unwrap_or_else(|| element.clone()),
                    internal_type: non_empty(text(r, "internal_type"))
                        .unwrap_or_else(|| "string".into()),
                    reference: non_empty(text(r, "reference")),
                    max_length: text(r, "max_length").parse().ok(),
                    mandatory: flag(r, "mandatory"),
                    read_only: flag(r, "read_only"),
                    display: flag(r, "display"),
                    defined_on: text(r, "name"),
                    choices: Vec::new(),
                    element,
                }
            })
            .collect()
    }

    /// (table, element, choice) for every choice row.
    pub(crate) fn choices(&self) -> Vec<(String, String, ChoiceInfo)> {
        self.choices
            .iter()
            .map(|r| {
                let choice = ChoiceInfo {
                    value: text(r, "value"),
                    label: text(r, "label"),
                    sequence: text(r, "sequence").parse().unwrap_or(0),
                    inactive: flag(r, "inactive"),
                    dependent_value: non_empty(text(r, "dependent_value")),
                };
                (text(r, "name"), text(r, "element"), choice)
            })
            .collect()
    }
}
