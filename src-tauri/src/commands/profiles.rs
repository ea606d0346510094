use snowpost_core::oauth::jwt::PublicKeyInfo;
use snowpost_core::views::{ProfileView, SecretSlot};
use snowpost_core::{Instance, ProfileInput, SecretKind, SecretStatus, SecretString};
use tauri::State;

use crate::error::UiResult;
use crate::state::AppState;

#[tauri::command]
pub async fn list_profiles(state: State<'_, AppState>) -> UiResult<Vec<ProfileView>> {
    Ok(state.ws.profile_views()?)
}

#[tauri::command]
pub async fn save_profile(
    state: State<'_, AppState>,
    input: ProfileInput,
    is_new: bool,
    keep_secrets: bool,
) -> UiResult<ProfileView> {
    let p = if is_new {
        state.ws.add_profile(input)?
    } else {
        state.ws.update_profile(input, keep_secrets)?
    };
    Ok(state.ws.profile_view(p)?)
}

#[tauri::command]
pub async fn delete_profile(state: State<'_, AppState>, name: String) -> UiResult<()> {
    Ok(state.ws.remove_profile(&name)?)
}

#[tauri::command]
pub async fn duplicate_profile(
    state: State<'_, AppState>,
    name: String,
    new_name: String,
) -> UiResult<ProfileView> {
    let p = state.ws.duplicate_profile(&name, &new_name)?;
    Ok(state.ws.profile_view(p)?)
}

/// Normalises what the user typed, as they type it.
#[tauri::command]
pub async fn check_instance(input: String) -> UiResult<String> {
    Ok(Instance::parse(&input)?.to_string())
}

#[tauri::command]
pub async fn set_secret(
    state: State<'_, AppState>,
    profile: String,
    slot: SecretSlot,
    value: String,
) -> UiResult<SecretStatus> {
    state
        .ws
        .set_secret(&profile, slot.into(), SecretString::new(value))?;
    Ok(state.ws.secret_status(&profile)?)
}

#[tauri::command]
pub async fn clear_secret(
    state: State<'_, AppState>,
    profile: String,
    slot: SecretSlot,
) -> UiResult<SecretStatus> {
    state.ws.clear_secret(&profile, slot.into())?;
    Ok(state.ws.secret_status(&profile)?)
}

pub const PICK_PRIVATE_KEY_TITLE: &str = "Private key for JWT bearer";

/// Reads a PEM file the user picks straight into the keychain: the key is never copied to
/// disk or handed to the webview. `None` when the dialog was cancelled.
#[tauri::command]
pub async fn pick_private_key<R: tauri::Runtime>(
    app: tauri::AppHandle<R>,
    state: State<'_, AppState>,
    profile: String,
) -> UiResult<Option<SecretStatus>> {
    let filter = ("PEM private key", &["pem", "key"][..]);
    let Some(path) = crate::dialogs::pick(&app, PICK_PRIVATE_KEY_TITLE, filter)? else {
        return Ok(None);
    };
    let pem = SecretString::new(crate::dialogs::read(&path)?);
    state.ws.set_secret(&profile, SecretKind::PrivateKey, pem)?;
    Ok(Some(state.ws.secret_status(&profile)?))
}

/// The public half of the profile's key (PEM, JWK, fingerprint) for the JWT verifier map.
#[tauri::command]
pub async fn jwt_public_key(
    state: State<'_, AppState>,
    profile: String,
) -> UiResult<PublicKeyInfo> {
    Ok(state.ws.jwt_public_key(&profile)?)
}
