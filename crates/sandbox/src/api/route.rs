//! Which API a path under `/api` names.

use crate::config::RestApi;

/// Table API version: v1 answers an empty list with 404, v2 (and unversioned) with `[]`.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Version {
    V1,
    V2,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) enum Endpoint {
    Table {
        version: Version,
        table: String,
        sys_id: Option<String>,
    },
    Stats {
        table: String,
    },
    CurrentUser,
    Attachment(AttachmentPath),
    /// `/api/now/import/{staging_table}` (one row, transformed at once) or
    /// `…/insertMultiple` (many rows, transformed later).
    Import {
        staging_table: String,
        multiple: bool,
    },
    /// `/api/now[/v1]/batch`
    Batch,
}

impl Endpoint {
    pub(crate) fn api(&self) -> RestApi {
        match self {
            Endpoint::Table { .. } => RestApi::Table,
            Endpoint::Stats { .. } => RestApi::Aggregate,
            Endpoint::CurrentUser => RestApi::Ui,
            Endpoint::Import { .. } => RestApi::ImportSet,
            Endpoint::Attachment(_) => RestApi::Attachment,
            Endpoint::Batch => RestApi::Batch,
        }
    }
}

/// The API a request counts against for rate limits; `None` outside `/api/now`. A path no
/// API answers still counts (as the Table API's), as a real instance counts it.
pub(crate) fn rate_limited_api(path: &str) -> Option<RestApi> {
    if !is_now_api(path) {
        return None;
    }
    Some(parse(path).map_or(RestApi::Table, |e| e.api()))
}

/// `/api/now/attachment[/…]`
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) enum AttachmentPath {
    /// `/attachment`: the list.
    List,
    /// `/attachment/file`: upload of a raw body.
    File,
    /// `/attachment/upload`: multipart upload.
    Upload,
    /// `/attachment/{sys_id}`: metadata, or delete.
    One(String),
    /// `/attachment/{sys_id}/file`: the bytes.
    Content(String),
}

/// Whether the path is under `/api/now`, where rate limits apply.
fn is_now_api(path: &str) -> bool {
    path == "/api/now" || path.starts_with("/api/now/")
}

pub(crate) fn parse(path: &str) -> Option<Endpoint> {
    let rest = path.strip_prefix("/api/now/")?;
    let segments: Vec<String> = rest
        .split('/')
        .filter(|s| !s.is_empty())
        .map(percent_decode)
        .collect();
    let mut parts: Vec<&str> = segments.iter().map(String::as_str).collect();
    let version = match parts.first() {
        Some(&"v1") => Some(Version::V1),
        Some(&"v2") => Some(Version::V2),
        _ => None,
    };
    if version.is_some() {
        parts.remove(0);
    }
    match parts.as_slice() {
        ["table", table] => Some(Endpoint::Table {
            version: version.unwrap_or(Version::V2),
            table: table.to_string(),
            sys_id: None,
        }),
        ["table", table, sys_id] => Some(Endpoint::Table {
            version: version.unwrap_or(Version::V2),
            table: table.to_string(),
            sys_id: Some(sys_id.to_string()),
        }),
        ["stats", table] => Some(Endpoint::Stats {
            table: table.to_string(),
        }),
        ["ui", "user", "current_user"] => Some(Endpoint::CurrentUser),
        ["attachment", rest @ ..] => attachment_path(rest).map(Endpoint::Attachment),
        ["import", staging] => Some(Endpoint::Import {
            staging_table: staging.to_string(),
            multiple: false,
        }),
        ["import", staging, "insertMultiple"] => Some(Endpoint::Import {
            staging_table: staging.to_string(),
            multiple: true,
        }),
        ["batch"] => Some(Endpoint::Batch),
        _ => None,
    }
}

fn attachment_path(rest: &[&str]) -> Option<AttachmentPath> {
    match rest {
        [] => Some(AttachmentPath::List),
        ["file"] => Some(AttachmentPath::File),
        ["upload"] => Some(AttachmentPath::Upload),
        [id] => Some(AttachmentPath::One(id.to_string())),
        [id, "file"] => Some(AttachmentPath::Content(id.to_string())),
        _ => None,
    }
}

fn percent_decode(segment: &str) -> String {
    let bytes = segment.as_bytes();
    let mut out = Vec::with_capacity(bytes.len());
    let mut i = 0;
    while i < bytes.len() {
        let hex = |b: u8| char::from(b).to_digit(16);
        if bytes[i] == b'%' && i + 2 < bytes.len() {
            if let (Some(h), Some(l)) = (hex(bytes[i + 1]), hex(bytes[i + 2])) {
                // Two hex digits make at most 255.
                out.push(u8::try_from(h * 16 + l).unwrap_or(b'?'));
                i += 3;
                continue;
            }
        }
        out.push(bytes[i]);
        i += 1;
    }
    String::from_utf8_lossy(&out).into_owned()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn table_paths() {
        assert_eq!(
            parse("/api/now/table/incident"),
            Some(Endpoint::Table {
                version: Version::V2,
                table: "incident".into(),
                sys_id: None
            })
        );
        assert_eq!(
            parse("/api/now/v1/table/incident/abc/"),
            Some(Endpoint::Table {
                version: Version::V1,
                table: "incident".into(),
                sys_id: Some("abc".into())
            })
        );
        assert_eq!(
            parse("/api/now/stats/inc%20ident"),
            Some(Endpoint::Stats {
                table: "inc ident".into()
            })
        );
        assert_eq!(
            parse("/api/now/ui/user/current_user"),
            Some(Endpoint::CurrentUser)
        );
        assert_eq!(
            parse("/api/now/attachment/abc/file"),
            Some(Endpoint::Attachment(AttachmentPath::Content("abc".into())))
        );
        assert_eq!(
            parse("/api/now/v1/attachment/file"),
            Some(Endpoint::Attachment(AttachmentPath::File))
        );
        assert_eq!(parse("/api/now/attachment/a/b/c"), None);
        assert_eq!(
            parse("/api/now/import/u_incident_import/insertMultiple"),
            Some(Endpoint::Import {
                staging_table: "u_incident_import".into(),
                multiple: true
            })
        );
        assert_eq!(
            rate_limited_api("/api/now/import/u_incident_import"),
            Some(RestApi::ImportSet)
        );
        assert_eq!(rate_limited_api("/api/now/nothing"), Some(RestApi::Table));
        assert_eq!(rate_limited_api("/api/x_acme/v1/thing"), None);
        assert_eq!(parse("/api/now/v1/batch"), Some(Endpoint::Batch));
        assert_eq!(parse("/api/now/nothing"), None);
        assert_eq!(parse("/api/now/table"), None);
        assert_eq!(parse("/api/x/table/incident"), None);
        assert_eq!(percent_decode("a%2"), "a%2");
    }
}
