//! The instance's schema, references and numbers through the workspace, against the sandbox
//! over real loopback HTTP with the real keychain.

use serde_json::json;
use snowpost_core::guard::{Confirmed, WriteGuard};
use snowpost_core::{ProfileInput, TableRequest};
use snowpost_e2e::Env;
use snowpost_sandbox::SandboxConfig;

const FRED: &str = "5137153cc611227c000bbd1bd8cd2005";
const ADMIN: &str = "6816f79cc0a8016401c5a33be04be441";
const SERVICE_DESK: &str = "d625dccec0a8016700a222a0f7900d06";

async fn env() -> Env {
    Env::start(SandboxConfig::default()).await
}

#[tokio::test]
async fn incident_schema_has_tasks_fields_and_its_choices_and_is_cached() {
    let env = env().await;
    let (ws, p) = (&env.ws, env.profile.as_str());
    let cold = ws.table_schema(p, "incident", false).await.unwrap();
    assert!(!cold.from_cache);
    assert_eq!(cold.hierarchy, ["incident", "task"]);
    assert_eq!(cold.label, "Incident");
    let short = cold.field("short_description").unwrap();
    assert_eq!((short.defined_on.as_str(), short.mandatory), ("task", true));
    let caller = cold.field("caller_id").unwrap();
    assert_eq!(caller.reference.as_deref(), Some("sys_user"));
    let state: Vec<_> = cold
        .field("state")
        .unwrap()
        .choices
        .iter()
        .map(|c| c.label.clone())
        .collect();
    assert_eq!(
        state,
        [
            "New",
            "In Progress",
            "On Hold",
            "Resolved",
            "Closed",
            "Canceled"
        ]
    );
    let urgency = &cold.field("urgency").unwrap().choices;
    assert_eq!(
        urgency[0].label, "1 - High",
        "urgency's choices sit on task"
    );
    let category = &cold.field("category").unwrap().choices;
    assert!(category.iter().any(|c| c.value == "request" && c.inactive));
    let sub = &cold.field("subcategory").unwrap().choices;
    assert!(sub
        .iter()
        .any(|c| c.value == "vpn" && c.dependent_value.as_deref() == Some("network")));
    assert!(
        !sub.iter().any(|c| c.label == "Neu"),
        "only the user's language"
    );
    assert!(cold.limits.is_empty());

    let before = env.sandbox.stats().api_requests;
    let warm = ws.table_schema(p, "incident", false).await.unwrap();
    assert!(warm.from_cache);
    assert_eq!(warm.fields, cold.fields);
    assert_eq!(
        env.sandbox.stats().api_requests,
        before,
        "the cache sends nothing"
    );
    let refreshed = ws.table_schema(p, "incident", true).await.unwrap();
    assert!(!refreshed.from_cache);

    let tables = ws.tables(p, "change", false).await.unwrap();
    assert_eq!(tables.tables[0].name, "change_request");
    assert!(tables.from_cache);
    let err = ws.table_schema(p, "incidnet", false).await.unwrap_err();
    assert_eq!(err.kind(), "not_found");
}

#[tokio::test]
async fn acls_that_hide_metadata_degrade_and_say_so() {
    let env = env().await;
    let (ws, p) = (&env.ws, env.profile.as_str());
    env.sandbox
        .faults()
        .set_unreadable(&["sys_dictionary", "sys_choice"]);
    let s = ws.table_schema(p, "sys_user", false).await.unwrap();
    assert!(s.field("user_name").is_some(), "fields from a record");
    assert_eq!(s.field("user_name").unwrap().internal_type, "unknown");
    assert_eq!(s.limits.len(), 2, "{:?}", s.limits);
    assert!(s.limits[0].contains("sys_dictionary is hidden by ACLs"));
    env.sandbox.faults().set_unreadable(&["sys_db_object"]);
    let list = ws.tables(p, "", true).await.unwrap();
    assert!(list.tables.is_empty());
    assert!(list.limits[0].contains("sys_db_object is hidden"));
}

#[tokio::test]
async fn references_resolve_by_user_name_email_name_and_me_or_list_candidates() {
    let env = env().await;
    let (ws, p) = (&env.ws, env.profile.as_str());
    let body = json!({"short_description": "VPN down", "caller_id": "fred.johnson",
                      "assigned_to": "beth.anglin@example.com", "assignment_group": "Service Desk",
                      "opened_by": "@me", "cmdb_ci": ""});
    let resolved = ws.resolve_references(p, "incident", body).await.unwrap();
    assert_eq!(resolved["caller_id"], FRED);
    assert_eq!(resolved["assigned_to"], "46d44a23a9fe19810012d100cca80666");
    assert_eq!(resolved["assignment_group"], SERVICE_DESK);
    assert_eq!(resolved["opened_by"], ADMIN);
    assert_eq!(resolved["short_description"], "VPN down");
    assert_eq!(resolved["cmdb_ci"], "");

    let before = env.sandbox.stats().api_requests;
    let err = ws
        .resolve_references(p, "incident", json!({"caller_id": "David Miller"}))
        .await
        .unwrap_err();
    assert_eq!(err.kind(), "ambiguous");
    let report = err.report();
    assert_eq!(report.causes.len(), 2, "{report:?}");
    assert!(report.causes.iter().any(|c| c.contains("dave.miller")));
    let err = ws
        .resolve_references(p, "incident", json!({"caller_id": "Fred Jonson"}))
        .await
        .unwrap_err();
    assert_eq!(err.kind(), "not_found");
    assert!(env.sandbox.stats().api_requests > before);
    let incidents = ws
        .send_table(p, &TableRequest::list("incident"))
        .await
        .unwrap();
    assert_eq!(
        incidents.result().unwrap(),
        json!([]),
        "nothing was written"
    );

    let people = ws
        .search_references(p, "sys_user", "dav", 10)
        .await
        .unwrap();
    assert_eq!(people.len(), 3, "{people:?}");
    let groups = ws
        .search_references(p, "sys_user_group", "net", 10)
        .await
        .unwrap();
    assert_eq!(groups[0].display, "Network");
}

#[tokio::test]
async fn a_number_stands_for_a_sys_id_and_me_for_the_user() {
    let env = env().await;
    let (ws, p) = (&env.ws, env.profile.as_str());
    let (x, summary) = ws
        .create_incident(
            p,
            json!({"short_description": "Printer", "caller_id": FRED}),
            Confirmed::No,
        )
        .await
        .unwrap();
    assert_eq!(x.status, 201);
    let number = summary.unwrap().number;
    let got = ws
        .send_table(p, &TableRequest::get("incident", &number))
        .await
        .unwrap();
    assert_eq!(got.status, 200);
    assert_eq!(got.result().unwrap()["number"], number.as_str());
    let patched = ws
        .send_table(
            p,
            &TableRequest::update("incident", &number, json!({"urgency": "1"})),
        )
        .await
        .unwrap();
    assert_eq!(patched.result().unwrap()["urgency"], "1");
    let mine = ws
        .send_table(
            p,
            &TableRequest::list("incident").param("sysparm_query", "opened_by=@me"),
        )
        .await
        .unwrap();
    assert_eq!(mine.result().unwrap().as_array().map(Vec::len), Some(1));
    assert!(mine.request.url.contains(ADMIN));
    let err = ws
        .send_table(p, &TableRequest::get("incident", "INC0099999"))
        .await
        .unwrap_err();
    assert_eq!(err.kind(), "not_found");
    assert!(err.to_string().contains("INC0099999"));
    let me = ws.current_user(p).await.unwrap();
    assert_eq!(
        (me.sys_id.as_str(), me.display_name.as_str()),
        (ADMIN, "System Administrator")
    );
}

#[tokio::test]
async fn a_read_only_profile_refuses_a_delete_by_number_before_looking_it_up() {
    let env = Env::start_with(SandboxConfig::default(), |p| ProfileInput {
        write_guard: Some(WriteGuard::ReadOnly),
        ..p
    })
    .await;
    let (ws, p) = (&env.ws, env.profile.as_str());
    let before = env.sandbox.stats().api_requests;
    let err = ws
        .send_table(p, &TableRequest::delete("incident", "INC0010001"))
        .await
        .unwrap_err();
    assert_eq!(err.kind(), "read_only");
    assert!(err.to_string().contains("INC0010001"), "{err}");
    assert_eq!(env.sandbox.stats().api_requests, before);
}
