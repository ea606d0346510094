//! The Table API's XML form of a JSON envelope: `<response>` holds the envelope's members,
//! an array repeats its element (`<result>…</result><result>…</result>`).

use serde_json::Value;

pub(crate) const PROLOG: &str = r#"<?xml version="1.0" encoding="UTF-8"?>"#;

/// Renders an envelope such as `{"result": …}` or `{"error": …, "status": …}`.
pub(crate) fn to_xml(envelope: &Value) -> String {
    let mut out = String::from(PROLOG);
    out.push_str("<response>");
    if let Value::Object(members) = envelope {
        for (name, value) in members {
            element(&mut out, name, value);
        }
    }
    out.push_str("</response>");
    out
}

fn element(out: &mut String, name: &str, value: &Value) {
    match value {
        Value::Array(items) => {
            for item in items {
                element(out, name, item);
            }
        }
        Value::Object(members) => {
            open(out, name);
            for (child, v) in members {
                element(out, child, v);
            }
            close(out, name);
        }
        Value::Null => empty(out, name),
        Value::String(s) => text_element(out, name, s),
        Value::Bool(_) | Value::Number(_) => {
            open(out, name);
            out.push_str(&value.to_string());
            close(out, name);
        }
    }
}

/// `<name>text</name>`, or `<name/>` when the text is empty.
pub(crate) fn text_element(out: &mut String, name: &str, text: &str) {
    if text.is_empty() {
        empty(out, name);
    } else {
        open(out, name);
        escape_into(out, text);
        close(out, name);
    }
}

pub(crate) fn open(out: &mut String, name: &str) {
    out.push('<');
    out.push_str(name);
    out.push('>');
}

pub(crate) fn close(out: &mut String, name: &str) {
    out.push_str("</");
    out.push_str(name);
    out.push('>');
}

fn empty(out: &mut String, name: &str) {
    out.push('<');
    out.push_str(name);
    out.push_str("/>");
}

/// Escapes the five XML specials and drops control characters XML 1.0 cannot carry.
fn escape_into(out: &mut String, text: &str) {
    for c in text.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            '\'' => out.push_str("&apos;"),
            '\t' | '\n' | '\r' => out.push(c),
            c if u32::from(c) < 0x20 => {}
            c => out.push(c),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    #[test]
    fn single_record_with_reference_and_escaping() {
        let v = json!({"result": {
            "caller_id": {"link": "http://h/api/now/table/sys_user/abc", "value": "abc"},
            "short_description": "a < b & \"c\" 'd' > e",
            "description": ""
        }});
        assert_eq!(
            to_xml(&v),
            "<?xml version=\"1.0\" encoding=\"UTF-8\"?><response><result>\
             <caller_id><link>http://h/api/now/table/sys_user/abc</link><value>abc</value></caller_id>\
             <short_description>a &lt; b &amp; &quot;c&quot; &apos;d&apos; &gt; e</short_description>\
             <description/></result></response>"
        );
    }

    #[test]
    fn list_repeats_result() {
        let v = json!({"result": [{"a": "1"}, {"a": "2"}]});
        assert_eq!(
            to_xml(&v),
            "<?xml version=\"1.0\" encoding=\"UTF-8\"?><response><result><a>1</a></result><result><a>2</a></result></response>"
        );
    }

    #[test]
    fn error_envelope() {
        let v =
            json!({"error": {"message": "Invalid table x", "detail": null}, "status": "failure"});
        assert_eq!(
            to_xml(&v),
            "<?xml version=\"1.0\" encoding=\"UTF-8\"?><response><error><message>Invalid table x</message><detail/></error><status>failure</status></response>"
        );
    }
}
