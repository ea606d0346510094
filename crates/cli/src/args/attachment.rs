//! `snowpost attachment`: files on records, through the Attachment API.

use std::path::PathBuf;

use clap::Subcommand;

#[derive(Subcommand)]
pub enum AttachmentAction {
    /// Attach a file to a record (streamed from disk); prints the attachment's metadata.
    Upload {
        /// The record's table, e.g. incident.
        table: String,
        /// The record's sys_id or number, e.g. INC0010001.
        record: String,
        /// The file to attach.
        file: PathBuf,
        /// Its Content-Type (default: guessed from the extension).
        #[arg(long)]
        content_type: Option<String>,
    },
    /// A record's attachments as JSON.
    List {
        /// The record's table, e.g. incident.
        table: String,
        /// The record's sys_id or number, e.g. INC0010001.
        record: String,
    },
    /// Save an attachment's bytes (streamed to disk); prints its name, size and SHA-256.
    Download {
        /// The attachment's sys_id.
        sys_id: String,
        /// Where to write it (default: the attachment's file name in the current folder).
        #[arg(long)]
        out: Option<PathBuf>,
        /// Replace the file if it exists.
        #[arg(long)]
        force: bool,
    },
    /// Delete an attachment.
    Delete {
        /// The attachment's sys_id.
        sys_id: String,
    },
}
