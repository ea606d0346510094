use serde_json::json;

use super::*;

fn canned() -> (Vec<Value>, Vec<Value>, Vec<Value>) {
    let api = "d1";
    let defs = vec![
        json!({"sys_id": api, "name": "Incident Tools", "service_id": "incident_tools", "namespace": "x_snc_demo", "base_uri": "/api/x_snc_demo/incident_tools"}),
    ];
    let ops = vec![
        json!({"sys_id": "o1", "name": "Escalate", "http_method": "post", "relative_path": "/{sys_id}/escalate", "operation_uri": "/api/x_snc_demo/incident_tools/{sys_id}/escalate", "web_service_definition": {"link": "https://x/api/now/table/sys_ws_definition/d1", "value": api}}),
        json!({"sys_id": "o2", "name": "Summary", "http_method": "GET", "relative_path": "/summary", "operation_uri": "/api/x_snc_demo/incident_tools/summary", "web_service_definition": api}),
        json!({"sys_id": "o3", "name": "Other", "http_method": "GET", "operation_uri": "/api/x/y/z", "web_service_definition": "elsewhere"}),
    ];
    let versions = vec![
        json!({"web_service_definition": api, "version": "v1", "is_default": "false"}),
        json!({"web_service_definition": api, "version": "v2", "is_default": "true"}),
    ];
    (defs, ops, versions)
}

#[test]
fn joins_definitions_operations_and_versions_as_the_explorer_shows_them() {
    let (defs, ops, versions) = canned();
    let apis = parse_apis(&defs, &ops, &versions, "");
    assert_eq!(apis.len(), 1);
    let api = &apis[0];
    assert_eq!(
        (api.namespace.as_str(), api.api_id.as_str()),
        ("x_snc_demo", "incident_tools")
    );
    assert_eq!(api.versions, ["v2", "v1"], "the default first");
    assert_eq!(api.operations.len(), 2);
    assert_eq!(api.operations[0].http_method, "POST");
    assert_eq!(api.operations[0].path_params, ["sys_id"]);
    assert!(api.operations[1].path_params.is_empty());
    assert_eq!(parse_apis(&defs, &ops, &versions, "ESCAL").len(), 1);
    assert!(parse_apis(&defs, &ops, &versions, "nothing").is_empty());
}

#[test]
fn fills_path_parameters_and_refuses_a_missing_or_unknown_one() {
    let (defs, ops, versions) = canned();
    let escalate = parse_apis(&defs, &ops, &versions, "")
        .remove(0)
        .operations
        .remove(0);
    let req = escalate
        .request(&[("sys_id".into(), "a b/c".into())], Some("{}".into()))
        .unwrap();
    assert_eq!(req.method, Method::POST);
    assert_eq!(
        req.path,
        "/api/x_snc_demo/incident_tools/a%20b%2Fc/escalate"
    );
    assert_eq!(req.body.as_deref(), Some("{}"));
    let missing = escalate.request(&[], None).unwrap_err();
    assert!(missing.to_string().contains("needs {sys_id}"), "{missing}");
    let unknown = escalate
        .request(
            &[("sys_id".into(), "1".into()), ("id".into(), "2".into())],
            None,
        )
        .unwrap_err();
    assert!(
        unknown.to_string().contains("no path parameter \"id\""),
        "{unknown}"
    );
}
