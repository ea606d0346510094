//! OAuth 2.0 against `/oauth_token.do`: a pure request builder, a pure reply parser,
//! and the thin send step between them.

mod causes;
mod request;
mod token;

pub use causes::likely_causes;
pub use request::{FormParam, FormValue, OAuthClient, TokenGrant, TokenRequest, MASK};
pub use token::{parse_token_response, Token, TokenSummary};

use crate::error::Result;
use crate::http::HttpClient;

/// Posts the form (never following redirects) and parses the reply.
pub async fn request_token(http: &HttpClient, req: &TokenRequest) -> Result<Token> {
    let resp = http.send(req.to_http()?).await?;
    parse_token_response(&resp, req.grant_type(), std::time::SystemTime::now())
}
