//! The OAuth endpoints: `/oauth_auth.do`, `/oauth_token.do` and `/oauth_revoke_token.do`.

pub(crate) mod authorize;
mod client_auth;
pub(crate) mod jwt_bearer;
mod reply;
mod revoke;
mod token;
pub(crate) mod tokens;

pub(crate) use authorize::{authorize_page, authorize_submit};
pub(crate) use client_auth::basic_credentials;
pub(crate) use revoke::revoke_endpoint;
pub(crate) use token::token_endpoint;
