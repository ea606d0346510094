//! The Aggregate API: `GET /api/now/stats/{table}` with count, avg/sum/min/max fields, group
//! by and having. Ungrouped it answers an object, grouped an array; numbers are strings.

use std::collections::BTreeMap;

use axum::http::{Method, StatusCode};
use axum::response::Response;
use serde_json::{json, Map, Value};

use super::ApiRequest;
use crate::query::EncodedQuery;
use crate::response::{reply, ApiError};
use crate::state::lock;
use crate::state::AppState;
use crate::store::schema::is_valid_table_name;
use crate::store::{Record, Store};

const FUNCTIONS: [(&str, &str); 4] = [
    ("avg", "sysparm_avg_fields"),
    ("min", "sysparm_min_fields"),
    ("max", "sysparm_max_fields"),
    ("sum", "sysparm_sum_fields"),
];

pub(crate) fn handle(
    state: &AppState,
    request: &ApiRequest,
    table: &str,
) -> Result<Response, ApiError> {
    if request.method != Method::GET {
        return Err(ApiError::MethodNotAllowed);
    }
    let store = lock(&state.store);
    if !is_valid_table_name(table) || !store.has_table(table) {
        return Err(ApiError::InvalidTable(table.to_string()));
    }
    let p = &request.params;
    let list = |name: &str| -> Vec<String> {
        p.get(name)
            .unwrap_or("")
            .split(',')
            .map(str::trim)
            .filter(|s| !s.is_empty())
            .map(str::to_string)
            .collect()
    };
    // Without any aggregate asked for, the count is what comes back.
    let count = p.flag("sysparm_count") || FUNCTIONS.iter().all(|(_, k)| list(k).is_empty());
    let functions: Vec<(&str, Vec<String>)> =
        FUNCTIONS.iter().map(|(f, k)| (*f, list(k))).collect();
    let rows = store.select(table, &EncodedQuery::parse(p.query()));
    let group_by = list("sysparm_group_by");
    if group_by.is_empty() {
        let body = json!({"result": {"stats": stats(&store, &rows, count, &functions)}});
        return Ok(reply(StatusCode::OK, Some(&body), request.format));
    }
    let mut groups: BTreeMap<Vec<String>, Vec<&Record>> = BTreeMap::new();
    for row in rows {
        let key = group_by.iter().map(|f| store.field(row, f)).collect();
        groups.entry(key).or_default().push(row);
    }
    let having = p.get("sysparm_having").and_then(parse_having);
    let mut result: Vec<(usize, Value)> = groups
        .into_iter()
        .filter(|(_, rows)| having.as_ref().is_none_or(|h| h.keeps(rows.len())))
        .map(|(key, rows)| {
            let fields: Vec<Value> = group_by
                .iter()
                .zip(&key)
                .map(|(f, v)| json!({"field": f, "value": v}))
                .collect();
            let entry =
                json!({"stats": stats(&store, &rows, count, &functions), "groupby_fields": fields});
            (rows.len(), entry)
        })
        .collect();
    if p.get("sysparm_order_by")
        .is_some_and(|o| o.trim().eq_ignore_ascii_case("COUNT^DESC"))
    {
        result.sort_by_key(|r| std::cmp::Reverse(r.0));
    }
    let result: Vec<Value> = result.into_iter().map(|(_, v)| v).collect();
    Ok(reply(
        StatusCode::OK,
        Some(&json!({"result": result})),
        request.format,
    ))
}

fn stats(store: &Store, rows: &[&Record], count: bool, functions: &[(&str, Vec<String>)]) -> Value {
    let mut out = Map::new();
    if count {
        out.insert("count".into(), rows.len().to_string().into());
    }
    for (function, fields) in functions {
        if fields.is_empty() {
            continue;
        }
        let mut per_field = Map::new();
        for field in fields {
            let numbers: Vec<f64> = rows
                .iter()
                .filter_map(|r| store.field(r, field).trim().parse::<f64>().ok())
                .collect();
            let value = match (*function, numbers.is_empty()) {
                (_, true) => String::new(),
                ("avg", _) => number(numbers.iter().sum::<f64>() / numbers.len() as f64),
                ("min", _) => number(numbers.iter().copied().fold(f64::INFINITY, f64::min)),
                ("max", _) => number(numbers.iter().copied().fold(f64::NEG_INFINITY, f64::max)),
                _ => number(numbers.iter().sum()),
            };
            per_field.insert(field.clone(), value.into());
        }
        out.insert((*function).into(), per_field.into());
    }
    out.into()
}

/// Whole numbers without a fraction, others to four places, as the instance prints them.
fn number(n: f64) -> String {
    if n.fract() == 0.0 {
        format!("{n:.0}")
    } else {
        format!("{n:.4}")
    }
}

/// `count^*^>^1`: only the count aggregate is filtered on here.
struct Having {
    op: String,
    value: usize,
}

impl Having {
    fn keeps(&self, count: usize) -> bool {
        match self.op.as_str() {
            ">" => count > self.value,
            ">=" => count >= self.value,
            "<" => count < self.value,
            "<=" => count <= self.value,
            "=" => count == self.value,
            "!=" => count != self.value,
            _ => true,
        }
    }
}

fn parse_having(text: &str) -> Option<Having> {
    let parts: Vec<&str> = text.split('^').collect();
    match parts.as_slice() {
        [agg, _, op, value] if agg.eq_ignore_ascii_case("count") => Some(Having {
            op: op.to_string(),
            value: value.trim().parse().ok()?,
        }),
        _ => None,
    }
}
