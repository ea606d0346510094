//! The instance's schema from the CLI: `tables`, `schema`, numbers in place of sys_ids and
//! references named by user_name, email or name in `--data`, resolved before anything is sent.

mod common;

use common::*;

const FRED: &str = "5137153cc611227c000bbd1bd8cd2005";

#[test]
fn tables_and_schema_come_from_the_instance_then_from_the_cache() {
    let sandbox = Sandbox::start(&[]);
    let mut cli = Cli::new();
    let p = cli.profile(&sandbox);

    let tables = ok(&cli.run(&["tables", &p, "--search", "incid"]));
    assert_eq!(tables["tables"][0]["name"], "incident");
    assert_eq!(tables["tables"][0]["label"], "Incident");
    assert_eq!(tables["tables"][0]["super_class"], "task");
    assert_eq!(tables["from_cache"], false);

    let schema = ok(&cli.run(&["schema", &p, "incident"]));
    assert_eq!(schema["hierarchy"], serde_json::json!(["incident", "task"]));
    let fields = schema["fields"].as_array().unwrap();
    let field = |name: &str| fields.iter().find(|f| f["element"] == name).unwrap();
    assert_eq!(field("short_description")["defined_on"], "task");
    assert_eq!(field("caller_id")["reference"], "sys_user");
    let urgency: Vec<&str> = field("urgency")["choices"]
        .as_array()
        .unwrap()
        .iter()
        .map(|c| c["label"].as_str().unwrap())
        .collect();
    assert_eq!(urgency, ["1 - High", "2 - Medium", "3 - Low"]);
    assert!(!field("category")["choices"].as_array().unwrap().is_empty());

    let before = api_requests(&sandbox);
    let cached = ok(&cli.run(&["schema", &p, "incident"]));
    assert_eq!(cached["from_cache"], true);
    assert_eq!(
        api_requests(&sandbox),
        before,
        "a cached schema asks nothing"
    );
    let fresh = ok(&cli.run(&["schema", &p, "incident", "--refresh"]));
    assert_eq!(fresh["from_cache"], false);
    assert!(api_requests(&sandbox) > before);

    let unknown = cli.run(&["schema", &p, "incidnt"]);
    assert_eq!(unknown.status.code(), Some(3));
    let e = stderr(&unknown);
    assert!(
        e.contains("error [not_found]") && e.contains("Incident (incident)"),
        "{e}"
    );
}

#[test]
fn data_names_references_and_numbers_stand_for_sys_ids() {
    let sandbox = Sandbox::start(&[]);
    let mut cli = Cli::new();
    let p = cli.profile(&sandbox);

    let created = ok(&cli.run(&[
        "table",
        &p,
        "create",
        "incident",
        "--data",
        r#"{"short_description":"VPN down","caller_id":"fred.johnson","assignment_group":"Service Desk"}"#,
    ]));
    let record = &created["result"];
    assert_eq!(record["caller_id"]["value"], FRED);
    assert!(record["assignment_group"]["value"]
        .as_str()
        .is_some_and(|v| v.len() == 32));
    let number = record["number"].as_str().unwrap().to_string();

    let got = ok(&cli.run(&["table", &p, "get", "incident", &number]));
    assert_eq!(got["result"]["short_description"], "VPN down");
    let updated = ok(&cli.run(&[
        "table",
        &p,
        "update",
        "incident",
        &number,
        "--data",
        r#"{"caller_id":"beth.anglin@example.com"}"#,
    ]));
    assert_eq!(
        updated["result"]["caller_id"]["value"],
        "46d44a23a9fe19810012d100cca80666"
    );
    let mine = ok(&cli.run(&["table", &p, "list", "incident", "--query", "caller_id=@me"]));
    assert_eq!(mine["result"], serde_json::json!([]));

    let before = api_requests(&sandbox);
    let ambiguous = cli.run(&[
        "table",
        &p,
        "create",
        "incident",
        "--data",
        r#"{"short_description":"who?","caller_id":"David Miller"}"#,
    ]);
    assert_eq!(ambiguous.status.code(), Some(3));
    let e = stderr(&ambiguous);
    assert!(e.contains("error [ambiguous]"), "{e}");
    assert!(
        e.contains("dave.miller") && e.contains("david.miller"),
        "{e}"
    );
    let unknown = cli.run(&[
        "table",
        &p,
        "create",
        "incident",
        "--data",
        r#"{"caller_id":"Nobody Atall"}"#,
    ]);
    assert!(
        stderr(&unknown).contains("error [not_found]"),
        "{}",
        stderr(&unknown)
    );
    let list = ok(&cli.run(&[
        "table",
        &p,
        "list",
        "incident",
        "--query",
        "short_description=who?",
    ]));
    assert_eq!(list["result"], serde_json::json!([]), "nothing was created");
    assert!(api_requests(&sandbox) > before, "only lookups were sent");

    ok(&cli.run(&["table", &p, "delete", "incident", &number]));
    let gone = cli.run(&["table", &p, "get", "incident", &number]);
    assert!(
        stderr(&gone).contains("error [not_found]"),
        "{}",
        stderr(&gone)
    );
}
