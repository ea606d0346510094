//! The Aggregate API (`/api/now/stats/{table}`): a builder, and a parser into a readable table
//! (group-by values, count, then each aggregate as `avg(field)`).

use serde::{Deserialize, Serialize};
use serde_json::Value;

use super::batch::text;
use super::request::{check_table_name, ApiRequest};
use crate::error::{Error, Result};
use crate::http::Method;

#[derive(Debug, Clone, Default, Serialize, Deserialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS), ts(export))]
pub struct AggregateRequest {
    pub table: String,
    pub count: bool,
    pub group_by: Vec<String>,
    pub avg: Vec<String>,
    pub min: Vec<String>,
    pub max: Vec<String>,
    pub sum: Vec<String>,
    /// An encoded query (`active=true^priority=1`).
    pub query: String,
}

/// Columns and rows of text, one row a group (a single row when ungrouped).
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS), ts(export))]
pub struct AggregateTable {
    pub columns: Vec<String>,
    pub rows: Vec<Vec<String>>,
}

impl AggregateRequest {
    fn functions(&self) -> [(&'static str, &'static str, &[String]); 4] {
        [
            ("avg", "sysparm_avg_fields", &self.avg),
            ("min", "sysparm_min_fields", &self.min),
            ("max", "sysparm_max_fields", &self.max),
            ("sum", "sysparm_sum_fields", &self.sum),
        ]
    }

    /// With no aggregate asked for, the count is.
    fn counts(&self) -> bool {
        self.count || self.functions().iter().all(|(_, _, f)| f.is_empty())
    }

    pub fn to_api(&self) -> Result<ApiRequest> {
        let table = check_table_name(&self.table)?;
        let mut req = ApiRequest::new(Method::GET, format!("/api/now/stats/{table}"));
        if self.counts() {
            req.query.push(("sysparm_count".into(), "true".into()));
        }
        let join = |fields: &[String]| -> Result<Option<String>> {
            let names: Vec<&str> = fields
                .iter()
                .map(|f| f.trim())
                .filter(|f| !f.is_empty())
                .collect();
            if let Some(bad) = names.iter().find(|f| f.contains([',', '^', ' '])) {
                return Err(Error::input("field", format!("\"{bad}\" is not a field name (give one name per flag, e.g. --avg reassignment_count)")));
            }
            Ok((!names.is_empty()).then(|| names.join(",")))
        };
        if let Some(g) = join(&self.group_by)? {
            req.query.push(("sysparm_group_by".into(), g));
        }
        for (_, param, fields) in self.functions() {
            if let Some(f) = join(fields)? {
                req.query.push((param.into(), f));
            }
        }
        if !self.query.trim().is_empty() {
            req.query
                .push(("sysparm_query".into(), self.query.trim().into()));
        }
        Ok(req)
    }

    /// The answer (`{"result":{"stats":…}}` or `{"result":[{"stats","groupby_fields"}]}`) as a
    /// table; `None` when it is neither.
    pub fn parse(&self, body: &Value) -> Option<AggregateTable> {
        let groups: Vec<&Value> = match body.get("result")? {
            Value::Array(list) => list.iter().collect(),
            one @ Value::Object(_) => vec![one],
            _ => return None,
        };
        let group_by: Vec<&str> = self
            .group_by
            .iter()
            .map(|g| g.trim())
            .filter(|g| !g.is_empty())
            .collect();
        let mut columns: Vec<String> = group_by.iter().map(|g| g.to_string()).collect();
        let mut cells: Vec<(&str, String)> = Vec::new();
        if self.counts() {
            columns.push("count".into());
            cells.push(("count", String::new()));
        }
        for (function, _, fields) in self.functions() {
            for f in fields.iter().map(|f| f.trim()).filter(|f| !f.is_empty()) {
                columns.push(format!("{function}({f})"));
                cells.push((function, f.to_string()));
            }
        }
        let rows = groups
            .iter()
            .map(|g| {
                let by = g.get("groupby_fields").and_then(Value::as_array);
                let mut row: Vec<String> = group_by
                    .iter()
                    .map(|name| {
                        by.and_then(|list| {
                            list.iter()
                                .find(|f| f.get("field").and_then(Value::as_str) == Some(name))
                        })
                        .map(|f| text(f.get("value")))
                        .unwrap_or_default()
                    })
                    .collect();
                let stats = g.get("stats");
                for (function, field) in &cells {
                    let v = stats.and_then(|s| s.get(*function));
                    row.push(if field.is_empty() {
                        text(v)
                    } else {
                        text(v.and_then(|v| v.get(field)))
                    });
                }
                row
            })
            .collect();
        Some(AggregateTable { columns, rows })
    }
}

impl AggregateTable {
    /// Aligned columns for a terminal.
    pub fn render(&self) -> String {
        let widths: Vec<usize> = (0..self.columns.len())
            .map(|i| {
                self.rows
                    .iter()
                    .map(|r| r.get(i).map_or(0, |c| c.chars().count()))
                    .chain([self.columns[i].chars().count()])
                    .max()
                    .unwrap_or(0)
            })
            .collect();
        let line = |cells: &[String]| {
            let padded: Vec<String> = cells
                .iter()
                .zip(&widths)
                .map(|(c, w)| format!("{c:<w$}"))
                .collect();
            format!("{}\n", padded.join("  ").trim_end())
        };
        let mut out = line(&self.columns);
        for r in &self.rows {
            out.push_str(&line(r));
        }
        out
    }
}

#[cfg(test)]
#[path = "aggregate_tests.rs"]
mod tests;
