//! The Snowpost desktop app: state wiring and thin command adapters over `snowpost_core`.

mod command_names;
pub mod commands;
mod dialogs;
pub mod error;
mod rendering;
pub mod sandbox;
pub mod state;

pub use command_names::COMMANDS;

use snowpost_core::Workspace;
use tauri::{Builder, Manager, Runtime};

use state::AppState;

/// Plugins, state and commands: shared by the real app and the mock-runtime tests.
pub fn setup<R: Runtime>(builder: Builder<R>, state: AppState) -> Builder<R> {
    builder
        .plugin(tauri_plugin_clipboard_manager::init())
        .plugin(tauri_plugin_dialog::init())
        .manage(state)
        .invoke_handler(tauri::generate_handler![
            commands::profiles::list_profiles,
            commands::profiles::save_profile,
            commands::profiles::delete_profile,
            commands::profiles::duplicate_profile,
            commands::profiles::check_instance,
            commands::profiles::set_secret,
            commands::profiles::clear_secret,
            commands::profiles::pick_private_key,
            commands::profiles::jwt_public_key,
            commands::token::token_form,
            commands::token::preview_token_request,
            commands::token::send_token_request,
            commands::token::sign_in,
            commands::token::cancel_sign_in,
            commands::token::begin_paste_sign_in,
            commands::token::finish_paste_sign_in,
            commands::token::token_status,
            commands::token::reveal_access_token,
            commands::token::copy_access_token,
            commands::token::revoke_tokens,
            commands::token::token_events,
            commands::requests::create_incident,
            commands::requests::run_saved,
            commands::requests::send_batch,
            commands::requests::scripted_apis,
            commands::requests::call_scripted_operation,
            commands::requests::aggregate,
            commands::requests::send_request,
            commands::requests::pick_body_file,
            commands::requests::send_request_file,
            commands::response::response_page,
            commands::response::search_response,
            commands::response::copy_response,
            commands::response::save_response,
            commands::response::open_in_browser,
            commands::attachments::list_attachments,
            commands::attachments::attach_file,
            commands::attachments::save_attachment,
            commands::attachments::delete_attachment,
            commands::response::response_image,
            commands::attachments::open_response_file,
            commands::sandbox::start_sandbox,
            commands::workbench::list_history,
            commands::workbench::clear_history,
            commands::workbench::save_request,
            commands::workbench::list_saved,
            commands::workbench::delete_saved,
            commands::workbench::fetch_all,
            commands::workbench::cancel_fetch_all,
            commands::bulk_import::import_records,
            commands::bulk_import::cancel_import_records,
            commands::workbench::request_snippet,
            commands::workbench::import_curl,
            commands::workbench::parse_query,
            commands::workbench::encode_query,
            commands::workbench::export_postman,
            commands::workbench::import_postman,
            commands::schema::list_tables,
            commands::schema::table_schema,
            commands::schema::search_references,
            commands::schema::current_user,
            commands::schema::show_profile_in_title,
            commands::response::response_grid,
            commands::response::grid_page,
            commands::response::grid_record,
            commands::response::copy_grid,
            commands::network::network_settings,
            commands::network::save_network,
            commands::network::set_proxy_password,
            commands::network::clear_proxy_password,
            commands::network::pick_ca_bundle,
        ])
}

pub fn run() {
    let ws = match Workspace::open_default() {
        Ok(ws) => ws,
        Err(e) => {
            eprintln!("Snowpost cannot open its data: {e}\nhint: {}", e.hint());
            std::process::exit(1);
        }
    };
    setup(tauri::Builder::default(), AppState::new(ws))
        .setup(|app| {
            if let Some(window) = app.get_webview_window("main") {
                rendering::configure(&window);
            }
            Ok(())
        })
        .build(tauri::generate_context!())
        .unwrap_or_else(|e| {
            eprintln!("Snowpost could not start its window: {e}");
            std::process::exit(1);
        })
        .run(|app, event| {
            // The event loop exits the process without dropping state: the last history
            // entries are written here.
            if let tauri::RunEvent::Exit = event {
                app.state::<AppState>().ws.flush_history();
            }
        });
}
