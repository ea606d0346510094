//! The instance's Scripted REST APIs, read through the Table API, and calls to them.

use super::Workspace;
use crate::api::scripted_rest::{
    definitions_request, operations_request, parse_apis, versions_request, ScriptedApi,
    ScriptedOperation,
};
use crate::error::{Error, Result};

impl Workspace {
    /// Active Scripted REST APIs whose name, namespace, API ID, base URI or an operation
    /// contains `search`; empty when ACLs hide `sys_ws_definition`.
    pub async fn scripted_apis(&self, name: &str, search: &str) -> Result<Vec<ScriptedApi>> {
        let Some(defs) = self.metadata_rows(name, definitions_request()).await? else {
            return Ok(Vec::new());
        };
        let ops = self
            .metadata_rows(name, operations_request())
            .await?
            .unwrap_or_default();
        let versions = self
            .metadata_rows(name, versions_request())
            .await?
            .unwrap_or_default();
        Ok(parse_apis(&defs, &ops, &versions, search))
    }

    /// One operation, found by API ID (or sys_id) and operation name (or relative path).
    pub async fn scripted_operation(
        &self,
        name: &str,
        api: &str,
        operation: &str,
    ) -> Result<ScriptedOperation> {
        let apis = self.scripted_apis(name, "").await?;
        let found = apis
            .iter()
            .find(|a| a.api_id == api || a.sys_id == api)
            .ok_or_else(|| Error::Lookup {
                what: "Scripted REST API".into(),
                value: api.into(),
                ambiguous: false,
                candidates: apis.iter().map(|a| a.api_id.clone()).take(10).collect(),
            })?;
        found
            .operations
            .iter()
            .find(|o| o.name.eq_ignore_ascii_case(operation) || o.relative_path == operation)
            .cloned()
            .ok_or_else(|| Error::Lookup {
                what: format!("operation of {}", found.api_id),
                value: operation.into(),
                ambiguous: false,
                candidates: found.operations.iter().map(|o| o.name.clone()).collect(),
            })
    }
}
