pub mod api;
pub mod history;
pub mod profile;
pub mod sandbox;
pub mod secret;
pub mod token;
