//! The Attachment API (`/api/now/attachment`): pure request builders and the upload's send.

use std::io::Write;
use std::path::Path;

use sha2::{Digest, Sha256};

use super::{ApiRequest, Exchange, SentRequest};
use crate::error::{Error, Result};
use crate::http::{HttpClient, Method};
use crate::instance::Instance;

/// `POST /api/now/attachment/file?table_name&table_sys_id&file_name`: the file is the raw
/// body, `content_type` its mandatory Content-Type.
pub fn upload(table: &str, sys_id: &str, file_name: &str, content_type: &str) -> ApiRequest {
    let mut req = ApiRequest::new(Method::POST, "/api/now/attachment/file");
    req.query = vec![
        ("table_name".into(), table.into()),
        ("table_sys_id".into(), sys_id.into()),
        ("file_name".into(), file_name.into()),
    ];
    req.headers = vec![("Content-Type".into(), content_type.into())];
    req
}

/// The record's attachments.
pub fn list(table: &str, sys_id: &str) -> ApiRequest {
    let mut req = ApiRequest::new(Method::GET, "/api/now/attachment");
    req.query = vec![(
        "sysparm_query".into(),
        format!("table_name={table}^table_sys_id={sys_id}"),
    )];
    req
}

/// One attachment's metadata.
pub fn metadata(sys_id: &str) -> ApiRequest {
    ApiRequest::new(
        Method::GET,
        format!("/api/now/attachment/{}", sys_id.trim()),
    )
}

/// One attachment's bytes.
pub fn content(sys_id: &str) -> ApiRequest {
    ApiRequest::new(
        Method::GET,
        format!("/api/now/attachment/{}/file", sys_id.trim()),
    )
}

pub fn delete(sys_id: &str) -> ApiRequest {
    ApiRequest::new(
        Method::DELETE,
        format!("/api/now/attachment/{}", sys_id.trim()),
    )
}

/// The Content-Type for a file, from its extension; unknown ones are plain bytes.
pub fn guess_content_type(path: &Path) -> &'static str {
    let ext = path
        .extension()
        .and_then(|e| e.to_str())
        .unwrap_or("")
        .to_ascii_lowercase();
    match ext.as_str() {
        "txt" | "log" => "text/plain",
        "csv" => "text/csv",
        "html" | "htm" => "text/html",
        "json" => "application/json",
        "xml" => "application/xml",
        "pdf" => "application/pdf",
        "png" => "image/png",
        "jpg" | "jpeg" => "image/jpeg",
        "gif" => "image/gif",
        "svg" => "image/svg+xml",
        "webp" => "image/webp",
        "zip" => "application/zip",
        "gz" => "application/gzip",
        "doc" => "application/msword",
        "docx" => "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
        "xlsx" => "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
        _ => "application/octet-stream",
    }
}

/// The last component of a name the instance gave, so a download cannot leave its folder.
pub fn safe_file_name(name: &str) -> Result<String> {
    Path::new(name.trim())
        .file_name()
        .and_then(|n| n.to_str())
        .filter(|n| !n.is_empty() && *n != "." && *n != "..")
        .map(str::to_string)
        .ok_or_else(|| {
            Error::input(
                "file_name",
                format!("the attachment's name {name:?} is not usable as a file name (pass --out)"),
            )
        })
}

/// A writer that hashes what passes through it (SHA-256, as the instance's `hash`).
pub struct HashingWriter<W> {
    inner: W,
    hasher: Sha256,
}

impl<W: Write> HashingWriter<W> {
    pub fn new(inner: W) -> Self {
        HashingWriter {
            inner,
            hasher: Sha256::new(),
        }
    }

    /// The writer back, and the lowercase hex SHA-256 of everything written.
    pub fn finish(self) -> (W, String) {
        let hash = self
            .hasher
            .finalize()
            .iter()
            .map(|b| format!("{b:02x}"))
            .collect();
        (self.inner, hash)
    }
}

impl<W: Write> Write for HashingWriter<W> {
    fn write(&mut self, buf: &[u8]) -> std::io::Result<usize> {
        let n = self.inner.write(buf)?;
        self.hasher.update(&buf[..n]);
        Ok(n)
    }

    fn flush(&mut self) -> std::io::Result<()> {
        self.inner.flush()
    }
}

/// Sends `req` with the file at `path` streamed as its body. A 4xx/5xx is a normal result.
pub(crate) async fn send_file(
    http: &HttpClient,
    instance: &Instance,
    authorization: &str,
    req: &ApiRequest,
    path: &Path,
) -> Result<Exchange> {
    let http_req = req.to_http(instance, authorization)?;
    let sent = SentRequest::from_http(&http_req);
    Ok(Exchange::new(sent, http.send_file(http_req, path).await?))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn builders() {
        let instance = Instance::parse("dev1").unwrap();
        let up = upload("incident", "abc", "a b.png", "image/png")
            .to_http(&instance, "Bearer t")
            .unwrap();
        assert_eq!(
            up.url.as_str(),
            "https://dev1.service-now.com/api/now/attachment/file?table_name=incident&table_sys_id=abc&file_name=a+b.png"
        );
        assert!(up
            .headers
            .iter()
            .any(|(k, v)| k == "Content-Type" && v == "image/png"));
        let l = list("incident", "abc").to_http(&instance, "x").unwrap();
        assert_eq!(
            l.url.query(),
            Some("sysparm_query=table_name%3Dincident%5Etable_sys_id%3Dabc")
        );
        assert_eq!(content(" id ").path, "/api/now/attachment/id/file");
        assert_eq!(delete("id").method, Method::DELETE);
        assert_eq!(metadata("id").path, "/api/now/attachment/id");
    }

    #[test]
    fn content_types_and_names() {
        assert_eq!(guess_content_type(Path::new("a/B.PNG")), "image/png");
        assert_eq!(
            guess_content_type(Path::new("x")),
            "application/octet-stream"
        );
        assert_eq!(
            safe_file_name("../../etc/passwd").ok().as_deref(),
            Some("passwd")
        );
        assert!(safe_file_name("..").is_err());
        assert!(safe_file_name("").is_err());
        let mut w = HashingWriter::new(Vec::new());
        w.write_all(b"abc").unwrap();
        let (bytes, hash) = w.finish();
        assert_eq!(bytes, b"abc");
        assert_eq!(
            hash,
            "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad"
        );
    }
}
