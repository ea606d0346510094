//! Request counters.

use std::sync::atomic::{AtomicU64, Ordering};

/// A snapshot of the sandbox's counters.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct Stats {
    /// Every request to `/oauth_token.do`, successful or not.
    pub token_requests: u64,
    /// Successful grants, by type.
    pub grants_password: u64,
    pub grants_client_credentials: u64,
    pub grants_refresh_token: u64,
    pub grants_authorization_code: u64,
    pub grants_jwt_bearer: u64,
    /// Token requests that failed.
    pub token_failures: u64,
    /// Every request to `/api/now/*`.
    pub api_requests: u64,
    /// `/api/now/*` requests answered 401.
    pub api_unauthorized: u64,
    /// Revocation requests that revoked a token.
    pub revocations: u64,
}

impl Stats {
    /// The counters as JSON, served at `/sandbox/stats` so tests can check a CLI run.
    pub fn to_json(&self) -> serde_json::Value {
        serde_json::json!({
            "token_requests": self.token_requests,
            "grants_password": self.grants_password,
            "grants_client_credentials": self.grants_client_credentials,
            "grants_refresh_token": self.grants_refresh_token,
            "grants_authorization_code": self.grants_authorization_code,
            "grants_jwt_bearer": self.grants_jwt_bearer,
            "token_failures": self.token_failures,
            "api_requests": self.api_requests,
            "api_unauthorized": self.api_unauthorized,
            "revocations": self.revocations,
        })
    }
}

#[derive(Debug, Default)]
pub(crate) struct Counters {
    pub token_requests: AtomicU64,
    pub grants_password: AtomicU64,
    pub grants_client_credentials: AtomicU64,
    pub grants_refresh_token: AtomicU64,
    pub grants_authorization_code: AtomicU64,
    pub grants_jwt_bearer: AtomicU64,
    pub token_failures: AtomicU64,
    pub api_requests: AtomicU64,
    pub api_unauthorized: AtomicU64,
    pub revocations: AtomicU64,
}

pub(crate) fn bump(counter: &AtomicU64) {
    counter.fetch_add(1, Ordering::Relaxed);
}

impl Counters {
    pub fn snapshot(&self) -> Stats {
        let get = |c: &AtomicU64| c.load(Ordering::Relaxed);
        Stats {
            token_requests: get(&self.token_requests),
            grants_password: get(&self.grants_password),
            grants_client_credentials: get(&self.grants_client_credentials),
            grants_refresh_token: get(&self.grants_refresh_token),
            grants_authorization_code: get(&self.grants_authorization_code),
            grants_jwt_bearer: get(&self.grants_jwt_bearer),
            token_failures: get(&self.token_failures),
            api_requests: get(&self.api_requests),
            api_unauthorized: get(&self.api_unauthorized),
            revocations: get(&self.revocations),
        }
    }
}
