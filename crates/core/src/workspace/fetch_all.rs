//! "Fetch all": follow the `Link: next` chain to the end, streaming each page's records to a
//! writer — memory stays at one page whatever the table's size — and waiting out 429s.

use std::io::Write;
use std::sync::atomic::{AtomicBool, Ordering};
use std::time::Duration;

use serde::Serialize;
use serde_json::Value;

use super::Workspace;
use crate::api::{Accept, ApiRequest, RecordWriter, TableRequest};
use crate::error::{Error, Result};
use crate::http::Method;

/// Records a page when the user did not choose `sysparm_limit`.
pub const DEFAULT_PAGE_SIZE: u32 = 1000;
/// Consecutive 429s tolerated on one page before giving up.
const MAX_RETRIES_PER_PAGE: u32 = 10;

#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS), ts(export))]
pub struct FetchProgress {
    #[cfg_attr(feature = "ts", ts(type = "number"))]
    pub records: u64,
    #[cfg_attr(feature = "ts", ts(type = "number | null"))]
    pub total: Option<u64>,
    pub pages: u32,
    /// 429 answers waited out so far.
    pub rate_limited: u32,
    pub cancelled: bool,
    /// Where the records went, once the app knows (the core only sees a writer).
    pub path: Option<String>,
}

impl Workspace {
    pub async fn fetch_all<W: Write>(
        &self,
        name: &str,
        list: &TableRequest,
        writer: &mut RecordWriter<W>,
        cancel: &AtomicBool,
        mut on_page: impl FnMut(&FetchProgress),
    ) -> Result<FetchProgress> {
        if list.method != Method::GET || list.sys_id.is_some() {
            return Err(Error::input(
                "fetch all",
                "works on a list: GET a table without a sys_id",
            ));
        }
        let mut first = list.clone();
        first.accept = Accept::Json;
        if !first.params.iter().any(|(k, _)| k == "sysparm_limit") {
            first
                .params
                .push(("sysparm_limit".into(), DEFAULT_PAGE_SIZE.to_string()));
        }
        let mut req = first.to_api()?;
        let mut progress = FetchProgress::default();
        let mut retries = 0;
        loop {
            if cancel.load(Ordering::Relaxed) {
                progress.cancelled = true;
                return Ok(progress);
            }
            let x = self.send_unrecorded(name, &req, None).await?;
            // One history entry per fetch, the list as the user asked for it, not 1 per page.
            if progress.pages == 0 && progress.rate_limited == 0 {
                self.record_history(name, &req, &x);
            }
            if x.status == 429 && retries < MAX_RETRIES_PER_PAGE {
                retries += 1;
                progress.rate_limited += 1;
                let wait = x
                    .header("retry-after")
                    .and_then(|v| v.trim().parse().ok())
                    .unwrap_or(1u64)
                    .clamp(1, 120);
                on_page(&progress);
                tokio::time::sleep(Duration::from_secs(wait)).await;
                continue;
            }
            if !x.is_success() {
                let detail = x
                    .diagnosis
                    .as_ref()
                    .map(|d| d.message.clone())
                    .unwrap_or_default();
                return Err(Error::PageFailed {
                    status: x.status,
                    after: progress.records,
                    detail,
                });
            }
            retries = 0;
            let page = x
                .json()
                .and_then(|mut v| v.get_mut("result").map(Value::take));
            let Some(Value::Array(records)) = page else {
                return Err(Error::PageFailed {
                    status: x.status,
                    after: progress.records,
                    detail: "the answer has no result list".into(),
                });
            };
            writer.write_page(&records)?;
            let pagination = x.pagination();
            progress.records = writer.written();
            progress.pages += 1;
            progress.total = pagination.total.or(progress.total);
            on_page(&progress);
            match pagination.next {
                Some(next) => {
                    req = ApiRequest {
                        accept: Accept::Json,
                        ..ApiRequest::new(Method::GET, next)
                    };
                }
                None => return Ok(progress),
            }
        }
    }
}
