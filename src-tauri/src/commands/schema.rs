//! What the instance knows about its tables, for the pickers and the body editor.

use snowpost_core::schema::{CurrentUser, ReferenceCandidate, TableList, TableSchema};
use tauri::{Runtime, State, WebviewWindow};

use crate::error::{UiError, UiResult};
use crate::state::AppState;

#[tauri::command]
pub async fn list_tables(
    state: State<'_, AppState>,
    profile: String,
    search: String,
    refresh: bool,
) -> UiResult<TableList> {
    Ok(state.ws.tables(&profile, &search, refresh).await?)
}

#[tauri::command]
pub async fn table_schema(
    state: State<'_, AppState>,
    profile: String,
    table: String,
    refresh: bool,
) -> UiResult<TableSchema> {
    Ok(state.ws.table_schema(&profile, &table, refresh).await?)
}

/// Records of `table` matching what the user typed, for a reference picker.
#[tauri::command]
pub async fn search_references(
    state: State<'_, AppState>,
    profile: String,
    table: String,
    text: String,
) -> UiResult<Vec<ReferenceCandidate>> {
    Ok(state
        .ws
        .search_references(&profile, &table, &text, 20)
        .await?)
}

#[tauri::command]
pub async fn current_user(state: State<'_, AppState>, profile: String) -> UiResult<CurrentUser> {
    Ok(state.ws.current_user(&profile).await?)
}

/// The window title names the profile and, outside development, its environment.
#[tauri::command]
pub async fn show_profile_in_title<R: Runtime>(
    window: WebviewWindow<R>,
    state: State<'_, AppState>,
    profile: Option<String>,
) -> UiResult<String> {
    let p = profile.map(|n| state.ws.profile(&n)).transpose()?;
    let title =
        snowpost_core::guard::window_title(p.as_ref().map(|p| (p.name.as_str(), p.environment)));
    window
        .set_title(&title)
        .map_err(|e| UiError::Desktop(format!("cannot set the window title: {e}")))?;
    Ok(title)
}
