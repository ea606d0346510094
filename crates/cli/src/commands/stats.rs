//! `snowpost stats`: the Aggregate API as a table (JSON when piped).

use std::io::IsTerminal;

use snowpost_core::api::aggregate::AggregateRequest;
use snowpost_core::{Exchange, Workspace};

use crate::args::StatsArgs;
use crate::error::CliError;
use crate::output::{print_exchange, print_json};

pub async fn run(
    ws: &Workspace,
    profile: &str,
    req: AggregateRequest,
) -> Result<Exchange, CliError> {
    let (x, table) = ws.aggregate(profile, &req).await?;
    match table {
        Some(t) if std::io::stdout().is_terminal() => print!("{}", t.render()),
        Some(t) => print_json(&serde_json::to_value(&t).unwrap_or_default()),
        None => print_exchange(&x),
    }
    Ok(x)
}

impl From<StatsArgs> for AggregateRequest {
    fn from(a: StatsArgs) -> Self {
        AggregateRequest {
            table: a.table,
            count: a.count,
            group_by: a.group_by,
            avg: a.avg,
            min: a.min,
            max: a.max,
            sum: a.sum,
            query: a.query,
        }
    }
}
