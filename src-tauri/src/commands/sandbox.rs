use snowpost_core::views::ProfileView;
use tauri::State;

use crate::error::UiResult;
use crate::state::AppState;

#[tauri::command]
pub async fn start_sandbox(state: State<'_, AppState>) -> UiResult<ProfileView> {
    crate::sandbox::start(&state).await
}
