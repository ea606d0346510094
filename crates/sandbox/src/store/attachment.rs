//! `sys_attachment`: each file's metadata row and its bytes, held once.

use axum::body::Bytes;
use sha2::{Digest, Sha256};

use super::Record;
use crate::clock;
use crate::ids;

/// One stored file. `bytes` is reference-counted: a download hands out the same buffer.
#[derive(Debug)]
pub(crate) struct Attachment {
    pub meta: Record,
    pub bytes: Bytes,
}

/// What an upload says about the file besides its bytes.
pub(crate) struct NewAttachment<'a> {
    pub table_name: &'a str,
    pub table_sys_id: &'a str,
    pub file_name: &'a str,
    pub content_type: &'a str,
    pub user: &'a str,
    /// SHA-256 of the bytes, when the reader already computed it while receiving them.
    pub hash: Option<String>,
}

#[derive(Debug, Default)]
pub(crate) struct AttachmentStore {
    files: Vec<Attachment>,
}

impl AttachmentStore {
    /// Stores the file and returns its metadata row.
    pub fn insert(&mut self, new: NewAttachment<'_>, bytes: Bytes, base_url: &str) -> Record {
        let sys_id = ids::hex32();
        let now = clock::now_utc();
        let hash = new.hash.unwrap_or_else(|| sha256_hex(&bytes));
        let size = bytes.len().to_string();
        let fields = [
            ("sys_id", sys_id.clone()),
            ("file_name", new.file_name.to_string()),
            ("content_type", new.content_type.to_string()),
            ("size_bytes", size.clone()),
            ("size_compressed", size),
            ("compressed", "false".to_string()),
            ("table_name", new.table_name.to_string()),
            ("table_sys_id", new.table_sys_id.to_string()),
            (
                "download_link",
                format!("{base_url}/api/now/attachment/{sys_id}/file"),
            ),
            ("hash", hash),
            ("state", "available".to_string()),
            ("sys_created_on", now.clone()),
            ("sys_created_by", new.user.to_string()),
            ("sys_updated_on", now),
            ("sys_updated_by", new.user.to_string()),
            ("sys_mod_count", "0".to_string()),
        ];
        let meta: Record = fields
            .into_iter()
            .map(|(k, v)| (k.to_string(), v))
            .collect();
        self.files.push(Attachment {
            meta: meta.clone(),
            bytes,
        });
        meta
    }

    pub fn find(&self, sys_id: &str) -> Option<&Attachment> {
        self.files
            .iter()
            .find(|a| a.meta.get("sys_id").map(String::as_str) == Some(sys_id))
    }

    /// Every row, oldest first.
    pub fn rows(&self) -> impl Iterator<Item = &Record> {
        self.files.iter().map(|a| &a.meta)
    }

    pub fn delete(&mut self, sys_id: &str) -> bool {
        let before = self.files.len();
        self.files
            .retain(|a| a.meta.get("sys_id").map(String::as_str) != Some(sys_id));
        self.files.len() != before
    }
}

pub(crate) fn sha256_hex(bytes: &[u8]) -> String {
    hex(&Sha256::digest(bytes))
}

pub(crate) fn hex(digest: &[u8]) -> String {
    digest.iter().map(|b| format!("{b:02x}")).collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn stores_finds_and_deletes() {
        let mut store = AttachmentStore::default();
        let new = NewAttachment {
            table_name: "incident",
            table_sys_id: "abc",
            file_name: "a.txt",
            content_type: "text/plain",
            user: "admin",
            hash: None,
        };
        let meta = store.insert(new, Bytes::from_static(b"abc"), "http://h");
        let id = meta["sys_id"].clone();
        assert_eq!(
            meta["hash"],
            "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad"
        );
        assert_eq!(meta["size_bytes"], "3");
        assert_eq!(
            meta["download_link"],
            format!("http://h/api/now/attachment/{id}/file")
        );
        assert_eq!(store.find(&id).map(|a| a.bytes.len()), Some(3));
        assert!(store.delete(&id));
        assert!(!store.delete(&id));
        assert_eq!(store.rows().count(), 0);
    }
}
