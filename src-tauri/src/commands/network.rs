use snowpost_core::network::{NetworkSettings, NetworkView};
use snowpost_core::SecretString;
use tauri::State;

use crate::error::UiResult;
use crate::state::AppState;

#[tauri::command]
pub async fn network_settings(state: State<'_, AppState>) -> UiResult<NetworkView> {
    Ok(state.ws.network()?)
}

#[tauri::command]
pub async fn save_network(
    state: State<'_, AppState>,
    settings: NetworkSettings,
) -> UiResult<NetworkView> {
    Ok(state.ws.set_network(settings)?)
}

/// Write-only: the password goes to the keychain; the webview only learns that one is set.
#[tauri::command]
pub async fn set_proxy_password(
    state: State<'_, AppState>,
    value: String,
) -> UiResult<NetworkView> {
    state.ws.set_proxy_password(SecretString::new(value))?;
    Ok(state.ws.network()?)
}

#[tauri::command]
pub async fn clear_proxy_password(state: State<'_, AppState>) -> UiResult<NetworkView> {
    state.ws.clear_proxy_password()?;
    Ok(state.ws.network()?)
}

/// The path of a PEM file the user picks (not its contents); `None` when cancelled.
#[tauri::command]
pub async fn pick_ca_bundle<R: tauri::Runtime>(
    app: tauri::AppHandle<R>,
) -> UiResult<Option<String>> {
    let filter = ("PEM certificates", &["pem", "crt", "cer"][..]);
    let path = crate::dialogs::pick(&app, "CA bundle (PEM)", filter)?;
    Ok(path.map(|p| p.display().to_string()))
}
