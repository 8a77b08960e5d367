//! The two kinds of failure and the exit codes they map to.
//!
//! *Content* errors are the author's to fix: they carry every diagnostic found (exit 1).
//! *Usage* and *I/O* errors stop the command at once (exit 2); an I/O error always names the path.

use std::io;
use std::path::{Path, PathBuf};

use crate::diag::Diagnostic;

/// Why a command failed.
#[derive(Debug, thiserror::Error)]
pub enum Error {
    /// The site's content or configuration has errors; all of them are listed.
    #[error("{} content error(s)", .0.len())]
    Content(Vec<Diagnostic>),
    /// The command was asked to do something it must not (bad flags, a dangerous --out, …).
    #[error("{0}")]
    Usage(String),
    /// Reading or writing a file failed.
    #[error("failed to {action} `{}`: {source}", .path.display())]
    Io {
        /// What was being done ("read", "write", "create folder", …).
        action: &'static str,
        /// The file or folder.
        path: PathBuf,
        /// The underlying error.
        source: io::Error,
    },
    /// A template failed to render: a bug in a theme, shown with Tera's explanation.
    #[error("{0}")]
    Template(String),
}

impl Error {
    /// The process exit code for this error: 1 for content errors, 2 for everything else.
    pub fn exit_code(&self) -> u8 {
        match self {
            Error::Content(_) | Error::Template(_) => 1,
            Error::Usage(_) | Error::Io { .. } => 2,
        }
    }

    /// Wraps an I/O error with what was being done and to which path.
    pub fn io(action: &'static str, path: &Path, source: io::Error) -> Error {
        Error::Io {
            action,
            path: path.to_path_buf(),
            source,
        }
    }
}

/// `fs::read_to_string` whose error names the file.
pub fn read_to_string(path: &Path) -> Result<String, Error> {
    std::fs::read_to_string(path).map_err(|e| Error::io("read", path, e))
}
