//! The Attachments panel: a record's files, read from the Attachment API's list answer.

use serde::Serialize;

use super::ExchangeView;

/// One attachment as the panel lists it; ServiceNow's names, its strings kept as strings.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS), ts(export))]
pub struct AttachmentRow {
    pub sys_id: String,
    pub file_name: String,
    pub content_type: String,
    pub size_bytes: String,
    pub hash: String,
}

/// The list call (shown as any exchange when it failed) and the rows it gave.
#[derive(Debug, Clone, Serialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS), ts(export))]
pub struct AttachmentList {
    pub exchange: ExchangeView,
    pub attachments: Vec<AttachmentRow>,
}

/// The rows of `{"result":[…]}`; anything else (an error envelope, XML) gives none.
pub fn attachment_rows(body: &[u8]) -> Vec<AttachmentRow> {
    let Ok(value) = serde_json::from_slice::<serde_json::Value>(body) else {
        return Vec::new();
    };
    let text = |row: &serde_json::Value, k: &str| row[k].as_str().unwrap_or_default().to_string();
    value["result"]
        .as_array()
        .map(|rows| {
            rows.iter()
                .map(|r| AttachmentRow {
                    sys_id: text(r, "sys_id"),
                    file_name: text(r, "file_name"),
                    content_type: text(r, "content_type"),
                    size_bytes: text(r, "size_bytes"),
                    hash: text(r, "hash"),
                })
                .collect()
        })
        .unwrap_or_default()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn rows_from_a_list_answer() {
        let body = br#"{"result":[{"sys_id":"a1","file_name":"x.png","content_type":"image/png","size_bytes":"12","hash":"h","table_name":"incident"}]}"#;
        let rows = attachment_rows(body);
        assert_eq!(rows.len(), 1);
        assert_eq!(rows[0].file_name, "x.png");
        assert_eq!(rows[0].size_bytes, "12");
        let error = br#"{"error":{"message":"No Record found"},"status":"failure"}"#;
        assert!(attachment_rows(error).is_empty());
        assert!(attachment_rows(b"<xml/>").is_empty());
    }
}

/// A file picked as the Request tab's body: what the form shows instead of the text editor.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS), ts(export))]
pub struct BodyFile {
    pub file_name: String,
    #[cfg_attr(feature = "ts", ts(type = "number"))]
    pub size: u64,
    /// Sent unless the request has its own Content-Type header.
    pub content_type: String,
}

impl BodyFile {
    pub fn of(path: &std::path::Path) -> crate::error::Result<Self> {
        let meta = std::fs::metadata(path)
            .map_err(|e| crate::error::Error::Io(format!("cannot read {}: {e}", path.display())))?;
        Ok(BodyFile {
            file_name: path
                .file_name()
                .map(|n| n.to_string_lossy().into_owned())
                .unwrap_or_default(),
            size: meta.len(),
            content_type: crate::api::attachment::guess_content_type(path).into(),
        })
    }
}
