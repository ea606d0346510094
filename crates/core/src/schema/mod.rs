//! What an instance says about its tables: `sys_db_object`, `sys_dictionary` and `sys_choice`
//! (servicenow-api.md §8), merged into one table's schema with its inherited fields.

pub(crate) mod rows;
#[cfg(test)]
mod tests;

use serde::Serialize;

pub use rows::{
    choices_request, current_user, dictionary_request, lookup_request, sample_request,
    search_request, tables_request, MetadataRows,
};

/// One table, from `sys_db_object`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS), ts(export))]
pub struct TableInfo {
    pub name: String,
    pub label: String,
    pub super_class: Option<String>,
}

/// The instance's tables, or those matching a search.
#[derive(Debug, Clone, Serialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS), ts(export))]
pub struct TableList {
    pub tables: Vec<TableInfo>,
    /// UNIX seconds of the fetch this came from.
    #[cfg_attr(feature = "ts", ts(type = "number"))]
    pub refreshed_at: i64,
    pub from_cache: bool,
    /// What the instance would not show (ACLs) and what that costs.
    pub limits: Vec<String>,
}

/// One choice of a choice field, from `sys_choice`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS), ts(export))]
pub struct ChoiceInfo {
    pub value: String,
    pub label: String,
    #[cfg_attr(feature = "ts", ts(type = "number"))]
    pub sequence: i64,
    pub inactive: bool,
    /// The parent field's value this choice belongs to (subcategory under category).
    pub dependent_value: Option<String>,
}

/// One field of a table, its own or inherited, from `sys_dictionary`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS), ts(export))]
pub struct FieldInfo {
    pub element: String,
    pub label: String,
    /// `string`, `integer`, `boolean`, `glide_date_time`, `reference` …; `unknown` when the
    /// dictionary was not readable.
    pub internal_type: String,
    /// The table a reference field points to.
    pub reference: Option<String>,
    pub max_length: Option<u32>,
    pub mandatory: bool,
    pub read_only: bool,
    /// The reference display field of its table.
    pub display: bool,
    /// The table in the hierarchy that defines it (task for incident's short_description).
    pub defined_on: String,
    pub choices: Vec<ChoiceInfo>,
}

/// A table's schema: its fields with the inherited ones and their choices.
#[derive(Debug, Clone, Serialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS), ts(export))]
pub struct TableSchema {
    pub table: String,
    pub label: String,
    /// The table and its ancestors, nearest first: `["incident", "task"]`.
    pub hierarchy: Vec<String>,
    pub fields: Vec<FieldInfo>,
    #[cfg_attr(feature = "ts", ts(type = "number"))]
    pub refreshed_at: i64,
    pub from_cache: bool,
    pub limits: Vec<String>,
}

impl TableSchema {
    pub fn field(&self, element: &str) -> Option<&FieldInfo> {
        self.fields.iter().find(|f| f.element == element)
    }

    /// The field a reference to this table shows: the dictionary's display field, else
    /// `name`, else `number` (servicenow-api.md §8).
    pub fn display_field(&self) -> Option<&str> {
        self.fields
            .iter()
            .find(|f| f.display)
            .or_else(|| self.field("name"))
            .or_else(|| self.field("number"))
            .map(|f| f.element.as_str())
    }
}

/// One record a reference picker offers.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS), ts(export))]
pub struct ReferenceCandidate {
    pub sys_id: String,
    pub display: String,
    /// What tells two equal names apart: a user's user_name and email.
    pub detail: String,
}

/// The signed-in user (`/api/now/ui/user/current_user`): what `@me` means.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS), ts(export))]
pub struct CurrentUser {
    pub sys_id: String,
    pub user_name: String,
    pub display_name: String,
}

/// Whether `s` has the shape of a sys_id: 32 lowercase hex characters.
pub fn is_sys_id(s: &str) -> bool {
    s.len() == 32
        && s.bytes()
            .all(|b| b.is_ascii_digit() || (b'a'..=b'f').contains(&b))
}

/// `@me` in an encoded query's values, replaced by the signed-in user's sys_id:
/// `caller_id=@me`, `assigned_toIN@me,…`.
pub fn substitute_me(query: &str, sys_id: &str) -> String {
    let mut out = String::with_capacity(query.len());
    let mut rest = query;
    while let Some(i) = rest.find("@me") {
        let (before, after) = (&rest[..i], &rest[i + 3..]);
        let starts = before.ends_with('=') || before.ends_with(',') || before.ends_with("IN");
        let ends = after.is_empty() || after.starts_with('^') || after.starts_with(',');
        out.push_str(before);
        out.push_str(if starts && ends { sys_id } else { "@me" });
        rest = after;
    }
    out.push_str(rest);
    out
}

/// The parent chain of `table` by the table list, nearest first; stops at a loop.
pub fn hierarchy(tables: &[TableInfo], table: &str) -> Vec<String> {
    let mut chain = vec![table.to_string()];
    let mut next = table.to_string();
    while let Some(parent) = tables
        .iter()
        .find(|t| t.name == next)
        .and_then(|t| t.super_class.clone())
    {
        if chain.contains(&parent) {
            break;
        }
        chain.push(parent.clone());
        next = parent;
    }
    chain
}

/// Tables matching `search` by name or label, best first: exact name, then name or label
/// starting with it, then containing it.
pub fn search_tables(tables: &[TableInfo], search: &str) -> Vec<TableInfo> {
    let needle = search.trim().to_lowercase();
    if needle.is_empty() {
        let mut all = tables.to_vec();
        all.sort_by_key(|t| t.label.to_lowercase());
        return all;
    }
    let mut hits: Vec<(u8, &TableInfo)> = tables
        .iter()
        .filter_map(|t| {
            let (name, label) = (t.name.to_lowercase(), t.label.to_lowercase());
            let rank = if name == needle || label == needle {
                0
            } else if name.starts_with(&needle) || label.starts_with(&needle) {
                1
            } else if name.contains(&needle) || label.contains(&needle) {
                2
            } else {
                return None;
            };
            Some((rank, t))
        })
        .collect();
    hits.sort_by(|a, b| a.0.cmp(&b.0).then_with(|| a.1.label.cmp(&b.1.label)));
    hits.into_iter().map(|(_, t)| t.clone()).collect()
}

/// Tables whose name is a typo away from `name` (edit distance at most 2), nearest first,
/// for "did you mean" when `search_tables` finds nothing.
pub fn near_tables(tables: &[TableInfo], name: &str) -> Vec<TableInfo> {
    let mut near: Vec<(usize, &TableInfo)> = tables
        .iter()
        .map(|t| (edit_distance(&t.name, name), t))
        .filter(|(d, _)| *d <= 2)
        .collect();
    near.sort_by_key(|(d, _)| *d);
    near.into_iter().map(|(_, t)| t.clone()).collect()
}

fn edit_distance(a: &str, b: &str) -> usize {
    let b: Vec<char> = b.chars().collect();
    let mut row: Vec<usize> = (0..=b.len()).collect();
    for (i, ca) in a.chars().enumerate() {
        let mut prev = row[0];
        row[0] = i + 1;
        for (j, cb) in b.iter().enumerate() {
            let cost = usize::from(ca != *cb);
            let next = (row[j + 1] + 1).min(row[j] + 1).min(prev + cost);
            prev = row[j + 1];
            row[j + 1] = next;
        }
    }
    row[b.len()]
}

/// Merges the dictionary and choice rows of a hierarchy into one schema: a field defined on
/// the table wins over the parent's; choices come from the nearest table that lists any.
pub fn merge(metadata: &MetadataRows, refreshed_at: i64) -> TableSchema {
    let hierarchy = metadata.hierarchy.clone();
    let depth = |t: &str| hierarchy.iter().position(|h| h == t).unwrap_or(usize::MAX);
    let mut columns = metadata.columns();
    columns.sort_by_key(|c| depth(&c.defined_on));
    let mut fields: Vec<FieldInfo> = Vec::new();
    for column in columns {
        if fields.iter().all(|f| f.element != column.element) {
            fields.push(column);
        }
    }
    let choices = metadata.choices();
    for field in &mut fields {
        let mut own: Vec<(&str, ChoiceInfo)> = choices
            .iter()
            .filter(|(t, e, _)| *e == field.element && depth(t) != usize::MAX)
            .map(|(t, _, c)| (t.as_str(), c.clone()))
            .collect();
        if let Some(nearest) = own.iter().map(|(t, _)| depth(t)).min() {
            own.retain(|(t, _)| depth(t) == nearest);
        }
        let mut list: Vec<ChoiceInfo> = own.into_iter().map(|(_, c)| c).collect();
        list.sort_by_key(|c| c.sequence);
        field.choices = list;
    }
    fields.sort_by_key(|f| f.label.to_lowercase());
    TableSchema {
        table: metadata.table.clone(),
        label: metadata.label.clone(),
        hierarchy,
        fields,
        refreshed_at,
        from_cache: false,
        limits: metadata.limits.clone(),
    }
}
