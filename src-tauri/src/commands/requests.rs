use snowpost_core::api::aggregate::{AggregateRequest, AggregateTable};
use snowpost_core::api::scripted_rest::{ScriptedApi, ScriptedOperation};
use snowpost_core::guard::Confirmed;
use snowpost_core::views::{BatchView, BodyFile, ExchangeView, RequestInput};
use snowpost_core::workbench::RunResult;
use tauri::{AppHandle, Runtime, State};

use crate::dialogs;
use crate::error::UiResult;
use crate::state::AppState;

#[tauri::command]
pub async fn create_incident(
    state: State<'_, AppState>,
    profile: String,
    fields: serde_json::Value,
    confirmed: Option<bool>,
) -> UiResult<ExchangeView> {
    let yes = confirmed_of(confirmed);
    let (exchange, incident) = state.ws.create_incident(&profile, fields, yes).await?;
    Ok(state.exchanges().insert(exchange, incident))
}

#[tauri::command]
pub async fn send_request(
    state: State<'_, AppState>,
    profile: String,
    input: RequestInput,
    confirmed: Option<bool>,
) -> UiResult<ExchangeView> {
    let yes = confirmed_of(confirmed);
    let exchange = state.ws.send_input_as(&profile, &input, yes).await?;
    Ok(state.exchanges().insert(exchange, None))
}

/// Picks the file the Request tab sends as its body; `None` when the user cancels.
#[tauri::command]
pub async fn pick_body_file<R: Runtime>(
    app: AppHandle<R>,
    state: State<'_, AppState>,
) -> UiResult<Option<BodyFile>> {
    let Some(path) = dialogs::pick(&app, "Request body", ("All files", &["*"]))? else {
        return Ok(None);
    };
    let file = BodyFile::of(&path)?;
    *state.body_file.lock().unwrap_or_else(|e| e.into_inner()) = Some(path);
    Ok(Some(file))
}

/// `send_request` with the picked file as the body, streamed from disk.
#[tauri::command]
pub async fn send_request_file(
    state: State<'_, AppState>,
    profile: String,
    input: RequestInput,
    confirmed: Option<bool>,
) -> UiResult<ExchangeView> {
    let (path, yes) = (state.body_file(), confirmed_of(confirmed));
    let x = (state.ws)
        .send_input_file_as(&profile, &input, path.as_deref(), yes)
        .await?;
    Ok(state.exchanges().insert(x, None))
}

/// "Run all": the saved requests named (all for none) in order, one result each.
#[tauri::command]
pub async fn run_saved(
    state: State<'_, AppState>,
    profile: String,
    names: Vec<String>,
    confirmed: Option<bool>,
) -> UiResult<Vec<RunResult>> {
    let rows = state.ws.saved_named(&profile, &names)?;
    Ok(state
        .ws
        .run_saved(&profile, &rows, confirmed_of(confirmed))
        .await)
}

/// "Send as batch": the saved requests named as one Batch API call, each answer its own exchange.
#[tauri::command]
pub async fn send_batch(
    state: State<'_, AppState>,
    profile: String,
    names: Vec<String>,
    confirmed: Option<bool>,
) -> UiResult<BatchView> {
    let yes = confirmed_of(confirmed);
    let (outcome, names) = state.ws.send_saved_batch(&profile, &names, yes).await?;
    Ok(BatchView::store(outcome, &names, &mut state.exchanges()))
}

/// The Aggregate API: the exchange, and its table when the answer is one.
#[tauri::command]
pub async fn aggregate(
    state: State<'_, AppState>,
    profile: String,
    request: AggregateRequest,
) -> UiResult<(ExchangeView, Option<AggregateTable>)> {
    let (exchange, table) = state.ws.aggregate(&profile, &request).await?;
    Ok((state.exchanges().insert(exchange, None), table))
}

/// The instance's Scripted REST APIs, as REST API Explorer lists them.
#[tauri::command]
pub async fn scripted_apis(
    state: State<'_, AppState>,
    profile: String,
    search: String,
) -> UiResult<Vec<ScriptedApi>> {
    Ok(state.ws.scripted_apis(&profile, &search).await?)
}

/// One Scripted REST operation, its `{path parameters}` filled in; the answer opens in the viewer.
#[tauri::command]
pub async fn call_scripted_operation(
    state: State<'_, AppState>,
    profile: String,
    operation: ScriptedOperation,
    path_params: Vec<(String, String)>,
    body: Option<String>,
    confirmed: Option<bool>,
) -> UiResult<ExchangeView> {
    let req = operation.request(&path_params, body.filter(|b| !b.trim().is_empty()))?;
    let exchange = state
        .ws
        .send_as(&profile, &req, confirmed_of(confirmed))
        .await?;
    Ok(state.exchanges().insert(exchange, None))
}

/// The webview sends `confirmed: true` only after its confirm dialog for this write.
pub(crate) fn confirmed_of(confirmed: Option<bool>) -> Confirmed {
    if confirmed == Some(true) {
        Confirmed::Yes
    } else {
        Confirmed::No
    }
}
