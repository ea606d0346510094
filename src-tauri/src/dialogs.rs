//! Native file dialogs, opened from Rust (the webview has no file system access), and the
//! file writes that follow them, with errors that name the file.

use std::path::{Path, PathBuf};

use tauri::{AppHandle, Runtime};
use tauri_plugin_dialog::{DialogExt, FilePath};

use crate::error::{UiError, UiResult};

/// Asks where to save, offering `file_name`; `None` when the user cancels.
pub fn save_as<R: Runtime>(
    app: &AppHandle<R>,
    title: &str,
    file_name: &str,
    filter: Option<(&str, &[&str])>,
) -> UiResult<Option<PathBuf>> {
    let mut dialog = app
        .dialog()
        .file()
        .set_title(title)
        .set_file_name(file_name);
    if let Some((name, extensions)) = filter {
        dialog = dialog.add_filter(name, extensions);
    }
    local(dialog.blocking_save_file())
}

/// Asks for a file to open; `None` when the user cancels.
pub fn pick<R: Runtime>(
    app: &AppHandle<R>,
    title: &str,
    (name, extensions): (&str, &[&str]),
) -> UiResult<Option<PathBuf>> {
    let dialog = app
        .dialog()
        .file()
        .set_title(title)
        .add_filter(name, extensions);
    local(dialog.blocking_pick_file())
}

fn local(chosen: Option<FilePath>) -> UiResult<Option<PathBuf>> {
    chosen
        .map(|p| {
            p.into_path()
                .map_err(|e| UiError::Desktop(format!("not a local file: {e}")))
        })
        .transpose()
}

/// A folder only the user can enter (0700 on Unix).
pub fn create_private_dir(dir: &Path) -> UiResult<()> {
    let mut builder = std::fs::DirBuilder::new();
    builder.recursive(true);
    #[cfg(unix)]
    std::os::unix::fs::DirBuilderExt::mode(&mut builder, 0o700);
    builder.create(dir).map_err(|e| cannot("create", dir, e))
}

pub fn write(path: &Path, contents: impl AsRef<[u8]>) -> UiResult<()> {
    std::fs::write(path, contents).map_err(|e| cannot("write", path, e))
}

pub fn create(path: &Path) -> UiResult<std::fs::File> {
    std::fs::File::create(path).map_err(|e| cannot("write", path, e))
}

pub fn read(path: &Path) -> UiResult<String> {
    std::fs::read_to_string(path).map_err(|e| cannot("read", path, e))
}

fn cannot(what: &str, path: &Path, e: std::io::Error) -> UiError {
    UiError::Desktop(format!("cannot {what} {}: {e}", path.display()))
}
