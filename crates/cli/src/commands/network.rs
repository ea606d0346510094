use snowpost_core::network::{no_proxy, NetworkSettings, ProxyMode};
use snowpost_core::{SecretString, Workspace};

use crate::args::{NetworkCommand, ProxyModeArg};
use crate::error::CliError;
use crate::input::read_secret;
use crate::output::print_json;

pub fn run(ws: &Workspace, cmd: NetworkCommand) -> Result<(), CliError> {
    match cmd {
        NetworkCommand::Show => {}
        NetworkCommand::Set {
            proxy_mode,
            proxy,
            proxy_user,
            no_proxy,
            ca_bundle,
        } => {
            let mut s: NetworkSettings = ws.network()?.settings;
            if proxy.is_some() {
                s.proxy_mode = ProxyMode::Manual;
                s.proxy_url = proxy;
            }
            if let Some(mode) = proxy_mode {
                s.proxy_mode = match mode {
                    ProxyModeArg::System => ProxyMode::System,
                    ProxyModeArg::None => ProxyMode::None,
                    ProxyModeArg::Manual => ProxyMode::Manual,
                };
            }
            if proxy_user.is_some() {
                s.proxy_user = proxy_user;
            }
            if let Some(list) = no_proxy {
                s.no_proxy = no_proxy::parse_list(&list)?;
            }
            if ca_bundle.is_some() {
                s.ca_bundle = ca_bundle;
            }
            ws.set_network(s)?;
        }
        NetworkCommand::ProxyPassword { clear: true } => {
            ws.clear_proxy_password()?;
            eprintln!("cleared the proxy password");
            return Ok(());
        }
        NetworkCommand::ProxyPassword { clear: false } => {
            let value = read_secret("proxy password")?;
            ws.set_proxy_password(SecretString::new(value))?;
            eprintln!("stored the proxy password in the system keychain");
            return Ok(());
        }
    }
    print_json(&serde_json::to_value(ws.network()?).unwrap_or_default());
    Ok(())
}
