//! A local ServiceNow-compatible instance for tests, benchmarks, the CLI's `sandbox` command
//! and a desktop app's "try without an instance" mode.
//!
//! It implements the server side of `servicenow-api.md` on its own (it does not use the
//! client crate): the OAuth token and revoke endpoints, the Table API with encoded queries,
//! pagination headers, JSON and XML, a few other APIs, rate limits, and faults (hibernation,
//! latency, connection resets). It only listens on loopback.
//!
//! ```no_run
//! # async fn demo() -> std::io::Result<()> {
//! use snowpost_sandbox::{Sandbox, SandboxConfig};
//! let sandbox = Sandbox::start(SandboxConfig::default()).await?;
//! println!("instance at {}", sandbox.base_url());
//! sandbox.shutdown().await;
//! # Ok(())
//! # }
//! ```

mod api;
mod app;
mod clock;
mod config;
mod demo_key;
mod faults;
mod hibernate;
mod ids;
mod link;
mod listener;
mod oauth;
mod query;
mod render;
mod response;
mod server;
mod state;
mod stats;
mod store;

pub use config::{
    Flavor, JwtKey, RateLimit, RestApi, SandboxConfig, SandboxUser, DEFAULT_ATTACHMENT_MAX_BYTES,
    DEFAULT_CLIENT_ID, DEFAULT_CLIENT_SECRET, DEFAULT_PASSWORD, DEFAULT_USERNAME, LOCKED_PASSWORD,
    LOCKED_USERNAME,
};
pub use demo_key::DEMO_JWT_KID;
pub use faults::Faults;
pub use server::Sandbox;
pub use stats::Stats;
