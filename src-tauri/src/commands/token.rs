use snowpost_core::token_events::TokenEvent;
use snowpost_core::views::{FormGrant, FormRow, TokenForm, TokenPreview, TokenView};
use tauri::{AppHandle, Runtime, State};
use tauri_plugin_clipboard_manager::ClipboardExt;

use crate::error::{UiError, UiResult};
use crate::state::AppState;

#[tauri::command]
pub async fn token_form(
    state: State<'_, AppState>,
    profile: String,
    grant: FormGrant,
) -> UiResult<TokenForm> {
    let req = state.ws.token_request_for(&profile, grant)?;
    Ok(TokenForm::from_request(&req, grant))
}

#[tauri::command]
pub async fn preview_token_request(
    state: State<'_, AppState>,
    profile: String,
    grant: FormGrant,
    rows: Vec<FormRow>,
) -> UiResult<TokenPreview> {
    Ok(TokenPreview::of(
        &state.ws.token_request_from_rows(&profile, grant, &rows)?,
    ))
}

#[tauri::command]
pub async fn send_token_request(
    state: State<'_, AppState>,
    profile: String,
    grant: FormGrant,
    rows: Vec<FormRow>,
) -> UiResult<TokenView> {
    let req = state.ws.token_request_from_rows(&profile, grant, &rows)?;
    let token = state.ws.send_token_request(&profile, &req).await?;
    Ok(TokenView::new(&profile, &token))
}

/// Opens the system browser for an authorization-code profile and waits for it to come back
/// (5 minutes at most, or until `cancel_sign_in`).
#[tauri::command]
pub async fn sign_in(state: State<'_, AppState>, profile: String) -> UiResult<TokenView> {
    let cancelled = state.cancel_sign_in.notified();
    let token = (state.ws)
        .sign_in(&profile, snowpost_core::oauth::open_browser, cancelled)
        .await?;
    Ok(TokenView::new(&profile, &token))
}

/// The paste fallback: a new attempt, opened in the system browser when one starts; its URL
/// is returned so the user can open it elsewhere too.
#[tauri::command]
pub async fn begin_paste_sign_in(state: State<'_, AppState>, profile: String) -> UiResult<String> {
    let url = state.ws.begin_paste_sign_in(&profile)?;
    // No browser here is fine: the URL is shown to copy.
    let _ = snowpost_core::oauth::open_browser(&url);
    Ok(url.to_string())
}

#[tauri::command]
pub async fn finish_paste_sign_in(
    state: State<'_, AppState>,
    profile: String,
    landed: String,
) -> UiResult<TokenView> {
    let token = state.ws.finish_paste_sign_in(&profile, &landed).await?;
    Ok(TokenView::new(&profile, &token))
}

#[tauri::command]
pub async fn cancel_sign_in(state: State<'_, AppState>) -> UiResult<()> {
    state.cancel_sign_in.notify_waiters();
    Ok(())
}

#[tauri::command]
pub async fn token_status(
    state: State<'_, AppState>,
    profile: String,
) -> UiResult<Option<TokenView>> {
    Ok(state
        .ws
        .current_token(&profile)?
        .map(|t| TokenView::new(&profile, &t)))
}

/// The one command that hands a token to the webview: only on an explicit Reveal.
#[tauri::command]
pub async fn reveal_access_token(state: State<'_, AppState>, profile: String) -> UiResult<String> {
    let t = state.ws.current_token(&profile)?.ok_or_else(|| {
        UiError::Desktop("no access token yet: send the token request first".into())
    })?;
    Ok(t.access_token.expose().to_string())
}

/// Copies in Rust, so the token never passes through JavaScript.
#[tauri::command]
pub async fn copy_access_token<R: Runtime>(
    app: AppHandle<R>,
    state: State<'_, AppState>,
    profile: String,
) -> UiResult<()> {
    let t = state.ws.current_token(&profile)?.ok_or_else(|| {
        UiError::Desktop("no access token yet: send the token request first".into())
    })?;
    app.clipboard()
        .write_text(t.access_token.expose())
        .map_err(|e| UiError::Desktop(format!("cannot write the clipboard: {e}")))
}

/// Revokes at the instance, then forgets locally (also when the instance cannot be reached).
#[tauri::command]
pub async fn revoke_tokens(state: State<'_, AppState>, profile: String) -> UiResult<()> {
    Ok(state.ws.revoke(&profile).await?)
}

/// What happened to the profile's token (refreshed, re-granted, rejected…), no values.
#[tauri::command]
pub async fn token_events(
    state: State<'_, AppState>,
    profile: String,
) -> UiResult<Vec<TokenEvent>> {
    Ok(state.ws.token_events(&profile))
}
