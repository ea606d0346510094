//! Local stand-ins for a corporate network: a TLS front for `dev12345.service-now.com` signed
//! by a private CA made at test time, and a recording proxy (HTTP CONNECT and SOCKS5) that
//! tunnels every target to that front. Nothing here connects anywhere but loopback.
#![allow(dead_code)]

use std::net::SocketAddr;
use std::sync::{Arc, Mutex};

use tokio::io::{AsyncReadExt, AsyncWriteExt};
use tokio::net::{TcpListener, TcpStream};

pub const REMOTE_HOST: &str = "dev12345.service-now.com";

pub fn get(url: &str) -> snowpost_core::http::HttpRequest {
    snowpost_core::http::HttpRequest {
        method: snowpost_core::Method::GET,
        url: url.parse().unwrap(),
        headers: Vec::new(),
        body: Vec::new(),
        follow_redirects: false,
    }
}

/// A TLS endpoint for [`REMOTE_HOST`] in front of `upstream` (the sandbox's plain port).
pub struct TlsFront {
    pub addr: SocketAddr,
    /// The private CA that signed its certificate, as a PEM bundle.
    pub ca_pem: String,
}

pub async fn tls_front(upstream: SocketAddr) -> TlsFront {
    use rcgen::{BasicConstraints, CertificateParams, DnType, IsCa, Issuer, KeyPair};
    let ca_key = KeyPair::generate().unwrap();
    let mut ca = CertificateParams::new(Vec::<String>::new()).unwrap();
    ca.is_ca = IsCa::Ca(BasicConstraints::Unconstrained);
    ca.distinguished_name
        .push(DnType::CommonName, "Snowpost test proxy CA");
    let ca_cert = ca.self_signed(&ca_key).unwrap();
    let issuer = Issuer::new(ca, ca_key);
    let leaf_key = KeyPair::generate().unwrap();
    let leaf = CertificateParams::new(vec![REMOTE_HOST.to_string()])
        .unwrap()
        .signed_by(&leaf_key, &issuer)
        .unwrap();
    let key = rustls::pki_types::PrivateKeyDer::try_from(leaf_key.serialize_der()).unwrap();
    let provider = Arc::new(rustls::crypto::ring::default_provider());
    let config = rustls::ServerConfig::builder_with_provider(provider)
        .with_safe_default_protocol_versions()
        .unwrap()
        .with_no_client_auth()
        .with_single_cert(vec![leaf.der().clone()], key)
        .unwrap();
    let acceptor = tokio_rustls::TlsAcceptor::from(Arc::new(config));
    let listener = TcpListener::bind("127.0.0.1:0").await.unwrap();
    let addr = listener.local_addr().unwrap();
    tokio::spawn(async move {
        while let Ok((tcp, _)) = listener.accept().await {
            // Relays pass small writes on at once, as a real proxy does (no Nagle delay).
            let _ = tcp.set_nodelay(true);
            let acceptor = acceptor.clone();
            tokio::spawn(async move {
                // A client that rejects the certificate ends the handshake here.
                let Ok(mut tls) = acceptor.accept(tcp).await else {
                    return;
                };
                let mut up = TcpStream::connect(upstream).await.unwrap();
                let _ = up.set_nodelay(true);
                let _ = tokio::io::copy_bidirectional(&mut tls, &mut up).await;
            });
        }
    });
    TlsFront {
        addr,
        ca_pem: ca_cert.pem(),
    }
}

/// A host the proxy refuses to tunnel to (403), as a corporate proxy's block list would.
pub const BLOCKED_HOST: &str = "blocked.service-now.com";

/// What the proxy saw of one connection.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Seen {
    /// `host:port` asked for (CONNECT target, or SOCKS5 domain and port).
    pub target: String,
    /// The Proxy-Authorization header, or SOCKS5 `user:password`.
    pub credentials: Option<String>,
}

pub struct RecordingProxy {
    pub addr: SocketAddr,
    pub seen: Arc<Mutex<Vec<Seen>>>,
}

impl RecordingProxy {
    /// Tunnels every target to `to`. With `require`, a connection without exactly these
    /// credentials is refused (407, or SOCKS5 auth failure).
    pub async fn start(to: SocketAddr, require: Option<String>) -> RecordingProxy {
        let listener = TcpListener::bind("127.0.0.1:0").await.unwrap();
        let addr = listener.local_addr().unwrap();
        let seen = Arc::new(Mutex::new(Vec::new()));
        let log = seen.clone();
        tokio::spawn(async move {
            while let Ok((tcp, _)) = listener.accept().await {
                let (log, require) = (log.clone(), require.clone());
                tokio::spawn(async move {
                    let mut first = [0u8; 1];
                    if tcp.peek(&mut first).await.unwrap_or(0) == 0 {
                        return;
                    }
                    let tunnel = if first[0] == 5 {
                        socks5(tcp, &log, require.as_deref()).await
                    } else {
                        connect(tcp, &log, require.as_deref()).await
                    };
                    if let Some(mut client) = tunnel {
                        let _ = client.set_nodelay(true);
                        let mut up = TcpStream::connect(to).await.unwrap();
                        let _ = up.set_nodelay(true);
                        let _ = tokio::io::copy_bidirectional(&mut client, &mut up).await;
                    }
                });
            }
        });
        RecordingProxy { addr, seen }
    }

    pub fn seen(&self) -> Vec<Seen> {
        self.seen.lock().unwrap().clone()
    }
}

async fn connect(
    mut tcp: TcpStream,
    log: &Mutex<Vec<Seen>>,
    require: Option<&str>,
) -> Option<TcpStream> {
    let mut head = Vec::new();
    while !head.ends_with(b"\r\n\r\n") {
        let mut b = [0u8; 1];
        if tcp.read(&mut b).await.ok()? == 0 || head.len() > 16 * 1024 {
            return None;
        }
        head.push(b[0]);
    }
    let head = String::from_utf8_lossy(&head).into_owned();
    let mut lines = head.split("\r\n");
    let target = lines.next()?.strip_prefix("CONNECT ")?.split(' ').next()?;
    let credentials = lines
        .filter_map(|l| l.split_once(':'))
        .find(|(k, _)| k.eq_ignore_ascii_case("proxy-authorization"))
        .map(|(_, v)| v.trim().to_string());
    log.lock().unwrap().push(Seen {
        target: target.into(),
        credentials: credentials.clone(),
    });
    if target.starts_with("blocked.") {
        let refuse = "HTTP/1.1 403 Forbidden\r\nContent-Length: 0\r\n\r\n";
        let _ = tcp.write_all(refuse.as_bytes()).await;
        return None;
    }
    if require.is_some() && credentials.as_deref() != require {
        let refuse = "HTTP/1.1 407 Proxy Authentication Required\r\nProxy-Authenticate: Basic realm=\"corp\"\r\nContent-Length: 0\r\n\r\n";
        let _ = tcp.write_all(refuse.as_bytes()).await;
        return None;
    }
    tcp.write_all(b"HTTP/1.1 200 Connection established\r\n\r\n")
        .await
        .ok()?;
    Some(tcp)
}

/// RFC 1928 / 1929, CONNECT with a domain name only (socks5h: the name is never resolved here).
async fn socks5(
    mut tcp: TcpStream,
    log: &Mutex<Vec<Seen>>,
    require: Option<&str>,
) -> Option<TcpStream> {
    let mut hello = [0u8; 2];
    tcp.read_exact(&mut hello).await.ok()?;
    let mut methods = vec![0u8; hello[1] as usize];
    tcp.read_exact(&mut methods).await.ok()?;
    let mut credentials = None;
    if methods.contains(&2) {
        tcp.write_all(&[5, 2]).await.ok()?;
        let mut ver_len = [0u8; 2];
        tcp.read_exact(&mut ver_len).await.ok()?;
        let mut user = vec![0u8; ver_len[1] as usize];
        tcp.read_exact(&mut user).await.ok()?;
        let mut plen = [0u8; 1];
        tcp.read_exact(&mut plen).await.ok()?;
        let mut pass = vec![0u8; plen[0] as usize];
        tcp.read_exact(&mut pass).await.ok()?;
        credentials = Some(format!(
            "{}:{}",
            String::from_utf8_lossy(&user),
            String::from_utf8_lossy(&pass)
        ));
        let ok = require.is_none() || credentials.as_deref() == require;
        tcp.write_all(&[1, if ok { 0 } else { 1 }]).await.ok()?;
        if !ok {
            return None;
        }
    } else if require.is_some() {
        tcp.write_all(&[5, 0xff]).await.ok()?;
        return None;
    } else {
        tcp.write_all(&[5, 0]).await.ok()?;
    }
    let mut req = [0u8; 4];
    tcp.read_exact(&mut req).await.ok()?;
    if req[1] != 1 || req[3] != 3 {
        return None;
    }
    let mut len = [0u8; 1];
    tcp.read_exact(&mut len).await.ok()?;
    let mut name = vec![0u8; len[0] as usize];
    tcp.read_exact(&mut name).await.ok()?;
    let mut port = [0u8; 2];
    tcp.read_exact(&mut port).await.ok()?;
    log.lock().unwrap().push(Seen {
        target: format!(
            "{}:{}",
            String::from_utf8_lossy(&name),
            u16::from_be_bytes(port)
        ),
        credentials,
    });
    tcp.write_all(&[5, 0, 0, 1, 127, 0, 0, 1, 0, 0])
        .await
        .ok()?;
    Some(tcp)
}
