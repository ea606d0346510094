//! HTTP Basic credentials, used both for OAuth client authentication and for API users.

use axum::http::{header, HeaderMap};
use base64::engine::general_purpose::STANDARD;
use base64::Engine;

/// `(user, password)` from an `Authorization: Basic …` header; `None` when there is no such
/// header or it cannot be decoded.
pub(crate) fn basic_credentials(headers: &HeaderMap) -> Option<(String, String)> {
    let value = headers.get(header::AUTHORIZATION)?.to_str().ok()?;
    let (scheme, encoded) = value.trim().split_once(' ')?;
    if !scheme.eq_ignore_ascii_case("basic") {
        return None;
    }
    let decoded = STANDARD.decode(encoded.trim()).ok()?;
    let text = String::from_utf8(decoded).ok()?;
    let (user, password) = text.split_once(':')?;
    Some((user.to_string(), password.to_string()))
}

/// Whether the request's Authorization header uses the Basic scheme at all.
pub(crate) fn has_basic_header(headers: &HeaderMap) -> bool {
    headers
        .get(header::AUTHORIZATION)
        .and_then(|v| v.to_str().ok())
        .and_then(|v| v.trim().split(' ').next())
        .is_some_and(|scheme| scheme.eq_ignore_ascii_case("basic"))
}

/// RFC 6749 §2.3.1 form-encodes client credentials before Basic encoding; accept both the
/// raw and the decoded form.
pub(crate) fn credential_matches(sent: &str, expected: &str) -> bool {
    if sent == expected {
        return true;
    }
    let decoded: String = url::form_urlencoded::parse(format!("x={sent}").as_bytes())
        .next()
        .map(|(_, v)| v.into_owned())
        .unwrap_or_default();
    decoded == expected
}

#[cfg(test)]
mod tests {
    use super::*;
    use axum::http::HeaderValue;

    #[test]
    fn decodes_basic() {
        let mut h = HeaderMap::new();
        let value = format!("Basic {}", STANDARD.encode("admin:pa:ss"));
        h.insert(
            header::AUTHORIZATION,
            HeaderValue::from_str(&value).unwrap_or(HeaderValue::from_static("")),
        );
        assert_eq!(
            basic_credentials(&h),
            Some(("admin".to_string(), "pa:ss".to_string()))
        );
        assert!(has_basic_header(&h));
        h.insert(header::AUTHORIZATION, HeaderValue::from_static("Bearer x"));
        assert_eq!(basic_credentials(&h), None);
    }

    #[test]
    fn form_encoded_secret() {
        assert!(credential_matches("a%2Bb%26c", "a+b&c"));
        assert!(credential_matches("a+b&c", "a+b&c"));
        assert!(!credential_matches("nope", "a+b&c"));
    }
}
