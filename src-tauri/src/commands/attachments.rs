//! A record's attachments: list, attach (native open dialog), save (native save dialog), delete.
//! Files are read and written here, streamed; the webview never sees a path it did not pick.

use snowpost_core::views::{attachment_rows, AttachmentList, ExchangeView};
use tauri::{AppHandle, Manager, Runtime, State};

use super::requests::confirmed_of;
use crate::dialogs;
use crate::error::{UiError, UiResult};
use crate::state::AppState;

#[tauri::command]
pub async fn list_attachments(
    state: State<'_, AppState>,
    profile: String,
    table: String,
    record: String,
) -> UiResult<AttachmentList> {
    let x = state.ws.list_attachments(&profile, &table, &record).await?;
    let attachments = attachment_rows(&x.body);
    let exchange = state.exchanges().insert(x, None);
    Ok(AttachmentList {
        exchange,
        attachments,
    })
}

/// `None` when the user cancels the dialog.
#[tauri::command]
pub async fn attach_file<R: Runtime>(
    app: AppHandle<R>,
    state: State<'_, AppState>,
    profile: String,
    table: String,
    record: String,
    confirmed: Option<bool>,
) -> UiResult<Option<ExchangeView>> {
    let Some(path) = dialogs::pick(&app, "Attach a file", ("All files", &["*"]))? else {
        return Ok(None);
    };
    let yes = confirmed_of(confirmed);
    let x = (state.ws)
        .upload_attachment(&profile, &table, &record, &path, None, yes)
        .await?;
    Ok(Some(state.exchanges().insert(x, None)))
}

/// Saves the bytes where the user chooses, streamed; `None` when the user cancels. A refused
/// download comes back as the exchange (a 4xx is data) and leaves no file.
#[tauri::command]
pub async fn save_attachment<R: Runtime>(
    app: AppHandle<R>,
    state: State<'_, AppState>,
    profile: String,
    sys_id: String,
    file_name: String,
) -> UiResult<Option<ExchangeView>> {
    let Some(path) = dialogs::save_as(&app, "Save attachment", &file_name, None)? else {
        return Ok(None);
    };
    let mut file = std::io::BufWriter::new(dialogs::create(&path)?);
    let x = state
        .ws
        .download_attachment(&profile, &sys_id, &mut file)
        .await;
    drop(file);
    if !x.as_ref().is_ok_and(|x| x.is_success()) {
        let _ = std::fs::remove_file(&path);
    }
    Ok(Some(state.exchanges().insert(x?, None)))
}

#[tauri::command]
pub async fn delete_attachment(
    state: State<'_, AppState>,
    profile: String,
    sys_id: String,
    confirmed: Option<bool>,
) -> UiResult<ExchangeView> {
    let yes = confirmed_of(confirmed);
    let x = state.ws.delete_attachment(&profile, &sys_id, yes).await?;
    Ok(state.exchanges().insert(x, None))
}

/// Hands a kept binary body (a PDF, say) to the system's viewer: written to the app's cache
/// folder, which only the user can read, and opened there.
#[tauri::command]
pub async fn open_response_file<R: Runtime>(
    app: AppHandle<R>,
    state: State<'_, AppState>,
    id: u32,
) -> UiResult<String> {
    let (body, name) = {
        let mut store = state.exchanges();
        (store.raw(id)?.to_vec(), store.file_name(id)?)
    };
    let dir = app
        .path()
        .app_cache_dir()
        .map_err(|e| UiError::Desktop(format!("no cache folder: {e}")))?
        .join("opened");
    dialogs::create_private_dir(&dir)?;
    let path = dir.join(format!("{id}-{name}"));
    dialogs::write(&path, body)?;
    open::that_detached(&path)
        .map_err(|e| UiError::Desktop(format!("cannot open the system viewer: {e}")))?;
    Ok(path.display().to_string())
}
