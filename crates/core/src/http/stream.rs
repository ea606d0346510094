//! Large answers straight to a writer (the CLI's piped stdout), so memory stays flat however
//! big the body is. Only a 2xx answer that is not an HTML page is streamed: anything else is
//! read whole, as `send` does, so its error envelope or a sleeping instance's page can be read.

use std::io::Write;
use std::time::Instant;

use super::{
    header_pairs, network_error, next_hop, HttpClient, HttpRequest, HttpResponse, Timing,
    MAX_REDIRECTS,
};
use crate::error::{Error, Result};

impl HttpClient {
    /// `send`, with a streamable body written to `sink` as it arrives: the response then has
    /// an empty body, and the number of bytes written comes back beside it.
    pub async fn send_to(
        &self,
        req: HttpRequest,
        sink: &mut (dyn Write + Send),
    ) -> Result<(HttpResponse, Option<u64>)> {
        let started = Instant::now();
        let mut req = req;
        for _ in 0..=MAX_REDIRECTS {
            let (resp, streamed) = self.send_once_to(&req, started, sink).await?;
            match next_hop(&req, &resp) {
                Some(next) if streamed.is_none() => req = next,
                _ => return Ok((resp, streamed)),
            }
        }
        self.send_once_to(&req, started, sink).await
    }

    async fn send_once_to(
        &self,
        req: &HttpRequest,
        started: Instant,
        sink: &mut (dyn Write + Send),
    ) -> Result<(HttpResponse, Option<u64>)> {
        let (mut resp, probe, host) = self.start(req).await?;
        let mut head = HttpResponse {
            status: resp.status().as_u16(),
            headers: header_pairs(&resp),
            body: Vec::new(),
            timing: Timing::default(),
            elapsed: started.elapsed(),
        };
        let streamable = (200..300).contains(&head.status)
            && !head
                .content_type()
                .is_some_and(|c| c.to_ascii_lowercase().contains("html"));
        let mut written = 0u64;
        while let Some(chunk) = resp.chunk().await.map_err(|e| network_error(e, &host))? {
            if streamable {
                sink.write_all(&chunk)
                    .map_err(|e| Error::Io(format!("cannot write the answer: {e}")))?;
                written += chunk.len() as u64;
            } else {
                head.body.extend_from_slice(&chunk);
            }
        }
        if streamable {
            sink.flush()
                .map_err(|e| Error::Io(format!("cannot write the answer: {e}")))?;
        }
        head.timing = probe.done();
        head.elapsed = started.elapsed();
        Ok((head, streamable.then_some(written)))
    }
}
