//! History, saved requests and "Fetch all" for the Request tab.

use std::sync::atomic::Ordering;

use snowpost_core::api::{RecordFormat, RecordWriter};
use snowpost_core::storage::{HistoryEntry, Rows, SavedRequestRow};
use snowpost_core::views::RequestInput;
use snowpost_core::workbench::{self, snippet, CurlImport, EncodedQuery, SnippetLanguage};
use snowpost_core::workspace::{FetchProgress, PostmanImport, Saved};
use tauri::ipc::Channel;
use tauri::{AppHandle, Runtime, State};

use crate::dialogs;
use crate::error::UiResult;
use crate::state::AppState;

// Dialog titles: what the user is asked, and how the end-to-end tests find the dialog.
pub const FETCH_ALL_TITLE: &str = "Fetch all records to";
pub const EXPORT_POSTMAN_TITLE: &str = "Export Postman collection";
pub const IMPORT_POSTMAN_TITLE: &str = "Import Postman collection";
pub const IMPORT_ENVIRONMENT_TITLE: &str = "Its Postman environment";

#[tauri::command]
pub async fn list_history(
    state: State<'_, AppState>,
    profile: Option<String>,
    search: String,
    limit: u32,
) -> UiResult<Rows<HistoryEntry>> {
    Ok(state
        .ws
        .history(profile.as_deref(), &search, limit.min(1000))?)
}

#[tauri::command]
pub async fn clear_history(state: State<'_, AppState>, profile: Option<String>) -> UiResult<usize> {
    Ok(state.ws.clear_history(profile.as_deref())?)
}

#[tauri::command]
pub async fn save_request(
    state: State<'_, AppState>,
    profile: String,
    name: String,
    input: RequestInput,
) -> UiResult<Saved> {
    Ok(state.ws.save_request(&profile, &name, &input)?)
}

#[tauri::command]
pub async fn list_saved(
    state: State<'_, AppState>,
    profile: String,
) -> UiResult<Rows<SavedRequestRow>> {
    Ok(state.ws.saved_requests(&profile)?)
}

#[tauri::command]
pub async fn delete_saved(state: State<'_, AppState>, id: i64) -> UiResult<()> {
    Ok(state.ws.delete_saved_request(id)?)
}

/// Asks where to save (native dialog, from Rust), then streams every page there, reporting
/// progress on `on_progress`. `None` when the dialog was cancelled.
#[tauri::command]
pub async fn fetch_all<R: Runtime>(
    app: AppHandle<R>,
    state: State<'_, AppState>,
    profile: String,
    input: RequestInput,
    on_progress: Channel<FetchProgress>,
) -> UiResult<Option<FetchProgress>> {
    let list = input.to_table_request()?;
    let name = format!("{}.ndjson", list.table);
    let filter = ("NDJSON or CSV", &["ndjson", "csv"][..]);
    let Some(path) = dialogs::save_as(&app, FETCH_ALL_TITLE, &name, Some(filter))? else {
        return Ok(None);
    };
    fetch_all_to(&state, &profile, &list, &path, |p| {
        let _ = on_progress.send(p.clone());
    })
    .await
    .map(Some)
}

/// The part after the dialog; tests call it directly.
pub async fn fetch_all_to(
    state: &AppState,
    profile: &str,
    list: &snowpost_core::TableRequest,
    path: &std::path::Path,
    on_page: impl FnMut(&FetchProgress),
) -> UiResult<FetchProgress> {
    let file = dialogs::create(path)?;
    let mut writer = RecordWriter::new(std::io::BufWriter::new(file), RecordFormat::for_path(path));
    state.cancel_fetch.store(false, Ordering::Relaxed);
    let result = state
        .ws
        .fetch_all(profile, list, &mut writer, &state.cancel_fetch, on_page)
        .await;
    writer.finish()?;
    Ok(FetchProgress {
        path: Some(path.display().to_string()),
        ..result?
    })
}

/// Stops a running "Fetch all" after its current page; what was written stays.
#[tauri::command]
pub async fn cancel_fetch_all(state: State<'_, AppState>) -> UiResult<()> {
    state.cancel_fetch.store(true, Ordering::Relaxed);
    Ok(())
}

/// Code for the current request; the token appears as `$SN_ACCESS_TOKEN`-style placeholders.
#[tauri::command]
pub async fn request_snippet(
    state: State<'_, AppState>,
    profile: String,
    input: RequestInput,
    language: SnippetLanguage,
) -> UiResult<String> {
    let p = state.ws.profile(&profile)?;
    Ok(snippet(language, &p.instance, &input.to_api()?))
}

/// A pasted curl command as a request for this profile (its password, if any, is dropped).
#[tauri::command]
pub async fn import_curl(
    state: State<'_, AppState>,
    profile: String,
    command: String,
) -> UiResult<CurlImport> {
    let instance = state.ws.profile(&profile)?.instance;
    Ok(workbench::import_curl(&command, &instance)?)
}

#[tauri::command]
pub async fn parse_query(query: String) -> UiResult<EncodedQuery> {
    Ok(EncodedQuery::parse(&query))
}

#[tauri::command]
pub async fn encode_query(query: EncodedQuery) -> UiResult<String> {
    Ok(query.encode())
}

/// Writes `<profile>.postman_collection.json` where the user chooses, and the environment
/// beside it; returns the collection's path, `None` when cancelled.
#[tauri::command]
pub async fn export_postman<R: Runtime>(
    app: AppHandle<R>,
    state: State<'_, AppState>,
    profile: String,
) -> UiResult<Option<String>> {
    let (collection, environment) = state.ws.export_postman(&profile)?;
    let file = format!("{profile}.postman_collection.json");
    let Some(path) = dialogs::save_as(&app, EXPORT_POSTMAN_TITLE, &file, None)? else {
        return Ok(None);
    };
    let env_path = path.with_file_name(format!("{profile}.postman_environment.json"));
    for (p, v) in [(&path, collection), (&env_path, environment)] {
        let text = serde_json::to_string_pretty(&v).unwrap_or_default();
        dialogs::write(p, text)?;
    }
    Ok(Some(path.display().to_string()))
}

/// Reads a collection the user picks (then, with `with_environment`, a Postman environment)
/// and saves its requests under the profile.
#[tauri::command]
pub async fn import_postman<R: Runtime>(
    app: AppHandle<R>,
    state: State<'_, AppState>,
    profile: String,
    with_environment: bool,
) -> UiResult<Option<PostmanImport>> {
    state.ws.profile(&profile)?;
    let filter = ("Postman collection", &["json"][..]);
    let Some(path) = dialogs::pick(&app, IMPORT_POSTMAN_TITLE, filter)? else {
        return Ok(None);
    };
    let json = dialogs::read(&path)?;
    let environment = match with_environment {
        true => match dialogs::pick(
            &app,
            IMPORT_ENVIRONMENT_TITLE,
            ("Postman environment", &["json"][..]),
        )? {
            Some(p) => Some(dialogs::read(&p)?),
            None => return Ok(None),
        },
        false => None,
    };
    Ok(Some(state.ws.import_postman(
        &profile,
        &json,
        environment.as_deref(),
    )?))
}
