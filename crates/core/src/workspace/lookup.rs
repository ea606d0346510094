//! Human inputs in place of sys_ids: a record's number, `@me`, and a user's user_name, email
//! or name for a reference field. Each resolves before anything is written, or fails listing
//! what it could mean.

use std::borrow::Cow;

use serde_json::Value;

use super::Workspace;
use crate::api::{ApiRequest, Exchange, TableRequest};
use crate::error::{Error, Result};
use crate::guard::Confirmed;
use crate::profile::Profile;
use crate::schema::rows::{parse_candidates, parse_current_user};
use crate::schema::{self, is_sys_id, CurrentUser, ReferenceCandidate};
use crate::views::RequestInput;

/// The fields a value may name a record of `table` by, most specific first.
fn lookup_fields(table: &str, display: &str) -> Vec<String> {
    match table {
        "sys_user" => vec!["user_name".into(), "email".into(), "name".into()],
        _ => vec![display.to_string()],
    }
}

fn describe(c: &ReferenceCandidate) -> String {
    match c.detail.is_empty() {
        true => format!("{} ({})", c.display, c.sys_id),
        false => format!("{} <{}> ({})", c.display, c.detail, c.sys_id),
    }
}

impl Workspace {
    /// The signed-in user, asked once per profile and kept in memory.
    pub async fn current_user(&self, name: &str) -> Result<CurrentUser> {
        if let Some(me) = self
            .current_users
            .lock()
            .ok()
            .and_then(|m| m.get(name).cloned())
        {
            return Ok(me);
        }
        let x = self
            .send_unrecorded(name, &schema::current_user(), None)
            .await?;
        let me = x
            .json()
            .as_ref()
            .and_then(parse_current_user)
            .ok_or_else(|| Error::MetadataFailed {
                table: "current_user".into(),
                status: x.status,
                detail: "the instance did not say who is signed in".into(),
            })?;
        if let Ok(mut map) = self.current_users.lock() {
            map.insert(name.to_string(), me.clone());
        }
        Ok(me)
    }

    pub(super) fn forget_current_user(&self, name: &str) {
        if let Ok(mut map) = self.current_users.lock() {
            map.remove(name);
        }
    }

    /// The field a reference to `table` shows; users and groups by `name` without a fetch.
    async fn display_field(&self, name: &str, table: &str) -> String {
        if matches!(table, "sys_user" | "sys_user_group" | "cmdb_ci") {
            return "name".into();
        }
        let schema = self.table_schema(name, table, false).await.ok();
        schema
            .and_then(|s| s.display_field().map(str::to_string))
            .unwrap_or_else(|| "name".into())
    }

    /// Records of `table` a reference picker offers for `text`.
    pub async fn search_references(
        &self,
        name: &str,
        table: &str,
        text: &str,
        limit: u32,
    ) -> Result<Vec<ReferenceCandidate>> {
        let display = self.display_field(name, table).await;
        let rows = self
            .metadata_rows(name, schema::search_request(table, &display, text, limit))
            .await?;
        Ok(parse_candidates(&rows.unwrap_or_default(), &display))
    }

    /// The sys_id of `key` in `table`: a sys_id as is, `@me` for sys_user, else a `number`.
    pub async fn resolve_record(&self, name: &str, table: &str, key: &str) -> Result<String> {
        let key = key.trim();
        if is_sys_id(key) {
            return Ok(key.to_string());
        }
        if key == "@me" && table == "sys_user" {
            return Ok(self.current_user(name).await?.sys_id);
        }
        let found = self.find_by(name, table, "number", key, "number").await?;
        match found.as_slice() {
            [one] => Ok(one.sys_id.clone()),
            _ => Err(Error::Lookup {
                what: format!("{table} record with the number"),
                value: key.into(),
                ambiguous: found.len() > 1,
                candidates: found.iter().map(describe).collect(),
            }),
        }
    }

    async fn find_by(
        &self,
        name: &str,
        table: &str,
        field: &str,
        value: &str,
        display: &str,
    ) -> Result<Vec<ReferenceCandidate>> {
        let rows = self
            .metadata_rows(name, schema::lookup_request(table, field, value, display))
            .await?;
        Ok(parse_candidates(&rows.unwrap_or_default(), display))
    }

    /// `body` with each reference field given as a user_name, email, name or `@me` replaced
    /// by the sys_id it names. An unknown or ambiguous value is an error listing candidates.
    pub async fn resolve_references(
        &self,
        name: &str,
        table: &str,
        mut body: Value,
    ) -> Result<Value> {
        let needs_lookup = body.as_object().is_some_and(|o| {
            o.values()
                .any(|v| v.as_str().is_some_and(|s| !s.is_empty() && !is_sys_id(s)))
        });
        if !needs_lookup {
            return Ok(body);
        }
        let schema = match self.table_schema(name, table, false).await {
            Ok(schema) => schema,
            // A table the instance does not list: the Table API itself will answer for it.
            Err(Error::Lookup { .. }) => return Ok(body),
            Err(e) => return Err(e),
        };
        let Some(object) = body.as_object_mut() else {
            return Ok(body);
        };
        for (field, value) in object.iter_mut() {
            let (Some(text), Some(target)) = (
                value.as_str(),
                schema.field(field).and_then(|f| f.reference.clone()),
            ) else {
                continue;
            };
            if text.is_empty() || is_sys_id(text) {
                continue;
            }
            let sys_id = self.resolve_reference(name, field, &target, text).await?;
            *value = Value::String(sys_id);
        }
        Ok(body)
    }

    async fn resolve_reference(
        &self,
        name: &str,
        field: &str,
        target: &str,
        text: &str,
    ) -> Result<String> {
        if text == "@me" && target == "sys_user" {
            return Ok(self.current_user(name).await?.sys_id);
        }
        let display = self.display_field(name, target).await;
        for by in lookup_fields(target, &display) {
            let found = self.find_by(name, target, &by, text, &display).await?;
            match found.as_slice() {
                [] => continue,
                [one] => return Ok(one.sys_id.clone()),
                _ => {
                    let all = self
                        .search_references(name, target, text, 10)
                        .await
                        .unwrap_or(found);
                    return Err(Error::Lookup {
                        what: format!("{target} (for {field})"),
                        value: text.into(),
                        ambiguous: true,
                        candidates: all.iter().map(describe).collect(),
                    });
                }
            }
        }
        let like = self
            .search_references(name, target, text, 5)
            .await
            .unwrap_or_default();
        Err(Error::Lookup {
            what: format!("{target} record (for {field})"),
            value: text.into(),
            ambiguous: false,
            candidates: like
                .iter()
                .map(|c| format!("did you mean {}", describe(c)))
                .collect(),
        })
    }

    /// A Table API call with a number in place of its sys_id, references in its body given by
    /// name and `@me` in its query resolved. The write guard is checked first, so a refused
    /// write sends not even a lookup.
    pub async fn prepare_table_request(
        &self,
        name: &str,
        req: &TableRequest,
        confirmed: Confirmed,
    ) -> Result<TableRequest> {
        let p = self.profile(name)?;
        Ok(self
            .prepared_table_request(name, &p, req, confirmed)
            .await?
            .into_owned())
    }

    /// [`Workspace::prepare_table_request`] with the profile already read; the request itself,
    /// not a copy, when there is nothing to resolve (the usual case).
    pub(super) async fn prepared_table_request<'r>(
        &self,
        name: &str,
        p: &Profile,
        req: &'r TableRequest,
        confirmed: Confirmed,
    ) -> Result<Cow<'r, TableRequest>> {
        let record = req
            .sys_id
            .as_deref()
            .map(|k| format!("/{}", k.trim()))
            .unwrap_or_default();
        let preview = crate::api::ApiRequest::new(
            req.method.clone(),
            format!("/api/now/table/{}{record}", req.table),
        );
        crate::guard::check(name, p.environment, p.write_guard, &preview, confirmed)?;
        let mut out = Cow::Borrowed(req);
        if let Some(key) = req
            .sys_id
            .as_deref()
            .filter(|k| !k.trim().is_empty() && !is_sys_id(k.trim()))
        {
            out.to_mut().sys_id = Some(self.resolve_record(name, &req.table, key).await?);
        }
        if let Some(body) = &req.body {
            // Only writes carry fields; a reference given by name becomes its sys_id here.
            let body = self
                .resolve_references(name, &req.table, body.clone())
                .await?;
            out.to_mut().body = Some(body);
        }
        if req
            .params
            .iter()
            .any(|(k, v)| k == "sysparm_query" && v.contains("@me"))
        {
            let me = self.current_user(name).await?.sys_id;
            for (k, v) in &mut out.to_mut().params {
                if k == "sysparm_query" {
                    *v = schema::substitute_me(v, &me);
                }
            }
        }
        Ok(out)
    }

    /// The Request tab's send: a table target gets its number and `@me` resolved first.
    pub async fn send_input_as(
        &self,
        name: &str,
        input: &RequestInput,
        confirmed: Confirmed,
    ) -> Result<Exchange> {
        let api = self.input_api(name, input, confirmed).await?;
        self.send_as(name, &api, confirmed).await
    }

    /// The call an input makes, a table target's number and `@me` resolved.
    pub(super) async fn input_api(
        &self,
        name: &str,
        input: &RequestInput,
        confirmed: Confirmed,
    ) -> Result<ApiRequest> {
        Ok(match input.target {
            crate::views::RequestTarget::Table => {
                let table = self
                    .prepare_table_request(name, &input.to_table_request()?, confirmed)
                    .await?;
                input.with_table_request(&table)?
            }
            crate::views::RequestTarget::Path => input.to_api()?,
        })
    }
}
