//! gnome-keyring can abort when short-lived Secret Service connections overlap; the CLI
//! serialises its calls with an advisory lock in the data directory. 8 CLI processes at once,
//! 10 rounds, against the real daemon: every one succeeds and the daemon is the same process after.
//! Should the daemon die anyway, `scripts/with-keyring` has the bus start it again, unlocked.

mod common;

use std::process::{Command, Stdio};

use common::*;

/// The process that owns `org.freedesktop.secrets` on this session bus.
fn keyring_pid() -> String {
    let out = Command::new("dbus-send")
        .args([
            "--session",
            "--print-reply",
            "--dest=org.freedesktop.DBus",
            "/org/freedesktop/DBus",
            "org.freedesktop.DBus.GetConnectionUnixProcessID",
            "string:org.freedesktop.secrets",
        ])
        .output()
        .expect("dbus-send runs");
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    String::from_utf8_lossy(&out.stdout)
        .split_whitespace()
        .last()
        .unwrap_or_default()
        .to_string()
}

#[test]
fn eight_processes_ten_rounds_and_the_keyring_survives() {
    let sandbox = Sandbox::start(&[]);
    let mut cli = Cli::new();
    let p = cli.profile(&sandbox);
    let before = keyring_pid();
    for round in 0..10 {
        let children: Vec<_> = (0..8)
            .map(|i| {
                // Writes, reads and a token (several reads and writes each) all at once.
                let args: Vec<&str> = match i % 4 {
                    0 => vec!["secret", "set", &p, "client-secret"],
                    1 => vec!["token", &p],
                    2 => vec!["profile", "show", &p],
                    _ => vec!["secret", "set", &p, "password"],
                };
                let mut c = cli.cmd(&args);
                c.stdin(Stdio::piped())
                    .stdout(Stdio::piped())
                    .stderr(Stdio::piped());
                let mut child = c.spawn().unwrap();
                let value = if i % 4 == 0 {
                    "sandbox-secret"
                } else {
                    "sandbox-password"
                };
                use std::io::Write;
                let _ = child.stdin.take().unwrap().write_all(value.as_bytes());
                (args.join(" "), child)
            })
            .collect();
        for (what, child) in children {
            let out = child.wait_with_output().unwrap();
            assert!(
                out.status.success(),
                "round {round}: `{what}` failed: {}",
                stderr(&out)
            );
        }
    }
    assert_eq!(
        keyring_pid(),
        before,
        "gnome-keyring-daemon was replaced: it died"
    );
    let shown = ok(&cli.run(&["profile", "show", &p]));
    assert_eq!(shown["secrets"]["client_secret"], true);
    assert!(cli.dir.path().join("keychain.lock").exists());
}

#[test]
fn a_keyring_daemon_that_dies_comes_back_unlocked_with_its_secrets() {
    // Only on the private bus of scripts/with-keyring: elsewhere this would kill the user's own.
    if std::env::var_os("SNOWPOST_IN_KEYRING_SESSION").is_none() {
        eprintln!("skipped: not inside scripts/with-keyring");
        return;
    }
    let sandbox = Sandbox::start(&[]);
    let mut cli = Cli::new();
    let p = cli.profile(&sandbox);
    let before = keyring_pid();
    let killed = Command::new("kill").args(["-9", &before]).status().unwrap();
    assert!(killed.success());

    // The next keychain call starts the daemon again: the same keyring, unlocked.
    let shown = ok(&cli.run(&["profile", "show", &p]));
    assert_eq!(shown["secrets"]["password"], true, "{shown}");
    assert_ne!(keyring_pid(), before);
    ok(&cli.run_with_stdin(&["secret", "set", &p, "client-secret"], "sandbox-secret"));
    ok(&cli.run(&["token", &p]));
}
