//! What a command rejects with: always `{kind, message, hint, causes}`, never a bare string.

use serde::Serialize;
use snowpost_core::ErrorReport;

#[derive(Debug, thiserror::Error)]
pub enum UiError {
    #[error(transparent)]
    Core(#[from] snowpost_core::Error),

    #[error("the sandbox could not start: {0}")]
    Sandbox(std::io::Error),

    #[error("{0}")]
    Desktop(String),
}

impl UiError {
    pub fn report(&self) -> ErrorReport {
        match self {
            UiError::Core(e) => e.report(),
            UiError::Sandbox(_) => ErrorReport {
                kind: "sandbox".into(),
                message: self.to_string(),
                hint: "Another program may hold the loopback port; try again.".into(),
                causes: Vec::new(),
            },
            UiError::Desktop(m) => ErrorReport {
                kind: "desktop".into(),
                message: m.clone(),
                hint: "Try again; if it persists, restart Snowpost.".into(),
                causes: Vec::new(),
            },
        }
    }
}

impl Serialize for UiError {
    fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        self.report().serialize(s)
    }
}

pub type UiResult<T> = Result<T, UiError>;
