//! Bulk writes: the rows of an import file and the per-row results file that makes an
//! import resumable. The sending is `Workspace::import_records`.

pub mod rows;

use std::collections::HashSet;
use std::io::{BufRead, BufReader, Write};
use std::path::Path;

use serde::{Deserialize, Serialize};

use crate::error::Result;

/// The rows of `path`, NDJSON or CSV by its extension, read as they are needed.
pub fn open_rows(path: &Path) -> Result<rows::RowReader<BufReader<std::fs::File>>> {
    let file = std::fs::File::open(path)
        .map_err(|e| crate::error::Error::Io(format!("{}: {e}", path.display())))?;
    Ok(rows::RowReader::new(
        BufReader::new(file),
        rows::RowFormat::from_path(path),
    ))
}

/// A first pass over the file for the ETA; it also finds a malformed row before any write.
pub fn count_rows(path: &Path) -> Result<u64> {
    let mut rows = open_rows(path)?;
    let mut n = 0;
    while rows.next_row()?.is_some() {
        n += 1;
    }
    Ok(n)
}

/// `in.ndjson` → `in.results.ndjson`, beside the input.
pub fn default_results(input: &Path) -> std::path::PathBuf {
    let stem = input
        .file_stem()
        .and_then(|s| s.to_str())
        .unwrap_or("import");
    input.with_file_name(format!("{stem}.results.ndjson"))
}

/// One line of the results file.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct RowResult {
    pub row: u64,
    /// `inserted` or `updated`, or `failed`.
    pub status: String,
    #[serde(skip_serializing_if = "Option::is_none", default)]
    pub sys_id: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none", default)]
    pub http_status: Option<u16>,
    #[serde(skip_serializing_if = "Option::is_none", default)]
    pub error: Option<String>,
}

impl RowResult {
    pub fn is_done(&self) -> bool {
        self.sys_id.is_some() && self.status != "failed"
    }

    /// One NDJSON line, newline included.
    pub fn to_line(&self) -> String {
        let mut line = serde_json::to_string(self).unwrap_or_default();
        line.push('\n');
        line
    }
}

/// The rows a previous run finished (a failed row is tried again). A line cut short by an
/// interrupted run is ignored.
pub fn rows_done(results: &Path) -> Result<HashSet<u64>> {
    let file = match std::fs::File::open(results) {
        Ok(f) => f,
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => return Ok(HashSet::new()),
        Err(e) => return Err(e.into()),
    };
    let mut done = HashSet::new();
    for line in BufReader::new(file).lines() {
        if let Ok(r) = serde_json::from_str::<RowResult>(&line?) {
            if r.is_done() {
                done.insert(r.row);
            }
        }
    }
    Ok(done)
}

/// Opens the results file for appending; a last line cut short gets its newline first so the
/// next result starts on a line of its own.
pub fn open_results(results: &Path) -> Result<std::fs::File> {
    let ends_cleanly = std::fs::read(results)
        .map(|b| b.last().is_none_or(|c| *c == b'\n'))
        .unwrap_or(true);
    let mut file = std::fs::OpenOptions::new()
        .create(true)
        .append(true)
        .open(results)?;
    if !ends_cleanly {
        file.write_all(b"\n")?;
    }
    Ok(file)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn only_finished_rows_count_as_done_and_a_cut_line_is_ignored() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("r.ndjson");
        assert!(rows_done(&path).unwrap().is_empty());
        let ok = RowResult {
            row: 1,
            status: "inserted".into(),
            sys_id: Some("a".repeat(32)),
            http_status: Some(201),
            error: None,
        };
        let failed = RowResult {
            row: 2,
            status: "failed".into(),
            sys_id: None,
            http_status: Some(403),
            error: Some("ACL".into()),
        };
        std::fs::write(
            &path,
            format!("{}{}{{\"row\":3,", ok.to_line(), failed.to_line()),
        )
        .unwrap();
        assert_eq!(rows_done(&path).unwrap(), HashSet::from([1]));
        let mut file = open_results(&path).unwrap();
        file.write_all(ok.to_line().replace("\"row\":1", "\"row\":4").as_bytes())
            .unwrap();
        assert_eq!(rows_done(&path).unwrap(), HashSet::from([1, 4]));
    }
}
