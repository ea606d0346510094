//! The rows of `sys_db_object`, `sys_dictionary` and `sys_choice`, made from the sandbox's
//! dictionary so that what it says about a table is what the table does.

use super::choices::{CHOICES, RETIRED_CHOICE, TRANSLATED_CHOICE};
use super::dictionary::{self, ColumnDef, TableDef};
use super::seed::row;
use super::Record;
use crate::ids::stable_hex32;

/// The sys_id of a table's `sys_db_object` row.
pub(crate) fn table_sys_id(name: &str) -> String {
    stable_hex32(&format!("sys_db_object:{name}"))
}

pub(super) fn rows() -> Vec<(&'static str, Record)> {
    let mut rows = Vec::new();
    for table in dictionary::TABLES {
        let parent = table.super_class.map(table_sys_id).unwrap_or_default();
        rows.push((
            "sys_db_object",
            row(
                "sys_db_object",
                &table_sys_id(table.name),
                &[
                    ("name", table.name),
                    ("label", table.label),
                    ("super_class", &parent),
                ],
            ),
        ));
        rows.push(("sys_dictionary", collection(table)));
        for column in table.columns {
            rows.push(("sys_dictionary", dictionary_row(table, column)));
        }
    }
    let mut sequence = 0;
    let mut last = ("", "");
    let retired = [RETIRED_CHOICE];
    let all = CHOICES.iter().chain(&retired);
    for choice @ &(table, element, value, label, dependent) in all {
        sequence = if last == (table, element) {
            sequence + 10
        } else {
            10
        };
        last = (table, element);
        let inactive = if *choice == RETIRED_CHOICE {
            "true"
        } else {
            "false"
        };
        rows.push(choice_row(
            &[table, element, value, label, dependent, "en"],
            sequence,
            inactive,
        ));
    }
    let (table, element, value, label, dependent) = TRANSLATED_CHOICE;
    rows.push(choice_row(
        &[table, element, value, label, dependent, "de"],
        10,
        "false",
    ));
    rows
}

fn collection(table: &TableDef) -> Record {
    row(
        "sys_dictionary",
        &stable_hex32(&format!("sys_dictionary:{}", table.name)),
        &[
            ("name", table.name),
            ("element", ""),
            ("column_label", table.label),
            ("internal_type", "collection"),
            ("reference", ""),
            ("max_length", "40"),
            ("mandatory", "false"),
            ("read_only", "false"),
            ("active", "true"),
            ("display", "false"),
            ("choice", "0"),
            ("default_value", ""),
        ],
    )
}

fn dictionary_row(table: &TableDef, column: &ColumnDef) -> Record {
    let flag = |b: bool| if b { "true" } else { "false" };
    let max_length = column.max_length.to_string();
    let choice = column.choice.to_string();
    row(
        "sys_dictionary",
        &stable_hex32(&format!("sys_dictionary:{}.{}", table.name, column.element)),
        &[
            ("name", table.name),
            ("element", column.element),
            ("column_label", column.label),
            ("internal_type", column.internal_type),
            ("reference", column.reference.unwrap_or("")),
            ("max_length", &max_length),
            ("mandatory", flag(column.mandatory)),
            ("read_only", flag(column.read_only)),
            ("active", "true"),
            ("display", flag(column.display)),
            ("choice", &choice),
            ("default_value", ""),
        ],
    )
}

/// `fields`: table, element, value, label, dependent_value, language.
fn choice_row(fields: &[&str; 6], sequence: u32, inactive: &str) -> (&'static str, Record) {
    let [table, element, value, label, dependent, language] = *fields;
    let id = stable_hex32(&format!(
        "sys_choice:{table}.{element}.{dependent}.{value}.{language}"
    ));
    let sequence = sequence.to_string();
    (
        "sys_choice",
        row(
            "sys_choice",
            &id,
            &[
                ("name", table),
                ("element", element),
                ("value", value),
                ("label", label),
                ("sequence", &sequence),
                ("language", language),
                ("inactive", inactive),
                ("dependent_value", dependent),
            ],
        ),
    )
}
