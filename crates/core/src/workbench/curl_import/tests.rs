use super::*;
use crate::api::Accept;
use crate::views::RequestTarget;

fn inst() -> Instance {
    Instance::parse("dev1").unwrap()
}

fn err_of(cmd: &str) -> String {
    let e = parse_curl(cmd).unwrap_err();
    assert_eq!(e.kind(), "invalid_input", "{cmd}");
    e.to_string()
}

fn rows(kv: &[KeyValue]) -> Vec<(&str, &str)> {
    kv.iter()
        .map(|r| (r.key.as_str(), r.value.as_str()))
        .collect()
}

/// As ServiceNow's REST API Explorer writes it.
const API_EXPLORER: &str = r#"curl "https://dev1.service-now.com/api/now/table/incident?sysparm_query=active%3Dtrue%5EORDERBYDESCsys_created_on&sysparm_limit=1" \
--request GET \
--header "Accept:application/json" \
--user 'admin':'admin'"#;

/// As Chrome's "Copy as cURL (bash)" writes it, with a session and a token in it.
const DEVTOOLS: &str = "curl 'https://dev1.service-now.com/api/now/table/incident' \\\r\n  -H 'accept: application/json, text/plain, */*' \\\r\n  -H 'authorization: Bearer eyJhbGciOi.secret.sig' \\\r\n  -H 'content-type: application/json' \\\r\n  -H 'cookie: JSESSIONID=8F3A; glide_user_route=glide.77' \\\r\n  -H 'x-usertoken: 0f1e2d3c' \\\r\n  -H 'x-trace: t-1' \\\r\n  --data-raw $'{\"short_description\":\"It\\'s broken\\\\nagain\",\"impact\":\"2\"}' \\\r\n  --compressed";

#[test]
fn api_explorer_command() {
    let p = parse_curl(API_EXPLORER).unwrap();
    assert_eq!(p.method, "GET");
    assert_eq!(p.url, "https://dev1.service-now.com/api/now/table/incident?sysparm_query=active%3Dtrue%5EORDERBYDESCsys_created_on&sysparm_limit=1");
    assert_eq!(
        p.headers,
        vec![("Accept".to_string(), "application/json".to_string())]
    );
    assert_eq!(
        (p.basic_auth_user.as_deref(), p.had_password),
        (Some("admin"), true)
    );
    let json = serde_json::to_string(&p).unwrap();
    assert!(!json.contains("admin:admin") && !json.contains("'admin'"));

    let r = p.to_request_input(&inst()).unwrap();
    assert_eq!(r.target, RequestTarget::Table);
    assert_eq!((r.table.as_str(), r.sys_id.as_deref()), ("incident", None));
    assert_eq!(
        rows(&r.params),
        vec![
            ("sysparm_query", "active=true^ORDERBYDESCsys_created_on"),
            ("sysparm_limit", "1")
        ]
    );
    assert!(r.headers.is_empty(), "Accept became the accept field");
    assert_eq!(r.accept, Accept::Json);
    assert!(r.to_api().is_ok());
}

#[test]
fn devtools_command_keeps_no_credential() {
    let p = parse_curl(DEVTOOLS).unwrap();
    assert_eq!(p.method, "POST", "data without -X is a POST");
    assert_eq!(
        p.body.as_deref(),
        Some(r#"{"short_description":"It's broken\nagain","impact":"2"}"#)
    );
    assert!(p.dropped_authorization);
    assert_eq!(p.dropped_headers, vec!["cookie", "x-usertoken"]);
    assert_eq!(p.ignored_options, vec!["--compressed"]);
    assert!(!p.insecure_ignored && !p.had_password);
    let json = serde_json::to_string(&p).unwrap();
    for secret in ["eyJhbGciOi", "8F3A", "0f1e2d3c", "glide.77"] {
        assert!(!json.contains(secret), "{secret} kept: {json}");
    }

    let r = p.to_request_input(&inst()).unwrap();
    assert_eq!(r.target, RequestTarget::Table);
    assert_eq!(r.method, "POST");
    // accept (json first) and the inferred content-type are the app's own; the rest stays.
    assert_eq!(rows(&r.headers), vec![("x-trace", "t-1")]);
    assert_eq!(r.accept, Accept::Json);
    let api = r.to_api().unwrap();
    assert_eq!(api.path, "/api/now/table/incident");
}

#[test]
fn options_short_long_bundled_and_attached() {
    let p = parse_curl(
        "curl -sSkL -XPATCH https://dev1.service-now.com/api/now/table/incident/0123456789abcdef0123456789abcdef \
         -H'Accept: application/xml' --header=X-A:1 -d '{\"state\":\"2\"}' -o /dev/null -w '%{http_code}'",
    )
    .unwrap();
    assert_eq!(p.method, "PATCH");
    assert!(p.insecure_ignored);
    assert_eq!(
        p.ignored_options,
        vec![
            "--silent",
            "--show-error",
            "--location",
            "--output",
            "--write-out"
        ]
    );
    let r = p.to_request_input(&inst()).unwrap();
    assert_eq!(r.target, RequestTarget::Table);
    assert_eq!(
        r.sys_id.as_deref(),
        Some("0123456789abcdef0123456789abcdef")
    );
    assert_eq!(r.accept, Accept::Xml);
    assert_eq!(rows(&r.headers), vec![("X-A", "1")]);
}

#[test]
fn data_variants() {
    // Several -d are joined with &, and curl's form Content-Type is kept for a form body.
    let p = parse_curl("curl https://dev1.service-now.com/api/x_acme/v1/hook -d a=1 -d 'b=2 3'")
        .unwrap();
    assert_eq!(
        (p.method.as_str(), p.body.as_deref()),
        ("POST", Some("a=1&b=2 3"))
    );
    let r = p.to_request_input(&inst()).unwrap();
    assert_eq!(r.target, RequestTarget::Path);
    assert_eq!(r.path, "/api/x_acme/v1/hook");
    assert_eq!(
        rows(&r.headers),
        vec![("Content-Type", "application/x-www-form-urlencoded")]
    );

    // --data-urlencode encodes the value part only.
    let p = parse_curl(
        "curl https://dev1.service-now.com/api/now/table/incident -G \
         --data-urlencode 'sysparm_query=short_descriptionLIKEe-mail & vpn^active=true' \
         --data-urlencode '=raw value' -d sysparm_limit=2",
    )
    .unwrap();
    assert_eq!(p.method, "GET");
    assert_eq!(p.body, None, "-G moves the data to the query");
    assert_eq!(p.url, "https://dev1.service-now.com/api/now/table/incident?sysparm_query=short_descriptionLIKEe-mail%20%26%20vpn%5Eactive%3Dtrue&raw%20value&sysparm_limit=2");
    let r = p.to_request_input(&inst()).unwrap();
    assert_eq!(
        rows(&r.params)[0],
        (
            "sysparm_query",
            "short_descriptionLIKEe-mail & vpn^active=true"
        )
    );

    // --json sets both JSON headers, which the app then expresses itself.
    let p = parse_curl(
        r#"curl --json '{"a":"1"}' --url https://dev1.service-now.com/api/now/import/u_staging"#,
    )
    .unwrap();
    assert_eq!(p.method, "POST");
    assert_eq!(p.headers.len(), 2);
    let r = p.to_request_input(&inst()).unwrap();
    assert!(r.headers.is_empty());
    assert_eq!(r.body.as_deref(), Some(r#"{"a":"1"}"#));

    // -I is a HEAD; an explicit -X always wins.
    assert_eq!(
        parse_curl("curl -I dev1.service-now.com/x").unwrap().method,
        "HEAD"
    );
    assert_eq!(
        parse_curl("curl -X delete https://dev1.service-now.com/api/now/table/incident/abc -d x")
            .unwrap()
            .method,
        "DELETE"
    );
}

#[test]
fn quoting_and_continuations() {
    let p = parse_curl(
        "curl \"https://dev1.service-now.com/api/now/table/incident\" \\\n  -H \"X-Note: say \\\"hi\\\" \\$HOME\" \\\n  -H 'X-Q: it'\\''s' \\\n  -H X-Plain:\\ a\\ b | jq .",
    )
    .unwrap();
    assert_eq!(
        p.headers,
        vec![
            ("X-Note".to_string(), "say \"hi\" $HOME".to_string()),
            ("X-Q".to_string(), "it's".to_string()),
            ("X-Plain".to_string(), "a b".to_string()),
        ]
    );
    // A prompt, a path to curl, and a URL without a scheme.
    let p = parse_curl("$ /usr/bin/curl dev1.service-now.com/api/now/stats/incident").unwrap();
    assert_eq!(p.url, "http://dev1.service-now.com/api/now/stats/incident");
    let r = p.to_request_input(&inst()).unwrap();
    assert_eq!(
        (r.target, r.path.as_str()),
        (RequestTarget::Path, "/api/now/stats/incident")
    );
}

#[test]
fn basic_and_bearer_credentials_are_reported_not_kept() {
    // "admin:S3cret!" in Basic form.
    let p = parse_curl(
        "curl https://dev1.service-now.com/api/now/table/sys_user -H 'Authorization: Basic YWRtaW46UzNjcmV0IQ=='",
    )
    .unwrap();
    assert_eq!(
        (
            p.basic_auth_user.as_deref(),
            p.had_password,
            p.dropped_authorization
        ),
        (Some("admin"), true, true)
    );
    assert!(p.headers.is_empty());
    let p = parse_curl("curl -u bob https://dev1.service-now.com/x --oauth2-bearer tok -b 'a=b'")
        .unwrap();
    assert_eq!(
        (
            p.basic_auth_user.as_deref(),
            p.had_password,
            p.dropped_authorization
        ),
        (Some("bob"), false, true)
    );
    assert_eq!(p.dropped_headers, vec!["Cookie"]);
    assert!(!serde_json::to_string(&p).unwrap().contains("tok"));
}

#[test]
fn clear_errors() {
    assert!(err_of("curl 'https://dev1.service-now.com").contains("single quote"));
    assert!(err_of("curl \"https://dev1.service-now.com").contains("double quote"));
    assert!(err_of("curl $'abc").contains("not closed"));
    assert!(err_of("curl -X POST -H 'Accept: application/json'").contains("no URL"));
    assert!(err_of("wget https://dev1.service-now.com").contains("not a curl command"));
    assert!(err_of("   ").contains("paste a curl command"));
    assert!(
        err_of("curl https://a.example.com https://b.example.com").contains("more than one URL")
    );
    assert!(err_of("curl -d @body.json https://dev1.service-now.com/x").contains("from a file"));
    assert!(
        err_of("curl --data-urlencode name@file https://dev1.service-now.com/x")
            .contains("from a file")
    );
    assert!(err_of("curl -F file=@a.png https://dev1.service-now.com/x")
        .contains("--form is not supported"));
    assert!(err_of("curl --frobnicate https://dev1.service-now.com/x")
        .contains("unknown curl option --frobnicate"));
    assert!(err_of("curl -Z https://dev1.service-now.com/x").contains("unknown curl option -Z"));
    assert!(err_of("curl https://dev1.service-now.com/x -H").contains("needs a value"));
    assert!(err_of("curl ftp://dev1.service-now.com/x").contains("not an http(s) URL"));
    assert!(
        err_of("curl https://admin:pw@dev1.service-now.com/x").contains("user name or password")
    );
    // A method a snippet would have to quote is refused as the import reads it.
    assert!(
        err_of("curl -X 'GET /x' https://dev1.service-now.com/x").contains("not an HTTP method")
    );
    assert!(
        err_of("curl -X $'P\\nUT' https://dev1.service-now.com/x").contains("not an HTTP method")
    );
}

#[test]
fn urls_elsewhere_are_refused() {
    let p = parse_curl("curl https://evil.example.com/api/now/table/incident").unwrap();
    let e = p.to_request_input(&inst()).unwrap_err().to_string();
    assert!(
        e.contains("evil.example.com is not on https://dev1.service-now.com"),
        "{e}"
    );
    let p = parse_curl("curl https://dev1.service-now.com:8443/api").unwrap();
    assert!(
        p.to_request_input(&inst()).is_err(),
        "another port is another server"
    );
    // The sandbox: plain http on loopback with a port.
    let local = Instance::parse("http://127.0.0.1:4010").unwrap();
    let p = parse_curl("curl http://127.0.0.1:4010/api/now/table/incident/abc").unwrap();
    let r = p.to_request_input(&local).unwrap();
    assert_eq!(
        (r.table.as_str(), r.sys_id.as_deref()),
        ("incident", Some("abc"))
    );
}

#[test]
fn table_target_only_when_it_sends_the_same() {
    // A POST with a sys_id or a body that is not a JSON object stays a Path request.
    let p =
        parse_curl("curl https://dev1.service-now.com/api/now/table/incident/abc -d '{}'").unwrap();
    assert_eq!(
        p.to_request_input(&inst()).unwrap().target,
        RequestTarget::Path
    );
    let p =
        parse_curl("curl https://dev1.service-now.com/api/now/table/incident -d '[1]'").unwrap();
    assert_eq!(
        p.to_request_input(&inst()).unwrap().target,
        RequestTarget::Path
    );
    let p = parse_curl("curl https://dev1.service-now.com/api/now/v2/table/incident").unwrap();
    assert_eq!(
        p.to_request_input(&inst()).unwrap().target,
        RequestTarget::Path
    );
}

#[test]
fn any_text_is_an_answer_not_a_panic() {
    const PIECES: &[&str] = &[
        "curl ",
        " ",
        "'",
        "\"",
        "\\",
        "\\\n",
        "$'",
        "\\x4",
        "\\u{",
        "-",
        "--",
        "-X",
        "-H",
        "-d",
        "-G",
        "--url",
        "--data-urlencode",
        "=",
        "@",
        "https://dev1.service-now.com/api/now/table/incident",
        "?a=1",
        "&",
        "|",
        "#",
        "é",
        "-sSkL",
        "--json",
        "Authorization: Basic !!",
        ":",
    ];
    let mut seed = 0xc0ffee_u64;
    let mut next = || {
        seed ^= seed << 13;
        seed ^= seed >> 7;
        seed ^= seed << 17;
        seed as usize
    };
    for _ in 0..3000 {
        let n = next() % 10;
        let cmd: String = std::iter::once("curl ")
            .chain((0..n).map(|_| PIECES[next() % PIECES.len()]))
            .collect();
        if let Ok(p) = parse_curl(&cmd) {
            let _ = p.to_request_input(&inst());
        }
    }
}
