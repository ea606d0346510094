//! ServiceNow answers every token failure with the same 401, so the client has to say
//! what usually causes it (servicenow-api.md §5), most likely first for the grant used.

pub fn likely_causes(grant_type: &str) -> Vec<String> {
    let mut causes: Vec<&str> = Vec::new();
    match grant_type {
        "password" => causes.extend([
            "The username or password is wrong (passwords are case-sensitive).",
            "The user is inactive, locked out, or must reset their password: check the sys_user record.",
            "The client ID or client secret is wrong: copy both again from System OAuth > Application Registry.",
        ]),
        "client_credentials" => causes.extend([
            "The client credentials grant is off: since the Washington DC release it needs the system property glide.oauth.inbound.client.credential.grant_type.enabled = true.",
            "The Application Registry entry has no OAuth Application User set.",
            "The client ID or client secret is wrong: copy both again from System OAuth > Application Registry.",
        ]),
        "refresh_token" => causes.extend([
            "The refresh token expired (default lifespan 100 days) or was revoked: log in again with the original grant.",
            "The client ID or client secret changed since the refresh token was issued.",
        ]),
        _ => causes.push("The grant type is not one the instance supports for this client."),
    }
    causes.extend([
        "The Application Registry entry is inactive, or its scope restrictions do not allow the requested scope.",
        "A parameter you added is mistyped (e.g. \"grant_type \" with a trailing space) or duplicates a built-in one.",
        "The secret was pasted with extra characters or spaces (Snowpost sends it percent-encoded, as it must be).",
    ]);
    causes.into_iter().map(String::from).collect()
}
