//! Saved requests in and out as Postman collection v2.1 (with an environment file): the
//! export references `{{variables}}` for every credential, never a value.

use serde::Serialize;
use serde_json::Value;

use super::Workspace;
use crate::error::Result;
use crate::storage::SavedRequestRow;
use crate::views::RequestInput;
use crate::workbench::{
    export_collection, export_environment, import_collection_with, import_environment, scrub,
    SavedRequest, Scrubbed,
};

impl Workspace {
    /// `(collection, environment)` for the profile's saved requests.
    pub fn export_postman(&self, name: &str) -> Result<(Value, Value)> {
        let p = self.profile(name)?;
        let saved: Vec<SavedRequest> = self
            .saved_requests(name)?
            .rows
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
        let environment = export_environment(
            &p.name,
            &p.instance,
            &p.client_id,
            p.grant.as_str(),
            p.username.as_deref(),
        );
        Ok((collection, environment))
    }

    /// Saves every request of a collection under the profile (same names are replaced), with
    /// each credential it carried replaced by a `{{variable}}` or dropped, and named.
    /// `{{variables}}` resolve from the collection and `environment` (a Postman environment's
    /// JSON); those left unresolved are listed in the result.
    pub fn import_postman(
        &self,
        name: &str,
        json: &str,
        environment: Option<&str>,
    ) -> Result<PostmanImport> {
        let p = self.profile(name)?;
        let env = environment.map(import_environment).transpose()?;
        let imported = import_collection_with(json, &p.instance, env.as_ref())?;
        let mut out = PostmanImport {
            environment: env.map(|e| e.name),
            unresolved: imported.unresolved,
            ..Default::default()
        };
        for r in imported.requests {
            let saved = self.save_request(name, &r.name, &r.request)?;
            let named = |list: Vec<String>| list.into_iter().map(|s| format!("{}: {s}", r.name));
            out.scrubbed.replaced.extend(named(saved.scrubbed.replaced));
            out.scrubbed.dropped.extend(named(saved.scrubbed.dropped));
            out.rows.push(saved.row);
        }
        Ok(out)
    }

    /// Saves a request under a name (the same name is replaced). Only what could be sent is
    /// saved, and no secret: see [`scrub`].
    pub fn save_request(&self, profile: &str, name: &str, request: &RequestInput) -> Result<Saved> {
        self.profile(profile)?;
        request.to_api()?;
        let (safe, scrubbed) = scrub(request);
        let row = self.db(|s| s.save_request(profile, name, &safe))?;
        Ok(Saved { row, scrubbed })
    }
}

/// A saved request, and the credentials that were kept out of storage.
#[derive(Debug, Clone, Serialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS), ts(export))]
pub struct Saved {
    pub row: SavedRequestRow,
    pub scrubbed: Scrubbed,
}

/// An imported collection: its requests as saved, and each credential kept out ("Name: …").
#[derive(Debug, Clone, Default, Serialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS), ts(export))]
pub struct PostmanImport {
    pub rows: Vec<SavedRequestRow>,
    pub scrubbed: Scrubbed,
    /// The environment's name, when one was given.
    pub environment: Option<String>,
    /// "Request name: {{variable}}" for each variable neither the collection nor the
    /// environment resolved (credentials, filled in from the keychain, are not listed).
    pub unresolved: Vec<String>,
}
