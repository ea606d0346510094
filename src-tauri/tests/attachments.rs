//! The attachment commands through IPC against the sandbox: list, delete, and a refused list.
//! Attaching and saving open native dialogs, so the file goes up through the same workspace
//! here; tests/e2e drives the dialogs.

mod harness;

use harness::Harness;
use serde_json::json;
use snowpost_core::guard::Confirmed;
use snowpost_desktop::state::AppState;
use tauri::Manager;

#[test]
fn list_and_delete_a_records_attachments() {
    let h = Harness::new();
    h.ok("start_sandbox", json!({}));
    let created = h.ok(
        "create_incident",
        json!({"profile": "Sandbox", "fields": {"short_description": "has a file"}}),
    );
    let number = created["incident"]["number"].as_str().unwrap().to_string();
    let args = json!({"profile": "Sandbox", "table": "incident", "record": number});
    let empty = h.ok("list_attachments", args.clone());
    assert_eq!(empty["exchange"]["status"], 200);
    assert_eq!(empty["attachments"], json!([]));

    let dir = tempfile::tempdir().unwrap();
    let file = dir.path().join("note.txt");
    std::fs::write(&file, "hello").unwrap();
    let ws = &h._app.state::<AppState>().ws;
    let up = tauri::async_runtime::block_on(ws.upload_attachment(
        "Sandbox",
        "incident",
        &number,
        &file,
        None,
        Confirmed::No,
    ))
    .unwrap();
    assert_eq!(up.status, 201);

    let listed = h.ok("list_attachments", args.clone());
    let row = &listed["attachments"][0];
    assert_eq!(row["file_name"], "note.txt");
    assert_eq!(row["content_type"], "text/plain");
    assert_eq!(row["size_bytes"], "5");
    let id = row["sys_id"].as_str().unwrap().to_string();

    // An image attachment read on the Request tab: kept as bytes, previewed as a data: URL.
    let png = dir.path().join("dot.png");
    std::fs::write(&png, [0x89, b'P', b'N', b'G', 0xff, 0]).unwrap();
    let up = tauri::async_runtime::block_on(ws.upload_attachment(
        "Sandbox",
        "incident",
        &number,
        &png,
        None,
        Confirmed::No,
    ))
    .unwrap();
    let body: serde_json::Value = serde_json::from_slice(&up.body).unwrap();
    let png_id = body["result"]["sys_id"].as_str().unwrap();
    let input = json!({"method": "GET", "target": "path", "table": "", "sys_id": null,
        "path": format!("/api/now/attachment/{png_id}/file"), "params": [], "headers": [],
        "body": null, "accept": "json"});
    let shown = h.ok(
        "send_request",
        json!({"profile": "Sandbox", "input": input}),
    );
    assert_eq!(shown["body_kind"], "image");
    assert_eq!(shown["size"], 6);
    let url = h.ok("response_image", json!({"id": shown["id"]}));
    assert_eq!(url, "data:image/png;base64,iVBOR/8A");

    let deleted = h.ok(
        "delete_attachment",
        json!({"profile": "Sandbox", "sysId": id}),
    );
    assert_eq!(deleted["status"], 204);
    let left = h.ok("list_attachments", args);
    assert_eq!(left["attachments"].as_array().unwrap().len(), 1);
    assert_eq!(left["attachments"][0]["file_name"], "dot.png");

    let unknown = h
        .call(
            "list_attachments",
            json!({"profile": "Sandbox", "table": "incident", "record": "INC0999999"}),
        )
        .unwrap_err();
    assert!(
        unknown["message"].as_str().unwrap().contains("INC0999999"),
        "{unknown}"
    );
    // "Sandbox" is one keychain name shared with the other command tests: leave no token.
    h.ok("delete_profile", json!({"name": "Sandbox"}));
}
