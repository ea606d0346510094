//! The sandbox's data dictionary: its tables, their columns and choice lists, as
//! `sys_db_object`, `sys_dictionary` and `sys_choice` describe them on an instance.

use super::choices::CHOICES;

/// One table; `super_class` names its parent (incident → task).
pub(crate) struct TableDef {
    pub name: &'static str,
    pub label: &'static str,
    pub super_class: Option<&'static str>,
    pub columns: &'static [ColumnDef],
}

/// One column as `sys_dictionary` holds it.
#[derive(Clone, Copy)]
pub(crate) struct ColumnDef {
    pub element: &'static str,
    pub label: &'static str,
    pub internal_type: &'static str,
    pub reference: Option<&'static str>,
    pub max_length: u32,
    pub mandatory: bool,
    pub read_only: bool,
    /// `sys_dictionary.choice`: 0 none, 1 suggestion, 3 dropdown with "-- None --".
    pub choice: u8,
    /// The field a reference to this table shows.
    pub display: bool,
}

const fn col(element: &'static str, label: &'static str, internal_type: &'static str) -> ColumnDef {
    ColumnDef {
        element,
        label,
        internal_type,
        reference: None,
        max_length: 40,
        mandatory: false,
        read_only: false,
        choice: 0,
        display: false,
    }
}

const fn reference(element: &'static str, label: &'static str, to: &'static str) -> ColumnDef {
    ColumnDef {
        reference: Some(to),
        max_length: 32,
        ..col(element, label, "reference")
    }
}

const fn string(element: &'static str, label: &'static str, max_length: u32) -> ColumnDef {
    ColumnDef {
        max_length,
        ..col(element, label, "string")
    }
}

const fn choice(
    element: &'static str,
    label: &'static str,
    internal_type: &'static str,
) -> ColumnDef {
    ColumnDef {
        choice: 3,
        ..col(element, label, internal_type)
    }
}

const fn display(column: ColumnDef) -> ColumnDef {
    ColumnDef {
        display: true,
        ..column
    }
}

const fn mandatory(column: ColumnDef) -> ColumnDef {
    ColumnDef {
        mandatory: true,
        ..column
    }
}

const fn read_only(column: ColumnDef) -> ColumnDef {
    ColumnDef {
        read_only: true,
        ..column
    }
}

/// Every root table owns these; children inherit them.
const SYSTEM: [ColumnDef; 7] = [
    read_only(col("sys_id", "Sys ID", "GUID")),
    read_only(col("sys_created_on", "Created", "glide_date_time")),
    read_only(col("sys_created_by", "Created by", "string")),
    read_only(col("sys_updated_on", "Updated", "glide_date_time")),
    read_only(col("sys_updated_by", "Updated by", "string")),
    read_only(col("sys_mod_count", "Updates", "integer")),
    read_only(col("sys_class_name", "Class", "sys_class_name")),
];

macro_rules! with_system {
    ($($c:expr),* $(,)?) => {
        &[SYSTEM[0], SYSTEM[1], SYSTEM[2], SYSTEM[3], SYSTEM[4], SYSTEM[5], SYSTEM[6], $($c),*]
    };
}

pub(crate) const TABLES: &[TableDef] = &[
    TableDef {
        name: "task",
        label: "Task",
        super_class: None,
        columns: with_system![
            read_only(display(string("number", "Number", 40))),
            mandatory(string("short_description", "Short description", 160)),
            string("description", "Description", 4000),
            choice("state", "State", "integer"),
            choice("impact", "Impact", "integer"),
            choice("urgency", "Urgency", "integer"),
            read_only(choice("priority", "Priority", "integer")),
            col("active", "Active", "boolean"),
            reference("assigned_to", "Assigned to", "sys_user"),
            reference("assignment_group", "Assignment group", "sys_user_group"),
            reference("opened_by", "Opened by", "sys_user"),
            col("opened_at", "Opened", "glide_date_time"),
            col("closed_at", "Closed", "glide_date_time"),
            reference("cmdb_ci", "Configuration item", "cmdb_ci"),
            col("due_date", "Due date", "glide_date_time"),
            col("work_notes", "Work notes", "journal_input"),
            col("comments", "Additional comments", "journal_input"),
        ],
    },
    TableDef {
        name: "incident",
        label: "Incident",
        super_class: Some("task"),
        columns: &[
            reference("caller_id", "Caller", "sys_user"),
            choice("category", "Category", "string"),
            choice("subcategory", "Subcategory", "string"),
            choice("incident_state", "Incident state", "integer"),
            choice("close_code", "Resolution code", "string"),
            string("close_notes", "Resolution notes", 4000),
            reference("resolved_by", "Resolved by", "sys_user"),
            col("resolved_at", "Resolved", "glide_date_time"),
            reference("closed_by", "Closed by", "sys_user"),
        ],
    },
    TableDef {
        name: "problem",
        label: "Problem",
        super_class: Some("task"),
        columns: &[
            col("known_error", "Known error", "boolean"),
            string("cause_notes", "Cause notes", 4000),
            string("fix_notes", "Fix notes", 4000),
        ],
    },
    TableDef {
        name: "change_request",
        label: "Change Request",
        super_class: Some("task"),
        columns: &[
            choice("type", "Type", "string"),
            choice("risk", "Risk", "integer"),
            col("start_date", "Planned start date", "glide_date_time"),
            col("end_date", "Planned end date", "glide_date_time"),
            reference("requested_by", "Requested by", "sys_user"),
        ],
    },
    TableDef {
        name: "sys_user",
        label: "User",
        super_class: None,
        columns: with_system![
            mandatory(string("user_name", "User ID", 40)),
            string("first_name", "First name", 50),
            string("last_name", "Last name", 50),
            display(string("name", "Name", 151)),
            col("email", "Email", "email"),
            string("title", "Title", 60),
            col("active", "Active", "boolean"),
            col("locked_out", "Locked out", "boolean"),
            reference("manager", "Manager", "sys_user"),
        ],
    },
    TableDef {
        name: "sys_user_group",
        label: "Group",
        super_class: None,
        columns: with_system![
            mandatory(display(string("name", "Name", 80))),
            string("description", "Description", 1000),
            col("email", "Group email", "email"),
            reference("manager", "Manager", "sys_user"),
            col("active", "Active", "boolean"),
        ],
    },
    TableDef {
        name: "sys_user_grmember",
        label: "Group Member",
        super_class: None,
        columns: with_system![
            mandatory(reference("user", "User", "sys_user")),
            mandatory(display(reference("group", "Group", "sys_user_group"))),
        ],
    },
    TableDef {
        name: "cmdb_ci",
        label: "Configuration Item",
        super_class: None,
        columns: with_system![
            display(string("name", "Name", 255)),
            choice("operational_status", "Operational status", "integer"),
            string("ip_address", "IP Address", 255),
            reference("assigned_to", "Assigned to", "sys_user"),
        ],
    },
    TableDef {
        name: "sys_user_role",
        label: "Role",
        super_class: None,
        columns: with_system![display(string("name", "Name", 100))],
    },
    TableDef {
        name: "sys_properties",
        label: "System Property",
        super_class: None,
        columns: with_system![
            display(string("name", "Name", 100)),
            string("value", "Value", 4000),
            string("type", "Type", 40),
        ],
    },
    TableDef {
        name: "sys_db_object",
        label: "Table",
        super_class: None,
        columns: with_system![
            display(string("name", "Name", 80)),
            string("label", "Label", 80),
            reference("super_class", "Extends table", "sys_db_object"),
        ],
    },
    TableDef {
        name: "sys_dictionary",
        label: "Dictionary Entry",
        super_class: None,
        columns: with_system![
            string("name", "Table", 80),
            string("element", "Column name", 80),
            display(string("column_label", "Column label", 80)),
            reference("internal_type", "Type", "sys_glide_object"),
            reference("reference", "Reference", "sys_db_object"),
            col("max_length", "Max length", "integer"),
            col("mandatory", "Mandatory", "boolean"),
            col("read_only", "Read only", "boolean"),
            col("active", "Active", "boolean"),
            col("display", "Display", "boolean"),
            col("choice", "Choice", "integer"),
            string("default_value", "Default value", 512),
        ],
    },
    TableDef {
        name: "sys_choice",
        label: "Choices",
        super_class: None,
        columns: with_system![
            string("name", "Table", 80),
            string("element", "Element", 80),
            string("value", "Value", 40),
            display(string("label", "Label", 100)),
            col("sequence", "Sequence", "integer"),
            string("language", "Language", 40),
            col("inactive", "Inactive", "boolean"),
            string("dependent_value", "Dependent value", 100),
        ],
    },
];

pub(crate) fn table(name: &str) -> Option<&'static TableDef> {
    TABLES.iter().find(|t| t.name == name)
}

/// The table and its ancestors, nearest first: incident, task.
pub(crate) fn hierarchy(name: &str) -> Vec<&'static TableDef> {
    let mut chain = Vec::new();
    let mut next = table(name);
    while let Some(def) = next {
        chain.push(def);
        next = def.super_class.and_then(table);
    }
    chain
}

/// A column of the table or one it extends.
pub(crate) fn column(table: &str, element: &str) -> Option<&'static ColumnDef> {
    hierarchy(table)
        .into_iter()
        .flat_map(|t| t.columns.iter())
        .find(|c| c.element == element)
}

/// The label of a choice value, from the table's own list or, failing that, its parent's.
pub(crate) fn choice_label(table: &str, element: &str, value: &str) -> Option<&'static str> {
    hierarchy(table).into_iter().find_map(|t| {
        let mut list = CHOICES
            .iter()
            .filter(|c| c.0 == t.name && c.1 == element)
            .peekable();
        list.peek()?;
        Some(list.find(|c| c.2 == value).map(|c| c.3))
    })?
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn incident_inherits_task() {
        let names: Vec<_> = hierarchy("incident").iter().map(|t| t.name).collect();
        assert_eq!(names, ["incident", "task"]);
        assert_eq!(
            column("incident", "short_description").map(|c| c.label),
            Some("Short description")
        );
        assert_eq!(
            column("incident", "caller_id").and_then(|c| c.reference),
            Some("sys_user")
        );
        assert!(column("task", "caller_id").is_none());
    }

    #[test]
    fn choices_prefer_the_table_then_its_parent() {
        assert_eq!(choice_label("incident", "state", "2"), Some("In Progress"));
        assert_eq!(choice_label("task", "state", "2"), Some("Work in Progress"));
        assert_eq!(choice_label("incident", "urgency", "1"), Some("1 - High"));
        assert_eq!(choice_label("incident", "state", "99"), None);
        assert_eq!(choice_label("u_thing", "state", "1"), None);
    }

    #[test]
    fn every_reference_and_parent_is_a_table() {
        for t in TABLES {
            assert!(
                t.super_class.is_none_or(|s| table(s).is_some()),
                "{}",
                t.name
            );
            for c in t.columns {
                let ok = c
                    .reference
                    .is_none_or(|r| r == "sys_glide_object" || table(r).is_some());
                assert!(ok, "{}.{}", t.name, c.element);
            }
        }
        for c in CHOICES {
            assert!(
                column(c.0, c.1).is_some_and(|col| col.choice > 0),
                "{}.{}",
                c.0,
                c.1
            );
        }
    }
}
