//! What the app keeps between commands.

use std::sync::Mutex;

use snowpost_core::views::ExchangeStore;
use snowpost_core::Workspace;
use snowpost_sandbox::Sandbox;

pub struct AppState {
    pub ws: Workspace,
    pub exchanges: Mutex<ExchangeStore>,
    /// The in-process instance behind "Try without an instance", once started.
    pub sandbox: tokio::sync::Mutex<Option<Sandbox>>,
    /// Set by Cancel while "Fetch all" runs.
    pub cancel_fetch: std::sync::atomic::AtomicBool,
    /// Set by Cancel while "Import records" runs.
    pub cancel_import: std::sync::atomic::AtomicBool,
    /// Wakes a browser sign-in that waits, to cancel it.
    pub cancel_sign_in: tokio::sync::Notify,
    /// The file the Request tab sends as its body, as picked in the native dialog: the
    /// webview names no path itself.
    pub body_file: Mutex<Option<std::path::PathBuf>>,
}

impl AppState {
    pub fn new(ws: Workspace) -> Self {
        AppState {
            ws,
            exchanges: Mutex::new(ExchangeStore::default()),
            sandbox: tokio::sync::Mutex::new(None),
            cancel_fetch: std::sync::atomic::AtomicBool::new(false),
            cancel_import: std::sync::atomic::AtomicBool::new(false),
            cancel_sign_in: tokio::sync::Notify::new(),
            body_file: Mutex::new(None),
        }
    }

    pub fn body_file(&self) -> Option<std::path::PathBuf> {
        self.body_file
            .lock()
            .unwrap_or_else(|e| e.into_inner())
            .clone()
    }

    pub fn exchanges(&self) -> std::sync::MutexGuard<'_, ExchangeStore> {
        self.exchanges.lock().unwrap_or_else(|e| e.into_inner())
    }
}
