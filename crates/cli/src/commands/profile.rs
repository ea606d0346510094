use serde_json::json;
use snowpost_core::guard::{Environment, WriteGuard};
use snowpost_core::oauth::jwt::JwtAlg;
use snowpost_core::{ClientAuth, GrantType, Profile, ProfileInput, Workspace};

use crate::args::{
    ClientAuthArg, EnvironmentArg, GrantArg, ProfileArgs, ProfileCommand, ProfileEditArgs,
};
use crate::error::CliError;
use crate::output::print_json;

pub fn run(ws: &Workspace, cmd: ProfileCommand) -> Result<(), CliError> {
    match cmd {
        ProfileCommand::Add(a) => {
            let p = ws.add_profile(add_input(a)?)?;
            eprintln!("saved profile {} ({})", p.name, p.instance);
            print_json(&profile_json(ws, &p)?);
        }
        ProfileCommand::Edit(a) => {
            let current = ws.profile(&a.name)?;
            let keep = a.keep_secrets;
            let before = current.instance.clone();
            let p = ws.update_profile(edit_input(current, a)?, keep)?;
            if p.instance != before {
                eprintln!(
                    "instance changed to {}: tokens forgotten{}",
                    p.instance,
                    if keep {
                        ""
                    } else {
                        ", and the client secret and password (keep them with --keep-secrets)"
                    }
                );
            }
            print_json(&profile_json(ws, &p)?);
        }
        ProfileCommand::List => {
            let list = ws.profiles()?;
            let v: Vec<_> = list
                .iter()
                .map(|p| serde_json::to_value(p).unwrap_or_default())
                .collect();
            print_json(&serde_json::Value::Array(v));
        }
        ProfileCommand::Show { name } => print_json(&profile_json(ws, &ws.profile(&name)?)?),
        ProfileCommand::Remove { name } => {
            ws.remove_profile(&name)?;
            eprintln!("removed profile {name} and its keychain entries");
        }
    }
    Ok(())
}

fn profile_json(ws: &Workspace, p: &Profile) -> Result<serde_json::Value, CliError> {
    let mut v = serde_json::to_value(p).unwrap_or_default();
    // "set"/"not set" only: a secret is never printed.
    v["secrets"] = match ws.secret_status(&p.name) {
        Ok(s) => serde_json::to_value(s).unwrap_or_default(),
        Err(e) => json!({ "error": e.report() }),
    };
    if let Some(setup) = snowpost_core::views::RegistrySetup::for_profile(p) {
        v["registry"] = serde_json::to_value(setup).unwrap_or_default();
    }
    if p.grant == GrantType::JwtBearer {
        // For the instance's JWT verifier map: the public half only, once a key is set.
        v["jwt_public_key"] = match ws.jwt_public_key(&p.name) {
            Ok(k) => serde_json::to_value(k).unwrap_or_default(),
            Err(e) => json!({ "error": e.report() }),
        };
    }
    Ok(v)
}

fn grant(g: GrantArg) -> GrantType {
    match g {
        GrantArg::Password => GrantType::Password,
        GrantArg::ClientCredentials => GrantType::ClientCredentials,
        GrantArg::AuthorizationCode => GrantType::AuthorizationCode,
        GrantArg::JwtBearer => GrantType::JwtBearer,
    }
}

fn environment(e: EnvironmentArg) -> Environment {
    match e {
        EnvironmentArg::Development => Environment::Development,
        EnvironmentArg::Test => Environment::Test,
        EnvironmentArg::Production => Environment::Production,
    }
}

fn client_auth(a: ClientAuthArg) -> ClientAuth {
    match a {
        ClientAuthArg::Body => ClientAuth::Body,
        ClientAuthArg::Basic => ClientAuth::Basic,
    }
}

fn add_input(a: ProfileArgs) -> Result<ProfileInput, CliError> {
    Ok(ProfileInput {
        name: a.name,
        instance: a.instance,
        client_id: a.client_id,
        grant: grant(a.grant),
        username: a.username,
        redirect_uri: a.redirect_uri,
        scope: a.scope,
        client_auth: client_auth(a.client_auth),
        refresh_margin_secs: a.refresh_margin,
        public_client: a.public_client,
        environment: environment(a.environment),
        write_guard: match (a.read_only, a.confirm_writes) {
            (true, _) => Some(WriteGuard::ReadOnly),
            (_, true) => Some(WriteGuard::Confirm),
            _ => None,
        },
        jwt_kid: a.jwt_kid,
        jwt_alg: a
            .jwt_alg
            .as_deref()
            .map(JwtAlg::parse)
            .transpose()?
            .unwrap_or_default(),
    })
}

fn edit_input(p: Profile, a: ProfileEditArgs) -> Result<ProfileInput, CliError> {
    Ok(ProfileInput {
        name: p.name,
        instance: a.instance.unwrap_or_else(|| p.instance.to_string()),
        client_id: a.client_id.unwrap_or(p.client_id),
        grant: a.grant.map(grant).unwrap_or(p.grant),
        username: a.username.or(p.username),
        redirect_uri: a.redirect_uri.or(p.redirect_uri),
        scope: a.scope.or(p.scope),
        client_auth: a.client_auth.map(client_auth).unwrap_or(p.client_auth),
        refresh_margin_secs: a.refresh_margin.unwrap_or(p.refresh_margin_secs),
        public_client: a.public_client.unwrap_or(p.public_client),
        environment: a.environment.map(environment).unwrap_or(p.environment),
        write_guard: Some(match (a.read_only, a.confirm_writes, a.allow_writes) {
            (true, _, _) => WriteGuard::ReadOnly,
            (_, true, _) => WriteGuard::Confirm,
            (_, _, true) => WriteGuard::Off,
            // A new environment brings its default guard, unless one is given.
            _ if a.environment.is_some() => {
                environment(a.environment.unwrap_or(EnvironmentArg::Development)).default_guard()
            }
            _ => p.write_guard,
        }),
        jwt_kid: a.jwt_kid.or(p.jwt_kid),
        jwt_alg: a
            .jwt_alg
            .as_deref()
            .map(JwtAlg::parse)
            .transpose()?
            .unwrap_or(p.jwt_alg),
    })
}
