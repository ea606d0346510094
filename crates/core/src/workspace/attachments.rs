//! The Attachment API through the workspace: the guard, token handling and history as for any
//! call, and the file streamed from disk (upload) or to a writer (download).

use std::io::Write;
use std::path::Path;

use super::Workspace;
use crate::api::attachment;
use crate::api::Exchange;
use crate::error::{Error, Result};
use crate::guard::Confirmed;

impl Workspace {
    /// Attaches the file at `path` to a record given by sys_id or number. The guard is checked
    /// before anything (even the number's lookup) is sent.
    pub async fn upload_attachment(
        &self,
        name: &str,
        table: &str,
        record: &str,
        path: &Path,
        content_type: Option<&str>,
        confirmed: Confirmed,
    ) -> Result<Exchange> {
        let file_name = path
            .file_name()
            .and_then(|n| n.to_str())
            .ok_or_else(|| Error::input("file", format!("{} names no file", path.display())))?;
        super::file_body::readable_file(path)?;
        let content_type = content_type.unwrap_or_else(|| attachment::guess_content_type(path));
        let p = self.profile(name)?;
        let preview = attachment::upload(table, record, file_name, content_type);
        crate::guard::check(name, p.environment, p.write_guard, &preview, confirmed)?;
        let sys_id = self.resolve_record(name, table, record).await?;
        let req = attachment::upload(table, &sys_id, file_name, content_type);
        self.send_file_recorded(name, &req, path).await
    }

    /// A record's attachments (sys_id or number).
    pub async fn list_attachments(
        &self,
        name: &str,
        table: &str,
        record: &str,
    ) -> Result<Exchange> {
        let sys_id = self.resolve_record(name, table, record).await?;
        self.send(name, &attachment::list(table, &sys_id)).await
    }

    pub async fn attachment_metadata(&self, name: &str, sys_id: &str) -> Result<Exchange> {
        self.send(name, &attachment::metadata(sys_id)).await
    }

    /// The attachment's bytes into `sink` as they arrive (an error answer stays in the exchange).
    pub async fn download_attachment(
        &self,
        name: &str,
        sys_id: &str,
        sink: &mut (dyn Write + Send),
    ) -> Result<Exchange> {
        self.send_to(name, &attachment::content(sys_id), Confirmed::No, sink)
            .await
    }

    pub async fn delete_attachment(
        &self,
        name: &str,
        sys_id: &str,
        confirmed: Confirmed,
    ) -> Result<Exchange> {
        self.send_as(name, &attachment::delete(sys_id), confirmed)
            .await
    }
}
