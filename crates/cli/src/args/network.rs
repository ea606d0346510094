//! `snowpost network …`: the proxy, no-proxy list and CA bundle the app's settings show too.

use clap::{Subcommand, ValueEnum};

#[derive(Subcommand)]
pub enum NetworkCommand {
    /// Print the network settings as JSON (whether a proxy password is set, never the password).
    Show,
    /// Change the network settings; options not given keep their value.
    Set {
        /// system (HTTPS_PROXY/NO_PROXY from the environment, the default), none, or manual.
        #[arg(long, value_enum)]
        proxy_mode: Option<ProxyModeArg>,
        /// The manual proxy: http://host:port, https://…, socks5://… or socks5h://… (implies
        /// --proxy-mode manual when that is not given).
        #[arg(long)]
        proxy: Option<String>,
        /// The proxy's user name (empty to remove); its password: `snowpost network proxy-password`.
        #[arg(long)]
        proxy_user: Option<String>,
        /// Hosts that skip the proxy, comma-separated: host.example.com, *.example.com, 10.0.0.5
        /// (replaces the list; empty to clear). Loopback always skips it.
        #[arg(long)]
        no_proxy: Option<String>,
        /// A PEM file of extra CA certificates to trust, e.g. a proxy's (empty to remove).
        #[arg(long)]
        ca_bundle: Option<String>,
    },
    /// Store the proxy password in the system keychain, read from stdin (never the command line).
    ProxyPassword {
        /// Delete it from the keychain instead.
        #[arg(long)]
        clear: bool,
    },
}

#[derive(Clone, Copy, ValueEnum)]
pub enum ProxyModeArg {
    System,
    None,
    Manual,
}
