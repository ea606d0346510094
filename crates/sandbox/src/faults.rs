//! Runtime switches that make the sandbox misbehave like a real instance can.

use std::sync::atomic::{AtomicBool, AtomicU32, AtomicU64, Ordering};
use std::sync::Mutex;
use std::time::{Duration, Instant, SystemTime, UNIX_EPOCH};

use crate::config::{RateLimit, RestApi};
use crate::state::lock;

/// Fault switches; every method may be called while the sandbox is serving.
#[derive(Debug)]
pub struct Faults {
    hibernating: AtomicBool,
    latency_micros: AtomicU64,
    reset_connections: AtomicBool,
    limiter: Mutex<Limiter>,
    /// Per-API limits; an API listed here is not counted against `limiter`.
    api_limiters: Mutex<Vec<(RestApi, Limiter)>>,
    /// Every Nth Table API create is answered 202 "not processed" (0: never).
    defer_every: AtomicU32,
    creates_seen: AtomicU64,
    deferred: AtomicU64,
    /// Answer `/api/*` with this status instead (500, 503, 202 …).
    status: Mutex<Option<u16>>,
    /// Cut every JSON answer in half (a proxy or a dropped stream that still ends cleanly).
    truncate_json: AtomicBool,
    /// Answer `/api/*` with a 307 to this origin.
    redirect: Mutex<Option<String>>,
    /// Tables this user may not read, as ACLs hide `sys_dictionary` from non-admins.
    unreadable: Mutex<Vec<String>>,
}

#[derive(Debug)]
struct Limiter {
    limit: Option<RateLimit>,
    window_start: Instant,
    count: u32,
}

impl Limiter {
    fn new(limit: Option<RateLimit>) -> Self {
        Limiter {
            limit,
            window_start: Instant::now(),
            count: 0,
        }
    }

    /// Counts one request in the current fixed window.
    fn count(&mut self, api: RestApi) -> RateDecision {
        let Some(limit) = self.limit else {
            return RateDecision::Unlimited;
        };
        let now = Instant::now();
        // A zero window would never reset; treat it as one second.
        let per = limit.per.max(Duration::from_secs(1));
        if now.duration_since(self.window_start) >= per {
            self.window_start = now;
            self.count = 0;
        }
        let remaining = per.saturating_sub(now.duration_since(self.window_start));
        let retry_after = (remaining.as_secs() + u64::from(remaining.subsec_nanos() > 0)).max(1);
        let info = RateInfo {
            limit,
            api,
            retry_after,
            reset_at: unix_now() + retry_after,
        };
        if self.count >= limit.requests {
            RateDecision::Exceeded(info)
        } else {
            self.count += 1;
            RateDecision::Allowed(info)
        }
    }
}

/// The outcome of counting one request against the rate limit.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) enum RateDecision {
    Unlimited,
    Allowed(RateInfo),
    Exceeded(RateInfo),
}

/// What the `X-RateLimit-*` and `Retry-After` headers report.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct RateInfo {
    pub limit: RateLimit,
    /// The API the request went to (the 429's detail names it).
    pub api: RestApi,
    /// Seconds until the window resets, at least 1.
    pub retry_after: u64,
    /// UNIX time at which the window resets.
    pub reset_at: u64,
}

impl Faults {
    pub(crate) fn new(rate_limit: Option<RateLimit>) -> Self {
        Faults {
            hibernating: AtomicBool::new(false),
            latency_micros: AtomicU64::new(0),
            reset_connections: AtomicBool::new(false),
            status: Mutex::new(None),
            truncate_json: AtomicBool::new(false),
            redirect: Mutex::new(None),
            unreadable: Mutex::new(Vec::new()),
            limiter: Mutex::new(Limiter::new(rate_limit)),
            api_limiters: Mutex::new(Vec::new()),
            defer_every: AtomicU32::new(0),
            creates_seen: AtomicU64::new(0),
            deferred: AtomicU64::new(0),
        }
    }

    /// Answer every path with the HTML page of a sleeping developer instance.
    pub fn set_hibernating(&self, on: bool) {
        self.hibernating.store(on, Ordering::SeqCst);
    }

    /// Delay every answer by this much (zero turns it off).
    pub fn set_latency(&self, latency: Duration) {
        let micros = u64::try_from(latency.as_micros()).unwrap_or(u64::MAX);
        self.latency_micros.store(micros, Ordering::SeqCst);
    }

    /// Close connections abruptly without any HTTP response: new ones at accept, kept-alive
    /// ones at their next request.
    pub fn set_reset_connections(&self, on: bool) {
        self.reset_connections.store(on, Ordering::SeqCst);
    }

    /// Replace the rate limit on `/api/now/*`; the window starts afresh.
    pub fn set_rate_limit(&self, limit: Option<RateLimit>) {
        *lock(&self.limiter) = Limiter::new(limit);
    }

    /// Give one API a limit of its own (counted apart from the others), or remove it.
    pub fn set_api_rate_limit(&self, api: RestApi, limit: Option<RateLimit>) {
        let mut limiters = lock(&self.api_limiters);
        limiters.retain(|(a, _)| *a != api);
        if limit.is_some() {
            limiters.push((api, Limiter::new(limit)));
        }
    }

    /// Answer every `every`th Table API create with 202 and an empty body, creating nothing
    /// (0 turns it off); the count starts afresh.
    pub fn set_defer_writes(&self, every: u32) {
        self.defer_every.store(every, Ordering::SeqCst);
        self.creates_seen.store(0, Ordering::SeqCst);
    }

    /// How many creates were answered 202 "not processed" so far.
    pub fn deferred_writes(&self) -> u64 {
        self.deferred.load(Ordering::SeqCst)
    }

    /// Counts one create; true when this one is to be answered 202 and dropped.
    pub(crate) fn defer_this_write(&self) -> bool {
        let every = u64::from(self.defer_every.load(Ordering::SeqCst));
        if every == 0 {
            return false;
        }
        let seen = self.creates_seen.fetch_add(1, Ordering::SeqCst) + 1;
        let defer = seen.is_multiple_of(every);
        if defer {
            self.deferred.fetch_add(1, Ordering::SeqCst);
        }
        defer
    }

    /// Answer every `/api/*` call with `status` (and ServiceNow's failure envelope when it is
    /// an error; an empty body for 202 "not processed"). `None` turns it off.
    pub fn set_status(&self, status: Option<u16>) {
        *lock(&self.status) = status;
    }

    pub fn set_truncate_json(&self, on: bool) {
        self.truncate_json.store(on, Ordering::SeqCst);
    }

    /// Redirect every `/api/*` call (307, same path) to `origin`, e.g. another host.
    pub fn set_redirect(&self, origin: Option<String>) {
        *lock(&self.redirect) = origin;
    }

    /// Refuse reads of these tables with 403 "Insufficient rights to query records".
    pub fn set_unreadable(&self, tables: &[&str]) {
        *lock(&self.unreadable) = tables.iter().map(|t| t.to_string()).collect();
    }

    pub(crate) fn is_unreadable(&self, table: &str) -> bool {
        lock(&self.unreadable).iter().any(|t| t == table)
    }

    pub fn status(&self) -> Option<u16> {
        *lock(&self.status)
    }

    pub fn truncate_json(&self) -> bool {
        self.truncate_json.load(Ordering::SeqCst)
    }

    pub fn redirect(&self) -> Option<String> {
        lock(&self.redirect).clone()
    }

    pub fn hibernating(&self) -> bool {
        self.hibernating.load(Ordering::SeqCst)
    }

    pub fn latency(&self) -> Duration {
        Duration::from_micros(self.latency_micros.load(Ordering::SeqCst))
    }

    pub fn reset_connections(&self) -> bool {
        self.reset_connections.load(Ordering::SeqCst)
    }

    pub fn rate_limit(&self) -> Option<RateLimit> {
        lock(&self.limiter).limit
    }

    /// Counts one request to `api` against its own limit, or the general one.
    pub(crate) fn count_request(&self, api: RestApi) -> RateDecision {
        if let Some((_, limiter)) = lock(&self.api_limiters).iter_mut().find(|(a, _)| *a == api) {
            return limiter.count(api);
        }
        lock(&self.limiter).count(api)
    }
}

fn unix_now() -> u64 {
    SystemTime::now()
        .duration_since(UNIX_EPOCH)
        .map(|d| d.as_secs())
        .unwrap_or(0)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn limiter_counts_within_a_window() {
        let faults = Faults::new(Some(RateLimit {
            requests: 2,
            per: Duration::from_secs(60),
        }));
        assert!(matches!(
            faults.count_request(RestApi::Table),
            RateDecision::Allowed(_)
        ));
        assert!(matches!(
            faults.count_request(RestApi::Table),
            RateDecision::Allowed(_)
        ));
        match faults.count_request(RestApi::Table) {
            RateDecision::Exceeded(info) => assert!((59..=60).contains(&info.retry_after)),
            other => panic!("expected exceeded, got {other:?}"),
        }
        faults.set_rate_limit(None);
        assert_eq!(
            faults.count_request(RestApi::Table),
            RateDecision::Unlimited
        );
    }

    #[test]
    fn an_api_limit_is_counted_apart_from_the_general_one() {
        let faults = Faults::new(Some(RateLimit {
            requests: 1,
            per: Duration::from_secs(60),
        }));
        faults.set_api_rate_limit(
            RestApi::ImportSet,
            Some(RateLimit {
                requests: 2,
                per: Duration::from_secs(1),
            }),
        );
        assert!(matches!(
            faults.count_request(RestApi::Table),
            RateDecision::Allowed(_)
        ));
        assert!(matches!(
            faults.count_request(RestApi::Table),
            RateDecision::Exceeded(_)
        ));
        for _ in 0..2 {
            assert!(matches!(
                faults.count_request(RestApi::ImportSet),
                RateDecision::Allowed(_)
            ));
        }
        match faults.count_request(RestApi::ImportSet) {
            RateDecision::Exceeded(info) => {
                assert_eq!((info.retry_after, info.api), (1, RestApi::ImportSet));
            }
            other => panic!("expected exceeded, got {other:?}"),
        }
        faults.set_api_rate_limit(RestApi::ImportSet, None);
        assert!(matches!(
            faults.count_request(RestApi::ImportSet),
            RateDecision::Exceeded(_)
        ));
    }

    #[test]
    fn every_nth_create_is_deferred() {
        let faults = Faults::new(None);
        assert!(!faults.defer_this_write());
        faults.set_defer_writes(3);
        let deferred: Vec<bool> = (0..7).map(|_| faults.defer_this_write()).collect();
        assert_eq!(deferred, [false, false, true, false, false, true, false]);
        assert_eq!(faults.deferred_writes(), 2);
    }
}
