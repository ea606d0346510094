//! `snowpost collection PROFILE …`: the app's saved requests and its Postman import / export.

use snowpost_core::views::RequestInput;
use snowpost_core::workbench::Scrubbed;
use snowpost_core::{Exchange, Workspace};

use crate::args::CollectionAction;
use crate::commands::api::api_request;
use crate::error::CliError;
use crate::output::{print_exchange, print_json};

/// The exchange when a request was sent (its status decides the exit code).
pub async fn run(
    ws: &Workspace,
    profile: &str,
    action: CollectionAction,
    yes: bool,
) -> Result<Option<Exchange>, CliError> {
    match action {
        CollectionAction::Save { name, request } => {
            let input = RequestInput::from_api(&api_request(request)?);
            let saved = ws.save_request(profile, &name, &input)?;
            report(&format!("saved \"{}\"", saved.row.name), &saved.scrubbed);
            print_json(&serde_json::to_value(&saved.row).unwrap_or_default());
        }
        CollectionAction::List => {
            let list = ws.saved_requests(profile)?;
            skipped(&list.skipped);
            print_json(&serde_json::to_value(list.rows).unwrap_or_default());
        }
        CollectionAction::Run { name } => {
            let row = find(ws, profile, &name)?;
            let x = crate::commands::api::send_guarded(ws, profile, &row.request.to_api()?, yes)
                .await?;
            print_exchange(&x);
            return Ok(Some(x));
        }
        CollectionAction::Delete { name } => {
            ws.delete_saved_request(find(ws, profile, &name)?.id)?;
            eprintln!("deleted \"{name}\"");
        }
        CollectionAction::Import { file } => {
            let json = std::fs::read_to_string(&file).map_err(|source| CliError::Read {
                what: file.display().to_string(),
                source,
            })?;
            let imported = ws.import_postman(profile, &json)?;
            report(
                &format!("imported {} request(s)", imported.rows.len()),
                &imported.scrubbed,
            );
            print_json(&serde_json::to_value(&imported.rows).unwrap_or_default());
        }
        CollectionAction::Export { dir } => {
            let (collection, environment) = ws.export_postman(profile)?;
            for (suffix, doc) in [("collection", collection), ("environment", environment)] {
                let path = dir.join(format!("{profile}.postman_{suffix}.json"));
                let text = serde_json::to_string_pretty(&doc).unwrap_or_default();
                std::fs::write(&path, text).map_err(|source| CliError::Read {
                    what: path.display().to_string(),
                    source,
                })?;
                eprintln!("wrote {}", path.display());
            }
        }
    }
    Ok(None)
}

fn find(
    ws: &Workspace,
    profile: &str,
    name: &str,
) -> Result<snowpost_core::storage::SavedRequestRow, CliError> {
    ws.saved_requests(profile)?
        .rows
        .into_iter()
        .find(|r| r.name == name)
        .ok_or_else(|| {
            CliError::usage(
                format!("no saved request named \"{name}\""),
                format!("List them with `snowpost collection {profile} list`."),
            )
        })
}

/// Stored rows this build cannot read: listed, not fatal.
pub fn skipped(list: &[String]) {
    for s in list {
        eprintln!("snowpost: skipped a stored row that no longer reads: {s}");
    }
}

/// One line for what was done, one per credential kept out of storage.
fn report(done: &str, s: &Scrubbed) {
    eprintln!("{done}");
    for r in &s.replaced {
        eprintln!("  kept as a keychain variable: {r}");
    }
    for d in &s.dropped {
        eprintln!("  secret dropped, not stored: {d}");
    }
}
