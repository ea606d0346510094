//! `snowpost saved …`: the app's saved requests — save, list, delete, and run in order with a
//! summary table and JUnit XML, as newman runs a collection.

use std::io::IsTerminal;

use snowpost_core::storage::SavedRequestRow;
use snowpost_core::views::RequestInput;
use snowpost_core::workbench::{junit_xml, summary_table, RunResult};
use snowpost_core::Workspace;

use crate::args::SavedAction;
use crate::commands::api::{api_request, send_guarded};
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
            let results = run_in_order(ws, &profile, &rows, yes).await;
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

/// Each request in turn; one that fails or gets no answer does not stop the others.
async fn run_in_order(
    ws: &Workspace,
    profile: &str,
    rows: &[SavedRequestRow],
    yes: bool,
) -> Vec<RunResult> {
    let mut results = Vec::with_capacity(rows.len());
    for row in rows {
        let sent = match row.request.to_api() {
            Ok(req) => send_guarded(ws, profile, &req, yes).await,
            Err(e) => Err(e.into()),
        };
        let result = match sent {
            Ok(x) => RunResult::answered(&row.name, &x),
            Err(e) => RunResult::unanswered(&row.name, &row.request.method, &e.report()),
        };
        results.push(result);
    }
    results
}

/// The saved rows named, in the order given; all of them when none is named.
fn find(ws: &Workspace, profile: &str, names: &[String]) -> Result<Vec<SavedRequestRow>, CliError> {
    let list = ws.saved_requests(profile)?;
    skipped(&list.skipped);
    if names.is_empty() {
        if list.rows.is_empty() {
            return Err(CliError::usage(
                format!("{profile} has no saved requests"),
                format!("Save one with `snowpost saved save {profile} NAME GET /api/now/table/incident`, or import a Postman collection."),
            ));
        }
        return Ok(list.rows);
    }
    names
        .iter()
        .map(|name| {
            list.rows
                .iter()
                .find(|r| &r.name == name)
                .cloned()
                .ok_or_else(|| {
                    CliError::usage(
                        format!("no saved request named \"{name}\""),
                        format!("List them with `snowpost saved list {profile}`."),
                    )
                })
        })
        .collect()
}

/// Stored rows this build cannot read: listed, not fatal.
pub fn skipped(list: &[String]) {
    for s in list {
        eprintln!("snowpost: skipped a stored row that no longer reads: {s}");
    }
}
