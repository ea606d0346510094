//! Table API and any other call under the instance: pure builders, and the exchange record.

mod exchange;
mod pagination;
mod records;
mod request;

pub use exchange::{diagnose, Exchange, SentRequest, ServiceNowError};
pub use pagination::{parse_link_header, Pagination};
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
    let http_req = req.to_http(instance, authorization)?;
    let sent = SentRequest::from_http(&http_req);
    let resp = http.send(http_req).await?;
    Ok(Exchange::new(sent, resp))
}
