//! Saved requests in and out as Postman collection v2.1 (with an environment file): the
//! export references `{{variables}}` for every credential, never a value.

use serde_json::Value;

use super::Workspace;
use crate::error::Result;
use crate::storage::SavedRequestRow;
use crate::workbench::{export_collection, export_environment, import_collection, SavedRequest};

impl Workspace {
    /// `(collection, environment)` for the profile's saved requests.
    pub fn export_postman(&self, name: &str) -> Result<(Value, Value)> {
        let p = self.profile(name)?;
        let saved: Vec<SavedRequest> = self
            .saved_requests(name)?
            .into_iter()
            .map(|r| SavedRequest {
                name: r.name,
                request: r.request,
            })
            .collect();
        let collection = export_collection(
            &p.name,
            &p.instance,
            &p.client_id,
            p.grant.as_str(),
            p.username.as_deref(),
            &saved,
        );
        let environment =
            export_environment(&p.name, &p.instance, &p.client_id, p.username.as_deref());
        Ok((collection, environment))
    }

    /// Saves every request of a collection under the profile (same names are replaced).
    pub fn import_postman(&self, name: &str, json: &str) -> Result<Vec<SavedRequestRow>> {
        let p = self.profile(name)?;
        import_collection(json, &p.instance)?
            .iter()
            .map(|r| self.save_request(name, &r.name, &r.request))
            .collect()
    }
}
