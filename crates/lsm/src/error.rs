//! The engine's error type.
//!
//! Every fallible engine call returns [`Result`]. Errors are typed where they are found:
//! an I/O failure from the file system seam is [`Error::Io`], bytes that fail a checksum or
//! do not parse are [`Error::Corruption`] (never wrong data), a call the engine refuses is
//! [`Error::InvalidArgument`], and any call on a closed database is [`Error::Closed`].
//!
//! The type is `Clone` because a failed background job (flush, compaction) stores its error
//! and hands a copy to every later write: once the engine could not persist something, it
//! refuses writes rather than acknowledge ones it may lose.

use std::fmt;
use std::io;

/// Shorthand for the engine's results.
pub type Result<T, E = Error> = std::result::Result<T, E>;

/// What went wrong.
#[derive(Debug)]
#[non_exhaustive]
pub enum Error {
    /// The file system failed.
    Io(io::Error),
    /// Stored bytes failed a checksum or could not be decoded.
    Corruption(String),
    /// The caller asked for something the engine does not do.
    InvalidArgument(String),
    /// The database has been closed.
    Closed,
}

impl Error {
    /// A corruption error with the given description.
    pub fn corruption(msg: impl Into<String>) -> Self {
        Error::Corruption(msg.into())
    }

    /// True if this is [`Error::Corruption`].
    pub fn is_corruption(&self) -> bool {
        matches!(self, Error::Corruption(_))
    }
}

impl Clone for Error {
    fn clone(&self) -> Self {
        match self {
            Error::Io(e) => Error::Io(io::Error::new(e.kind(), e.to_string())),
            Error::Corruption(m) => Error::Corruption(m.clone()),
            Error::InvalidArgument(m) => Error::InvalidArgument(m.clone()),
            Error::Closed => Error::Closed,
        }
    }
}

impl fmt::Display for Error {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Error::Io(e) => write!(f, "I/O error: {e}"),
            Error::Corruption(m) => write!(f, "corruption: {m}"),
            Error::InvalidArgument(m) => write!(f, "invalid argument: {m}"),
            Error::Closed => f.write_str("database is closed"),
        }
    }
}

impl std::error::Error for Error {
    fn source(&self) -> Option<&(dyn std::error::Error + 'static)> {
        match self {
            Error::Io(e) => Some(e),
            _ => None,
        }
    }
}

impl From<io::Error> for Error {
    fn from(e: io::Error) -> Self {
        Error::Io(e)
    }
}
