//! Table API and any other call under the instance: pure builders, and the exchange record.

pub mod aggregate;
pub mod attachment;
mod batch;
mod exchange;
mod pagination;
mod pretty;
mod records;
mod request;
pub mod scripted_rest;

pub use batch::{parse_batch, BatchAnswer, BatchExchange, BatchRequest, BATCH_PATH};
pub use exchange::{diagnose, Exchange, SentRequest, ServiceNowError};
pub use pagination::{parse_link_header, Pagination};
pub use pretty::write_pretty_json;
pub(crate) use records::csv_field;
pub use records::{RecordFormat, RecordWriter};
pub(crate) use request::check_table_name;
pub use request::{Accept, ApiRequest, TableRequest};

use crate::error::Result;
use crate::http::HttpClient;
use crate::instance::Instance;

/// Sends an API request with the given `Authorization` value. A 4xx/5xx is a normal result.
pub async fn send_api(
    http: &HttpClient,
    instance: &Instance,
    authorization: &str,
    req: &ApiRequest,
) -> Result<Exchange> {
    send_api_to(http, instance, authorization, req, None).await
}

/// `send_api`, with a 2xx body written to `sink` as it arrives instead of kept (see
/// [`HttpClient::send_to`]); the exchange's `size` is what was written.
pub async fn send_api_to(
    http: &HttpClient,
    instance: &Instance,
    authorization: &str,
    req: &ApiRequest,
    sink: Option<&mut (dyn std::io::Write + Send)>,
) -> Result<Exchange> {
    let http_req = req.to_http(instance, authorization)?;
    let sent = SentRequest::from_http(&http_req);
    let Some(sink) = sink else {
        return Ok(Exchange::new(sent, http.send(http_req).await?));
    };
    let (resp, streamed) = http.send_to(http_req, sink).await?;
    let mut x = Exchange::new(sent, resp);
    if let Some(n) = streamed {
        x.size = n;
    }
    Ok(x)
}
