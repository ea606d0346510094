//! Sending saved or composed requests as one Batch API call, and retrying the items the
//! instance left unserviced once, as ServiceNow's clients do.

use serde::Serialize;

use super::secret_variables::{self, Filled};
use super::Workspace;
use crate::api::{parse_batch, ApiRequest, BatchAnswer, BatchExchange, BatchRequest, Exchange};
use crate::error::Result;
use crate::guard::{self, Confirmed};
use crate::instance::Instance;

/// The batch's own exchange (its status says whether the batch itself was taken) and one
/// exchange per serviced sub-request, in the order they were given.
#[derive(Debug, Clone, Serialize)]
pub struct BatchOutcome {
    pub batch: Exchange,
    pub serviced: Vec<BatchExchange>,
    /// Ids still unserviced after the one retry.
    pub unserviced: Vec<String>,
    /// How many items were sent a second time after coming back unserviced.
    pub retried: usize,
}

impl BatchOutcome {
    /// The batch was taken, every item serviced, and every item answered 2xx.
    pub fn passed(&self) -> bool {
        self.batch.is_success()
            && self.unserviced.is_empty()
            && self.serviced.iter().all(|b| b.exchange.is_success())
    }
}

/// A batch as sent (secret variables filled) and as written (shown and kept in history).
struct Batch {
    sent: BatchRequest,
    shown: BatchRequest,
    filled: Vec<Filled>,
}

impl Batch {
    fn only(&self, ids: &[String]) -> Batch {
        Batch {
            sent: self.sent.only(ids),
            shown: self.shown.only(ids),
            filled: self.filled.clone(),
        }
    }
}

impl Workspace {
    /// Sends `requests` as one batch (ids "1", "2", … in this order). Each is checked against
    /// the profile's write guard first, since the batch goes out as one POST.
    pub async fn send_batch(
        &self,
        name: &str,
        requests: Vec<ApiRequest>,
        confirmed: Confirmed,
    ) -> Result<BatchOutcome> {
        let p = self.profile(name)?;
        for req in &requests {
            guard::check(name, p.environment, p.write_guard, req, confirmed)?;
        }
        // `{{client_secret}}`-style variables are filled in each item before it is encoded;
        // what is shown and kept is the batch as written.
        let mut filled = Vec::new();
        let mut sent = Vec::with_capacity(requests.len());
        for req in &requests {
            let (req, f) = self.fill_secret_variables(name, req)?;
            sent.push(req.into_owned());
            filled.extend(f);
        }
        let batch = Batch {
            sent: BatchRequest::new(sent),
            shown: BatchRequest::new(requests),
            filled,
        };
        let (x, mut answer) = self.send_batch_once(name, &p.instance, &batch).await?;
        let mut retried = 0;
        if !answer.unserviced.is_empty() {
            let again = batch.only(&answer.unserviced);
            retried = again.sent.items.len();
            let (_, second) = self.send_batch_once(name, &p.instance, &again).await?;
            answer.serviced.extend(second.serviced);
            answer.unserviced = second.unserviced;
        }
        let position = |id: &str| batch.sent.items.iter().position(|(i, _)| i == id);
        answer.serviced.sort_by_key(|b| position(&b.id));
        Ok(BatchOutcome {
            batch: x,
            serviced: answer.serviced,
            unserviced: answer.unserviced,
            retried,
        })
    }

    async fn send_batch_once(
        &self,
        name: &str,
        instance: &Instance,
        batch: &Batch,
    ) -> Result<(Exchange, BatchAnswer)> {
        let mut x = self
            .send_unrecorded(name, &batch.sent.to_api(instance)?, None)
            .await?;
        // The body sent holds the filled items in base64, which no masking could find.
        let shown = batch.shown.to_api(instance)?;
        x.request.body = shown.body.clone();
        self.record_history(name, &shown, &x);
        let mut answer = x
            .is_success()
            .then(|| parse_batch(&batch.sent, instance, &x.body))
            .flatten()
            .unwrap_or_default();
        for item in &mut answer.serviced {
            secret_variables::mask(&mut item.exchange.request, &batch.filled);
        }
        Ok((x, answer))
    }

    /// The saved requests named (all for none) as one batch, with their names in batch order.
    pub async fn send_saved_batch(
        &self,
        name: &str,
        saved: &[String],
        confirmed: Confirmed,
    ) -> Result<(BatchOutcome, Vec<String>)> {
        let rows = self.saved_named(name, saved)?;
        let requests = rows
            .iter()
            .map(|r| r.request.to_api())
            .collect::<Result<Vec<_>>>()?;
        let outcome = self.send_batch(name, requests, confirmed).await?;
        Ok((outcome, rows.into_iter().map(|r| r.name).collect()))
    }
}
