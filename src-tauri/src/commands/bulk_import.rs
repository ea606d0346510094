//! "Import records…" on the Request tab: rows of a picked file written to a table, with live
//! progress and Cancel (a re-run resumes from the results file beside the input).

use std::path::Path;
use std::sync::atomic::Ordering;

use snowpost_core::bulk::{count_rows, default_results, open_rows};
use snowpost_core::guard::Confirmed;
use snowpost_core::workspace::{ImportOptions, ImportProgress, DEFAULT_CONCURRENCY};
use tauri::ipc::Channel;
use tauri::{AppHandle, Runtime, State};

use crate::dialogs;
use crate::error::UiResult;
use crate::state::AppState;

/// The open dialog's title: what the user is asked, and how the end-to-end tests find it.
pub const IMPORT_RECORDS_TITLE: &str = "Import records from";

/// Asks for the file (native dialog), then imports it into `table`. `None` when the dialog
/// was cancelled.
#[tauri::command]
pub async fn import_records<R: Runtime>(
    app: AppHandle<R>,
    state: State<'_, AppState>,
    profile: String,
    table: String,
    update_key: Option<String>,
    confirmed: Option<bool>,
    on_progress: Channel<ImportProgress>,
) -> UiResult<Option<ImportProgress>> {
    let filter = ("NDJSON or CSV", &["ndjson", "jsonl", "csv"][..]);
    let Some(path) = dialogs::pick(&app, IMPORT_RECORDS_TITLE, filter)? else {
        return Ok(None);
    };
    let confirmed = if confirmed == Some(true) {
        Confirmed::Yes
    } else {
        Confirmed::No
    };
    let options = ImportOptions {
        table,
        concurrency: DEFAULT_CONCURRENCY,
        update_key: update_key.filter(|k| !k.trim().is_empty()),
        confirmed,
        total: None,
    };
    import_from(&state, &profile, options, &path, &|p| {
        let _ = on_progress.send(p.clone());
    })
    .await
    .map(Some)
}

/// The part after the dialog; tests call it directly.
pub async fn import_from(
    state: &AppState,
    profile: &str,
    options: ImportOptions,
    path: &Path,
    on_progress: &(dyn Fn(&ImportProgress) + Sync),
) -> UiResult<ImportProgress> {
    let options = ImportOptions {
        total: Some(count_rows(path)?),
        ..options
    };
    state.cancel_import.store(false, Ordering::SeqCst);
    let results = default_results(path);
    Ok(state
        .ws
        .import_records(
            profile,
            open_rows(path)?,
            &results,
            &options,
            &state.cancel_import,
            on_progress,
        )
        .await?)
}

/// Stops a running import once the rows in flight are written; a re-run resumes.
#[tauri::command]
pub async fn cancel_import_records(state: State<'_, AppState>) -> UiResult<()> {
    state.cancel_import.store(true, Ordering::SeqCst);
    Ok(())
}
