//! Integration tests over real loopback HTTP. One test binary keeps linking time down.

mod aggregate;
mod attachment;
mod batch;
mod common;
mod faults;
mod import_set;
mod metadata;
mod oauth;
mod scripted;
mod table;
