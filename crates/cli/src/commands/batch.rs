//! `snowpost batch`: saved requests (and/or a file of requests) sent as one Batch API call.

use std::io::IsTerminal;
use std::path::Path;

use serde_json::{json, Value};
use snowpost_core::guard::Confirmed;
use snowpost_core::workbench::{summary_table, RunResult};
use snowpost_core::{ApiRequest, Method, Workspace};

use crate::commands::saved::{confirm_writes, find};
use crate::error::CliError;
use crate::output::{print_json, print_token_events};

/// Whether the batch was taken and every item was serviced and answered 2xx.
pub async fn run(
    ws: &Workspace,
    profile: &str,
    names: &[String],
    from: Option<&Path>,
    yes: bool,
) -> Result<bool, CliError> {
    let mut labels = Vec::new();
    let mut requests = Vec::new();
    let mut confirmed = if yes { Confirmed::Yes } else { Confirmed::No };
    if !names.is_empty() || from.is_none() {
        let rows = find(ws, profile, names)?;
        confirmed = confirm_writes(ws, profile, &rows, yes)?;
        for row in rows {
            requests.push(row.request.to_api()?);
            labels.push(row.name);
        }
    }
    if let Some(path) = from {
        for (label, req) in read_file(path)? {
            labels.push(label);
            requests.push(req);
        }
    }
    let outcome = ws.send_batch(profile, requests, confirmed).await;
    print_token_events(ws, profile);
    let outcome = outcome?;
    if !outcome.batch.is_success() {
        crate::output::print_exchange(&outcome.batch);
        return Ok(false);
    }
    let label = |id: &str| -> String {
        id.parse::<usize>()
            .ok()
            .and_then(|n| labels.get(n.wrapping_sub(1)))
            .cloned()
            .unwrap_or_else(|| id.to_string())
    };
    let mut results: Vec<RunResult> = outcome
        .serviced
        .iter()
        .map(|b| RunResult::answered(&label(&b.id), &b.exchange))
        .collect();
    for id in &outcome.unserviced {
        results.push(RunResult {
            name: label(id),
            method: String::new(),
            url: String::new(),
            status: None,
            reason: String::new(),
            elapsed_ms: 0.0,
            size: 0,
            error: Some("unserviced: the instance ran out of time for it, even on retry".into()),
        });
    }
    let mut table = summary_table(&results);
    table.push_str(&format!(
        "batch {}: {} serviced, {} unserviced ({} retried)\n",
        outcome.batch.status,
        outcome.serviced.len(),
        outcome.unserviced.len(),
        outcome.retried
    ));
    if std::io::stdout().is_terminal() {
        print!("{table}");
    } else {
        eprint!("{table}");
        let items: Vec<Value> = outcome
            .serviced
            .iter()
            .map(|b| {
                let x = &b.exchange;
                json!({
                    "id": b.id,
                    "name": label(&b.id),
                    "method": x.request.method,
                    "url": x.request.url,
                    "status": x.status,
                    "reason": x.reason,
                    "elapsed_ms": x.elapsed_ms,
                    "body": x.json().unwrap_or_else(|| Value::String(x.body_text().into_owned())),
                })
            })
            .collect();
        print_json(&json!({
            "serviced": items,
            "unserviced": outcome.unserviced,
            "retried": outcome.retried,
        }));
    }
    Ok(outcome.passed())
}

/// `[{"name"?, "method", "path", "body"?}]`: a body may be JSON or a string of it.
fn read_file(path: &Path) -> Result<Vec<(String, ApiRequest)>, CliError> {
    let bad = |why: String| {
        CliError::usage(
            format!("{}: {why}", path.display()),
            "Give a JSON array such as [{\"method\":\"GET\",\"path\":\"/api/now/table/incident?sysparm_limit=1\"}].",
        )
    };
    let text = std::fs::read_to_string(path).map_err(|source| CliError::Read {
        what: path.display().to_string(),
        source,
    })?;
    let list: Vec<Value> = serde_json::from_str(&text).map_err(|e| bad(e.to_string()))?;
    list.iter()
        .enumerate()
        .map(|(n, item)| {
            let field = |k: &str| item.get(k).and_then(Value::as_str).unwrap_or("").trim();
            let method = Method::from_bytes(field("method").to_ascii_uppercase().as_bytes())
                .map_err(|_| bad(format!("item {} has no HTTP method", n + 1)))?;
            if field("path").is_empty() {
                return Err(bad(format!("item {} has no path", n + 1)));
            }
            let mut req = ApiRequest::new(method.clone(), field("path"));
            req.body = match item.get("body") {
                None | Some(Value::Null) => None,
                Some(Value::String(s)) => Some(s.clone()),
                Some(other) => Some(other.to_string()),
            };
            let name = match field("name") {
                "" => format!("{method} {}", field("path")),
                n => n.to_string(),
            };
            Ok((name, req))
        })
        .collect()
}
