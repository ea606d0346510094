use snowpost_core::views::{BodyPage, CopyFormat, GridInfo, GridPage, GridSort};
use tauri::{AppHandle, Runtime, State};
use tauri_plugin_clipboard_manager::ClipboardExt;

use crate::dialogs;
use crate::error::{UiError, UiResult};
use crate::state::AppState;

/// `early`: while a big body is still being formatted, the first page may come from its start.
#[tauri::command]
pub async fn response_page(
    state: State<'_, AppState>,
    id: u32,
    pretty: bool,
    start: u32,
    count: u32,
    early: Option<bool>,
) -> UiResult<BodyPage> {
    let (count, mut store) = (count.min(5_000), state.exchanges());
    Ok(match early == Some(true) && start == 0 {
        true => store.first_page(id, pretty, count)?,
        false => store.page(id, pretty, start, count)?,
    })
}

/// Lines of the body that contain `query` (case-insensitive), for search in big bodies.
#[tauri::command]
pub async fn search_response(
    state: State<'_, AppState>,
    id: u32,
    pretty: bool,
    query: String,
) -> UiResult<Vec<u32>> {
    Ok(state.exchanges().search(id, pretty, &query, 10_000)?)
}

#[tauri::command]
pub async fn copy_response<R: Runtime>(
    app: AppHandle<R>,
    state: State<'_, AppState>,
    id: u32,
) -> UiResult<()> {
    let text = String::from_utf8_lossy(state.exchanges().raw(id)?).into_owned();
    app.clipboard()
        .write_text(text)
        .map_err(|e| UiError::Desktop(format!("cannot write the clipboard: {e}")))
}

/// A native save dialog opened from Rust: the webview has no file system access.
#[tauri::command]
pub async fn save_response<R: Runtime>(
    app: AppHandle<R>,
    state: State<'_, AppState>,
    id: u32,
) -> UiResult<Option<String>> {
    let (body, name) = {
        let mut store = state.exchanges();
        (store.raw(id)?.to_vec(), store.file_name(id)?)
    };
    let Some(path) = dialogs::save_as(&app, "Save response body", &name, None)? else {
        return Ok(None);
    };
    dialogs::write(&path, body)?;
    Ok(Some(path.display().to_string()))
}

/// An image body as a `data:` URL for the viewer's preview.
#[tauri::command]
pub async fn response_image(state: State<'_, AppState>, id: u32) -> UiResult<String> {
    Ok(state.exchanges().image_data_url(id)?)
}

/// Opens a record in the system browser — only an address on one of the saved instances.
#[tauri::command]
pub async fn open_in_browser(state: State<'_, AppState>, url: String) -> UiResult<()> {
    let target = url::Url::parse(&url).map_err(|e| UiError::Desktop(format!("not a URL: {e}")))?;
    if !state
        .ws
        .profiles()?
        .iter()
        .any(|p| p.instance.owns(&target))
    {
        return Err(UiError::Desktop(format!(
            "{url} is not on a saved instance"
        )));
    }
    open::that_detached(target.as_str())
        .map_err(|e| UiError::Desktop(format!("cannot open the browser: {e}")))
}

/// The grid's columns and row count for a kept response, or why it has none.
#[tauri::command]
pub async fn response_grid(state: State<'_, AppState>, id: u32) -> UiResult<GridInfo> {
    Ok(state.exchanges().grid_info(id)?)
}

#[tauri::command]
pub async fn grid_page(
    state: State<'_, AppState>,
    id: u32,
    start: u32,
    count: u32,
    sort: Option<GridSort>,
    columns: Vec<String>,
) -> UiResult<GridPage> {
    let count = count.min(2_000);
    Ok(state
        .exchanges()
        .grid_page(id, start, count, sort.as_ref(), &columns)?)
}

#[tauri::command]
pub async fn grid_record(state: State<'_, AppState>, id: u32, record: u32) -> UiResult<String> {
    Ok(state.exchanges().grid_record(id, record)?)
}

/// Rows `start..end` of the grid, as shown, to the clipboard; written from Rust.
#[tauri::command]
#[allow(clippy::too_many_arguments)]
pub async fn copy_grid<R: Runtime>(
    app: AppHandle<R>,
    state: State<'_, AppState>,
    id: u32,
    start: u32,
    end: u32,
    sort: Option<GridSort>,
    columns: Vec<String>,
    format: CopyFormat,
) -> UiResult<u32> {
    let text = state
        .exchanges()
        .grid_copy(id, (start, end), sort.as_ref(), &columns, format)?;
    app.clipboard()
        .write_text(text)
        .map_err(|e| UiError::Desktop(format!("cannot write the clipboard: {e}")))?;
    Ok(end.saturating_sub(start))
}
