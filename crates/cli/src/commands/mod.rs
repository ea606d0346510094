pub mod api;
pub mod collection;
pub mod history;
pub mod network;
pub mod profile;
pub mod sandbox;
pub mod secret;
pub mod token;
