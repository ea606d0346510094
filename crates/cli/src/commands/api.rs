use std::io::IsTerminal;
use std::sync::atomic::{AtomicBool, Ordering};

use snowpost_core::api::{RecordFormat, RecordWriter};
use snowpost_core::guard::Confirmed;
use snowpost_core::http::parse_method;
use snowpost_core::{Accept, ApiRequest, Error, Exchange, TableRequest, Workspace};

use crate::args::{AcceptArg, RequestArgs, TableAction};
use crate::error::CliError;
use crate::input::{pairs, read_data, read_json_object};
use crate::output::{print_exchange, streams_stdout, StdoutSink};

fn accept(a: AcceptArg) -> Accept {
    match a {
        AcceptArg::Json => Accept::Json,
        AcceptArg::Xml => Accept::Xml,
    }
}

/// A `table` action: a record's number works wherever its sys_id does, a reference field in
/// `--data` may name its record (user_name, email, name or `@me`), and `@me` works in
/// `--query`; each is resolved before the write is sent.
pub async fn table(
    ws: &Workspace,
    profile: &str,
    action: TableAction,
    yes: bool,
) -> Result<Exchange, CliError> {
    let req = &table_request(action)?;
    let x = if streams_stdout() {
        guarded(profile, yes, |c| async move {
            let mut sink = StdoutSink::default();
            let x = ws.send_table_to(profile, req, c, &mut sink).await;
            sink.end();
            x
        })
        .await?
    } else {
        guarded(profile, yes, |c| ws.send_table_as(profile, req, c)).await?
    };
    print_exchange(&x);
    Ok(x)
}

/// The request a `table` action stands for.
fn table_request(action: TableAction) -> Result<TableRequest, CliError> {
    Ok(match action {
        TableAction::List {
            table,
            query,
            limit,
            offset,
            fields,
            display_value,
            accept: a,
            params,
            ..
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
        TableAction::Import { .. } => {
            return Err(CliError::usage(
                "import is not a single request",
                "Run it as `snowpost table PROFILE import TABLE --from FILE`.",
            ))
        }
    })
}

pub async fn request(
    ws: &Workspace,
    profile: &str,
    a: RequestArgs,
    yes: bool,
) -> Result<Exchange, CliError> {
    let body_file = a.body_file.clone();
    let req = &api_request(a)?;
    let x = if let Some(path) = &body_file {
        guarded(profile, yes, |c| ws.send_file_as(profile, req, path, c)).await?
    } else if streams_stdout() {
        guarded(profile, yes, |c| async move {
            let mut sink = StdoutSink::default();
            let x = ws.send_to(profile, req, c, &mut sink).await;
            sink.end();
            x
        })
        .await?
    } else {
        send_guarded(ws, profile, req, yes).await?
    };
    print_exchange(&x);
    Ok(x)
}

/// Sends through the profile's write guard: a confirm-writes profile asks on a terminal
/// (`--yes` answers for it); anywhere else the write is refused and nothing is sent.
pub async fn send_guarded(
    ws: &Workspace,
    profile: &str,
    req: &ApiRequest,
    yes: bool,
) -> Result<Exchange, CliError> {
    guarded(profile, yes, |c| ws.send_as(profile, req, c)).await
}

/// Sends with the user's answer: a write a profile wants confirmed is asked about once.
pub(crate) async fn guarded<F, Fut, T>(profile: &str, yes: bool, send: F) -> Result<T, CliError>
where
    F: Fn(Confirmed) -> Fut,
    Fut: std::future::Future<Output = snowpost_core::Result<T>>,
{
    let first = if yes { Confirmed::Yes } else { Confirmed::No };
    match send(first).await {
        Err(Error::WriteRefused {
            read_only: false,
            write,
            environment,
            ..
        }) if std::io::stdin().is_terminal() => {
            eprint!("{write} on {profile} ({environment}): send it? [y/N] ");
            let mut answer = String::new();
            let _ = std::io::stdin().read_line(&mut answer);
            if !matches!(answer.trim(), "y" | "Y" | "yes") {
                return Err(CliError::usage("not sent", "Answer y to send the write."));
            }
            Ok(send(Confirmed::Yes).await?)
        }
        other => Ok(other?),
    }
}

/// The request `METHOD PATH --data … -H … --param …` stands for.
pub fn api_request(a: RequestArgs) -> Result<ApiRequest, CliError> {
    let method = parse_method(&a.method)
        .map_err(|e| CliError::usage(e.to_string(), "Use GET, POST, PUT, PATCH or DELETE."))?;
    let mut req = ApiRequest::new(method, a.path);
    req.accept = accept(a.accept);
    req.headers = pairs(&a.headers, ':', "Name: value")?;
    req.query = pairs(&a.params, '=', "key=value")?;
    req.body = a.data.as_deref().map(read_data).transpose()?;
    Ok(req)
}

/// `table NAME list TABLE --all --out FILE`: every page to the file, progress on stderr,
/// Ctrl+C stops after the current page and keeps what was written.
pub async fn fetch_all(ws: &Workspace, profile: &str, action: TableAction) -> Result<(), CliError> {
    let TableAction::List {
        out: Some(path), ..
    } = &action
    else {
        return Err(CliError::usage(
            "--all needs --out FILE",
            "Add --out records.ndjson or --out records.csv.",
        ));
    };
    let path = path.clone();
    let format = RecordFormat::for_path(&path);
    let request = table_request(action)?;
    let file = std::fs::File::create(&path).map_err(|source| CliError::Read {
        what: path.display().to_string(),
        source,
    })?;
    let mut writer = RecordWriter::new(std::io::BufWriter::new(file), format);
    let cancel = std::sync::Arc::new(AtomicBool::new(false));
    let on_ctrl_c = cancel.clone();
    tokio::spawn(async move {
        if tokio::signal::ctrl_c().await.is_ok() {
            on_ctrl_c.store(true, Ordering::Relaxed);
        }
    });
    let terminal = std::io::stderr().is_terminal();
    let started = std::time::Instant::now();
    let result = ws
        .fetch_all(profile, &request, &mut writer, &cancel, |p| {
            if terminal {
                let total = p.total.map(|t| format!("/{t}")).unwrap_or_default();
                eprint!(
                    "\rfetched {}{total} records, {} pages   ",
                    p.records, p.pages
                );
            }
        })
        .await;
    writer.finish()?;
    if terminal {
        eprintln!();
    }
    let p = result?;
    let secs = started.elapsed().as_secs_f64();
    eprintln!(
        "{} {} records in {} pages to {} ({:.1} s, {:.0} records/s{})",
        if p.cancelled { "stopped:" } else { "done:" },
        p.records,
        p.pages,
        path.display(),
        secs,
        p.records as f64 / secs.max(1e-9),
        if p.rate_limited > 0 {
            format!(", waited out {} rate limits", p.rate_limited)
        } else {
            String::new()
        },
    );
    Ok(())
}
