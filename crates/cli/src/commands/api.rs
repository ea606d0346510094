use snowpost_core::{Accept, ApiRequest, Exchange, Method, TableRequest, Workspace};

use crate::args::{AcceptArg, RequestArgs, TableAction};
use crate::error::CliError;
use crate::input::{pairs, read_data, read_json_object};
use crate::output::print_exchange;

fn accept(a: AcceptArg) -> Accept {
    match a {
        AcceptArg::Json => Accept::Json,
        AcceptArg::Xml => Accept::Xml,
    }
}

pub async fn table(
    ws: &Workspace,
    profile: &str,
    action: TableAction,
) -> Result<Exchange, CliError> {
    let req = match action {
        TableAction::List {
            table,
            query,
            limit,
            offset,
            fields,
            display_value,
            accept: a,
            params,
        } => {
            let mut r = TableRequest::list(&table);
            let named = [
                ("sysparm_query", query),
                ("sysparm_limit", limit.map(|n| n.to_string())),
                ("sysparm_offset", offset.map(|n| n.to_string())),
                ("sysparm_fields", fields),
                ("sysparm_display_value", display_value),
            ];
            for (k, v) in named {
                if let Some(v) = v {
                    r = r.param(k, v);
                }
            }
            r.params.extend(pairs(&params, '=', "key=value")?);
            r.accept = accept(a);
            r
        }
        TableAction::Get {
            table,
            sys_id,
            accept: a,
        } => TableRequest {
            accept: accept(a),
            ..TableRequest::get(&table, &sys_id)
        },
        TableAction::Delete { table, sys_id } => TableRequest::delete(&table, &sys_id),
        TableAction::Create { table, data } => {
            TableRequest::create(&table, read_json_object(&data)?)
        }
        TableAction::Update {
            table,
            sys_id,
            data,
        } => TableRequest::update(&table, &sys_id, read_json_object(&data)?),
    };
    let x = ws.send_table(profile, &req).await?;
    print_exchange(&x);
    Ok(x)
}

pub async fn request(ws: &Workspace, profile: &str, a: RequestArgs) -> Result<Exchange, CliError> {
    let method = Method::from_bytes(a.method.to_ascii_uppercase().as_bytes()).map_err(|_| {
        CliError::usage(
            format!("\"{}\" is not an HTTP method", a.method),
            "Use GET, POST, PUT, PATCH or DELETE.",
        )
    })?;
    let mut req = ApiRequest::new(method, a.path);
    req.accept = accept(a.accept);
    req.headers = pairs(&a.headers, ':', "Name: value")?;
    req.query = pairs(&a.params, '=', "key=value")?;
    req.body = a.data.as_deref().map(read_data).transpose()?;
    let x = ws.send(profile, &req).await?;
    print_exchange(&x);
    Ok(x)
}
