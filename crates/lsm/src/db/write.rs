//! The write path: group commit.
//!
//! Writers queue up. The writer at the front is the *leader*: it takes every queued batch (up
//! to [`MAX_GROUP_BYTES`]), assigns them consecutive sequence numbers, appends them to the
//! write-ahead log as ONE record, syncs once if any member asked for `sync`, inserts them
//! into the memtable and publishes the new last sequence. Then it hands every member its
//! result and wakes the next leader. While a leader syncs, new writers queue behind it and
//! form the next group, so N concurrent synced writers cost far fewer than N `fdatasync`s.
//!
//! A failed log write or sync poisons the database (`bg_error`): the log may hold a partial
//! record, so nothing later may be acknowledged on top of it.

use std::collections::VecDeque;
use std::sync::atomic::Ordering;
use std::sync::Arc;
use std::time::{Duration, Instant};

use parking_lot::{Condvar, Mutex};

use super::stats::Counters;
use super::{Shared, State};
use crate::filename::log_file;
use crate::key::ValueKind;
use crate::memtable::MemTable;
use crate::options::WriteOptions;
use crate::wal::LogWriter;
use crate::write_batch::WriteBatch;
use crate::{Error, Result};

/// A group stops growing past this many bytes, so one slow leader does not hold many
/// writers' latency hostage.
const MAX_GROUP_BYTES: usize = 1 << 20;

/// The group-commit queue.
#[derive(Default)]
pub(crate) struct WriteQueue {
    /// A leader is committing: possibly one that never queued (the uncontended path).
    leading: bool,
    /// Writers waiting, in arrival order; the members of the leader's group stay at the
    /// front until it hands them their result.
    waiters: VecDeque<Arc<Writer>>,
}

/// A queued write.
pub(crate) struct Writer {
    batch: Mutex<Option<WriteBatch>>,
    sync: bool,
    size: usize,
    /// A memtable switch request: ends any group it would join.
    barrier: bool,
    result: Mutex<Option<Result<()>>>,
    cv: Condvar,
}

impl Writer {
    fn new(batch: Option<WriteBatch>, sync: bool) -> Arc<Writer> {
        Arc::new(Writer {
            size: batch.as_ref().map_or(0, WriteBatch::size_bytes),
            barrier: batch.is_none(),
            batch: Mutex::new(batch),
            sync,
            result: Mutex::new(None),
            cv: Condvar::new(),
        })
    }
}

/// Ends a leader's turn and wakes the writer that leads next.
fn step_down(queue: &mut WriteQueue) {
    queue.leading = false;
    if let Some(next) = queue.waiters.front() {
        next.cv.notify_one();
    }
}

/// Commits `batch` (see the module doc).
pub(crate) fn write(shared: &Arc<Shared>, batch: WriteBatch, opts: WriteOptions) -> Result<()> {
    shared.check_usable()?;
    let mut queue = shared.writers.lock();
    if !queue.leading && queue.waiters.is_empty() {
        // Nobody leads or waits: commit alone, without queueing.
        queue.leading = true;
        drop(queue);
        let result = commit(shared, batch, opts.sync, 1);
        step_down(&mut shared.writers.lock());
        return result;
    }
    let me = Writer::new(Some(batch), opts.sync);
    queue.waiters.push_back(me.clone());
    loop {
        if let Some(r) = me.result.lock().take() {
            return r;
        }
        if !queue.leading && queue.waiters.front().is_some_and(|f| Arc::ptr_eq(f, &me)) {
            break;
        }
        me.cv.wait(&mut queue);
    }
    // Leader: take a group.
    queue.leading = true;
    let mut group: Vec<Arc<Writer>> = Vec::new();
    let mut bytes = 0;
    for w in queue.waiters.iter() {
        if !group.is_empty() && (w.barrier || bytes + w.size > MAX_GROUP_BYTES) {
            break;
        }
        bytes += w.size;
        group.push(w.clone());
    }
    drop(queue);

    let mut batch = group[0].batch.lock().take().unwrap_or_default();
    for w in &group[1..] {
        if let Some(b) = w.batch.lock().take() {
            batch.append(&b);
        }
    }
    let sync = group.iter().any(|w| w.sync);
    let result = commit(shared, batch, sync, group.len());

    let mut queue = shared.writers.lock();
    for w in &group {
        let front = queue.waiters.pop_front();
        debug_assert!(front.is_some_and(|f| Arc::ptr_eq(&f, w)));
        if !Arc::ptr_eq(w, &me) {
            *w.result.lock() = Some(result.clone());
            w.cv.notify_one();
        }
    }
    step_down(&mut queue);
    result
}

/// Runs `f` while holding the leadership, alone: no write commits meanwhile.
fn exclusive<T>(shared: &Arc<Shared>, f: impl FnOnce() -> Result<T>) -> Result<T> {
    let mut queue = shared.writers.lock();
    if queue.leading || !queue.waiters.is_empty() {
        let me = Writer::new(None, false);
        queue.waiters.push_back(me.clone());
        while queue.leading || !queue.waiters.front().is_some_and(|f| Arc::ptr_eq(f, &me)) {
            me.cv.wait(&mut queue);
        }
        queue.waiters.pop_front();
    }
    queue.leading = true;
    drop(queue);
    let result = f();
    step_down(&mut shared.writers.lock());
    result
}

/// Logs and applies one batch (a whole group's) as the leader.
fn commit(shared: &Arc<Shared>, mut batch: WriteBatch, sync: bool, writers: usize) -> Result<()> {
    let mem = make_room(shared, false)?;
    let count = u64::from(batch.count());
    if count == 0 {
        return Ok(());
    }
    let first = shared.last_sequence.load(Ordering::Acquire) + 1;
    batch.set_sequence(first);
    {
        let mut wal = shared.wal.lock();
        let log = wal.as_mut().ok_or(Error::Closed)?;
        let logged =
            log.add_record(batch.data())
                .and_then(|()| if sync { log.sync() } else { log.flush() });
        if let Err(e) = logged {
            shared.set_bg_error(e.clone());
            return Err(e);
        }
    }
    Counters::add(&shared.counters.wal_bytes, batch.size_bytes() as u64);
    Counters::add(&shared.counters.write_groups, 1);
    Counters::add(&shared.counters.writes, writers as u64);
    if sync {
        Counters::add(&shared.counters.wal_syncs, 1);
    }
    insert_into(&mem, &batch, first)?;
    shared
        .last_sequence
        .store(first + count - 1, Ordering::Release);
    Ok(())
}

/// Inserts every entry of `batch` into `mem`, numbered from `first`.
pub(crate) fn insert_into(mem: &MemTable, batch: &WriteBatch, first: u64) -> Result<()> {
    for (i, entry) in batch.iter().enumerate() {
        let (kind, key, value) = entry?;
        let seq = first + i as u64;
        match kind {
            ValueKind::Value => mem.add(seq, kind, key, value),
            ValueKind::Deletion => mem.add(seq, kind, key, &[]),
        }
    }
    Ok(())
}

/// Makes sure the memtable has room, switching to a new one (and a new log) when it is full;
/// delays or stalls the write while flushes or level-0 compactions are behind. Returns the
/// memtable to write into. Called by the leader only, so no other writer switches memtables
/// meanwhile.
fn make_room(shared: &Arc<Shared>, mut force: bool) -> Result<Arc<MemTable>> {
    let opts = &shared.opts;
    let mut allow_delay = !force;
    let mut state = shared.state.lock();
    loop {
        shared.check_usable()?;
        let l0 = state.version.files(0).len();
        if allow_delay && l0 >= opts.l0_slowdown_trigger {
            // Spread the cost of a stall over many writes: each is delayed once by 1 ms.
            drop(state);
            let start = Instant::now();
            std::thread::sleep(Duration::from_millis(1));
            Counters::add(&shared.counters.slowdowns, 1);
            Counters::add(
                &shared.counters.stall_micros,
                start.elapsed().as_micros() as u64,
            );
            allow_delay = false;
            state = shared.state.lock();
            continue;
        }
        if !force && state.mem.approximate_bytes() < opts.write_buffer_size {
            return Ok(state.mem.clone());
        }
        if force && state.mem.is_empty() {
            return Ok(state.mem.clone());
        }
        if state.imm.len() >= opts.max_immutable_memtables || l0 >= opts.l0_stop_trigger {
            let start = Instant::now();
            Counters::add(&shared.counters.stalls, 1);
            state.compaction_wanted = true;
            shared.state_cv.notify_all();
            shared.state_cv.wait_for(&mut state, super::WAIT_SLICE);
            Counters::add(
                &shared.counters.stall_micros,
                start.elapsed().as_micros() as u64,
            );
            continue;
        }
        switch_memtable(shared, &mut state)?;
        force = false;
    }
}

/// Freezes the memtable and starts a new log. The old log is synced first, so every log but
/// the newest is complete on disk.
fn switch_memtable(shared: &Arc<Shared>, state: &mut State) -> Result<()> {
    let number = shared.file_numbers.fetch_add(1, Ordering::SeqCst);
    let path = log_file(&shared.dir, number);
    let mut wal = shared.wal.lock();
    if let Some(old) = wal.as_mut() {
        if let Err(e) = old.sync() {
            shared.set_bg_error(e.clone());
            return Err(e);
        }
    }
    let file = match state.recycled_logs.pop() {
        Some(old) => shared.fs.reuse(&log_file(&shared.dir, old), &path),
        None => shared.fs.create(&path),
    };
    let file = match file.and_then(|f| shared.fs.sync_dir(&shared.dir).map(|()| f)) {
        Ok(f) => f,
        Err(e) => {
            shared.set_bg_error(e.clone());
            return Err(e);
        }
    };
    *wal =
        Some(LogWriter::new(file, number).preallocate_in_chunks(shared.opts.wal_preallocate_bytes));
    drop(wal);
    let old = std::mem::replace(&mut state.mem, Arc::new(MemTable::new(number)));
    state.imm.insert(0, old);
    shared.publish_view(state);
    shared.state_cv.notify_all();
    Ok(())
}

/// Freezes the current memtable if it holds anything (used by `Db::flush`). Runs as the
/// write leader so it never races one.
pub(crate) fn force_memtable_switch(shared: &Arc<Shared>) -> Result<()> {
    shared.check_usable()?;
    exclusive(shared, || make_room(shared, true).map(|_| ()))
}
