//! Helpers shared by the integration tests.
#![allow(dead_code)]

use std::sync::Arc;

use cairn_lsm::fs::{FileSystem, MemFs};
use cairn_lsm::{Options, TableOptions};

/// Options that make a small workload flush and compact a lot.
pub fn small_options(fs: Arc<dyn FileSystem>) -> Options {
    Options {
        fs,
        write_buffer_size: 8 << 10,
        max_immutable_memtables: 2,
        block_cache_bytes: 64 << 10,
        max_open_files: 20,
        table: TableOptions {
            block_size: 256,
            ..TableOptions::default()
        },
        target_file_size: 16 << 10,
        max_bytes_for_level_base: 32 << 10,
        level_size_multiplier: 4,
        wal_preallocate_bytes: 0,
        recycle_log_files: 2,
        ..Options::default()
    }
}

pub fn mem_options() -> (MemFs, Options) {
    let fs = MemFs::new();
    let opts = small_options(Arc::new(fs.clone()));
    (fs, opts)
}

pub fn key(i: u64) -> Vec<u8> {
    format!("key{i:06}").into_bytes()
}
