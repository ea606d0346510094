//! `snowpost`: the same profiles, keychain and core as the desktop app, for scripts and CI.
//! Exit codes: 0 a 2xx answer; 1 an HTTP error status; 2 bad usage or a write the profile
//! refuses (nothing sent); 3 failed before an answer.

mod args;
mod commands;
mod error;
mod input;
mod output;

use std::process::ExitCode;

use clap::Parser;
use snowpost_core::Workspace;

use args::{Cli, Command, TableAction};
use error::CliError;

#[tokio::main]
async fn main() -> ExitCode {
    let cli = Cli::parse();
    match run(cli.command, cli.yes).await {
        Ok(code) => code,
        Err(e) => {
            output::print_error(&e.report());
            let refused = matches!(e, CliError::Core(snowpost_core::Error::WriteRefused { .. }));
            ExitCode::from(if refused || matches!(e, CliError::Usage { .. }) {
                2
            } else {
                3
            })
        }
    }
}

async fn run(command: Command, yes: bool) -> Result<ExitCode, CliError> {
    let ok = ExitCode::SUCCESS;
    let exchange = match command {
        Command::Sandbox(a) => return commands::sandbox::run(a).await.map(|_| ok),
        Command::Profile(c) => return commands::profile::run(&workspace()?, c).map(|_| ok),
        Command::Secret(c) => return commands::secret::run(&workspace()?, c).map(|_| ok),
        Command::Network(c) => return commands::network::run(&workspace()?, c).map(|_| ok),
        Command::History {
            profile,
            search,
            limit,
            clear,
        } => {
            let ws = workspace()?;
            return commands::history::run(&ws, profile.as_deref(), &search, limit, clear)
                .map(|_| ok);
        }
        Command::Login { profile, paste } => {
            return commands::token::login(&workspace()?, &profile, paste)
                .await
                .map(|_| ok)
        }
        Command::Token {
            profile,
            revoke: true,
            ..
        } => {
            return commands::token::revoke(&workspace()?, &profile)
                .await
                .map(|_| ok)
        }
        Command::Token { profile, show, .. } => {
            return commands::token::run(&workspace()?, &profile, show)
                .await
                .map(|_| ok)
        }
        Command::Table {
            profile,
            action: action @ TableAction::List { all: true, .. },
            ..
        } => {
            return commands::api::fetch_all(&workspace()?, &profile, action)
                .await
                .map(|_| ok)
        }
        Command::Table {
            profile,
            action: action @ TableAction::Import { .. },
            ..
        } => {
            let passed = commands::bulk_import::run(&workspace()?, &profile, action, yes).await?;
            return Ok(if passed { ok } else { ExitCode::from(1) });
        }
        Command::Table {
            profile,
            action,
            timing,
        } => {
            let ws = workspace()?;
            let x = commands::api::table(&ws, &profile, action, yes).await;
            output::print_token_events(&ws, &profile);
            output::print_timing(x.as_ref().ok().filter(|_| timing));
            x?
        }
        Command::Collection(action) => {
            return commands::collection::run(&workspace()?, action).map(|_| ok)
        }
        Command::Saved(action) => {
            let passed = commands::saved::run(&workspace()?, action, yes).await?;
            return Ok(if passed { ok } else { ExitCode::from(1) });
        }
        Command::Batch {
            profile,
            requests,
            from,
        } => {
            let ws = workspace()?;
            let passed =
                commands::batch::run(&ws, &profile, &requests, from.as_deref(), yes).await?;
            return Ok(if passed { ok } else { ExitCode::from(1) });
        }
        Command::Apis {
            profile,
            search,
            action,
        } => {
            let ws = workspace()?;
            let x = commands::apis::run(&ws, &profile, &search, action, yes).await;
            output::print_token_events(&ws, &profile);
            match x? {
                Some(x) => x,
                None => return Ok(ok),
            }
        }
        Command::Stats { profile, args } => {
            let ws = workspace()?;
            let x = commands::stats::run(&ws, &profile, args.into()).await;
            output::print_token_events(&ws, &profile);
            x?
        }
        Command::Tables {
            profile,
            search,
            refresh,
        } => {
            let list = workspace()?.tables(&profile, &search, refresh).await?;
            output::print_json(&serde_json::to_value(list).unwrap_or_default());
            return Ok(ok);
        }
        Command::Schema {
            profile,
            table,
            refresh,
        } => {
            let schema = workspace()?.table_schema(&profile, &table, refresh).await?;
            output::print_json(&serde_json::to_value(schema).unwrap_or_default());
            return Ok(ok);
        }
        Command::Attachment { profile, action } => {
            let ws = workspace()?;
            let x = commands::attachment::run(&ws, &profile, action, yes).await;
            output::print_token_events(&ws, &profile);
            x?
        }
        Command::Request {
            profile,
            args,
            timing,
        } => {
            let ws = workspace()?;
            let x = commands::api::request(&ws, &profile, args, yes).await;
            output::print_token_events(&ws, &profile);
            output::print_timing(x.as_ref().ok().filter(|_| timing));
            x?
        }
    };
    Ok(if exchange.is_success() {
        ok
    } else {
        ExitCode::from(1)
    })
}

fn workspace() -> Result<Workspace, CliError> {
    Ok(Workspace::open_cli(std::sync::Arc::new(|line: &str| {
        eprintln!("snowpost: {line}")
    }))?)
}
