//! The fault matrix: what the user sees when the network or the instance misbehaves. One row
//! per fault switch of the sandbox; each names the outcome kind shown (`ok` when the client
//! recovers by itself), none may take longer than `BOUND`, and `Authorization` never goes to
//! another host.

use std::net::TcpListener;
use std::time::Duration;

use snowpost_core::{Error, Exchange, HttpClient, ProfileInput, Storage, TableRequest, Workspace};
use snowpost_e2e::Env;
use snowpost_sandbox::{RateLimit, SandboxConfig};

const BOUND: Duration = Duration::from_secs(10);

#[derive(Clone, Copy)]
enum Call {
    /// `POST /oauth_token.do`, the profile's own grant.
    Token,
    /// A Table API list, with a token already in hand before the fault starts.
    Api,
}

struct Row {
    fault: &'static str,
    call: Call,
    expect: &'static str,
}

const ROWS: &[Row] = &[
    Row {
        fault: "expired token",
        call: Call::Api,
        expect: "ok",
    },
    Row {
        fault: "refresh refused",
        call: Call::Api,
        expect: "ok",
    },
    Row {
        fault: "429 + Retry-After",
        call: Call::Api,
        expect: "rate_limited",
    },
    Row {
        fault: "500",
        call: Call::Api,
        expect: "server_error",
    },
    Row {
        fault: "503",
        call: Call::Api,
        expect: "server_error",
    },
    Row {
        fault: "connection reset",
        call: Call::Api,
        expect: "connection_reset",
    },
    Row {
        fault: "timeout",
        call: Call::Token,
        expect: "timeout",
    },
    Row {
        fault: "HTML hibernating page",
        call: Call::Token,
        expect: "instance_hibernating",
    },
    Row {
        fault: "HTML hibernating page",
        call: Call::Api,
        expect: "instance_hibernating",
    },
    Row {
        fault: "truncated JSON",
        call: Call::Token,
        expect: "not_a_token",
    },
    Row {
        fault: "truncated JSON",
        call: Call::Api,
        expect: "truncated_json",
    },
    Row {
        fault: "202 not processed",
        call: Call::Api,
        expect: "not_processed",
    },
    Row {
        fault: "redirect to another host",
        call: Call::Api,
        expect: "redirected_elsewhere",
    },
    Row {
        fault: "nothing listening",
        call: Call::Token,
        expect: "connect",
    },
    Row {
        fault: "unknown host",
        call: Call::Token,
        expect: "dns",
    },
];

/// What the user sees: an error's kind, an answer's diagnosis, or `ok`.
fn outcome(result: Result<Exchange, Error>) -> String {
    match result {
        Err(e) => e.kind().to_string(),
        Ok(x) => match x.diagnosis {
            Some(d) => d.kind,
            None if x.is_success() => "ok".into(),
            None => format!("HTTP {} without a diagnosis", x.status),
        },
    }
}

/// A workspace on `env`'s profile and keychain entries, with short timeouts.
fn impatient(env: &Env, dir: &tempfile::TempDir) -> Workspace {
    let ws = Workspace::new(
        Storage::open_dir(dir.path()).unwrap(),
        Box::new(env.keyring.clone()),
        HttpClient::with_timeouts(Duration::from_secs(1), Duration::from_millis(500)).unwrap(),
    );
    let p = env.ws.profile(&env.profile).unwrap();
    ws.add_profile(ProfileInput {
        name: p.name,
        instance: p.instance.to_string(),
        client_id: p.client_id,
        username: p.username,
        ..Default::default()
    })
    .unwrap();
    ws
}

async fn env_for(fault: &str) -> Env {
    let at = |instance: String| {
        move |p: ProfileInput| ProfileInput {
            instance: instance.clone(),
            ..p
        }
    };
    match fault {
        "nothing listening" => {
            let port = TcpListener::bind("127.0.0.1:0")
                .unwrap()
                .local_addr()
                .unwrap()
                .port();
            Env::start_with(
                SandboxConfig::default(),
                at(format!("http://127.0.0.1:{port}")),
            )
            .await
        }
        "unknown host" => {
            Env::start_with(
                SandboxConfig::default(),
                at("https://no-such-instance.invalid".into()),
            )
            .await
        }
        _ => Env::start(SandboxConfig::default()).await,
    }
}

async fn run(row: &Row, other_host: &TcpListener) -> String {
    let env = env_for(row.fault).await;
    let dir = tempfile::tempdir().unwrap();
    let short = (row.fault == "timeout").then(|| impatient(&env, &dir));
    let ws = short.as_ref().unwrap_or(&env.ws);
    if matches!(row.call, Call::Api) {
        ws.fetch_token(&env.profile)
            .await
            .expect("a token before the fault");
    }
    let sandbox = &env.sandbox;
    let faults = sandbox.faults();
    match row.fault {
        "expired token" => sandbox.expire_access_tokens(),
        "refresh refused" => {
            sandbox.expire_access_tokens();
            sandbox.revoke_refresh_tokens();
        }
        "429 + Retry-After" => faults.set_rate_limit(Some(RateLimit {
            requests: 0,
            per: Duration::from_secs(60),
        })),
        "500" => faults.set_status(Some(500)),
        "503" => faults.set_status(Some(503)),
        "202 not processed" => faults.set_status(Some(202)),
        "connection reset" => faults.set_reset_connections(true),
        "timeout" => faults.set_latency(Duration::from_secs(3)),
        "HTML hibernating page" => faults.set_hibernating(true),
        "truncated JSON" => faults.set_truncate_json(true),
        "redirect to another host" => {
            faults.set_redirect(Some(format!("http://{}", other_host.local_addr().unwrap())))
        }
        _ => {}
    }
    let call = async {
        match row.call {
            Call::Token => ws.fetch_token(&env.profile).await.map(|_| None),
            Call::Api => ws
                .send_table(
                    &env.profile,
                    &TableRequest::list("incident").param("sysparm_limit", "1"),
                )
                .await
                .map(Some),
        }
    };
    let result = tokio::time::timeout(BOUND, call)
        .await
        .unwrap_or_else(|_| panic!("{}: no answer within {BOUND:?}", row.fault));
    let seen = match result {
        Ok(Some(x)) => outcome(Ok(x)),
        Ok(None) => "ok".into(),
        Err(e) => outcome(Err(e)),
    };
    if row.fault == "refresh refused" {
        let events = format!("{:?}", ws.token_events(&env.profile));
        assert!(events.contains("RefreshRejected"), "{events}");
    }
    seen
}

#[tokio::test]
async fn fault_matrix() {
    // The host a redirect points at: it must never even be connected to.
    let other_host = TcpListener::bind("127.0.0.1:0").unwrap();
    other_host.set_nonblocking(true).unwrap();
    let mut table = String::from("| fault | call | outcome |\n|---|---|---|\n");
    let mut wrong = Vec::new();
    for row in ROWS {
        let seen = run(row, &other_host).await;
        let call = match row.call {
            Call::Token => "token",
            Call::Api => "API",
        };
        table.push_str(&format!("| {} | {call} | `{seen}` |\n", row.fault));
        if seen != row.expect {
            wrong.push(format!(
                "{} ({call}): expected {}, saw {seen}",
                row.fault, row.expect
            ));
        }
    }
    println!("{table}");
    assert!(wrong.is_empty(), "{wrong:#?}\n{table}");
    assert!(
        other_host.accept().is_err(),
        "a request followed the redirect to another host"
    );
}
