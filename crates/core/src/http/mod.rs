//! The one network seam: plain request/response values in, reqwest (rustls) underneath.
//! Builders produce an [`HttpRequest`]; parsers read an [`HttpResponse`]; only `send` touches the wire.

mod classify;
mod input;
mod proxy;
mod stream;
mod timing;
mod tls;
mod upload;

pub(crate) use classify::network_error;
pub use input::{check_header, parse_method};
pub use proxy::read_ca_bundle;
pub use timing::Timing;

use std::fmt;
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

use reqwest::redirect;
use url::Url;

use crate::error::{Error, NetworkKind, Result};
use crate::network::{Network, NetworkSettings};

pub use reqwest::Method;

#[derive(Clone)]
pub struct HttpRequest {
    pub method: Method,
    pub url: Url,
    pub headers: Vec<(String, String)>,
    pub body: Vec<u8>,
    /// Token calls never follow redirects; API calls follow only to the same origin.
    pub follow_redirects: bool,
}

impl fmt::Debug for HttpRequest {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let headers: Vec<_> = self
            .headers
            .iter()
            .map(|(k, v)| {
                let v = if crate::redact::is_secret_name(k) {
                    "[redacted]"
                } else {
                    v.as_str()
                };
                format!("{k}: {v}")
            })
            .collect();
        f.debug_struct("HttpRequest")
            .field("method", &self.method)
            // A query may carry a token (oauth_revoke_token.do?token=…).
            .field("url", &&self.url[..url::Position::AfterPath])
            .field("query", &self.url.query().map(|_| "[redacted]"))
            .field("headers", &headers)
            .field("body", &format_args!("[{} bytes]", self.body.len()))
            .finish()
    }
}

#[derive(Debug, Clone)]
pub struct HttpResponse {
    pub status: u16,
    pub headers: Vec<(String, String)>,
    pub body: Vec<u8>,
    pub elapsed: Duration,
    /// The phases of the last hop (redirects followed before it count in `elapsed` only).
    pub timing: Timing,
}

impl HttpResponse {
    pub fn header(&self, name: &str) -> Option<&str> {
        self.headers
            .iter()
            .find(|(k, _)| k.eq_ignore_ascii_case(name))
            .map(|(_, v)| v.as_str())
    }

    pub fn content_type(&self) -> Option<&str> {
        self.header("content-type")
    }

    pub fn looks_like_html(&self) -> bool {
        let ct_html = self
            .content_type()
            .is_some_and(|c| c.to_ascii_lowercase().contains("html"));
        let head = self
            .body
            .iter()
            .skip_while(|b| b.is_ascii_whitespace())
            .take(15);
        let head: Vec<u8> = head.map(u8::to_ascii_lowercase).collect();
        ct_html || head.starts_with(b"<!doctype html") || head.starts_with(b"<html")
    }

    /// `<title>` of an HTML body, for error messages.
    pub fn html_title(&self) -> Option<String> {
        let text = String::from_utf8_lossy(&self.body[..self.body.len().min(64 * 1024)]);
        let lower = text.to_ascii_lowercase();
        let start = lower.find("<title")?;
        let open_end = lower[start..].find('>')? + start + 1;
        let close = lower[open_end..].find("</title")? + open_end;
        let t = text[open_end..close]
            .split_whitespace()
            .collect::<Vec<_>>()
            .join(" ");
        (!t.is_empty()).then(|| t.chars().take(120).collect())
    }

    /// Developer instances answer with an HTML page while asleep.
    pub fn is_hibernation_page(&self) -> bool {
        self.looks_like_html()
            && String::from_utf8_lossy(&self.body[..self.body.len().min(64 * 1024)])
                .to_ascii_lowercase()
                .contains("hibernat")
    }
}

/// One rustls client, built on first use (loading the system's CA roots costs milliseconds a
/// CLI call should not pay when it never goes online), and built again after the network
/// settings change. Redirects are followed here, not by reqwest, so that only same-origin
/// hops are taken and token calls take none.
#[derive(Clone)]
pub struct HttpClient {
    connect_timeout: Duration,
    total_timeout: Duration,
    clients: Arc<Mutex<Clients>>,
}

#[derive(Default)]
struct Clients {
    network: Network,
    proxied: Option<reqwest::Client>,
    /// For loopback hosts: never through a proxy, whatever the settings or the environment
    /// say, so the sandbox's or a local instance's credentials cannot reach a proxy.
    direct: Option<reqwest::Client>,
    /// For `http://` loopback (the sandbox): as `direct`, but it never speaks TLS, so it
    /// trusts no root and skips loading the system's, most of a CLI call's own time.
    plain: Option<reqwest::Client>,
}

pub(crate) const MAX_REDIRECTS: usize = 5;

impl HttpClient {
    pub fn new() -> Result<Self> {
        Self::with_timeouts(Duration::from_secs(15), Duration::from_secs(300))
    }

    pub fn with_timeouts(connect: Duration, total: Duration) -> Result<Self> {
        Ok(HttpClient {
            connect_timeout: connect,
            total_timeout: total,
            clients: Default::default(),
        })
    }

    /// This client with `network` (proxy, no-proxy list, CA bundle) from the start.
    pub fn with_network(self, network: Network) -> Self {
        self.set_network(network);
        self
    }

    /// Takes new settings: the next request builds its client from them.
    pub fn set_network(&self, network: Network) {
        let mut clients = self.lock();
        *clients = Clients {
            network,
            ..Default::default()
        };
    }

    pub fn network_settings(&self) -> NetworkSettings {
        self.lock().network.settings.clone()
    }

    fn lock(&self) -> std::sync::MutexGuard<'_, Clients> {
        self.clients.lock().unwrap_or_else(|e| e.into_inner())
    }

    /// A handle to the client for `url` (reqwest clients are shared handles, so this is cheap).
    fn client(&self, url: &Url) -> Result<reqwest::Client> {
        let loopback = crate::instance::is_loopback(url);
        // Redirects stay within the origin, so this client never sees an https URL.
        let plain = loopback && url.scheme() == "http";
        let mut clients = self.lock();
        let clients = &mut *clients;
        let slot = if plain {
            &mut clients.plain
        } else if loopback {
            &mut clients.direct
        } else {
            &mut clients.proxied
        };
        if let Some(c) = slot {
            return Ok(c.clone());
        }
        let builder = proxy::configure(reqwest::Client::builder(), &clients.network, loopback)?;
        let tls = if plain {
            tls::no_roots_config()?
        } else {
            let extra_roots = match &clients.network.settings.ca_bundle {
                Some(path) => read_ca_bundle(path)?,
                None => Vec::new(),
            };
            tls::client_config(&extra_roots)?
        };
        let built = builder
            .use_preconfigured_tls(tls)
            .dns_resolver(Arc::new(timing::Resolver))
            .connector_layer(timing::ReadyLayer)
            .connect_timeout(self.connect_timeout)
            .timeout(self.total_timeout)
            .redirect(redirect::Policy::none())
            .user_agent(concat!("Snowpost/", env!("CARGO_PKG_VERSION")))
            .build()
            .map_err(|e| Error::Network {
                kind: NetworkKind::Other,
                message: format!("cannot set up HTTP: {e}"),
            })?;
        Ok(slot.insert(built).clone())
    }

    pub async fn send(&self, req: HttpRequest) -> Result<HttpResponse> {
        let started = Instant::now();
        let mut req = req;
        for _ in 0..=MAX_REDIRECTS {
            let resp = self.send_once(&req, started).await?;
            match next_hop(&req, &resp) {
                Some(next) => req = next,
                None => return Ok(resp),
            }
        }
        self.send_once(&req, started).await
    }

    async fn send_once(&self, req: &HttpRequest, started: Instant) -> Result<HttpResponse> {
        let (resp, probe, host) = self.start(req).await?;
        self.finish(resp, probe, &host, started).await
    }

    /// Reads the whole answer after its head.
    async fn finish(
        &self,
        resp: reqwest::Response,
        probe: timing::Probe,
        host: &str,
        started: Instant,
    ) -> Result<HttpResponse> {
        let status = resp.status().as_u16();
        let headers = header_pairs(&resp);
        let body = resp
            .bytes()
            .await
            .map_err(|e| network_error(e, host))?
            .to_vec();
        Ok(HttpResponse {
            status,
            headers,
            body,
            timing: probe.done(),
            elapsed: started.elapsed(),
        })
    }

    /// Sends `req` and waits for the answer's head; the body is the caller's to read.
    async fn start(&self, req: &HttpRequest) -> Result<(reqwest::Response, timing::Probe, String)> {
        self.start_with(req, None).await
    }

    /// `start`, with `body` (when given) sent in place of the request's own.
    async fn start_with(
        &self,
        req: &HttpRequest,
        body: Option<reqwest::Body>,
    ) -> Result<(reqwest::Response, timing::Probe, String)> {
        let host = req.url.host_str().unwrap_or_default().to_string();
        let mut builder = self
            .client(&req.url)?
            .request(req.method.clone(), req.url.clone());
        for (k, v) in &req.headers {
            builder = builder.header(k, v);
        }
        if let Some(body) = body {
            builder = builder.body(body);
        } else if !req.body.is_empty() {
            builder = builder.body(req.body.clone());
        }
        let probe = timing::Probe::start();
        let resp = probe
            .scope(builder.send())
            .await
            .map_err(|e| network_error(e, &host))?;
        probe.headers();
        Ok((resp, probe, host))
    }
}

/// The answer's headers, values read leniently (a server may send non-UTF-8 bytes).
fn header_pairs(resp: &reqwest::Response) -> Vec<(String, String)> {
    resp.headers()
        .iter()
        .map(|(k, v)| {
            let v = String::from_utf8_lossy(v.as_bytes()).into_owned();
            (k.as_str().to_string(), v)
        })
        .collect()
}

/// The request to send after a redirect, if it may be followed: only when the request allows
/// it and the target is on the same origin (another host would receive the Authorization header).
pub(crate) fn next_hop(req: &HttpRequest, resp: &HttpResponse) -> Option<HttpRequest> {
    if !req.follow_redirects || !matches!(resp.status, 301 | 302 | 303 | 307 | 308) {
        return None;
    }
    let target = req.url.join(resp.header("location")?).ok()?;
    if target.origin() != req.url.origin() {
        return None;
    }
    let mut next = req.clone();
    next.url = target;
    // As browsers do: 303, and 301/302 after a POST, become a GET without a body.
    if resp.status == 303 || (matches!(resp.status, 301 | 302) && req.method == Method::POST) {
        next.method = Method::GET;
        next.body.clear();
        next.headers
            .retain(|(k, _)| !k.eq_ignore_ascii_case("content-type"));
    }
    Some(next)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn resp(ct: &str, body: &str) -> HttpResponse {
        HttpResponse {
            status: 200,
            headers: vec![("Content-Type".into(), ct.into())],
            body: body.as_bytes().to_vec(),
            elapsed: Duration::ZERO,
            timing: Timing::default(),
        }
    }

    #[test]
    fn recognises_a_hibernating_instance() {
        let r = resp(
            "text/html;charset=UTF-8",
            "<html><head><title>Instance Hibernating page</title></head><body>Your instance is hibernating</body></html>",
        );
        assert!(r.looks_like_html());
        assert!(r.is_hibernation_page());
        assert_eq!(r.html_title().as_deref(), Some("Instance Hibernating page"));
        let j = resp("application/json", "{}");
        assert!(!j.looks_like_html());
        assert!(resp("", "  <!DOCTYPE html><p>x").looks_like_html());
    }

    fn request(url: &str, follow: bool) -> HttpRequest {
        HttpRequest {
            method: Method::POST,
            url: Url::parse(url).unwrap(),
            headers: vec![("Content-Type".into(), "application/json".into())],
            body: b"{}".to_vec(),
            follow_redirects: follow,
        }
    }

    fn redirect(status: u16, location: &str) -> HttpResponse {
        HttpResponse {
            status,
            headers: vec![("Location".into(), location.into())],
            body: Vec::new(),
            elapsed: Duration::ZERO,
            timing: Timing::default(),
        }
    }

    #[test]
    fn redirects_only_within_the_origin() {
        let r = request("https://dev1.service-now.com/api/now/table/incident", true);
        let next = next_hop(&r, &redirect(307, "/api/now/v2/table/incident")).unwrap();
        assert_eq!(
            next.url.as_str(),
            "https://dev1.service-now.com/api/now/v2/table/incident"
        );
        assert_eq!((next.method.clone(), next.body.len()), (Method::POST, 2));
        let next = next_hop(&r, &redirect(303, "/done")).unwrap();
        assert_eq!(
            (next.method.clone(), next.body.len(), next.headers.len()),
            (Method::GET, 0, 0)
        );
        assert!(next_hop(&r, &redirect(302, "https://evil.example.com/")).is_none());
        assert!(next_hop(&r, &redirect(302, "http://dev1.service-now.com/")).is_none());
        assert!(next_hop(&r, &redirect(200, "/x")).is_none());
        let token_call = request("https://dev1.service-now.com/oauth_token.do", false);
        assert!(next_hop(&token_call, &redirect(302, "/login.do")).is_none());
    }

    #[test]
    fn debug_redacts_credentials() {
        let r = HttpRequest {
            method: Method::GET,
            url: Url::parse("https://x.service-now.com/api").unwrap(),
            headers: vec![("Authorization".into(), "Bearer abc123".into())],
            body: b"client_secret=s3cret".to_vec(),
            follow_redirects: true,
        };
        let d = format!("{r:?}");
        assert!(!d.contains("abc123") && !d.contains("s3cret"), "{d}");
        assert!(d.contains("[redacted]"));
    }
}
