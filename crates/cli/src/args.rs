//! The command line, as documented in README.md.

use clap::{Args, Parser, Subcommand, ValueEnum};

mod attachment;
mod network;
mod profile;
mod sandbox;
pub use attachment::AttachmentAction;
pub use network::{NetworkCommand, ProxyModeArg};
pub use profile::{
    ClientAuthArg, EnvironmentArg, GrantArg, ProfileArgs, ProfileCommand, ProfileEditArgs,
    SecretArg, SecretCommand,
};
pub use sandbox::SandboxArgs;

#[derive(Parser)]
#[command(
    name = "snowpost",
    version,
    about = "ServiceNow OAuth tokens and Table API calls, with secrets in the system keychain"
)]
pub struct Cli {
    #[command(subcommand)]
    pub command: Command,
    /// Send writes on a confirm-writes profile without asking (needed where no terminal asks).
    #[arg(long, global = true)]
    pub yes: bool,
}

#[derive(Subcommand)]
pub enum Command {
    /// Run a local ServiceNow-compatible instance; prints its base URL as the first line.
    Sandbox(SandboxArgs),
    /// Create, list, show and remove instance profiles.
    #[command(subcommand)]
    Profile(ProfileCommand),
    /// Store or clear a profile's secrets in the system keychain.
    #[command(subcommand)]
    Secret(SecretCommand),
    /// Proxy, no-proxy list and CA bundle (config.toml in the data directory, shared with the app).
    #[command(subcommand)]
    Network(NetworkCommand),
    /// Sign in through the system browser ($BROWSER, else the platform's opener) for an
    /// authorization_code profile; the refresh token goes to the keychain.
    Login {
        /// The profile's name.
        profile: String,
        /// Print the sign-in URL and read the URL the browser landed on (or the code) from
        /// stdin, for when no loopback redirect URL can be registered.
        #[arg(long)]
        paste: bool,
    },
    /// Get an access token for a profile and print a JSON summary.
    Token {
        /// The profile's name.
        profile: String,
        /// Also print the access token itself.
        #[arg(long, conflicts_with = "revoke")]
        show: bool,
        /// Revoke the access and refresh tokens at the instance and forget them here.
        #[arg(long)]
        revoke: bool,
    },
    /// Table API: list, get, create, update, delete records.
    Table {
        /// The profile's name.
        profile: String,
        #[command(subcommand)]
        action: TableAction,
        /// Print DNS, connect, TLS, first byte and download times to stderr.
        #[arg(long, global = true)]
        timing: bool,
    },
    /// The instance's tables (name, label, parent) as JSON, from sys_db_object; cached per
    /// profile until --refresh.
    Tables {
        /// The profile's name.
        profile: String,
        /// Only tables whose name or label contains this text, best match first.
        #[arg(long, default_value = "")]
        search: String,
        /// Ask the instance again instead of using the cache.
        #[arg(long)]
        refresh: bool,
    },
    /// A table's fields as JSON: inherited ones included (incident gets task's), with type,
    /// reference target, mandatory flag and choices; cached per profile until --refresh.
    Schema {
        /// The profile's name.
        profile: String,
        /// The table's name, e.g. incident.
        table: String,
        /// Ask the instance again instead of using the cache.
        #[arg(long)]
        refresh: bool,
    },
    /// Attachment API: upload a file to a record, list, download, delete.
    Attachment {
        /// The profile's name.
        profile: String,
        #[command(subcommand)]
        action: AttachmentAction,
    },
    /// Any other API call on the instance, e.g. `GET /api/now/stats/incident`.
    Request {
        /// The profile's name.
        profile: String,
        #[command(flatten)]
        args: RequestArgs,
        /// Print DNS, connect, TLS, first byte and download times to stderr.
        #[arg(long)]
        timing: bool,
    },
    /// A profile's saved requests as a Postman v2.1 collection (runs in Postman and newman),
    /// and Postman collections and environments in.
    #[command(subcommand)]
    Collection(CollectionAction),
    /// Saved requests: save, list, run in order (like newman), delete.
    #[command(subcommand)]
    Saved(SavedAction),
    /// Send saved requests (all, or those named) and/or a file of requests as one Batch API
    /// call; print each sub-response's status and exit 1 if any is not 2xx or unserviced.
    Batch {
        /// The profile to send with.
        profile: String,
        /// Names of saved requests, in this order (default: all, unless --from is given).
        requests: Vec<String>,
        /// A JSON array of requests to add: [{"name","method","path","body"}].
        #[arg(long)]
        from: Option<std::path::PathBuf>,
    },
    /// The instance's Scripted REST APIs (namespace, API ID, versions, operations with their
    /// path parameters) as JSON; `call` sends one operation.
    Apis {
        /// The profile to read them with.
        profile: String,
        /// Only APIs whose name, namespace, API ID, base URI or an operation contains this.
        #[arg(long, default_value = "")]
        search: String,
        #[command(subcommand)]
        action: Option<ApisAction>,
    },
    /// The Aggregate API: count and avg/min/max/sum of fields, grouped, as a table (JSON when
    /// piped).
    Stats {
        /// The profile to ask with.
        profile: String,
        #[command(flatten)]
        args: StatsArgs,
    },
    /// Sent requests, newest first, as JSON (secrets were redacted before they were kept).
    History {
        /// Only this profile's requests.
        #[arg(long)]
        profile: Option<String>,
        /// Only requests whose method, URL or status contains this text.
        #[arg(long, default_value = "")]
        search: String,
        /// How many entries, at most.
        #[arg(long, default_value_t = 50)]
        limit: u32,
        /// Delete the history (of --profile only, when given) instead of printing it.
        #[arg(long)]
        clear: bool,
    },
}

#[derive(Subcommand)]
pub enum CollectionAction {
    /// Write PROFILE.postman_collection.json and PROFILE.postman_environment.json into DIR.
    /// The collection gets its own token (a pre-request script); no secret is written.
    Export {
        /// The profile whose saved requests are exported.
        profile: String,
        /// The folder to write both files into.
        dir: std::path::PathBuf,
    },
    /// Save every request of a Postman v2.1 collection file under the profile.
    Import {
        /// The profile to save the requests under.
        profile: String,
        /// A Postman v2.1 collection (.postman_collection.json).
        file: std::path::PathBuf,
        /// A Postman environment whose values fill in {{variables}}; any left unresolved are listed.
        #[arg(long)]
        environment: Option<std::path::PathBuf>,
    },
}

/// What `snowpost stats` asks the Aggregate API for.
#[derive(Args)]
pub struct StatsArgs {
    /// The table, e.g. incident.
    pub table: String,
    /// Count the records (the default when no other aggregate is asked for).
    #[arg(long)]
    pub count: bool,
    /// Group by these fields (repeatable or comma-separated).
    #[arg(long = "group-by", value_delimiter = ',')]
    pub group_by: Vec<String>,
    /// Average of these fields.
    #[arg(long, value_delimiter = ',')]
    pub avg: Vec<String>,
    /// Minimum of these fields.
    #[arg(long, value_delimiter = ',')]
    pub min: Vec<String>,
    /// Maximum of these fields.
    #[arg(long, value_delimiter = ',')]
    pub max: Vec<String>,
    /// Sum of these fields.
    #[arg(long, value_delimiter = ',')]
    pub sum: Vec<String>,
    /// Only records matching this encoded query, e.g. active=true^priority=1.
    #[arg(long, default_value = "")]
    pub query: String,
}

#[derive(Subcommand)]
pub enum ApisAction {
    /// Send one operation of a Scripted REST API, its {path parameters} filled in.
    Call {
        /// The API ID (service_id, e.g. incident_tools) or its sys_id.
        api: String,
        /// The operation's name (e.g. Escalate) or relative path.
        operation: String,
        /// A path parameter, `NAME=VALUE` (repeatable).
        #[arg(long = "path-param")]
        path_params: Vec<String>,
        /// Request body: JSON text, @file, or @- for stdin.
        #[arg(long)]
        data: Option<String>,
    },
}

#[derive(Subcommand)]
pub enum SavedAction {
    /// Save a request under a name (the same name is replaced). A client secret or password
    /// in it is kept as {{client_secret}} / {{password}}, other secrets are dropped.
    Save {
        /// The profile to save it under.
        profile: String,
        /// The name to save it as.
        name: String,
        #[command(flatten)]
        request: RequestArgs,
    },
    /// The profile's saved requests, as JSON.
    List {
        /// The profile whose saved requests are listed.
        profile: String,
    },
    /// Send saved requests in order (all of them, or those named), print a summary table and
    /// exit 1 when any answer is not 2xx.
    Run {
        /// The profile whose saved requests are sent.
        profile: String,
        /// Names of saved requests to send, in this order (default: all, in saved order).
        requests: Vec<String>,
        /// Also write the results as JUnit XML to this file, for CI.
        #[arg(long)]
        junit: Option<std::path::PathBuf>,
    },
    /// Delete a saved request.
    Delete {
        /// The profile it is saved under.
        profile: String,
        /// Its name.
        name: String,
    },
}

#[derive(Args)]
pub struct RequestArgs {
    /// GET, POST, PUT, PATCH or DELETE.
    pub method: String,
    /// A path on the instance, e.g. /api/now/stats/incident (a full URL on the instance works too).
    pub path: String,
    /// Request body: JSON text, @file, or @- for stdin.
    #[arg(long)]
    pub data: Option<String>,
    /// Send this file's bytes as the body, streamed (Content-Type: a -H header, else from the
    /// file's extension); `request` only.
    #[arg(long, value_name = "FILE", conflicts_with = "data")]
    pub body_file: Option<std::path::PathBuf>,
    /// Ask for JSON or XML.
    #[arg(long, value_enum, default_value_t = AcceptArg::Json)]
    pub accept: AcceptArg,
    /// Extra header, `Name: value` (repeatable).
    #[arg(long = "header", short = 'H')]
    pub headers: Vec<String>,
    /// Query parameter, `key=value` (repeatable).
    #[arg(long = "param")]
    pub params: Vec<String>,
}

#[derive(Subcommand)]
pub enum TableAction {
    /// List records (one page, or every page with --all --out FILE).
    List {
        /// The table's name, e.g. incident.
        table: String,
        /// Encoded query, e.g. `active=true^priority=1^ORDERBYDESCsys_created_on`.
        #[arg(long)]
        query: Option<String>,
        /// Records per page (sysparm_limit).
        #[arg(long)]
        limit: Option<u64>,
        /// Skip this many records first (sysparm_offset).
        #[arg(long)]
        offset: Option<u64>,
        /// Comma-separated field names.
        #[arg(long)]
        fields: Option<String>,
        /// false | true | all
        #[arg(long)]
        display_value: Option<String>,
        /// Ask for JSON or XML.
        #[arg(long, value_enum, default_value_t = AcceptArg::Json)]
        accept: AcceptArg,
        /// Any other sysparm, `key=value` (repeatable).
        #[arg(long = "param")]
        params: Vec<String>,
        /// Follow the Link header to the last page, streaming every record to --out.
        #[arg(long, requires = "out")]
        all: bool,
        /// With --all: the file to write (`.csv` for CSV, anything else NDJSON).
        #[arg(long, requires = "all")]
        out: Option<std::path::PathBuf>,
    },
    /// One record, by sys_id or number (INC0010001).
    Get {
        /// The table's name, e.g. incident.
        table: String,
        /// The record's sys_id or number.
        sys_id: String,
        /// Ask for JSON or XML.
        #[arg(long, value_enum, default_value_t = AcceptArg::Json)]
        accept: AcceptArg,
    },
    /// Delete a record, by sys_id or number.
    Delete {
        /// The table's name, e.g. incident.
        table: String,
        /// The record's sys_id or number.
        sys_id: String,
    },
    /// Create a record. A reference field may name its record by user_name, email, name or
    /// @me; it is resolved to a sys_id first.
    Create {
        /// The table's name, e.g. incident.
        table: String,
        /// JSON object, @file, or @- for stdin.
        #[arg(long)]
        data: String,
    },
    /// Create (or with --update-key update) one record per row of an NDJSON or CSV file, a
    /// few at a time, waiting out rate limits; resumable through the results file.
    Import {
        /// The table's name, e.g. incident.
        table: String,
        /// The rows: `.csv` (header row = field names) or NDJSON (one JSON object a line).
        #[arg(long)]
        from: std::path::PathBuf,
        /// Rows in flight at once.
        #[arg(long, default_value_t = snowpost_core::workspace::DEFAULT_CONCURRENCY)]
        concurrency: usize,
        /// Update the record whose FIELD has the row's value, creating it when none has.
        #[arg(long, value_name = "FIELD")]
        update_key: Option<String>,
        /// One result line per row (default: FILE.results.ndjson beside the input); rows it
        /// lists as done are skipped on a re-run.
        #[arg(long)]
        results: Option<std::path::PathBuf>,
    },
    /// Update a record's fields (PATCH), by sys_id or number; references as for create.
    Update {
        /// The table's name, e.g. incident.
        table: String,
        /// The record's sys_id or number.
        sys_id: String,
        /// JSON object, @file, or @- for stdin.
        #[arg(long)]
        data: String,
    },
}

#[derive(Clone, Copy, ValueEnum)]
pub enum AcceptArg {
    Json,
    Xml,
}

#[cfg(test)]
mod tests {
    use clap::CommandFactory;

    /// Every command, subcommand, argument and flag has a one-line help.
    #[test]
    fn everything_has_a_help_line() {
        fn walk(cmd: &clap::Command, path: &str, missing: &mut Vec<String>) {
            let path = format!("{path} {}", cmd.get_name());
            if cmd.get_about().is_none() && path != " snowpost" {
                missing.push(path.clone());
            }
            for a in cmd.get_arguments() {
                let id = a.get_id().as_str();
                if id != "help" && id != "version" && a.get_help().is_none() {
                    missing.push(format!("{path} <{id}>"));
                }
            }
            for sub in cmd.get_subcommands() {
                walk(sub, &path, missing);
            }
        }
        let mut missing = Vec::new();
        walk(&super::Cli::command(), "", &mut missing);
        assert!(missing.is_empty(), "no help for:\n{}", missing.join("\n"));
    }
}
