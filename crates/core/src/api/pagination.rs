//! `X-Total-Count` and the `Link` header. ServiceNow writes no spaces between entries and
//! gives `prev` a negative offset on the first page: take the header as it is, not as tidy.

use serde::Serialize;

#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS), ts(export))]
pub struct Pagination {
    #[cfg_attr(feature = "ts", ts(type = "number | null"))]
    pub total: Option<u64>,
    pub first: Option<String>,
    /// `None` when the server's `prev` points before the first record.
    pub prev: Option<String>,
    pub next: Option<String>,
    pub last: Option<String>,
}

impl Pagination {
    pub fn from_headers(total: Option<&str>, link: Option<&str>) -> Self {
        let mut p = Pagination {
            total: total.and_then(|t| t.trim().parse().ok()),
            ..Default::default()
        };
        for (rel, url) in link.map(parse_link_header).unwrap_or_default() {
            match rel.as_str() {
                "first" => p.first = Some(url),
                "prev" if !has_negative_offset(&url) => p.prev = Some(url),
                "next" => p.next = Some(url),
                "last" => p.last = Some(url),
                _ => {}
            }
        }
        p
    }
}

fn has_negative_offset(url: &str) -> bool {
    url::Url::parse(url)
        .map(|u| {
            u.query_pairs()
                .any(|(k, v)| k == "sysparm_offset" && v.starts_with('-'))
        })
        .unwrap_or(false)
}

/// `(rel, url)` pairs from an RFC 8288 `Link` header.
pub fn parse_link_header(value: &str) -> Vec<(String, String)> {
    let mut out = Vec::new();
    let mut rest = value;
    while let Some(start) = rest.find('<') {
        let Some(end) = rest[start..].find('>') else {
            break;
        };
        let url = rest[start + 1..start + end].trim().to_string();
        rest = &rest[start + end + 1..];
        let params_end = rest.find('<').unwrap_or(rest.len());
        let params = &rest[..params_end];
        for p in params.split(';') {
            if let Some((k, v)) = p.split_once('=') {
                if k.trim().eq_ignore_ascii_case("rel") {
                    let v = v.trim().trim_end_matches(',').trim().trim_matches('"');
                    for rel in v.split_whitespace() {
                        out.push((rel.to_ascii_lowercase(), url.clone()));
                    }
                }
            }
        }
        rest = &rest[params_end..];
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    const REAL: &str = "<https://dev1.service-now.com/api/now/table/incident?sysparm_limit=1&sysparm_offset=0>;rel=\"first\",<https://dev1.service-now.com/api/now/table/incident?sysparm_limit=1&sysparm_offset=-1>;rel=\"prev\",<https://dev1.service-now.com/api/now/table/incident?sysparm_limit=1&sysparm_offset=1>;rel=\"next\",<https://dev1.service-now.com/api/now/table/incident?sysparm_limit=1&sysparm_offset=66>;rel=\"last\"";

    #[test]
    fn reads_servicenow_link_header() {
        let p = Pagination::from_headers(Some("67"), Some(REAL));
        assert_eq!(p.total, Some(67));
        assert!(p.first.unwrap().ends_with("sysparm_offset=0"));
        assert_eq!(p.prev, None, "a negative prev is not a page");
        assert!(p.next.unwrap().ends_with("sysparm_offset=1"));
        assert!(p.last.unwrap().ends_with("sysparm_offset=66"));
    }

    #[test]
    fn tolerates_spaces_and_other_params() {
        let v = parse_link_header(
            r#"<https://a/x?o=2>; rel="next"; title="n", <https://a/x?o=0> ;rel=first"#,
        );
        assert_eq!(
            v,
            [
                ("next".into(), "https://a/x?o=2".into()),
                ("first".into(), "https://a/x?o=0".into())
            ]
        );
        assert!(parse_link_header("garbage").is_empty());
        assert_eq!(Pagination::from_headers(None, None), Pagination::default());
    }
}
