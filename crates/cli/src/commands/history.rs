use snowpost_core::Workspace;

use crate::error::CliError;
use crate::output::print_json;

pub fn run(
    ws: &Workspace,
    profile: Option<&str>,
    search: &str,
    limit: u32,
    clear: bool,
) -> Result<(), CliError> {
    if clear {
        let n = ws.clear_history(profile)?;
        eprintln!(
            "deleted {n} history entr{}",
            if n == 1 { "y" } else { "ies" }
        );
        return Ok(());
    }
    let entries = ws.history(profile, search, limit.min(5_000))?;
    super::saved::skipped(&entries.skipped);
    print_json(&serde_json::to_value(entries.rows).unwrap_or_default());
    Ok(())
}
