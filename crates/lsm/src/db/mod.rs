//! The database: the write path, reads at snapshots, and the background work that keeps the
//! tree in shape.
//!
//! ```text
//!  writers ──► group commit (write.rs) ──► WAL record (+ fdatasync if any writer asked)
//!                                      └─► memtable insert ──► last_sequence published
//!  full memtable ──► frozen (immutable) ──► flush thread (background.rs) ──► L0 table
//!  L0 / oversized level ──► compaction thread ──► tables of the next level
//!  readers ──► View { memtable, frozen memtables, version } + sequence number
//! ```
//!
//! Locks, always taken in this order: `versions` → `state`. `writers` (the group-commit
//! queue) and `wal` are taken only by writers, never while holding either of the others,
//! except that the leader takes `state` to make room and `wal` to write. Readers take no
//! mutex: they clone the current [`View`] from an `RwLock` and a sequence number from an
//! atomic (sequence first, then view: a view is never older than the sequence it serves).

mod background;
mod open;
mod stats;
mod write;

use std::collections::{BTreeMap, BTreeSet};
use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicBool, AtomicU64, Ordering};
use std::sync::Arc;
use std::thread::JoinHandle;

use parking_lot::{Condvar, Mutex, RwLock};

use stats::Counters;
pub use stats::{LevelStats, Stats};

use crate::cache::BlockCache;
use crate::compaction;
use crate::fs::{FileLock, FileSystem};
use crate::iter::{DbIterator, InternalIterator, LevelIterator, MergingIterator, Scan};
use crate::key::{lookup_key, user_key, SequenceNumber};
use crate::memtable::{Lookup, MemTable, MemTableIterator};
use crate::options::{Options, ReadOptions, WriteOptions};
use crate::table_cache::TableCache;
use crate::version::{Version, VersionSet, NUM_LEVELS};
use crate::wal::LogWriter;
use crate::write_batch::WriteBatch;
use crate::{Error, Result};

/// Longest a thread waits on `state_cv` before re-checking its condition.
pub(crate) const WAIT_SLICE: std::time::Duration = std::time::Duration::from_millis(50);

/// What a reader needs: the memtables and the tables, as of one moment.
pub(crate) struct View {
    pub(crate) mem: Arc<MemTable>,
    /// Frozen memtables, newest first.
    pub(crate) imm: Vec<Arc<MemTable>>,
    pub(crate) version: Arc<Version>,
}

/// Structural state, changed under its mutex by the write leader (memtable switch), the
/// flush thread and the compaction thread.
pub(crate) struct State {
    pub(crate) mem: Arc<MemTable>,
    /// Frozen memtables, newest first.
    pub(crate) imm: Vec<Arc<MemTable>>,
    pub(crate) version: Arc<Version>,
    /// Old logs kept for reuse.
    pub(crate) recycled_logs: Vec<u64>,
    /// Set when a compaction may be needed; cleared by the compaction thread.
    pub(crate) compaction_wanted: bool,
}

/// Everything the engine's threads share.
pub(crate) struct Shared {
    pub(crate) opts: Options,
    pub(crate) fs: Arc<dyn FileSystem>,
    pub(crate) dir: PathBuf,
    pub(crate) tables: Arc<TableCache>,
    pub(crate) block_cache: Arc<BlockCache>,
    pub(crate) versions: Mutex<VersionSet>,
    pub(crate) file_numbers: Arc<AtomicU64>,
    pub(crate) state: Mutex<State>,
    /// Signalled whenever `state` changes in a way a waiter may care about.
    pub(crate) state_cv: Condvar,
    pub(crate) view: RwLock<Arc<View>>,
    /// The last sequence number visible to readers.
    pub(crate) last_sequence: AtomicU64,
    pub(crate) writers: Mutex<write::WriteQueue>,
    pub(crate) wal: Mutex<Option<LogWriter>>,
    pub(crate) snapshots: Mutex<BTreeMap<SequenceNumber, usize>>,
    /// File numbers of tables being written, not yet in any version.
    pub(crate) pending_outputs: Mutex<BTreeSet<u64>>,
    /// Held by whoever runs a compaction (the background thread or `compact_range`).
    pub(crate) compaction_lock: Mutex<()>,
    pub(crate) shutting_down: AtomicBool,
    pub(crate) bg_error: Mutex<Option<Error>>,
    pub(crate) counters: stats::Counters,
    pub(crate) lock: Mutex<Option<Box<dyn FileLock>>>,
}

impl Shared {
    /// Publishes a new view from `state`.
    pub(crate) fn publish_view(&self, state: &State) {
        let view = View {
            mem: state.mem.clone(),
            imm: state.imm.clone(),
            version: state.version.clone(),
        };
        *self.view.write() = Arc::new(view);
    }

    pub(crate) fn check_usable(&self) -> Result<()> {
        if self.shutting_down.load(Ordering::Acquire) {
            return Err(Error::Closed);
        }
        match &*self.bg_error.lock() {
            Some(e) => Err(e.clone()),
            None => Ok(()),
        }
    }

    /// Records a background failure: from now on writes fail with it.
    pub(crate) fn set_bg_error(&self, e: Error) {
        self.bg_error.lock().get_or_insert(e);
        // Waiters on state_cv re-check at least every WAIT_SLICE, so no lock is needed here
        // (the caller may hold `state`).
        self.state_cv.notify_all();
    }

    /// Sequence number of the oldest snapshot, or the last sequence if there is none.
    pub(crate) fn smallest_snapshot(&self) -> SequenceNumber {
        let last = self.last_sequence.load(Ordering::Acquire);
        self.snapshots.lock().keys().next().copied().unwrap_or(last)
    }

    /// Allocates a file number for a table being written and marks it pending.
    pub(crate) fn new_output_number(&self) -> u64 {
        let n = self.file_numbers.fetch_add(1, Ordering::SeqCst);
        self.pending_outputs.lock().insert(n);
        n
    }
}

/// A consistent point-in-time view for reads; released when dropped.
///
/// Pass [`Snapshot::sequence`] in [`ReadOptions::snapshot`]. While a snapshot lives,
/// compaction keeps every version it can see.
pub struct Snapshot {
    seq: SequenceNumber,
    shared: Arc<Shared>,
}

impl Snapshot {
    /// The sequence number this snapshot reads at.
    pub fn sequence(&self) -> SequenceNumber {
        self.seq
    }
}

impl Drop for Snapshot {
    fn drop(&mut self) {
        let mut snaps = self.shared.snapshots.lock();
        if let Some(n) = snaps.get_mut(&self.seq) {
            *n -= 1;
            if *n == 0 {
                snaps.remove(&self.seq);
            }
        }
    }
}

impl std::fmt::Debug for Snapshot {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Snapshot").field("seq", &self.seq).finish()
    }
}

/// An open database.
///
/// Thread-safety: `Db` is `Send + Sync`; share it with an `Arc`. Writes from many threads are
/// committed in groups; reads never block writes.
pub struct Db {
    shared: Arc<Shared>,
    threads: Mutex<Vec<JoinHandle<()>>>,
}

impl std::fmt::Debug for Db {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Db")
            .field("dir", &self.shared.dir)
            .finish_non_exhaustive()
    }
}

impl Db {
    /// Opens (or creates, per [`Options::create_if_missing`]) the database in `path`,
    /// recovering from the write-ahead log whatever the last run did not flush.
    pub fn open(path: impl AsRef<Path>, opts: Options) -> Result<Db> {
        let shared = Arc::new(open::open(path.as_ref(), opts)?);
        let threads = background::start(&shared)?;
        Ok(Db {
            shared,
            threads: Mutex::new(threads),
        })
    }

    /// Sets `key` to `value`.
    pub fn put(&self, key: &[u8], value: &[u8], opts: WriteOptions) -> Result<()> {
        let mut b = WriteBatch::with_capacity(key.len() + value.len() + 11);
        b.put(key, value);
        self.write(b, opts)
    }

    /// Deletes `key` (a no-op if absent).
    pub fn delete(&self, key: &[u8], opts: WriteOptions) -> Result<()> {
        let mut b = WriteBatch::with_capacity(key.len() + 6);
        b.delete(key);
        self.write(b, opts)
    }

    /// Applies `batch` atomically: after a crash either all of it or none of it is there.
    pub fn write(&self, batch: WriteBatch, opts: WriteOptions) -> Result<()> {
        write::write(&self.shared, batch, opts)
    }

    fn read_point(&self, opts: &ReadOptions) -> Result<(SequenceNumber, Arc<View>)> {
        self.shared.check_open()?;
        // Sequence first, then view (see the module doc).
        let seq = opts
            .snapshot
            .unwrap_or_else(|| self.shared.last_sequence.load(Ordering::Acquire));
        let view = self.shared.view.read().clone();
        Ok((seq, view))
    }

    /// The value of `key` at the snapshot in `opts` (or the latest state).
    pub fn get(&self, key: &[u8], opts: &ReadOptions) -> Result<Option<Vec<u8>>> {
        let (seq, view) = self.read_point(opts)?;
        let lookup = lookup_key(key, seq);
        let found = match view.mem.get(&lookup) {
            Some(f) => Some(f),
            None => match view.imm.iter().find_map(|m| m.get(&lookup)) {
                Some(f) => Some(f),
                None => view.version.get(&lookup, &self.shared.tables)?,
            },
        };
        Ok(match found {
            Some(Lookup::Value(v)) => Some(v),
            Some(Lookup::Deleted) | None => None,
        })
    }

    /// Takes a snapshot of the current state.
    pub fn snapshot(&self) -> Snapshot {
        let mut snaps = self.shared.snapshots.lock();
        let seq = self.shared.last_sequence.load(Ordering::Acquire);
        *snaps.entry(seq).or_insert(0) += 1;
        Snapshot {
            seq,
            shared: self.shared.clone(),
        }
    }

    /// A cursor over the keys in `[lower, upper)` (`None` = unbounded) at the snapshot in
    /// `opts`. Position it with `seek`, `seek_to_first`, `seek_to_last` or `seek_for_prev`.
    pub fn iter(
        &self,
        opts: &ReadOptions,
        lower: Option<&[u8]>,
        upper: Option<&[u8]>,
    ) -> Result<DbIterator> {
        let (seq, view) = self.read_point(opts)?;
        let prefix = opts.prefix.clone();
        let in_range = |f: &crate::version::FileMeta| {
            lower.is_none_or(|lo| user_key(&f.largest) >= lo)
                && upper.is_none_or(|up| user_key(&f.smallest) < up)
        };
        let mut children: Vec<Box<dyn InternalIterator>> = Vec::new();
        children.push(Box::new(MemTableIterator::new(view.mem.clone())));
        for m in &view.imm {
            children.push(Box::new(MemTableIterator::new(m.clone())));
        }
        for f in view.version.files(0).iter().filter(|f| in_range(f)) {
            let table = self.shared.tables.get(f)?;
            if prefix
                .as_ref()
                .is_some_and(|p| !table.may_contain_prefix(p))
            {
                Counters::add(&self.shared.counters.prefix_skips, 1);
                continue;
            }
            children.push(Box::new(table.iter()));
        }
        for level in 1..NUM_LEVELS {
            let files: Vec<_> = view
                .version
                .files(level)
                .iter()
                .filter(|f| in_range(f))
                .cloned()
                .collect();
            if !files.is_empty() {
                children.push(Box::new(
                    LevelIterator::new(files, self.shared.tables.clone(), prefix.clone())
                        .count_skips(self.shared.counters.prefix_skips.clone()),
                ));
            }
        }
        let merged = MergingIterator::new(children);
        Ok(DbIterator::new(
            merged,
            seq,
            lower.map(<[u8]>::to_vec),
            upper.map(<[u8]>::to_vec),
            view,
        ))
    }

    /// The `(key, value)` pairs in `[lower, upper)`, ascending or (with `reverse`)
    /// descending.
    pub fn scan(
        &self,
        opts: &ReadOptions,
        lower: Option<&[u8]>,
        upper: Option<&[u8]>,
        reverse: bool,
    ) -> Result<Scan> {
        Ok(Scan::new(self.iter(opts, lower, upper)?, reverse))
    }

    /// Freezes the memtable (if it holds anything) and waits until every frozen memtable is
    /// in a table.
    pub fn flush(&self) -> Result<()> {
        write::force_memtable_switch(&self.shared)?;
        let mut state = self.shared.state.lock();
        while !state.imm.is_empty() {
            self.shared.check_usable()?;
            self.shared.state_cv.wait_for(&mut state, WAIT_SLICE);
        }
        Ok(())
    }

    /// Flushes, then compacts every table holding keys in `[lo, hi]` (user keys; `None` =
    /// unbounded) level by level down to the last, dropping what no snapshot needs.
    pub fn compact_range(&self, lo: Option<&[u8]>, hi: Option<&[u8]>) -> Result<()> {
        self.flush()?;
        background::compact_range(&self.shared, lo, hi)
    }

    /// Statistics: files and bytes per level, bytes written, stalls.
    pub fn stats(&self) -> Stats {
        let mut s = Stats::from_counters(&self.shared.counters);
        let view = self.shared.view.read().clone();
        s.levels = (0..NUM_LEVELS)
            .map(|l| LevelStats {
                files: view.version.files(l).len(),
                bytes: view.version.level_bytes(l),
            })
            .collect();
        s.base_level = compaction::level_targets(&view.version, &self.shared.opts).0;
        s.memtable_bytes = std::iter::once(&view.mem)
            .chain(&view.imm)
            .map(|m| m.approximate_bytes() as u64)
            .sum();
        s.block_cache_bytes = self.shared.block_cache.usage();
        s
    }

    /// Stops background work (a running compaction is abandoned, its partial output
    /// deleted), syncs the write-ahead log and releases the lock. Later calls fail with
    /// [`Error::Closed`]. Also done on drop.
    pub fn close(&self) -> Result<()> {
        if self.shared.shutting_down.swap(true, Ordering::AcqRel) {
            return Ok(());
        }
        {
            let _state = self.shared.state.lock();
            self.shared.state_cv.notify_all();
        }
        for t in self.threads.lock().drain(..) {
            let _ = t.join();
        }
        let result = match self.shared.wal.lock().as_mut() {
            Some(w) => w.sync(),
            None => Ok(()),
        };
        self.shared.lock.lock().take();
        result
    }
}

impl Shared {
    fn check_open(&self) -> Result<()> {
        if self.shutting_down.load(Ordering::Acquire) {
            Err(Error::Closed)
        } else {
            Ok(())
        }
    }
}

impl Drop for Db {
    fn drop(&mut self) {
        let _ = self.close();
    }
}
