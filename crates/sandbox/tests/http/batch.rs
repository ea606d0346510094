use base64::engine::general_purpose::STANDARD;
use base64::Engine;
use serde_json::{json, Value};
use snowpost_sandbox::{SandboxConfig, DEFAULT_PASSWORD, DEFAULT_USERNAME};

use crate::common::*;

fn item(id: &str, method: &str, url: &str, body: Option<&str>) -> Value {
    json!({
        "id": id,
        "method": method,
        "url": url,
        "headers": [
            {"name": "Content-Type", "value": "application/json"},
            {"name": "Accept", "value": "application/json"}
        ],
        "body": body.map(|b| STANDARD.encode(b)).unwrap_or_default(),
        "exclude_response_headers": id == "3",
    })
}

async fn post_batch(
    client: &reqwest::Client,
    sandbox: &snowpost_sandbox::Sandbox,
    batch: &Value,
) -> reqwest::Response {
    client
        .post(format!("{}/api/now/v1/batch", sandbox.base_url()))
        .basic_auth(DEFAULT_USERNAME, Some(DEFAULT_PASSWORD))
        .json(batch)
        .send()
        .await
        .expect("batch sent")
}

fn decoded(item: &Value) -> Value {
    let bytes = STANDARD
        .decode(item["body"].as_str().expect("body is base64 text"))
        .expect("body decodes");
    serde_json::from_slice(&bytes).expect("body is JSON")
}

#[tokio::test]
async fn items_run_in_order_and_a_failure_stays_inside_a_200() {
    let (sandbox, client) = start_default().await;
    let short = "Batch \u{00e9}t\u{00e9} \u{1f680} \"quoted\"";
    let create = json!({ "short_description": short }).to_string();
    let batch = json!({
        "batch_request_id": 7,
        "rest_requests": [
            item("1", "POST", "/api/now/table/incident", Some(&create)),
            item("2", "GET", "/api/now/table/incident/0000000000000000000000000000dead", None),
            item("3", "GET", "/api/now/table/incident?sysparm_limit=1&sysparm_fields=number", None),
        ]
    });
    let response = post_batch(&client, &sandbox, &batch).await;
    assert_eq!(response.status(), 200);
    let body: Value = response.json().await.expect("batch JSON");
    assert_eq!(body["batch_request_id"], "7");
    assert_eq!(body["unserviced_requests"], json!([]));
    let items = body["serviced_requests"].as_array().expect("serviced list");
    let ids: Vec<&str> = items.iter().filter_map(|i| i["id"].as_str()).collect();
    assert_eq!(ids, ["1", "2", "3"]);

    assert_eq!(items[0]["status_code"], 201);
    assert_eq!(items[0]["status_text"], "Created");
    assert_eq!(decoded(&items[0])["result"]["short_description"], short);
    assert!(items[0]["headers"]
        .as_array()
        .is_some_and(|h| h.iter().any(|h| h["name"] == "location")));
    assert!(items[0]["execution_time"].is_u64());

    assert_eq!(items[1]["status_code"], 404);
    assert_eq!(decoded(&items[1])["error"]["message"], "No Record found");

    assert_eq!(items[2]["status_code"], 200);
    assert_eq!(items[2]["headers"], json!([]));
    assert!(decoded(&items[2])["result"][0]["number"].is_string());
}

#[tokio::test]
async fn past_the_budget_items_are_left_unserviced_and_a_batch_needs_a_caller() {
    let config = SandboxConfig {
        batch_max_items: Some(1),
        ..SandboxConfig::default()
    };
    let (sandbox, client) = start(config).await;
    let url = format!("{}/api/now/v1/batch", sandbox.base_url());
    let batch = json!({
        "batch_request_id": "b",
        "rest_requests": [
            item("a", "GET", "/api/now/table/incident?sysparm_limit=1", None),
            item("b", "GET", "/api/now/table/incident?sysparm_limit=1", None),
            item("c", "GET", "/api/now/table/incident?sysparm_limit=1", None),
        ]
    });
    let response = client
        .post(&url)
        .basic_auth(DEFAULT_USERNAME, Some(DEFAULT_PASSWORD))
        .json(&batch)
        .send()
        .await
        .expect("batch sent");
    let body: Value = response.json().await.expect("batch JSON");
    assert_eq!(body["serviced_requests"].as_array().map(Vec::len), Some(1));
    assert_eq!(body["unserviced_requests"], json!(["b", "c"]));

    let anonymous = client.post(&url).json(&batch).send().await.expect("sent");
    assert_eq!(anonymous.status(), 401);
    let garbage = client
        .post(&url)
        .basic_auth(DEFAULT_USERNAME, Some(DEFAULT_PASSWORD))
        .body("{\"rest_requests\":3}")
        .send()
        .await
        .expect("sent");
    assert_eq!(garbage.status(), 400);
}

#[tokio::test]
async fn past_ten_megabytes_out_the_rest_is_unserviced() {
    let (sandbox, client) = start_default().await;
    sandbox.seed("incident", 6000);
    let list = "/api/now/table/incident?sysparm_limit=10000";
    let batch = json!({
        "batch_request_id": "big",
        "rest_requests": [item("a", "GET", list, None), item("b", "GET", list, None), item("c", "GET", list, None)]
    });
    let response = post_batch(&client, &sandbox, &batch).await;
    let body: Value = response.json().await.expect("batch JSON");
    let serviced = body["serviced_requests"].as_array().expect("serviced list");
    let first = serviced[0]["body"].as_str().map_or(0, str::len);
    assert!(
        first > 5 << 20 && first < 10 << 20,
        "one list is 5-10 MB: {first}"
    );
    assert_eq!(serviced.len(), 2, "the second item crosses 10 MB");
    assert_eq!(body["unserviced_requests"], json!(["c"]));
}
