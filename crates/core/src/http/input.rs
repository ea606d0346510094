//! Methods and headers as typed or imported, checked before they can reach the wire.

use super::Method;
use crate::error::{Error, Result};

/// RFC 9110's `tchar`, what method and header names are made of.
fn is_tchar(c: char) -> bool {
    c.is_ascii_alphanumeric() || "!#$%&'*+-.^_`|~".contains(c)
}

/// An HTTP method as typed or imported: trimmed, upper-cased, and an RFC 9110 token (letters,
/// digits and ``!#$%&'*+-.^_`|~``). Spaces, quotes, control and non-ASCII characters are refused
/// here, at input, so they never reach the wire, a saved request or a snippet.
pub fn parse_method(text: &str) -> Result<Method> {
    let name = text.trim().to_ascii_uppercase();
    if name.is_empty() {
        return Err(Error::input(
            "method",
            "is empty; use GET, POST, PUT, PATCH or DELETE",
        ));
    }
    if let Some(bad) = name.chars().find(|c| !is_tchar(*c)) {
        return Err(Error::input(
            "method",
            format!(
                "{:?} is not an HTTP method: {bad:?} is not allowed in one (RFC 9110 token characters only)",
                text.trim()
            ),
        ));
    }
    Method::from_bytes(name.as_bytes())
        .map_err(|_| Error::input("method", format!("{:?} is not an HTTP method", text.trim())))
}

/// A header as typed or imported: the name an RFC 9110 token, the value without control
/// characters (a CR or LF would start another header; tab is allowed).
pub fn check_header(name: &str, value: &str) -> Result<()> {
    let name = name.trim();
    if let Some(bad) = name.chars().find(|c| !is_tchar(*c)) {
        return Err(Error::input(
            "header",
            format!("{name:?} is not a header name: {bad:?} is not allowed in one"),
        ));
    }
    if value.chars().any(|c| c.is_control() && c != '\t') {
        return Err(Error::input(
            "header",
            format!("the value of {name} holds a line break or control character; remove it"),
        ));
    }
    Ok(())
}
