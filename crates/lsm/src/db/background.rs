//! Background work: the flush thread (frozen memtables → level-0 tables), the compaction
//! thread (picker → job → install), manual compaction, and deleting obsolete files.
//!
//! Both threads wait on `state_cv`. A failure of either is recorded as the background error:
//! writes fail from then on (the engine cannot promise to persist them), reads go on.

use std::collections::HashSet;
use std::path::Path;
use std::sync::atomic::Ordering;
use std::sync::Arc;
use std::thread::JoinHandle;

use super::stats::Counters;
use super::Shared;
use crate::compaction::{self, run_compaction, CompactionContext, CompactionTask, LAST_LEVEL};
use crate::compaction::{Dropper, OutputTable};
use crate::filename::{self, FileType};
use crate::fs::FileSystem;
use crate::iter::InternalIterator;
use crate::key::parse_internal_key;
use crate::memtable::{MemTable, MemTableIterator};
use crate::options::Options;
use crate::version::{FileMeta, Version, VersionEdit};
use crate::{Error, Result};

/// Starts the flush and compaction threads.
pub(super) fn start(shared: &Arc<Shared>) -> Result<Vec<JoinHandle<()>>> {
    let s = shared.clone();
    let flush = std::thread::Builder::new()
        .name("cairn-flush".into())
        .spawn(move || flush_loop(&s))?;
    let s = shared.clone();
    let compact = std::thread::Builder::new()
        .name("cairn-compact".into())
        .spawn(move || compaction_loop(&s))?;
    Ok(vec![flush, compact])
}

fn flush_loop(shared: &Arc<Shared>) {
    loop {
        let imm = {
            let mut state = shared.state.lock();
            loop {
                if shared.shutting_down.load(Ordering::Acquire) || shared.bg_error.lock().is_some()
                {
                    return;
                }
                if let Some(m) = state.imm.last() {
                    break m.clone();
                }
                shared.state_cv.wait_for(&mut state, super::WAIT_SLICE);
            }
        };
        if let Err(e) = flush_memtable(shared, &imm) {
            shared.set_bg_error(e);
            return;
        }
    }
}

/// Writes `mem` as a level-0 table (synced); `None` if nothing in it survives.
/// `smallest_snapshot` lets the flush drop versions no reader can see.
pub(super) fn build_level0_table(
    fs: &Arc<dyn FileSystem>,
    dir: &Path,
    opts: &Options,
    number: u64,
    mem: &Arc<MemTable>,
    smallest_snapshot: u64,
) -> Result<Option<FileMeta>> {
    let mut it = MemTableIterator::new(mem.clone());
    it.seek_to_first();
    let mut dropper = Dropper::new(smallest_snapshot);
    let mut out: Option<OutputTable> = None;
    while it.valid() {
        let k =
            parse_internal_key(it.key()).ok_or_else(|| Error::corruption("bad key in memtable"))?;
        // Tombstones always stay: deeper levels may hold what they delete.
        let (drop, _) = dropper.drop_entry(k.user_key, k.seq, k.kind, |_| false);
        if !drop {
            if out.is_none() {
                out = Some(OutputTable::create(fs, dir, opts, number, 0)?);
            }
            if let Some(o) = out.as_mut() {
                o.add(it.key(), it.value(), k.seq, k.kind)?;
            }
        }
        it.next();
    }
    out.map(OutputTable::finish).transpose()
}

fn flush_memtable(shared: &Arc<Shared>, imm: &Arc<MemTable>) -> Result<()> {
    let number = shared.new_output_number();
    let built = build_level0_table(
        &shared.fs,
        &shared.dir,
        &shared.opts,
        number,
        imm,
        shared.smallest_snapshot(),
    )
    .and_then(|meta| shared.fs.sync_dir(&shared.dir).map(|()| meta));
    if let Err(e) = &built {
        shared.pending_outputs.lock().remove(&number);
        let _ = shared.fs.remove(&filename::table_file(&shared.dir, number));
        return Err(e.clone());
    }
    let result = built.and_then(|meta| {
        let mut edit = VersionEdit::default();
        let bytes = meta.as_ref().map_or(0, |m| m.size);
        if let Some(meta) = meta {
            edit.new_files.push((0, meta));
        }
        let mut versions = shared.versions.lock();
        let log_number = {
            let state = shared.state.lock();
            // The oldest memtable that stays unflushed; its log and all newer ones are needed.
            state
                .imm
                .iter()
                .rev()
                .nth(1)
                .unwrap_or(&state.mem)
                .log_number()
        };
        edit.log_number = Some(log_number);
        let version = versions.log_and_apply(edit, shared.last_sequence.load(Ordering::Acquire))?;
        let mut state = shared.state.lock();
        state.version = version;
        if state.imm.last().is_some_and(|m| Arc::ptr_eq(m, imm)) {
            state.imm.pop();
        }
        state.compaction_wanted = true;
        shared.publish_view(&state);
        shared.state_cv.notify_all();
        Counters::add(&shared.counters.flushes, 1);
        Counters::add(&shared.counters.flush_bytes, bytes);
        Ok(())
    });
    // If `log_and_apply` failed, its edit naming the table may still be in the manifest (a
    // failed sync does not unwrite it): the table stays, pending, and the next open decides.
    if result.is_ok() {
        shared.pending_outputs.lock().remove(&number);
    }
    result?;
    delete_obsolete_files(shared)
}

fn compaction_loop(shared: &Arc<Shared>) {
    loop {
        {
            let mut state = shared.state.lock();
            loop {
                if shared.shutting_down.load(Ordering::Acquire) || shared.bg_error.lock().is_some()
                {
                    return;
                }
                if state.compaction_wanted {
                    state.compaction_wanted = false;
                    break;
                }
                shared.state_cv.wait_for(&mut state, super::WAIT_SLICE);
            }
        }
        loop {
            let done = {
                let _running = shared.compaction_lock.lock();
                let (task, version) = {
                    let versions = shared.versions.lock();
                    let v = versions.current();
                    let pointer = |l: usize| versions.compact_pointer(l).to_vec();
                    (compaction::pick(&v, &shared.opts, &pointer), v)
                };
                match task {
                    Some(task) => run_and_install(shared, &task, &version).map(|()| false),
                    None => Ok(true),
                }
            };
            match done {
                Ok(true) => break,
                // The version the task was picked from is gone now: its inputs can go.
                Ok(false) => {
                    if let Err(e) = delete_obsolete_files(shared) {
                        shared.set_bg_error(e);
                        return;
                    }
                }
                Err(_) if shared.shutting_down.load(Ordering::Acquire) => return,
                Err(e) => {
                    shared.set_bg_error(e);
                    return;
                }
            }
        }
    }
}

/// Runs `task` (picked from `version`) and installs its result. REQUIRES: the caller holds
/// `compaction_lock`.
fn run_and_install(shared: &Arc<Shared>, task: &CompactionTask, version: &Version) -> Result<()> {
    let allocated = parking_lot::Mutex::new(Vec::new());
    let new_number = || {
        let n = shared.new_output_number();
        allocated.lock().push(n);
        n
    };
    let ctx = CompactionContext {
        fs: &shared.fs,
        dir: &shared.dir,
        opts: &shared.opts,
        tables: &shared.tables,
        version,
        smallest_snapshot: shared.smallest_snapshot(),
        new_file_number: &new_number,
        cancel: &shared.shutting_down,
    };
    let unpin = |shared: &Shared| {
        let mut pending = shared.pending_outputs.lock();
        for n in allocated.lock().iter() {
            pending.remove(n);
        }
    };
    let outcome = match run_compaction(&ctx, task) {
        Ok(outcome) => outcome,
        Err(e) => {
            // The job deleted its partial outputs.
            unpin(shared);
            return Err(e);
        }
    };
    let mut versions = shared.versions.lock();
    // If the manifest write fails, the edit naming the outputs may still be on disk: they
    // stay pinned (never deleted) until the next open sorts it out.
    let v = versions.log_and_apply(outcome.edit, shared.last_sequence.load(Ordering::Acquire))?;
    let mut state = shared.state.lock();
    state.version = v;
    shared.publish_view(&state);
    shared.state_cv.notify_all();
    drop(state);
    drop(versions);
    unpin(shared);
    Counters::add(&shared.counters.compactions, 1);
    if task.trivial_move {
        Counters::add(&shared.counters.trivial_moves, 1);
    }
    Counters::add(&shared.counters.compaction_bytes_read, outcome.bytes_read);
    Counters::add(
        &shared.counters.compaction_bytes_written,
        outcome.bytes_written,
    );
    Ok(())
}

/// Compacts `[lo, hi]` level by level down to the last level.
pub(super) fn compact_range(
    shared: &Arc<Shared>,
    lo: Option<&[u8]>,
    hi: Option<&[u8]>,
) -> Result<()> {
    let _running = shared.compaction_lock.lock();
    for level in 0..LAST_LEVEL {
        shared.check_usable()?;
        let version = shared.versions.lock().current();
        if let Some(task) = compaction::pick_range(&version, &shared.opts, level, lo, hi) {
            run_and_install(shared, &task, &version)?;
        }
    }
    delete_obsolete_files(shared)
}

/// Deletes tables no version uses, logs older than the live log number (keeping a few for
/// reuse) and old manifests.
pub(super) fn delete_obsolete_files(shared: &Arc<Shared>) -> Result<()> {
    // Order matters: list first, then pending outputs, then live tables. A table created
    // after the listing is not seen; one listed is either pending or (installed) live.
    let names = shared.fs.list(&shared.dir)?;
    let pending: HashSet<u64> = shared.pending_outputs.lock().iter().copied().collect();
    let (live, log_number, manifest) = {
        let mut v = shared.versions.lock();
        (v.live_files(), v.log_number(), v.manifest_number())
    };
    let mut state = shared.state.lock();
    let mut doomed = Vec::new();
    for name in names {
        match filename::parse(&name) {
            Some((FileType::Table, n)) if !live.contains(&n) && !pending.contains(&n) => {
                shared.tables.evict(n);
                doomed.push(name);
            }
            Some((FileType::Log, n)) if n < log_number && !state.recycled_logs.contains(&n) => {
                // The listing may be stale: a log reused since then is gone under this name.
                // Reuse happens under `state`, which is held here.
                let path = filename::log_file(&shared.dir, n);
                if !shared.fs.exists(&path) {
                    continue;
                }
                if state.recycled_logs.len() < shared.opts.recycle_log_files {
                    state.recycled_logs.push(n);
                } else {
                    // Deleted under `state`: a concurrent pass that still lists this log
                    // must not put it into `recycled_logs` (from which a switch takes it)
                    // between this decision and the delete.
                    let _ = shared.fs.remove(&path);
                }
            }
            Some((FileType::Manifest, n)) if Some(n) != manifest => doomed.push(name),
            _ => {}
        }
    }
    drop(state);
    for name in doomed {
        // A failed delete leaves garbage, never wrong data: the next pass retries.
        let _ = shared.fs.remove(&shared.dir.join(name));
    }
    Ok(())
}
