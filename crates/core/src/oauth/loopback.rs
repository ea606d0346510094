//! The loopback listener the browser comes back to (RFC 8252 §7.3), and the system browser.
//! It is bound before the browser opens, answers only its redirect path with this attempt's
//! `state`, and ignores everything else (favicon, probes, an old tab).

use std::future::Future;
use std::time::Duration;

use tokio::io::{AsyncReadExt, AsyncWriteExt};
use tokio::net::{TcpListener, TcpStream};
use url::Url;

use super::authorize::Authorization;
use crate::error::{Error, Result};
use crate::secret::SecretString;

/// How long the browser has to come back.
pub const SIGN_IN_TIMEOUT: Duration = Duration::from_secs(300);

pub struct Loopback {
    listener: TcpListener,
    path: String,
    redirect_uri: String,
}

fn page(title: &str, text: &str) -> String {
    format!(
        "<!doctype html><html><head><meta charset=\"utf-8\"><title>Snowpost: {title}</title></head>\
         <body style=\"font-family:sans-serif;margin:3em\"><h1>{title}</h1><p>{text}</p></body></html>"
    )
}

async fn answer(stream: &mut TcpStream, status: &str, body: &str) {
    let head = format!(
        "HTTP/1.1 {status}\r\nContent-Type: text/html; charset=utf-8\r\nContent-Length: {}\r\n\
         Cache-Control: no-store\r\nConnection: close\r\n\r\n",
        body.len()
    );
    let _ = stream.write_all(head.as_bytes()).await;
    let _ = stream.write_all(body.as_bytes()).await;
    let _ = stream.shutdown().await;
}

/// The request target of the first line (`GET /callback?code=… HTTP/1.1`), if it is a GET.
async fn read_target(stream: &mut TcpStream) -> Option<String> {
    let mut buf = Vec::with_capacity(1024);
    let mut chunk = [0u8; 1024];
    while !buf.windows(4).any(|w| w == b"\r\n\r\n") && buf.len() < 16 * 1024 {
        let n = tokio::time::timeout(Duration::from_secs(5), stream.read(&mut chunk))
            .await
            .ok()?
            .ok()?;
        if n == 0 {
            break;
        }
        buf.extend_from_slice(&chunk[..n]);
    }
    let text = String::from_utf8_lossy(&buf);
    let mut words = text.lines().next()?.split_whitespace();
    (words.next()? == "GET").then(|| words.next().map(str::to_string))?
}

impl Loopback {
    /// Binds the redirect URI's port: it must be `http://` on a loopback address, with a port.
    pub async fn bind(redirect_uri: &str) -> Result<Loopback> {
        let bad = |why: &str| {
            Error::input(
                "redirect URI",
                format!("{redirect_uri} {why}; use e.g. http://127.0.0.1:8765/callback, or sign in with the paste fallback"),
            )
        };
        let url = Url::parse(redirect_uri).map_err(|_| bad("is not a URL"))?;
        if url.scheme() != "http" || !crate::instance::is_loopback(&url) {
            return Err(bad(
                "is not an http:// loopback address this app can listen on",
            ));
        }
        let port = url.port().ok_or_else(|| bad("has no port"))?;
        let host = url
            .host_str()
            .unwrap_or("127.0.0.1")
            .trim_matches(['[', ']']);
        let host = if host.eq_ignore_ascii_case("localhost") {
            "127.0.0.1"
        } else {
            host
        };
        let listener = TcpListener::bind((host, port)).await.map_err(|e| {
            Error::input(
                "redirect URI",
                format!("cannot listen on {host}:{port} ({e}); another sign-in or program may hold the port — choose another port in the profile and register it"),
            )
        })?;
        Ok(Loopback {
            listener,
            path: url.path().to_string(),
            redirect_uri: redirect_uri.to_string(),
        })
    }

    /// The code, once the browser comes back with this attempt's state; an error for a denial,
    /// for `timeout`, or when `cancelled` completes first.
    pub async fn wait(
        &self,
        auth: &Authorization,
        timeout: Duration,
        cancelled: impl Future<Output = ()>,
    ) -> Result<SecretString> {
        let accept_loop = async {
            loop {
                let Ok((mut stream, _)) = self.listener.accept().await else {
                    continue;
                };
                let Some(target) = read_target(&mut stream).await else {
                    continue;
                };
                let (path, query) = target.split_once('?').unwrap_or((&target, ""));
                if path != self.path || !query.contains("state=") {
                    answer(
                        &mut stream,
                        "404 Not Found",
                        &page("Not here", "This is not the sign-in address."),
                    )
                    .await;
                    continue;
                }
                match auth.code_from(query) {
                    Ok(code) => {
                        answer(
                            &mut stream,
                            "200 OK",
                            &page(
                                "Signed in",
                                "Snowpost has the sign-in. You can close this tab.",
                            ),
                        )
                        .await;
                        return Ok(code);
                    }
                    // Another attempt's redirect (an old tab): say so, keep waiting for ours.
                    Err(Error::SignIn { reason, .. }) if reason == "state_mismatch" => {
                        answer(&mut stream, "400 Bad Request", &page("Not this sign-in", "This page belongs to an earlier sign-in attempt. Use the newest browser tab.")).await;
                    }
                    Err(e) => {
                        answer(
                            &mut stream,
                            "400 Bad Request",
                            &page("Not signed in", &html_escape(&e.to_string())),
                        )
                        .await;
                        return Err(e);
                    }
                }
            }
        };
        tokio::select! {
            r = accept_loop => r,
            _ = tokio::time::sleep(timeout) => Err(Error::SignIn {
                reason: "timeout".into(),
                message: format!("the browser did not come back to {} within {} s", self.redirect_uri, timeout.as_secs()),
            }),
            _ = cancelled => Err(Error::SignIn {
                reason: "cancelled".into(),
                message: "the sign-in was cancelled".into(),
            }),
        }
    }
}

fn html_escape(s: &str) -> String {
    s.replace('&', "&amp;")
        .replace('<', "&lt;")
        .replace('>', "&gt;")
}

/// Opens `url` in the system browser: `$BROWSER` (a command, given the URL as its argument;
/// the first of a `:`-separated list), else the platform's opener. Never an embedded webview.
pub fn open_browser(url: &Url) -> Result<()> {
    let from_env = std::env::var("BROWSER")
        .ok()
        .filter(|b| !b.trim().is_empty());
    let (program, mut args): (String, Vec<String>) = match from_env {
        Some(b) => {
            let first = b.split(':').next().unwrap_or_default().to_string();
            let mut words = first.split_whitespace().map(str::to_string);
            (words.next().unwrap_or_default(), words.collect())
        }
        None if cfg!(target_os = "macos") => ("open".into(), vec![]),
        None if cfg!(windows) => (
            "rundll32".into(),
            vec!["url.dll,FileProtocolHandler".into()],
        ),
        None => ("xdg-open".into(), vec![]),
    };
    match args.iter_mut().find(|a| a.contains("%s")) {
        Some(a) => *a = a.replace("%s", url.as_str()),
        None => args.push(url.to_string()),
    }
    let mut child = std::process::Command::new(&program)
        .args(&args)
        .stdin(std::process::Stdio::null())
        .stdout(std::process::Stdio::null())
        .spawn()
        .map_err(|e| Error::SignIn {
            reason: "no_browser".into(),
            message: format!("could not start the browser ({program}: {e})"),
        })?;
    // Reaped in the background; the listener, not the browser's exit, ends the sign-in.
    std::thread::spawn(move || child.wait());
    Ok(())
}
