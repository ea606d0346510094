//! The rustls client config, built here rather than by reqwest so the timing probe can see
//! when the TLS handshake starts. Same trust as reqwest's own: the system's roots, the
//! webpki roots and the extra CA bundle; verification always on.

use std::sync::Arc;

use rustls::client::{ClientSessionMemoryCache, ClientSessionStore, Resumption};
use rustls::pki_types::{CertificateDer, ServerName};
use rustls::{ClientConfig, NamedGroup, RootCertStore};

use super::timing;
use crate::error::{Error, NetworkKind, Result};

pub(super) fn client_config(extra_roots: &[CertificateDer<'static>]) -> Result<ClientConfig> {
    let mut roots = RootCertStore::empty();
    roots.extend(webpki_roots::TLS_SERVER_ROOTS.iter().cloned());
    // An unreadable system store leaves the webpki roots, as reqwest does.
    let native = rustls_native_certs::load_native_certs();
    roots.add_parsable_certificates(native.certs);
    for cert in extra_roots {
        // Checked when the bundle was read; a failure here is not expected.
        let _ = roots.add(cert.clone());
    }
    with_roots(roots)
}

/// For a client that only ever sends plain `http://`: verification stays on and trusts no
/// one, so a TLS handshake it should never start would fail rather than be accepted.
pub(super) fn no_roots_config() -> Result<ClientConfig> {
    with_roots(RootCertStore::empty())
}

fn with_roots(roots: RootCertStore) -> Result<ClientConfig> {
    let provider = Arc::new(rustls::crypto::ring::default_provider());
    let mut config = ClientConfig::builder_with_provider(provider)
        .with_safe_default_protocol_versions()
        .map_err(|e| Error::Network {
            kind: NetworkKind::Other,
            message: format!("cannot set up TLS: {e}"),
        })?
        .with_root_certificates(roots)
        .with_no_client_auth();
    config.alpn_protocols = vec![b"h2".to_vec(), b"http/1.1".to_vec()];
    config.resumption = Resumption::store(Arc::new(HelloProbe(ClientSessionMemoryCache::new(256))));
    Ok(config)
}

/// rustls's session cache, noting the first look-up of a handshake: that is when the
/// ClientHello is being built, i.e. the TCP (and any proxy tunnel) is up and TLS starts.
#[derive(Debug)]
struct HelloProbe(ClientSessionMemoryCache);

impl ClientSessionStore for HelloProbe {
    fn set_kx_hint(&self, server_name: ServerName<'static>, group: NamedGroup) {
        self.0.set_kx_hint(server_name, group)
    }

    fn kx_hint(&self, server_name: &ServerName<'_>) -> Option<NamedGroup> {
        timing::tls_started();
        self.0.kx_hint(server_name)
    }

    fn set_tls12_session(
        &self,
        server_name: ServerName<'static>,
        value: rustls::client::Tls12ClientSessionValue,
    ) {
        self.0.set_tls12_session(server_name, value)
    }

    fn tls12_session(
        &self,
        server_name: &ServerName<'_>,
    ) -> Option<rustls::client::Tls12ClientSessionValue> {
        timing::tls_started();
        self.0.tls12_session(server_name)
    }

    fn remove_tls12_session(&self, server_name: &ServerName<'static>) {
        self.0.remove_tls12_session(server_name)
    }

    fn insert_tls13_ticket(
        &self,
        server_name: ServerName<'static>,
        value: rustls::client::Tls13ClientSessionValue,
    ) {
        self.0.insert_tls13_ticket(server_name, value)
    }

    fn take_tls13_ticket(
        &self,
        server_name: &ServerName<'static>,
    ) -> Option<rustls::client::Tls13ClientSessionValue> {
        timing::tls_started();
        self.0.take_tls13_ticket(server_name)
    }
}
