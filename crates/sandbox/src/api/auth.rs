//! Who is calling: a Bearer access token, or a user's HTTP Basic credentials.

use std::time::Instant;

use axum::http::{header, HeaderMap};

use crate::oauth::basic_credentials;
use crate::state::lock;
use crate::state::AppState;

/// The login name of the authenticated user, if any.
pub(crate) fn authenticate(state: &AppState, headers: &HeaderMap) -> Option<String> {
    let value = headers.get(header::AUTHORIZATION)?.to_str().ok()?.trim();
    let (scheme, credentials) = value.split_once(' ')?;
    if scheme.eq_ignore_ascii_case("bearer") {
        lock(&state.tokens).user_of(credentials.trim(), Instant::now())
    } else if scheme.eq_ignore_ascii_case("basic") {
        let (user, password) = basic_credentials(headers)?;
        state
            .config
            .authenticate(&user, &password)
            .map(|u| u.username.clone())
    } else {
        None
    }
}
