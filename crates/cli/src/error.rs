//! The CLI's one error type; printed as kind, message and hint.

use snowpost_core::ErrorReport;

#[derive(Debug, thiserror::Error)]
pub enum CliError {
    #[error(transparent)]
    Core(#[from] snowpost_core::Error),

    #[error("{message}")]
    Usage { message: String, hint: String },

    #[error("cannot read {what}: {source}")]
    Read {
        what: String,
        source: std::io::Error,
    },

    #[error("cannot write {what}: {source}")]
    Write {
        what: String,
        source: std::io::Error,
    },

    #[error("the sandbox could not start: {0}")]
    Sandbox(std::io::Error),
}

impl CliError {
    pub fn usage(message: impl Into<String>, hint: impl Into<String>) -> Self {
        CliError::Usage {
            message: message.into(),
            hint: hint.into(),
        }
    }

    pub fn report(&self) -> ErrorReport {
        match self {
            CliError::Core(e) => e.report(),
            CliError::Usage { message, hint } => ErrorReport {
                kind: "usage".into(),
                message: message.clone(),
                hint: hint.clone(),
                causes: Vec::new(),
            },
            CliError::Read { .. } => ErrorReport {
                kind: "io".into(),
                message: self.to_string(),
                hint: "Check the file path and its permissions.".into(),
                causes: Vec::new(),
            },
            CliError::Write { .. } => ErrorReport {
                kind: "io".into(),
                message: self.to_string(),
                hint: "Check that the folder exists and that you may write to it.".into(),
                causes: Vec::new(),
            },
            CliError::Sandbox(_) => ErrorReport {
                kind: "sandbox".into(),
                message: self.to_string(),
                hint: "Use --listen with a free loopback address, e.g. 127.0.0.1:0.".into(),
                causes: Vec::new(),
            },
        }
    }
}
