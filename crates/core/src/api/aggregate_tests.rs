use serde_json::json;

use super::*;

fn by_priority() -> AggregateRequest {
    AggregateRequest {
        table: "incident".into(),
        count: true,
        group_by: vec!["priority".into()],
        avg: vec!["reassignment_count".into()],
        query: "active=true".into(),
        ..AggregateRequest::default()
    }
}

#[test]
fn builds_the_stats_call() {
    let req = by_priority().to_api().unwrap();
    assert_eq!(req.path, "/api/now/stats/incident");
    let q: Vec<(&str, &str)> = req
        .query
        .iter()
        .map(|(k, v)| (k.as_str(), v.as_str()))
        .collect();
    assert_eq!(
        q,
        [
            ("sysparm_count", "true"),
            ("sysparm_group_by", "priority"),
            ("sysparm_avg_fields", "reassignment_count"),
            ("sysparm_query", "active=true"),
        ]
    );
    let bare = AggregateRequest {
        table: "incident".into(),
        ..Default::default()
    };
    assert_eq!(
        bare.to_api().unwrap().query,
        [("sysparm_count".to_string(), "true".to_string())]
    );
    let bad = AggregateRequest {
        table: "incident".into(),
        avg: vec!["a,b".into()],
        ..Default::default()
    };
    assert!(bad.to_api().is_err());
    assert!(
        AggregateRequest::default().to_api().is_err(),
        "a table is needed"
    );
}

#[test]
fn parses_grouped_and_ungrouped_answers_into_a_table() {
    let grouped = json!({"result": [
        {"stats": {"count": "2", "avg": {"reassignment_count": "3.5"}}, "groupby_fields": [{"field": "priority", "value": "1"}]},
        {"stats": {"count": "1", "avg": {"reassignment_count": ""}}, "groupby_fields": [{"field": "priority", "value": "3"}]}
    ]});
    let t = by_priority().parse(&grouped).unwrap();
    assert_eq!(t.columns, ["priority", "count", "avg(reassignment_count)"]);
    assert_eq!(t.rows, [vec!["1", "2", "3.5"], vec!["3", "1", ""]]);
    assert_eq!(
        t.render().lines().next(),
        Some("priority  count  avg(reassignment_count)")
    );

    let plain = AggregateRequest {
        table: "incident".into(),
        ..Default::default()
    };
    let t = plain
        .parse(&json!({"result": {"stats": {"count": "42"}}}))
        .unwrap();
    assert_eq!(
        (t.columns, t.rows),
        (vec!["count".to_string()], vec![vec!["42".to_string()]])
    );
    assert!(plain.parse(&json!({"error": {"message": "x"}})).is_none());
}
