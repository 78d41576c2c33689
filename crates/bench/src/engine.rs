//! The engines under test behind one small interface.
//!
//! Each method maps to the most direct call of the engine's public API, so the benchmark
//! measures the engine and not an adapter: a put is `Db::put` / `Keyspace::insert`, a scan
//! walks the engine's own iterator.

use std::hint::black_box;
use std::path::Path;

use cairn_lsm::{Compression, Db, Options, ReadOptions, WriteBatch, WriteOptions};
use fjall::{Database, Keyspace, KeyspaceCreateOptions, PersistMode};

/// Errors are reported as text: the benchmark stops at the first one.
pub type Result<T> = std::result::Result<T, String>;

/// Settings shared by every engine, plus the few per-engine overrides the flags allow.
#[derive(Debug, Clone, Copy)]
pub struct EngineConfig {
    /// Block cache bytes, for every engine.
    pub cache_bytes: u64,
    /// cairn's table compression; `None` keeps `Options::default()`'s.
    pub cairn_compression: Option<Compression>,
}

/// Which engine.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Kind {
    /// cairn-lsm, this workspace's engine.
    Cairn,
    /// fjall 3.x from crates.io.
    Fjall,
}

impl Kind {
    /// Parses `cairn` or `fjall`.
    pub fn parse(s: &str) -> Option<Kind> {
        match s {
            "cairn" => Some(Kind::Cairn),
            "fjall" => Some(Kind::Fjall),
            _ => None,
        }
    }

    /// The name used in output lines and directory names.
    pub fn name(self) -> &'static str {
        match self {
            Kind::Cairn => "cairn",
            Kind::Fjall => "fjall",
        }
    }

    /// Opens (creating if needed) the engine's database in `dir`.
    pub fn open(self, dir: &Path, cfg: &EngineConfig) -> Result<Box<dyn Engine>> {
        match self {
            Kind::Cairn => Ok(Box::new(CairnEngine::open(dir, cfg)?)),
            Kind::Fjall => Ok(Box::new(FjallEngine::open(dir, cfg.cache_bytes)?)),
        }
    }

    /// A line describing the engine's version and the configuration the benchmark uses.
    pub fn describe(self, cfg: &EngineConfig) -> String {
        match self {
            Kind::Cairn => {
                let o = cairn_options(cfg);
                format!(
                    "cairn-lsm {}: Options::default() but block_cache_bytes={}{} \
                     (write_buffer_size={}, max_immutable_memtables={}, block_size={}, \
                     restart_interval={}, bloom_bits_per_key={}, compression per level={:?}, \
                     l0 trigger/slowdown/stop={}/{}/{}, level base={} x{}, target_file_size={}, \
                     recycle_log_files={}, wal_preallocate_bytes={}); non-sync writes use \
                     WriteOptions {{ sync: false }}, sync writes WriteOptions {{ sync: true }}",
                    env!("CARGO_PKG_VERSION"),
                    o.block_cache_bytes,
                    if cfg.cairn_compression.is_some() { " and compression (--cairn_compression) on every level" } else { "" },
                    o.write_buffer_size,
                    o.max_immutable_memtables,
                    o.table.block_size,
                    o.table.restart_interval,
                    o.table.bloom_bits_per_key,
                    (0..7).map(|l| o.compression_for_level(l)).collect::<Vec<_>>(),
                    o.l0_compaction_trigger,
                    o.l0_slowdown_trigger,
                    o.l0_stop_trigger,
                    o.max_bytes_for_level_base,
                    o.level_size_multiplier,
                    o.target_file_size,
                    o.recycle_log_files,
                    o.wal_preallocate_bytes,
                )
            }
            Kind::Fjall => format!(
                "fjall {} (lsm-tree {}): Database::builder(dir).cache_size({}) with defaults \
                 otherwise (journal flushed to the OS on each write, no fsync), one keyspace with \
                 KeyspaceCreateOptions::default() (64 MiB memtable, 4 KiB blocks, LZ4 from L2 down, \
                 bloom filters, leveled compaction); sync writes: insert then \
                 Database::persist(PersistMode::SyncData); compact: Keyspace::major_compact()",
                env!("FJALL_VERSION"),
                env!("LSM_TREE_VERSION"),
                cfg.cache_bytes,
            ),
        }
    }
}

/// One engine's database, opened on a directory.
pub trait Engine: Send + Sync {
    /// Writes one key; `sync` makes it durable (fdatasync) before returning.
    fn put(&self, key: &[u8], value: &[u8], sync: bool) -> Result<()>;
    /// Writes several keys atomically in one batch.
    fn write_batch(&self, entries: &[(&[u8], &[u8])], sync: bool) -> Result<()>;
    /// Looks `key` up; true if found.
    fn get(&self, key: &[u8]) -> Result<bool>;
    /// Walks every entry forward (or backward); returns (entries, key + value bytes).
    fn scan(&self, reverse: bool) -> Result<(u64, u64)>;
    /// Seeks to the first key `>= key` and reads up to `1 + nexts` entries from there
    /// (a fresh iterator per call, like db_bench); returns the entries read.
    fn seek_and_next(&self, key: &[u8], nexts: usize) -> Result<usize>;
    /// Compacts everything into the last level (manual full compaction).
    fn compact(&self) -> Result<()>;
    /// Bytes in tables (as the engine reports them; logs excluded).
    fn table_bytes(&self) -> u64;
    /// A value that changes whenever a flush or compaction finishes or starts, and whether
    /// the engine says work is in progress; used to wait until background work settles.
    fn progress(&self) -> (u64, bool);
    /// Engine statistics worth a line of diagnostics (may be empty).
    fn diagnostics(&self) -> String;
}

fn cairn_options(cfg: &EngineConfig) -> Options {
    let mut o = Options {
        block_cache_bytes: cfg.cache_bytes as usize,
        ..Options::default()
    };
    if let Some(c) = cfg.cairn_compression {
        o.table.compression = c;
        o.compression_per_level = vec![c];
    }
    o
}

/// cairn-lsm.
pub struct CairnEngine {
    db: Db,
}

impl CairnEngine {
    fn open(dir: &Path, cfg: &EngineConfig) -> Result<Self> {
        let db = Db::open(dir, cairn_options(cfg)).map_err(|e| format!("cairn open: {e}"))?;
        Ok(Self { db })
    }
}

impl Engine for CairnEngine {
    fn put(&self, key: &[u8], value: &[u8], sync: bool) -> Result<()> {
        self.db
            .put(key, value, WriteOptions { sync })
            .map_err(|e| format!("cairn put: {e}"))
    }

    fn write_batch(&self, entries: &[(&[u8], &[u8])], sync: bool) -> Result<()> {
        let mut b = WriteBatch::new();
        for (k, v) in entries {
            b.put(k, v);
        }
        self.db
            .write(b, WriteOptions { sync })
            .map_err(|e| format!("cairn write: {e}"))
    }

    fn get(&self, key: &[u8]) -> Result<bool> {
        let v = self
            .db
            .get(key, &ReadOptions::default())
            .map_err(|e| format!("cairn get: {e}"))?;
        Ok(black_box(v).is_some())
    }

    fn scan(&self, reverse: bool) -> Result<(u64, u64)> {
        let mut it = self
            .db
            .iter(&ReadOptions::default(), None, None)
            .map_err(|e| format!("cairn iter: {e}"))?;
        let (mut n, mut bytes) = (0u64, 0u64);
        if reverse {
            it.seek_to_last();
        } else {
            it.seek_to_first();
        }
        while it.valid() {
            n += 1;
            bytes += (black_box(it.key()).len() + black_box(it.value()).len()) as u64;
            if reverse {
                it.prev();
            } else {
                it.next();
            }
        }
        it.status().map_err(|e| format!("cairn scan: {e}"))?;
        Ok((n, bytes))
    }

    fn seek_and_next(&self, key: &[u8], nexts: usize) -> Result<usize> {
        let mut it = self
            .db
            .iter(&ReadOptions::default(), None, None)
            .map_err(|e| format!("cairn iter: {e}"))?;
        it.seek(key);
        let mut n = 0;
        while it.valid() && n <= nexts {
            black_box(it.key());
            black_box(it.value());
            n += 1;
            if n <= nexts {
                it.next();
            }
        }
        it.status().map_err(|e| format!("cairn seek: {e}"))?;
        Ok(n)
    }

    fn compact(&self) -> Result<()> {
        self.db
            .compact_range(None, None)
            .map_err(|e| format!("cairn compact_range: {e}"))
    }

    fn table_bytes(&self) -> u64 {
        self.db.stats().total_table_bytes()
    }

    fn progress(&self) -> (u64, bool) {
        let s = self.db.stats();
        let files: u64 = s.levels.iter().map(|l| l.files as u64).sum();
        let sig = s
            .flushes
            .wrapping_mul(1_000_003)
            .wrapping_add(s.compactions.wrapping_mul(10_007))
            .wrapping_add(s.compaction_bytes_written)
            .wrapping_add(files << 40);
        (sig, false)
    }

    fn diagnostics(&self) -> String {
        let s = self.db.stats();
        let levels: Vec<String> = s
            .levels
            .iter()
            .enumerate()
            .filter(|(_, l)| l.files > 0)
            .map(|(i, l)| format!("L{i}:{}f/{}B", l.files, l.bytes))
            .collect();
        format!(
            "{} | flushes {} compactions {} (trivial {}) read {} written {} | wal {} B, {} syncs, \
             {} groups / {} writes | slowdowns {} stalls {} ({} us)",
            levels.join(" "),
            s.flushes,
            s.compactions,
            s.trivial_moves,
            s.compaction_bytes_read,
            s.compaction_bytes_written,
            s.wal_bytes,
            s.wal_syncs,
            s.write_groups,
            s.writes,
            s.slowdowns,
            s.stalls,
            s.stall_micros
        )
    }
}

/// fjall: one database with one keyspace.
pub struct FjallEngine {
    // Field order matters for drop: the keyspace handle goes before the database.
    ks: Keyspace,
    db: Database,
}

impl FjallEngine {
    fn open(dir: &Path, cache_bytes: u64) -> Result<Self> {
        let db = Database::builder(dir)
            .cache_size(cache_bytes)
            .open()
            .map_err(|e| format!("fjall open: {e}"))?;
        let ks = db
            .keyspace("bench", KeyspaceCreateOptions::default)
            .map_err(|e| format!("fjall keyspace: {e}"))?;
        Ok(Self { ks, db })
    }
}

impl Engine for FjallEngine {
    fn put(&self, key: &[u8], value: &[u8], sync: bool) -> Result<()> {
        self.ks
            .insert(key, value)
            .map_err(|e| format!("fjall insert: {e}"))?;
        if sync {
            self.db
                .persist(PersistMode::SyncData)
                .map_err(|e| format!("fjall persist: {e}"))?;
        }
        Ok(())
    }

    fn write_batch(&self, entries: &[(&[u8], &[u8])], sync: bool) -> Result<()> {
        let mut b = self.db.batch();
        if sync {
            b = b.durability(Some(PersistMode::SyncData));
        }
        for (k, v) in entries {
            b.insert(&self.ks, *k, *v);
        }
        b.commit().map_err(|e| format!("fjall batch: {e}"))
    }

    fn get(&self, key: &[u8]) -> Result<bool> {
        let v = self.ks.get(key).map_err(|e| format!("fjall get: {e}"))?;
        Ok(black_box(v).is_some())
    }

    fn scan(&self, reverse: bool) -> Result<(u64, u64)> {
        let (mut n, mut bytes) = (0u64, 0u64);
        let mut count = |g: fjall::Guard| -> Result<()> {
            let (k, v) = g.into_inner().map_err(|e| format!("fjall scan: {e}"))?;
            n += 1;
            bytes += (black_box(k).len() + black_box(v).len()) as u64;
            Ok(())
        };
        if reverse {
            for g in self.ks.iter().rev() {
                count(g)?;
            }
        } else {
            for g in self.ks.iter() {
                count(g)?;
            }
        }
        Ok((n, bytes))
    }

    fn seek_and_next(&self, key: &[u8], nexts: usize) -> Result<usize> {
        let mut n = 0;
        for g in self.ks.range(key..).take(nexts + 1) {
            let (k, v) = g.into_inner().map_err(|e| format!("fjall seek: {e}"))?;
            black_box(k);
            black_box(v);
            n += 1;
        }
        Ok(n)
    }

    fn compact(&self) -> Result<()> {
        // Seal and flush the memtable first, as cairn's compact_range does.
        self.ks
            .rotate_memtable_and_wait()
            .map_err(|e| format!("fjall flush: {e}"))?;
        self.ks
            .major_compact()
            .map_err(|e| format!("fjall major_compact: {e}"))
    }

    fn table_bytes(&self) -> u64 {
        self.ks.disk_space()
    }

    fn progress(&self) -> (u64, bool) {
        let busy = self.db.active_compactions() > 0 || self.db.outstanding_flushes() > 0;
        let sig = (self.db.compactions_completed() as u64).wrapping_mul(1_000_003)
            + (self.ks.table_count() as u64)
            + ((self.ks.l0_table_count() as u64) << 40);
        (sig, busy)
    }

    fn diagnostics(&self) -> String {
        format!(
            "tables {} (L0 {}) | compactions completed {} | journals {} ({} B) | sealed memtables {}",
            self.ks.table_count(),
            self.ks.l0_table_count(),
            self.db.compactions_completed(),
            self.db.journal_count(),
            self.db.journal_disk_space().unwrap_or(0),
            self.ks.sealed_memtable_count(),
        )
    }
}
