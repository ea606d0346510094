//! Canned instance answers, shaped as servicenow-api.md §8 describes them.

use serde_json::{json, Value};

use super::rows::{parse_candidates, parse_current_user, parse_tables, result_rows};
use super::*;

fn dict(table: &str, element: &str, label: &str, ty: &str, reference: &str) -> Value {
    json!({"name": table, "element": element, "column_label": label,
           "internal_type": {"link": "https://x/api/now/table/sys_glide_object?name=x", "value": ty},
           "reference": if reference.is_empty() { json!("") } else { json!({"link": "l", "value": reference}) },
           "max_length": "40", "mandatory": if element == "short_description" { "true" } else { "false" },
           "read_only": "false", "active": "true", "display": if element == "number" { "true" } else { "false" }})
}

fn choice(table: &str, element: &str, value: &str, label: &str, seq: &str) -> Value {
    json!({"name": table, "element": element, "value": value, "label": label, "sequence": seq,
           "inactive": "false", "dependent_value": ""})
}

fn incident_rows() -> MetadataRows {
    MetadataRows {
        table: "incident".into(),
        label: "Incident".into(),
        hierarchy: vec!["incident".into(), "task".into()],
        dictionary: Some(vec![
            dict("task", "number", "Number", "string", ""),
            dict(
                "task",
                "short_description",
                "Short description",
                "string",
                "",
            ),
            dict("task", "state", "State", "integer", ""),
            dict(
                "task",
                "assigned_to",
                "Assigned to",
                "reference",
                "sys_user",
            ),
            dict("incident", "caller_id", "Caller", "reference", "sys_user"),
            dict("incident", "state", "Incident State", "integer", ""),
            dict("task", "", "Task", "collection", ""),
        ]),
        choices: vec![
            choice("task", "state", "1", "Open", "10"),
            choice("incident", "state", "2", "In Progress", "20"),
            choice("incident", "state", "1", "New", "10"),
            choice("task", "urgency", "1", "1 - High", "10"),
        ],
        sample: None,
        limits: Vec::new(),
    }
}

fn schema() -> TableSchema {
    merge(&incident_rows(), 7)
}

#[test]
fn own_fields_win_over_inherited_and_collections_are_not_fields() {
    let s = schema();
    let elements: Vec<_> = s.fields.iter().map(|f| f.element.as_str()).collect();
    assert_eq!(
        elements,
        [
            "assigned_to",
            "caller_id",
            "state",
            "number",
            "short_description"
        ]
    );
    let state = s.field("state").unwrap();
    assert_eq!(
        (state.label.as_str(), state.defined_on.as_str()),
        ("Incident State", "incident")
    );
    let caller = s.field("caller_id").unwrap();
    assert_eq!(
        (caller.internal_type.as_str(), caller.reference.as_deref()),
        ("reference", Some("sys_user"))
    );
    assert!(s.field("short_description").unwrap().mandatory);
    assert_eq!(s.display_field(), Some("number"));
}

#[test]
fn choices_come_from_the_nearest_table_in_order() {
    let s = schema();
    let labels: Vec<_> = s
        .field("state")
        .unwrap()
        .choices
        .iter()
        .map(|c| c.label.as_str())
        .collect();
    assert_eq!(
        labels,
        ["New", "In Progress"],
        "task's Open is shadowed by incident's list"
    );
}

#[test]
fn a_hidden_dictionary_falls_back_to_a_records_keys() {
    let rows = MetadataRows {
        table: "u_thing".into(),
        hierarchy: vec!["u_thing".into()],
        dictionary: None,
        sample: Some(json!({"u_name": "x", "sys_id": "y"})),
        limits: vec!["hidden".into()],
        ..MetadataRows::default()
    };
    let s = merge(&rows, 0);
    assert_eq!(s.fields.len(), 2);
    assert_eq!(s.fields[0].internal_type, "unknown");
    assert_eq!(s.limits, ["hidden"]);
}

#[test]
fn tables_hierarchy_and_search() {
    let rows = vec![
        json!({"name": "task", "label": "Task", "super_class.name": ""}),
        json!({"name": "incident", "label": "Incident", "super_class.name": "task"}),
        json!({"name": "incident_task", "label": "Incident Task", "super_class.name": "task"}),
        json!({"name": "u_loop", "label": "Loop", "super_class.name": "u_loop"}),
        json!({"name": "", "label": "nameless"}),
    ];
    let tables = parse_tables(&rows);
    assert_eq!(tables.len(), 4);
    assert_eq!(hierarchy(&tables, "incident"), ["incident", "task"]);
    assert_eq!(hierarchy(&tables, "u_loop"), ["u_loop"]);
    assert_eq!(hierarchy(&tables, "u_unknown"), ["u_unknown"]);
    let names: Vec<_> = search_tables(&tables, "incident")
        .into_iter()
        .map(|t| t.name)
        .collect();
    assert_eq!(names, ["incident", "incident_task"]);
    let names: Vec<_> = search_tables(&tables, "TASK")
        .into_iter()
        .map(|t| t.name)
        .collect();
    assert_eq!(names, ["task", "incident_task"]);
    let near: Vec<_> = near_tables(&tables, "incidnt")
        .into_iter()
        .map(|t| t.name)
        .collect();
    assert_eq!(near, ["incident"], "a typo finds the table");
    assert!(near_tables(&tables, "change_request").is_empty());
}

#[test]
fn requests_say_what_the_instance_needs() {
    let h = vec!["incident".to_string(), "task".to_string()];
    let q = |r: crate::TableRequest| {
        r.params
            .iter()
            .find(|(k, _)| k == "sysparm_query")
            .map(|(_, v)| v.clone())
    };
    assert_eq!(
        q(dictionary_request(&h)).unwrap(),
        "nameINincident,task^elementISNOTEMPTY^active=true"
    );
    assert_eq!(
        q(choices_request(&h)).unwrap(),
        "nameINincident,task^language=en^ORDERBYsequence"
    );
    assert_eq!(
        q(search_request("sys_user", "name", "fre^d", 10)).unwrap(),
        "nameLIKEfre d^ORuser_nameLIKEfre d^ORemailLIKEfre d^ORDERBYname"
    );
    assert_eq!(
        q(search_request("sys_user_group", "name", "net", 10)).unwrap(),
        "nameLIKEnet^ORDERBYname"
    );
    assert_eq!(
        q(lookup_request("incident", "number", "INC0010001", "number")).unwrap(),
        "number=INC0010001"
    );
}

#[test]
fn candidates_and_current_user() {
    let rows = result_rows(Some(json!({"result": [
        {"sys_id": "a", "name": "David Miller", "user_name": "david.miller", "email": "d@x"},
        {"sys_id": "", "name": "ghost"}
    ]})));
    let c = parse_candidates(&rows, "name");
    assert_eq!(c.len(), 1);
    assert_eq!(c[0].detail, "david.miller · d@x");
    let me = parse_current_user(
        &json!({"result": {"user_sys_id": "6816", "user_name": "admin", "user_display_name": "System Administrator"}}),
    );
    assert_eq!(me.map(|m| m.sys_id), Some("6816".into()));
    assert_eq!(parse_current_user(&json!({"result": {}})), None);
}

#[test]
fn me_is_replaced_only_as_a_whole_value() {
    let me = "6816f79cc0a8016401c5a33be04be441";
    assert_eq!(
        substitute_me("caller_id=@me^active=true", me),
        format!("caller_id={me}^active=true")
    );
    assert_eq!(
        substitute_me("assigned_toIN@me,abc", me),
        format!("assigned_toIN{me},abc")
    );
    assert_eq!(
        substitute_me("short_descriptionLIKEmail@me.com", me),
        "short_descriptionLIKEmail@me.com"
    );
    assert_eq!(substitute_me("email=x@mexico", me), "email=x@mexico");
    assert!(is_sys_id(me) && !is_sys_id("INC0010001"));
}
