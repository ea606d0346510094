//! Reading request bodies and secrets from the user.

use std::io::{IsTerminal, Read};

use crate::error::CliError;

/// `--data` values: inline JSON, `@file`, or `@-` for stdin.
pub fn read_data(arg: &str) -> Result<String, CliError> {
    match arg.strip_prefix('@') {
        Some("-") => read_stdin(),
        Some(path) => std::fs::read_to_string(path).map_err(|source| CliError::Read {
            what: path.into(),
            source,
        }),
        None => Ok(arg.to_string()),
    }
}

pub fn read_json_object(arg: &str) -> Result<serde_json::Value, CliError> {
    let text = read_data(arg)?;
    let v: serde_json::Value = serde_json::from_str(&text).map_err(|e| {
        CliError::usage(
            format!("--data is not valid JSON: {e}"),
            "Pass a JSON object such as '{\"short_description\":\"Printer on fire\"}', or @file.json.",
        )
    })?;
    if !v.is_object() {
        return Err(CliError::usage(
            "--data must be a JSON object",
            "Pass the record's fields as an object, e.g. '{\"short_description\":\"…\"}'.",
        ));
    }
    Ok(v)
}

/// A secret from stdin: hidden prompt on a terminal, first line when piped.
pub fn read_secret(label: &str) -> Result<String, CliError> {
    let value = if std::io::stdin().is_terminal() {
        rpassword::prompt_password(format!("{label}: ")).map_err(|source| CliError::Read {
            what: "the terminal".into(),
            source,
        })?
    } else {
        let s = read_stdin()?;
        s.strip_suffix('\n')
            .map(|t| t.strip_suffix('\r').unwrap_or(t))
            .unwrap_or(&s)
            .to_string()
    };
    if value.is_empty() {
        return Err(CliError::usage(
            format!("no {label} was given on stdin"),
            "Pipe the value in, e.g. `printf %s \"$SECRET\" | snowpost secret set NAME client-secret`.",
        ));
    }
    Ok(value)
}

fn read_stdin() -> Result<String, CliError> {
    let mut s = String::new();
    std::io::stdin()
        .read_to_string(&mut s)
        .map_err(|source| CliError::Read {
            what: "stdin".into(),
            source,
        })?;
    Ok(s)
}

/// `key=value` pairs from repeatable options.
pub fn pairs(items: &[String], sep: char, what: &str) -> Result<Vec<(String, String)>, CliError> {
    items
        .iter()
        .map(|s| {
            s.split_once(sep)
                .map(|(k, v)| (k.trim().to_string(), v.trim_start().to_string()))
                .filter(|(k, _)| !k.is_empty())
                .ok_or_else(|| {
                    CliError::usage(
                        format!("\"{s}\" is not {what}"),
                        format!("Write it as {what}."),
                    )
                })
        })
        .collect()
}
