//! The `sysparm_*` query parameters.

use crate::render::record::{DisplayMode, RenderOptions};

/// Table API page size when `sysparm_limit` is absent or unusable.
pub(crate) const DEFAULT_LIMIT: i64 = 10_000;

/// Decoded query parameters; the first occurrence of a name wins.
#[derive(Debug, Default)]
pub(crate) struct Params(Vec<(String, String)>);

impl Params {
    pub fn parse(query: Option<&str>) -> Self {
        Params(
            url::form_urlencoded::parse(query.unwrap_or("").as_bytes())
                .map(|(k, v)| (k.into_owned(), v.into_owned()))
                .collect(),
        )
    }

    pub fn get(&self, name: &str) -> Option<&str> {
        self.0
            .iter()
            .find(|(k, _)| k == name)
            .map(|(_, v)| v.as_str())
    }

    /// A boolean parameter: only "true" turns it on.
    pub fn flag(&self, name: &str) -> bool {
        self.get(name)
            .is_some_and(|v| v.trim().eq_ignore_ascii_case("true"))
    }

    pub fn query(&self) -> &str {
        self.get("sysparm_query").unwrap_or("")
    }

    /// `sysparm_limit`; non-numbers and values below 1 fall back to the default.
    pub fn limit(&self) -> i64 {
        self.get("sysparm_limit")
            .and_then(|v| v.trim().parse::<i64>().ok())
            .filter(|v| *v > 0)
            .unwrap_or(DEFAULT_LIMIT)
    }

    /// `sysparm_offset`; a negative offset (as in a first page's `prev` link) reads as 0.
    pub fn offset(&self) -> i64 {
        self.get("sysparm_offset")
            .and_then(|v| v.trim().parse::<i64>().ok())
            .unwrap_or(0)
            .max(0)
    }

    pub fn render_options(&self) -> RenderOptions {
        let fields = self.get("sysparm_fields").map(|f| {
            f.split(',')
                .map(|s| s.trim().to_string())
                .filter(|s| !s.is_empty())
                .collect::<Vec<_>>()
        });
        let display = match self.get("sysparm_display_value").map(str::trim) {
            Some(v) if v.eq_ignore_ascii_case("true") => DisplayMode::Display,
            Some(v) if v.eq_ignore_ascii_case("all") => DisplayMode::All,
            _ => DisplayMode::Values,
        };
        RenderOptions {
            fields: fields.filter(|f| !f.is_empty()),
            display,
            exclude_reference_link: self.flag("sysparm_exclude_reference_link"),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn parses_sysparms() {
        let p = Params::parse(Some(
            "sysparm_limit=5&sysparm_offset=-3&sysparm_query=a%3D1%5Eb%3D2&sysparm_fields=number,+sys_id&sysparm_display_value=all&sysparm_no_count=TRUE",
        ));
        assert_eq!(p.limit(), 5);
        assert_eq!(p.offset(), 0);
        assert_eq!(p.query(), "a=1^b=2");
        assert!(p.flag("sysparm_no_count"));
        let o = p.render_options();
        assert_eq!(
            o.fields,
            Some(vec!["number".to_string(), "sys_id".to_string()])
        );
        assert_eq!(o.display, DisplayMode::All);
        assert_eq!(
            Params::parse(Some("sysparm_limit=0")).limit(),
            DEFAULT_LIMIT
        );
        assert_eq!(Params::parse(None).limit(), DEFAULT_LIMIT);
    }
}
