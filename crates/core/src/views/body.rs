//! Response bodies for the viewer: formatted once in Rust and handed out a page of lines at a
//! time, so a big body never crosses into the webview whole.

use serde::Serialize;

use super::pretty::{indent_xml, reindent_json};

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
#[cfg_attr(feature = "ts", derive(ts_rs::TS), ts(export))]
pub enum BodyKind {
    Json,
    Xml,
    Html,
    Text,
    Empty,
    /// `image/*`: previewed as a picture, never decoded as text.
    Image,
    /// Anything else that is not text (a PDF, an archive, bytes that are not UTF-8): kept
    /// byte-exact for Save, never decoded.
    Binary,
}

/// Content types whose bodies are bytes, not text.
const BINARY_TYPES: [&str; 6] = [
    "application/pdf",
    "application/octet-stream",
    "application/zip",
    "application/gzip",
    "audio/",
    "video/",
];

impl BodyKind {
    pub fn detect(content_type: Option<&str>, body: &[u8]) -> Self {
        let ct = content_type.unwrap_or("").to_ascii_lowercase();
        let first = body.iter().find(|b| !b.is_ascii_whitespace()).copied();
        match first {
            None => BodyKind::Empty,
            _ if ct.starts_with("image/") => BodyKind::Image,
            _ if BINARY_TYPES.iter().any(|t| ct.starts_with(t)) => BodyKind::Binary,
            _ if ct.contains("json") => BodyKind::Json,
            _ if ct.contains("html") => BodyKind::Html,
            _ if ct.contains("xml") => BodyKind::Xml,
            Some(b'{') | Some(b'[') => BodyKind::Json,
            Some(b'<') => BodyKind::Xml,
            _ if !looks_like_text(body) => BodyKind::Binary,
            _ => BodyKind::Text,
        }
    }

    /// Whether the viewer shows the body as lines.
    pub fn is_text(self) -> bool {
        !matches!(self, BodyKind::Image | BodyKind::Binary)
    }
}

/// UTF-8 without NUL bytes in the first 64 KiB (a character cut at the end is fine).
fn looks_like_text(body: &[u8]) -> bool {
    let head = &body[..body.len().min(64 * 1024)];
    let valid = match std::str::from_utf8(head) {
        Ok(_) => true,
        Err(e) => e.error_len().is_none(),
    };
    valid && !head.contains(&0)
}

#[derive(Debug, Clone, Serialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS), ts(export))]
pub struct BodyPage {
    pub id: u32,
    pub pretty: bool,
    pub start: u32,
    pub lines: Vec<String>,
    /// Indices into `lines` of rows that continue the row before (a long line, split).
    pub continued: Vec<u32>,
    /// Rows in the whole body.
    pub total: u32,
    /// Bytes of display text in the whole body, so the viewer can pick its mode.
    #[cfg_attr(feature = "ts", ts(type = "number"))]
    pub bytes: u64,
    /// A first page from the start of a big body alone, while the whole is still being
    /// formatted: `total` and `bytes` are estimates, and the page is asked for again.
    pub provisional: bool,
}

/// The longest display row: a longer line (a minified body, a base64 attachment) is split over
/// several rows, so no page or row handed to the webview is ever huge. The webview lays out a
/// row's whole text even when most of it is off to the side: 100 rows of 2 KiB took 70–135 ms.
pub const MAX_ROW_BYTES: usize = 512;

/// A body's display text and where each row starts: one allocation, however many rows.
#[derive(Debug, Default)]
pub struct Lines {
    text: String,
    starts: Vec<usize>,
}

impl Lines {
    fn new(text: String) -> Self {
        let mut starts = Vec::new();
        let mut line_start = 0;
        while line_start < text.len() {
            let line_end = text[line_start..]
                .find('\n')
                .map_or(text.len(), |i| line_start + i + 1);
            let content_end = line_end - usize::from(text[..line_end].ends_with('\n'));
            let mut row = line_start;
            loop {
                starts.push(row);
                if content_end - row <= MAX_ROW_BYTES {
                    break;
                }
                let mut split = row + MAX_ROW_BYTES;
                while !text.is_char_boundary(split) {
                    split -= 1;
                }
                row = split;
            }
            line_start = line_end;
        }
        Lines { text, starts }
    }

    pub fn len(&self) -> usize {
        self.starts.len()
    }

    pub fn is_empty(&self) -> bool {
        self.starts.is_empty()
    }

    /// Bytes of display text.
    pub fn bytes(&self) -> usize {
        self.text.len()
    }

    /// Rows `start..start+count`.
    pub fn page(&self, id: u32, pretty: bool, start: u32, count: u32) -> BodyPage {
        let total = self.len() as u32;
        let from = start.min(total);
        let to = from.saturating_add(count).min(total);
        BodyPage {
            id,
            pretty,
            start: from,
            lines: (from..to)
                .map(|i| self.get(i as usize).to_string())
                .collect(),
            continued: (from..to)
                .filter(|&i| self.is_continued(i as usize))
                .map(|i| i - from)
                .collect(),
            total,
            bytes: self.bytes() as u64,
            provisional: false,
        }
    }

    pub fn get(&self, i: usize) -> &str {
        let start = self.starts[i];
        let end = self.starts.get(i + 1).copied().unwrap_or(self.text.len());
        let row = &self.text[start..end];
        match row.strip_suffix('\n') {
            Some(line) => line.strip_suffix('\r').unwrap_or(line),
            None => row,
        }
    }

    /// Whether row `i` carries on the line of row `i - 1`.
    pub fn is_continued(&self, i: usize) -> bool {
        i > 0 && self.text.as_bytes()[self.starts[i] - 1] != b'\n'
    }

    /// Line numbers (0-based) containing `needle`, ignoring ASCII case; at most `limit`.
    pub fn search(&self, needle: &str, limit: usize) -> Vec<u32> {
        if needle.is_empty() {
            return Vec::new();
        }
        let needle = needle.to_ascii_lowercase();
        let mut hits = Vec::new();
        for i in 0..self.len() {
            if self.get(i).to_ascii_lowercase().contains(&needle) {
                hits.push(i as u32);
                if hits.len() == limit {
                    break;
                }
            }
        }
        hits
    }
}

/// The body as display lines; JSON and XML indented when `pretty`.
pub fn format_body(kind: BodyKind, body: &[u8], pretty: bool) -> Lines {
    if !kind.is_text() {
        return Lines::new(String::new());
    }
    let text = String::from_utf8_lossy(body);
    let formatted = match (pretty, kind) {
        // Validate without building a tree, then re-indent in one pass: a 50 MB list in well
        // under a second, numbers and key order exactly as received.
        (true, BodyKind::Json) => serde_json::from_slice::<serde::de::IgnoredAny>(body)
            .ok()
            .map(|_| reindent_json(&text)),
        (true, BodyKind::Xml) => Some(indent_xml(&text)),
        _ => None,
    };
    Lines::new(formatted.unwrap_or_else(|| text.into_owned()))
}

/// The start of a body (`head`) as display lines, indented without validating: every row but
/// the last, which may be cut, is a row of the whole body's pretty view when the body is valid.
pub fn format_start(kind: BodyKind, head: &[u8], pretty: bool) -> Lines {
    let text = String::from_utf8_lossy(head);
    Lines::new(match (pretty, kind) {
        (true, BodyKind::Json) => reindent_json(&text),
        (true, BodyKind::Xml) => indent_xml(&text),
        _ => text.into_owned(),
    })
}

/// Lines as strings (tests and small bodies).
pub fn pretty_lines(kind: BodyKind, body: &[u8], pretty: bool) -> Vec<String> {
    let lines = format_body(kind, body, pretty);
    (0..lines.len()).map(|i| lines.get(i).to_string()).collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn detects_kinds() {
        assert_eq!(
            BodyKind::detect(Some("application/json;charset=UTF-8"), b"{}"),
            BodyKind::Json
        );
        assert_eq!(
            BodyKind::detect(Some("application/xml"), b"<a/>"),
            BodyKind::Xml
        );
        assert_eq!(
            BodyKind::detect(Some("text/html"), b"<html>"),
            BodyKind::Html
        );
        assert_eq!(BodyKind::detect(None, b"  [1]"), BodyKind::Json);
        assert_eq!(BodyKind::detect(None, b""), BodyKind::Empty);
        assert_eq!(BodyKind::detect(Some("text/plain"), b"hi"), BodyKind::Text);
        assert_eq!(
            BodyKind::detect(Some("image/png"), b"\x89PNG"),
            BodyKind::Image
        );
        assert_eq!(
            BodyKind::detect(Some("application/pdf"), b"%PDF-1.7"),
            BodyKind::Binary
        );
        assert_eq!(BodyKind::detect(None, b"ab\xff\xfe"), BodyKind::Binary);
        assert_eq!(
            BodyKind::detect(Some("text/plain"), b"a\0b"),
            BodyKind::Binary
        );
        // A multi-byte character cut by the 64 KiB window is still text.
        let mut cut = vec![b'a'; 64 * 1024 - 1];
        cut.extend_from_slice("é".as_bytes());
        assert_eq!(BodyKind::detect(None, &cut), BodyKind::Text);
        assert!(pretty_lines(BodyKind::Binary, b"\xff", true)
            .iter()
            .all(String::is_empty));
    }

    #[test]
    fn pretty_json_keeps_key_order() {
        let l = pretty_lines(
            BodyKind::Json,
            br#"{"result":{"number":"INC1","a":"b"}}"#,
            true,
        );
        assert_eq!(
            l,
            [
                "{",
                "  \"result\": {",
                "    \"number\": \"INC1\",",
                "    \"a\": \"b\"",
                "  }",
                "}"
            ]
        );
        assert_eq!(
            pretty_lines(BodyKind::Json, b"{\"a\":1}", false),
            ["{\"a\":1}"]
        );
        assert_eq!(
            pretty_lines(BodyKind::Json, b"{broken", true),
            ["{broken"],
            "invalid JSON is shown as is"
        );
    }

    #[test]
    fn lines_index_and_search() {
        let l = format_body(
            BodyKind::Json,
            br#"{"result":[{"number":"INC1"},{"number":"inc2"}]}"#,
            true,
        );
        assert_eq!(l.len(), 10);
        assert_eq!(l.get(3), r#"      "number": "INC1""#);
        assert_eq!(l.search("inc", 10), [3, 6]);
        assert_eq!(l.search("inc", 1), [3]);
        assert!(l.search("", 10).is_empty());
        let raw = format_body(BodyKind::Text, b"a\r\nb\n", false);
        assert_eq!((raw.len(), raw.get(0), raw.get(1)), (2, "a", "b"));
        assert!(format_body(BodyKind::Empty, b"", true).is_empty());
    }

    #[test]
    fn long_lines_are_split_into_rows() {
        // 2.5 rows' worth on one line, then a line of exactly MAX_ROW_BYTES, then a short one.
        let long = "x".repeat(MAX_ROW_BYTES * 5 / 2);
        let exact = "y".repeat(MAX_ROW_BYTES);
        let text = format!("{long}\n{exact}\nz");
        let l = format_body(BodyKind::Text, text.as_bytes(), false);
        assert_eq!(l.len(), 5);
        assert_eq!(l.get(0).len(), MAX_ROW_BYTES);
        assert_eq!(l.get(2).len(), MAX_ROW_BYTES / 2);
        assert_eq!(l.get(3), exact);
        assert_eq!(l.get(4), "z");
        let continued: Vec<bool> = (0..5).map(|i| l.is_continued(i)).collect();
        assert_eq!(continued, [false, true, true, false, false]);
        let joined: String = (0..3).map(|i| l.get(i)).collect();
        assert_eq!(joined, long, "the rows of a line put it back together");
        assert_eq!(l.bytes(), text.len());
    }

    #[test]
    fn rows_split_between_characters() {
        let text = "é".repeat(MAX_ROW_BYTES); // two bytes each
        let l = format_body(BodyKind::Text, text.as_bytes(), false);
        assert_eq!(l.len(), 2);
        assert!((0..2).all(|i| l.get(i).chars().all(|c| c == 'é')));
        assert_eq!(l.get(0).len() + l.get(1).len(), text.len());
    }

    #[test]
    fn pretty_xml_indents_elements() {
        let x = br#"<?xml version="1.0" encoding="UTF-8"?><response><result><number>INC1</number><caller_id><link>x</link><value>y</value></caller_id><empty/></result></response>"#;
        let l = pretty_lines(BodyKind::Xml, x, true);
        assert_eq!(
            l,
            [
                r#"<?xml version="1.0" encoding="UTF-8"?>"#,
                "<response>",
                "  <result>",
                "    <number>INC1</number>",
                "    <caller_id>",
                "      <link>x</link>",
                "      <value>y</value>",
                "    </caller_id>",
                "    <empty/>",
                "  </result>",
                "</response>",
            ]
        );
    }
}
