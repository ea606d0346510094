use snowpost_core::Workspace;

use crate::error::CliError;
use crate::output::print_json;

/// Runs the profile's grant and prints what may be shown; the token itself only with --show.
pub async fn run(ws: &Workspace, profile: &str, show: bool) -> Result<(), CliError> {
    let p = ws.profile(profile)?;
    let req = ws.token_request(profile)?;
    eprintln!("POST {}\n{}", req.url, req.preview_body());
    let token = ws.send_token_request(profile, &req).await?;
    let mut v = serde_json::to_value(token.summary()).unwrap_or_default();
    v["profile"] = p.name.into();
    v["instance"] = p.instance.to_string().into();
    v["grant"] = p.grant.as_str().into();
    if show {
        v["access_token"] = token.access_token.expose().into();
    }
    print_json(&v);
    Ok(())
}

/// `--revoke`: at the instance first, then locally (locally even when the instance fails).
pub async fn revoke(ws: &Workspace, profile: &str) -> Result<(), CliError> {
    ws.revoke(profile).await?;
    eprintln!("revoked the tokens of {profile} and removed them from the keychain");
    Ok(())
}
