//! Turning rows and envelopes into response bodies.

pub(crate) mod list;
pub(crate) mod record;
pub(crate) mod xml;
