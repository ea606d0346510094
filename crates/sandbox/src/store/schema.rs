//! Rules about table and field names, and lookups into the data dictionary.

use super::dictionary;

/// Tables whose writes are refused with 403, so clients can exercise their ACL handling.
pub(crate) const PROTECTED_TABLES: &[&str] = &["sys_properties", "sys_user_role"];

/// Fields the server sets itself; values sent by a client are ignored.
pub(crate) const SYSTEM_FIELDS: &[&str] = &[
    "sys_created_on",
    "sys_created_by",
    "sys_updated_on",
    "sys_updated_by",
    "sys_mod_count",
    "sys_class_name",
];

/// The table a reference field points to: from the dictionary for the sandbox's own tables,
/// by the usual field names for tables a client created.
pub(crate) fn reference_table(table: &str, field: &str) -> Option<&'static str> {
    if dictionary::table(table).is_some() {
        return dictionary::column(table, field).and_then(|c| c.reference);
    }
    match field {
        "caller_id" | "opened_by" | "assigned_to" | "resolved_by" | "closed_by" | "manager" => {
            Some("sys_user")
        }
        "assignment_group" => Some("sys_user_group"),
        _ => None,
    }
}

/// References that hold the target's name rather than its sys_id, as `sys_dictionary`'s
/// `internal_type` and `reference` do.
pub(crate) fn references_by_name(table: &str) -> bool {
    table == "sys_dictionary"
}

/// Table names as a real instance accepts them: `^[a-z0-9_]+$`.
pub(crate) fn is_valid_table_name(name: &str) -> bool {
    !name.is_empty()
        && name
            .bytes()
            .all(|b| b.is_ascii_lowercase() || b.is_ascii_digit() || b == b'_')
}

/// Field names a client may write; anything else is silently dropped, as a real instance
/// drops fields its table does not have.
pub(crate) fn is_writable_field_name(name: &str) -> bool {
    let mut bytes = name.bytes();
    matches!(bytes.next(), Some(b) if b.is_ascii_lowercase() || b == b'_')
        && bytes.all(|b| b.is_ascii_lowercase() || b.is_ascii_digit() || b == b'_')
        && !SYSTEM_FIELDS.contains(&name)
}

/// The label a choice field shows with `sysparm_display_value`.
pub(crate) fn choice_label(table: &str, field: &str, value: &str) -> Option<&'static str> {
    dictionary::choice_label(table, field, value)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn names() {
        assert!(is_valid_table_name("u_custom_table2"));
        assert!(!is_valid_table_name("Incident"));
        assert!(!is_valid_table_name("inc-ident"));
        assert!(!is_valid_table_name(""));
        assert!(is_writable_field_name("short_description"));
        assert!(!is_writable_field_name("sys_mod_count"));
        assert!(!is_writable_field_name("Short Description"));
        assert!(!is_writable_field_name("1abc"));
    }
}
