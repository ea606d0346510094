//! A small log of what happened to each profile's token — never a token value.

use std::collections::VecDeque;
use std::sync::Mutex;
use std::time::{SystemTime, UNIX_EPOCH};

use serde::Serialize;

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
#[cfg_attr(feature = "ts", derive(ts_rs::TS), ts(export))]
pub enum TokenEventKind {
    /// Sent from the token builder or `snowpost token`.
    Requested,
    /// Reused from the keychain after a restart.
    Restored,
    /// Renewed with the refresh token before it expired.
    Refreshed,
    /// Renewed by running the original grant again (no or a refused refresh token).
    Regranted,
    /// The refresh token was refused; the original grant follows.
    RefreshRejected,
    /// The API answered 401 with this token; it was dropped and the call retried once.
    Rejected,
    Revoked,
    Failed,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS), ts(export))]
pub struct TokenEvent {
    /// Unix milliseconds.
    #[cfg_attr(feature = "ts", ts(type = "number"))]
    pub at_ms: u64,
    pub profile: String,
    pub kind: TokenEventKind,
    pub detail: String,
}

/// The newest events of all profiles, oldest first.
#[derive(Default)]
pub struct TokenEventLog(Mutex<VecDeque<TokenEvent>>);

const KEEP: usize = 200;

impl TokenEventLog {
    pub fn push(&self, profile: &str, kind: TokenEventKind, detail: impl Into<String>) {
        let at_ms = SystemTime::now()
            .duration_since(UNIX_EPOCH)
            .map(|d| d.as_millis() as u64)
            .unwrap_or(0);
        let mut log = self.0.lock().unwrap_or_else(|e| e.into_inner());
        if log.len() == KEEP {
            log.pop_front();
        }
        log.push_back(TokenEvent {
            at_ms,
            profile: profile.into(),
            kind,
            detail: detail.into(),
        });
    }

    pub fn for_profile(&self, profile: &str) -> Vec<TokenEvent> {
        let log = self.0.lock().unwrap_or_else(|e| e.into_inner());
        log.iter()
            .filter(|e| e.profile == profile)
            .cloned()
            .collect()
    }

    pub fn count(&self, profile: &str, kind: TokenEventKind) -> usize {
        let log = self.0.lock().unwrap_or_else(|e| e.into_inner());
        log.iter()
            .filter(|e| e.profile == profile && e.kind == kind)
            .count()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn keeps_the_newest_per_profile() {
        let log = TokenEventLog::default();
        for i in 0..(KEEP + 5) {
            log.push(
                if i % 2 == 0 { "a" } else { "b" },
                TokenEventKind::Refreshed,
                format!("{i}"),
            );
        }
        let a = log.for_profile("a");
        assert_eq!(a.len() + log.for_profile("b").len(), KEEP);
        assert_eq!(a.last().unwrap().detail, format!("{}", KEEP + 4));
        assert_eq!(log.count("b", TokenEventKind::Refreshed), KEEP / 2);
    }
}
