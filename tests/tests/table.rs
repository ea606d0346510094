//! The seed's Step 3 and the rest of the Table API, over loopback HTTP.

use std::collections::HashSet;
use std::time::Duration;

use serde_json::json;
use snowpost_core::{Accept, ApiRequest, Method, TableRequest};
use snowpost_e2e::Env;
use snowpost_sandbox::{RateLimit, SandboxConfig};

#[tokio::test]
async fn incident_create_get_update_list_delete() {
    let env = Env::start(SandboxConfig::default()).await;
    let (ws, p) = (&env.ws, env.profile.as_str());

    let created = ws
        .send_table(
            p,
            &TableRequest::create(
                "incident",
                json!({"short_description":"Printer on fire","urgency":"2","impact":"2"}),
            ),
        )
        .await
        .unwrap();
    assert_eq!(created.status, 201);
    let rec = created.result().unwrap();
    assert_eq!(rec["number"], "INC0010001");
    assert_eq!(rec["priority"], "3");
    assert_eq!(rec["state"], "1");
    let sys_id = rec["sys_id"].as_str().unwrap().to_string();
    assert_eq!(sys_id.len(), 32);
    assert_eq!(
        created.header("location").unwrap(),
        format!("{}/api/now/table/incident/{sys_id}", env.sandbox.base_url())
    );
    assert_eq!(
        created
            .request
            .headers
            .iter()
            .find(|(k, _)| k == "Authorization")
            .unwrap()
            .1,
        "Bearer [redacted]"
    );

    let got = ws
        .send_table(p, &TableRequest::get("incident", &sys_id))
        .await
        .unwrap();
    assert_eq!(
        (
            got.status,
            got.result().unwrap()["short_description"].as_str()
        ),
        (200, Some("Printer on fire"))
    );

    let upd = ws
        .send_table(
            p,
            &TableRequest::update("incident", &sys_id, json!({"impact":"1","urgency":"1"})),
        )
        .await
        .unwrap();
    assert_eq!(upd.status, 200);
    let rec = upd.result().unwrap();
    assert_eq!(
        (rec["priority"].as_str(), rec["sys_mod_count"].as_str()),
        (Some("1"), Some("1"))
    );

    let second = ws
        .send_table(
            p,
            &TableRequest::create("incident", json!({"short_description":"Mouse missing"})),
        )
        .await
        .unwrap();
    assert_eq!(second.result().unwrap()["number"], "INC0010002");

    let list = ws
        .send_table(
            p,
            &TableRequest::list("incident")
                .param(
                    "sysparm_query",
                    "short_descriptionLIKEprinter^ORDERBYnumber",
                )
                .param("sysparm_fields", "number,priority"),
        )
        .await
        .unwrap();
    assert_eq!(list.status, 200);
    assert_eq!(
        list.result().unwrap(),
        json!([{"number":"INC0010001","priority":"1"}])
    );
    assert_eq!(list.pagination().total, Some(1));

    let del = ws
        .send_table(p, &TableRequest::delete("incident", &sys_id))
        .await
        .unwrap();
    assert_eq!((del.status, del.size), (204, 0));
    let gone = ws
        .send_table(p, &TableRequest::get("incident", &sys_id))
        .await
        .unwrap();
    assert_eq!(gone.status, 404);
    assert_eq!(
        gone.servicenow_error.as_ref().unwrap().message,
        "No Record found"
    );
    assert_eq!(gone.diagnosis.as_ref().unwrap().kind, "not_found");
}

#[tokio::test]
async fn pagination_follows_link_to_the_end() {
    let env = Env::start(SandboxConfig::default()).await;
    let (ws, p) = (&env.ws, env.profile.as_str());
    for i in 0..7 {
        let x = ws
            .send_table(
                p,
                &TableRequest::create("u_snowpost_test", json!({"u_n": i.to_string()})),
            )
            .await
            .unwrap();
        assert_eq!(x.status, 201);
    }
    let first = ws
        .send_table(
            p,
            &TableRequest::list("u_snowpost_test").param("sysparm_limit", "3"),
        )
        .await
        .unwrap();
    let link = first.header("link").unwrap().to_string();
    assert!(!link.contains(", "), "no spaces between entries: {link}");
    assert!(link.contains("sysparm_offset=-3>;rel=\"prev\""), "{link}");
    let pg = first.pagination();
    assert_eq!(pg.total, Some(7));
    assert!(pg.prev.is_none(), "a negative prev is no page");
    assert!(pg.last.as_deref().unwrap().contains("sysparm_offset=6"));

    let mut seen = HashSet::new();
    let mut page = first;
    let mut pages = 1;
    loop {
        for r in page.result().unwrap().as_array().unwrap() {
            assert!(seen.insert(r["sys_id"].as_str().unwrap().to_string()));
        }
        let Some(next) = page.pagination().next else {
            break;
        };
        page = ws
            .send(p, &ApiRequest::new(Method::GET, next))
            .await
            .unwrap();
        pages += 1;
    }
    assert_eq!((seen.len(), pages), (7, 3));
}

#[tokio::test]
async fn xml_on_request() {
    let env = Env::start(SandboxConfig::default()).await;
    let (ws, p) = (&env.ws, env.profile.as_str());
    ws.send_table(
        p,
        &TableRequest::create("incident", json!({"short_description":"A & B <c>"})),
    )
    .await
    .unwrap();
    let x = ws
        .send_table(
            p,
            &TableRequest {
                accept: Accept::Xml,
                ..TableRequest::list("incident")
            },
        )
        .await
        .unwrap();
    assert_eq!(x.status, 200);
    assert!(x
        .content_type
        .as_deref()
        .unwrap()
        .starts_with("application/xml"));
    let body = x.body_text();
    assert!(body.contains("<response><result>"), "{body}");
    assert!(body.contains("<number>INC0010001</number>"));
    assert!(body.contains("A &amp; B &lt;c&gt;"));
}

#[tokio::test]
async fn rate_limit_answers_429_with_retry_after() {
    let limit = RateLimit {
        requests: 2,
        per: Duration::from_secs(60),
    };
    let env = Env::start(SandboxConfig {
        rate_limit: Some(limit),
        ..SandboxConfig::default()
    })
    .await;
    let (ws, p) = (&env.ws, env.profile.as_str());
    for _ in 0..2 {
        assert_eq!(
            ws.send_table(p, &TableRequest::list("incident"))
                .await
                .unwrap()
                .status,
            200
        );
    }
    let x = ws
        .send_table(p, &TableRequest::list("incident"))
        .await
        .unwrap();
    assert_eq!(x.status, 429);
    let retry: u64 = x.header("retry-after").unwrap().parse().unwrap();
    assert!(retry > 0 && retry <= 60);
    assert_eq!(
        x.servicenow_error.as_ref().unwrap().message,
        "Rate limit exceeded"
    );
    assert!(x
        .diagnosis
        .as_ref()
        .unwrap()
        .message
        .contains("retry after"));
}

#[tokio::test]
async fn other_apis_and_errors_are_data() {
    let env = Env::start(SandboxConfig::default()).await;
    let (ws, p) = (&env.ws, env.profile.as_str());
    ws.send_table(
        p,
        &TableRequest::create("incident", json!({"short_description":"x"})),
    )
    .await
    .unwrap();
    let stats = ws
        .send(p, &ApiRequest::new(Method::GET, "/api/now/stats/incident"))
        .await
        .unwrap();
    assert_eq!(stats.json().unwrap()["result"]["stats"]["count"], "1");
    let me = ws
        .send(
            p,
            &ApiRequest::new(Method::GET, "/api/now/ui/user/current_user"),
        )
        .await
        .unwrap();
    assert_eq!(me.status, 200);
    let bad = ws
        .send_table(p, &TableRequest::list("no_such_table"))
        .await
        .unwrap();
    assert_eq!(bad.status, 400);
    assert_eq!(bad.diagnosis.unwrap().kind, "invalid_table");
    let other_host = ApiRequest::new(Method::GET, "https://example.com/api/now/table/incident");
    assert_eq!(
        ws.send(p, &other_host).await.unwrap_err().kind(),
        "invalid_input"
    );
}

#[tokio::test]
async fn history_keeps_every_call_without_its_secrets() {
    let env = Env::start(SandboxConfig::default()).await;
    let (ws, p) = (&env.ws, env.profile.as_str());
    let mut create = ApiRequest::new(Method::POST, "/api/now/table/sys_user");
    create.body = Some(r#"{"user_name":"svc.integration","user_password":"Pa55-w0rd!"}"#.into());
    create.headers = vec![("X-Api-Key".into(), "key-4242".into())];
    assert_eq!(ws.send(p, &create).await.unwrap().status, 201);
    ws.send_table(
        p,
        &TableRequest::list("incident").param("sysparm_limit", "2"),
    )
    .await
    .unwrap();
    let token = ws.current_token(p).unwrap().unwrap();

    let h = ws.history(Some(p), "", 10).unwrap().rows;
    assert_eq!(h.len(), 2);
    assert_eq!((h[0].method.as_str(), h[0].status), ("GET", 200));
    assert!(h[0]
        .url
        .ends_with("/api/now/table/incident?sysparm_limit=2"));
    assert_eq!(ws.history(Some(p), "sys_user", 10).unwrap().rows.len(), 1);
    let stored = serde_json::to_string(&h).unwrap();
    for secret in ["Pa55-w0rd!", "key-4242", token.access_token.expose()] {
        assert!(!stored.contains(secret));
    }
    // Re-open and re-send: the stored request is a complete one.
    let again = ws.send(p, &h[0].request.to_api().unwrap()).await.unwrap();
    assert_eq!(again.status, 200);
    assert_eq!(ws.history(Some(p), "", 10).unwrap().rows.len(), 3);
}

#[tokio::test]
async fn saved_requests_go_to_postman_and_back() {
    let env = Env::start(SandboxConfig::default()).await;
    let (ws, p) = (&env.ws, env.profile.as_str());
    let mut count = snowpost_core::views::RequestInput::empty();
    count.path = "/api/now/stats/incident".into();
    ws.save_request(p, "Count incidents", &count).unwrap();
    let (collection, environment) = ws.export_postman(p).unwrap();
    let text = format!("{collection}{environment}");
    for secret in [
        snowpost_sandbox::DEFAULT_CLIENT_SECRET,
        snowpost_sandbox::DEFAULT_PASSWORD,
    ] {
        assert!(!text.contains(secret));
    }
    assert_eq!(collection["auth"]["type"], "bearer");
    ws.delete_saved_request(ws.saved_requests(p).unwrap().rows[0].id)
        .unwrap();
    let back = ws
        .import_postman(p, &collection.to_string(), None)
        .unwrap()
        .rows;
    assert_eq!(back.len(), 1);
    assert_eq!(back[0].name, "Count incidents");
    let x = ws
        .send(p, &back[0].request.to_api().unwrap())
        .await
        .unwrap();
    assert_eq!(x.status, 200, "the imported request works");
}
