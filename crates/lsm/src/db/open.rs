//! Opening a database: lock, recover the version set from the manifest, replay the
//! write-ahead logs the manifest does not cover, write what they held as level-0 tables,
//! start a fresh log and a fresh manifest, and delete what no one needs.
//!
//! Recovery policy for the logs (see `docs/format/wal.md#recovery-policy`): records are
//! replayed in log order up to the first bad record. A bad record is a torn tail — the crash
//! interrupted the last write — if no later log holds any record; it and everything after it
//! are dropped (none of it was acknowledged as durable, since a synced write returns only
//! after its record and all before it are on disk). Anything that shows acknowledged records
//! were lost is `Corruption` and the open fails: a bad record followed by good ones, a gap in
//! the sequence numbers between consecutive records, or an empty log before one with records.
//! A directory with tables or logs but no `CURRENT` is `Corruption` too (creating a database
//! there would delete them).

use std::collections::{BTreeMap, BTreeSet};
use std::path::Path;
use std::sync::atomic::{AtomicBool, AtomicU64, Ordering};
use std::sync::Arc;

use parking_lot::{Condvar, Mutex, RwLock};

use super::background::build_level0_table;
use super::stats::Counters;
use super::write::insert_into;
use super::{Shared, State, View};
use crate::cache::BlockCache;
use crate::filename::{self, log_file, FileType};
use crate::fs::FileSystem;
use crate::memtable::MemTable;
use crate::options::Options;
use crate::table_cache::TableCache;
use crate::version::{VersionEdit, VersionSet};
use crate::wal::{LogReader, LogWriter, HEADER_SIZE};
use crate::write_batch::WriteBatch;
use crate::{Error, Result};

pub(super) fn open(dir: &Path, opts: Options) -> Result<Shared> {
    let fs = opts.fs.clone();
    fs.create_dir_all(dir)?;
    let lock = fs.lock(&filename::lock_file(dir))?;
    let mut versions = match VersionSet::recover(fs.clone(), dir)? {
        Some(_) if opts.error_if_exists => {
            return Err(Error::InvalidArgument(format!(
                "{} already exists",
                dir.display()
            )));
        }
        Some(v) => v,
        // Tables or logs without CURRENT: the database lost its manifest pointer. Creating a
        // new one here would delete them.
        None if has_engine_files(fs.as_ref(), dir)? => {
            return Err(Error::corruption(format!(
                "{}: CURRENT is missing but tables or logs are present",
                dir.display()
            )));
        }
        None if !opts.create_if_missing => {
            return Err(Error::InvalidArgument(format!(
                "{} does not exist",
                dir.display()
            )));
        }
        None => VersionSet::create(fs.clone(), dir),
    };
    let counters = Counters::default();

    // Replay the logs the manifest does not cover.
    let names = fs.list(dir)?;
    let mut logs: Vec<u64> = names
        .iter()
        .filter_map(|n| match filename::parse(n) {
            Some((FileType::Log, number)) => Some(number),
            _ => None,
        })
        .collect();
    logs.sort_unstable();
    // Files made after the manifest's last edit (a new log, a table whose flush never
    // committed) are numbered past the next file number it records: no number allocated
    // below may name one of them.
    let newest = names
        .iter()
        .filter_map(|n| filename::parse(n))
        .map(|(_, number)| number)
        .max()
        .unwrap_or(0);
    versions
        .file_numbers()
        .fetch_max(newest + 1, Ordering::SeqCst);
    let (old_logs, replay): (Vec<u64>, Vec<u64>) =
        logs.into_iter().partition(|&n| n < versions.log_number());
    let mut edit = VersionEdit::default();
    let mut last_seq = versions.last_sequence();
    let mut mem = Arc::new(MemTable::new(0));
    // Records are numbered without gaps, from one log to the next too, and every log but the
    // newest holds some (a memtable is switched only once it holds something). A record that
    // does not continue the one before, or a log without records before one with some, means
    // records were lost: a damaged header whose log number no longer matches ends a log
    // cleanly (like a recycled file's stale tail), and only these checks see that a later
    // log goes on.
    let mut next_seq: Option<u64> = None;
    'logs: for (i, &number) in replay.iter().enumerate() {
        let data = fs.read_all(&log_file(dir, number))?;
        // Bytes up to the last non-zero one: what was written, not preallocated space.
        let written = data
            .iter()
            .rposition(|&b| b != 0)
            .map_or(0, |p| p as u64 + 1);
        let len = data.len() as u64;
        let mut reader = LogReader::new(data, number);
        let mut records = 0;
        loop {
            let record = match reader.read_record() {
                Ok(Some(r)) => r,
                Ok(None) => {
                    if records == 0 && later_logs_hold_records(fs.as_ref(), dir, &replay[i + 1..])?
                    {
                        return Err(Error::corruption(format!(
                            "log {number} holds no record, a later log does: records are missing"
                        )));
                    }
                    break;
                }
                Err(e) => {
                    if later_logs_hold_records(fs.as_ref(), dir, &replay[i + 1..])? {
                        // Fewer bytes than a header after the last record hold no record:
                        // the stale end of a recycled file (its log number cut off, so the
                        // reader cannot tell it from a torn header). Nothing is lost.
                        if len - reader.last_record_end() < HEADER_SIZE as u64 {
                            continue 'logs;
                        }
                        return Err(e);
                    }
                    Counters::add(
                        &counters.wal_tail_dropped_bytes,
                        written.saturating_sub(reader.last_record_end()),
                    );
                    break 'logs;
                }
            };
            let batch = WriteBatch::from_data(record)?;
            let first = batch.sequence();
            if let Some(want) = next_seq.filter(|&want| want != first) {
                return Err(Error::corruption(format!(
                    "log {number}: a record starts at sequence {first}, the previous one ends \
                     before {want}: records are missing"
                )));
            }
            next_seq = Some(first + u64::from(batch.count()));
            records += 1;
            insert_into(&mem, &batch, first)?;
            last_seq = last_seq.max(first + u64::from(batch.count()).saturating_sub(1));
            if mem.approximate_bytes() >= opts.write_buffer_size {
                flush_recovered(&fs, dir, &opts, &versions, &mut edit, &mem, last_seq)?;
                mem = Arc::new(MemTable::new(0));
            }
        }
    }
    if !mem.is_empty() {
        flush_recovered(&fs, dir, &opts, &versions, &mut edit, &mem, last_seq)?;
    }
    if !edit.new_files.is_empty() {
        // The recovered tables' names are durable before a manifest refers to them.
        fs.sync_dir(dir)?;
    }

    // A fresh log; the manifest (rewritten whole on this first edit) then says every older
    // log is obsolete. The log's name is made durable by the directory sync that follows the
    // new manifest's `CURRENT`; until then the old manifest, which does not know the log,
    // is the one in force, and nothing is written to the log before this returns.
    let log_number = versions.new_file_number();
    let log = fs.create(&log_file(dir, log_number))?;
    edit.log_number = Some(log_number);
    let version = versions.log_and_apply(edit, last_seq)?;

    // Keep a few replayed logs for reuse, delete the rest and every unreferenced file.
    let mut recycled = Vec::new();
    let live: BTreeSet<u64> = version.all_files().map(|(_, f)| f.number).collect();
    for name in fs.list(dir)? {
        let doomed = match filename::parse(&name) {
            Some((FileType::Log, n)) if n < log_number => {
                if recycled.len() < opts.recycle_log_files
                    && (replay.contains(&n) || old_logs.contains(&n))
                {
                    recycled.push(n);
                    false
                } else {
                    true
                }
            }
            Some((FileType::Table, n)) => !live.contains(&n),
            Some((FileType::Manifest, n)) => Some(n) != versions.manifest_number(),
            Some((FileType::Temp, _)) => true,
            _ => false,
        };
        if doomed {
            fs.remove(&dir.join(&name))?;
        }
    }

    let shared_prealloc = opts.wal_preallocate_bytes;
    let block_cache = Arc::new(BlockCache::new(opts.block_cache_bytes));
    let tables = Arc::new(TableCache::new(
        fs.clone(),
        dir.to_owned(),
        opts.table.clone(),
        block_cache.clone(),
        opts.max_open_files,
    ));
    let mem = Arc::new(MemTable::new(log_number));
    let view = View {
        mem: mem.clone(),
        imm: Vec::new(),
        version: version.clone(),
    };
    let state = State {
        mem,
        imm: Vec::new(),
        version,
        recycled_logs: recycled,
        compaction_wanted: true,
    };
    Ok(Shared {
        file_numbers: versions.file_numbers(),
        versions: Mutex::new(versions),
        opts,
        fs,
        dir: dir.to_owned(),
        tables,
        block_cache,
        state: Mutex::new(state),
        state_cv: Condvar::new(),
        view: RwLock::new(Arc::new(view)),
        last_sequence: AtomicU64::new(last_seq),
        writers: Mutex::new(Default::default()),
        wal: Mutex::new(Some(
            LogWriter::new(log, log_number).preallocate_in_chunks(shared_prealloc),
        )),
        snapshots: Mutex::new(BTreeMap::new()),
        pending_outputs: Mutex::new(BTreeSet::new()),
        compaction_lock: Mutex::new(()),
        shutting_down: AtomicBool::new(false),
        bg_error: Mutex::new(None),
        counters,
        lock: Mutex::new(Some(lock)),
    })
}

/// True if `dir` holds a table, a non-empty log or a manifest.
fn has_engine_files(fs: &dyn FileSystem, dir: &Path) -> Result<bool> {
    for name in fs.list(dir)? {
        match filename::parse(&name) {
            Some((FileType::Table | FileType::Manifest, _)) => return Ok(true),
            Some((FileType::Log, _)) if fs.file_size(&dir.join(&name))? > 0 => return Ok(true),
            _ => {}
        }
    }
    Ok(false)
}

/// True if any of `logs` holds at least one valid record.
fn later_logs_hold_records(fs: &dyn FileSystem, dir: &Path, logs: &[u64]) -> Result<bool> {
    for &n in logs {
        let mut reader = LogReader::new(fs.read_all(&log_file(dir, n))?, n);
        if matches!(reader.read_record(), Ok(Some(_))) {
            return Ok(true);
        }
    }
    Ok(false)
}

fn flush_recovered(
    fs: &Arc<dyn FileSystem>,
    dir: &Path,
    opts: &Options,
    versions: &VersionSet,
    edit: &mut VersionEdit,
    mem: &Arc<MemTable>,
    last_seq: u64,
) -> Result<()> {
    let number = versions.new_file_number();
    if let Some(meta) = build_level0_table(fs, dir, opts, number, mem, last_seq)? {
        edit.new_files.push((0, meta));
    }
    Ok(())
}
