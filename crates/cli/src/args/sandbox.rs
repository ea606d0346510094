//! `snowpost sandbox`: a local ServiceNow-compatible instance.

use clap::Args;

#[derive(Args)]
pub struct SandboxArgs {
    /// The loopback address and port to listen on (port 0: any free one).
    #[arg(long, default_value = "127.0.0.1:0")]
    pub listen: String,
    /// The OAuth client id it accepts (default: snowpost-sandbox).
    #[arg(long)]
    pub client_id: Option<String>,
    /// The OAuth client secret it accepts (default: sandbox-secret).
    #[arg(long)]
    pub client_secret: Option<String>,
    /// The administrator's user name (default: admin).
    #[arg(long)]
    pub user: Option<String>,
    /// That user's password (default: sandbox-password).
    #[arg(long)]
    pub password: Option<String>,
    /// Access token lifespan in seconds.
    #[arg(long)]
    pub access_ttl: Option<u64>,
    /// Refresh token lifespan in seconds.
    #[arg(long)]
    pub refresh_ttl: Option<u64>,
    /// Allow the client_credentials grant (off by default, as on real instances).
    #[arg(long)]
    pub client_credentials: bool,
    /// Answer 429 after N API requests per window: `N/SECONDS`, e.g. 100/3600, or for one
    /// API `API=N/SECONDS` with API table, import, stats or ui (repeatable).
    #[arg(long)]
    pub rate_limit: Vec<String>,
    /// Answer every Nth Table API create with 202 "not processed", creating nothing.
    #[arg(long, value_name = "EVERY_NTH")]
    pub defer_writes: Option<u32>,
    /// Service only the first N items of a batch, the rest left unserviced (as past 30 s).
    #[arg(long)]
    pub batch_max_items: Option<usize>,
    /// Generated records to start with, `TABLE=COUNT` (repeatable), e.g. incident=100000.
    #[arg(long)]
    pub seed: Vec<String>,
    /// Register a redirect URL for the browser sign-in (repeatable; the first is the
    /// fallback for any other). Default: http://127.0.0.1:8765/callback.
    #[arg(long = "redirect-uri")]
    pub redirect_uris: Vec<String>,
    /// Register the client as public: no client secret, PKCE required.
    #[arg(long)]
    pub public_client: bool,
    /// Register a public key (`BEGIN PUBLIC KEY` PEM file) for JWT bearer assertions.
    #[arg(long)]
    pub jwt_public_key: Option<std::path::PathBuf>,
    /// The kid that key is registered under.
    #[arg(long, default_value = "snowpost-sandbox", requires = "jwt_public_key")]
    pub jwt_kid: String,
    /// The largest attachment accepted, in bytes (com.glide.attachment.max_size; default 1024 MB).
    #[arg(long, value_name = "N")]
    pub attachment_max_bytes: Option<u64>,
    /// Behave as a plain RFC 6749 server instead of ServiceNow (error codes, rotating refresh tokens).
    #[arg(long)]
    pub rfc6749: bool,
}
