//! The network settings applied to a reqwest client: the proxy and the extra CA bundle.

use reqwest::{ClientBuilder, Proxy};
use rustls::pki_types::pem::PemObject;
use rustls::pki_types::CertificateDer;

use crate::error::{Error, Result};
use crate::network::{no_proxy, proxy_url_checked, Network, ProxyMode};

const CA_HINT: &str = "Give the path of a PEM file holding the proxy's or your company's CA certificate(s), the blocks that start with -----BEGIN CERTIFICATE----- (export it from the browser's certificate viewer or ask IT).";

/// The certificates of a PEM bundle, each checked to be one rustls can trust. An unreadable,
/// empty or broken file is an error naming the path.
pub fn read_ca_bundle(path: &str) -> Result<Vec<CertificateDer<'static>>> {
    let bytes = std::fs::read(path)
        .map_err(|e| Error::settings(format!("CA bundle {path} cannot be read ({e})"), CA_HINT))?;
    let certs = CertificateDer::pem_slice_iter(&bytes)
        .collect::<std::result::Result<Vec<_>, _>>()
        .map_err(|e| {
            Error::settings(format!("CA bundle {path} is not valid PEM ({e})"), CA_HINT)
        })?;
    if certs.is_empty() {
        return Err(Error::settings(
            format!("CA bundle {path} holds no certificate"),
            CA_HINT,
        ));
    }
    let mut store = rustls::RootCertStore::empty();
    for (i, cert) in certs.iter().enumerate() {
        store.add(cert.clone()).map_err(|e| {
            Error::settings(
                format!(
                    "certificate {} of CA bundle {path} cannot be used ({e})",
                    i + 1
                ),
                CA_HINT,
            )
        })?;
    }
    Ok(certs)
}

/// `builder` with the chosen proxy, or none for a loopback host.
pub(super) fn configure(
    builder: ClientBuilder,
    network: &Network,
    loopback: bool,
) -> Result<ClientBuilder> {
    if loopback {
        return Ok(builder.no_proxy());
    }
    Ok(match network.settings.proxy_mode {
        ProxyMode::System => builder,
        ProxyMode::None => builder.no_proxy(),
        ProxyMode::Manual => builder.proxy(manual_proxy(network)?),
    })
}

fn manual_proxy(network: &Network) -> Result<Proxy> {
    let settings = &network.settings;
    let mut target = proxy_url_checked(settings.proxy_url.as_deref().unwrap_or_default())?;
    // In the URL, not `Proxy::basic_auth`: a custom proxy takes SOCKS credentials only from
    // there. It lives in memory only (reqwest prints a custom proxy as `_`).
    if let Some(user) = &settings.proxy_user {
        let password = network.proxy_password.as_ref().map(|p| p.expose());
        let bad = |_| {
            Error::settings(
                "the proxy user name cannot go in a URL".into(),
                "Check the proxy user name.",
            )
        };
        target.set_username(user).map_err(bad)?;
        target.set_password(password).map_err(bad)?;
    }
    let list = settings.no_proxy.clone();
    Ok(Proxy::custom(move |url| {
        let host = url.host_str().unwrap_or_default();
        (!no_proxy::bypasses(&list, host)).then(|| target.clone())
    }))
}
