//! A list response as a grid: one row per record, one column per field, display values where
//! the response has them. Parsed once in Rust, sorted there, and handed out a page at a time.

use serde::{Deserialize, Serialize};
use serde_json::Value;

/// What the grid needs to draw its frame.
#[derive(Debug, Clone, Serialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS), ts(export))]
pub struct GridInfo {
    pub id: u32,
    /// Fields in the order they first appear.
    pub columns: Vec<String>,
    pub total: u32,
    /// Why there is no grid (not JSON, no `result` list), when there is none.
    pub unavailable: Option<String>,
}

/// A column to sort by.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS), ts(export))]
pub struct GridSort {
    pub column: String,
    pub descending: bool,
}

#[derive(Debug, Clone, Serialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS), ts(export))]
pub struct GridRow {
    /// The record's position in the response, for opening it.
    pub record: u32,
    pub cells: Vec<String>,
}

#[derive(Debug, Clone, Serialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS), ts(export))]
pub struct GridPage {
    pub start: u32,
    pub rows: Vec<GridRow>,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
#[cfg_attr(feature = "ts", derive(ts_rs::TS), ts(export))]
pub enum CopyFormat {
    Tsv,
    Csv,
}

/// The parsed records, and the row order of the last sort.
#[derive(Debug)]
pub struct RecordGrid {
    columns: Vec<String>,
    records: Vec<serde_json::Map<String, Value>>,
    sort: Option<GridSort>,
    order: Vec<u32>,
}

impl RecordGrid {
    /// The records of a Table API answer (`{"result": [...]}` or one `{"result": {...}}`).
    pub fn parse(body: &[u8]) -> Result<Self, String> {
        let value: Value =
            serde_json::from_slice(body).map_err(|_| "the body is not JSON".to_string())?;
        let records: Vec<_> = match value {
            Value::Object(mut o) => match o.remove("result") {
                Some(Value::Array(items)) => items,
                Some(one @ Value::Object(_)) => vec![one],
                _ => return Err("the body has no \"result\" list of records".into()),
            },
            Value::Array(items) => items,
            _ => return Err("the body is not a list of records".into()),
        }
        .into_iter()
        .filter_map(|v| match v {
            Value::Object(o) => Some(o),
            _ => None,
        })
        .collect();
        let mut columns: Vec<String> = Vec::new();
        let mut seen = std::collections::HashSet::new();
        for r in &records {
            for k in r.keys() {
                if seen.insert(k.as_str()) {
                    columns.push(k.clone());
                }
            }
        }
        let order = (0..records.len() as u32).collect();
        Ok(RecordGrid {
            columns,
            records,
            sort: None,
            order,
        })
    }

    pub fn info(&self, id: u32) -> GridInfo {
        GridInfo {
            id,
            columns: self.columns.clone(),
            total: self.records.len() as u32,
            unavailable: None,
        }
    }

    fn cell(&self, record: u32, column: &str) -> String {
        cell(self.records[record as usize].get(column))
    }

    /// Orders the rows by `sort` (numbers as numbers, text case-insensitively); `None` keeps
    /// the response's order. Sorting again by the same column is free.
    fn sort_by(&mut self, sort: Option<&GridSort>) {
        if self.sort.as_ref() == sort {
            return;
        }
        let mut order: Vec<u32> = (0..self.records.len() as u32).collect();
        if let Some(s) = sort {
            let keys: Vec<SortKey> = (0..self.records.len() as u32)
                .map(|i| SortKey::of(&self.cell(i, &s.column)))
                .collect();
            order.sort_by(|&a, &b| keys[a as usize].cmp(&keys[b as usize]));
            if s.descending {
                order.reverse();
            }
        }
        self.order = order;
        self.sort = sort.cloned();
    }

    /// Rows `start..start+count` in `sort` order, with `columns` (all when empty).
    pub fn page(
        &mut self,
        start: u32,
        count: u32,
        sort: Option<&GridSort>,
        columns: &[String],
    ) -> GridPage {
        self.sort_by(sort);
        let columns = if columns.is_empty() {
            self.columns.clone()
        } else {
            columns.to_vec()
        };
        let from = start.min(self.order.len() as u32);
        let to = from.saturating_add(count).min(self.order.len() as u32);
        let rows = self.order[from as usize..to as usize]
            .iter()
            .map(|&r| GridRow {
                record: r,
                cells: columns.iter().map(|c| self.cell(r, c)).collect(),
            })
            .collect();
        GridPage { start: from, rows }
    }

    /// One record, pretty-printed, for the record panel.
    pub fn record(&self, record: u32) -> Option<String> {
        let r = self.records.get(record as usize)?;
        serde_json::to_string_pretty(r).ok()
    }

    /// Rows `start..end` (in the current order) and `columns` as TSV or CSV, with a header.
    pub fn copy(
        &mut self,
        start: u32,
        end: u32,
        sort: Option<&GridSort>,
        columns: &[String],
        format: CopyFormat,
    ) -> String {
        let page = self.page(start, end.saturating_sub(start), sort, columns);
        let field = |s: &str| match format {
            CopyFormat::Tsv => s.replace(['\t', '\n', '\r'], " "),
            CopyFormat::Csv => crate::api::csv_field(s),
        };
        let sep = match format {
            CopyFormat::Tsv => "\t",
            CopyFormat::Csv => ",",
        };
        let header: Vec<String> = columns.iter().map(|c| field(c)).collect();
        let mut out = header.join(sep);
        out.push('\n');
        for row in page.rows {
            let cells: Vec<String> = row.cells.iter().map(|c| field(c)).collect();
            out.push_str(&cells.join(sep));
            out.push('\n');
        }
        out
    }
}

/// A field as text: a reference or `display_value=all` field by its display value.
fn cell(v: Option<&Value>) -> String {
    match v {
        None | Some(Value::Null) => String::new(),
        Some(Value::String(s)) => s.clone(),
        Some(Value::Object(o)) => o
            .get("display_value")
            .or_else(|| o.get("value"))
            .map(|v| cell(Some(v)))
            .unwrap_or_else(|| Value::Object(o.clone()).to_string()),
        Some(other) => other.to_string(),
    }
}

/// Numbers before text, numbers by value, text ignoring case; empty cells last.
#[derive(Debug, PartialEq, PartialOrd)]
enum SortKey {
    Number(f64),
    Text(String),
    Empty,
}

impl SortKey {
    fn of(s: &str) -> Self {
        match s.trim() {
            "" => SortKey::Empty,
            t => match t.parse::<f64>() {
                Ok(n) if n.is_finite() => SortKey::Number(n),
                _ => SortKey::Text(t.to_lowercase()),
            },
        }
    }

    fn cmp(&self, other: &Self) -> std::cmp::Ordering {
        self.partial_cmp(other).unwrap_or(std::cmp::Ordering::Equal)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn grid() -> RecordGrid {
        let body = br#"{"result":[
            {"number":"INC3","priority":"10","caller_id":{"display_value":"Fred Johnson","value":"5137"}},
            {"number":"INC1","priority":"9","caller_id":"","extra":"x\ty"},
            {"number":"inc2","priority":"","caller_id":{"link":"https://i/1","value":"46d4"}}
        ]}"#;
        RecordGrid::parse(body).unwrap()
    }

    #[test]
    fn columns_in_first_seen_order_and_display_values() {
        let mut g = grid();
        let info = g.info(7);
        assert_eq!(info.columns, ["number", "priority", "caller_id", "extra"]);
        assert_eq!(info.total, 3);
        let p = g.page(0, 10, None, &[]);
        assert_eq!(p.rows[0].cells, ["INC3", "10", "Fred Johnson", ""]);
        assert_eq!(p.rows[2].cells[2], "46d4");
    }

    #[test]
    fn sorts_numbers_as_numbers_text_without_case_and_empties_last() {
        let mut g = grid();
        let by = |column: &str, descending| GridSort {
            column: column.into(),
            descending,
        };
        let records = |p: GridPage| p.rows.iter().map(|r| r.record).collect::<Vec<_>>();
        assert_eq!(
            records(g.page(0, 9, Some(&by("priority", false)), &[])),
            [1, 0, 2]
        );
        assert_eq!(
            records(g.page(0, 9, Some(&by("number", false)), &[])),
            [1, 2, 0]
        );
        assert_eq!(
            records(g.page(1, 9, Some(&by("number", true)), &[])),
            [2, 1]
        );
        assert_eq!(records(g.page(0, 9, None, &[])), [0, 1, 2]);
    }

    #[test]
    fn copies_a_selection_as_tsv_or_csv() {
        let mut g = grid();
        let cols = ["number".to_string(), "extra".to_string()];
        let tsv = g.copy(0, 2, None, &cols, CopyFormat::Tsv);
        assert_eq!(tsv, "number\textra\nINC3\t\nINC1\tx y\n");
        let csv = g.copy(1, 2, None, &cols, CopyFormat::Csv);
        assert_eq!(csv, "number,extra\nINC1,x\ty\n");
        assert!(g.record(0).unwrap().contains("\"Fred Johnson\""));
        assert!(g.record(9).is_none());
    }

    #[test]
    fn bodies_that_are_not_lists_say_why() {
        assert!(RecordGrid::parse(b"<xml/>")
            .unwrap_err()
            .contains("not JSON"));
        assert!(RecordGrid::parse(br#"{"error":{}}"#)
            .unwrap_err()
            .contains("result"));
        assert_eq!(
            RecordGrid::parse(br#"{"result":{"a":"1"}}"#)
                .unwrap()
                .info(1)
                .total,
            1
        );
    }
}
