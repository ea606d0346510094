//! `snowpost table PROFILE import TABLE --from FILE`: one write per row, resumable.

use std::io::IsTerminal;
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

use snowpost_core::bulk::{count_rows, default_results, open_rows};
use snowpost_core::workspace::{ImportOptions, ImportProgress};
use snowpost_core::Workspace;

use super::api::guarded;
use crate::args::TableAction;
use crate::error::CliError;

/// Imports the file; `Ok(false)` when any row failed.
pub async fn run(
    ws: &Workspace,
    profile: &str,
    action: TableAction,
    yes: bool,
) -> Result<bool, CliError> {
    let TableAction::Import {
        table,
        from,
        concurrency,
        update_key,
        results,
    } = action
    else {
        return Ok(true);
    };
    let results = results.unwrap_or_else(|| default_results(&from));
    let total = count_rows(&from)?;
    let options = ImportOptions {
        table,
        concurrency,
        update_key,
        confirmed: snowpost_core::guard::Confirmed::No,
        total: Some(total),
    };
    let cancel = Arc::new(AtomicBool::new(false));
    let on_ctrl_c = cancel.clone();
    tokio::spawn(async move {
        if tokio::signal::ctrl_c().await.is_ok() {
            eprintln!("\nstopping: rows in flight finish, the rest wait for a re-run");
            on_ctrl_c.store(true, Ordering::SeqCst);
        }
    });
    let terminal = std::io::stderr().is_terminal();
    let last_print = Mutex::new(Instant::now());
    let on_progress = |p: &ImportProgress| {
        let mut last = last_print.lock().unwrap_or_else(|e| e.into_inner());
        if terminal && last.elapsed() >= Duration::from_millis(200) {
            *last = Instant::now();
            eprint!("\r{}   ", line(p));
        }
    };
    let progress = guarded(profile, yes, |confirmed| {
        let options = ImportOptions {
            confirmed,
            ..options.clone()
        };
        let rows = open_rows(&from);
        let (cancel, results, on_progress) = (&cancel, &results, &on_progress);
        async move {
            ws.import_records(profile, rows?, results, &options, cancel, on_progress)
                .await
        }
    })
    .await?;
    if terminal {
        eprint!("\r");
    }
    eprintln!("{}", line(&progress));
    eprintln!("results: {}", results.display());
    if progress.cancelled {
        eprintln!("stopped early: run the same command again to send the remaining rows");
    }
    Ok(progress.failed == 0 && !progress.cancelled)
}

fn line(p: &ImportProgress) -> String {
    let total = p.total.unwrap_or(0);
    let eta = p
        .eta_secs
        .map(|s| format!(", ETA {s}s"))
        .unwrap_or_default();
    format!(
        "{}/{total} rows: {} inserted, {} updated, {} failed, {} skipped (done before); \
         {} rate limits waited out, {} not-processed (202) resent; {:.0} rows/s{eta}",
        p.skipped + p.finished(),
        p.inserted,
        p.updated,
        p.failed,
        p.skipped,
        p.rate_limited,
        p.not_processed,
        p.rate
    )
}
