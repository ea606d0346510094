//! Configuration of a sandbox instance.

use std::time::Duration;

/// OAuth client id the sandbox accepts by default.
pub const DEFAULT_CLIENT_ID: &str = "snowpost-sandbox";
/// OAuth client secret the sandbox accepts by default.
pub const DEFAULT_CLIENT_SECRET: &str = "sandbox-secret";
/// Username of the default (administrator) user.
pub const DEFAULT_USERNAME: &str = "admin";
/// Password of the default user.
pub const DEFAULT_PASSWORD: &str = "sandbox-password";
/// A user that exists but is locked out: every login as this user fails.
pub const LOCKED_USERNAME: &str = "locked.user";
/// Password of the locked user (correct, yet still refused).
pub const LOCKED_PASSWORD: &str = "locked-password";

/// How the token endpoint behaves.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub enum Flavor {
    /// Everything as a real ServiceNow instance does it.
    #[default]
    ServiceNow,
    /// A plain RFC 6749 OAuth 2.0 server at `/oauth_token.do`: standard error codes, rotating
    /// refresh tokens, `expires_in` as a JSON string and a lowercase `bearer` token type.
    Rfc6749,
}

/// A user who can log in with the password grant or HTTP Basic.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct SandboxUser {
    pub username: String,
    pub password: String,
    /// Inactive (or locked) users always fail to authenticate.
    pub active: bool,
}

impl SandboxUser {
    /// An active user.
    pub fn new(username: impl Into<String>, password: impl Into<String>) -> Self {
        SandboxUser {
            username: username.into(),
            password: password.into(),
            active: true,
        }
    }
}

/// A fixed-window request limit; applies to `/api/now/*` only.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct RateLimit {
    pub requests: u32,
    pub per: Duration,
}

/// The APIs under `/api/now` a rate limit rule can name, as ServiceNow's rules name a resource.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum RestApi {
    Table,
    ImportSet,
    Aggregate,
    /// `/api/now/ui/*` (the current user and other UI helpers).
    Ui,
    Attachment,
    Batch,
}

impl RestApi {
    pub const ALL: [RestApi; 6] = [
        RestApi::Table,
        RestApi::ImportSet,
        RestApi::Aggregate,
        RestApi::Ui,
        RestApi::Attachment,
        RestApi::Batch,
    ];

    /// The short name used on the command line: `table`, `import`, `stats`, `ui`, `attachment`, `batch`.
    pub fn name(self) -> &'static str {
        match self {
            RestApi::Table => "table",
            RestApi::ImportSet => "import",
            RestApi::Aggregate => "stats",
            RestApi::Ui => "ui",
            RestApi::Attachment => "attachment",
            RestApi::Batch => "batch",
        }
    }

    /// The name a 429's detail gives: "… for Table API exceeded".
    pub fn label(self) -> &'static str {
        match self {
            RestApi::Table => "Table API",
            RestApi::ImportSet => "Import Set API",
            RestApi::Aggregate => "Aggregate API",
            RestApi::Ui => "UI API",
            RestApi::Attachment => "Attachment API",
            RestApi::Batch => "Batch API",
        }
    }

    pub fn from_name(name: &str) -> Option<RestApi> {
        RestApi::ALL.into_iter().find(|a| a.name() == name)
    }
}

/// Everything a sandbox needs to start.
#[derive(Clone, Debug)]
pub struct SandboxConfig {
    pub client_id: String,
    pub client_secret: String,
    pub users: Vec<SandboxUser>,
    /// Access token lifespan; `expires_in` reports one second less, as a real instance does.
    pub access_ttl: Duration,
    pub refresh_ttl: Duration,
    /// The client_credentials grant; off by default as on real instances since Washington DC.
    pub client_credentials: bool,
    /// Applies to every `/api/now/*` API that has no limit of its own below.
    pub rate_limit: Option<RateLimit>,
    /// Limits of single APIs, each counted in its own window.
    pub api_rate_limits: Vec<(RestApi, RateLimit)>,
    /// Answer every Nth Table API create with 202 and no record (0: never), as an instance
    /// does when too many transactions queue on one session.
    pub defer_writes: u32,
    pub flavor: Flavor,
    /// The Application Registry's redirect URLs, in order: an authorize request with any other
    /// URL is sent to the first (ServiceNow's silent fallback).
    pub redirect_uris: Vec<String>,
    /// "This is a public client": no client secret, PKCE required.
    pub public_client: bool,
    /// JWT verifier maps: the public keys JWT bearer assertions may be signed with, by kid.
    pub jwt_keys: Vec<JwtKey>,
    /// Make a demo ES256 key pair at start and register it (see `Sandbox::demo_jwt_private_key`).
    pub demo_jwt_key: bool,
    /// `com.glide.attachment.max_size`: the largest attachment accepted, in bytes.
    pub attachment_max_bytes: u64,
    /// Items a batch services before the rest go to `unserviced_requests`: stands in for the
    /// instance's 30 s batch budget so a test can hit it at once. `None`: no limit.
    pub batch_max_items: Option<usize>,
}

/// ServiceNow's default `com.glide.attachment.max_size`: 1024 MB.
pub const DEFAULT_ATTACHMENT_MAX_BYTES: u64 = 1024 * 1024 * 1024;

/// One JWT verifier map: a `kid` and its public key (`BEGIN PUBLIC KEY` PEM).
#[derive(Debug, Clone)]
pub struct JwtKey {
    pub kid: String,
    pub public_key_pem: String,
}

/// Where Snowpost's browser sign-in comes back by default.
pub const DEFAULT_REDIRECT_URI: &str = "http://127.0.0.1:8765/callback";

impl Default for SandboxConfig {
    fn default() -> Self {
        SandboxConfig {
            client_id: DEFAULT_CLIENT_ID.to_string(),
            client_secret: DEFAULT_CLIENT_SECRET.to_string(),
            users: vec![
                SandboxUser::new(DEFAULT_USERNAME, DEFAULT_PASSWORD),
                SandboxUser {
                    username: LOCKED_USERNAME.to_string(),
                    password: LOCKED_PASSWORD.to_string(),
                    active: false,
                },
            ],
            access_ttl: Duration::from_secs(1800),
            refresh_ttl: Duration::from_secs(8_640_000),
            client_credentials: false,
            rate_limit: None,
            api_rate_limits: Vec::new(),
            defer_writes: 0,
            flavor: Flavor::ServiceNow,
            redirect_uris: vec![DEFAULT_REDIRECT_URI.to_string()],
            public_client: false,
            jwt_keys: Vec::new(),
            demo_jwt_key: false,
            attachment_max_bytes: DEFAULT_ATTACHMENT_MAX_BYTES,
            batch_max_items: None,
        }
    }
}

impl SandboxConfig {
    /// The user with this name and password, if they may log in.
    pub(crate) fn authenticate(&self, username: &str, password: &str) -> Option<&SandboxUser> {
        self.users
            .iter()
            .find(|u| u.username == username && u.password == password && u.active)
    }

    /// The user a client_credentials token acts as (the registry entry's "OAuth Application
    /// User"): the default user when configured, else the first one.
    pub(crate) fn application_user(&self) -> Option<&SandboxUser> {
        self.users
            .iter()
            .find(|u| u.username == DEFAULT_USERNAME)
            .or_else(|| self.users.first())
    }
}
