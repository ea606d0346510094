//! The Aggregate API through the profile's token: the exchange, and its table when it is one.

use super::Workspace;
use crate::api::aggregate::{AggregateRequest, AggregateTable};
use crate::api::Exchange;
use crate::error::Result;

impl Workspace {
    /// Sends `req`; the table is `None` when the answer is not a 2xx aggregate (a 400 for an
    /// unknown table is shown as the exchange it is).
    pub async fn aggregate(
        &self,
        name: &str,
        req: &AggregateRequest,
    ) -> Result<(Exchange, Option<AggregateTable>)> {
        let x = self.send(name, &req.to_api()?).await?;
        let table = x
            .json()
            .filter(|_| x.is_success())
            .and_then(|body| req.parse(&body));
        Ok((x, table))
    }
}
