//! `snowpost collection export|import`: a profile's saved requests as a Postman v2.1
//! collection and environment, and Postman collections (with an environment) in.

use snowpost_core::workbench::Scrubbed;
use snowpost_core::Workspace;

use crate::args::CollectionAction;
use crate::error::CliError;
use crate::output::print_json;

pub fn run(ws: &Workspace, action: CollectionAction) -> Result<(), CliError> {
    match action {
        CollectionAction::Import {
            profile,
            file,
            environment,
        } => {
            let json = read(&file)?;
            let env = environment.as_deref().map(read).transpose()?;
            let imported = ws.import_postman(&profile, &json, env.as_deref())?;
            let from = imported
                .environment
                .as_deref()
                .map(|e| format!(" with the environment \"{e}\""))
                .unwrap_or_default();
            report(
                &format!("imported {} request(s){from}", imported.rows.len()),
                &imported.scrubbed,
            );
            for u in &imported.unresolved {
                eprintln!("  unresolved, sent as written: {u}");
            }
            print_json(&serde_json::to_value(&imported).unwrap_or_default());
        }
        CollectionAction::Export { profile, dir } => {
            let (collection, environment) = ws.export_postman(&profile)?;
            for (suffix, doc) in [("collection", collection), ("environment", environment)] {
                let path = dir.join(format!("{profile}.postman_{suffix}.json"));
                let text = serde_json::to_string_pretty(&doc).unwrap_or_default();
                std::fs::write(&path, text).map_err(|source| CliError::Write {
                    what: path.display().to_string(),
                    source,
                })?;
                eprintln!("wrote {}", path.display());
            }
        }
    }
    Ok(())
}

fn read(file: &std::path::Path) -> Result<String, CliError> {
    std::fs::read_to_string(file).map_err(|source| CliError::Read {
        what: file.display().to_string(),
        source,
    })
}

/// One line for what was done, one per credential kept out of storage.
pub fn report(done: &str, s: &Scrubbed) {
    eprintln!("{done}");
    for r in &s.replaced {
        eprintln!("  kept as a keychain variable: {r}");
    }
    for d in &s.dropped {
        eprintln!("  secret dropped, not stored: {d}");
    }
}
