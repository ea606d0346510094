/// Every command the webview may call; each gets its own `allow-…` permission, granted one by
/// one in capabilities/main.json. Shared by build.rs and the app so the two cannot drift.
pub const COMMANDS: &[&str] = &[
    "list_profiles",
    "save_profile",
    "delete_profile",
    "duplicate_profile",
    "check_instance",
    "set_secret",
    "clear_secret",
    "token_form",
    "preview_token_request",
    "send_token_request",
    "token_status",
    "reveal_access_token",
    "copy_access_token",
    "create_incident",
    "send_request",
    "response_page",
    "copy_response",
    "save_response",
    "open_in_browser",
    "start_sandbox",
];
