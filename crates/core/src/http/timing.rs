//! Where a request's time went: DNS, connect, TLS, waiting for the first byte, download.
//! reqwest exposes none of it, so each phase is noted where it really happens — the resolver,
//! rustls's session cache (ClientHello built), the connector (connection ready) — by the
//! probe of the request being sent, a task-local set around its future.

use std::future::Future;
use std::net::SocketAddr;
use std::pin::Pin;
use std::sync::{Arc, Mutex};
use std::task::{Context, Poll};
use std::time::{Duration, Instant};

use serde::Serialize;

/// Phase durations of one exchange in milliseconds. A phase that did not happen in this
/// request is `None`: DNS for an IP address, TLS for `http://`, and DNS, connect and TLS all
/// on a reused connection (`reused`). Phases add up to at most `total_ms`.
#[derive(Debug, Clone, Copy, Default, PartialEq, Serialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS), ts(export))]
pub struct Timing {
    pub dns_ms: Option<f64>,
    /// TCP, and the proxy's tunnel when there is one.
    pub connect_ms: Option<f64>,
    pub tls_ms: Option<f64>,
    /// From the connection being ready to the first byte of the answer's headers.
    pub ttfb_ms: f64,
    pub download_ms: f64,
    pub total_ms: f64,
    pub reused: bool,
}

impl Timing {
    /// The phases in order, named as the CLI shows them; `None` for one that did not happen.
    pub fn phases(&self) -> [(&'static str, Option<f64>); 5] {
        [
            ("dns", self.dns_ms),
            ("connect", self.connect_ms),
            ("tls", self.tls_ms),
            ("first byte", Some(self.ttfb_ms)),
            ("download", Some(self.download_ms)),
        ]
    }

    /// No phase is negative, and together they take no longer than the total.
    pub fn is_consistent(&self) -> bool {
        let phases = self.phases().map(|(_, ms)| ms.unwrap_or(0.0));
        phases.iter().all(|ms| *ms >= 0.0) && phases.iter().sum::<f64>() <= self.total_ms + 1e-6
    }
}

/// When each phase started or ended, as offsets from the request's start.
#[derive(Debug, Clone, Copy, Default, PartialEq)]
pub(crate) struct Marks {
    pub dns_start: Option<Duration>,
    pub dns_end: Option<Duration>,
    pub tls_start: Option<Duration>,
    /// The connector returned a new connection.
    pub ready: Option<Duration>,
    pub headers: Duration,
    pub done: Duration,
}

fn ms(d: Duration) -> f64 {
    d.as_secs_f64() * 1000.0
}

impl Marks {
    pub fn timing(&self) -> Timing {
        let span = |from: Duration, to: Duration| ms(to.saturating_sub(from));
        let Some(ready) = self.ready else {
            return Timing {
                ttfb_ms: ms(self.headers),
                download_ms: span(self.headers, self.done),
                total_ms: ms(self.done),
                reused: true,
                ..Default::default()
            };
        };
        let dns = self.dns_start.zip(self.dns_end);
        let connect_from = dns.map_or(Duration::ZERO, |(_, end)| end);
        let connect_to = self.tls_start.unwrap_or(ready);
        Timing {
            dns_ms: dns.map(|(start, end)| span(start, end)),
            connect_ms: Some(span(connect_from, connect_to)),
            tls_ms: self.tls_start.map(|start| span(start, ready)),
            ttfb_ms: span(ready, self.headers),
            download_ms: span(self.headers, self.done),
            total_ms: ms(self.done),
            reused: false,
        }
    }
}

/// One request's marks; shared by the request's future and what it polls.
#[derive(Clone)]
pub(crate) struct Probe {
    start: Instant,
    marks: Arc<Mutex<Marks>>,
}

tokio::task_local! {
    static PROBE: Probe;
}

impl Probe {
    pub fn start() -> Self {
        Probe {
            start: Instant::now(),
            marks: Default::default(),
        }
    }

    fn note(&self, f: impl FnOnce(&mut Marks, Duration)) {
        let at = self.start.elapsed();
        f(
            &mut self.marks.lock().unwrap_or_else(|e| e.into_inner()),
            at,
        );
    }

    /// Runs `fut` (sending the request) with this probe receiving the phase marks.
    pub async fn scope<F: Future>(&self, fut: F) -> F::Output {
        PROBE.scope(self.clone(), fut).await
    }

    pub fn headers(&self) {
        self.note(|m, at| m.headers = at);
    }

    pub fn done(&self) -> Timing {
        self.note(|m, at| m.done = at);
        self.marks
            .lock()
            .unwrap_or_else(|e| e.into_inner())
            .timing()
    }
}

/// Marks `f` on the probe of the request being sent, if any (a connection finished in the
/// background after its request went elsewhere has none: it is not timed).
fn mark(f: impl FnOnce(&mut Marks, Duration)) {
    let _ = PROBE.try_with(|p| p.note(f));
}

pub(super) fn tls_started() {
    mark(|m, at| {
        m.tls_start.get_or_insert(at);
    });
}

/// The system resolver (what reqwest uses by default), timed.
pub(super) struct Resolver;

impl reqwest::dns::Resolve for Resolver {
    fn resolve(&self, name: reqwest::dns::Name) -> reqwest::dns::Resolving {
        Box::pin(async move {
            mark(|m, at| m.dns_start = Some(at));
            let addrs: Vec<SocketAddr> =
                tokio::net::lookup_host((name.as_str(), 0)).await?.collect();
            mark(|m, at| m.dns_end = Some(at));
            Ok(Box::new(addrs.into_iter()) as reqwest::dns::Addrs)
        })
    }
}

/// Notes when the connector hands over a new connection (TCP, tunnel and TLS done).
#[derive(Clone)]
pub(super) struct ReadyLayer;

impl<S> tower_layer::Layer<S> for ReadyLayer {
    type Service = Ready<S>;
    fn layer(&self, inner: S) -> Ready<S> {
        Ready(inner)
    }
}

#[derive(Clone)]
pub(super) struct Ready<S>(S);

type BoxFuture<T> = Pin<Box<dyn Future<Output = T> + Send>>;

impl<S, R> tower_service::Service<R> for Ready<S>
where
    S: tower_service::Service<R>,
    S::Future: Send + 'static,
{
    type Response = S::Response;
    type Error = S::Error;
    type Future = BoxFuture<Result<S::Response, S::Error>>;

    fn poll_ready(&mut self, cx: &mut Context<'_>) -> Poll<Result<(), S::Error>> {
        self.0.poll_ready(cx)
    }

    fn call(&mut self, req: R) -> Self::Future {
        let connecting = self.0.call(req);
        Box::pin(async move {
            let conn = connecting.await;
            if conn.is_ok() {
                mark(|m, at| m.ready = Some(at));
            }
            conn
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn at(ms: u64) -> Duration {
        Duration::from_millis(ms)
    }

    #[test]
    fn phases_of_a_new_https_connection() {
        let m = Marks {
            dns_start: Some(at(1)),
            dns_end: Some(at(11)),
            tls_start: Some(at(31)),
            ready: Some(at(61)),
            headers: at(161),
            done: at(171),
        };
        let t = m.timing();
        assert_eq!(
            t,
            Timing {
                dns_ms: Some(10.0),
                connect_ms: Some(20.0),
                tls_ms: Some(30.0),
                ttfb_ms: 100.0,
                download_ms: 10.0,
                total_ms: 171.0,
                reused: false,
            }
        );
    }

    #[test]
    fn plain_http_to_an_ip_address_has_no_dns_or_tls() {
        let t = Marks {
            ready: Some(at(2)),
            headers: at(7),
            done: at(9),
            ..Default::default()
        }
        .timing();
        assert_eq!((t.dns_ms, t.connect_ms, t.tls_ms), (None, Some(2.0), None));
        assert_eq!((t.ttfb_ms, t.download_ms, t.total_ms), (5.0, 2.0, 9.0));
    }

    #[test]
    fn a_reused_connection_waits_from_the_start() {
        let t = Marks {
            headers: at(40),
            done: at(45),
            ..Default::default()
        }
        .timing();
        assert!(t.reused);
        assert_eq!((t.dns_ms, t.connect_ms, t.tls_ms), (None, None, None));
        assert_eq!((t.ttfb_ms, t.download_ms, t.total_ms), (40.0, 5.0, 45.0));
    }

    #[test]
    fn phases_are_never_negative_and_fit_in_the_total() {
        // A clock oddity (marks out of order) gives zero, not a negative phase.
        let t = Marks {
            dns_start: Some(at(5)),
            dns_end: Some(at(3)),
            tls_start: Some(at(2)),
            ready: Some(at(1)),
            headers: at(4),
            done: at(6),
        }
        .timing();
        assert!(t.is_consistent(), "{t:?}");
    }
}
