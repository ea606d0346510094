//! A big body's first page before the whole is pretty-printed: the start of the body formatted
//! alone. The viewer shows these lines at once, and only then asks for the whole, so the first
//! rows are not behind 50 MB being validated, re-indented and split into rows, and the webview
//! draws them while no formatting competes for the CPU.

use super::body::{format_start, BodyKind, BodyPage};

/// Bodies from this size on get an early first page.
pub(super) const EARLY_BYTES: usize = 1 << 20;
/// How much of the body an early first page formats.
const START_BYTES: usize = 64 * 1024;

/// A first page from the start of the body alone; `total` and `bytes` scaled up from it.
pub(super) fn early_page(
    id: u32,
    kind: BodyKind,
    body: &[u8],
    pretty: bool,
    count: u32,
) -> BodyPage {
    let head = &body[..body.len().min(START_BYTES)];
    let lines = format_start(kind, head, pretty);
    // The last row may be cut short.
    let complete = lines.len().saturating_sub(1) as u32;
    let mut page = lines.page(id, pretty, 0, count.min(complete));
    let scale = body.len() as f64 / head.len().max(1) as f64;
    page.total = ((f64::from(complete) * scale) as u32).max(complete + 1);
    page.bytes = (lines.bytes() as f64 * scale) as u64;
    page.provisional = true;
    page
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::views::body::format_body;

    fn list(records: usize) -> Vec<u8> {
        let items: Vec<String> = (0..records)
            .map(|i| format!(r#"{{"number":"INC{i:07}","short_description":"row {i}"}}"#))
            .collect();
        format!(r#"{{"result":[{}]}}"#, items.join(",")).into_bytes()
    }

    #[test]
    fn an_early_page_is_the_start_of_the_whole() {
        let body = list(20_000);
        let whole = format_body(BodyKind::Json, &body, true);
        let early = early_page(3, BodyKind::Json, &body, true, 500);
        assert!(early.provisional);
        assert_eq!(early.lines, whole.page(3, true, 0, 500).lines);
        // 20 000 records of 4 rows each: the estimate is close.
        let (total, estimate) = (whole.len() as f64, f64::from(early.total));
        assert!(
            (estimate / total - 1.0).abs() < 0.05,
            "{estimate} for {total}"
        );
        assert!(early.bytes as usize > body.len());
    }

    #[test]
    fn a_short_start_gives_only_whole_rows() {
        let body = br#"{"result":[{"a":"1"}"#;
        let early = early_page(1, BodyKind::Json, body, true, 500);
        assert_eq!(
            early.lines,
            ["{", r#"  "result": ["#, "    {", r#"      "a": "1""#]
        );
        assert_eq!(early.total, 5, "at least one row more than it shows");
    }
}
