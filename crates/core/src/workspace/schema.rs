//! The instance's tables and fields, fetched once per profile and kept in SQLite until the
//! user refreshes. ACLs that hide a metadata table degrade the answer and say so.

use serde_json::Value;

use super::Workspace;
use crate::api::TableRequest;
use crate::error::{Error, Result};
use crate::schema::{self, MetadataRows, TableList, TableSchema};

const TABLES_HIDDEN: &str = "sys_db_object is hidden by ACLs for this user: tables cannot be listed, but any table can still be typed by name";
const DICTIONARY_HIDDEN: &str = "sys_dictionary is hidden by ACLs for this user: the fields come from one record, without labels, types, references or mandatory flags";
const CHOICES_HIDDEN: &str =
    "sys_choice is hidden by ACLs for this user: choice fields show no list of values";

impl Workspace {
    /// The instance's tables matching `search` (name or label), from the cache unless
    /// `refresh`.
    pub async fn tables(&self, name: &str, search: &str, refresh: bool) -> Result<TableList> {
        let cached = if refresh {
            None
        } else {
            self.db(|s| s.cached_tables(name))?
        };
        let (rows, refreshed_at, from_cache) = match cached {
            Some(c) => (c.value, c.refreshed_at, true),
            None => match self.metadata_rows(name, schema::tables_request()).await? {
                Some(rows) => {
                    let at = self.db(|s| s.cache_tables(name, &rows))?;
                    (rows, at, false)
                }
                None => {
                    return Ok(TableList {
                        tables: Vec::new(),
                        refreshed_at: crate::storage::now_secs(),
                        from_cache: false,
                        limits: vec![TABLES_HIDDEN.into()],
                    })
                }
            },
        };
        let all = schema::rows::parse_tables(&rows);
        Ok(TableList {
            tables: schema::search_tables(&all, search),
            refreshed_at,
            from_cache,
            limits: Vec::new(),
        })
    }

    /// A table's fields, inherited ones included, with their choices: from the cache unless
    /// `refresh`.
    pub async fn table_schema(
        &self,
        name: &str,
        table: &str,
        refresh: bool,
    ) -> Result<TableSchema> {
        let table = crate::api::check_table_name(table)?;
        if !refresh {
            if let Some(c) = self.db(|s| s.cached_metadata(name, table))? {
                let mut schema = schema::merge(&c.value, c.refreshed_at);
                schema.from_cache = true;
                return Ok(schema);
            }
        }
        let list = self.tables(name, "", refresh).await?;
        let mut limits = list.limits.clone();
        let known = list.tables.iter().find(|t| t.name == table);
        if known.is_none() && limits.is_empty() {
            let mut like = schema::search_tables(&list.tables, table);
            if like.is_empty() {
                like = schema::near_tables(&list.tables, table);
            }
            let candidates = like
                .into_iter()
                .take(5)
                .map(|t| format!("{} ({})", t.label, t.name))
                .collect();
            return Err(Error::Lookup {
                what: "table".into(),
                value: table.into(),
                ambiguous: false,
                candidates,
            });
        }
        let label = known.map_or_else(|| table.to_string(), |t| t.label.clone());
        let hierarchy = schema::hierarchy(&list.tables, table);
        let (dictionary, choices) = tokio::join!(
            self.metadata_rows(name, schema::dictionary_request(&hierarchy)),
            self.metadata_rows(name, schema::choices_request(&hierarchy)),
        );
        let dictionary = dictionary?;
        let sample = match dictionary {
            Some(_) => None,
            None => {
                limits.push(DICTIONARY_HIDDEN.into());
                let rows = self
                    .metadata_rows(name, schema::sample_request(table))
                    .await?;
                rows.and_then(|r| r.into_iter().next())
            }
        };
        let choices = choices?.unwrap_or_else(|| {
            limits.push(CHOICES_HIDDEN.into());
            Vec::new()
        });
        let rows = MetadataRows {
            table: table.into(),
            label,
            hierarchy,
            dictionary,
            choices,
            sample,
            limits,
        };
        let at = self.db(|s| s.cache_metadata(name, &rows))?;
        Ok(schema::merge(&rows, at))
    }

    /// The rows of a metadata list; `None` when ACLs refuse it (403, or 404 on a hidden
    /// table), an error for anything else.
    pub(super) async fn metadata_rows(
        &self,
        name: &str,
        req: TableRequest,
    ) -> Result<Option<Vec<Value>>> {
        let x = self.send_unrecorded(name, &req.to_api()?, None).await?;
        match x.status {
            200..=299 => Ok(Some(schema::rows::result_rows(x.json()))),
            403 | 404 => Ok(None),
            status => Err(Error::MetadataFailed {
                table: req.table.clone(),
                status,
                detail: x
                    .servicenow_error
                    .map(|e| e.message)
                    .unwrap_or_else(|| x.reason.clone()),
            }),
        }
    }
}
