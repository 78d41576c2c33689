//! cairn's storage engine: a LevelDB-style log-structured merge tree.
//!
//! Bytes in, bytes out: the engine knows nothing of DynamoDB. See `docs/architecture.md` for
//! the write and read paths and `docs/format/` for every on-disk format.

#![warn(missing_docs)]

pub mod cache;
pub mod coding;
mod error;
pub mod fs;
pub mod iter;
pub mod key;
pub mod sstable;
pub mod version;
pub mod wal;

pub use error::{Error, Result};
