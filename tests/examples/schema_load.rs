//! The schema of `incident` (with task's inherited fields and the choices), loaded cold from
//! the sandbox and again from the SQLite cache: min / median / max over N runs each.
//! Run through `bench/schema.sh [RUNS]`, which starts a keychain.

use std::time::{Duration, Instant};

use snowpost_e2e::Env;
use snowpost_sandbox::SandboxConfig;

fn summary(name: &str, mut d: Vec<Duration>) {
    d.sort();
    let ms = |x: Duration| x.as_secs_f64() * 1000.0;
    println!(
        "{name:<28} min {:>8.3} ms   median {:>8.3} ms   max {:>8.3} ms   ({} runs)",
        ms(d[0]),
        ms(d[d.len() / 2]),
        ms(d[d.len() - 1]),
        d.len()
    );
}

#[tokio::main]
async fn main() {
    let runs: usize = std::env::args()
        .nth(1)
        .and_then(|a| a.parse().ok())
        .unwrap_or(50);
    let env = Env::start(SandboxConfig::default()).await;
    let (ws, p) = (&env.ws, env.profile.as_str());
    ws.access_token(p).await.expect("token");
    let (mut cold, mut cached) = (Vec::new(), Vec::new());
    let mut fields = 0;
    for _ in 0..runs {
        let t = Instant::now();
        let s = ws.table_schema(p, "incident", true).await.expect("cold");
        cold.push(t.elapsed());
        assert!(!s.from_cache);
        fields = s.fields.len();
        let t = Instant::now();
        let s = ws.table_schema(p, "incident", false).await.expect("cached");
        cached.push(t.elapsed());
        assert!(s.from_cache);
    }
    println!("incident: {fields} fields (own and inherited from task), choices included");
    summary("cold (3 requests)", cold);
    summary("from the SQLite cache", cached);
}
