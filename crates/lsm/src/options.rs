//! Options for opening a database, reading and writing.
//!
//! Defaults follow LevelDB and RocksDB where they agree; each field names its RocksDB
//! equivalent.

use std::sync::Arc;

use crate::fs::{FileSystem, MemFs, OsFs};
use crate::sstable::{Compression, TableOptions};

/// How a database is opened and run.
#[derive(Debug, Clone)]
pub struct Options {
    /// The file system every file goes through (the OS by default; [`Options::in_memory`]
    /// uses [`MemFs`]).
    pub fs: Arc<dyn FileSystem>,
    /// Create the database if it does not exist (RocksDB `create_if_missing`). Default true.
    pub create_if_missing: bool,
    /// Fail if the database already exists (RocksDB `error_if_exists`). Default false.
    pub error_if_exists: bool,
    /// Bytes a memtable holds before it is frozen and flushed (RocksDB `write_buffer_size`).
    /// Default 64 MiB.
    pub write_buffer_size: usize,
    /// Frozen memtables allowed to wait for their flush before writes stall
    /// (RocksDB `max_write_buffer_number` - 1). Default 2.
    pub max_immutable_memtables: usize,
    /// Capacity of the block cache in bytes (RocksDB `block_cache`). Default 64 MiB.
    pub block_cache_bytes: usize,
    /// Tables kept open (RocksDB `max_open_files`). Default 1000.
    pub max_open_files: usize,
    /// Format of new tables: block size, restart interval, bloom bits, compression, prefix
    /// extractor.
    pub table: TableOptions,
    /// Block compression of tables written to each level, level 0 first (RocksDB
    /// `compression_per_level`); levels past the end use the last entry, and an empty list
    /// means `table.compression` everywhere. Default: none for levels 0 and 1, whose tables
    /// are rewritten soon, LZ4 below, where nearly all data lives.
    pub compression_per_level: Vec<Compression>,
    /// L0 files that trigger a compaction (RocksDB `level0_file_num_compaction_trigger`).
    /// Default 4: fewer files to search on every read, each compaction still merges several.
    pub l0_compaction_trigger: usize,
    /// L0 files at which each write is delayed by 1 ms (RocksDB
    /// `level0_slowdown_writes_trigger`). Default 8: spreads a stall over many writes instead
    /// of stopping them all at once.
    pub l0_slowdown_trigger: usize,
    /// L0 files at which writes stop until compaction catches up (RocksDB
    /// `level0_stop_writes_trigger`). Default 12: bounds read amplification and memory.
    pub l0_stop_trigger: usize,
    /// Target size of the base level, the one L0 compacts into (RocksDB
    /// `max_bytes_for_level_base`). Default 256 MiB.
    pub max_bytes_for_level_base: u64,
    /// Size ratio between adjacent levels (RocksDB `max_bytes_for_level_multiplier`).
    /// Default 10.
    pub level_size_multiplier: u64,
    /// Size at which compaction output is cut into a new table (RocksDB
    /// `target_file_size_base`). Default 64 MiB.
    pub target_file_size: u64,
    /// Old write-ahead logs kept for reuse instead of deleted (RocksDB
    /// `recycle_log_file_num`): overwriting an allocated file spares `fdatasync` the
    /// allocation metadata, as preallocation does, without writing zeros first, at the cost
    /// of keeping old logs on disk. Default 0.
    pub recycle_log_files: usize,
    /// The write-ahead log zero-fills and syncs this many bytes at a time ahead of its write
    /// position, so that a synced append overwrites written blocks and its `fdatasync` commits
    /// no metadata. 0 disables. Default 1 MiB: one extra sequential write of the log, in
    /// steps short enough (a few ms on an SSD) not to stall the writes behind one.
    pub wal_preallocate_bytes: u64,
}

impl Default for Options {
    fn default() -> Self {
        Self {
            fs: Arc::new(OsFs::new()),
            create_if_missing: true,
            error_if_exists: false,
            write_buffer_size: 64 << 20,
            max_immutable_memtables: 2,
            block_cache_bytes: 64 << 20,
            max_open_files: 1000,
            table: TableOptions::default(),
            compression_per_level: vec![Compression::None, Compression::None, Compression::Lz4],
            l0_compaction_trigger: 4,
            l0_slowdown_trigger: 8,
            l0_stop_trigger: 12,
            max_bytes_for_level_base: 256 << 20,
            level_size_multiplier: 10,
            target_file_size: 64 << 20,
            recycle_log_files: 0,
            wal_preallocate_bytes: 1 << 20,
        }
    }
}

impl Options {
    /// The block compression for tables of `level`.
    pub fn compression_for_level(&self, level: usize) -> Compression {
        match self.compression_per_level.get(level) {
            Some(&c) => c,
            None => self
                .compression_per_level
                .last()
                .copied()
                .unwrap_or(self.table.compression),
        }
    }

    /// Default options on a fresh in-memory file system.
    pub fn in_memory() -> Self {
        Self {
            fs: Arc::new(MemFs::new()),
            ..Self::default()
        }
    }
}

/// Options for one write.
#[derive(Debug, Clone, Copy, Default)]
pub struct WriteOptions {
    /// Make the write durable before returning (`fdatasync` of the write-ahead log).
    ///
    /// With `sync = true`, a write that returned `Ok` survives a crash of the process or the
    /// machine. With `sync = false`, it is in the operating system's page cache when the call
    /// returns: it survives a crash of the process, not of the machine; a later synced write
    /// (by any thread) makes it durable too, since the log is written in order.
    pub sync: bool,
}

/// Options for one read.
#[derive(Debug, Clone, Default)]
pub struct ReadOptions {
    /// Read at this snapshot (a sequence number from [`crate::Snapshot::sequence`]); the
    /// latest state if `None`.
    pub snapshot: Option<u64>,
    /// Every key the read can return starts with this prefix (e.g. one DynamoDB partition):
    /// tables whose prefix filter lacks it are skipped. Requires a prefix extractor in
    /// [`TableOptions`] that yields exactly this prefix for the keys in range.
    pub prefix: Option<Vec<u8>>,
}
