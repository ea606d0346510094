//! The outcome of running saved requests in order, as newman reports a collection run: one
//! result per request, a summary table for a terminal and JUnit XML for CI. Only what the
//! history keeps goes in (method, redacted URL, status, timing, the error's message), never a
//! header or a body.

use serde::Serialize;

use crate::api::Exchange;
use crate::error::ErrorReport;

#[derive(Debug, Clone, Serialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS), ts(export))]
pub struct RunResult {
    pub name: String,
    pub method: String,
    pub url: String,
    /// `None` when nothing was answered (refused by the guard, or a network failure).
    pub status: Option<u16>,
    pub reason: String,
    pub elapsed_ms: f64,
    #[cfg_attr(feature = "ts", ts(type = "number"))]
    pub size: u64,
    /// Why it failed: the ServiceNow error's message, or the error's kind and message.
    pub error: Option<String>,
}

impl RunResult {
    pub fn answered(name: &str, x: &Exchange) -> Self {
        let error = (!x.is_success()).then(|| {
            x.servicenow_error
                .as_ref()
                .map(|e| e.message.clone())
                .filter(|m| !m.is_empty())
                .unwrap_or_else(|| format!("{} {}", x.status, x.reason))
        });
        RunResult {
            name: name.to_string(),
            method: x.request.method.clone(),
            url: x.request.url.clone(),
            status: Some(x.status),
            reason: x.reason.clone(),
            elapsed_ms: x.elapsed_ms,
            size: x.size,
            error,
        }
    }

    /// A request that got no answer; the report is already free of secrets (see `Error`).
    pub fn unanswered(name: &str, method: &str, report: &ErrorReport) -> Self {
        let ErrorReport { kind, message, .. } = report;
        RunResult {
            name: name.to_string(),
            method: method.to_string(),
            url: String::new(),
            status: None,
            reason: String::new(),
            elapsed_ms: 0.0,
            size: 0,
            error: Some(format!("{kind}: {message}")),
        }
    }

    pub fn passed(&self) -> bool {
        self.status.is_some_and(|s| (200..300).contains(&s))
    }
}

/// A fixed-width table: one row a request, then the totals, as newman prints them.
pub fn summary_table(results: &[RunResult]) -> String {
    let width = results
        .iter()
        .map(|r| r.name.chars().count())
        .max()
        .unwrap_or(0)
        .clamp(7, 48);
    let mut out = format!(
        "{:<3} {:<width$} {:<7} {:>6} {:>9} {:>9}\n",
        "#", "request", "method", "status", "time", "size"
    );
    for (i, r) in results.iter().enumerate() {
        let name: String = r.name.chars().take(width).collect();
        let status = r.status.map_or("—".to_string(), |s| s.to_string());
        out.push_str(&format!(
            "{:<3} {:<width$} {:<7} {:>6} {:>7.0}ms {:>9}\n",
            i + 1,
            name,
            r.method,
            status,
            r.elapsed_ms,
            human_size(r.size),
        ));
        if let Some(e) = &r.error {
            out.push_str(&format!("    ✗ {e}\n"));
        }
    }
    let failed = results.iter().filter(|r| !r.passed()).count();
    let total: f64 = results.iter().map(|r| r.elapsed_ms).sum();
    out.push_str(&format!(
        "{} request(s), {} passed, {} failed, {:.0} ms in all\n",
        results.len(),
        results.len() - failed,
        failed,
        total
    ));
    out
}

fn human_size(n: u64) -> String {
    match n {
        n if n >= 1 << 20 => format!("{:.1} MB", n as f64 / (1 << 20) as f64),
        n if n >= 1 << 10 => format!("{:.1} kB", n as f64 / 1024.0),
        n => format!("{n} B"),
    }
}

fn xml_escape(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    for c in s.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            '\'' => out.push_str("&apos;"),
            // XML 1.0 has no way to write the other control characters.
            c if c.is_control() && !matches!(c, '\t' | '\n' | '\r') => out.push('\u{fffd}'),
            c => out.push(c),
        }
    }
    out
}

/// JUnit XML, as CI servers read newman's `--reporters junit`: one test case a request, a
/// `<failure>` for an answer that is not 2xx and an `<error>` for no answer.
pub fn junit_xml(suite: &str, results: &[RunResult]) -> String {
    let failures = results.iter().filter(|r| r.status.is_some() && !r.passed());
    let errors = results.iter().filter(|r| r.status.is_none()).count();
    let time: f64 = results.iter().map(|r| r.elapsed_ms).sum::<f64>() / 1000.0;
    let suite = xml_escape(suite);
    let mut out = format!(
        "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<testsuites name=\"{suite}\" tests=\"{}\" failures=\"{}\" errors=\"{errors}\" time=\"{time:.3}\">\n  <testsuite name=\"{suite}\" tests=\"{}\" failures=\"{}\" errors=\"{errors}\" time=\"{time:.3}\">\n",
        results.len(),
        failures.clone().count(),
        results.len(),
        failures.count(),
    );
    for r in results {
        out.push_str(&format!(
            "    <testcase name=\"{}\" classname=\"{suite}\" time=\"{:.3}\"",
            xml_escape(&r.name),
            r.elapsed_ms / 1000.0
        ));
        let what = format!("{} {}", r.method, r.url);
        match (r.status, &r.error) {
            (Some(_), None) => out.push_str(" />\n"),
            (Some(status), Some(e)) => out.push_str(&format!(
                ">\n      <failure type=\"status\" message=\"{}\">{} answered {status}</failure>\n    </testcase>\n",
                xml_escape(e),
                xml_escape(what.trim()),
            )),
            (None, e) => out.push_str(&format!(
                ">\n      <error type=\"no answer\" message=\"{}\">{}</error>\n    </testcase>\n",
                xml_escape(e.as_deref().unwrap_or("no answer")),
                xml_escape(what.trim()),
            )),
        }
    }
    out.push_str("  </testsuite>\n</testsuites>\n");
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    fn result(name: &str, status: Option<u16>, error: Option<&str>) -> RunResult {
        RunResult {
            name: name.into(),
            method: "GET".into(),
            url: "https://dev1.service-now.com/api/now/table/incident".into(),
            status,
            reason: String::new(),
            elapsed_ms: 12.0,
            size: 2048,
            error: error.map(str::to_string),
        }
    }

    #[test]
    fn junit_counts_failures_and_errors_and_escapes() {
        let xml = junit_xml(
            "dev <&>",
            &[
                result("List \"open\"", Some(200), None),
                result("Missing", Some(404), Some("No Record found")),
                result("Down", None, Some("network: refused")),
            ],
        );
        assert!(xml.contains(
            "<testsuites name=\"dev &lt;&amp;&gt;\" tests=\"3\" failures=\"1\" errors=\"1\""
        ));
        assert!(xml.contains("<testcase name=\"List &quot;open&quot;\""));
        assert!(xml.contains("<failure type=\"status\" message=\"No Record found\">GET https://dev1.service-now.com/api/now/table/incident answered 404</failure>"));
        assert!(xml.contains("<error type=\"no answer\" message=\"network: refused\">"));
    }

    #[test]
    fn summary_has_a_row_each_and_totals() {
        let t = summary_table(&[
            result("a", Some(201), None),
            result("b", Some(500), Some("boom")),
        ]);
        let lines: Vec<&str> = t.lines().collect();
        assert!(
            lines[1].contains("201") && lines[1].contains("2.0 kB"),
            "{t}"
        );
        assert!(lines[3].contains("✗ boom"), "{t}");
        assert_eq!(lines[4], "2 request(s), 1 passed, 1 failed, 24 ms in all");
    }
}
