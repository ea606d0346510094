//! What every CLI test file shares: a `snowpost sandbox` child, a CLI on a fresh data
//! directory whose profiles are removed (with their keychain entries) when it is dropped.
#![allow(dead_code)]

use std::io::{BufRead, BufReader, Write};
use std::path::Path;
use std::process::{Child, Command, Output, Stdio};

use serde_json::Value;

pub const BIN: &str = env!("CARGO_BIN_EXE_snowpost");

pub struct Sandbox(pub Child, pub String);

impl Sandbox {
    pub fn start(args: &[&str]) -> Sandbox {
        let mut child = Command::new(BIN)
            .arg("sandbox")
            .args(args)
            .stdout(Stdio::piped())
            .stderr(Stdio::null())
            .spawn()
            .unwrap();
        let mut line = String::new();
        BufReader::new(child.stdout.take().unwrap())
            .read_line(&mut line)
            .unwrap();
        assert!(line.starts_with("http://127.0.0.1:"), "{line}");
        Sandbox(child, line.trim().to_string())
    }
}

impl Drop for Sandbox {
    fn drop(&mut self) {
        let _ = self.0.kill();
        let _ = self.0.wait();
    }
}

pub struct Cli {
    pub dir: tempfile::TempDir,
    pub profiles: Vec<String>,
}

impl Cli {
    pub fn new() -> Cli {
        Cli {
            dir: tempfile::tempdir().unwrap(),
            profiles: Vec::new(),
        }
    }

    pub fn cmd(&self, args: &[&str]) -> Command {
        let mut c = Command::new(BIN);
        c.args(args)
            .env("SNOWPOST_DATA_DIR", self.dir.path())
            .env_remove("SNOWPOST_CLIENT_SECRET")
            .env_remove("SNOWPOST_PASSWORD");
        c
    }

    pub fn run(&self, args: &[&str]) -> Output {
        self.cmd(args).stdin(Stdio::null()).output().unwrap()
    }

    pub fn run_with_stdin(&self, args: &[&str], stdin: &str) -> Output {
        pipe(self.cmd(args), stdin)
    }

    /// `profile add NAME` for the sandbox's client, with `extra` options.
    pub fn add_profile(&self, name: &str, sandbox: &Sandbox, extra: &[&str]) -> Output {
        let mut args = vec![
            "profile",
            "add",
            name,
            "--instance",
            &sandbox.1,
            "--client-id",
            "snowpost-sandbox",
        ];
        args.extend_from_slice(extra);
        self.run(&args)
    }

    /// A profile on the sandbox with both secrets in the keychain.
    pub fn profile(&mut self, sandbox: &Sandbox) -> String {
        static N: std::sync::atomic::AtomicU32 = std::sync::atomic::AtomicU32::new(0);
        let n = N.fetch_add(1, std::sync::atomic::Ordering::Relaxed);
        let name = format!("cli-{}-{n}", std::process::id());
        let out = self.add_profile(&name, sandbox, &["--username", "admin"]);
        assert!(out.status.success(), "{}", stderr(&out));
        self.profiles.push(name.clone());
        ok(&self.run_with_stdin(
            &["secret", "set", &name, "client-secret"],
            "sandbox-secret\n",
        ));
        ok(&self.run_with_stdin(&["secret", "set", &name, "password"], "sandbox-password"));
        name
    }
}

impl Drop for Cli {
    fn drop(&mut self) {
        for p in &self.profiles {
            let _ = self.run(&["profile", "remove", p]);
        }
    }
}

/// Runs `cmd` with `stdin` written to it, capturing its output.
pub fn pipe(mut cmd: Command, stdin: &str) -> Output {
    let mut child = cmd
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    child
        .stdin
        .take()
        .unwrap()
        .write_all(stdin.as_bytes())
        .unwrap();
    child.wait_with_output().unwrap()
}

pub fn stdout(o: &Output) -> String {
    String::from_utf8_lossy(&o.stdout).into_owned()
}

pub fn stderr(o: &Output) -> String {
    String::from_utf8_lossy(&o.stderr).into_owned()
}

pub fn ok(o: &Output) -> Value {
    assert!(
        o.status.success(),
        "exit {:?}\nstdout: {}\nstderr: {}",
        o.status.code(),
        stdout(o),
        stderr(o)
    );
    serde_json::from_str(&stdout(o)).unwrap_or(Value::Null)
}

/// No file in `dir` holds any of `needles`.
pub fn assert_no_secret_in(dir: &Path, needles: &[&str]) {
    for entry in std::fs::read_dir(dir).unwrap().flatten() {
        let bytes = std::fs::read(entry.path()).unwrap_or_default();
        for n in needles {
            assert!(
                !bytes.windows(n.len()).any(|w| w == n.as_bytes()),
                "{} holds a secret",
                entry.path().display()
            );
        }
    }
}

/// How many API requests the sandbox has answered (its own counter, outside the client).
pub fn api_requests(sandbox: &Sandbox) -> u64 {
    let out = Command::new("curl")
        .args(["-sS", &format!("{}/sandbox/stats", sandbox.1)])
        .output()
        .unwrap();
    let v: Value = serde_json::from_slice(&out.stdout).unwrap();
    v["api_requests"].as_u64().unwrap()
}
