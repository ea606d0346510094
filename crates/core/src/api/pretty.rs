//! JSON pretty-printed straight from the received bytes to a writer, laid out as
//! `serde_json::to_string_pretty` does (two spaces, `"key": value`, `[]` and `{}` when empty),
//! but without building a tree: a terminal's copy of a 30 MB list costs no more than the body.
//! Strings are copied as received, escapes included.

use std::io::{self, Write};

/// Writes `body` pretty-printed when it is well-formed JSON, as received otherwise.
pub fn write_pretty_json(body: &[u8], out: &mut dyn Write) -> io::Result<()> {
    if serde_json::from_slice::<serde::de::IgnoredAny>(body).is_err() {
        return out.write_all(body);
    }
    let mut out = io::BufWriter::with_capacity(64 * 1024, out);
    let mut depth = 0usize;
    let mut in_string = false;
    let mut escaped = false;
    // An opening bracket waits here until the next byte says whether it is empty.
    let mut pending_open = false;
    let newline = |out: &mut io::BufWriter<&mut dyn Write>, depth: usize| -> io::Result<()> {
        out.write_all(b"\n")?;
        for _ in 0..depth {
            out.write_all(b"  ")?;
        }
        Ok(())
    };
    for &b in body {
        if in_string {
            out.write_all(&[b])?;
            match (escaped, b) {
                (true, _) => escaped = false,
                (false, b'\\') => escaped = true,
                (false, b'"') => in_string = false,
                _ => {}
            }
            continue;
        }
        if b.is_ascii_whitespace() {
            continue;
        }
        if pending_open {
            pending_open = false;
            if b == b']' || b == b'}' {
                depth -= 1;
                out.write_all(&[b])?;
                continue;
            }
            newline(&mut out, depth)?;
        }
        match b {
            b'{' | b'[' => {
                out.write_all(&[b])?;
                depth += 1;
                pending_open = true;
            }
            b'}' | b']' => {
                depth -= 1;
                newline(&mut out, depth)?;
                out.write_all(&[b])?;
            }
            b',' => {
                out.write_all(b",")?;
                newline(&mut out, depth)?;
            }
            b':' => out.write_all(b": ")?,
            b'"' => {
                in_string = true;
                out.write_all(b"\"")?;
            }
            _ => out.write_all(&[b])?,
        }
    }
    out.flush()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn pretty(s: &str) -> String {
        let mut out = Vec::new();
        write_pretty_json(s.as_bytes(), &mut out).unwrap();
        String::from_utf8(out).unwrap()
    }

    #[test]
    fn lays_out_as_serde_json_does() {
        for doc in [
            r#"{"result":[{"number":"INC0010001","a":{},"b":[],"c":[1,2.5,-3,true,null]},{"s":"x, y: [z] {w}","q":"say \"hi\" \\"}]}"#,
            r#"  [ ]  "#,
            r#"{"nested":{"deep":[[[]],[{}],{"k":"v"}]}}"#,
            r#""just a string""#,
            "42",
        ] {
            let v: serde_json::Value = serde_json::from_str(doc).unwrap();
            assert_eq!(
                pretty(doc),
                serde_json::to_string_pretty(&v).unwrap(),
                "{doc}"
            );
        }
    }

    #[test]
    fn anything_else_is_written_as_received() {
        for doc in ["<xml/>", "{\"a\":", "not json", ""] {
            assert_eq!(pretty(doc), doc);
        }
    }
}
