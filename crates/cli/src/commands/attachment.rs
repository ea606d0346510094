//! `snowpost attachment PROFILE upload|list|download|delete`.

use std::fs::{File, OpenOptions};
use std::io::BufWriter;
use std::path::{Path, PathBuf};

use serde_json::json;
use snowpost_core::api::attachment::{safe_file_name, HashingWriter};
use snowpost_core::{Exchange, Workspace};

use super::api::guarded;
use crate::args::AttachmentAction;
use crate::error::CliError;
use crate::output::{print_exchange, print_json};

pub async fn run(
    ws: &Workspace,
    profile: &str,
    action: AttachmentAction,
    yes: bool,
) -> Result<Exchange, CliError> {
    let x = match action {
        AttachmentAction::Upload {
            table,
            record,
            file,
            content_type,
        } => {
            guarded(profile, yes, |c| {
                ws.upload_attachment(profile, &table, &record, &file, content_type.as_deref(), c)
            })
            .await?
        }
        AttachmentAction::List { table, record } => {
            ws.list_attachments(profile, &table, &record).await?
        }
        AttachmentAction::Delete { sys_id } => {
            guarded(profile, yes, |c| ws.delete_attachment(profile, &sys_id, c)).await?
        }
        AttachmentAction::Download { sys_id, out, force } => {
            return download(ws, profile, &sys_id, out, force).await;
        }
    };
    print_exchange(&x);
    Ok(x)
}

/// Into `OUT.part` first, renamed when complete, so a failed download leaves no half file
/// under the real name.
async fn download(
    ws: &Workspace,
    profile: &str,
    sys_id: &str,
    out: Option<PathBuf>,
    force: bool,
) -> Result<Exchange, CliError> {
    let out = match out {
        Some(out) => out,
        None => {
            let meta = ws.attachment_metadata(profile, sys_id).await?;
            if !meta.is_success() {
                print_exchange(&meta);
                return Ok(meta);
            }
            let body: serde_json::Value = serde_json::from_slice(&meta.body).unwrap_or_default();
            let name = body["result"]["file_name"].as_str().unwrap_or_default();
            PathBuf::from(safe_file_name(name)?)
        }
    };
    if out.exists() && !force {
        return Err(CliError::usage(
            format!("{} already exists", out.display()),
            "Pass --force to replace it, or --out to write elsewhere.",
        ));
    }
    let part = part_path(&out);
    let file = OpenOptions::new()
        .write(true)
        .create(true)
        .truncate(true)
        .open(&part)
        .map_err(|source| write_error(&part, source))?;
    let mut sink = HashingWriter::new(BufWriter::new(file));
    let x = ws.download_attachment(profile, sys_id, &mut sink).await;
    let (writer, hash) = sink.finish();
    let flushed = writer.into_inner().map_err(|e| e.into_error());
    let x = match (x, flushed) {
        (Ok(x), Ok(file)) if x.is_success() => {
            drop::<File>(file);
            x
        }
        (x, flushed) => {
            let _ = std::fs::remove_file(&part);
            let x = x?;
            flushed.map_err(|source| write_error(&part, source))?;
            print_exchange(&x);
            return Ok(x);
        }
    };
    std::fs::rename(&part, &out).map_err(|source| write_error(&out, source))?;
    print_json(&json!({
        "sys_id": sys_id,
        "file": out.display().to_string(),
        "size_bytes": x.size.to_string(),
        "hash": hash,
    }));
    Ok(x)
}

fn part_path(out: &Path) -> PathBuf {
    let mut name = out.as_os_str().to_owned();
    name.push(".part");
    PathBuf::from(name)
}

fn write_error(path: &Path, source: std::io::Error) -> CliError {
    CliError::Write {
        what: path.display().to_string(),
        source,
    }
}
