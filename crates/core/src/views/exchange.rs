use std::collections::VecDeque;

use serde::Serialize;

use super::body::{format_body, BodyKind, BodyPage, Lines};
use super::formatted::{early_page, EARLY_BYTES};
use super::grid::{CopyFormat, GridInfo, GridPage, GridSort, RecordGrid};
use super::incident::IncidentSummary;
use crate::api::{Exchange, Pagination, SentRequest, ServiceNowError};
use crate::error::{Error, ErrorReport, Result};
use crate::http::Timing;

/// The response viewer's header: everything but the body, which is paged.
#[derive(Debug, Clone, Serialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS), ts(export))]
pub struct ExchangeView {
    pub id: u32,
    pub request: SentRequest,
    pub status: u16,
    pub reason: String,
    pub headers: Vec<(String, String)>,
    pub content_type: Option<String>,
    #[cfg_attr(feature = "ts", ts(type = "number"))]
    pub size: u64,
    pub elapsed_ms: f64,
    pub timing: Timing,
    pub servicenow_error: Option<ServiceNowError>,
    pub diagnosis: Option<ErrorReport>,
    pub pagination: Pagination,
    pub body_kind: BodyKind,
    pub incident: Option<IncidentSummary>,
}

struct Stored {
    id: u32,
    exchange: Exchange,
    kind: BodyKind,
    /// The body as received (`exchange.body` is left empty).
    body: Vec<u8>,
    /// Raw and pretty display lines, formatted on first use.
    lines: [Option<Lines>; 2],
    /// The records as a grid, parsed on first use (or why there is none).
    grid: Option<std::result::Result<RecordGrid, String>>,
}

/// The last exchanges, kept in Rust so the viewer can page through their bodies: as many as
/// fit in `max_bytes` of bodies (a batch's many small answers all stay), at most `capacity`.
pub struct ExchangeStore {
    next_id: u32,
    items: VecDeque<Stored>,
    capacity: usize,
    max_bytes: usize,
}

impl Default for ExchangeStore {
    fn default() -> Self {
        ExchangeStore {
            next_id: 1,
            items: VecDeque::new(),
            capacity: 512,
            max_bytes: 256 << 20,
        }
    }
}

impl ExchangeStore {
    pub fn insert(
        &mut self,
        mut exchange: Exchange,
        incident: Option<IncidentSummary>,
    ) -> ExchangeView {
        let id = self.next_id;
        self.next_id += 1;
        let kind = BodyKind::detect(exchange.content_type.as_deref(), &exchange.body);
        let view = ExchangeView {
            id,
            request: exchange.request.clone(),
            status: exchange.status,
            reason: exchange.reason.clone(),
            headers: exchange.headers.clone(),
            content_type: exchange.content_type.clone(),
            size: exchange.size,
            elapsed_ms: exchange.elapsed_ms,
            timing: exchange.timing,
            servicenow_error: exchange.servicenow_error.clone(),
            diagnosis: exchange.diagnosis.clone(),
            pagination: exchange.pagination(),
            body_kind: kind,
            incident,
        };
        let body = std::mem::take(&mut exchange.body);
        self.items.push_back(Stored {
            id,
            exchange,
            kind,
            body,
            lines: [None, None],
            grid: None,
        });
        // The newest always stays, whatever its size.
        let mut bytes: usize = self.items.iter().map(|s| s.body.len()).sum();
        while self.items.len() > 1 && (self.items.len() > self.capacity || bytes > self.max_bytes) {
            if let Some(old) = self.items.pop_front() {
                bytes -= old.body.len();
            }
        }
        view
    }

    fn get_mut(&mut self, id: u32) -> Result<&mut Stored> {
        self.items.iter_mut().find(|s| s.id == id).ok_or_else(|| {
            Error::input(
                "response",
                "this response is no longer kept; send the request again",
            )
        })
    }

    /// The body's display lines, formatted on first use and kept.
    fn lines(&mut self, id: u32, pretty: bool) -> Result<&Lines> {
        let s = self.get_mut(id)?;
        let (kind, body) = (s.kind, &s.body);
        Ok(
            s.lines[usize::from(pretty)].get_or_insert_with(|| match body.len() >= EARLY_BYTES {
                // A big body takes a core for a while: let the window's threads go first.
                true => super::low_priority::run(|| format_body(kind, body, pretty)),
                false => format_body(kind, body, pretty),
            }),
        )
    }

    /// Lines `start..start+count` of the body.
    pub fn page(&mut self, id: u32, pretty: bool, start: u32, count: u32) -> Result<BodyPage> {
        Ok(self.lines(id, pretty)?.page(id, pretty, start, count))
    }

    /// The first `count` lines at once: for a big JSON or XML body not yet pretty-printed,
    /// from its start alone (`provisional`, the viewer asks again for the whole); otherwise as
    /// `page` gives them.
    pub fn first_page(&mut self, id: u32, pretty: bool, count: u32) -> Result<BodyPage> {
        let s = self.get_mut(id)?;
        let indented = pretty && matches!(s.kind, BodyKind::Json | BodyKind::Xml);
        if indented && s.lines[1].is_none() && s.body.len() >= EARLY_BYTES {
            return Ok(early_page(id, s.kind, &s.body, pretty, count));
        }
        self.page(id, pretty, 0, count)
    }

    /// Line numbers that contain `needle` (case-insensitive), at most `limit`.
    pub fn search(
        &mut self,
        id: u32,
        pretty: bool,
        needle: &str,
        limit: usize,
    ) -> Result<Vec<u32>> {
        Ok(self.lines(id, pretty)?.search(needle, limit))
    }

    /// A file name for Save that matches the body: `response.json`, `.xml`, `.html`, `.txt`,
    /// or for bytes the content type's subtype (`response.png`, `response.pdf`).
    pub fn file_name(&mut self, id: u32) -> Result<String> {
        let s = self.get_mut(id)?;
        Ok(match s.kind {
            BodyKind::Json => "response.json".into(),
            BodyKind::Xml => "response.xml".into(),
            BodyKind::Html => "response.html".into(),
            BodyKind::Text | BodyKind::Empty => "response.txt".into(),
            BodyKind::Image | BodyKind::Binary => {
                let ct = s.exchange.content_type.as_deref().unwrap_or("");
                let subtype = ct.split(';').next().and_then(|m| m.split('/').nth(1));
                let ext: String = subtype
                    .unwrap_or("")
                    .chars()
                    .take_while(char::is_ascii_alphanumeric)
                    .collect();
                let ext = if ext.is_empty() || ext == "octet" {
                    "bin".into()
                } else {
                    ext
                };
                format!("response.{ext}")
            }
        })
    }

    /// An image body as a `data:` URL for the viewer's preview (the CSP allows `data:` images).
    pub fn image_data_url(&mut self, id: u32) -> Result<String> {
        use base64::Engine;
        let s = self.get_mut(id)?;
        if s.kind != BodyKind::Image {
            return Err(Error::input("response", "the body is not an image"));
        }
        let ct = s.exchange.content_type.as_deref().unwrap_or("image/png");
        let mime = ct.split(';').next().unwrap_or("image/png").trim();
        let data = base64::engine::general_purpose::STANDARD.encode(&*s.body);
        Ok(format!("data:{mime};base64,{data}"))
    }

    fn grid(&mut self, id: u32) -> Result<std::result::Result<&mut RecordGrid, String>> {
        let s = self.get_mut(id)?;
        if s.grid.is_none() {
            s.grid = Some(match s.kind {
                BodyKind::Json => RecordGrid::parse(&s.body),
                _ => Err("the body is not JSON; ask for JSON to see records as a grid".into()),
            });
        }
        Ok(s.grid
            .as_mut()
            .expect("just filled")
            .as_mut()
            .map_err(|e| e.clone()))
    }

    /// The grid's columns and row count, or why the body has no grid.
    pub fn grid_info(&mut self, id: u32) -> Result<GridInfo> {
        Ok(match self.grid(id)? {
            Ok(g) => g.info(id),
            Err(why) => GridInfo {
                id,
                columns: Vec::new(),
                total: 0,
                unavailable: Some(why),
            },
        })
    }

    fn grid_or_input(&mut self, id: u32) -> Result<&mut RecordGrid> {
        self.grid(id)?.map_err(|why| Error::input("grid", why))
    }

    pub fn grid_page(
        &mut self,
        id: u32,
        start: u32,
        count: u32,
        sort: Option<&GridSort>,
        columns: &[String],
    ) -> Result<GridPage> {
        Ok(self.grid_or_input(id)?.page(start, count, sort, columns))
    }

    pub fn grid_record(&mut self, id: u32, record: u32) -> Result<String> {
        self.grid_or_input(id)?
            .record(record)
            .ok_or_else(|| Error::input("grid", "no such record in this response"))
    }

    pub fn grid_copy(
        &mut self,
        id: u32,
        rows: (u32, u32),
        sort: Option<&GridSort>,
        columns: &[String],
        format: CopyFormat,
    ) -> Result<String> {
        Ok(self
            .grid_or_input(id)?
            .copy(rows.0, rows.1, sort, columns, format))
    }

    /// The body as received, for Save and Copy.
    pub fn raw(&mut self, id: u32) -> Result<&[u8]> {
        Ok(&self.get_mut(id)?.body)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::http::HttpResponse;

    fn exchange(body: &str) -> Exchange {
        let sent = SentRequest {
            method: "GET".into(),
            url: "https://dev1.service-now.com/api/now/table/incident".into(),
            headers: vec![],
            body: None,
        };
        Exchange::new(
            sent,
            HttpResponse {
                status: 200,
                headers: vec![("Content-Type".into(), "application/json".into())],
                body: body.as_bytes().to_vec(),
                elapsed: std::time::Duration::ZERO,
                timing: Default::default(),
            },
        )
    }

    #[test]
    fn pages_through_a_body() {
        let mut s = ExchangeStore::default();
        let v = s.insert(exchange(r#"{"result":[{"a":"1"},{"a":"2"}]}"#), None);
        assert_eq!(v.body_kind, BodyKind::Json);
        let p = s.page(v.id, true, 0, 3).unwrap();
        assert_eq!((p.total, p.lines.len()), (10, 3));
        let p = s.page(v.id, true, 8, 100).unwrap();
        assert_eq!(p.lines, ["  ]", "}"]);
        let p = s.page(v.id, false, 0, 100).unwrap();
        assert_eq!((p.total, p.bytes), (1, 32));
        assert_eq!(s.raw(v.id).unwrap().len(), 32);
        assert_eq!(s.file_name(v.id).unwrap(), "response.json");
    }

    #[test]
    fn bytes_are_kept_exact_and_images_previewed() {
        let mut s = ExchangeStore::default();
        let mut png = exchange("");
        png.content_type = Some("image/png".into());
        png.body = vec![0x89, b'P', b'N', b'G', 0xff, 0];
        let v = s.insert(png, None);
        assert_eq!(v.body_kind, BodyKind::Image);
        assert_eq!(s.raw(v.id).unwrap(), [0x89, b'P', b'N', b'G', 0xff, 0]);
        assert_eq!(s.file_name(v.id).unwrap(), "response.png");
        assert_eq!(
            s.image_data_url(v.id).unwrap(),
            "data:image/png;base64,iVBOR/8A"
        );
        let mut pdf = exchange("");
        pdf.content_type = Some("application/pdf".into());
        pdf.body = b"%PDF-1.7\n\xe2\x28".to_vec();
        let v = s.insert(pdf, None);
        assert_eq!(v.body_kind, BodyKind::Binary);
        assert_eq!(s.file_name(v.id).unwrap(), "response.pdf");
        assert!(s.image_data_url(v.id).is_err());
        assert!(s.page(v.id, true, 0, 10).unwrap().lines.is_empty());
    }

    #[test]
    fn a_minified_body_pages_as_bounded_rows() {
        use crate::views::body::MAX_ROW_BYTES;
        let records: Vec<String> = (0..2000)
            .map(|i| format!(r#"{{"number":"INC{i:07}","short_description":"row {i}"}}"#))
            .collect();
        let body = format!(r#"{{"result":[{}]}}"#, records.join(","));
        let mut s = ExchangeStore::default();
        let v = s.insert(exchange(&body), None);
        let p = s.page(v.id, false, 0, 5_000).unwrap();
        assert_eq!(p.total as usize, body.len().div_ceil(MAX_ROW_BYTES));
        assert_eq!(p.bytes as usize, body.len());
        assert!(p.lines.iter().all(|l| l.len() <= MAX_ROW_BYTES));
        assert_eq!(p.continued, (1..p.total).collect::<Vec<_>>());
        assert_eq!(p.lines.concat(), body);
        let tail = s.page(v.id, false, 2, 2).unwrap();
        assert_eq!((tail.start, tail.continued.as_slice()), (2, &[0, 1][..]));
    }

    #[test]
    fn a_big_body_shows_its_start_first() {
        let item = r#"{"number":"INC0000001","short_description":"a big list"},"#;
        let body = format!(
            r#"{{"result":[{}{{}}]}}"#,
            item.repeat(EARLY_BYTES / item.len() + 1)
        );
        let mut s = ExchangeStore::default();
        let v = s.insert(exchange(&body), None);
        let early = s.first_page(v.id, true, 500).unwrap();
        assert!(early.provisional);
        let whole = s.page(v.id, true, 0, 500).unwrap();
        assert_eq!(early.lines, whole.lines);
        let again = s.first_page(v.id, true, 500).unwrap();
        assert!(
            !again.provisional,
            "once formatted, the first page is exact"
        );
        assert!(
            !s.first_page(v.id, false, 10).unwrap().provisional,
            "Raw has none"
        );
    }

    #[test]
    fn keeps_only_the_newest() {
        let mut s = ExchangeStore {
            capacity: 2,
            ..Default::default()
        };
        let a = s.insert(exchange("{}"), None);
        s.insert(exchange("{}"), None);
        s.insert(exchange("{}"), None);
        assert!(s
            .page(a.id, true, 0, 1)
            .unwrap_err()
            .to_string()
            .contains("no longer kept"));
    }

    #[test]
    fn keeps_what_fits_in_the_byte_budget_and_always_the_newest() {
        let mut s = ExchangeStore {
            max_bytes: 16,
            ..Default::default()
        };
        let small: Vec<u32> = (0..5).map(|_| s.insert(exchange("[1]"), None).id).collect();
        assert!(
            small.iter().all(|id| s.raw(*id).is_ok()),
            "15 bytes fit in 16"
        );
        let big = s.insert(exchange("[1,2,3,4,5,6,7,8,9]"), None);
        assert!(
            s.raw(big.id).is_ok(),
            "the newest stays though it is over budget"
        );
        assert!(s.raw(small[4]).is_err());
    }

    #[test]
    fn a_list_answer_is_a_grid_and_anything_else_says_why_not() {
        let mut s = ExchangeStore::default();
        let v = s.insert(
            exchange(r#"{"result":[{"number":"INC2"},{"number":"INC1","state":"2"}]}"#),
            None,
        );
        let info = s.grid_info(v.id).unwrap();
        assert_eq!((info.columns.len(), info.total), (2, 2));
        let sort = GridSort {
            column: "number".into(),
            descending: false,
        };
        let page = s.grid_page(v.id, 0, 10, Some(&sort), &[]).unwrap();
        assert_eq!(page.rows[0].cells, ["INC1", "2"]);
        assert!(s.grid_record(v.id, 1).unwrap().contains("INC1"));
        let csv = s
            .grid_copy(v.id, (0, 2), None, &["number".into()], CopyFormat::Csv)
            .unwrap();
        assert_eq!(csv, "number\nINC2\nINC1\n");

        let html = s.insert(exchange("<html>asleep</html>"), None);
        let info = s.grid_info(html.id).unwrap();
        assert!(info.unavailable.unwrap().contains("not JSON"));
        assert_eq!(
            s.grid_page(html.id, 0, 1, None, &[]).unwrap_err().kind(),
            "invalid_input"
        );
    }
}
