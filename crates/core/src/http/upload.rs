//! A file from disk as the request body, read in chunks on a blocking thread while it is
//! sent, so an upload costs the same memory whatever the file's size.

use std::io::Read;
use std::path::Path;
use std::pin::Pin;
use std::task::{Context, Poll};
use std::time::Instant;

use bytes::Bytes;
use http_body::{Frame, SizeHint};
use tokio::sync::mpsc;

use super::{HttpClient, HttpRequest, HttpResponse};
use crate::error::{Error, Result};

const CHUNK: usize = 256 * 1024;
/// Chunks read ahead of the socket: bounds the memory in flight to `CHUNK * AHEAD`.
const AHEAD: usize = 4;

impl HttpClient {
    /// `send`, with the file at `path` as the body (its length as Content-Length).
    /// Redirects are not followed: the file would have to be read again.
    pub async fn send_file(&self, req: HttpRequest, path: &Path) -> Result<HttpResponse> {
        let started = Instant::now();
        let body = file_body(path)?;
        let (resp, probe, host) = self.start_with(&req, Some(body)).await?;
        self.finish(resp, probe, &host, started).await
    }
}

fn file_body(path: &Path) -> Result<reqwest::Body> {
    let cannot = |e: std::io::Error| Error::Io(format!("cannot read {}: {e}", path.display()));
    let mut file = std::fs::File::open(path).map_err(cannot)?;
    let len = file.metadata().map_err(cannot)?.len();
    let (tx, rx) = mpsc::channel(AHEAD);
    tokio::task::spawn_blocking(move || loop {
        let mut buffer = vec![0u8; CHUNK];
        let chunk = match file.read(&mut buffer) {
            Ok(0) => return,
            Ok(n) => {
                buffer.truncate(n);
                Ok(Bytes::from(buffer))
            }
            Err(e) => Err(e),
        };
        let failed = chunk.is_err();
        // A closed channel means the send was given up: stop reading.
        if tx.blocking_send(chunk).is_err() || failed {
            return;
        }
    });
    Ok(reqwest::Body::wrap(FileBody { rx, remaining: len }))
}

struct FileBody {
    rx: mpsc::Receiver<std::io::Result<Bytes>>,
    remaining: u64,
}

impl http_body::Body for FileBody {
    type Data = Bytes;
    type Error = std::io::Error;

    fn poll_frame(
        mut self: Pin<&mut Self>,
        cx: &mut Context<'_>,
    ) -> Poll<Option<std::result::Result<Frame<Bytes>, Self::Error>>> {
        match self.rx.poll_recv(cx) {
            Poll::Ready(Some(Ok(chunk))) => {
                self.remaining = self.remaining.saturating_sub(chunk.len() as u64);
                Poll::Ready(Some(Ok(Frame::data(chunk))))
            }
            Poll::Ready(Some(Err(e))) => Poll::Ready(Some(Err(e))),
            Poll::Ready(None) => Poll::Ready(None),
            Poll::Pending => Poll::Pending,
        }
    }

    fn size_hint(&self) -> SizeHint {
        SizeHint::with_exact(self.remaining)
    }
}
