//! The Import Set API, 202 "not processed" creates and per-API rate limits.

use std::time::Duration;

use reqwest::StatusCode;
use serde_json::{json, Value};
use snowpost_sandbox::{RateLimit, RestApi, SandboxConfig};

use crate::common::*;

/// A GET's JSON body.
async fn get_json(client: &reqwest::Client, token: &str, url: String) -> Value {
    let response = client.get(url).bearer_auth(token).send().await;
    response.expect("sent").json().await.expect("JSON")
}

#[tokio::test]
async fn import_transforms_to_the_target_table_and_coalesces_on_number() {
    let (sandbox, client) = start_default().await;
    let token = access_token(&client, &sandbox).await;
    let url = format!("{}/api/now/import/u_incident_import", sandbox.base_url());
    let response = client
        .post(&url)
        .bearer_auth(&token)
        .json(&json!({"u_short_description": "Printer on fire", "Urgency": "1"}))
        .send()
        .await
        .expect("sent");
    assert_eq!(response.status(), StatusCode::CREATED);
    let body: Value = response.json().await.expect("JSON");
    assert_eq!(body["import_set"], "ISET0010001");
    assert_eq!(body["staging_table"], "u_incident_import");
    let result = &body["result"][0];
    assert_eq!(
        (
            &result["status"],
            &result["table"],
            &result["transform_map"]
        ),
        (
            &json!("inserted"),
            &json!("incident"),
            &json!("Incident Import")
        )
    );
    let number = result["display_value"]
        .as_str()
        .unwrap_or_default()
        .to_string();
    let sys_id = result["sys_id"].as_str().unwrap_or_default().to_string();
    let url_of = |path: &str| format!("{}{path}", sandbox.base_url());
    let record = url_of(&format!("/api/now/table/incident/{sys_id}"));
    let record = get_json(&client, &token, record).await;
    assert_eq!(record["result"]["short_description"], "Printer on fire");
    assert_eq!(record["result"]["urgency"], "1");

    // insertMultiple: asynchronous ids; a row with a known number updates it.
    let response = client
        .post(format!("{url}/insertMultiple"))
        .bearer_auth(&token)
        .json(&json!({"records": [
            {"number": number, "short_description": "Printer out"},
            {"short_description": "New one"}
        ]}))
        .send()
        .await
        .expect("sent");
    assert_eq!(response.status(), StatusCode::OK);
    let body: Value = response.json().await.expect("JSON");
    assert_eq!(body["import_set_id"].as_str().map(str::len), Some(32));
    assert_eq!(body["multi_import_set_id"].as_str().map(str::len), Some(32));
    let staged = url_of("/api/now/table/u_incident_import?sysparm_fields=sys_import_state");
    let staged = get_json(&client, &token, staged).await;
    assert_eq!(
        staged["result"],
        json!([
            {"sys_import_state": "inserted"},
            {"sys_import_state": "updated"},
            {"sys_import_state": "inserted"}
        ])
    );
    let unknown = client
        .post(format!("{}/api/now/import/u_nothing", sandbox.base_url()))
        .bearer_auth(&token)
        .json(&json!({}))
        .send()
        .await
        .expect("sent");
    assert_eq!(unknown.status(), StatusCode::BAD_REQUEST);
}

#[tokio::test]
async fn every_nth_create_is_answered_202_and_not_created() {
    let config = SandboxConfig {
        defer_writes: 2,
        ..SandboxConfig::default()
    };
    let (sandbox, client) = start(config).await;
    let token = access_token(&client, &sandbox).await;
    let url = format!("{}/api/now/table/incident", sandbox.base_url());
    let mut statuses = Vec::new();
    for n in 0..4 {
        let response = client
            .post(&url)
            .bearer_auth(&token)
            .json(&json!({"short_description": format!("row {n}")}))
            .send()
            .await
            .expect("sent");
        statuses.push(response.status().as_u16());
        if response.status() == StatusCode::ACCEPTED {
            assert_eq!(response.text().await.unwrap_or_default(), "");
        }
    }
    assert_eq!(statuses, [201, 202, 201, 202]);
    assert_eq!(sandbox.faults().deferred_writes(), 2);
    let count = format!("{}/api/now/stats/incident", sandbox.base_url());
    let count = get_json(&client, &token, count).await;
    assert_eq!(count["result"]["stats"]["count"], "2");
}

#[tokio::test]
async fn a_limit_on_one_api_leaves_the_others_alone() {
    let config = SandboxConfig {
        api_rate_limits: vec![(
            RestApi::Table,
            RateLimit {
                requests: 1,
                per: Duration::from_secs(1),
            },
        )],
        ..SandboxConfig::default()
    };
    let (sandbox, client) = start(config).await;
    let token = access_token(&client, &sandbox).await;
    let get = |path: &str| {
        client
            .get(format!("{}{path}", sandbox.base_url()))
            .bearer_auth(&token)
            .send()
    };
    assert_eq!(
        get("/api/now/table/incident").await.expect("sent").status(),
        200
    );
    let limited = get("/api/now/table/incident").await.expect("sent");
    assert_eq!(limited.status(), StatusCode::TOO_MANY_REQUESTS);
    assert_eq!(header(&limited, "retry-after"), "1");
    let body: Value = limited.json().await.expect("JSON");
    assert_eq!(
        body["error"]["detail"],
        "Rate limit of 1 requests per second for Table API exceeded"
    );
    for _ in 0..3 {
        assert_eq!(
            get("/api/now/stats/incident").await.expect("sent").status(),
            200
        );
    }
}
