//! Issued access and refresh tokens.

use std::collections::HashMap;
use std::time::{Duration, Instant};

use crate::ids;

/// Past this many entries, expired and revoked tokens are dropped on the next issue.
const PURGE_ABOVE: usize = 4096;

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum GrantKind {
    Password,
    ClientCredentials,
    RefreshToken,
    AuthorizationCode,
    JwtBearer,
}

#[derive(Debug, Clone, Copy)]
pub(crate) struct Lifetimes {
    pub access: Duration,
    pub refresh: Duration,
}

/// What a successful grant hands out.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct Issued {
    pub access_token: String,
    pub refresh_token: Option<String>,
    pub scope: String,
}

#[derive(Debug)]
struct AccessToken {
    client_id: String,
    user: String,
    scope: String,
    kind: GrantKind,
    expires_at: Instant,
    revoked: bool,
    /// The refresh token this access token was issued with or from.
    refresh: Option<String>,
}

#[derive(Debug)]
struct RefreshToken {
    client_id: String,
    user: String,
    scope: String,
    expires_at: Instant,
    revoked: bool,
}

impl AccessToken {
    fn live(&self, now: Instant) -> bool {
        !self.revoked && now < self.expires_at
    }
}

impl RefreshToken {
    fn live(&self, now: Instant) -> bool {
        !self.revoked && now < self.expires_at
    }
}

#[derive(Debug, Default)]
pub(crate) struct TokenStore {
    access: HashMap<String, AccessToken>,
    refresh: HashMap<String, RefreshToken>,
}

impl TokenStore {
    /// A password grant. With `reuse` (ServiceNow), a still-valid access token of the same
    /// client, user and scope is handed out again with its expiry pushed out.
    pub fn password_grant(
        &mut self,
        client_id: &str,
        user: &str,
        scope: &str,
        ttl: Lifetimes,
        reuse: bool,
        now: Instant,
    ) -> Issued {
        self.purge(now);
        if reuse {
            if let Some(issued) = self.extend_existing(client_id, user, scope, ttl, now) {
                return issued;
            }
        }
        self.new_pair(GrantKind::Password, client_id, user, scope, ttl, now)
    }

    /// An exchanged authorization code: a new access and refresh token, never reused.
    pub fn code_grant(
        &mut self,
        client_id: &str,
        user: &str,
        scope: &str,
        ttl: Lifetimes,
        now: Instant,
    ) -> Issued {
        self.purge(now);
        self.new_pair(
            GrantKind::AuthorizationCode,
            client_id,
            user,
            scope,
            ttl,
            now,
        )
    }

    fn new_pair(
        &mut self,
        kind: GrantKind,
        client_id: &str,
        user: &str,
        scope: &str,
        ttl: Lifetimes,
        now: Instant,
    ) -> Issued {
        let refresh = self.new_refresh(client_id, user, scope, ttl, now);
        let access = self.new_access(client_id, user, scope, kind, ttl, now, Some(&refresh));
        Issued {
            access_token: access,
            refresh_token: Some(refresh),
            scope: scope.to_string(),
        }
    }

    fn extend_existing(
        &mut self,
        client_id: &str,
        user: &str,
        scope: &str,
        ttl: Lifetimes,
        now: Instant,
    ) -> Option<Issued> {
        let (token, entry) = self.access.iter_mut().find(|(_, t)| {
            t.live(now)
                && t.kind == GrantKind::Password
                && t.client_id == client_id
                && t.user == user
                && t.scope == scope
        })?;
        entry.expires_at = now + ttl.access;
        let refresh = entry
            .refresh
            .clone()
            .filter(|r| self.refresh.get(r).is_some_and(|r| r.live(now)));
        let token = token.clone();
        let refresh = match refresh {
            Some(r) => r,
            None => {
                let r = self.new_refresh(client_id, user, scope, ttl, now);
                if let Some(entry) = self.access.get_mut(&token) {
                    entry.refresh = Some(r.clone());
                }
                r
            }
        };
        Some(Issued {
            access_token: token,
            refresh_token: Some(refresh),
            scope: scope.to_string(),
        })
    }

    /// A client_credentials grant: an access token only.
    pub fn client_credentials_grant(
        &mut self,
        client_id: &str,
        user: &str,
        scope: &str,
        ttl: Lifetimes,
        now: Instant,
    ) -> Issued {
        self.purge(now);
        let access = self.new_access(
            client_id,
            user,
            scope,
            GrantKind::ClientCredentials,
            ttl,
            now,
            None,
        );
        Issued {
            access_token: access,
            refresh_token: None,
            scope: scope.to_string(),
        }
    }

    /// The user a live refresh token belongs to, if `client_id` may use it.
    pub fn refresh_owner(
        &self,
        client_id: &str,
        refresh_token: &str,
        now: Instant,
    ) -> Option<String> {
        self.refresh
            .get(refresh_token)
            .filter(|r| r.live(now) && r.client_id == client_id)
            .map(|r| r.user.clone())
    }

    /// A refresh grant. Without `rotate` (ServiceNow) the same refresh token comes back;
    /// with it (RFC 6749 servers) a new one replaces the old, which stops working.
    pub fn refresh_grant(
        &mut self,
        client_id: &str,
        refresh_token: &str,
        ttl: Lifetimes,
        rotate: bool,
        now: Instant,
    ) -> Option<Issued> {
        self.purge(now);
        let old = self
            .refresh
            .get_mut(refresh_token)
            .filter(|r| r.live(now) && r.client_id == client_id)?;
        let (user, scope) = (old.user.clone(), old.scope.clone());
        let refresh = if rotate {
            old.revoked = true;
            self.new_refresh(client_id, &user, &scope, ttl, now)
        } else {
            refresh_token.to_string()
        };
        let access = self.new_access(
            client_id,
            &user,
            &scope,
            GrantKind::RefreshToken,
            ttl,
            now,
            Some(&refresh),
        );
        Some(Issued {
            access_token: access,
            refresh_token: Some(refresh),
            scope,
        })
    }

    /// Revokes an access token, or a refresh token together with the access tokens issued
    /// from it. Returns whether anything was revoked.
    pub fn revoke(&mut self, token: &str) -> bool {
        if let Some(access) = self.access.get_mut(token) {
            access.revoked = true;
            return true;
        }
        let Some(refresh) = self.refresh.get_mut(token) else {
            return false;
        };
        refresh.revoked = true;
        for access in self.access.values_mut() {
            if access.refresh.as_deref() == Some(token) {
                access.revoked = true;
            }
        }
        true
    }

    /// The user a live access token acts for.
    pub fn user_of(&self, access_token: &str, now: Instant) -> Option<String> {
        self.access
            .get(access_token)
            .filter(|t| t.live(now))
            .map(|t| t.user.clone())
    }

    #[allow(clippy::too_many_arguments)]
    fn new_access(
        &mut self,
        client_id: &str,
        user: &str,
        scope: &str,
        kind: GrantKind,
        ttl: Lifetimes,
        now: Instant,
        refresh: Option<&str>,
    ) -> String {
        let token = ids::token();
        self.access.insert(
            token.clone(),
            AccessToken {
                client_id: client_id.to_string(),
                user: user.to_string(),
                scope: scope.to_string(),
                kind,
                expires_at: now + ttl.access,
                revoked: false,
                refresh: refresh.map(str::to_string),
            },
        );
        token
    }

    fn new_refresh(
        &mut self,
        client_id: &str,
        user: &str,
        scope: &str,
        ttl: Lifetimes,
        now: Instant,
    ) -> String {
        let token = ids::token();
        self.refresh.insert(
            token.clone(),
            RefreshToken {
                client_id: client_id.to_string(),
                user: user.to_string(),
                scope: scope.to_string(),
                expires_at: now + ttl.refresh,
                revoked: false,
            },
        );
        token
    }

    /// Keeps memory bounded under load tests; a dropped token is as invalid as a dead one.
    /// Every access token issued so far expires now (what a long pause does to a client).
    pub fn expire_access(&mut self, now: Instant) {
        for t in self.access.values_mut() {
            t.expires_at = t.expires_at.min(now);
        }
    }

    /// Every refresh token issued so far is revoked (an admin deleted them, or they expired).
    pub fn revoke_refresh(&mut self) {
        for t in self.refresh.values_mut() {
            t.revoked = true;
        }
    }

    fn purge(&mut self, now: Instant) {
        if self.access.len() > PURGE_ABOVE {
            self.access.retain(|_, t| t.live(now));
        }
        if self.refresh.len() > PURGE_ABOVE {
            self.refresh.retain(|_, t| t.live(now));
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    const TTL: Lifetimes = Lifetimes {
        access: Duration::from_secs(1800),
        refresh: Duration::from_secs(8_640_000),
    };

    #[test]
    fn repeated_password_grant_reuses_the_access_token() {
        let mut store = TokenStore::default();
        let now = Instant::now();
        let a = store.password_grant("c", "admin", "useraccount", TTL, true, now);
        let b = store.password_grant(
            "c",
            "admin",
            "useraccount",
            TTL,
            true,
            now + Duration::from_secs(10),
        );
        assert_eq!(a, b);
        let c = store.password_grant("c", "admin", "useraccount", TTL, false, now);
        assert_ne!(a.access_token, c.access_token);
        // Pushed out: still valid after the first expiry would have passed.
        assert!(store
            .user_of(&a.access_token, now + Duration::from_secs(1805))
            .is_some());
    }

    #[test]
    fn refresh_same_or_rotated() {
        let mut store = TokenStore::default();
        let now = Instant::now();
        let a = store.password_grant("c", "admin", "useraccount", TTL, true, now);
        let r = a.refresh_token.clone().unwrap_or_default();
        let b = store.refresh_grant("c", &r, TTL, false, now);
        assert_eq!(
            b.as_ref().and_then(|b| b.refresh_token.clone()),
            Some(r.clone())
        );
        assert!(store.refresh_grant("other", &r, TTL, false, now).is_none());
        let rotated = store.refresh_grant("c", &r, TTL, true, now);
        let new = rotated.and_then(|i| i.refresh_token).unwrap_or_default();
        assert_ne!(new, r);
        assert!(store.refresh_grant("c", &r, TTL, true, now).is_none());
        assert!(store.refresh_grant("c", &new, TTL, true, now).is_some());
    }

    #[test]
    fn revoking_a_refresh_token_kills_its_access_tokens() {
        let mut store = TokenStore::default();
        let now = Instant::now();
        let a = store.password_grant("c", "admin", "useraccount", TTL, true, now);
        let r = a.refresh_token.clone().unwrap_or_default();
        assert!(store.revoke(&r));
        assert!(store.user_of(&a.access_token, now).is_none());
        assert!(!store.revoke("unknown"));
    }
}
