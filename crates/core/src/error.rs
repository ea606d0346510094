//! The one error type of `snowpost-core`. Every variant knows its machine `kind`, a message
//! and a hint, so the CLI and the app can tell the user what most likely went wrong.

use serde::Serialize;

#[derive(Debug, thiserror::Error)]
pub enum Error {
    #[error("{message}")]
    InvalidInstance { message: String },

    #[error("{field}: {message}")]
    InvalidInput { field: String, message: String },

    #[error("no profile named \"{0}\"")]
    ProfileNotFound(String),

    #[error("a profile named \"{0}\" already exists")]
    ProfileExists(String),

    #[error("profile \"{profile}\" has no {kind} set")]
    MissingSecret { profile: String, kind: &'static str },

    #[error("the system keychain is not usable: {message}")]
    Keychain { message: String, hint: String },

    #[error("local storage failed: {0}")]
    Storage(String),

    #[error("the token endpoint refused the request ({status} {error}{})", description.as_deref().map(|d| format!(": {d}")).unwrap_or_default())]
    OAuthRejected {
        status: u16,
        error: String,
        description: Option<String>,
        /// Likely causes, most likely first: ServiceNow never says which one it was.
        causes: Vec<String>,
    },

    #[error("{url} answered with an HTML page{} where JSON was expected (HTTP {status})", title.as_deref().map(|t| format!(" (\"{t}\")")).unwrap_or_default())]
    HtmlInsteadOfJson {
        status: u16,
        url: String,
        title: Option<String>,
        hibernating: bool,
    },

    #[error("the token endpoint redirected to {location}; token requests never follow redirects")]
    TokenRedirected { status: u16, location: String },

    #[error(
        "the token endpoint answered HTTP {status} with something that is not a token: {detail}"
    )]
    NotAToken { status: u16, detail: String },

    /// A write the profile's guard stops: read-only, or confirm-writes without a confirmation.
    #[error("{} on profile \"{profile}\" ({environment}): {write}", if *read_only { "refused: the profile is read-only" } else { "not sent: writes need confirming" })]
    WriteRefused {
        profile: String,
        environment: &'static str,
        write: String,
        read_only: bool,
    },

    /// The browser sign-in (authorization code) did not give a code: `reason` is
    /// access_denied, state_mismatch, timeout, cancelled, no_browser, sign_in_required or
    /// the instance's own error code.
    #[error("sign-in failed: {message}")]
    SignIn { reason: String, message: String },

    #[error("fetching all records stopped after {after} records: HTTP {status} {detail}")]
    PageFailed {
        status: u16,
        after: u64,
        detail: String,
    },

    #[error("the instance did not revoke the token (HTTP {status})")]
    RevokeFailed { status: u16 },

    #[error("{message}")]
    Network { kind: NetworkKind, message: String },

    /// A number, name or email that names no record, or more than one; nothing was sent.
    #[error("{}", lookup_message(what, value, *ambiguous, candidates))]
    Lookup {
        what: String,
        value: String,
        /// More than one record matches; otherwise none does and these are near misses.
        ambiguous: bool,
        candidates: Vec<String>,
    },

    /// The instance would not answer a metadata query (other than an ACL, which degrades).
    #[error("could not read {table} from the instance: HTTP {status} {detail}")]
    MetadataFailed {
        table: String,
        status: u16,
        detail: String,
    },

    #[error("{0}")]
    Io(String),

    /// A network setting (proxy, no-proxy list, CA bundle) that cannot be used as given.
    #[error("{message}")]
    Settings { message: String, hint: String },
}

fn lookup_message(what: &str, value: &str, ambiguous: bool, candidates: &[String]) -> String {
    match (ambiguous, candidates.len()) {
        (false, 0) => format!("no {what} matches \"{value}\""),
        (false, _) => format!(
            "no {what} matches \"{value}\"; near: {}",
            candidates.join("; ")
        ),
        (true, n) => format!(
            "\"{value}\" matches {n} {what} records: {}",
            candidates.join("; ")
        ),
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum NetworkKind {
    Dns,
    Tls,
    Connect,
    Timeout,
    ConnectionReset,
    /// The proxy refused the tunnel (CONNECT or SOCKS).
    Proxy,
    /// The proxy wants credentials (407) it did not get or did not accept.
    ProxyAuth,
    Other,
}

/// What the UI and CLI receive: never a bare string.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS), ts(export))]
pub struct ErrorReport {
    pub kind: String,
    pub message: String,
    pub hint: String,
    pub causes: Vec<String>,
}

pub type Result<T, E = Error> = std::result::Result<T, E>;

impl Error {
    pub fn kind(&self) -> &'static str {
        match self {
            Error::InvalidInstance { .. } => "invalid_instance",
            Error::InvalidInput { .. } => "invalid_input",
            Error::ProfileNotFound(_) => "profile_not_found",
            Error::ProfileExists(_) => "profile_exists",
            Error::MissingSecret { .. } => "missing_secret",
            Error::Keychain { .. } => "keychain_unavailable",
            Error::Storage(_) => "storage",
            Error::OAuthRejected { .. } => "oauth_rejected",
            Error::HtmlInsteadOfJson {
                hibernating: true, ..
            } => "instance_hibernating",
            Error::HtmlInsteadOfJson { .. } => "html_instead_of_json",
            Error::TokenRedirected { .. } => "token_redirected",
            Error::NotAToken { .. } => "not_a_token",
            Error::RevokeFailed { .. } => "revoke_failed",
            Error::PageFailed { .. } => "page_failed",
            Error::WriteRefused {
                read_only: true, ..
            } => "read_only",
            Error::WriteRefused { .. } => "confirm_write",
            Error::SignIn { reason, .. } => match reason.as_str() {
                "access_denied" => "sign_in_denied",
                "state_mismatch" => "state_mismatch",
                "timeout" => "sign_in_timeout",
                "cancelled" => "sign_in_cancelled",
                "no_browser" => "no_browser",
                "sign_in_required" => "sign_in_required",
                _ => "sign_in_failed",
            },
            Error::Network { kind, .. } => match kind {
                NetworkKind::Dns => "dns",
                NetworkKind::Tls => "tls",
                NetworkKind::Connect => "connect",
                NetworkKind::Timeout => "timeout",
                NetworkKind::ConnectionReset => "connection_reset",
                NetworkKind::Proxy => "proxy",
                NetworkKind::ProxyAuth => "proxy_auth",
                NetworkKind::Other => "network",
            },
            Error::Lookup {
                ambiguous: false, ..
            } => "not_found",
            Error::Lookup { .. } => "ambiguous",
            Error::MetadataFailed { .. } => "metadata_failed",
            Error::Io(_) => "io",
            Error::Settings { .. } => "network_settings",
        }
    }

    pub fn hint(&self) -> String {
        match self {
            Error::InvalidInstance { .. } => "Enter an instance name such as dev12345, or a URL such as https://dev12345.service-now.com or https://itsm.example.com:8443.".into(),
            Error::InvalidInput { .. } => "Correct the value and try again.".into(),
            Error::ProfileNotFound(_) => "List the profiles with `snowpost profile list`, or create one with `snowpost profile add`.".into(),
            Error::ProfileExists(_) => "Choose another name, or remove the existing profile first.".into(),
            Error::MissingSecret { profile, kind } => format!(
                "Set it under the profile's Secrets (it goes to the system keychain), or with `snowpost secret set {profile} {}` (value read from stdin). A CLI run in CI may pass it as {} instead.",
                kind.replace(' ', "-"),
                if *kind == "password" { "SNOWPOST_PASSWORD" } else { "SNOWPOST_CLIENT_SECRET" }
            ),
            Error::Keychain { hint, .. } => hint.clone(),
            Error::Storage(_) => "Check that the data directory is writable (set SNOWPOST_DATA_DIR to use another one).".into(),
            Error::OAuthRejected { status, error, .. } => oauth_hint(*status, error),
            Error::HtmlInsteadOfJson { hibernating: true, .. } => "The developer instance is asleep. Wake it at developer.servicenow.com (Start building / Wake instance), wait a minute, then send again.".into(),
            Error::HtmlInsteadOfJson { status, .. } if *status == 404 => "Check the instance URL: this path does not exist there. A custom domain may need the full https:// URL.".into(),
            Error::HtmlInsteadOfJson { .. } => "The URL may not be a ServiceNow instance, the instance may be asleep (developer instances hibernate when idle) or behind a login page. Open it in a browser to see.".into(),
            Error::TokenRedirected { .. } => "Use the URL the instance redirects to as the instance URL (an SSO or custom domain in front of the instance can cause this).".into(),
            Error::NotAToken { .. } => "Check that the instance URL points at ServiceNow (or another OAuth 2.0 server) and that /oauth_token.do is not intercepted by a proxy.".into(),
            Error::PageFailed { .. } => "The records written so far are kept in the file. Check the diagnosis, then fetch again (narrow the query to resume).".into(),
            Error::SignIn { reason, .. } => sign_in_hint(reason).into(),
            Error::WriteRefused { read_only: true, profile, .. } => format!("Nothing was sent. To write, change the profile's write guard (`snowpost profile edit {profile} --confirm-writes`), or use a non-production profile."),
            Error::WriteRefused { .. } => "Nothing was sent. Confirm the write (the app asks; the CLI asks on a terminal, or pass --yes).".into(),
            Error::RevokeFailed { .. } => "The tokens were forgotten here anyway. Check System OAuth > Manage Tokens in the instance to revoke them there.".into(),
            Error::Network { kind, .. } => match kind {
                NetworkKind::Dns => "The host name does not resolve: check the instance name for typos (dev12345, not dev-12345) and your network or VPN.".into(),
                NetworkKind::Tls => "The TLS handshake failed: check the URL and the system clock. If a corporate proxy inspects HTTPS (a certificate signed by an unknown CA), add the proxy's CA bundle in Settings > Network (or `snowpost network set --ca-bundle FILE`). Verification is never turned off.".into(),
                NetworkKind::Proxy => "The proxy would not open a connection to this host: check the proxy URL and port in Settings > Network (`snowpost network show`), ask whether the proxy allows this host, or add the host to the no-proxy list.".into(),
                NetworkKind::ProxyAuth => "The proxy asks for a user name and password (HTTP 407): set the proxy user in Settings > Network (`snowpost network set --proxy-user NAME`) and its password (`snowpost network proxy-password`, read from stdin); check both if they are set.".into(),
                NetworkKind::Connect => "Nothing answered at that address: check the URL and port, your network, VPN or proxy.".into(),
                NetworkKind::Timeout => "The instance did not answer in time: it may be waking up or overloaded. Try again in a minute.".into(),
                NetworkKind::ConnectionReset => "The connection dropped before a full answer arrived. Nothing is lost: send again.".into(),
                NetworkKind::Other => "Check your network connection and try again.".into(),
            },
            Error::Lookup { what, ambiguous: false, .. } if what == "table" => "Check the table's name: `snowpost tables NAME --search TEXT` lists them, and the app's Table box finds them by label.".into(),
            Error::Lookup { ambiguous: false, .. } => "Nothing was sent. Check the spelling, or search with `snowpost table NAME list TABLE --query 'nameLIKE…'`; a sys_id is always accepted.".into(),
            Error::Lookup { .. } => "Nothing was sent. Give the user_name, the email or the sys_id of the one you mean.".into(),
            Error::MetadataFailed { status, .. } if *status == 401 => "The token was refused: sign in again, then Refresh.".into(),
            Error::MetadataFailed { .. } => "The instance may be busy or waking up: press Refresh (or pass --refresh) in a minute. The last cached schema, if any, is still used.".into(),
            Error::Io(_) => "Check the file path and its permissions.".into(),
            Error::Settings { hint, .. } => hint.clone(),
        }
    }

    pub fn report(&self) -> ErrorReport {
        ErrorReport {
            kind: self.kind().into(),
            message: self.to_string(),
            hint: self.hint(),
            causes: match self {
                Error::OAuthRejected { causes, .. } => causes.clone(),
                Error::Lookup { candidates, .. } => candidates.clone(),
                _ => Vec::new(),
            },
        }
    }

    pub(crate) fn settings(message: String, hint: &str) -> Self {
        Error::Settings {
            message,
            hint: hint.into(),
        }
    }

    pub(crate) fn input(field: &str, message: impl Into<String>) -> Self {
        Error::InvalidInput {
            field: field.into(),
            message: message.into(),
        }
    }
}

fn sign_in_hint(reason: &str) -> &'static str {
    match reason {
        "access_denied" => "Deny was pressed in the browser, or the user may not use this application. Sign in again and choose Allow.",
        "state_mismatch" => "The browser returned from another sign-in attempt (an old tab, or a forged link). Close old sign-in tabs and sign in again.",
        "timeout" => "If the browser went somewhere else after Allow, the redirect URL sent is not registered: ServiceNow then silently uses the first URL in the Application Registry. Register the profile's redirect URL exactly (127.0.0.1 and localhost differ, and so do ports and paths), or sign in with the paste fallback.",
        "cancelled" => "Sign in again when ready.",
        "no_browser" => "Set $BROWSER to a browser command, or sign in with the paste fallback (`snowpost login NAME --paste`).",
        "sign_in_required" => "This profile signs in through the browser: use Sign in on the Token tab, or `snowpost login NAME`.",
        _ => "Check the application's settings in System OAuth > Application Registry (redirect URL, PKCE / public client), then sign in again.",
    }
}

fn oauth_hint(status: u16, error: &str) -> String {
    match error {
        "invalid_client" => "The client ID or client secret is wrong, or the server expects the other client authentication (body vs. Basic).".into(),
        "invalid_grant" => "The username/password or refresh token was not accepted: check them, or log in again with the original grant.".into(),
        "unsupported_grant_type" => "This server does not allow this grant type for the client.".into(),
        "invalid_scope" => "Remove or correct the scope.".into(),
        _ if status == 401 => "ServiceNow does not say which check failed: go through the likely causes below, then look in the instance's system log (System Logs > All, source OAuth).".into(),
        _ => "Check the token request parameters against the OAuth application registry entry.".into(),
    }
}

impl From<rusqlite::Error> for Error {
    fn from(e: rusqlite::Error) -> Self {
        Error::Storage(e.to_string())
    }
}

impl From<std::io::Error> for Error {
    fn from(e: std::io::Error) -> Self {
        Error::Io(e.to_string())
    }
}
