//! A ServiceNow instance address: `dev12345` or an `https://` origin, nothing else.

use std::fmt;
use std::net::IpAddr;

use url::{Host, Url};

use crate::error::{Error, Result};

/// The origin of an instance, e.g. `https://dev12345.service-now.com`. Always an origin:
/// no path, query, fragment or credentials, so joining API paths onto it is safe.
#[derive(Clone, PartialEq, Eq)]
pub struct Instance {
    origin: Url,
}

impl Instance {
    pub fn parse(input: &str) -> Result<Self> {
        let value = input.trim();
        if value.is_empty() {
            return Err(invalid("the instance is empty"));
        }
        if value.chars().any(char::is_whitespace) {
            return Err(invalid(format!("\"{value}\" contains a space")));
        }
        let url = if value.contains("://") {
            Url::parse(value)
                .map_err(|e| invalid(format!("\"{value}\" is not a valid URL ({e})")))?
        } else if is_instance_name(value) {
            // A bare name is a ServiceNow-hosted instance, as in every official example.
            let name = value.to_ascii_lowercase();
            Url::parse(&format!("https://{name}.service-now.com"))
                .map_err(|e| invalid(format!("\"{value}\" is not a valid instance name ({e})")))?
        } else if value.contains('.') && !value.contains(['/', '?', '#', '@']) {
            Url::parse(&format!("https://{value}"))
                .map_err(|e| invalid(format!("\"{value}\" is not a valid host name ({e})")))?
        } else {
            return Err(invalid(format!(
                "\"{value}\" is neither an instance name (letters, digits and dashes) nor an https:// URL"
            )));
        };
        Self::from_url(url, value)
    }

    fn from_url(url: Url, original: &str) -> Result<Self> {
        match url.scheme() {
            "https" => {}
            "http" if is_loopback(&url) => {}
            "http" => {
                return Err(invalid(format!(
                    "\"{original}\" uses plain http://: credentials would cross the network unencrypted; use https:// (http:// is allowed only for localhost)"
                )))
            }
            other => {
                return Err(invalid(format!(
                    "\"{original}\" uses the scheme {other}://; an instance URL starts with https://"
                )))
            }
        }
        if url.host().is_none() {
            return Err(invalid(format!("\"{original}\" has no host name")));
        }
        if !url.username().is_empty() || url.password().is_some() {
            return Err(invalid(format!(
                "\"{original}\" contains a user name or password; enter credentials in the profile, not the URL"
            )));
        }
        if url.path() != "/" && !url.path().is_empty() {
            return Err(invalid(format!(
                "\"{original}\" has a path ({}); enter only the instance address, e.g. https://dev12345.service-now.com",
                url.path()
            )));
        }
        if url.query().is_some() {
            return Err(invalid(format!(
                "\"{original}\" has a query string (?…); enter only the instance address"
            )));
        }
        if url.fragment().is_some() {
            return Err(invalid(format!(
                "\"{original}\" has a fragment (#…); enter only the instance address"
            )));
        }
        Ok(Instance { origin: url })
    }

    /// `https://host[:port]`, no trailing slash.
    pub fn as_str(&self) -> &str {
        self.origin.as_str().trim_end_matches('/')
    }

    pub fn host(&self) -> &str {
        self.origin.host_str().unwrap_or_default()
    }

    pub fn is_loopback(&self) -> bool {
        is_loopback(&self.origin)
    }

    /// An absolute URL for `path` on this instance (`path` starts with `/`).
    pub fn url(&self, path: &str) -> Url {
        let mut u = self.origin.clone();
        u.set_path(path);
        u
    }

    /// `path` (from `/`, with any query) on this instance. As parsing the instance's address
    /// followed by `path`, without parsing the host again for each request.
    pub fn join(&self, path: &str) -> std::result::Result<Url, url::ParseError> {
        if path.starts_with("//") {
            // A path, not the scheme-relative URL `join` would take it for.
            return Url::parse(&format!("{}{path}", self.as_str()));
        }
        self.origin.join(path)
    }

    /// Whether `url` points at this instance (same scheme, host and port).
    pub fn owns(&self, url: &Url) -> bool {
        url.origin() == self.origin.origin()
    }

    pub fn token_url(&self) -> Url {
        self.url("/oauth_token.do")
    }

    pub fn revoke_url(&self) -> Url {
        self.url("/oauth_revoke_token.do")
    }
}

impl fmt::Display for Instance {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

impl fmt::Debug for Instance {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "Instance({})", self.as_str())
    }
}

fn is_instance_name(s: &str) -> bool {
    let ok_chars = s.chars().all(|c| c.is_ascii_alphanumeric() || c == '-');
    ok_chars && !s.starts_with('-') && !s.ends_with('-') && s.len() <= 63
}

/// Whether a URL names this machine (`localhost`, 127.0.0.0/8, `::1`).
pub(crate) fn is_loopback(url: &Url) -> bool {
    match url.host() {
        Some(Host::Domain(d)) => d.eq_ignore_ascii_case("localhost"),
        Some(Host::Ipv4(ip)) => IpAddr::V4(ip).is_loopback(),
        // ::ffff:127.0.0.1 is loopback too, and must not reach a proxy either.
        Some(Host::Ipv6(ip)) => ip.to_canonical().is_loopback(),
        None => false,
    }
}

fn invalid(message: impl Into<String>) -> Error {
    Error::InvalidInstance {
        message: message.into(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn ok(input: &str) -> String {
        Instance::parse(input).unwrap().to_string()
    }

    fn err(input: &str) -> String {
        let e = Instance::parse(input).unwrap_err();
        assert_eq!(e.kind(), "invalid_instance", "{input}");
        e.to_string()
    }

    #[test]
    fn bare_names_become_service_now_hosts() {
        assert_eq!(ok("dev12345"), "https://dev12345.service-now.com");
        assert_eq!(ok("  Dev12345 "), "https://dev12345.service-now.com");
        assert_eq!(ok("acme-prod"), "https://acme-prod.service-now.com");
    }

    #[test]
    fn join_is_the_address_followed_by_the_path() {
        for base in [
            "dev12345",
            "http://127.0.0.1:8080",
            "https://xn--bcher-kva.example",
        ] {
            let i = Instance::parse(base).unwrap();
            for path in [
                "/api/now/table/incident",
                "/api/now/table/incident?sysparm_query=a=b^c&sysparm_limit=1",
                "/api/now/table/incident/../sys_user#frag",
                "//other.example/api",
                "/api/now/table/inc%20ident?x=%2F&y",
                "/api/x?a=1?b",
            ] {
                let parsed = Url::parse(&format!("{}{path}", i.as_str())).unwrap();
                assert_eq!(i.join(path).unwrap(), parsed, "{base} {path}");
                assert!(i.owns(&i.join(path).unwrap()), "{base} {path}");
            }
        }
    }

    #[test]
    fn full_urls_are_kept() {
        assert_eq!(
            ok("https://dev12345.service-now.com/"),
            "https://dev12345.service-now.com"
        );
        assert_eq!(ok("https://itsm.example.com"), "https://itsm.example.com");
        assert_eq!(
            ok("https://acme.servicenowservices.com"),
            "https://acme.servicenowservices.com"
        );
        assert_eq!(
            ok("https://itsm.example.com:8443"),
            "https://itsm.example.com:8443"
        );
        assert_eq!(
            ok("dev12345.service-now.com"),
            "https://dev12345.service-now.com"
        );
        assert_eq!(
            ok("HTTPS://Dev1.Service-Now.com"),
            "https://dev1.service-now.com"
        );
    }

    #[test]
    fn plain_http_only_to_loopback() {
        assert_eq!(ok("http://127.0.0.1:8080"), "http://127.0.0.1:8080");
        assert_eq!(ok("http://localhost:3000/"), "http://localhost:3000");
        assert_eq!(ok("http://[::1]:9000"), "http://[::1]:9000");
        assert!(is_loopback(
            &Url::parse("http://[::ffff:127.0.0.1]/").unwrap()
        ));
        assert!(!is_loopback(
            &Url::parse("http://[::ffff:10.0.0.1]/").unwrap()
        ));
        assert!(err("http://dev12345.service-now.com").contains("https://"));
    }

    #[test]
    fn junk_is_refused_with_a_reason() {
        assert!(err("").contains("empty"));
        assert!(err("dev 12345").contains("space"));
        assert!(err("https://dev1.service-now.com/now/nav/ui").contains("path"));
        assert!(err("https://dev1.service-now.com/?x=1").contains("query"));
        assert!(err("https://dev1.service-now.com/#top").contains("fragment"));
        assert!(err("https://admin:pw@dev1.service-now.com").contains("user name or password"));
        assert!(err("ftp://dev1.service-now.com").contains("scheme"));
        assert!(err("dev_1!").contains("neither"));
        assert!(err("https://").contains("not a valid URL"));
    }

    #[test]
    fn builds_endpoints() {
        let i = Instance::parse("dev1").unwrap();
        assert_eq!(
            i.token_url().as_str(),
            "https://dev1.service-now.com/oauth_token.do"
        );
        assert!(i.owns(&Url::parse("https://dev1.service-now.com/api/now/table/x?a=1").unwrap()));
        assert!(!i.owns(&Url::parse("https://evil.example.com/api").unwrap()));
        assert!(!i.owns(&Url::parse("http://dev1.service-now.com/api").unwrap()));
    }
}
