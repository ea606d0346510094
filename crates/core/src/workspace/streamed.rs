//! Sends whose 2xx body goes to a writer as it arrives (the CLI's piped stdout), so a large
//! list costs no more memory than a small one. The guard and the history are as for `send_as`.

use std::io::Write;

use super::Workspace;
use crate::api::{ApiRequest, Exchange, TableRequest};
use crate::error::Result;
use crate::guard::Confirmed;

impl Workspace {
    /// `send_as`, streaming a 2xx body into `sink`; the exchange comes back without it.
    pub async fn send_to(
        &self,
        name: &str,
        req: &ApiRequest,
        confirmed: Confirmed,
        sink: &mut (dyn Write + Send),
    ) -> Result<Exchange> {
        self.send_recorded(name, req, confirmed, Some(sink)).await
    }

    /// `send_table_as`, streaming a 2xx body into `sink`.
    pub async fn send_table_to(
        &self,
        name: &str,
        req: &TableRequest,
        confirmed: Confirmed,
        sink: &mut (dyn Write + Send),
    ) -> Result<Exchange> {
        let req = self.prepare_table_request(name, req, confirmed).await?;
        self.send_to(name, &req.to_api()?, confirmed, sink).await
    }
}
