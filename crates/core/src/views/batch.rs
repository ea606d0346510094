//! A batch's answer for the app: each serviced sub-request kept as its own exchange, so the
//! normal response viewer opens it.

use serde::Serialize;

use super::exchange::{ExchangeStore, ExchangeView};
use crate::workspace::BatchOutcome;

#[derive(Debug, Clone, Serialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS), ts(export))]
pub struct BatchItemView {
    pub id: String,
    /// The saved request's name.
    pub name: String,
    pub exchange: ExchangeView,
}

#[derive(Debug, Clone, Serialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS), ts(export))]
pub struct BatchView {
    /// The batch POST itself: not 2xx means nothing inside ran.
    pub batch: ExchangeView,
    pub items: Vec<BatchItemView>,
    /// Names of the items still unserviced after the one retry.
    pub unserviced: Vec<String>,
    pub retried: u32,
}

impl BatchView {
    /// Stores every exchange; `names[i]` labels the item with id `i + 1`.
    pub fn store(outcome: BatchOutcome, names: &[String], store: &mut ExchangeStore) -> Self {
        let name = |id: &str| {
            id.parse::<usize>()
                .ok()
                .and_then(|n| names.get(n.wrapping_sub(1)))
                .cloned()
                .unwrap_or_else(|| id.to_string())
        };
        let items = outcome
            .serviced
            .into_iter()
            .map(|b| BatchItemView {
                name: name(&b.id),
                id: b.id,
                exchange: store.insert(b.exchange, None),
            })
            .collect();
        BatchView {
            batch: store.insert(outcome.batch, None),
            items,
            unserviced: outcome.unserviced.iter().map(|id| name(id)).collect(),
            retried: u32::try_from(outcome.retried).unwrap_or(u32::MAX),
        }
    }
}
