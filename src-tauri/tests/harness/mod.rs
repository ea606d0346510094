//! The app on Tauri's mock runtime, with its real config and capability, a fresh data
//! directory and the real keychain; commands are called through IPC as the webview would.
#![allow(dead_code)]

use serde_json::Value;
use snowpost_core::{HttpClient, KeyringStore, Storage, Workspace};
use snowpost_desktop::state::AppState;
use tauri::ipc::{CallbackFn, InvokeBody};
use tauri::test::{get_ipc_response, mock_builder, INVOKE_KEY};
use tauri::webview::InvokeRequest;
use tauri::{App, WebviewWindow, WebviewWindowBuilder};

pub struct Harness {
    pub _app: App<tauri::test::MockRuntime>,
    pub window: WebviewWindow<tauri::test::MockRuntime>,
    pub _dir: tempfile::TempDir,
}

impl Harness {
    pub fn new() -> Harness {
        let dir = tempfile::tempdir().unwrap();
        let ws = Workspace::new(
            Storage::open_dir(dir.path()).unwrap(),
            Box::new(KeyringStore::default()),
            HttpClient::new().unwrap(),
        )
        .with_network_file(dir.path().join("config.toml"))
        .unwrap();
        let app = snowpost_desktop::setup(mock_builder(), AppState::new(ws))
            .build(tauri::generate_context!())
            .unwrap();
        let window = WebviewWindowBuilder::new(&app, "main", Default::default())
            .build()
            .unwrap();
        Harness {
            _app: app,
            window,
            _dir: dir,
        }
    }

    pub fn call(&self, cmd: &str, args: Value) -> Result<Value, Value> {
        let req = InvokeRequest {
            cmd: cmd.into(),
            callback: CallbackFn(0),
            error: CallbackFn(1),
            url: "tauri://localhost".parse().unwrap(),
            body: InvokeBody::Json(args),
            headers: Default::default(),
            invoke_key: INVOKE_KEY.to_string(),
        };
        get_ipc_response(&self.window, req).map(|b| b.deserialize::<Value>().unwrap())
    }

    pub fn ok(&self, cmd: &str, args: Value) -> Value {
        self.call(cmd, args)
            .unwrap_or_else(|e| panic!("{cmd} failed: {e}"))
    }
}
