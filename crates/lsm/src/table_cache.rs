//! The table cache: open tables (file handle, index block, filter), bounded in number.
//!
//! Opening a table reads its footer, index and filter; the cache keeps up to
//! `max_open_files` of them and evicts the least recently used. A reader that holds an
//! `Arc<Table>` keeps it usable after eviction.
//!
//! Thread-safety: the map is split into shards by file number, each behind its own mutex held
//! only to look up or insert, so concurrent readers of different tables rarely meet; tables
//! are opened outside the lock (two threads may open the same table at once; one copy wins).

use std::collections::HashMap;
use std::path::PathBuf;
use std::sync::Arc;

use parking_lot::Mutex;

use crate::cache::BlockCache;
use crate::filename::table_file;
use crate::fs::FileSystem;
use crate::sstable::{Table, TableOptions};
use crate::version::FileMeta;
use crate::Result;

/// Open tables by file number.
pub struct TableCache {
    fs: Arc<dyn FileSystem>,
    dir: PathBuf,
    opts: TableOptions,
    block_cache: Arc<BlockCache>,
    /// Tables per shard.
    capacity: usize,
    shards: Vec<Mutex<Shard>>,
}

const SHARDS: usize = 16;

/// Open tables with their last use, by file number.
#[derive(Default)]
struct Shard {
    tick: u64,
    tables: HashMap<u64, (Arc<Table>, u64)>,
}

impl std::fmt::Debug for TableCache {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("TableCache")
            .field("capacity", &self.capacity)
            .finish_non_exhaustive()
    }
}

impl TableCache {
    /// A cache of up to `capacity` open tables of `dir`.
    pub fn new(
        fs: Arc<dyn FileSystem>,
        dir: PathBuf,
        opts: TableOptions,
        block_cache: Arc<BlockCache>,
        capacity: usize,
    ) -> Self {
        Self {
            fs,
            dir,
            opts,
            block_cache,
            capacity: capacity.div_ceil(SHARDS).max(4),
            shards: (0..SHARDS).map(|_| Mutex::default()).collect(),
        }
    }

    /// The open table for `meta`, opening it if needed.
    pub fn get(&self, meta: &FileMeta) -> Result<Arc<Table>> {
        let shard = self.shard(meta.number);
        {
            let mut s = shard.lock();
            s.tick += 1;
            let tick = s.tick;
            if let Some((table, used)) = s.tables.get_mut(&meta.number) {
                *used = tick;
                return Ok(table.clone());
            }
        }
        let file = self.fs.open(&table_file(&self.dir, meta.number))?;
        let table = Table::open(
            file,
            meta.number,
            Some(self.block_cache.clone()),
            &self.opts,
        )?;
        let mut s = shard.lock();
        let tick = s.tick;
        let tables = &mut s.tables;
        if tables.len() >= self.capacity {
            if let Some(&oldest) = tables
                .iter()
                .min_by_key(|(_, (_, used))| *used)
                .map(|(n, _)| n)
            {
                tables.remove(&oldest);
            }
        }
        tables.insert(meta.number, (table.clone(), tick));
        Ok(table)
    }

    fn shard(&self, number: u64) -> &Mutex<Shard> {
        &self.shards[(number as usize) % SHARDS]
    }

    /// Forgets a deleted table.
    pub fn evict(&self, number: u64) {
        self.shard(number).lock().tables.remove(&number);
        self.block_cache.erase_file(number);
    }

    /// The table format options.
    pub fn options(&self) -> &TableOptions {
        &self.opts
    }
}
