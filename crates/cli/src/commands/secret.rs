use snowpost_core::{SecretKind, SecretString, Workspace};

use crate::args::{SecretArg, SecretCommand};
use crate::error::CliError;
use crate::input::read_secret;

pub fn run(ws: &Workspace, cmd: SecretCommand) -> Result<(), CliError> {
    match cmd {
        SecretCommand::Set { profile, kind } => {
            let kind = secret_kind(kind);
            ws.profile(&profile)?;
            let value = read_secret(kind.label())?;
            ws.set_secret(&profile, kind, SecretString::new(value))?;
            eprintln!(
                "stored the {} of {profile} in the system keychain",
                kind.label()
            );
        }
        SecretCommand::Clear { profile, kind } => {
            let kind = secret_kind(kind);
            ws.clear_secret(&profile, kind)?;
            eprintln!("cleared the {} of {profile}", kind.label());
        }
    }
    Ok(())
}

fn secret_kind(k: SecretArg) -> SecretKind {
    match k {
        SecretArg::ClientSecret => SecretKind::ClientSecret,
        SecretArg::Password => SecretKind::Password,
        SecretArg::RefreshToken => SecretKind::RefreshToken,
        SecretArg::PrivateKey => SecretKind::PrivateKey,
    }
}
