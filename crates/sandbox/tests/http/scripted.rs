use serde_json::{json, Value};
use snowpost_sandbox::{DEFAULT_PASSWORD, DEFAULT_USERNAME};

use crate::common::*;

#[tokio::test]
async fn the_seeded_scripted_rest_api_is_listed_and_answers() {
    let (sandbox, client) = start_default().await;
    let get = |path: &str| {
        client
            .get(format!("{}{path}", sandbox.base_url()))
            .basic_auth(DEFAULT_USERNAME, Some(DEFAULT_PASSWORD))
            .send()
    };
    let ops: Value = get("/api/now/table/sys_ws_operation?sysparm_query=active=true")
        .await
        .unwrap()
        .json()
        .await
        .unwrap();
    let uris: Vec<&str> = ops["result"]
        .as_array()
        .unwrap()
        .iter()
        .filter_map(|o| o["operation_uri"].as_str())
        .collect();
    assert!(
        uris.contains(&"/api/x_snc_demo/incident_tools/{sys_id}/escalate"),
        "{uris:?}"
    );
    let defs: Value = get("/api/now/table/sys_ws_definition")
        .await
        .unwrap()
        .json()
        .await
        .unwrap();
    assert_eq!(defs["result"][0]["namespace"], "x_snc_demo");

    for path in [
        "/api/x_snc_demo/incident_tools/summary",
        "/api/x_snc_demo/v1/incident_tools/summary",
    ] {
        let summary = get(path).await.unwrap();
        assert_eq!(summary.status(), 200, "{path}");
        let body: Value = summary.json().await.unwrap();
        assert!(body["result"]["active"].is_string(), "{body}");
    }

    let created: Value = client
        .post(format!("{}/api/now/table/incident", sandbox.base_url()))
        .basic_auth(DEFAULT_USERNAME, Some(DEFAULT_PASSWORD))
        .json(&json!({"short_description": "to escalate"}))
        .send()
        .await
        .unwrap()
        .json()
        .await
        .unwrap();
    let id = created["result"]["sys_id"].as_str().unwrap();
    let post = |path: String| {
        client
            .post(format!("{}{path}", sandbox.base_url()))
            .basic_auth(DEFAULT_USERNAME, Some(DEFAULT_PASSWORD))
            .json(&json!({"reason": "VIP"}))
            .send()
    };
    let escalated = post(format!("/api/x_snc_demo/incident_tools/{id}/escalate"))
        .await
        .unwrap();
    assert_eq!(escalated.status(), 200);
    let body: Value = escalated.json().await.unwrap();
    assert_eq!(
        (
            body["result"]["priority"].as_str(),
            body["result"]["reason"].as_str()
        ),
        (Some("1"), Some("VIP"))
    );
    let missing = post("/api/x_snc_demo/incident_tools/nope/escalate".into())
        .await
        .unwrap();
    assert_eq!(missing.status(), 404);
    let wrong_method = get(&format!("/api/x_snc_demo/incident_tools/{id}/escalate"))
        .await
        .unwrap();
    assert_eq!(wrong_method.status(), 400);
}
