//! OAuth 2.0 against `/oauth_token.do`: a pure request builder, a pure reply parser,
//! and the thin send step between them.

mod authorize;
mod causes;
pub mod jwt;
mod loopback;
mod request;
mod token;

pub use authorize::{new_state, s256, Authorization, Pkce, DEFAULT_REDIRECT_URI};
pub use causes::likely_causes;
pub use loopback::{open_browser, Loopback, SIGN_IN_TIMEOUT};
pub use request::{FormParam, FormValue, OAuthClient, TokenGrant, TokenRequest, JWT_BEARER, MASK};
pub use token::{parse_token_response, Token, TokenSummary};

use crate::error::Result;
use crate::http::HttpClient;

/// Posts the form (never following redirects) and parses the reply.
pub async fn request_token(http: &HttpClient, req: &TokenRequest) -> Result<Token> {
    let resp = http.send(req.to_http()?).await?;
    parse_token_response(&resp, req.grant_type(), std::time::SystemTime::now())
}

/// `oauth_revoke_token.do?token=…` as ServiceNow documents it; no client authentication.
/// The URL carries the token, so it is built here and never logged or recorded.
pub fn revoke_request(
    instance: &crate::instance::Instance,
    token: &crate::secret::SecretString,
) -> crate::http::HttpRequest {
    let mut url = instance.revoke_url();
    url.query_pairs_mut().append_pair("token", token.expose());
    crate::http::HttpRequest {
        method: crate::http::Method::POST,
        url,
        headers: vec![("Accept".into(), "application/json".into())],
        body: Vec::new(),
        follow_redirects: false,
    }
}

/// Revokes one token; a non-2xx answer is an error with the status.
pub async fn revoke_token(
    http: &HttpClient,
    instance: &crate::instance::Instance,
    token: &crate::secret::SecretString,
) -> Result<()> {
    let resp = http.send(revoke_request(instance, token)).await?;
    if (200..300).contains(&resp.status) {
        return Ok(());
    }
    Err(crate::error::Error::RevokeFailed {
        status: resp.status,
    })
}
