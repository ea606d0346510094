//! A list answer written record by record in chunks, straight to bytes: a 72 000-row list
//! starts leaving at once and never exists whole in memory, as `{"result": [...]}` would.

use std::sync::Arc;

use axum::body::{Body, Bytes};

use super::record::{Rendered, RowRenderer};
use super::xml;
use crate::response::Format;
use crate::state::{lock, SharedState};
use crate::store::Record;

/// Rows per chunk: about 400 KB of an incident list, and a short hold of the store's lock.
const CHUNK_ROWS: usize = 512;

/// The rows of one page, rendered on demand.
pub(crate) struct ListBody {
    state: SharedState,
    renderer: RowRenderer,
    rows: Vec<Arc<Record>>,
    next: usize,
    format: Format,
    started: bool,
    done: bool,
}

impl ListBody {
    pub fn new(
        state: SharedState,
        renderer: RowRenderer,
        rows: Vec<Arc<Record>>,
        format: Format,
    ) -> Self {
        ListBody {
            state,
            renderer,
            rows,
            next: 0,
            format,
            started: false,
            done: false,
        }
    }

    /// The whole answer as one body when it fits in one chunk (so it keeps its
    /// Content-Length), else a stream of chunks.
    pub fn into_body(mut self) -> Body {
        let first = self.next().unwrap_or_default();
        if self.done {
            return Body::from(first);
        }
        let chunks = std::iter::once(first)
            .chain(self)
            .map(Ok::<_, std::convert::Infallible>);
        Body::from_stream(futures_util::stream::iter(chunks))
    }
}

impl Iterator for ListBody {
    type Item = Bytes;

    fn next(&mut self) -> Option<Bytes> {
        if self.done {
            return None;
        }
        let end = (self.next + CHUNK_ROWS).min(self.rows.len());
        let rows = &self.rows[self.next..end];
        let mut out = Vec::with_capacity(rows.len() * 1024 + 64);
        let store = lock(&self.state.store);
        match self.format {
            Format::Json => {
                if !self.started {
                    out.extend_from_slice(br#"{"result":["#);
                }
                for (i, row) in rows.iter().enumerate() {
                    if self.started || i > 0 {
                        out.push(b',');
                    }
                    json_row(&mut out, self.renderer.fields(&store, row));
                }
            }
            Format::Xml => {
                let mut text = String::new();
                if !self.started {
                    text.push_str(xml::PROLOG);
                    text.push_str("<response>");
                }
                for row in rows {
                    xml_row(&mut text, self.renderer.fields(&store, row));
                }
                out = text.into_bytes();
            }
        }
        drop(store);
        self.started = true;
        self.next = end;
        if end == self.rows.len() {
            self.done = true;
            out.extend_from_slice(match self.format {
                Format::Json => b"]}",
                Format::Xml => b"</response>",
            });
        }
        Some(Bytes::from(out))
    }
}

fn json_row<'a>(out: &mut Vec<u8>, fields: impl Iterator<Item = (&'a str, Rendered<'a>)>) {
    out.push(b'{');
    for (i, (name, field)) in fields.enumerate() {
        if i > 0 {
            out.push(b',');
        }
        json_string(out, name);
        out.push(b':');
        match &field {
            Rendered::Text(text) => json_string(out, text),
            object => {
                out.push(b'{');
                for (j, (member, value)) in object.members().enumerate() {
                    if j > 0 {
                        out.push(b',');
                    }
                    json_string(out, member);
                    out.push(b':');
                    json_string(out, value);
                }
                out.push(b'}');
            }
        }
    }
    out.push(b'}');
}

/// A JSON string, escaped exactly as serde_json escapes it everywhere else.
fn json_string(out: &mut Vec<u8>, text: &str) {
    // Writing to a Vec cannot fail.
    let _ = serde_json::to_writer(&mut *out, text);
}

fn xml_row<'a>(out: &mut String, fields: impl Iterator<Item = (&'a str, Rendered<'a>)>) {
    xml::open(out, "result");
    for (name, field) in fields {
        match &field {
            Rendered::Text(text) => xml::text_element(out, name, text),
            object => {
                xml::open(out, name);
                for (member, value) in object.members() {
                    xml::text_element(out, member, value);
                }
                xml::close(out, name);
            }
        }
    }
    xml::close(out, "result");
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::config::SandboxConfig;
    use crate::faults::Faults;
    use crate::query::EncodedQuery;
    use crate::render::record::{DisplayMode, RenderOptions};
    use crate::render::xml::to_xml;
    use crate::state::AppState;
    use serde_json::{json, Value};

    /// A list streamed in several chunks is byte for byte the envelope built as one value.
    #[test]
    fn chunks_match_the_whole_envelope_in_every_mode() {
        let state = Arc::new(AppState::new(
            SandboxConfig::default(),
            "http://h".into(),
            Arc::new(Faults::new(None)),
        ));
        {
            let mut store = lock(&state.store);
            let fred = store.user_sys_id("fred.johnson").unwrap_or("").to_string();
            for i in 0..(CHUNK_ROWS + 3) {
                let text = format!("row {i} <&> \"quoted\" \u{1} é");
                store.insert(
                    "incident",
                    vec![
                        ("short_description".into(), text),
                        ("caller_id".into(), fred.clone()),
                        ("urgency".into(), "1".into()),
                    ],
                    "admin",
                );
            }
        }
        for display in [DisplayMode::Values, DisplayMode::Display, DisplayMode::All] {
            for exclude in [false, true] {
                for fields in [None, Some("caller_id.name,urgency,number,nonexistent")] {
                    let options = RenderOptions {
                        fields: fields.map(|f| f.split(',').map(str::to_string).collect()),
                        display,
                        exclude_reference_link: exclude,
                    };
                    for count in [0, 1, CHUNK_ROWS + 3] {
                        check(&state, &options, count);
                    }
                }
            }
        }
    }

    fn check(state: &SharedState, options: &RenderOptions, count: usize) {
        let (rows, whole) = {
            let store = lock(&state.store);
            let columns = store.columns("incident");
            let renderer = RowRenderer::new("http://h", "incident", columns, options);
            let rows: Vec<Arc<Record>> = store
                .select_shared("incident", &EncodedQuery::parse(""))
                .into_iter()
                .take(count)
                .cloned()
                .collect();
            let whole: Vec<Value> = rows.iter().map(|r| renderer.render(&store, r)).collect();
            (rows, json!({ "result": whole }))
        };
        for (format, expected) in [
            (Format::Json, whole.to_string()),
            (Format::Xml, to_xml(&whole)),
        ] {
            let store = lock(&state.store);
            let renderer =
                RowRenderer::new("http://h", "incident", store.columns("incident"), options);
            drop(store);
            let body = ListBody::new(Arc::clone(state), renderer, rows.clone(), format);
            let chunks: Vec<Bytes> = body.collect();
            assert_eq!(chunks.len(), count.div_ceil(CHUNK_ROWS).max(1));
            let streamed: Vec<u8> = chunks.concat();
            assert_eq!(
                String::from_utf8_lossy(&streamed),
                expected,
                "{options:?} {count}"
            );
        }
    }
}
