//! The in-memory tables behind the Table API.

pub(crate) mod attachment;
pub(crate) mod choices;
pub(crate) mod dictionary;
mod incident;
mod metadata;
pub(crate) mod schema;
pub(crate) mod scripted_rest;
mod seed;

use std::borrow::Cow;
use std::cmp::Ordering;
use std::collections::{BTreeMap, BTreeSet, HashMap};
use std::sync::Arc;

use crate::clock;
use crate::config::SandboxConfig;
use crate::ids;
use crate::query::{compare_values, EncodedQuery};

/// One row: every value is a string, as the Table API returns it.
pub(crate) type Record = BTreeMap<String, String>;

/// The first number a created incident gets.
const FIRST_INCIDENT: u64 = 10_001;

#[derive(Debug)]
pub(crate) struct Store {
    tables: HashMap<String, Table>,
    next_incident: u64,
}

#[derive(Debug, Default)]
struct Table {
    /// Insertion order, which is also the order of sys_created_on. Shared, so a list being
    /// streamed keeps its rows without holding the store's lock.
    rows: Vec<Arc<Record>>,
    /// Every field any row ever had: the sandbox's stand-in for a data dictionary.
    columns: BTreeSet<String>,
}

impl Table {
    /// An empty table with the dictionary's columns, its parents' included.
    fn defined(name: &str) -> Self {
        let columns = dictionary::hierarchy(name)
            .iter()
            .flat_map(|t| t.columns.iter().map(|c| c.element.to_string()))
            .collect();
        Table {
            rows: Vec::new(),
            columns,
        }
    }

    fn push(&mut self, record: Record) {
        self.learn(&record);
        self.rows.push(Arc::new(record));
    }

    fn learn(&mut self, record: &Record) {
        for name in record.keys() {
            if !self.columns.contains(name) {
                self.columns.insert(name.clone());
            }
        }
    }
}

impl Store {
    /// The demo data: a few users and groups, read-only system tables, no incidents.
    pub fn seeded(config: &SandboxConfig) -> Self {
        let mut store = Store {
            tables: dictionary::TABLES
                .iter()
                .map(|t| (t.name.to_string(), Table::defined(t.name)))
                .collect(),
            next_incident: FIRST_INCIDENT,
        };
        for (table, record) in seed::rows(config)
            .into_iter()
            .chain(metadata::rows())
            .chain(scripted_rest::rows())
        {
            store
                .tables
                .entry(table.to_string())
                .or_default()
                .push(record);
        }
        store
    }

    pub fn has_table(&self, table: &str) -> bool {
        self.tables.contains_key(table)
    }

    /// The table's fields; empty for an unknown table.
    pub fn columns(&self, table: &str) -> &BTreeSet<String> {
        static NONE: BTreeSet<String> = BTreeSet::new();
        self.tables.get(table).map_or(&NONE, |t| &t.columns)
    }

    pub fn find(&self, table: &str, sys_id: &str) -> Option<&Record> {
        self.tables
            .get(table)?
            .rows
            .iter()
            .find(|r| r.get("sys_id").map(String::as_str) == Some(sys_id))
            .map(|r| &**r)
    }

    /// Rows matching the query, in its order (sys_created_on, then insertion, by default).
    pub fn select(&self, table: &str, query: &EncodedQuery) -> Vec<&Record> {
        self.select_shared(table, query)
            .into_iter()
            .map(|r| &**r)
            .collect()
    }

    /// [`Store::select`], as rows that outlive the lock when cloned.
    pub fn select_shared(&self, table: &str, query: &EncodedQuery) -> Vec<&Arc<Record>> {
        let Some(Table { rows, columns }) = self.tables.get(table) else {
            return Vec::new();
        };
        let mut selected: Vec<&Arc<Record>> = rows
            .iter()
            .filter(|row| {
                query.matches(|field| {
                    let base = field.split('.').next().unwrap_or(field);
                    columns.contains(base).then(|| self.field(row, field))
                })
            })
            .collect();
        let compare = |a: &&Arc<Record>, b: &&Arc<Record>| {
            for key in query.order() {
                let ord = compare_values(&self.value(a, &key.field), &self.value(b, &key.field));
                let ord = if key.descending { ord.reverse() } else { ord };
                if ord != Ordering::Equal {
                    return ord;
                }
            }
            created(a).cmp(created(b))
        };
        // Rows are usually inserted in order already: checking is linear, sorting is not.
        if !selected.is_sorted_by(|a, b| compare(a, b) != Ordering::Greater) {
            // Stable: rows equal on every key keep insertion order.
            selected.sort_by(compare);
        }
        selected
    }

    /// A field's value, following one dot-walk through a reference (`caller_id.name`).
    pub fn field(&self, record: &Record, field: &str) -> String {
        self.value(record, field).into_owned()
    }

    /// [`Store::field`], borrowed from the row unless it is dot-walked.
    pub fn value<'a>(&'a self, record: &'a Record, field: &str) -> Cow<'a, str> {
        match field.split_once('.') {
            None => Cow::Borrowed(record.get(field).map_or("", String::as_str)),
            Some((reference, rest)) => {
                let table = record.get("sys_class_name").map_or("", String::as_str);
                let target = schema::reference_table(table, reference)
                    .zip(record.get(reference))
                    .and_then(|(table, id)| self.find(table, id));
                target.map_or(Cow::Borrowed(""), |r| self.value(r, rest))
            }
        }
    }

    /// What a reference to this row displays: its name, or its number.
    pub fn display_value(&self, table: &str, sys_id: &str) -> String {
        self.find(table, sys_id)
            .and_then(|r| r.get("name").or_else(|| r.get("number")))
            .cloned()
            .unwrap_or_default()
    }

    pub fn user_sys_id(&self, user_name: &str) -> Option<&str> {
        self.tables
            .get("sys_user")?
            .rows
            .iter()
            .find(|r| r.get("user_name").map(String::as_str) == Some(user_name))
            .and_then(|r| r.get("sys_id"))
            .map(String::as_str)
    }

    /// The sys_user row of a login name.
    pub fn user(&self, user_name: &str) -> Option<&Record> {
        let id = self.user_sys_id(user_name)?.to_string();
        self.find("sys_user", &id)
    }

    /// Inserts a row, creating the table on first insert, and returns it.
    pub fn insert(&mut self, table: &str, fields: Vec<(String, String)>, user: &str) -> Record {
        let now = clock::now_utc();
        let mut record = Record::new();
        for (name, value) in fields {
            if schema::is_writable_field_name(&name) {
                record.insert(name, value);
            }
        }
        let sys_id = match record.get("sys_id") {
            Some(id) if ids::is_sys_id(id) && self.find(table, id).is_none() => id.clone(),
            _ => ids::hex32(),
        };
        record.insert("sys_id".to_string(), sys_id);
        record.insert("sys_created_on".to_string(), now.clone());
        record.insert("sys_updated_on".to_string(), now.clone());
        record.insert("sys_created_by".to_string(), user.to_string());
        record.insert("sys_updated_by".to_string(), user.to_string());
        record.insert("sys_mod_count".to_string(), "0".to_string());
        record.insert("sys_class_name".to_string(), table.to_string());
        match table {
            "incident" => {
                let number = incident::number(self.next_incident);
                if !record.contains_key("number") {
                    self.next_incident += 1;
                }
                let user_id = self.user_sys_id(user).unwrap_or("").to_string();
                incident::on_insert(&mut record, number, &user_id, &now);
            }
            "sys_user" => fill_user_name(&mut record),
            _ => {}
        }
        self.tables
            .entry(table.to_string())
            .or_default()
            .push(record.clone());
        record
    }

    /// Applies a client's changes to a row and returns the updated row.
    pub fn update(
        &mut self,
        table: &str,
        sys_id: &str,
        fields: Vec<(String, String)>,
        user: &str,
    ) -> Option<Record> {
        let entry = self.tables.get_mut(table)?;
        let row = entry
            .rows
            .iter_mut()
            .find(|r| r.get("sys_id").map(String::as_str) == Some(sys_id))?;
        let row = Arc::make_mut(row);
        let mut changed = Vec::new();
        for (name, value) in fields {
            if schema::is_writable_field_name(&name) && name != "sys_id" {
                changed.push(name.clone());
                row.insert(name, value);
            }
        }
        let count: u64 = row
            .get("sys_mod_count")
            .and_then(|c| c.parse().ok())
            .unwrap_or(0);
        row.insert("sys_mod_count".to_string(), (count + 1).to_string());
        row.insert("sys_updated_on".to_string(), clock::now_utc());
        row.insert("sys_updated_by".to_string(), user.to_string());
        if table == "incident" {
            incident::on_update(row, &changed);
        }
        let updated = row.clone();
        entry.learn(&updated);
        Some(updated)
    }

    pub fn delete(&mut self, table: &str, sys_id: &str) -> bool {
        let Some(Table { rows, .. }) = self.tables.get_mut(table) else {
            return false;
        };
        let before = rows.len();
        rows.retain(|r| r.get("sys_id").map(String::as_str) != Some(sys_id));
        rows.len() != before
    }
}

fn created(record: &Record) -> &str {
    record.get("sys_created_on").map_or("", String::as_str)
}

/// A user created with first and last name but no full name gets one, as on an instance.
fn fill_user_name(record: &mut Record) {
    if record.get("name").is_none_or(String::is_empty) {
        let first = record.get("first_name").cloned().unwrap_or_default();
        let last = record.get("last_name").cloned().unwrap_or_default();
        let name = format!("{first} {last}").trim().to_string();
        record.insert("name".to_string(), name);
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn fields(pairs: &[(&str, &str)]) -> Vec<(String, String)> {
        pairs
            .iter()
            .map(|(k, v)| (k.to_string(), v.to_string()))
            .collect()
    }

    #[test]
    fn incidents_are_numbered_from_inc0010001() {
        let mut store = Store::seeded(&SandboxConfig::default());
        let a = store.insert(
            "incident",
            fields(&[("urgency", "2"), ("impact", "2")]),
            "admin",
        );
        let b = store.insert("incident", fields(&[]), "admin");
        assert_eq!(a["number"], "INC0010001");
        assert_eq!(a["priority"], "3");
        assert_eq!(b["number"], "INC0010002");
        assert_eq!(
            a["opened_by"],
            store.user_sys_id("admin").unwrap_or("missing")
        );
        assert!(ids::is_sys_id(&a["sys_id"]));
    }

    #[test]
    fn update_bumps_mod_count_and_ignores_system_fields() {
        let mut store = Store::seeded(&SandboxConfig::default());
        let a = store.insert("u_thing", fields(&[("u_name", "x")]), "admin");
        let id = a["sys_id"].clone();
        let b = store
            .update(
                "u_thing",
                &id,
                fields(&[("u_name", "y"), ("sys_mod_count", "9")]),
                "admin",
            )
            .expect("row exists");
        assert_eq!(b["u_name"], "y");
        assert_eq!(b["sys_mod_count"], "1");
        assert!(store.delete("u_thing", &id));
        assert!(store.find("u_thing", &id).is_none());
    }

    #[test]
    fn select_filters_orders_and_dot_walks() {
        let mut store = Store::seeded(&SandboxConfig::default());
        let fred = store
            .user_sys_id("fred.johnson")
            .unwrap_or_default()
            .to_string();
        store.insert(
            "incident",
            fields(&[("urgency", "1"), ("caller_id", &fred)]),
            "admin",
        );
        store.insert("incident", fields(&[("urgency", "2")]), "admin");
        store.insert("incident", fields(&[("urgency", "1")]), "admin");
        let q = EncodedQuery::parse("urgency=1^ORDERBYDESCnumber");
        let numbers: Vec<_> = store
            .select("incident", &q)
            .iter()
            .map(|r| r["number"].clone())
            .collect();
        assert_eq!(numbers, ["INC0010003", "INC0010001"]);
        let q = EncodedQuery::parse("caller_id.name=Fred Johnson");
        assert_eq!(store.select("incident", &q).len(), 1);
    }
}
