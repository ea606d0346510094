use super::*;
use crate::api::{Accept, TableRequest};

fn inst() -> Instance {
    Instance::parse("dev1").unwrap()
}

/// A list with an encoded query whose value needs quoting in every language.
fn get() -> ApiRequest {
    TableRequest::list("incident")
        .param(
            "sysparm_query",
            "active=true^short_descriptionLIKEit's a \"test\"",
        )
        .param("sysparm_limit", "5")
        .to_api()
        .unwrap()
}

fn post() -> ApiRequest {
    TableRequest::create(
        "incident",
        serde_json::json!({"short_description": "Printer's on fire", "urgency": "2", "active": true, "notes": null}),
    )
    .to_api()
    .unwrap()
}

fn token() -> impl Fn(SnippetLanguage) -> String {
    |lang| token_snippet(lang, &inst(), "password", "cid", Some("admin"))
}

const CURL_GET: &str = r#"curl --request GET \
  --url 'https://dev1.service-now.com/api/now/table/incident?sysparm_query=active%3Dtrue%5Eshort_descriptionLIKEit%27s+a+%22test%22&sysparm_limit=5' \
  --header 'Accept: application/json' \
  --header "Authorization: Bearer $SN_ACCESS_TOKEN"
"#;

const CURL_POST: &str = r#"curl --request POST \
  --url 'https://dev1.service-now.com/api/now/table/incident' \
  --header 'Accept: application/json' \
  --header "Authorization: Bearer $SN_ACCESS_TOKEN" \
  --header 'Content-Type: application/json' \
  --data-raw '{
  "short_description": "Printer'\''s on fire",
  "urgency": "2",
  "active": true,
  "notes": null
}'
"#;

const CURL_TOKEN: &str = r#"curl --request POST \
  --url 'https://dev1.service-now.com/oauth_token.do' \
  --header 'Accept: application/json' \
  --data-urlencode 'grant_type=password' \
  --data-urlencode 'client_id=cid' \
  --data-urlencode "client_secret=$SN_CLIENT_SECRET" \
  --data-urlencode 'username=admin' \
  --data-urlencode "password=$SN_PASSWORD"
"#;

const PYTHON_REQUESTS_GET: &str = r#"import os

import requests

url = "https://dev1.service-now.com/api/now/table/incident?sysparm_query=active%3Dtrue%5Eshort_descriptionLIKEit%27s+a+%22test%22&sysparm_limit=5"
headers = {
    "Accept": "application/json",
    "Authorization": "Bearer " + os.environ["SN_ACCESS_TOKEN"],
}

response = requests.request("GET", url, headers=headers)
print(response.status_code)
print(response.text)
"#;

const PYTHON_REQUESTS_POST: &str = r#"import os

import requests

url = "https://dev1.service-now.com/api/now/table/incident"
headers = {
    "Accept": "application/json",
    "Authorization": "Bearer " + os.environ["SN_ACCESS_TOKEN"],
    "Content-Type": "application/json",
}
payload = {
    "short_description": "Printer's on fire",
    "urgency": "2",
    "active": True,
    "notes": None,
}

response = requests.request("POST", url, headers=headers, json=payload)
print(response.status_code)
print(response.text)
"#;

const PYTHON_REQUESTS_TOKEN: &str = r#"import os

import requests

url = "https://dev1.service-now.com/oauth_token.do"
headers = {
    "Accept": "application/json",
}
data = {
    "grant_type": "password",
    "client_id": "cid",
    "client_secret": os.environ["SN_CLIENT_SECRET"],
    "username": "admin",
    "password": os.environ["SN_PASSWORD"],
}

response = requests.request("POST", url, headers=headers, data=data)
print(response.status_code)
print(response.text)
"#;

const POWER_SHELL_GET: &str = r#"$headers = @{
    'Accept' = 'application/json'
    'Authorization' = "Bearer $env:SN_ACCESS_TOKEN"
}
Invoke-RestMethod -Method 'GET' `
    -Uri 'https://dev1.service-now.com/api/now/table/incident?sysparm_query=active%3Dtrue%5Eshort_descriptionLIKEit%27s+a+%22test%22&sysparm_limit=5' `
    -Headers $headers
"#;

const POWER_SHELL_POST: &str = r#"$headers = @{
    'Accept' = 'application/json'
    'Authorization' = "Bearer $env:SN_ACCESS_TOKEN"
}
$body = '{
  "short_description": "Printer''s on fire",
  "urgency": "2",
  "active": true,
  "notes": null
}'
Invoke-RestMethod -Method 'POST' `
    -Uri 'https://dev1.service-now.com/api/now/table/incident' `
    -Headers $headers `
    -ContentType 'application/json' `
    -Body ([System.Text.Encoding]::UTF8.GetBytes($body))
"#;

const POWER_SHELL_TOKEN: &str = r#"$headers = @{
    'Accept' = 'application/json'
}
$body = @{
    'grant_type' = 'password'
    'client_id' = 'cid'
    'client_secret' = $env:SN_CLIENT_SECRET
    'username' = 'admin'
    'password' = $env:SN_PASSWORD
}
Invoke-RestMethod -Method 'POST' `
    -Uri 'https://dev1.service-now.com/oauth_token.do' `
    -Headers $headers `
    -Body $body
"#;

const JAVA_SCRIPT_FETCH_GET: &str = r#"const response = await fetch("https://dev1.service-now.com/api/now/table/incident?sysparm_query=active%3Dtrue%5Eshort_descriptionLIKEit%27s+a+%22test%22&sysparm_limit=5", {
  method: "GET",
  headers: {
    "Accept": "application/json",
    "Authorization": "Bearer " + process.env.SN_ACCESS_TOKEN,
  },
});
console.log(response.status);
console.log(await response.text());
"#;

const JAVA_SCRIPT_FETCH_POST: &str = r#"const response = await fetch("https://dev1.service-now.com/api/now/table/incident", {
  method: "POST",
  headers: {
    "Accept": "application/json",
    "Authorization": "Bearer " + process.env.SN_ACCESS_TOKEN,
    "Content-Type": "application/json",
  },
  body: JSON.stringify({
    "short_description": "Printer's on fire",
    "urgency": "2",
    "active": true,
    "notes": null
  }),
});
console.log(response.status);
console.log(await response.text());
"#;

const JAVA_SCRIPT_FETCH_TOKEN: &str = r#"const response = await fetch("https://dev1.service-now.com/oauth_token.do", {
  method: "POST",
  headers: {
    "Accept": "application/json",
  },
  body: new URLSearchParams({
    "grant_type": "password",
    "client_id": "cid",
    "client_secret": process.env.SN_CLIENT_SECRET,
    "username": "admin",
    "password": process.env.SN_PASSWORD,
  }),
});
console.log(response.status);
console.log(await response.text());
"#;

const RUST_REQWEST_GET: &str = r#"// Cargo.toml: reqwest = { version = "0.12", features = ["blocking"] }
fn main() -> Result<(), Box<dyn std::error::Error>> {
    let sn_access_token = std::env::var("SN_ACCESS_TOKEN")?;
    let response = reqwest::blocking::Client::new()
        .request(reqwest::Method::GET, "https://dev1.service-now.com/api/now/table/incident?sysparm_query=active%3Dtrue%5Eshort_descriptionLIKEit%27s+a+%22test%22&sysparm_limit=5")
        .header("Accept", "application/json")
        .header("Authorization", format!("Bearer {sn_access_token}"))
        .send()?;
    println!("{}", response.status());
    println!("{}", response.text()?);
    Ok(())
}
"#;

const RUST_REQWEST_POST: &str = r##"// Cargo.toml: reqwest = { version = "0.12", features = ["blocking"] }
fn main() -> Result<(), Box<dyn std::error::Error>> {
    let sn_access_token = std::env::var("SN_ACCESS_TOKEN")?;
    let response = reqwest::blocking::Client::new()
        .request(reqwest::Method::POST, "https://dev1.service-now.com/api/now/table/incident")
        .header("Accept", "application/json")
        .header("Authorization", format!("Bearer {sn_access_token}"))
        .header("Content-Type", "application/json")
        .body(r#"{
  "short_description": "Printer's on fire",
  "urgency": "2",
  "active": true,
  "notes": null
}"#)
        .send()?;
    println!("{}", response.status());
    println!("{}", response.text()?);
    Ok(())
}
"##;

const RUST_REQWEST_TOKEN: &str = r#"// Cargo.toml: reqwest = { version = "0.12", features = ["blocking"] }
fn main() -> Result<(), Box<dyn std::error::Error>> {
    let sn_client_secret = std::env::var("SN_CLIENT_SECRET")?;
    let sn_password = std::env::var("SN_PASSWORD")?;
    let response = reqwest::blocking::Client::new()
        .request(reqwest::Method::POST, "https://dev1.service-now.com/oauth_token.do")
        .header("Accept", "application/json")
        .form(&[
            ("grant_type", "password"),
            ("client_id", "cid"),
            ("client_secret", sn_client_secret.as_str()),
            ("username", "admin"),
            ("password", sn_password.as_str()),
        ])
        .send()?;
    println!("{}", response.status());
    println!("{}", response.text()?);
    Ok(())
}
"#;

#[test]
fn curl() {
    assert_eq!(snippet(SnippetLanguage::Curl, &inst(), &get()), CURL_GET);
    assert_eq!(snippet(SnippetLanguage::Curl, &inst(), &post()), CURL_POST);
    assert_eq!(token()(SnippetLanguage::Curl), CURL_TOKEN);
}

#[test]
fn python_requests() {
    let lang = SnippetLanguage::PythonRequests;
    assert_eq!(snippet(lang, &inst(), &get()), PYTHON_REQUESTS_GET);
    assert_eq!(snippet(lang, &inst(), &post()), PYTHON_REQUESTS_POST);
    assert_eq!(token()(lang), PYTHON_REQUESTS_TOKEN);
}

#[test]
fn powershell() {
    let lang = SnippetLanguage::PowerShell;
    assert_eq!(snippet(lang, &inst(), &get()), POWER_SHELL_GET);
    assert_eq!(snippet(lang, &inst(), &post()), POWER_SHELL_POST);
    assert_eq!(token()(lang), POWER_SHELL_TOKEN);
}

#[test]
fn javascript_fetch() {
    let lang = SnippetLanguage::JavaScriptFetch;
    assert_eq!(snippet(lang, &inst(), &get()), JAVA_SCRIPT_FETCH_GET);
    assert_eq!(snippet(lang, &inst(), &post()), JAVA_SCRIPT_FETCH_POST);
    assert_eq!(token()(lang), JAVA_SCRIPT_FETCH_TOKEN);
}

#[test]
fn rust_reqwest() {
    let lang = SnippetLanguage::RustReqwest;
    assert_eq!(snippet(lang, &inst(), &get()), RUST_REQWEST_GET);
    assert_eq!(snippet(lang, &inst(), &post()), RUST_REQWEST_POST);
    assert_eq!(token()(lang), RUST_REQWEST_TOKEN);
}

#[test]
fn secret_looking_headers_become_placeholders_everywhere() {
    let mut req = post();
    req.headers = vec![
        ("Authorization".into(), "Basic U0VDUkVULTE=".into()),
        ("Cookie".into(), "JSESSIONID=SECRET-2".into()),
        ("X-API-Key".into(), "SECRET-3".into()),
        ("x-auth-token".into(), "SECRET-4".into()),
        ("X-Client-Secret".into(), "SECRET-5".into()),
        ("Proxy-Authorization".into(), "SECRET-6".into()),
        ("X-Password".into(), "SECRET-7".into()),
        ("X-Trace".into(), "visible-1".into()),
    ];
    for lang in SnippetLanguage::ALL {
        let out = snippet(*lang, &inst(), &req);
        for n in 1..=7 {
            assert!(
                !out.contains(&format!("SECRET-{n}")),
                "{lang:?} leaks SECRET-{n}:\n{out}"
            );
        }
        assert!(
            !out.contains("U0VDUkVULTE="),
            "{lang:?} leaks the Basic value"
        );
        assert!(out.contains("visible-1"), "{lang:?} drops a plain header");
        assert!(
            out.contains("SN_X_API_KEY") && out.contains("SN_COOKIE"),
            "{lang:?}:\n{out}"
        );
        // The user's Authorization replaces the app's, as when sending; still only a reference.
        assert!(
            out.contains("SN_AUTHORIZATION") && !out.contains("SN_ACCESS_TOKEN"),
            "{lang:?}"
        );
    }
    let curl = snippet(SnippetLanguage::Curl, &inst(), &req);
    assert!(
        curl.contains(r#"--header "X-API-Key: $SN_X_API_KEY""#),
        "{curl}"
    );
    let ps = snippet(SnippetLanguage::PowerShell, &inst(), &req);
    assert!(ps.contains("'x-auth-token' = $env:SN_X_AUTH_TOKEN"), "{ps}");
    let rs = snippet(SnippetLanguage::RustReqwest, &inst(), &req);
    assert!(
        rs.contains(r#"let sn_cookie = std::env::var("SN_COOKIE")?;"#),
        "{rs}"
    );
    assert!(rs.contains(r#".header("Cookie", &sn_cookie)"#), "{rs}");
}

#[test]
fn the_token_never_appears_as_a_value() {
    for lang in SnippetLanguage::ALL {
        let out = snippet(*lang, &inst(), &get());
        let reference = match lang {
            SnippetLanguage::Curl => "$SN_ACCESS_TOKEN",
            SnippetLanguage::PythonRequests => "os.environ[\"SN_ACCESS_TOKEN\"]",
            SnippetLanguage::PowerShell => "$env:SN_ACCESS_TOKEN",
            SnippetLanguage::JavaScriptFetch => "process.env.SN_ACCESS_TOKEN",
            SnippetLanguage::RustReqwest => "std::env::var(\"SN_ACCESS_TOKEN\")",
        };
        assert!(out.contains(reference), "{lang:?}:\n{out}");
        let token = token_snippet(*lang, &inst(), "password", "cid", None);
        assert!(token.contains("SN_CLIENT_SECRET") && token.contains("SN_PASSWORD"));
        assert!(
            token.contains("SN_USERNAME"),
            "no username: read it from the environment too"
        );
    }
}

#[test]
fn quoting_survives_hostile_text() {
    let mut req = ApiRequest::new(Method::POST, "/api/x_acme/v1/echo");
    req.headers = vec![(
        "X-Note".into(),
        "it's $HOME `id` \u{2019}q\u{2019} \"d\"".into(),
    )];
    req.body = Some("<a b=\"#\">\"## '</a>".into());
    req.accept = Accept::Xml;

    let curl = snippet(SnippetLanguage::Curl, &inst(), &req);
    assert!(
        curl.contains(r#"--header 'X-Note: it'\''s $HOME `id` ’q’ "d"'"#),
        "{curl}"
    );
    assert!(curl.contains("--header 'Content-Type: application/xml'"));
    assert!(
        curl.contains(r###"--data-raw '<a b="#">"## '\''</a>'"###),
        "{curl}"
    );

    let ps = snippet(SnippetLanguage::PowerShell, &inst(), &req);
    assert!(
        ps.contains("'X-Note' = 'it''s $HOME `id` ’’q’’ \"d\"'"),
        "{ps}"
    );
    assert!(ps.contains("-ContentType 'application/xml'"), "{ps}");

    let py = snippet(SnippetLanguage::PythonRequests, &inst(), &req);
    assert!(
        py.contains(r###"payload = "<a b=\"#\">\"## '</a>""###),
        "{py}"
    );
    assert!(py.contains("data=payload.encode(\"utf-8\")"), "{py}");

    let rs = snippet(SnippetLanguage::RustReqwest, &inst(), &req);
    assert!(
        rs.contains(r####".body(r###"<a b="#">"## '</a>"###)"####),
        "{rs}"
    );

    let js = snippet(SnippetLanguage::JavaScriptFetch, &inst(), &req);
    assert!(js.contains(r###"body: "<a b=\"#\">\"## '</a>","###), "{js}");
}

#[test]
fn bodies_that_could_change_are_kept_as_given() {
    let mut req = ApiRequest::new(Method::POST, "/api/now/import/u_staging");
    req.body = Some(r#"{"amount":12.50,"id":123456789012345678901234}"#.into());
    let curl = snippet(SnippetLanguage::Curl, &inst(), &req);
    assert!(
        curl.contains(r#"--data-raw '{"amount":12.50,"id":123456789012345678901234}'"#),
        "{curl}"
    );
    let py = snippet(SnippetLanguage::PythonRequests, &inst(), &req);
    assert!(py.contains("data=payload.encode"), "{py}");
}

#[test]
fn methods_and_refusals() {
    let head = ApiRequest::new(Method::HEAD, "/api/now/table/incident");
    assert!(snippet(SnippetLanguage::Curl, &inst(), &head).starts_with("curl --head \\\n"));
    let custom = ApiRequest::new(Method::from_bytes(b"PURGE").unwrap(), "/api/x");
    assert!(
        snippet(SnippetLanguage::PowerShell, &inst(), &custom).contains("-CustomMethod 'PURGE'")
    );
    assert!(snippet(SnippetLanguage::RustReqwest, &inst(), &custom)
        .contains(r#"reqwest::Method::from_bytes(b"PURGE")?"#));

    // A request the app would refuse to send gets a comment, not code.
    let away = ApiRequest::new(Method::GET, "https://evil.example.com/api");
    let out = snippet(SnippetLanguage::Curl, &inst(), &away);
    assert!(
        out.starts_with("# No snippet: path: https://evil.example.com/api is not on"),
        "{out}"
    );
    assert_eq!(out.lines().count(), 1);
    assert!(snippet(SnippetLanguage::RustReqwest, &inst(), &away).starts_with("// No snippet"));
}

#[test]
fn token_snippets_per_grant() {
    let cc = token_snippet(
        SnippetLanguage::Curl,
        &inst(),
        "client_credentials",
        "cid",
        None,
    );
    assert!(!cc.contains("username") && !cc.contains("password"), "{cc}");
    assert!(cc.contains("--data-urlencode 'grant_type=client_credentials'"));
    let rt = token_snippet(
        SnippetLanguage::PythonRequests,
        &inst(),
        "refresh_token",
        "cid",
        None,
    );
    assert!(
        rt.contains(r#""refresh_token": os.environ["SN_REFRESH_TOKEN"]"#),
        "{rt}"
    );
    let odd = token_snippet(
        SnippetLanguage::Curl,
        &inst(),
        "password",
        "c'id",
        Some("o'brien"),
    );
    assert!(
        odd.contains(r#"--data-urlencode 'client_id=c'\''id'"#),
        "{odd}"
    );
    assert!(
        odd.contains(r#"--data-urlencode 'username=o'\''brien'"#),
        "{odd}"
    );
}

#[test]
fn languages_serialise_for_the_ui() {
    let names: Vec<String> = SnippetLanguage::ALL
        .iter()
        .map(|l| serde_json::to_string(l).unwrap())
        .collect();
    assert_eq!(
        names,
        vec![
            "\"curl\"",
            "\"python_requests\"",
            "\"powershell\"",
            "\"javascript_fetch\"",
            "\"rust_reqwest\""
        ]
    );
    assert!(SnippetLanguage::ALL.iter().all(|l| !l.label().is_empty()));
}
