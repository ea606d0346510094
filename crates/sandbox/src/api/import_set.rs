//! The Import Set API: `POST /api/now/import/{staging_table}[/insertMultiple]`.
//!
//! Rows land in the staging table, then a transform map copies them to its target table.
//! The sandbox knows one map per staging table and transforms `insertMultiple` at once too
//! (a real instance does that later), so what a client sent is visible right away.

use axum::http::{Method, StatusCode};
use axum::response::Response;
use serde_json::{json, Value};

use super::body::{parse_fields, read_fields};
use super::ApiRequest;
use crate::query::EncodedQuery;
use crate::response::{reply, ApiError};
use crate::state::{lock, AppState};
use crate::store::Store;

/// A transform map: staging table, its name, target table and the field it coalesces on.
struct TransformMap {
    staging_table: &'static str,
    name: &'static str,
    target: &'static str,
    coalesce: &'static str,
}

const TRANSFORM_MAPS: &[TransformMap] = &[TransformMap {
    staging_table: "u_incident_import",
    name: "Incident Import",
    target: "incident",
    coalesce: "number",
}];

pub(crate) async fn handle(
    state: &AppState,
    request: ApiRequest,
    staging_table: &str,
    multiple: bool,
) -> Result<Response, ApiError> {
    if request.method != Method::POST {
        return Err(ApiError::MethodNotAllowed);
    }
    let map = TRANSFORM_MAPS
        .iter()
        .find(|m| m.staging_table == staging_table)
        .ok_or_else(|| ApiError::InvalidTable(staging_table.to_string()))?;
    let (format, user) = (request.format, request.user.clone());
    let fields = read_fields(request.request).await?;
    let rows = if multiple {
        records(fields)?
    } else {
        vec![fields]
    };
    let mut store = lock(&state.store);
    let import_set = new_import_set(&mut store, map, &user);
    let results: Vec<Value> = rows
        .into_iter()
        .map(|row| transform(&mut store, state, map, &import_set, row, &user))
        .collect();
    let body = if multiple {
        json!({"import_set_id": import_set.sys_id, "multi_import_set_id": import_set.multi_sys_id})
    } else {
        json!({"import_set": import_set.number, "staging_table": map.staging_table, "result": results})
    };
    let status = if multiple {
        StatusCode::OK
    } else {
        StatusCode::CREATED
    };
    Ok(reply(status, Some(&body), format))
}

/// The rows of an `insertMultiple` body: `{"records":[{…},…]}`.
fn records(fields: Vec<(String, String)>) -> Result<Vec<Vec<(String, String)>>, ApiError> {
    let bad = ApiError::InvalidBody("The payload must be {\"records\":[{…},…]}.");
    // The body reader turns every member into a string; an array comes back as its JSON.
    let raw = fields
        .into_iter()
        .find(|(name, _)| name == "records")
        .map(|(_, value)| value);
    let Some(Ok(Value::Array(items))) = raw.map(|r| serde_json::from_str::<Value>(&r)) else {
        return Err(bad);
    };
    items
        .iter()
        .map(|item| parse_fields(item.to_string().as_bytes()))
        .collect()
}

struct ImportSet {
    sys_id: String,
    number: String,
    multi_sys_id: String,
}

fn new_import_set(store: &mut Store, map: &TransformMap, user: &str) -> ImportSet {
    let count = store
        .select("sys_import_set", &EncodedQuery::parse(""))
        .len();
    let number = format!("ISET{:07}", 10_001 + count);
    let fields = vec![
        ("number".to_string(), number.clone()),
        ("table_name".to_string(), map.staging_table.to_string()),
        ("state".to_string(), "processed".to_string()),
    ];
    let sys_id = store.insert("sys_import_set", fields, user)["sys_id"].clone();
    let multi = vec![("import_set".to_string(), sys_id.clone())];
    let multi_sys_id = store.insert("sys_multi_import_set", multi, user)["sys_id"].clone();
    ImportSet {
        sys_id,
        number,
        multi_sys_id,
    }
}

/// Staging column names become target fields: `u_short_description`, `short_description`
/// and the label `Short description` all name `short_description`.
fn target_field(column: &str) -> String {
    let name = column.trim().to_ascii_lowercase().replace([' ', '-'], "_");
    name.strip_prefix("u_").map_or(name.clone(), str::to_string)
}

fn transform(
    store: &mut Store,
    state: &AppState,
    map: &TransformMap,
    import_set: &ImportSet,
    row: Vec<(String, String)>,
    user: &str,
) -> Value {
    let fields: Vec<(String, String)> = row
        .iter()
        .map(|(column, value)| (target_field(column), value.clone()))
        .collect();
    let key = fields
        .iter()
        .find(|(name, value)| name == map.coalesce && !value.is_empty())
        .map(|(_, value)| format!("{}={value}", map.coalesce));
    let existing = key.and_then(|q| {
        let query = EncodedQuery::parse(&q);
        store
            .select(map.target, &query)
            .first()
            .map(|r| r["sys_id"].clone())
    });
    let (record, status) = match existing {
        Some(id) => (store.update(map.target, &id, fields, user), "updated"),
        None => (Some(store.insert(map.target, fields, user)), "inserted"),
    };
    let record = record.unwrap_or_default();
    let sys_id = record.get("sys_id").cloned().unwrap_or_default();
    let mut staged = row;
    staged.push(("sys_import_set".to_string(), import_set.sys_id.clone()));
    staged.push(("sys_import_state".to_string(), status.to_string()));
    staged.push(("sys_target_sys_id".to_string(), sys_id.clone()));
    staged.push(("sys_target_table".to_string(), map.target.to_string()));
    store.insert(map.staging_table, staged, user);
    json!({
        "transform_map": map.name,
        "table": map.target,
        "display_name": map.coalesce,
        "display_value": record.get(map.coalesce).cloned().unwrap_or_default(),
        "record_link": format!("{}/api/now/table/{}/{sys_id}", state.base_url, map.target),
        "status": status,
        "sys_id": sys_id,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn labels_and_staging_columns_name_target_fields() {
        assert_eq!(target_field("u_short_description"), "short_description");
        assert_eq!(target_field("Short description"), "short_description");
        assert_eq!(target_field("urgency"), "urgency");
    }

    #[test]
    fn insert_multiple_reads_the_records_array() {
        let fields = parse_fields(br#"{"records":[{"a":"1"},{"b":2}]}"#).unwrap_or_default();
        let rows = records(fields).unwrap_or_default();
        assert_eq!(
            rows,
            vec![
                vec![("a".to_string(), "1".to_string())],
                vec![("b".to_string(), "2".to_string())]
            ]
        );
        assert!(records(Vec::new()).is_err());
    }
}
