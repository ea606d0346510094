use serde_json::{json, Value};
use snowpost_sandbox::{DEFAULT_PASSWORD, DEFAULT_USERNAME};

use crate::common::*;

#[tokio::test]
async fn counts_averages_and_groups_with_numbers_as_strings() {
    let (sandbox, client) = start_default().await;
    for (priority, reassign) in [("1", "2"), ("1", "4"), ("3", "5")] {
        let created = client
            .post(format!("{}/api/now/table/u_agg", sandbox.base_url()))
            .basic_auth(DEFAULT_USERNAME, Some(DEFAULT_PASSWORD))
            .json(&json!({"u_kind": priority, "u_n": reassign}))
            .send()
            .await
            .unwrap();
        assert_eq!(created.status(), 201);
    }
    let get = |query: &str| {
        let url = format!("{}/api/now/stats/u_agg?{query}", sandbox.base_url());
        let request = client
            .get(url)
            .basic_auth(DEFAULT_USERNAME, Some(DEFAULT_PASSWORD));
        async move { request.send().await.unwrap().json::<Value>().await.unwrap() }
    };
    let plain = get("sysparm_count=true&sysparm_avg_fields=u_n").await;
    assert_eq!(
        plain["result"]["stats"],
        json!({"count": "3", "avg": {"u_n": "3.6667"}})
    );

    let grouped = get("sysparm_count=true&sysparm_group_by=u_kind&sysparm_max_fields=u_n&sysparm_order_by=COUNT^DESC").await;
    assert_eq!(
        grouped["result"][0],
        json!({"stats": {"count": "2", "max": {"u_n": "4"}}, "groupby_fields": [{"field": "u_kind", "value": "1"}]})
    );
    assert_eq!(grouped["result"].as_array().map(Vec::len), Some(2));
    let having = get("sysparm_count=true&sysparm_group_by=u_kind&sysparm_having=count^*^>^1").await;
    assert_eq!(having["result"].as_array().map(Vec::len), Some(1));
}
