//! Writing Table API records to a file as they arrive: NDJSON (one record a line, as received)
//! or CSV (columns from the first page; reference fields as their `value`).

use std::io::Write;

use serde::{Deserialize, Serialize};
use serde_json::Value;

use crate::error::{Error, Result};

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
#[cfg_attr(feature = "ts", derive(ts_rs::TS), ts(export))]
pub enum RecordFormat {
    Ndjson,
    Csv,
}

impl RecordFormat {
    /// `.csv` → CSV, anything else → NDJSON.
    pub fn for_path(path: &std::path::Path) -> Self {
        match path.extension().and_then(|e| e.to_str()) {
            Some(e) if e.eq_ignore_ascii_case("csv") => RecordFormat::Csv,
            _ => RecordFormat::Ndjson,
        }
    }
}

pub struct RecordWriter<W: Write> {
    out: W,
    format: RecordFormat,
    columns: Option<Vec<String>>,
    written: u64,
}

impl<W: Write> RecordWriter<W> {
    pub fn new(out: W, format: RecordFormat) -> Self {
        RecordWriter {
            out,
            format,
            columns: None,
            written: 0,
        }
    }

    pub fn written(&self) -> u64 {
        self.written
    }

    /// Writes one page's `result` array.
    pub fn write_page(&mut self, records: &[Value]) -> Result<()> {
        match self.format {
            RecordFormat::Ndjson => {
                for r in records {
                    serde_json::to_writer(&mut self.out, r)
                        .map_err(|e| Error::Io(e.to_string()))?;
                    self.out.write_all(b"\n")?;
                    self.written += 1;
                }
            }
            RecordFormat::Csv => {
                if self.columns.is_none() {
                    let mut cols: Vec<String> = Vec::new();
                    for r in records {
                        for k in r.as_object().into_iter().flat_map(|o| o.keys()) {
                            if !cols.contains(k) {
                                cols.push(k.clone());
                            }
                        }
                    }
                    let header: Vec<String> = cols.iter().map(|c| csv_field(c)).collect();
                    writeln!(self.out, "{}", header.join(","))?;
                    self.columns = Some(cols);
                }
                let cols = self.columns.as_deref().unwrap_or_default();
                for r in records {
                    let line: Vec<String> =
                        cols.iter().map(|c| csv_field(&cell(r.get(c)))).collect();
                    writeln!(self.out, "{}", line.join(","))?;
                    self.written += 1;
                }
            }
        }
        Ok(())
    }

    pub fn finish(mut self) -> Result<W> {
        self.out.flush()?;
        Ok(self.out)
    }
}

/// A field as one CSV cell: references by their value (or display value), others as text.
fn cell(v: Option<&Value>) -> String {
    match v {
        None | Some(Value::Null) => String::new(),
        Some(Value::String(s)) => s.clone(),
        Some(Value::Object(o)) => o
            .get("value")
            .or_else(|| o.get("display_value"))
            .map(|v| cell(Some(v)))
            .unwrap_or_default(),
        Some(other) => other.to_string(),
    }
}

/// One CSV cell. A cell a spreadsheet would run as a formula (`=`, `+`, `-`, `@`, tab, CR
/// first) gets a leading `'` (OWASP's CSV-injection advice); plain numbers such as `-5` stay.
pub(crate) fn csv_field(s: &str) -> String {
    let formula = s.starts_with(['=', '+', '-', '@', '\t', '\r'])
        && !(s.starts_with(['-', '+']) && s.parse::<f64>().is_ok_and(f64::is_finite));
    let s = if formula {
        format!("'{s}")
    } else {
        s.to_string()
    };
    if s.contains([',', '"', '\n', '\r']) {
        format!("\"{}\"", s.replace('"', "\"\""))
    } else {
        s
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    #[test]
    fn ndjson_one_record_a_line() {
        let mut w = RecordWriter::new(Vec::new(), RecordFormat::Ndjson);
        w.write_page(&[json!({"number":"INC1"}), json!({"number":"INC2"})])
            .unwrap();
        assert_eq!(w.written(), 2);
        assert_eq!(
            String::from_utf8(w.finish().unwrap()).unwrap(),
            "{\"number\":\"INC1\"}\n{\"number\":\"INC2\"}\n"
        );
    }

    #[test]
    fn csv_with_quoting_and_references() {
        let mut w = RecordWriter::new(Vec::new(), RecordFormat::Csv);
        w.write_page(&[
            json!({"number":"INC1","short_description":"a, \"b\"","caller_id":{"link":"x","value":"abc"}}),
            json!({"number":"INC2","caller_id":""}),
        ])
        .unwrap();
        w.write_page(&[json!({"number":"INC3","extra":"ignored"})])
            .unwrap();
        let text = String::from_utf8(w.finish().unwrap()).unwrap();
        assert_eq!(
            text,
            "number,short_description,caller_id\nINC1,\"a, \"\"b\"\"\",abc\nINC2,,\nINC3,,\n"
        );
    }

    #[test]
    fn csv_cells_never_run_as_formulas() {
        for (value, cell) in [
            (
                "=HYPERLINK(\"http://x\")",
                "\"'=HYPERLINK(\"\"http://x\"\")\"",
            ),
            ("+cmd|' /C calc'!A0", "'+cmd|' /C calc'!A0"),
            ("-2+3", "'-2+3"),
            ("@SUM(A1)", "'@SUM(A1)"),
            ("\tx", "'\tx"),
            ("\rx", "\"'\rx\""),
            ("-5", "-5"),
            ("+1.5", "+1.5"),
            ("a=b", "a=b"),
        ] {
            assert_eq!(csv_field(value), cell, "{value:?}");
        }
    }

    #[test]
    fn format_from_extension() {
        assert_eq!(RecordFormat::for_path("x.CSV".as_ref()), RecordFormat::Csv);
        assert_eq!(
            RecordFormat::for_path("x.ndjson".as_ref()),
            RecordFormat::Ndjson
        );
    }
}
