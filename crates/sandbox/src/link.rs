//! The `Link` pagination header of a Table API list, shaped exactly as a real instance's:
//! `<url>;rel="first",<url>;rel="prev",<url>;rel="next",<url>;rel="last"` with no spaces,
//! `prev` present even on the first page (with a negative offset), `next` absent on the last.

/// Builds the header for a page at `offset` of `limit` records out of `total`.
/// `raw_query` is the request's query string, repeated with `sysparm_offset` replaced.
pub(crate) fn link_header(
    base_url: &str,
    path: &str,
    raw_query: Option<&str>,
    offset: i64,
    limit: i64,
    total: u64,
) -> String {
    let limit = limit.max(1);
    let total = i64::try_from(total).unwrap_or(i64::MAX);
    let last = if total == 0 {
        0
    } else {
        ((total - 1) / limit) * limit
    };
    let url = |at: i64| page_url(base_url, path, raw_query, at);
    let mut entries = vec![
        format!("<{}>;rel=\"first\"", url(0)),
        format!("<{}>;rel=\"prev\"", url(offset - limit)),
    ];
    if offset + limit < total {
        entries.push(format!("<{}>;rel=\"next\"", url(offset + limit)));
    }
    entries.push(format!("<{}>;rel=\"last\"", url(last)));
    entries.join(",")
}

/// The request URL with `sysparm_offset` set to `offset`, every other parameter kept as sent.
fn page_url(base_url: &str, path: &str, raw_query: Option<&str>, offset: i64) -> String {
    let mut params: Vec<String> = Vec::new();
    let mut replaced = false;
    for piece in raw_query.unwrap_or("").split('&').filter(|p| !p.is_empty()) {
        let key = piece.split('=').next().unwrap_or("");
        if key == "sysparm_offset" {
            if !replaced {
                params.push(format!("sysparm_offset={offset}"));
                replaced = true;
            }
        } else {
            params.push(piece.to_string());
        }
    }
    if !replaced {
        params.push(format!("sysparm_offset={offset}"));
    }
    format!("{base_url}{path}?{}", params.join("&"))
}

#[cfg(test)]
mod tests {
    use super::*;

    const BASE: &str = "http://127.0.0.1:8080";
    const PATH: &str = "/api/now/table/incident";

    #[test]
    fn first_page_has_negative_prev_and_no_spaces() {
        let h = link_header(BASE, PATH, Some("sysparm_limit=1"), 0, 1, 67);
        assert_eq!(
            h,
            "<http://127.0.0.1:8080/api/now/table/incident?sysparm_limit=1&sysparm_offset=0>;rel=\"first\",\
             <http://127.0.0.1:8080/api/now/table/incident?sysparm_limit=1&sysparm_offset=-1>;rel=\"prev\",\
             <http://127.0.0.1:8080/api/now/table/incident?sysparm_limit=1&sysparm_offset=1>;rel=\"next\",\
             <http://127.0.0.1:8080/api/now/table/incident?sysparm_limit=1&sysparm_offset=66>;rel=\"last\""
        );
        assert!(!h.contains(' '));
    }

    #[test]
    fn last_page_has_no_next() {
        let h = link_header(
            BASE,
            PATH,
            Some("sysparm_limit=10&sysparm_offset=60"),
            60,
            10,
            67,
        );
        assert!(!h.contains("rel=\"next\""));
        assert!(h.contains("sysparm_limit=10&sysparm_offset=50>;rel=\"prev\""));
        assert!(h.ends_with("sysparm_limit=10&sysparm_offset=60>;rel=\"last\""));
    }

    #[test]
    fn offset_replaced_in_place_and_other_params_repeated_verbatim() {
        let q = "sysparm_offset=20&sysparm_query=active%3Dtrue%5EORDERBYnumber&sysparm_limit=10";
        let h = link_header(BASE, PATH, Some(q), 20, 10, 35);
        assert!(h.starts_with(
            "<http://127.0.0.1:8080/api/now/table/incident?sysparm_offset=0&sysparm_query=active%3Dtrue%5EORDERBYnumber&sysparm_limit=10>;rel=\"first\","
        ));
        assert!(h.contains("?sysparm_offset=30&sysparm_query=active%3Dtrue%5EORDERBYnumber&sysparm_limit=10>;rel=\"next\""));
        assert!(h.contains("?sysparm_offset=30&sysparm_query=active%3Dtrue%5EORDERBYnumber&sysparm_limit=10>;rel=\"last\""));
    }

    #[test]
    fn empty_result_and_missing_query() {
        let h = link_header(BASE, PATH, None, 0, 10_000, 0);
        assert_eq!(
            h,
            "<http://127.0.0.1:8080/api/now/table/incident?sysparm_offset=0>;rel=\"first\",\
             <http://127.0.0.1:8080/api/now/table/incident?sysparm_offset=-10000>;rel=\"prev\",\
             <http://127.0.0.1:8080/api/now/table/incident?sysparm_offset=0>;rel=\"last\""
        );
    }
}
