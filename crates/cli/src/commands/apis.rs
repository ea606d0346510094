//! `snowpost apis`: the instance's Scripted REST APIs, as REST API Explorer lists them, and a
//! call to one operation with its path parameters filled in.

use snowpost_core::{Exchange, Workspace};

use crate::args::ApisAction;
use crate::commands::api::send_guarded;
use crate::error::CliError;
use crate::input::{pairs, read_data};
use crate::output::{print_exchange, print_json};

/// `None` for the listing; the exchange of a call.
pub async fn run(
    ws: &Workspace,
    profile: &str,
    search: &str,
    action: Option<ApisAction>,
    yes: bool,
) -> Result<Option<Exchange>, CliError> {
    let Some(ApisAction::Call {
        api,
        operation,
        path_params,
        data,
    }) = action
    else {
        let apis = ws.scripted_apis(profile, search).await?;
        print_json(&serde_json::to_value(apis).unwrap_or_default());
        return Ok(None);
    };
    let op = ws.scripted_operation(profile, &api, &operation).await?;
    let values = pairs(&path_params, '=', "--path-param")?;
    let body = data.as_deref().map(read_data).transpose()?;
    let req = op.request(&values, body)?;
    let x = send_guarded(ws, profile, &req, yes).await?;
    print_exchange(&x);
    Ok(Some(x))
}
