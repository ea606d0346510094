//! What the sandbox knows about tables and fields, in place of a real data dictionary.

/// Tables that exist before anything is inserted.
pub(crate) const BUILTIN_TABLES: &[&str] = &[
    "incident",
    "sys_user",
    "sys_user_group",
    "sys_user_role",
    "sys_properties",
];

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

/// The table a reference field points to, for the fields the sandbox treats as references.
pub(crate) fn reference_table(field: &str) -> Option<&'static str> {
    match field {
        "caller_id" | "opened_by" | "assigned_to" | "resolved_by" | "closed_by" | "manager" => {
            Some("sys_user")
        }
        "assignment_group" => Some("sys_user_group"),
        _ => None,
    }
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
    if table != "incident" {
        return None;
    }
    let label = match (field, value) {
        ("state" | "incident_state", "1") => "New",
        ("state" | "incident_state", "2") => "In Progress",
        ("state" | "incident_state", "3") => "On Hold",
        ("state" | "incident_state", "6") => "Resolved",
        ("state" | "incident_state", "7") => "Closed",
        ("state" | "incident_state", "8") => "Canceled",
        ("priority", "1") => "1 - Critical",
        ("priority", "2") => "2 - High",
        ("priority", "3") => "3 - Moderate",
        ("priority", "4") => "4 - Low",
        ("priority", "5") => "5 - Planning",
        ("impact" | "urgency", "1") => "1 - High",
        ("impact" | "urgency", "2") => "2 - Medium",
        ("impact" | "urgency", "3") => "3 - Low",
        _ => return None,
    };
    Some(label)
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
