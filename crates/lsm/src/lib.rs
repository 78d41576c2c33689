//! cairn's storage engine: a LevelDB-style log-structured merge tree.
//!
//! Bytes in, bytes out: the engine knows nothing of DynamoDB. See `docs/architecture.md` for
//! the write and read paths and `docs/format/` for every on-disk format.
//!
//! ```
//! use cairn_lsm::{Db, Options, ReadOptions, WriteOptions};
//! let db = Db::open("/db", Options::in_memory()).unwrap();
//! db.put(b"k", b"v", WriteOptions { sync: true }).unwrap();
//! assert_eq!(db.get(b"k", &ReadOptions::default()).unwrap(), Some(b"v".to_vec()));
//! ```

#![warn(missing_docs)]

pub mod cache;
pub mod coding;
pub mod compaction;
mod db;
mod error;
pub mod filename;
pub mod fs;
pub mod iter;
pub mod key;
pub mod memtable;
mod options;
pub mod sstable;
mod table_cache;
pub mod version;
pub mod wal;
mod write_batch;

pub use db::{Db, LevelStats, Snapshot, Stats};
pub use error::{Error, Result};
pub use iter::{DbIterator, Scan};
pub use options::{Options, ReadOptions, WriteOptions};
pub use sstable::{Compression, FixedPrefix, PrefixExtractor, TableOptions};
pub use write_batch::WriteBatch;
