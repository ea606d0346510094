//! Just enough of `multipart/form-data` (RFC 7578) for the attachment upload: no dependency,
//! and parts are ranges into the one received buffer, so the file is never copied.

use std::ops::Range;

#[derive(Debug, PartialEq, Eq)]
pub(crate) struct Part {
    pub name: String,
    pub filename: Option<String>,
    pub content_type: Option<String>,
    pub data: Range<usize>,
}

/// The boundary named in a `multipart/form-data` Content-Type.
pub(crate) fn boundary(content_type: &str) -> Option<String> {
    let mut params = content_type.split(';');
    let media = params.next()?.trim();
    if !media.eq_ignore_ascii_case("multipart/form-data") {
        return None;
    }
    params.find_map(|p| {
        let (k, v) = p.split_once('=')?;
        k.trim()
            .eq_ignore_ascii_case("boundary")
            .then(|| v.trim().trim_matches('"').to_string())
            .filter(|b| !b.is_empty())
    })
}

/// The parts of `body`, in order; `None` when it is not well formed.
pub(crate) fn parse(body: &[u8], boundary: &str) -> Option<Vec<Part>> {
    let delimiter = format!("--{boundary}");
    let delimiter = delimiter.as_bytes();
    let mut at = find(body, delimiter, 0)? + delimiter.len();
    let mut parts = Vec::new();
    loop {
        if body[at..].starts_with(b"--") {
            return Some(parts);
        }
        at = skip_crlf(body, at)?;
        let headers_end = find(body, b"\r\n\r\n", at)?;
        let headers = std::str::from_utf8(&body[at..headers_end]).ok()?;
        let data_start = headers_end + 4;
        let next = find(body, delimiter, data_start)?;
        // The CRLF before a delimiter belongs to the delimiter.
        let data_end = next.checked_sub(2).filter(|e| *e >= data_start)?;
        parts.push(part(headers, data_start..data_end)?);
        at = next + delimiter.len();
    }
}

fn part(headers: &str, data: Range<usize>) -> Option<Part> {
    let mut name = None;
    let mut filename = None;
    let mut content_type = None;
    for line in headers.split("\r\n") {
        let (key, value) = line.split_once(':')?;
        if key.trim().eq_ignore_ascii_case("content-disposition") {
            for param in value.split(';').skip(1) {
                let Some((k, v)) = param.split_once('=') else {
                    continue;
                };
                let v = v.trim().trim_matches('"').to_string();
                match k.trim().to_ascii_lowercase().as_str() {
                    "name" => name = Some(v),
                    "filename" => filename = Some(v),
                    _ => {}
                }
            }
        } else if key.trim().eq_ignore_ascii_case("content-type") {
            content_type = Some(value.trim().to_string());
        }
    }
    Some(Part {
        name: name?,
        filename,
        content_type,
        data,
    })
}

fn skip_crlf(body: &[u8], at: usize) -> Option<usize> {
    body[at..].starts_with(b"\r\n").then_some(at + 2)
}

fn find(haystack: &[u8], needle: &[u8], from: usize) -> Option<usize> {
    let first = *needle.first()?;
    let mut i = from;
    while i + needle.len() <= haystack.len() {
        let offset = haystack[i..=haystack.len() - needle.len()]
            .iter()
            .position(|b| *b == first)?;
        i += offset;
        if haystack[i..].starts_with(needle) {
            return Some(i);
        }
        i += 1;
    }
    None
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn boundary_from_content_type() {
        assert_eq!(
            boundary("multipart/form-data; boundary=\"abc\"").as_deref(),
            Some("abc")
        );
        assert_eq!(boundary("application/json; boundary=abc"), None);
        assert_eq!(boundary("multipart/form-data"), None);
    }

    #[test]
    fn fields_then_file() {
        let body = b"--XY\r\nContent-Disposition: form-data; name=\"table_name\"\r\n\r\nincident\r\n\
--XY\r\nContent-Disposition: form-data; name=\"f\"; filename=\"a.bin\"\r\nContent-Type: image/png\r\n\r\n\
\x00\r\n--X\xff\r\n--XY--\r\n";
        let parts = parse(body, "XY").unwrap_or_default();
        assert_eq!(parts.len(), 2);
        assert_eq!(parts[0].name, "table_name");
        assert_eq!(&body[parts[0].data.clone()], b"incident");
        assert_eq!(parts[1].filename.as_deref(), Some("a.bin"));
        assert_eq!(parts[1].content_type.as_deref(), Some("image/png"));
        assert_eq!(&body[parts[1].data.clone()], b"\x00\r\n--X\xff");
    }

    #[test]
    fn malformed_bodies() {
        assert_eq!(parse(b"nothing", "XY"), None);
        assert_eq!(parse(b"--XY\r\nno headers end", "XY"), None);
        assert_eq!(parse(b"--XY--", "XY"), Some(Vec::new()));
    }
}
