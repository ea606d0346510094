//! Starting, running and stopping a sandbox.

use std::io;
use std::net::{Ipv4Addr, SocketAddr};
use std::sync::Arc;
use std::time::Duration;

use tokio::net::TcpListener;
use tokio::sync::oneshot;
use tokio::task::JoinHandle;

use crate::app;
use crate::config::SandboxConfig;
use crate::faults::Faults;
use crate::listener::FaultyListener;
use crate::state::AppState;
use crate::stats::Stats;

/// How long `shutdown` lets in-flight requests finish before cutting them off.
const SHUTDOWN_GRACE: Duration = Duration::from_secs(3);

/// A running sandbox instance. Dropping it asks the server to stop.
pub struct Sandbox {
    addr: SocketAddr,
    base_url: String,
    state: Arc<AppState>,
    shutdown: Option<oneshot::Sender<()>>,
    task: Option<JoinHandle<io::Result<()>>>,
    demo_jwt_private_key: Option<String>,
}

impl Sandbox {
    /// Starts on a free port of 127.0.0.1.
    pub async fn start(config: SandboxConfig) -> io::Result<Sandbox> {
        Sandbox::start_on(SocketAddr::from((Ipv4Addr::LOCALHOST, 0)), config).await
    }

    /// Starts on `addr`, which must be a loopback address: the sandbox accepts any demo
    /// password and must never be reachable from the network.
    pub async fn start_on(addr: SocketAddr, mut config: SandboxConfig) -> io::Result<Sandbox> {
        if !addr.ip().is_loopback() {
            return Err(io::Error::new(
                io::ErrorKind::InvalidInput,
                format!("the sandbox only listens on loopback addresses, not {addr}"),
            ));
        }
        let listener = TcpListener::bind(addr).await?;
        let addr = listener.local_addr()?;
        let base_url = format!("http://{addr}");
        let mut demo_jwt_private_key = None;
        if config.demo_jwt_key {
            if let Some((public, private)) = crate::demo_key::generate() {
                config.jwt_keys.push(public);
                demo_jwt_private_key = Some(private);
            }
        }
        let faults = Arc::new(Faults::new(config.rate_limit));
        for (api, limit) in &config.api_rate_limits {
            faults.set_api_rate_limit(*api, Some(*limit));
        }
        faults.set_defer_writes(config.defer_writes);
        let state = Arc::new(AppState::new(config, base_url.clone(), faults.clone()));
        let router = app::router(state.clone());
        let (shutdown, signal) = oneshot::channel::<()>();
        let listener = FaultyListener::new(listener, faults);
        let task = tokio::spawn(async move {
            axum::serve(listener, router)
                .with_graceful_shutdown(async move {
                    // A dropped sender also means stop.
                    let _ = signal.await;
                })
                .await
        });
        Ok(Sandbox {
            addr,
            base_url,
            state,
            shutdown: Some(shutdown),
            task: Some(task),
            demo_jwt_private_key,
        })
    }

    pub fn addr(&self) -> SocketAddr {
        self.addr
    }

    /// `http://127.0.0.1:PORT`, without a trailing slash.
    pub fn base_url(&self) -> String {
        self.base_url.clone()
    }

    /// The private half of the demo JWT key (PKCS#8 PEM, ES256, kid `DEMO_JWT_KID`), when
    /// `demo_jwt_key` asked for one.
    pub fn demo_jwt_private_key(&self) -> Option<&str> {
        self.demo_jwt_private_key.as_deref()
    }

    /// Runtime fault switches.
    pub fn faults(&self) -> &Faults {
        &self.state.faults
    }

    /// Inserts `count` generated records into `table` (as the admin user), for tests and
    /// benchmarks that need many rows without as many HTTP calls. Incidents get numbers and
    /// priorities like any created one.
    pub fn seed(&self, table: &str, count: usize) {
        let mut store = crate::state::lock(&self.state.store);
        for i in 0..count {
            let n = i.to_string();
            let fields = vec![
                (
                    "short_description".to_string(),
                    format!("Seeded record {n}"),
                ),
                ("urgency".to_string(), ((i % 3) + 1).to_string()),
                ("impact".to_string(), (((i / 3) % 3) + 1).to_string()),
                ("u_seq".to_string(), n),
            ];
            store.insert(table, fields, crate::config::DEFAULT_USERNAME);
        }
    }

    /// `field` of every row of `table`, in insertion order: what the instance holds, for tests
    /// that must not take the client's word for it.
    pub fn column(&self, table: &str, field: &str) -> Vec<String> {
        let store = crate::state::lock(&self.state.store);
        store
            .select(table, &crate::query::EncodedQuery::parse(""))
            .iter()
            .map(|r| r.get(field).cloned().unwrap_or_default())
            .collect()
    }

    /// Expires every access token issued so far: the next API call with one gets a 401.
    pub fn expire_access_tokens(&self) {
        crate::state::lock(&self.state.tokens).expire_access(std::time::Instant::now());
    }

    /// Revokes every refresh token issued so far: the next refresh grant gets a 401.
    pub fn revoke_refresh_tokens(&self) {
        crate::state::lock(&self.state.tokens).revoke_refresh();
    }

    /// A snapshot of the request counters.
    pub fn stats(&self) -> Stats {
        self.state.counters.snapshot()
    }

    /// Stops accepting, lets in-flight requests finish (for a few seconds at most), and
    /// returns once the server task has ended.
    pub async fn shutdown(mut self) {
        if let Some(shutdown) = self.shutdown.take() {
            let _ = shutdown.send(());
        }
        if let Some(mut task) = self.task.take() {
            if tokio::time::timeout(SHUTDOWN_GRACE, &mut task)
                .await
                .is_err()
            {
                task.abort();
                let _ = task.await;
            }
        }
    }

    /// Serves until the server task ends; for a command that runs until it is killed.
    pub async fn wait(mut self) {
        // Held, not dropped: dropping the sender would stop the server.
        let _keep_running = self.shutdown.take();
        if let Some(task) = self.task.take() {
            let _ = task.await;
        }
    }
}

impl Drop for Sandbox {
    fn drop(&mut self) {
        if let Some(shutdown) = self.shutdown.take() {
            let _ = shutdown.send(());
        }
    }
}

impl std::fmt::Debug for Sandbox {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Sandbox")
            .field("addr", &self.addr)
            .finish_non_exhaustive()
    }
}
