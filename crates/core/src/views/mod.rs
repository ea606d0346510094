//! What the desktop app sends and receives: serialisable views over the domain types.
//! None of them carries a secret value (the one exception is what the user typed into a row).

mod attachment;
mod batch;
mod body;
mod exchange;
mod formatted;
mod grid;
mod history;
mod incident;
mod low_priority;
mod pretty;
mod profile;
mod request_input;
mod token_form;

pub use crate::redact::{is_secret_name, REDACTED};
pub use attachment::{attachment_rows, AttachmentList, AttachmentRow, BodyFile};
pub use batch::{BatchItemView, BatchView};
pub use body::{format_body, format_start, pretty_lines, BodyKind, BodyPage, Lines};
pub use exchange::{ExchangeStore, ExchangeView};
pub use grid::{CopyFormat, GridInfo, GridPage, GridRow, GridSort, RecordGrid};
pub use history::history_request;
pub use incident::IncidentSummary;
pub use profile::{ProfileView, RegistrySetup, SecretSlot};
pub use request_input::{KeyValue, RequestInput, RequestTarget};
pub use token_form::{apply_rows, FormGrant, FormRow, TokenForm, TokenPreview, TokenView};
