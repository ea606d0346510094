//! `snowpost saved …`: the app's saved requests — save, list, delete, and run in order with a
//! summary table and JUnit XML, as newman runs a collection.

use std::io::IsTerminal;

use snowpost_core::guard::Confirmed;
use snowpost_core::storage::SavedRequestRow;
use snowpost_core::views::RequestInput;
use snowpost_core::workbench::{junit_xml, summary_table, RunResult};
use snowpost_core::{Error, Workspace};

use crate::args::SavedAction;
use crate::commands::api::api_request;
use crate::commands::collection::report;
use crate::error::CliError;
use crate::output::{print_json, print_token_events};

/// Whether every request that was sent answered 2xx (always true for save, list and delete).
pub async fn run(ws: &Workspace, action: SavedAction, yes: bool) -> Result<bool, CliError> {
    match action {
        SavedAction::Save {
            profile,
            name,
            request,
        } => {
            if request.body_file.is_some() {
                return Err(CliError::usage(
                    "a saved request keeps its body as text, not a file",
                    "Use --data, or send the file with `snowpost request … --body-file`.",
                ));
            }
            let input = RequestInput::from_api(&api_request(request)?);
            let saved = ws.save_request(&profile, &name, &input)?;
            report(&format!("saved \"{}\"", saved.row.name), &saved.scrubbed);
            print_json(&serde_json::to_value(&saved.row).unwrap_or_default());
        }
        SavedAction::List { profile } => {
            let list = ws.saved_requests(&profile)?;
            skipped(&list.skipped);
            print_json(&serde_json::to_value(list.rows).unwrap_or_default());
        }
        SavedAction::Delete { profile, name } => {
            ws.delete_saved_request(find(ws, &profile, std::slice::from_ref(&name))?[0].id)?;
            eprintln!("deleted \"{name}\"");
        }
        SavedAction::Run {
            profile,
            requests,
            junit,
        } => {
            let rows = find(ws, &profile, &requests)?;
            let confirmed = confirm_writes(ws, &profile, &rows, yes)?;
            let results = ws.run_saved(&profile, &rows, confirmed).await;
            print_token_events(ws, &profile);
            let table = summary_table(&results);
            if std::io::stdout().is_terminal() {
                print!("{table}");
            } else {
                eprint!("{table}");
                print_json(&serde_json::to_value(&results).unwrap_or_default());
            }
            if let Some(path) = junit {
                std::fs::write(&path, junit_xml(&profile, &results)).map_err(|source| {
                    CliError::Write {
                        what: path.display().to_string(),
                        source,
                    }
                })?;
                eprintln!("wrote {}", path.display());
            }
            return Ok(results.iter().all(RunResult::passed));
        }
    }
    Ok(true)
}

/// On a confirm-writes profile, asks once for all the writes (`--yes` answers for it); with
/// no terminal to ask on, the writes are refused and reported, and the reads still run.
pub(crate) fn confirm_writes(
    ws: &Workspace,
    profile: &str,
    rows: &[SavedRequestRow],
    yes: bool,
) -> Result<Confirmed, CliError> {
    let writes = ws.writes_to_confirm(profile, rows)?;
    if yes {
        return Ok(Confirmed::Yes);
    }
    if writes.is_empty() || !std::io::stdin().is_terminal() {
        return Ok(Confirmed::No);
    }
    eprint!(
        "{} write(s) on {profile}: {}. Send them? [y/N] ",
        writes.len(),
        writes.join("; ")
    );
    let mut answer = String::new();
    let _ = std::io::stdin().read_line(&mut answer);
    Ok(if matches!(answer.trim(), "y" | "Y" | "yes") {
        Confirmed::Yes
    } else {
        Confirmed::No
    })
}

/// The saved rows named, in the order given; all of them when none is named.
pub(crate) fn find(
    ws: &Workspace,
    profile: &str,
    names: &[String],
) -> Result<Vec<SavedRequestRow>, CliError> {
    let rows = ws.saved_named(profile, names).map_err(|e| match e {
        Error::Lookup { value, .. } => CliError::usage(
            format!("no saved request named \"{value}\""),
            format!("List them with `snowpost saved list {profile}`."),
        ),
        other => other.into(),
    })?;
    if rows.is_empty() {
        return Err(CliError::usage(
            format!("{profile} has no saved requests"),
            format!("Save one with `snowpost saved save {profile} NAME GET /api/now/table/incident`, or import a Postman collection."),
        ));
    }
    Ok(rows)
}

/// Stored rows this build cannot read: listed, not fatal.
pub fn skipped(list: &[String]) {
    for s in list {
        eprintln!("snowpost: skipped a stored row that no longer reads: {s}");
    }
}
