pub mod api;
pub mod collection;
pub mod history;
pub mod profile;
pub mod sandbox;
pub mod saved;
pub mod secret;
pub mod token;
