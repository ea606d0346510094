//! Pretty-printing of JSON and XML bodies for the viewer, in one pass over the text.

/// Re-indents valid JSON as `serde_json::to_string_pretty` would, without parsing values. Works
/// on bytes: every structural character is ASCII, so strings, numbers and literals are copied
/// as whole runs.
pub(super) fn reindent_json(json: &str) -> String {
    let b = json.as_bytes();
    let mut out: Vec<u8> = Vec::with_capacity(b.len() + b.len() / 2);
    let mut depth = 0usize;
    let newline = |out: &mut Vec<u8>, depth: usize| {
        out.push(b'\n');
        out.resize(out.len() + 2 * depth, b' ');
    };
    let mut i = 0;
    while i < b.len() {
        let c = b[i];
        i += 1;
        match c {
            b'"' => {
                let start = i - 1;
                while i < b.len() {
                    match b[i] {
                        b'\\' => i += 2,
                        b'"' => {
                            i += 1;
                            break;
                        }
                        _ => i += 1,
                    }
                }
                i = i.min(b.len());
                out.extend_from_slice(&b[start..i]);
            }
            b'{' | b'[' => {
                let close = if c == b'{' { b'}' } else { b']' };
                while b.get(i).is_some_and(u8::is_ascii_whitespace) {
                    i += 1;
                }
                out.push(c);
                if b.get(i) == Some(&close) {
                    out.push(close);
                    i += 1;
                } else {
                    depth += 1;
                    newline(&mut out, depth);
                }
            }
            b'}' | b']' => {
                depth = depth.saturating_sub(1);
                newline(&mut out, depth);
                out.push(c);
            }
            b',' => {
                out.push(b',');
                newline(&mut out, depth);
            }
            b':' => out.extend_from_slice(b": "),
            c if c.is_ascii_whitespace() => {}
            _ => {
                // A number or a literal: up to the next structural byte or whitespace.
                let start = i - 1;
                while i < b.len() && !is_json_delimiter(b[i]) {
                    i += 1;
                }
                out.extend_from_slice(&b[start..i]);
            }
        }
    }
    // Only ASCII was added and the copied runs end on ASCII bytes, so this is still UTF-8.
    String::from_utf8(out).unwrap_or_else(|e| String::from_utf8_lossy(e.as_bytes()).into_owned())
}

fn is_json_delimiter(b: u8) -> bool {
    matches!(b, b'"' | b'{' | b'[' | b'}' | b']' | b',' | b':') || b.is_ascii_whitespace()
}

/// Indents XML one element a line; an element holding only text stays on one line.
pub(super) fn indent_xml(xml: &str) -> String {
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
    fn reindent_matches_serde_pretty() {
        let cases = [
            r#"{"result":[{"a":"x,y:{}","b":[],"c":{},"d":[1,2.50,-3e5],"e":"q\"uote\\","f":null,"g":true}]}"#,
            r#"  { "a" : [ 1 , { "b" : "c" } ] , "z":{ } }  "#,
            "[]",
            r#""just a string""#,
        ];
        for c in cases {
            let ours = reindent_json(c);
            let v: serde_json::Value = serde_json::from_str(c).unwrap();
            let theirs = serde_json::to_string_pretty(&v).unwrap();
            // serde rewrites numbers (2.50 -> 2.5); compare with those put back.
            assert_eq!(
                ours.replace("2.50", "2.5").replace("-3e5", "-300000.0"),
                theirs,
                "{c}"
            );
        }
    }

    #[test]
    fn reindent_copies_text_byte_exact() {
        let c = r#"{"é":"ü \"😀\" \\","n":[-1.5e+3,true],"s":"a,b:{[c]}"}"#;
        let v: serde_json::Value = serde_json::from_str(c).unwrap();
        let theirs = serde_json::to_string_pretty(&v).unwrap();
        assert_eq!(reindent_json(c).replace("-1.5e+3", "-1500.0"), theirs);
    }
}
