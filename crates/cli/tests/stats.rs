//! `snowpost stats` against a real `snowpost sandbox`: the Aggregate API as a table.

mod common;

use common::*;
use serde_json::json;

#[test]
fn counts_and_averages_grouped_as_a_table() {
    let sandbox = Sandbox::start(&[]);
    let mut cli = Cli::new();
    let p = cli.profile(&sandbox);
    for data in [
        r#"{"u_kind":"a","u_n":"2"}"#,
        r#"{"u_kind":"a","u_n":"4"}"#,
        r#"{"u_kind":"b","u_n":"5"}"#,
    ] {
        ok(&cli.run(&["table", &p, "create", "u_agg", "--data", data]));
    }
    let t = ok(&cli.run(&[
        "stats",
        &p,
        "u_agg",
        "--count",
        "--group-by",
        "u_kind",
        "--avg",
        "u_n",
        "--max",
        "u_n",
    ]));
    assert_eq!(
        t["columns"],
        json!(["u_kind", "count", "avg(u_n)", "max(u_n)"])
    );
    assert_eq!(
        t["rows"],
        json!([["a", "2", "3", "4"], ["b", "1", "5", "5"]])
    );
    let t = ok(&cli.run(&["stats", &p, "u_agg", "--query", "u_kind=b"]));
    assert_eq!(t, json!({"columns": ["count"], "rows": [["1"]]}));

    let missing = cli.run(&["stats", &p, "no_such_table"]);
    assert_eq!(missing.status.code(), Some(1), "{}", stderr(&missing));
}
