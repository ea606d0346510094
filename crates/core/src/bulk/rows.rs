//! Rows of an import file, read one at a time: NDJSON (one JSON object a line) or CSV (RFC
//! 4180, the header row names the fields). Memory stays at one row whatever the file's size.

use std::io::BufRead;

use serde_json::{Map, Value};

use crate::error::{Error, Result};

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum RowFormat {
    Ndjson,
    Csv,
}

impl RowFormat {
    /// From the file name: `.csv` is CSV, anything else NDJSON (`.ndjson`, `.jsonl`, `.json`).
    pub fn from_path(path: &std::path::Path) -> RowFormat {
        match path.extension().and_then(|e| e.to_str()) {
            Some(e) if e.eq_ignore_ascii_case("csv") => RowFormat::Csv,
            _ => RowFormat::Ndjson,
        }
    }
}

/// One row: its number (1 = the first data row, blank lines not counted) and its fields.
pub type Row = (u64, Map<String, Value>);

pub struct RowReader<R> {
    input: R,
    format: RowFormat,
    header: Option<Vec<String>>,
    row: u64,
    line: String,
}

impl<R: BufRead> RowReader<R> {
    pub fn new(input: R, format: RowFormat) -> Self {
        RowReader {
            input,
            format,
            header: None,
            row: 0,
            line: String::new(),
        }
    }

    /// The next row, `None` at the end. A row that cannot be read is an error naming it.
    pub fn next_row(&mut self) -> Result<Option<Row>> {
        match self.format {
            RowFormat::Ndjson => self.next_ndjson(),
            RowFormat::Csv => self.next_csv(),
        }
    }

    fn next_ndjson(&mut self) -> Result<Option<Row>> {
        loop {
            self.line.clear();
            if self.input.read_line(&mut self.line)? == 0 {
                return Ok(None);
            }
            if self.line.trim().is_empty() {
                continue;
            }
            self.row += 1;
            return match serde_json::from_str(&self.line) {
                Ok(Value::Object(fields)) => Ok(Some((self.row, fields))),
                _ => Err(Error::input(
                    "import file",
                    format!(
                        "row {} is not a JSON object on one line; NDJSON has one {{…}} per line",
                        self.row
                    ),
                )),
            };
        }
    }

    fn next_csv(&mut self) -> Result<Option<Row>> {
        if self.header.is_none() {
            match self.csv_record()? {
                Some(names) => self.header = Some(names),
                None => return Ok(None),
            }
        }
        let Some(values) = self.csv_record()? else {
            return Ok(None);
        };
        self.row += 1;
        let names = self.header.as_deref().unwrap_or_default();
        if values.len() != names.len() {
            return Err(Error::input(
                "import file",
                format!(
                    "CSV row {} has {} fields where the header names {}",
                    self.row,
                    values.len(),
                    names.len()
                ),
            ));
        }
        let fields = names
            .iter()
            .cloned()
            .zip(values.into_iter().map(Value::String))
            .collect();
        Ok(Some((self.row, fields)))
    }

    /// One CSV record; a quoted field may hold commas, `""` and line breaks. Blank lines
    /// are skipped.
    fn csv_record(&mut self) -> Result<Option<Vec<String>>> {
        let mut fields = Vec::new();
        let mut field = String::new();
        let mut quoted = false;
        loop {
            self.line.clear();
            if self.input.read_line(&mut self.line)? == 0 {
                if quoted {
                    return Err(Error::input(
                        "import file",
                        "a quoted CSV field is never closed; check for a stray \"",
                    ));
                }
                return Ok(None);
            }
            if !quoted && fields.is_empty() && self.line.trim_end_matches(['\r', '\n']).is_empty() {
                continue;
            }
            let mut chars = self.line.chars().peekable();
            while let Some(c) = chars.next() {
                match (quoted, c) {
                    (true, '"') if chars.peek() == Some(&'"') => {
                        chars.next();
                        field.push('"');
                    }
                    (true, '"') => quoted = false,
                    (true, c) => field.push(c),
                    (false, '"') if field.is_empty() => quoted = true,
                    (false, ',') => fields.push(std::mem::take(&mut field)),
                    (false, '\r' | '\n') => {}
                    (false, c) => field.push(c),
                }
            }
            if !quoted {
                fields.push(field);
                return Ok(Some(fields));
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn all(text: &str, format: RowFormat) -> Vec<Row> {
        let mut reader = RowReader::new(text.as_bytes(), format);
        let mut rows = Vec::new();
        while let Some(row) = reader.next_row().unwrap() {
            rows.push(row);
        }
        rows
    }

    #[test]
    fn ndjson_skips_blank_lines_and_numbers_rows() {
        let rows = all("{\"a\":1}\n\n{\"a\":\"x\"}\n", RowFormat::Ndjson);
        assert_eq!(rows.len(), 2);
        assert_eq!(rows[1].0, 2);
        assert_eq!(rows[1].1["a"], "x");
        let mut bad = RowReader::new("[1]\n".as_bytes(), RowFormat::Ndjson);
        assert!(bad.next_row().unwrap_err().to_string().contains("row 1"));
    }

    #[test]
    fn csv_reads_quotes_commas_and_line_breaks() {
        let text = "short_description,urgency\r\n\"Printer, \"\"big\"\"\nline 2\",1\r\n\nplain,2\n";
        let rows = all(text, RowFormat::Csv);
        assert_eq!(rows.len(), 2);
        assert_eq!(rows[0].1["short_description"], "Printer, \"big\"\nline 2");
        assert_eq!(rows[0].1["urgency"], "1");
        assert_eq!(
            (rows[1].0, &rows[1].1["short_description"]),
            (2, &"plain".into())
        );
        let mut short = RowReader::new("a,b\n1\n".as_bytes(), RowFormat::Csv);
        assert!(short.next_row().is_err());
        let mut open = RowReader::new("a\n\"x\n".as_bytes(), RowFormat::Csv);
        assert!(open.next_row().is_err());
    }
}
