//! The data dictionary over the Table API, shaped as on an instance (servicenow-api.md §8).

use reqwest::StatusCode;
use serde_json::Value;
use snowpost_sandbox::Sandbox;

use crate::common::*;

async fn get(sandbox: &Sandbox, path_and_query: &str) -> (StatusCode, Value) {
    let client = client();
    let token = access_token(&client, sandbox).await;
    let response = client
        .get(format!("{}{path_and_query}", sandbox.base_url()))
        .bearer_auth(token)
        .send()
        .await
        .expect("sent");
    let status = response.status();
    (status, response.json().await.expect("json"))
}

fn strings(rows: &Value, field: &str) -> Vec<String> {
    rows["result"]
        .as_array()
        .map(|rows| {
            rows.iter()
                .map(|r| r[field].as_str().unwrap_or("?").to_string())
                .collect()
        })
        .unwrap_or_default()
}

#[tokio::test]
async fn tables_walk_to_their_parent_by_dot_walk() {
    let (sandbox, _) = start_default().await;
    let (status, body) = get(
        &sandbox,
        "/api/now/table/sys_db_object?sysparm_query=name=incident&sysparm_fields=name,label,super_class.name",
    )
    .await;
    assert_eq!(status, 200);
    assert_eq!(body["result"][0]["label"], "Incident");
    assert_eq!(body["result"][0]["super_class.name"], "task");
    let (_, all) = get(&sandbox, "/api/now/table/sys_db_object?sysparm_fields=name").await;
    for table in [
        "task",
        "incident",
        "problem",
        "change_request",
        "sys_user",
        "sys_user_group",
        "sys_user_grmember",
        "cmdb_ci",
    ] {
        assert!(
            strings(&all, "name").contains(&table.to_string()),
            "{table}"
        );
    }
}

#[tokio::test]
async fn dictionary_rows_are_a_tables_own_columns_with_name_valued_references() {
    let (sandbox, _) = start_default().await;
    let (_, own) = get(
        &sandbox,
        "/api/now/table/sys_dictionary?sysparm_query=name=incident^elementISNOTEMPTY",
    )
    .await;
    let elements = strings(&own, "element");
    assert!(elements.contains(&"caller_id".to_string()));
    assert!(
        !elements.contains(&"short_description".to_string()),
        "task's column is not incident's own"
    );
    let (_, chain) = get(
        &sandbox,
        "/api/now/table/sys_dictionary?sysparm_query=nameINincident,task^element=caller_id^ORelement=short_description",
    )
    .await;
    let rows = chain["result"].as_array().cloned().unwrap_or_default();
    let caller = rows
        .iter()
        .find(|r| r["element"] == "caller_id")
        .cloned()
        .unwrap_or_default();
    assert_eq!(caller["reference"]["value"], "sys_user");
    assert_eq!(caller["internal_type"]["value"], "reference");
    assert!(caller["reference"]["link"]
        .as_str()
        .is_some_and(|l| l.ends_with("/sys_db_object?name=sys_user")));
    assert_eq!(caller["max_length"], "32");
    let short = rows
        .iter()
        .find(|r| r["element"] == "short_description")
        .cloned()
        .unwrap_or_default();
    assert_eq!(short["mandatory"], "true");
    assert_eq!(short["name"], "task");
}

#[tokio::test]
async fn choices_carry_sequence_language_inactive_and_dependency() {
    let (sandbox, _) = start_default().await;
    let (_, body) = get(
        &sandbox,
        "/api/now/table/sys_choice?sysparm_query=name=incident^element=category^ORDERBYsequence",
    )
    .await;
    let values = strings(&body, "value");
    assert_eq!(values[0], "inquiry");
    assert!(values.contains(&"request".to_string()));
    let retired = body["result"]
        .as_array()
        .and_then(|r| r.iter().find(|c| c["value"] == "request").cloned());
    assert_eq!(
        retired.map(|r| r["inactive"].clone()),
        Some(Value::from("true"))
    );
    let (_, sub) = get(
        &sandbox,
        "/api/now/table/sys_choice?sysparm_query=element=subcategory^dependent_value=network",
    )
    .await;
    assert!(strings(&sub, "value").contains(&"vpn".to_string()));
    let (_, german) = get(
        &sandbox,
        "/api/now/table/sys_choice?sysparm_query=language=de",
    )
    .await;
    assert_eq!(strings(&german, "label"), ["Neu"]);
}

#[tokio::test]
async fn an_empty_defined_table_lists_empty_with_every_column() {
    let (sandbox, _) = start_default().await;
    let (status, body) = get(&sandbox, "/api/now/table/problem").await;
    assert_eq!(
        (status, body.clone()),
        (StatusCode::OK, serde_json::json!({"result": []}))
    );
    let (status, _) = get(&sandbox, "/api/now/table/u_never_made").await;
    assert_eq!(status, 400);
}

#[tokio::test]
async fn an_unreadable_table_answers_403_as_an_acl_would() {
    let (sandbox, _) = start_default().await;
    sandbox.faults().set_unreadable(&["sys_dictionary"]);
    let (status, body) = get(&sandbox, "/api/now/table/sys_dictionary?sysparm_limit=1").await;
    assert_eq!(status, 403);
    assert_eq!(
        body["error"]["message"],
        "Insufficient rights to query records"
    );
    let (status, _) = get(&sandbox, "/api/now/table/sys_db_object?sysparm_limit=1").await;
    assert_eq!(status, 200);
}

#[tokio::test]
async fn groups_have_members_and_users_have_emails() {
    let (sandbox, _) = start_default().await;
    let (_, body) = get(
        &sandbox,
        "/api/now/table/sys_user_grmember?sysparm_query=group.name=Service Desk&sysparm_fields=user.name",
    )
    .await;
    let mut names = strings(&body, "user.name");
    names.sort();
    assert_eq!(names, ["Beth Anglin", "Fred Johnson"]);
    let (_, users) = get(
        &sandbox,
        "/api/now/table/sys_user?sysparm_query=name=David Miller&sysparm_limit=2",
    )
    .await;
    assert_eq!(strings(&users, "email").len(), 2);
}
