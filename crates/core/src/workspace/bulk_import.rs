//! "Import records": one Table API write per row of a file, a few at a time, within the
//! instance's limits. A 429 is waited out (`Retry-After`), a 202 "not processed" is sent
//! again (the instance dropped it), and every finished row goes to the results file at once,
//! so a run that stops can be resumed without writing any record twice.

use std::collections::HashSet;
use std::future::Future;
use std::io::{BufRead, Write};
use std::path::Path;
use std::pin::Pin;
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::{Mutex, MutexGuard, PoisonError};
use std::task::Poll;
use std::time::{Duration, Instant};

use serde::Serialize;
use serde_json::{Map, Value};

use super::Workspace;
use crate::api::{ApiRequest, Exchange, TableRequest};
use crate::bulk::rows::RowReader;
use crate::bulk::{open_results, rows_done, RowResult};
use crate::error::Result;
use crate::guard::Confirmed;

/// Rows in flight when the caller does not say.
pub const DEFAULT_CONCURRENCY: usize = 4;
/// Sends of one request (429s and 202s included) before its row counts as failed.
const MAX_ATTEMPTS: u32 = 30;
/// The first pause before a 202 "not processed" row is sent again.
const NOT_PROCESSED_BACKOFF: Duration = Duration::from_millis(25);

#[derive(Debug, Clone)]
pub struct ImportOptions {
    pub table: String,
    pub concurrency: usize,
    /// Update the record whose field has the row's value (creating it when none has).
    pub update_key: Option<String>,
    pub confirmed: Confirmed,
    /// Rows in the file, when counted beforehand (for the ETA).
    pub total: Option<u64>,
}

#[derive(Debug, Clone, Default, PartialEq, Serialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS), ts(export))]
pub struct ImportProgress {
    /// Rows in the file, when counted beforehand.
    #[cfg_attr(feature = "ts", ts(type = "number | null"))]
    pub total: Option<u64>,
    /// Rows a previous run already finished.
    #[cfg_attr(feature = "ts", ts(type = "number"))]
    pub skipped: u64,
    #[cfg_attr(feature = "ts", ts(type = "number"))]
    pub inserted: u64,
    #[cfg_attr(feature = "ts", ts(type = "number"))]
    pub updated: u64,
    #[cfg_attr(feature = "ts", ts(type = "number"))]
    pub failed: u64,
    /// 429 answers waited out.
    #[cfg_attr(feature = "ts", ts(type = "number"))]
    pub rate_limited: u64,
    /// 202 "not processed" answers sent again.
    #[cfg_attr(feature = "ts", ts(type = "number"))]
    pub not_processed: u64,
    /// Rows finished per second in this run.
    pub rate: f64,
    #[cfg_attr(feature = "ts", ts(type = "number | null"))]
    pub eta_secs: Option<u64>,
    pub cancelled: bool,
}

impl ImportProgress {
    /// Rows finished (written or failed) in this run.
    pub fn finished(&self) -> u64 {
        self.inserted + self.updated + self.failed
    }

    fn update_rate(&mut self, started: Instant) {
        let secs = started.elapsed().as_secs_f64().max(0.001);
        self.rate = self.finished() as f64 / secs;
        self.eta_secs = self.total.and_then(|t| {
            let left = t.saturating_sub(self.skipped + self.finished());
            (self.rate > 0.0).then(|| (left as f64 / self.rate).ceil() as u64)
        });
    }
}

/// What the workers share.
struct Run<'a, R> {
    rows: Mutex<RowReader<R>>,
    done: HashSet<u64>,
    results: Mutex<std::fs::File>,
    progress: Mutex<ImportProgress>,
    started: Instant,
    cancel: &'a AtomicBool,
    history_recorded: AtomicBool,
}

type Worker<'a> = Pin<Box<dyn Future<Output = Result<()>> + Send + 'a>>;

impl Workspace {
    /// Sends every row not yet done according to `results`, appending one result line per
    /// row. Stops early (rows in flight finish) when `cancel` is set.
    pub async fn import_records<R: BufRead + Send>(
        &self,
        name: &str,
        rows: RowReader<R>,
        results: &Path,
        options: &ImportOptions,
        cancel: &AtomicBool,
        on_progress: &(dyn Fn(&ImportProgress) + Sync),
    ) -> Result<ImportProgress> {
        let p = self.profile(name)?;
        let sample = TableRequest::create(&options.table, Value::Object(Map::new())).to_api()?;
        crate::guard::check(
            name,
            p.environment,
            p.write_guard,
            &sample,
            options.confirmed,
        )?;
        let done = rows_done(results)?;
        let run = Run {
            rows: Mutex::new(rows),
            progress: Mutex::new(ImportProgress {
                total: options.total,
                ..ImportProgress::default()
            }),
            done,
            results: Mutex::new(open_results(results)?),
            started: Instant::now(),
            cancel,
            history_recorded: AtomicBool::new(false),
        };
        let mut workers: Vec<Worker<'_>> = (0..options.concurrency.clamp(1, 64))
            .map(|_| Box::pin(self.import_worker(name, options, &run, on_progress)) as Worker<'_>)
            .collect();
        let mut first_error = None;
        // Polls every worker until all are done; the first error stops the others taking rows.
        std::future::poll_fn(|cx| {
            workers.retain_mut(|w| match w.as_mut().poll(cx) {
                Poll::Ready(outcome) => {
                    if let Err(e) = outcome {
                        run.cancel.store(true, Ordering::SeqCst);
                        first_error.get_or_insert(e);
                    }
                    false
                }
                Poll::Pending => true,
            });
            if workers.is_empty() {
                Poll::Ready(())
            } else {
                Poll::Pending
            }
        })
        .await;
        if let Some(e) = first_error {
            return Err(e);
        }
        let mut progress = lock(&run.progress).clone();
        progress.update_rate(run.started);
        progress.cancelled = cancel.load(Ordering::SeqCst);
        Ok(progress)
    }

    async fn import_worker<R: BufRead + Send>(
        &self,
        name: &str,
        options: &ImportOptions,
        run: &Run<'_, R>,
        on_progress: &(dyn Fn(&ImportProgress) + Sync),
    ) -> Result<()> {
        while !run.cancel.load(Ordering::SeqCst) {
            let next = {
                let mut rows = lock(&run.rows);
                loop {
                    match rows.next_row() {
                        Ok(Some((n, _))) if run.done.contains(&n) => {
                            lock(&run.progress).skipped += 1;
                        }
                        other => break other,
                    }
                }
            };
            let Some((row, fields)) = next? else {
                return Ok(());
            };
            let result = self.import_row(name, options, run, row, fields).await?;
            lock(&run.results).write_all(result.to_line().as_bytes())?;
            let snapshot = {
                let mut p = lock(&run.progress);
                match result.status.as_str() {
                    "inserted" => p.inserted += 1,
                    "updated" => p.updated += 1,
                    _ => p.failed += 1,
                }
                p.update_rate(run.started);
                p.clone()
            };
            on_progress(&snapshot);
        }
        Ok(())
    }

    async fn import_row<R>(
        &self,
        name: &str,
        options: &ImportOptions,
        run: &Run<'_, R>,
        row: u64,
        fields: Map<String, Value>,
    ) -> Result<RowResult> {
        let failed = |http_status: Option<u16>, error: String| RowResult {
            row,
            status: "failed".into(),
            sys_id: None,
            http_status,
            error: Some(error),
        };
        let mut existing = None;
        if let Some(key) = &options.update_key {
            let Some(value) = fields.get(key).map(text).filter(|v| !v.is_empty()) else {
                return Ok(failed(None, format!("the row has no value for {key}")));
            };
            let mut find = TableRequest::list(&options.table);
            find.params = vec![
                ("sysparm_query".into(), format!("{key}={value}")),
                ("sysparm_fields".into(), format!("sys_id,{key}")),
                ("sysparm_limit".into(), "1".into()),
            ];
            let x = self.send_patiently(name, &find.to_api()?, run).await?;
            if !x.is_success() {
                return Ok(failed(Some(x.status), reason(&x)));
            }
            let found = x
                .json()
                .and_then(|mut v| v.get_mut("result")?.get_mut(0).map(Value::take));
            existing = found
                .as_ref()
                .and_then(|r| r["sys_id"].as_str().map(str::to_string));
            // An encoded query on a field the table lacks is silently ignored and matches
            // any record: never update one whose key is not the row's.
            if let Some(r) = found.filter(|_| existing.is_some()) {
                if r.get(key).map(text) != Some(value.clone()) {
                    return Ok(failed(
                        Some(x.status),
                        format!(
                            "the instance ignored the query on {key}: is it a field of {}?",
                            options.table
                        ),
                    ));
                }
            }
        }
        let write = match &existing {
            Some(id) => TableRequest::update(&options.table, id, Value::Object(fields)),
            None => TableRequest::create(&options.table, Value::Object(fields)),
        };
        let mut req = write.to_api()?;
        // The sys_id comes back in Location (or is known); the record itself is not needed.
        req.headers
            .push(("X-no-response-body".into(), "true".into()));
        let x = self.send_patiently(name, &req, run).await?;
        let sys_id = match (x.status, existing) {
            (200, Some(id)) => Some(id),
            (201, None) => x
                .header("location")
                .and_then(|l| l.rsplit('/').next())
                .map(str::to_string),
            _ => None,
        };
        Ok(match sys_id {
            Some(id) => RowResult {
                row,
                status: if x.status == 201 {
                    "inserted"
                } else {
                    "updated"
                }
                .into(),
                sys_id: Some(id),
                http_status: Some(x.status),
                error: None,
            },
            None => failed(Some(x.status), reason(&x)),
        })
    }

    /// Sends until the answer is neither a 429 (waited out) nor a 202 "not processed" (sent
    /// again after a pause that doubles each time), at most `MAX_ATTEMPTS` times.
    async fn send_patiently<R>(
        &self,
        name: &str,
        req: &ApiRequest,
        run: &Run<'_, R>,
    ) -> Result<Exchange> {
        let mut attempts = 0;
        // A 202 means the session's queue was full: resending at once would only refill it.
        let mut backoff = NOT_PROCESSED_BACKOFF;
        loop {
            attempts += 1;
            let x = self.send_unrecorded(name, req, None).await?;
            // One history entry per import, not one per row.
            if !run.history_recorded.swap(true, Ordering::SeqCst) {
                self.record_history(name, req, &x);
            }
            if attempts >= MAX_ATTEMPTS || !matches!(x.status, 202 | 429) {
                return Ok(x);
            }
            if x.status == 202 {
                lock(&run.progress).not_processed += 1;
                tokio::time::sleep(backoff).await;
                backoff = (backoff * 2).min(Duration::from_secs(2));
                continue;
            }
            lock(&run.progress).rate_limited += 1;
            let wait = x
                .header("retry-after")
                .and_then(|v| v.trim().parse().ok())
                .unwrap_or(1u64)
                .clamp(1, 120);
            tokio::time::sleep(Duration::from_secs(wait)).await;
        }
    }
}

fn lock<T>(m: &Mutex<T>) -> MutexGuard<'_, T> {
    m.lock().unwrap_or_else(PoisonError::into_inner)
}

fn text(value: &Value) -> String {
    match value {
        Value::String(s) => s.clone(),
        Value::Null => String::new(),
        other => other.to_string(),
    }
}

fn reason(x: &Exchange) -> String {
    match (x.status, x.diagnosis.as_ref()) {
        (202, _) => "still not processed (202) after every retry".into(),
        (429, _) => "still rate limited (429) after every retry".into(),
        (_, Some(d)) => d.message.clone(),
        (status, None) => format!("HTTP {status}"),
    }
}
