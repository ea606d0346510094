//! Snowpost's domain logic, free of any UI: instances, profiles, secrets, OAuth grants and
//! the token cache, table requests and their records, storage.

pub mod api;
pub mod bulk;
pub mod error;
pub mod guard;
pub mod http;
pub mod instance;
pub mod network;
pub mod oauth;
pub mod profile;
pub mod redact;
pub mod schema;
pub mod secret;
pub mod storage;
pub mod token_events;
pub mod views;
pub mod workbench;
pub mod workspace;

pub use api::{Accept, ApiRequest, Exchange, Pagination, TableRequest};
pub use error::{Error, ErrorReport, Result};
pub use http::{HttpClient, Method};
pub use instance::Instance;
pub use oauth::{Token, TokenGrant, TokenRequest, TokenSummary};
pub use profile::{ClientAuth, GrantType, Profile, ProfileInput};
pub use secret::{KeyringStore, SecretKind, SecretStore, SecretString};
pub use storage::Storage;
pub use workspace::{SecretStatus, Workspace};
