use snowpost_core::views::{ExchangeView, RequestInput};
use tauri::State;

use crate::error::UiResult;
use crate::state::AppState;

#[tauri::command]
pub async fn create_incident(
    state: State<'_, AppState>,
    profile: String,
    fields: serde_json::Value,
) -> UiResult<ExchangeView> {
    let (exchange, incident) = state.ws.create_incident(&profile, fields).await?;
    Ok(state.exchanges().insert(exchange, incident))
}

#[tauri::command]
pub async fn send_request(
    state: State<'_, AppState>,
    profile: String,
    input: RequestInput,
) -> UiResult<ExchangeView> {
    let exchange = state.ws.send(&profile, &input.to_api()?).await?;
    Ok(state.exchanges().insert(exchange, None))
}
