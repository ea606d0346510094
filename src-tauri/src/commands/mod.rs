//! `#[tauri::command]` adapters: each a few lines over `snowpost_core`.

pub mod attachments;
pub mod bulk_import;
pub mod network;
pub mod profiles;
pub mod requests;
pub mod response;
pub mod sandbox;
pub mod schema;
pub mod token;
pub mod workbench;
