//! The no-proxy list: which hosts skip a manual proxy, as NO_PROXY does elsewhere.

use crate::error::{Error, Result};

/// One list entry as typed: `example.com` (that host and its subdomains), `*.example.com` or
/// `.example.com` (subdomains only), an IP address (exactly), or `*` (every host).
pub(crate) fn normalize_entry(entry: &str) -> Result<String> {
    let e = entry.trim().trim_end_matches('.').to_ascii_lowercase();
    let rest = e
        .strip_prefix("*.")
        .or_else(|| e.strip_prefix('.'))
        .unwrap_or(&e);
    let host_chars = |s: &str| {
        !s.is_empty()
            && s.chars()
                .all(|c| c.is_ascii_alphanumeric() || matches!(c, '.' | '-' | ':' | '_'))
    };
    if e == "*" || host_chars(rest) {
        return Ok(e);
    }
    Err(Error::settings(
        format!("no-proxy entry {entry:?} is not a host name, *.domain, .domain or IP address"),
        "Write host names like intranet.example.com, *.example.com or 10.0.0.5, separated by commas; ports and URLs are not needed.",
    ))
}

/// Splits a typed list (commas, spaces or new lines) into normalized entries.
pub fn parse_list(text: &str) -> Result<Vec<String>> {
    text.split(|c: char| c == ',' || c.is_whitespace())
        .filter(|s| !s.trim().is_empty())
        .map(normalize_entry)
        .collect()
}

/// Whether `host` goes direct under `list` (entries already normalized).
pub fn bypasses(list: &[String], host: &str) -> bool {
    let host = host
        .trim_start_matches('[')
        .trim_end_matches(']')
        .trim_end_matches('.')
        .to_ascii_lowercase();
    list.iter().any(|entry| {
        if entry == "*" {
            return true;
        }
        match entry.strip_prefix("*.").or_else(|| entry.strip_prefix('.')) {
            Some(domain) => host.ends_with(&format!(".{domain}")),
            None => host == *entry || host.ends_with(&format!(".{entry}")),
        }
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn matches_like_no_proxy() {
        let list =
            parse_list("Intranet.Example.com, *.corp.example  .lab.example\n10.0.0.5,::1").unwrap();
        let table = [
            ("intranet.example.com", true),
            ("INTRANET.example.com.", true),
            ("a.intranet.example.com", true),
            ("example.com", false),
            ("notintranet.example.com", false),
            ("corp.example", false),
            ("dev.corp.example", true),
            ("a.b.corp.example", true),
            ("xcorp.example", false),
            ("lab.example", false),
            ("x.lab.example", true),
            ("10.0.0.5", true),
            ("10.0.0.50", false),
            ("[::1]", true),
            ("dev12345.service-now.com", false),
        ];
        for (host, expect) in table {
            assert_eq!(bypasses(&list, host), expect, "{host}");
        }
        assert!(bypasses(&["*".into()], "anything.example"));
        assert!(!bypasses(&[], "anything.example"));
    }

    #[test]
    fn refuses_what_is_not_a_host() {
        for bad in ["https://x.example.com/", "a b/c", "*x.example", "x.*"] {
            let e = normalize_entry(bad).unwrap_err();
            assert_eq!(e.kind(), "network_settings", "{bad}");
        }
        assert_eq!(parse_list(" , ").unwrap(), Vec::<String>::new());
    }
}
