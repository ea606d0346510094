//! How results reach the terminal: bodies on stdout, status and errors on stderr.

use std::io::{IsTerminal, Write};

use snowpost_core::http::Timing;
use snowpost_core::token_events::TokenEventKind;
use snowpost_core::{ErrorReport, Exchange, Workspace};

/// Pretty JSON on a terminal, compact when piped (so scripts get what they can parse).
pub fn print_json(value: &serde_json::Value) {
    let text = if std::io::stdout().is_terminal() {
        serde_json::to_string_pretty(value)
    } else {
        serde_json::to_string(value)
    }
    .unwrap_or_default();
    println!("{text}");
}

/// Whether a body goes to stdout as it arrives: when piped, where it is written as received
/// anyway (a terminal gets it pretty-printed, which needs it whole).
pub fn streams_stdout() -> bool {
    !std::io::stdout().is_terminal()
}

/// Stdout for a streamed body. A reader that goes away (`| head`) ends the output quietly, as
/// for any Unix filter; the rest of the body is still read so the history is complete.
#[derive(Default)]
pub struct StdoutSink {
    last: Option<u8>,
    closed: bool,
}

impl Write for StdoutSink {
    fn write(&mut self, buf: &[u8]) -> std::io::Result<usize> {
        if self.closed || buf.is_empty() {
            return Ok(buf.len());
        }
        match std::io::stdout().write_all(buf) {
            Ok(()) => self.last = buf.last().copied(),
            Err(e) if e.kind() == std::io::ErrorKind::BrokenPipe => self.closed = true,
            Err(e) => return Err(e),
        }
        Ok(buf.len())
    }

    fn flush(&mut self) -> std::io::Result<()> {
        match std::io::stdout().flush() {
            Err(e) if e.kind() == std::io::ErrorKind::BrokenPipe => Ok(()),
            other => other,
        }
    }
}

impl StdoutSink {
    /// Ends a streamed body with a newline, as `print_exchange` ends a whole one.
    pub fn end(&mut self) {
        if !self.closed && self.last.is_some_and(|b| b != b'\n') {
            let _ = self.write_all(b"\n");
            let _ = self.flush();
        }
    }
}

/// The body as received when piped, formatted on a terminal; a one-line status on stderr.
pub fn print_exchange(x: &Exchange) {
    let mut out = std::io::stdout().lock();
    if std::io::stdout().is_terminal() {
        // Laid out from the bytes: no tree of a large list in memory.
        let _ = snowpost_core::api::write_pretty_json(&x.body, &mut out);
        let _ = writeln!(out);
    } else {
        let _ = out.write_all(&x.body);
        if !x.body.is_empty() && !x.body.ends_with(b"\n") {
            let _ = out.write_all(b"\n");
        }
    }
    let _ = out.flush();
    let p = x.pagination();
    let total = p
        .total
        .map(|t| format!(" · {t} records"))
        .unwrap_or_default();
    eprintln!(
        "{} {} · {} {} · {:.0} ms · {}{}",
        x.status,
        x.reason,
        x.request.method,
        x.request.url,
        x.elapsed_ms,
        human_size(x.size),
        total
    );
    if let Some(d) = &x.diagnosis {
        eprintln!("  {}: {}", d.kind, d.message);
        eprintln!("  hint: {}", d.hint);
    }
}

/// `--timing`: one line on stderr, each phase measured (a phase that did not happen is `-`).
pub fn print_timing(x: Option<&Exchange>) {
    if let Some(x) = x {
        eprintln!("{}", timing_line(&x.timing));
    }
}

fn timing_line(t: &Timing) -> String {
    let phase = |ms: Option<f64>| ms.map_or("-".to_string(), |ms| format!("{ms:.1} ms"));
    let phases: Vec<String> = t
        .phases()
        .iter()
        .map(|(name, ms)| format!("{name} {}", phase(*ms)))
        .collect();
    format!(
        "timing: {} · total {}{}",
        phases.join(" · "),
        phase(Some(t.total_ms)),
        if t.reused { " (connection reused)" } else { "" }
    )
}

/// Says on stderr when this call renewed or replaced the token, so scripts can see it.
pub fn print_token_events(ws: &Workspace, profile: &str) {
    for e in ws.token_events(profile) {
        match e.kind {
            TokenEventKind::Refreshed
            | TokenEventKind::Regranted
            | TokenEventKind::RefreshRejected
            | TokenEventKind::Rejected => {
                eprintln!("token: {} ({})", kind_label(e.kind), e.detail)
            }
            _ => {}
        }
    }
}

fn kind_label(k: TokenEventKind) -> &'static str {
    match k {
        TokenEventKind::Refreshed => "refreshed automatically",
        TokenEventKind::Regranted => "new token granted",
        TokenEventKind::RefreshRejected => "refresh token refused",
        TokenEventKind::Rejected => "rejected by the instance",
        _ => "event",
    }
}

pub fn print_error(r: &ErrorReport) {
    eprintln!("error [{}]: {}", r.kind, r.message);
    eprintln!("  hint: {}", r.hint);
    if !r.causes.is_empty() {
        eprintln!("  likely causes:");
        for c in &r.causes {
            eprintln!("    - {c}");
        }
    }
}

pub fn human_size(bytes: u64) -> String {
    match bytes {
        b if b < 1024 => format!("{b} B"),
        b if b < 1024 * 1024 => format!("{:.1} KB", b as f64 / 1024.0),
        b => format!("{:.1} MB", b as f64 / (1024.0 * 1024.0)),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn sizes_read_like_a_person_would() {
        assert_eq!(super::human_size(512), "512 B");
        assert_eq!(super::human_size(2048), "2.0 KB");
        assert_eq!(super::human_size(3 * 1024 * 1024), "3.0 MB");
    }

    #[test]
    fn timing_line_names_each_phase() {
        let t = Timing {
            dns_ms: None,
            connect_ms: Some(1.5),
            tls_ms: Some(3.0),
            ttfb_ms: 40.0,
            download_ms: 2.0,
            total_ms: 46.5,
            reused: false,
        };
        assert_eq!(
            timing_line(&t),
            "timing: dns - · connect 1.5 ms · tls 3.0 ms · first byte 40.0 ms · download 2.0 ms · total 46.5 ms"
        );
        let reused = Timing {
            reused: true,
            connect_ms: None,
            tls_ms: None,
            ..t
        };
        assert!(timing_line(&reused).ends_with("(connection reused)"));
    }
}
