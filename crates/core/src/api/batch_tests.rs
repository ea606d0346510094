use super::*;

fn instance() -> Instance {
    Instance::parse("https://dev12345.service-now.com").unwrap()
}

fn two() -> BatchRequest {
    let mut create = ApiRequest::new(Method::POST, "/api/now/table/incident");
    create.body = Some(r#"{"short_description":"été 🚀"}"#.into());
    let mut list = ApiRequest::new(Method::GET, "/api/now/table/incident");
    list.query = vec![("sysparm_limit".into(), "1".into())];
    BatchRequest::new(vec![create, list])
}

#[test]
fn builds_relative_urls_base64_bodies_and_no_authorization() {
    let api = two().to_api(&instance()).unwrap();
    assert_eq!(api.method, Method::POST);
    assert_eq!(api.path, BATCH_PATH);
    let body: Value = serde_json::from_str(api.body.as_deref().unwrap()).unwrap();
    assert_eq!(body["batch_request_id"], "1");
    let items = body["rest_requests"].as_array().unwrap();
    assert_eq!(items[0]["id"], "1");
    assert_eq!(items[0]["method"], "POST");
    assert_eq!(items[0]["url"], "/api/now/table/incident");
    let sent = STANDARD.decode(items[0]["body"].as_str().unwrap()).unwrap();
    assert_eq!(sent, r#"{"short_description":"été 🚀"}"#.as_bytes());
    assert!(items[0]["headers"]
        .as_array()
        .unwrap()
        .iter()
        .any(|h| h["name"] == "Content-Type" && h["value"] == "application/json"));
    assert!(!items[0]["headers"].to_string().contains("Authorization"));
    assert_eq!(items[1]["url"], "/api/now/table/incident?sysparm_limit=1");
    assert_eq!(items[1]["body"], "");
}

#[test]
fn an_empty_batch_or_a_request_off_the_instance_is_refused() {
    let e = BatchRequest::new(Vec::new()).to_api(&instance());
    assert!(matches!(e, Err(Error::InvalidInput { .. })));
    let off = ApiRequest::new(Method::GET, "https://elsewhere.example.com/api/now/table/x");
    assert!(BatchRequest::new(vec![off]).to_api(&instance()).is_err());
}

#[test]
fn parses_serviced_items_as_exchanges_and_lists_unserviced_ids() {
    let created = STANDARD.encode(r#"{"result":{"number":"INC0010001"}}"#);
    let missing = STANDARD
        .encode(r#"{"error":{"message":"No Record found","detail":"gone"},"status":"failure"}"#);
    let canned = json!({
        "batch_request_id": 1,
        "serviced_requests": [
            {"id": "1", "status_code": 201, "status_text": "Created",
             "headers": [{"name": "Content-Type", "value": "application/json"}],
             "body": created, "execution_time": 5},
            {"id": 2, "status_code": "404", "status_text": "Not Found", "headers": [],
             "body": missing, "execution_time": 1}
        ],
        "unserviced_requests": ["3", {"id": "4"}]
    });
    let batch = two();
    let answer = parse_batch(&batch, &instance(), canned.to_string().as_bytes()).unwrap();
    assert_eq!(answer.batch_request_id, "1");
    assert_eq!(answer.unserviced, ["3", "4"]);
    let first = &answer.serviced[0].exchange;
    assert_eq!((first.status, first.reason.as_str()), (201, "Created"));
    assert_eq!(first.request.method, "POST");
    assert_eq!(first.result().unwrap()["number"], "INC0010001");
    assert_eq!(first.content_type.as_deref(), Some("application/json"));
    assert_eq!(first.elapsed_ms, 5.0);
    let second = &answer.serviced[1];
    assert_eq!(second.id, "2");
    assert_eq!(second.exchange.status, 404);
    assert_eq!(
        second.exchange.servicenow_error.as_ref().unwrap().message,
        "No Record found"
    );
    assert_eq!(
        second.exchange.request.url,
        "https://dev12345.service-now.com/api/now/table/incident?sysparm_limit=1"
    );
}

#[test]
fn an_error_envelope_is_not_a_batch_answer_and_only_picks_ids() {
    let env = br#"{"error":{"message":"User Not Authenticated"},"status":"failure"}"#;
    assert!(parse_batch(&two(), &instance(), env).is_none());
    let retry = two().only(&["2".into()]);
    assert_eq!(retry.items.len(), 1);
    assert_eq!(retry.items[0].0, "2");
    assert_ne!(retry.batch_request_id, "1");
}
