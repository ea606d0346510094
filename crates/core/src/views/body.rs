//! Response bodies for the viewer: formatted once in Rust and handed out a page of lines at a
//! time, so a big body never crosses into the webview whole.

use serde::Serialize;

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
#[cfg_attr(feature = "ts", derive(ts_rs::TS), ts(export))]
pub enum BodyKind {
    Json,
    Xml,
    Html,
    Text,
    Empty,
}

impl BodyKind {
    pub fn detect(content_type: Option<&str>, body: &[u8]) -> Self {
        let ct = content_type.unwrap_or("").to_ascii_lowercase();
        let first = body.iter().find(|b| !b.is_ascii_whitespace()).copied();
        match first {
            None => BodyKind::Empty,
            _ if ct.contains("json") => BodyKind::Json,
            _ if ct.contains("html") => BodyKind::Html,
            _ if ct.contains("xml") => BodyKind::Xml,
            Some(b'{') | Some(b'[') => BodyKind::Json,
            Some(b'<') => BodyKind::Xml,
            _ => BodyKind::Text,
        }
    }
}

#[derive(Debug, Clone, Serialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS), ts(export))]
pub struct BodyPage {
    pub id: u32,
    pub pretty: bool,
    pub start: u32,
    pub lines: Vec<String>,
    pub total: u32,
}

/// The body split into display lines; JSON and XML indented when `pretty`.
pub fn pretty_lines(kind: BodyKind, body: &[u8], pretty: bool) -> Vec<String> {
    let text = String::from_utf8_lossy(body);
    let formatted = match (pretty, kind) {
        (true, BodyKind::Json) => serde_json::from_str::<serde_json::Value>(&text)
            .ok()
            .and_then(|v| serde_json::to_string_pretty(&v).ok()),
        (true, BodyKind::Xml) => Some(indent_xml(&text)),
        _ => None,
    };
    formatted
        .as_deref()
        .unwrap_or(&text)
        .lines()
        .map(str::to_string)
        .collect()
}

/// Indents XML one element a line; an element holding only text stays on one line.
fn indent_xml(xml: &str) -> String {
    let mut out = String::with_capacity(xml.len() + xml.len() / 4);
    let mut depth: usize = 0;
    // An opening tag was just written and its line is still open.
    let mut open_line = false;
    let mut rest = xml.trim();
    while !rest.is_empty() {
        let start = rest.find('<').unwrap_or(rest.len());
        let text = rest[..start].trim();
        if !text.is_empty() {
            if !open_line {
                out.push_str(&"  ".repeat(depth));
            }
            out.push_str(text);
        }
        let Some(len) = rest[start..].find('>') else {
            out.push_str(&rest[start..]);
            break;
        };
        let tag = &rest[start..start + len + 1];
        rest = &rest[start + len + 1..];
        let closing = tag.starts_with("</");
        let leaf = tag.ends_with("/>") || tag.starts_with("<?") || tag.starts_with("<!");
        if closing {
            depth = depth.saturating_sub(1);
            if !open_line {
                out.push_str(&"  ".repeat(depth));
            }
            out.push_str(tag);
            out.push('\n');
            open_line = false;
            continue;
        }
        if open_line {
            out.push('\n');
        }
        out.push_str(&"  ".repeat(depth));
        out.push_str(tag);
        if leaf {
            out.push('\n');
            open_line = false;
        } else {
            depth += 1;
            open_line = true;
        }
    }
    out.trim_end().to_string()
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
