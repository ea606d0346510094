use snowpost_core::{GrantType, Workspace};

use crate::error::CliError;
use crate::output::print_json;

/// Runs the profile's grant and prints what may be shown; the token itself only with --show.
pub async fn run(ws: &Workspace, profile: &str, show: bool) -> Result<(), CliError> {
    let p = ws.profile(profile)?;
    let token = if p.grant == GrantType::AuthorizationCode {
        // No request without the browser: the kept token, or one from the refresh token.
        ws.access_token(profile).await?
    } else {
        let req = ws.token_request(profile)?;
        eprintln!("POST {}\n{}", req.url, req.preview_body());
        ws.send_token_request(profile, &req).await?
    };
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

/// `login NAME`: the browser and the loopback listener (Ctrl+C cancels), or `--paste`.
pub async fn login(ws: &Workspace, profile: &str, paste: bool) -> Result<(), CliError> {
    let token = if paste {
        let auth = ws.begin_sign_in(profile)?;
        eprintln!(
            "Open this URL in a browser, sign in and choose Allow:\n\n  {}\n",
            auth.url
        );
        eprintln!("Then paste the URL the browser landed on (or just the code), and press Enter:");
        let mut line = String::new();
        std::io::stdin()
            .read_line(&mut line)
            .map_err(|source| CliError::Read {
                what: "stdin".into(),
                source,
            })?;
        ws.finish_sign_in(profile, &auth, &line).await?
    } else {
        let cancelled = async {
            let _ = tokio::signal::ctrl_c().await;
        };
        ws.sign_in(
            profile,
            |url| {
                eprintln!("Opening the browser to sign in (waiting up to 5 minutes, Ctrl+C cancels):\n  {url}");
                snowpost_core::oauth::open_browser(url)
            },
            cancelled,
        )
        .await?
    };
    eprintln!("signed in: the refresh token is in the keychain");
    let mut v = serde_json::to_value(token.summary()).unwrap_or_default();
    v["profile"] = profile.into();
    print_json(&v);
    Ok(())
}
