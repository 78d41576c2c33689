//! Engine statistics: counters updated on the hot paths (relaxed atomics) and a snapshot
//! type the caller reads.

use std::sync::atomic::{AtomicU64, Ordering};

/// Counters shared by the engine's threads.
#[derive(Debug, Default)]
pub(crate) struct Counters {
    pub(crate) wal_bytes: AtomicU64,
    pub(crate) wal_syncs: AtomicU64,
    pub(crate) write_groups: AtomicU64,
    pub(crate) writes: AtomicU64,
    pub(crate) flushes: AtomicU64,
    pub(crate) flush_bytes: AtomicU64,
    pub(crate) compactions: AtomicU64,
    pub(crate) trivial_moves: AtomicU64,
    pub(crate) compaction_bytes_read: AtomicU64,
    pub(crate) compaction_bytes_written: AtomicU64,
    pub(crate) slowdowns: AtomicU64,
    pub(crate) stalls: AtomicU64,
    pub(crate) stall_micros: AtomicU64,
    pub(crate) wal_tail_dropped_bytes: AtomicU64,
    pub(crate) prefix_skips: std::sync::Arc<AtomicU64>,
}

impl Counters {
    pub(crate) fn add(counter: &AtomicU64, n: u64) {
        counter.fetch_add(n, Ordering::Relaxed);
    }
}

/// Files and bytes of one level.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct LevelStats {
    /// Number of tables.
    pub files: usize,
    /// Bytes of all tables.
    pub bytes: u64,
}

/// A snapshot of the engine's statistics.
#[derive(Debug, Clone, Default)]
pub struct Stats {
    /// Per level, 0 to 6.
    pub levels: Vec<LevelStats>,
    /// The level that level 0 compacts into (see `compaction::level_targets`).
    pub base_level: usize,
    /// Bytes appended to write-ahead logs.
    pub wal_bytes: u64,
    /// `fdatasync` calls on write-ahead logs.
    pub wal_syncs: u64,
    /// Write groups committed (one log record each).
    pub write_groups: u64,
    /// Write calls committed.
    pub writes: u64,
    /// Memtables flushed.
    pub flushes: u64,
    /// Bytes of tables written by flushes.
    pub flush_bytes: u64,
    /// Compactions run (including trivial moves).
    pub compactions: u64,
    /// Compactions that only moved a table down.
    pub trivial_moves: u64,
    /// Bytes read by compactions.
    pub compaction_bytes_read: u64,
    /// Bytes written by compactions.
    pub compaction_bytes_written: u64,
    /// Writes delayed by 1 ms because level 0 had `l0_slowdown_trigger` tables.
    pub slowdowns: u64,
    /// Times a write waited for a flush or compaction.
    pub stalls: u64,
    /// Microseconds writes spent waiting.
    pub stall_micros: u64,
    /// Bytes at the torn tail of the newest write-ahead log dropped at the last open.
    pub wal_tail_dropped_bytes: u64,
    /// Tables that scans with `ReadOptions::prefix` skipped because their prefix filter
    /// ruled the prefix out.
    pub prefix_skips: u64,
    /// Bytes in the active and immutable memtables.
    pub memtable_bytes: u64,
    /// Bytes in the block cache.
    pub block_cache_bytes: usize,
}

impl Stats {
    /// Bytes of all tables.
    pub fn total_table_bytes(&self) -> u64 {
        self.levels.iter().map(|l| l.bytes).sum()
    }

    pub(crate) fn from_counters(c: &Counters) -> Self {
        let r = |a: &AtomicU64| a.load(Ordering::Relaxed);
        Stats {
            wal_bytes: r(&c.wal_bytes),
            wal_syncs: r(&c.wal_syncs),
            write_groups: r(&c.write_groups),
            writes: r(&c.writes),
            flushes: r(&c.flushes),
            flush_bytes: r(&c.flush_bytes),
            compactions: r(&c.compactions),
            trivial_moves: r(&c.trivial_moves),
            compaction_bytes_read: r(&c.compaction_bytes_read),
            compaction_bytes_written: r(&c.compaction_bytes_written),
            slowdowns: r(&c.slowdowns),
            stalls: r(&c.stalls),
            stall_micros: r(&c.stall_micros),
            wal_tail_dropped_bytes: r(&c.wal_tail_dropped_bytes),
            prefix_skips: r(&c.prefix_skips),
            ..Stats::default()
        }
    }
}

impl std::fmt::Display for Stats {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        writeln!(f, "level  files  bytes")?;
        for (i, l) in self.levels.iter().enumerate() {
            if l.files > 0 {
                writeln!(f, "L{i:<5} {:>5}  {}", l.files, l.bytes)?;
            }
        }
        writeln!(
            f,
            "wal: {} bytes, {} syncs, {} groups for {} writes",
            self.wal_bytes, self.wal_syncs, self.write_groups, self.writes
        )?;
        writeln!(
            f,
            "flush: {} memtables, {} bytes",
            self.flushes, self.flush_bytes
        )?;
        writeln!(
            f,
            "compaction: {} ({} moves), {} bytes read, {} written",
            self.compactions,
            self.trivial_moves,
            self.compaction_bytes_read,
            self.compaction_bytes_written
        )?;
        write!(
            f,
            "stalls: {} slowdowns, {} stops, {} us",
            self.slowdowns, self.stalls, self.stall_micros
        )
    }
}
