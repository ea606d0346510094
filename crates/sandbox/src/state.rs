//! State shared by every request handler.

use std::sync::{Arc, Mutex, MutexGuard};

use crate::config::SandboxConfig;
use crate::faults::Faults;
use crate::oauth::authorize::AuthStore;
use crate::oauth::tokens::TokenStore;
use crate::stats::Counters;
use crate::store::attachment::AttachmentStore;
use crate::store::Store;

pub(crate) struct AppState {
    pub config: SandboxConfig,
    /// `http://127.0.0.1:PORT`, the base of every absolute URL the sandbox hands out.
    pub base_url: String,
    pub store: Mutex<Store>,
    pub attachments: Mutex<AttachmentStore>,
    pub tokens: Mutex<TokenStore>,
    /// Browser sign-ins in progress and the codes handed out.
    pub auth: Mutex<AuthStore>,
    pub faults: Arc<Faults>,
    pub counters: Counters,
}

pub(crate) type SharedState = Arc<AppState>;

impl AppState {
    pub fn new(config: SandboxConfig, base_url: String, faults: Arc<Faults>) -> Self {
        AppState {
            store: Mutex::new(Store::seeded(&config)),
            attachments: Mutex::new(AttachmentStore::default()),
            tokens: Mutex::new(TokenStore::default()),
            auth: Mutex::new(AuthStore::default()),
            config,
            base_url,
            faults,
            counters: Counters::default(),
        }
    }
}

/// Locks a mutex, ignoring poisoning: the guarded data stays consistent between statements.
pub(crate) fn lock<T>(m: &Mutex<T>) -> MutexGuard<'_, T> {
    m.lock().unwrap_or_else(|e| e.into_inner())
}
