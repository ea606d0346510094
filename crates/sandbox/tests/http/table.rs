use reqwest::{Client, RequestBuilder, StatusCode};
use serde_json::{json, Value};
use snowpost_sandbox::{Sandbox, DEFAULT_PASSWORD, DEFAULT_USERNAME};

use crate::common::*;

const FRED: &str = "5137153cc611227c000bbd1bd8cd2005";
const ADMIN: &str = "6816f79cc0a8016401c5a33be04be441";

/// A started sandbox with a logged-in client.
struct Api {
    sandbox: Sandbox,
    client: Client,
    token: String,
}

impl Api {
    async fn new() -> Api {
        let (sandbox, client) = start_default().await;
        let token = access_token(&client, &sandbox).await;
        Api {
            sandbox,
            client,
            token,
        }
    }

    fn url(&self, path: &str) -> String {
        format!("{}{path}", self.sandbox.base_url())
    }

    fn get(&self, path: &str) -> RequestBuilder {
        self.client.get(self.url(path)).bearer_auth(&self.token)
    }

    fn post(&self, path: &str, body: Value) -> RequestBuilder {
        self.client
            .post(self.url(path))
            .bearer_auth(&self.token)
            .json(&body)
    }

    async fn create(&self, table: &str, body: Value) -> Value {
        let response = self
            .post(&format!("/api/now/table/{table}"), body)
            .send()
            .await
            .expect("sent");
        assert_eq!(response.status(), StatusCode::CREATED);
        let body: Value = response.json().await.expect("json");
        body["result"].clone()
    }
}

#[tokio::test]
async fn missing_or_bad_bearer_gets_the_exact_401() {
    let api = Api::new().await;
    for request in [
        api.client.get(api.url("/api/now/table/incident")),
        api.client
            .get(api.url("/api/now/table/incident"))
            .bearer_auth("not-a-token"),
    ] {
        let response = request.send().await.expect("sent");
        assert_eq!(response.status(), StatusCode::UNAUTHORIZED);
        assert_eq!(
            header(&response, "www-authenticate"),
            "BASIC realm=\"Service-now\""
        );
        assert_eq!(
            header(&response, "content-type"),
            "application/json;charset=UTF-8"
        );
        assert_eq!(response.text().await.unwrap_or_default(), NOT_AUTHENTICATED);
    }
    // Real instances also take a user's Basic credentials.
    let response = api
        .client
        .get(api.url("/api/now/ui/user/current_user"))
        .basic_auth(DEFAULT_USERNAME, Some(DEFAULT_PASSWORD))
        .send()
        .await
        .expect("sent");
    assert_eq!(response.status(), StatusCode::OK);
    let body: Value = response.json().await.expect("json");
    assert_eq!(
        body,
        json!({"result": {"user_name": "admin", "user_sys_id": ADMIN, "user_display_name": "System Administrator"}})
    );
    let stats = api.sandbox.stats();
    assert_eq!((stats.api_requests, stats.api_unauthorized), (3, 2));
    api.sandbox.shutdown().await;
}

#[tokio::test]
async fn create_incident_then_read_update_delete() {
    let api = Api::new().await;
    let response = api
        .post(
            "/api/now/table/incident",
            json!({"short_description": "Email is down", "urgency": "2", "impact": 2}),
        )
        .send()
        .await
        .expect("sent");
    assert_eq!(response.status(), StatusCode::CREATED);
    assert_eq!(
        header(&response, "content-type"),
        "application/json;charset=UTF-8"
    );
    assert_eq!(header(&response, "server"), "ServiceNow");
    assert_eq!(header(&response, "x-is-logged-in"), "true");
    assert!(!header(&response, "x-transaction-id").is_empty());
    let cookies: Vec<_> = response.headers().get_all("set-cookie").iter().collect();
    assert!(cookies.len() >= 2);
    let location = header(&response, "location");
    let body: Value = response.json().await.expect("json");
    let inc = &body["result"];
    let sys_id = inc["sys_id"].as_str().unwrap_or("").to_string();
    assert_eq!(
        location,
        api.url(&format!("/api/now/table/incident/{sys_id}"))
    );
    assert_eq!(sys_id.len(), 32);
    assert_eq!(inc["number"], "INC0010001");
    assert_eq!(inc["priority"], "3");
    assert_eq!(inc["impact"], "2");
    assert_eq!(
        (&inc["state"], &inc["incident_state"]),
        (&json!("1"), &json!("1"))
    );
    assert_eq!(inc["active"], "true");
    assert_eq!(inc["caller_id"], "");
    assert_eq!(inc["sys_mod_count"], "0");
    assert_eq!(inc["sys_class_name"], "incident");
    assert_eq!(inc["sys_created_by"], "admin");
    assert_eq!(
        inc["opened_by"],
        json!({"link": api.url(&format!("/api/now/table/sys_user/{ADMIN}")), "value": ADMIN})
    );
    let created_on = inc["sys_created_on"].as_str().unwrap_or("");
    assert_eq!(created_on.len(), 19);
    assert_eq!(&created_on[10..11], " ");
    assert!(inc
        .as_object()
        .map(|o| o.values().all(|v| v.is_string() || v.is_object()))
        .unwrap_or(false));

    let second = api.create("incident", json!({"caller_id": FRED})).await;
    assert_eq!(second["number"], "INC0010002");
    assert_eq!(second["priority"], "5");

    let response = api
        .client
        .patch(&location)
        .bearer_auth(&api.token)
        .json(&json!({"impact": "1", "urgency": "1", "state": "7"}))
        .send()
        .await
        .expect("sent");
    assert_eq!(response.status(), StatusCode::OK);
    let updated: Value = response.json().await.expect("json");
    assert_eq!(updated["result"]["priority"], "1");
    assert_eq!(updated["result"]["active"], "false");
    assert_eq!(updated["result"]["sys_mod_count"], "1");
    assert_eq!(updated["result"]["short_description"], "Email is down");

    let response = api
        .client
        .delete(&location)
        .bearer_auth(&api.token)
        .send()
        .await
        .expect("sent");
    assert_eq!(response.status(), StatusCode::NO_CONTENT);
    assert_eq!(response.text().await.unwrap_or_default(), "");
    let response = api
        .client
        .get(&location)
        .bearer_auth(&api.token)
        .send()
        .await
        .expect("sent");
    assert_eq!(response.status(), StatusCode::NOT_FOUND);
    assert_eq!(
        response.text().await.unwrap_or_default(),
        r#"{"error":{"message":"No Record found","detail":"Record doesn't exist or ACL restricts the record retrieval"},"status":"failure"}"#
    );
    api.sandbox.shutdown().await;
}

#[tokio::test]
async fn pagination_headers() {
    let api = Api::new().await;
    for i in 0..5 {
        api.create("u_page", json!({"u_n": i})).await;
    }
    let response = api
        .get("/api/now/table/u_page?sysparm_limit=2&sysparm_fields=u_n")
        .send()
        .await
        .expect("sent");
    assert_eq!(response.status(), StatusCode::OK);
    assert_eq!(header(&response, "x-total-count"), "5");
    let base = api.url("/api/now/table/u_page?sysparm_limit=2&sysparm_fields=u_n");
    assert_eq!(
        header(&response, "link"),
        format!(
            "<{base}&sysparm_offset=0>;rel=\"first\",<{base}&sysparm_offset=-2>;rel=\"prev\",\
             <{base}&sysparm_offset=2>;rel=\"next\",<{base}&sysparm_offset=4>;rel=\"last\""
        )
    );
    let body: Value = response.json().await.expect("json");
    assert_eq!(body, json!({"result": [{"u_n": "0"}, {"u_n": "1"}]}));

    let last = api
        .get("/api/now/table/u_page?sysparm_limit=2&sysparm_offset=4&sysparm_no_count=true&sysparm_suppress_pagination_header=true")
        .send()
        .await
        .expect("sent");
    assert!(last.headers().get("x-total-count").is_none());
    assert!(last.headers().get("link").is_none());
    let body: Value = last.json().await.expect("json");
    assert_eq!(body["result"].as_array().map(Vec::len), Some(1));
    api.sandbox.shutdown().await;
}

#[tokio::test]
async fn queries_versions_and_errors() {
    let api = Api::new().await;
    for (impact, text) in [
        ("1", "Printer jam"),
        ("2", "Email down"),
        ("3", "Printer ink"),
    ] {
        api.create(
            "incident",
            json!({"impact": impact, "short_description": text}),
        )
        .await;
    }
    let numbers = |body: Value| -> Vec<String> {
        body["result"]
            .as_array()
            .map(|rows| {
                rows.iter()
                    .map(|r| r["number"].as_str().unwrap_or("").to_string())
                    .collect()
            })
            .unwrap_or_default()
    };
    let body: Value = api
        .get("/api/now/table/incident")
        .query(&[
            (
                "sysparm_query",
                "short_descriptionSTARTSWITHprinter^ORimpact=2^ORDERBYDESCnumber",
            ),
            ("sysparm_fields", "number"),
        ])
        .send()
        .await
        .expect("sent")
        .json()
        .await
        .expect("json");
    assert_eq!(numbers(body), ["INC0010003", "INC0010002", "INC0010001"]);

    let stats: Value = api
        .get("/api/now/stats/incident")
        .query(&[("sysparm_query", "short_descriptionLIKEprinter")])
        .send()
        .await
        .expect("sent")
        .json()
        .await
        .expect("json");
    assert_eq!(stats, json!({"result": {"stats": {"count": "2"}}}));

    // v1 answers an empty list with 404, v2 and the unversioned path with [].
    let empty = "?sysparm_query=impact=9";
    let v1 = api
        .get(&format!("/api/now/v1/table/incident{empty}"))
        .send()
        .await
        .expect("sent");
    assert_eq!(v1.status(), StatusCode::NOT_FOUND);
    for path in ["/api/now/v2/table/incident", "/api/now/table/incident"] {
        let response = api
            .get(&format!("{path}{empty}"))
            .send()
            .await
            .expect("sent");
        assert_eq!(response.status(), StatusCode::OK);
        assert_eq!(
            response.text().await.unwrap_or_default(),
            r#"{"result":[]}"#
        );
    }

    let invalid = api
        .get("/api/now/table/no_such_table")
        .send()
        .await
        .expect("sent");
    assert_eq!(invalid.status(), StatusCode::BAD_REQUEST);
    assert_eq!(
        invalid.text().await.unwrap_or_default(),
        r#"{"error":{"message":"Invalid table no_such_table","detail":null},"status":"failure"}"#
    );
    let unknown = api.get("/api/now/nothing/here").send().await.expect("sent");
    assert_eq!(unknown.status(), StatusCode::BAD_REQUEST);
    let body: Value = unknown.json().await.expect("json");
    assert_eq!(
        body["error"]["message"],
        "Requested URI does not represent any resource"
    );

    let broken = api
        .client
        .post(api.url("/api/now/table/incident"))
        .bearer_auth(&api.token)
        .header("content-type", "application/json")
        .body("{not json")
        .send()
        .await
        .expect("sent");
    assert_eq!(broken.status(), StatusCode::BAD_REQUEST);
    let body: Value = broken.json().await.expect("json");
    assert_eq!(body["status"], "failure");

    let denied = api
        .post(
            "/api/now/table/sys_properties",
            json!({"name": "x", "value": "y"}),
        )
        .send()
        .await
        .expect("sent");
    assert_eq!(denied.status(), StatusCode::FORBIDDEN);
    assert_eq!(
        denied.text().await.unwrap_or_default(),
        r#"{"error":{"message":"Operation Failed","detail":"ACL Exception Insert Failed due to security constraints"},"status":"failure"}"#
    );

    let huge = "x".repeat(10 * 1024 * 1024 + 1);
    let too_large = api
        .post("/api/now/table/incident", json!({ "description": huge }))
        .send()
        .await
        .expect("sent");
    assert_eq!(too_large.status(), StatusCode::PAYLOAD_TOO_LARGE);
    let body: Value = too_large.json().await.expect("json");
    assert!(body["error"]["message"]
        .as_str()
        .unwrap_or("")
        .starts_with("Rejected large REST payload"));
    api.sandbox.shutdown().await;
}

#[tokio::test]
async fn display_values_and_no_response_body() {
    let api = Api::new().await;
    let created = api
        .post(
            "/api/now/table/incident?sysparm_display_value=true",
            json!({"caller_id": FRED, "urgency": "1", "impact": "1"}),
        )
        .send()
        .await
        .expect("sent");
    let body: Value = created.json().await.expect("json");
    let inc = &body["result"];
    assert_eq!(
        inc["caller_id"],
        json!({"display_value": "Fred Johnson", "link": api.url(&format!("/api/now/table/sys_user/{FRED}"))})
    );
    assert_eq!(inc["priority"], "1 - Critical");
    let sys_id = inc["sys_id"].as_str().unwrap_or("").to_string();

    let all: Value = api
        .get(&format!(
            "/api/now/table/incident/{sys_id}?sysparm_display_value=all&sysparm_exclude_reference_link=true&sysparm_fields=caller_id,state"
        ))
        .send()
        .await
        .expect("sent")
        .json()
        .await
        .expect("json");
    assert_eq!(
        all,
        json!({"result": {
            "caller_id": {"display_value": "Fred Johnson", "value": FRED},
            "state": {"display_value": "New", "value": "1"}
        }})
    );

    let silent = api
        .post("/api/now/table/incident", json!({}))
        .header("X-no-response-body", "true")
        .send()
        .await
        .expect("sent");
    assert_eq!(silent.status(), StatusCode::CREATED);
    assert!(!header(&silent, "location").is_empty());
    assert_eq!(silent.text().await.unwrap_or_default(), "");
    api.sandbox.shutdown().await;
}

#[tokio::test]
async fn xml_responses() {
    let api = Api::new().await;
    let created = api
        .create(
            "incident",
            json!({"caller_id": FRED, "short_description": "a<b & 'c'"}),
        )
        .await;
    let sys_id = created["sys_id"].as_str().unwrap_or("").to_string();

    let one = api
        .get(&format!(
            "/api/now/table/incident/{sys_id}?sysparm_fields=number,caller_id,short_description"
        ))
        .header("accept", "application/xml")
        .send()
        .await
        .expect("sent");
    assert_eq!(
        header(&one, "content-type"),
        "application/xml;charset=UTF-8"
    );
    let link = api.url(&format!("/api/now/table/sys_user/{FRED}"));
    assert_eq!(
        one.text().await.unwrap_or_default(),
        format!(
            "<?xml version=\"1.0\" encoding=\"UTF-8\"?><response><result><number>INC0010001</number>\
             <caller_id><link>{link}</link><value>{FRED}</value></caller_id>\
             <short_description>a&lt;b &amp; &apos;c&apos;</short_description></result></response>"
        )
    );

    api.create("incident", json!({})).await;
    let list = api
        .get("/api/now/table/incident?sysparm_fields=number")
        .header("accept", "application/xml")
        .send()
        .await
        .expect("sent");
    assert_eq!(
        list.text().await.unwrap_or_default(),
        "<?xml version=\"1.0\" encoding=\"UTF-8\"?><response><result><number>INC0010001</number></result>\
         <result><number>INC0010002</number></result></response>"
    );

    let error = api
        .get("/api/now/table/BAD")
        .header("accept", "text/xml")
        .send()
        .await
        .expect("sent");
    assert_eq!(error.status(), StatusCode::BAD_REQUEST);
    assert_eq!(
        error.text().await.unwrap_or_default(),
        "<?xml version=\"1.0\" encoding=\"UTF-8\"?><response><error><message>Invalid table BAD</message>\
         <detail/></error><status>failure</status></response>"
    );
    api.sandbox.shutdown().await;
}
