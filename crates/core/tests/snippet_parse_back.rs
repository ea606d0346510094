//! Every snippet, read back by its own language, is exactly the request the app sends.
//!
//! Hostile methods, header names and values, query parameters and bodies (quotes, `$()`,
//! backticks, newlines, NUL, non-ASCII, typographic quotes) are generated. bash runs the curl
//! snippet against a `curl` function that prints its arguments; python3 and node run theirs
//! against a stub `requests` module and a stub `fetch`; syn parses the Rust one; PowerShell (not
//! on the machine) is read by the language's quoting rules.

mod snippet_readers;

use proptest::prelude::*;
use snowpost_core::workbench::{snippet, SnippetLanguage};
use snowpost_core::{ApiRequest, Instance, Method};

use snippet_readers::{read_curl, read_javascript, read_powershell, read_python, read_rust, Sent};

/// What `SN_ACCESS_TOKEN` holds while a snippet runs.
const TOKEN: &str = "tok-$(id)-`id`-'q'-\"d\"";

/// Pieces chosen to break out of each language's quoting.
const PIECES: &[&str] = &[
    "'", "\"", "$(id)", "`id`", "$HOME", "${x}", "\\", "\\n", "\n", "\r\n", "\0", "\t", "\u{1}",
    "é", "😀", "\u{2028}", "‘", "’", "“", "”", "%", "%s", "{", "}", "{{x}}", "#", "&", "|", ";",
    " ", "abc", "]]>", "<", "&amp;", "r#\"", "\"#", "@-", "--url", "=", "+", "?", "/",
];

fn hostile() -> impl Strategy<Value = String> {
    prop::collection::vec(prop::sample::select(PIECES), 0..6).prop_map(|p| p.concat())
}

fn visible(s: String) -> String {
    s.chars()
        .filter(|c| !c.is_control() || *c == '\t')
        .collect()
}

fn token(max: usize) -> impl Strategy<Value = String> {
    prop::string::string_regex(&format!("[A-Za-z0-9!#$%&'*+.^_`|~-]{{1,{max}}}")).unwrap()
}

fn body() -> impl Strategy<Value = Option<String>> {
    prop_oneof![
        Just(None),
        (hostile(), hostile(), hostile()).prop_map(|(k, v, w)| Some(
            serde_json::json!({ k: v, "n": 12, "on": true, "none": null, "list": [w, 3] })
                .to_string()
        )),
        hostile().prop_map(|t| Some(format!("<request><note>{t}</note></request>"))),
    ]
}

prop_compose! {
    fn request()(
        method in token(8),
        headers in prop::collection::vec((token(10), hostile().prop_map(visible)), 0..4),
        secret in prop::option::of(hostile().prop_map(visible)),
        params in prop::collection::vec((hostile(), hostile()), 0..4),
        body in body(),
    ) -> ApiRequest {
        let mut req = ApiRequest::new(Method::from_bytes(method.as_bytes()).unwrap(), "/api/now/table/incident");
        req.query = params.into_iter().filter(|(k, _)| !k.trim().is_empty()).collect();
        req.headers = headers;
        if let Some(value) = secret {
            req.headers.push(("X-Api-Key".into(), value));
        }
        // One header per name, as the app sends them.
        let mut seen = Vec::new();
        req.headers.retain(|(k, _)| {
            let k = k.to_ascii_lowercase();
            let fresh = !seen.contains(&k) && !["accept", "content-type", "authorization"].contains(&k.as_str());
            seen.push(k);
            fresh
        });
        req.body = body;
        req
    }
}

/// The environment variable a snippet reads a secret-named header from.
fn header_env(name: &str) -> String {
    let upper: String = name
        .chars()
        .map(|c| {
            if c.is_ascii_alphanumeric() {
                c.to_ascii_uppercase()
            } else {
                '_'
            }
        })
        .collect();
    format!("SN_{upper}")
}

fn expected(instance: &Instance, req: &ApiRequest) -> (Sent, Vec<(String, String)>) {
    let http = req
        .to_http(instance, &format!("Bearer {TOKEN}"))
        .expect("the app sends it");
    let mut env = vec![("SN_ACCESS_TOKEN".to_string(), TOKEN.to_string())];
    for (k, v) in &req.headers {
        if snowpost_core::redact::is_secret_name(k) {
            env.push((header_env(k), v.clone()));
        }
    }
    let sent = Sent {
        method: http.method.to_string(),
        url: http.url.to_string(),
        headers: http.headers.clone(),
        body: (!http.body.is_empty()).then(|| String::from_utf8(http.body.clone()).unwrap()),
    };
    (sent, env)
}

/// JSON bodies are written pretty, so they are compared as JSON.
fn same(got: &Sent, want: &Sent, sorted_headers: bool) -> Result<(), String> {
    let json = |b: &Option<String>| {
        b.as_deref()
            .and_then(|b| serde_json::from_str::<serde_json::Value>(b).ok())
    };
    let bodies_match = match (json(&got.body), json(&want.body)) {
        (Some(a), Some(b)) => a == b,
        _ => got.body == want.body,
    };
    let mut got_h = got.headers.clone();
    let mut want_h = want.headers.clone();
    if sorted_headers {
        got_h.sort();
        want_h.sort();
    }
    if got.method == want.method && got.url == want.url && got_h == want_h && bodies_match {
        Ok(())
    } else {
        Err(format!("read back {got:#?}\nbut the app sends {want:#?}"))
    }
}

fn check(lang: SnippetLanguage, req: &ApiRequest) -> Result<(), String> {
    let instance = Instance::parse("dev1").unwrap();
    let (want, env) = expected(&instance, req);
    let code = snippet(lang, &instance, req);
    let got = match lang {
        SnippetLanguage::Curl => read_curl(&code, &env),
        SnippetLanguage::PythonRequests => read_python(&code, &env),
        SnippetLanguage::JavaScriptFetch => read_javascript(&code, &env),
        SnippetLanguage::RustReqwest => read_rust(&code, &env),
        SnippetLanguage::PowerShell => read_powershell(&code, &env),
    }
    .map_err(|e| format!("{e}\n--- snippet ---\n{code}"))?;
    // fetch's headers and PowerShell's hashtable do not keep the order they were written in.
    let unordered = matches!(
        lang,
        SnippetLanguage::PowerShell | SnippetLanguage::JavaScriptFetch
    );
    same(&got, &want, unordered).map_err(|e| format!("{e}\n--- snippet ---\n{code}"))
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 48, failure_persistence: None, ..ProptestConfig::default() })]

    #[test]
    fn curl_reads_back_in_bash(req in request()) {
        check(SnippetLanguage::Curl, &req).map_err(TestCaseError::fail)?;
    }

    #[test]
    fn python_reads_back_in_python(req in request()) {
        check(SnippetLanguage::PythonRequests, &req).map_err(TestCaseError::fail)?;
    }

    #[test]
    fn javascript_reads_back_in_node(req in request()) {
        check(SnippetLanguage::JavaScriptFetch, &req).map_err(TestCaseError::fail)?;
    }

    #[test]
    fn rust_reads_back_in_syn(req in request()) {
        check(SnippetLanguage::RustReqwest, &req).map_err(TestCaseError::fail)?;
    }

    #[test]
    fn powershell_reads_back_by_its_quoting_rules(req in request()) {
        check(SnippetLanguage::PowerShell, &req).map_err(TestCaseError::fail)?;
    }
}

#[test]
fn methods_that_are_not_tokens_are_refused_at_input() {
    for bad in [
        "GET /x", "GE\nT", "G\"ET", "PÜT", "", "GET;", "(GET)", "GE\0T", "A,B",
    ] {
        let err = snowpost_core::http::parse_method(bad).unwrap_err();
        assert_eq!(err.kind(), "invalid_input", "{bad:?}");
    }
    for good in [
        "get", " PATCH ", "X`id`", "A$B", "M'Q", "A|B&C#D", "~^*+.!%",
    ] {
        assert!(snowpost_core::http::parse_method(good).is_ok(), "{good:?}");
    }
}

#[test]
fn a_header_that_would_start_another_is_refused() {
    let instance = Instance::parse("dev1").unwrap();
    for (name, value) in [
        ("X-A", "a\r\nX-Injected: 1"),
        ("X-A", "a\nb"),
        ("X-A", "a\0b"),
        ("X A", "a"),
        ("X:A", "a"),
    ] {
        let mut req = ApiRequest::new(Method::GET, "/api/now/table/incident");
        req.headers.push((name.into(), value.into()));
        assert!(
            req.to_http(&instance, "Bearer t").is_err(),
            "{name:?}: {value:?}"
        );
        for lang in SnippetLanguage::ALL {
            let code = snippet(*lang, &instance, &req);
            assert!(code.contains("No snippet"), "{lang:?}: {code}");
        }
    }
}
