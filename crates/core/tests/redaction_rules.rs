//! Every redaction rule in one table: names, header values, URLs and bodies. History, saved
//! requests, imports, exports and logs all call `snowpost_core::redact`, so this table is theirs.

use snowpost_core::redact;

/// (name, is a secret)
const NAMES: &[(&str, bool)] = &[
    ("password", true),
    ("user_password", true),
    ("passwd", true),
    ("pwd", true),
    ("db_pwd", true),
    ("pass", true),
    ("passphrase", true),
    ("key_passphrase", true),
    ("client_secret", true),
    ("clientSecret", true),
    ("privateKey", true),
    ("private_key", true),
    ("apiKey", true),
    ("api_key", true),
    ("X-API-Key", true),
    ("x-service-api-key", true),
    ("Ocp-Apim-Subscription-Key", true),
    ("X-Auth-Token", true),
    ("X-Auth-Email", true),
    ("x-authorization", true),
    ("Authorization", true),
    ("Proxy-Authorization", true),
    ("Cookie", true),
    ("Set-Cookie", true),
    ("JSESSIONID", true),
    ("session_id", true),
    ("X-UserToken", true),
    ("refresh_token", true),
    ("access_token", true),
    ("credentials", true),
    ("auth", true),
    // Not secrets: ServiceNow's own parameters and common fields.
    ("sysparm_query", false),
    ("sysparm_limit", false),
    ("short_description", false),
    ("passenger", false),
    ("compass", false),
    ("author", false),
    ("oauth_provider", false),
    ("username", false),
    ("user_name", false),
    ("Content-Type", false),
    ("X-Trace", false),
    ("Accept", false),
];

#[test]
fn names() {
    for (name, secret) in NAMES {
        assert_eq!(redact::is_secret_name(name), *secret, "{name}");
    }
}

/// (header name, value, as recorded)
const HEADERS: &[(&str, &str, &str)] = &[
    ("Authorization", "Bearer abc.def", "Bearer [redacted]"),
    ("Authorization", "Basic YWRtaW46cHc=", "Basic [redacted]"),
    ("authorization", "abc", "[redacted]"),
    ("X-API-Key", "k-123", "[redacted]"),
    ("Cookie", "JSESSIONID=abc; glide_user=x", "[redacted]"),
    ("X-Trace", "t 1", "t 1"),
];

#[test]
fn header_values() {
    for (name, value, out) in HEADERS {
        assert_eq!(redact::header_value(name, value), *out, "{name}: {value}");
    }
}

/// (URL, as recorded)
const URLS: &[(&str, &str)] = &[
    (
        "https://dev1.service-now.com/api/now/table/incident?sysparm_limit=1",
        "https://dev1.service-now.com/api/now/table/incident?sysparm_limit=1",
    ),
    (
        "https://dev1.service-now.com/oauth_revoke_token.do?token=abc",
        "https://dev1.service-now.com/oauth_revoke_token.do?token=%5Bredacted%5D",
    ),
    (
        "https://admin:hunter2@dev1.service-now.com/api?apiKey=k&a=1",
        "https://dev1.service-now.com/api?apiKey=%5Bredacted%5D&a=1",
    ),
    ("not a url ?password=x", "not a url ?password=x"),
    (
        "https://admin:hunter2@dev1.service-now.com/api/now/table/incident",
        "https://dev1.service-now.com/api/now/table/incident",
    ),
    (
        "https://dev1.service-now.com/api/now/table/incident/0123",
        "https://dev1.service-now.com/api/now/table/incident/0123",
    ),
];

#[test]
fn urls() {
    for (url, out) in URLS {
        assert_eq!(redact::url(url), *out, "{url}");
    }
    let with_user = url::Url::parse("https://admin:pw@dev1.service-now.com/").unwrap();
    let e = redact::refuse_userinfo(&with_user).unwrap_err();
    assert_eq!(e.kind(), "invalid_input");
    assert!(!e.to_string().contains("pw@"), "{e}");
    assert!(
        redact::refuse_userinfo(&url::Url::parse("https://dev1.service-now.com/").unwrap()).is_ok()
    );
}

/// (body, as recorded)
const BODIES: &[(&str, &str)] = &[
    // JSON, nested, arrays, camelCase
    (
        r#"{"user_name":"bob","user_password":"hunter2","nested":[{"clientSecret":"s"}]}"#,
        r#"{"user_name":"bob","user_password":"[redacted]","nested":[{"clientSecret":"[redacted]"}]}"#,
    ),
    (r#"{"password":null,"a":1}"#, r#"{"password":null,"a":1}"#),
    // JSON that does not parse: a template and a truncated body
    (
        r#"{"privateKey": "-----BEGIN", "n": {{count}} }"#,
        r#"{"privateKey": "[redacted]", "n": {{count}} }"#,
    ),
    (
        r#"{"a":"x","pwd" : "s3cr"#,
        r#"{"a":"x","pwd" : "[redacted]""#,
    ),
    (
        r#"{"note":"password","x":":"}"#,
        r#"{"note":"password","x":":"}"#,
    ),
    // forms, with and without whitespace
    (
        "grant_type=password&username=admin&password=p%40ss",
        "grant_type=password&username=admin&password=%5Bredacted%5D",
    ),
    (
        "grant_type=password&username=admin&password=p%40ss\n",
        "grant_type=password&username=admin&password=%5Bredacted%5D\n",
    ),
    (
        "client_id=c&client_secret=a b&pass=x",
        "client_id=c&client_secret=%5Bredacted%5D&pass=%5Bredacted%5D",
    ),
    ("a=1&b=2", "a=1&b=2"),
    ("plain text = fine", "plain text = fine"),
    // XML: elements, namespaced elements, attributes; CDATA is text
    (
        r#"<r><user_name>bob</user_name><user_password>hunter2</user_password><sn:api_token kind="x">t-1</sn:api_token><cdata><![CDATA[<password>]]></cdata><cred secret_key = 'k-9' id="7"/></r>"#,
        r#"<r><user_name>bob</user_name><user_password>[redacted]</user_password><sn:api_token kind="x">[redacted]</sn:api_token><cdata><![CDATA[<password>]]></cdata><cred secret_key = '[redacted]' id="7"/></r>"#,
    ),
    ("<a><password>s3cr3t", "<a><password>[redacted]"),
    ("no secrets here", "no secrets here"),
];

#[test]
fn bodies() {
    for (body, out) in BODIES {
        assert_eq!(redact::body(body), *out, "{body}");
    }
}
