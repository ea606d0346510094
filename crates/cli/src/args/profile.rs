//! `snowpost profile …` and `snowpost secret …`: instance profiles and their keychain secrets.

use clap::{Args, Subcommand, ValueEnum};

#[derive(Subcommand)]
pub enum ProfileCommand {
    /// Save a new profile (secrets go in with `snowpost secret set`).
    Add(ProfileArgs),
    /// Change a saved profile; options not given keep their value.
    Edit(ProfileEditArgs),
    /// The saved profiles, as JSON (secrets as set / not set, never their values).
    List,
    /// One profile as JSON, with what the instance's admin must register (redirect URL, JWT key).
    Show {
        /// The profile's name.
        name: String,
    },
    /// Remove a profile and its keychain entries.
    Remove {
        /// The profile's name.
        name: String,
    },
}

#[derive(Args)]
pub struct ProfileArgs {
    /// The profile's name.
    pub name: String,
    /// `dev12345` or `https://instance.example.com`.
    #[arg(long)]
    pub instance: String,
    /// The OAuth client id from the instance's Application Registry.
    #[arg(long)]
    pub client_id: String,
    /// The user tokens are asked for (password grant) or the JWT's sub.
    #[arg(long)]
    pub username: Option<String>,
    /// How tokens are asked for.
    #[arg(long, value_enum, default_value_t = GrantArg::Password)]
    pub grant: GrantArg,
    /// Browser sign-in: the redirect URL registered in the Application Registry.
    #[arg(long)]
    pub redirect_uri: Option<String>,
    /// OAuth scope to ask for, space-separated (none by default).
    #[arg(long)]
    pub scope: Option<String>,
    /// Send the client id and secret in the form body (ServiceNow's way) or as HTTP Basic.
    #[arg(long, value_enum, default_value_t = ClientAuthArg::Body)]
    pub client_auth: ClientAuthArg,
    /// Renew the access token when fewer seconds than this are left.
    #[arg(long, default_value_t = 60)]
    pub refresh_margin: u32,
    /// A public client: no client secret (browser sign-in with PKCE only).
    #[arg(long)]
    pub public_client: bool,
    /// Shown as a colour; production confirms writes unless told otherwise.
    #[arg(long, value_enum, default_value_t = EnvironmentArg::Development)]
    pub environment: EnvironmentArg,
    /// Refuse POST, PUT, PATCH and DELETE before anything is sent.
    #[arg(long, conflicts_with = "confirm_writes")]
    pub read_only: bool,
    /// Ask before each POST, PUT, PATCH or DELETE (default for production).
    #[arg(long)]
    pub confirm_writes: bool,
    /// JWT bearer: the key id (kid) of the instance's JWT verifier map. The sub is --username.
    #[arg(long)]
    pub jwt_kid: Option<String>,
    /// JWT bearer: RS256 (default), RS384, RS512, ES256 or ES384.
    #[arg(long)]
    pub jwt_alg: Option<String>,
}

#[derive(Args)]
pub struct ProfileEditArgs {
    /// The profile's name.
    pub name: String,
    /// `dev12345` or `https://instance.example.com`.
    #[arg(long)]
    pub instance: Option<String>,
    /// The OAuth client id from the instance's Application Registry.
    #[arg(long)]
    pub client_id: Option<String>,
    /// The user tokens are asked for (password grant) or the JWT's sub.
    #[arg(long)]
    pub username: Option<String>,
    /// How tokens are asked for.
    #[arg(long, value_enum)]
    pub grant: Option<GrantArg>,
    /// Browser sign-in: the redirect URL registered in the Application Registry.
    #[arg(long)]
    pub redirect_uri: Option<String>,
    /// OAuth scope to ask for, space-separated (none by default).
    #[arg(long)]
    pub scope: Option<String>,
    /// Send the client id and secret in the form body (ServiceNow's way) or as HTTP Basic.
    #[arg(long, value_enum)]
    pub client_auth: Option<ClientAuthArg>,
    /// Renew the access token when fewer seconds than this are left.
    #[arg(long)]
    pub refresh_margin: Option<u32>,
    /// Make it a public client (`--public-client true`) or a confidential one (`false`).
    #[arg(long)]
    pub public_client: Option<bool>,
    /// Development, test or production: shown as a colour; production confirms writes.
    #[arg(long, value_enum)]
    pub environment: Option<EnvironmentArg>,
    /// Refuse POST, PUT, PATCH and DELETE before anything is sent.
    #[arg(long, conflicts_with_all = ["confirm_writes", "allow_writes"])]
    pub read_only: bool,
    /// Ask before each POST, PUT, PATCH or DELETE.
    #[arg(long, conflicts_with = "allow_writes")]
    pub confirm_writes: bool,
    /// Neither read-only nor confirm-writes.
    #[arg(long)]
    pub allow_writes: bool,
    /// JWT bearer: the key id (kid) of the instance's JWT verifier map.
    #[arg(long)]
    pub jwt_kid: Option<String>,
    /// JWT bearer: RS256 (default), RS384, RS512, ES256 or ES384.
    #[arg(long)]
    pub jwt_alg: Option<String>,
    /// With --instance: keep the client secret and password for the new instance (by default
    /// they are forgotten, so they are never sent to a host they were not made for).
    #[arg(long, requires = "instance")]
    pub keep_secrets: bool,
}

#[derive(Subcommand)]
pub enum SecretCommand {
    /// Read the value from stdin (never from the command line) and store it in the keychain.
    Set {
        /// The profile's name.
        profile: String,
        /// Which secret.
        kind: SecretArg,
    },
    /// Delete the value from the keychain.
    Clear {
        /// The profile's name.
        profile: String,
        /// Which secret.
        kind: SecretArg,
    },
}

#[derive(Clone, Copy, ValueEnum)]
pub enum GrantArg {
    Password,
    #[value(name = "client_credentials", alias = "client-credentials")]
    ClientCredentials,
    /// Sign in through the browser (`snowpost login`), PKCE always.
    #[value(name = "authorization_code", alias = "authorization-code")]
    AuthorizationCode,
    /// A signed JWT per token request, from `snowpost secret set NAME private-key`.
    #[value(name = "jwt_bearer", alias = "jwt-bearer")]
    JwtBearer,
}

#[derive(Clone, Copy, ValueEnum)]
pub enum ClientAuthArg {
    Body,
    Basic,
}

#[derive(Clone, Copy, ValueEnum)]
pub enum SecretArg {
    ClientSecret,
    Password,
    RefreshToken,
    /// A PEM private key for the JWT bearer grant (PKCS#8, or PKCS#1 for RSA).
    PrivateKey,
}

#[derive(Clone, Copy, ValueEnum)]
pub enum EnvironmentArg {
    Development,
    Test,
    Production,
}
