//! The compaction job: merge input tables into new tables of the output level.
//!
//! The job reads its inputs through one merging iterator and writes the surviving entries
//! into tables cut at `target_file_size` (never between two versions of one user key). An
//! entry is dropped when no reader can see it:
//! - an older version of a key whose newer version is at or below the smallest live
//!   snapshot (every reader sees the newer one);
//! - a tombstone at or below the smallest snapshot when no deeper level can hold the key
//!   (nothing left for it to hide).
//!
//! A surviving value that every reader sees and no deeper level can hold is written with
//! sequence number 0, so the trailers of the last level compress.
//!
//! Outputs are synced, then the directory, and only then the caller installs the edit; a
//! crash before that leaves orphan tables that the next open deletes.

use std::path::Path;
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::Arc;

use super::CompactionTask;
use crate::filename::table_file;
use crate::fs::FileSystem;
use crate::iter::{InternalIterator, LevelIterator, MergingIterator};
use crate::key::{
    append_internal_key, parse_internal_key, user_key, SequenceNumber, ValueKind, MAX_SEQUENCE,
};
use crate::options::Options;
use crate::sstable::TableBuilder;
use crate::table_cache::TableCache;
use crate::version::{FileMeta, Version, VersionEdit, NUM_LEVELS};
use crate::{Error, Result};

/// What a compaction needs from the engine.
pub struct CompactionContext<'a> {
    /// The file system.
    pub fs: &'a Arc<dyn FileSystem>,
    /// The database directory.
    pub dir: &'a Path,
    /// Engine options (table format, target file size).
    pub opts: &'a Options,
    /// Open tables.
    pub tables: &'a Arc<TableCache>,
    /// The version the task was picked from.
    pub version: &'a Version,
    /// Sequence number of the oldest live snapshot (or the last sequence if none).
    pub smallest_snapshot: SequenceNumber,
    /// Allocates file numbers.
    pub new_file_number: &'a (dyn Fn() -> u64 + Sync),
    /// Set when the engine shuts down: the job stops and discards its outputs.
    pub cancel: &'a AtomicBool,
}

/// The result of a finished job.
#[derive(Debug, Default)]
pub struct CompactionOutcome {
    /// The edit to install.
    pub edit: VersionEdit,
    /// Bytes of input tables.
    pub bytes_read: u64,
    /// Bytes of output tables.
    pub bytes_written: u64,
}

/// Decides, entry by entry in internal-key order, which versions survive.
#[derive(Debug)]
pub(crate) struct Dropper {
    smallest_snapshot: SequenceNumber,
    current_key: Vec<u8>,
    has_current: bool,
    last_seq_for_key: SequenceNumber,
}

impl Dropper {
    pub(crate) fn new(smallest_snapshot: SequenceNumber) -> Self {
        Self {
            smallest_snapshot,
            current_key: Vec::new(),
            has_current: false,
            last_seq_for_key: MAX_SEQUENCE,
        }
    }

    /// True if the entry can be dropped. `bottom(user_key)` says whether no deeper level can
    /// hold the key. Returns also whether this entry starts a new user key.
    pub(crate) fn drop_entry(
        &mut self,
        ukey: &[u8],
        seq: SequenceNumber,
        kind: ValueKind,
        bottom: impl FnOnce(&[u8]) -> bool,
    ) -> (bool, bool) {
        let new_key = !self.has_current || ukey != self.current_key.as_slice();
        if new_key {
            self.current_key.clear();
            self.current_key.extend_from_slice(ukey);
            self.has_current = true;
            self.last_seq_for_key = MAX_SEQUENCE;
        }
        let drop = if self.last_seq_for_key <= self.smallest_snapshot {
            true
        } else {
            kind == ValueKind::Deletion && seq <= self.smallest_snapshot && bottom(ukey)
        };
        self.last_seq_for_key = seq;
        (drop, new_key)
    }
}

/// Statistics of one output table being written.
pub(crate) struct OutputTable {
    pub(crate) number: u64,
    pub(crate) builder: TableBuilder,
    pub(crate) num_deletions: u64,
    pub(crate) smallest_seq: SequenceNumber,
    pub(crate) largest_seq: SequenceNumber,
}

impl OutputTable {
    /// A new table `number` for `level` (whose compression it takes from the options).
    pub(crate) fn create(
        fs: &Arc<dyn FileSystem>,
        dir: &Path,
        opts: &Options,
        number: u64,
        level: usize,
    ) -> Result<Self> {
        let file = fs.create(&table_file(dir, number))?;
        let mut table = opts.table.clone();
        table.compression = opts.compression_for_level(level);
        Ok(Self {
            number,
            builder: TableBuilder::new(file, table),
            num_deletions: 0,
            smallest_seq: MAX_SEQUENCE,
            largest_seq: 0,
        })
    }

    pub(crate) fn add(
        &mut self,
        ikey: &[u8],
        value: &[u8],
        seq: SequenceNumber,
        kind: ValueKind,
    ) -> Result<()> {
        self.builder.add(ikey, value)?;
        if kind == ValueKind::Deletion {
            self.num_deletions += 1;
        }
        self.smallest_seq = self.smallest_seq.min(seq);
        self.largest_seq = self.largest_seq.max(seq);
        Ok(())
    }

    /// Finishes (and syncs) the table.
    pub(crate) fn finish(self) -> Result<FileMeta> {
        let s = self.builder.finish()?;
        Ok(FileMeta {
            number: self.number,
            size: s.file_size,
            smallest: s.smallest,
            largest: s.largest,
            num_entries: s.num_entries,
            num_deletions: self.num_deletions,
            smallest_seq: self.smallest_seq,
            largest_seq: self.largest_seq,
        })
    }
}

/// True if no level below `output_level` can hold `ukey`.
fn is_bottom(version: &Version, output_level: usize, ukey: &[u8]) -> bool {
    (output_level + 1..NUM_LEVELS).all(|level| {
        let files = version.files(level);
        let i = files.partition_point(|f| user_key(&f.largest) < ukey);
        files.get(i).is_none_or(|f| user_key(&f.smallest) > ukey)
    })
}

/// Runs `task`; the caller installs the returned edit.
pub fn run_compaction(
    ctx: &CompactionContext<'_>,
    task: &CompactionTask,
) -> Result<CompactionOutcome> {
    let mut outcome = CompactionOutcome::default();
    for (level, f) in task.all_inputs() {
        outcome.edit.deleted_files.push((level, f.number));
    }
    if let Some(last) = task
        .inputs
        .iter()
        .map(|f| &f.largest)
        .max_by(|a, b| crate::key::compare_internal(a, b))
    {
        if task.level > 0 {
            outcome
                .edit
                .compact_pointers
                .push((task.level, last.clone()));
        }
    }
    if task.trivial_move {
        for f in &task.inputs {
            outcome
                .edit
                .new_files
                .push((task.output_level, (**f).clone()));
        }
        return Ok(outcome);
    }
    outcome.bytes_read = task.input_bytes();

    let mut children: Vec<Box<dyn InternalIterator>> = Vec::new();
    if task.level == 0 {
        for f in &task.inputs {
            children.push(Box::new(ctx.tables.get(f)?.iter()));
        }
    } else {
        children.push(Box::new(LevelIterator::new(
            task.inputs.clone(),
            ctx.tables.clone(),
            None,
        )));
    }
    children.push(Box::new(LevelIterator::new(
        task.overlapping.clone(),
        ctx.tables.clone(),
        None,
    )));
    let mut input = MergingIterator::new(children);
    input.seek_to_first();

    let mut outputs: Vec<FileMeta> = Vec::new();
    let mut current: Option<OutputTable> = None;
    let mut dropper = Dropper::new(ctx.smallest_snapshot);
    let mut zeroed = Vec::new();
    let result = (|| -> Result<()> {
        let mut n = 0u64;
        while input.valid() {
            n += 1;
            if n % 1024 == 0 && ctx.cancel.load(Ordering::Relaxed) {
                return Err(Error::Closed);
            }
            let ikey = input.key();
            let k = parse_internal_key(ikey)
                .ok_or_else(|| Error::corruption("bad internal key in compaction input"))?;
            let (drop, new_key) = dropper.drop_entry(k.user_key, k.seq, k.kind, |u| {
                is_bottom(ctx.version, task.output_level, u)
            });
            if !drop {
                if new_key
                    && current
                        .as_ref()
                        .is_some_and(|c| c.builder.estimated_size() >= ctx.opts.target_file_size)
                {
                    if let Some(done) = current.take() {
                        outputs.push(done.finish()?);
                    }
                }
                if current.is_none() {
                    current = Some(OutputTable::create(
                        ctx.fs,
                        ctx.dir,
                        ctx.opts,
                        (ctx.new_file_number)(),
                        task.output_level,
                    )?);
                }
                // The only version any reader sees, with nothing below it: its sequence
                // number carries no information, and zeros compress (RocksDB does the same).
                let zero_seq = k.kind == ValueKind::Value
                    && k.seq <= ctx.smallest_snapshot
                    && k.seq != 0
                    && is_bottom(ctx.version, task.output_level, k.user_key);
                if let Some(out) = current.as_mut() {
                    if zero_seq {
                        zeroed.clear();
                        append_internal_key(&mut zeroed, k.user_key, 0, ValueKind::Value);
                        out.add(&zeroed, input.value(), 0, k.kind)?;
                    } else {
                        out.add(ikey, input.value(), k.seq, k.kind)?;
                    }
                }
            }
            input.next();
        }
        input.status()?;
        if let Some(done) = current.take() {
            outputs.push(done.finish()?);
        }
        ctx.fs.sync_dir(ctx.dir)
    })();
    if let Err(e) = result {
        let abandoned = current.map(|c| c.number);
        for number in outputs.iter().map(|m| m.number).chain(abandoned) {
            let _ = ctx.fs.remove(&table_file(ctx.dir, number));
        }
        return Err(e);
    }
    for meta in outputs {
        outcome.bytes_written += meta.size;
        outcome.edit.new_files.push((task.output_level, meta));
    }
    Ok(outcome)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn dropper_keeps_what_snapshots_need() {
        // Versions of "k" newest first: 9 (value), 7 (delete), 3 (value). Snapshot at 8.
        let mut d = Dropper::new(8);
        assert_eq!(
            d.drop_entry(b"k", 9, ValueKind::Value, |_| true),
            (false, true)
        );
        // 7 is the version the snapshot at 8 sees; a tombstone at the bottom hides nothing,
        // so it goes.
        assert!(d.drop_entry(b"k", 7, ValueKind::Deletion, |_| true).0);
        // 3 is hidden by 7, which every reader sees.
        assert!(d.drop_entry(b"k", 3, ValueKind::Value, |_| true).0);
        // A tombstone that may hide something deeper stays.
        let mut d = Dropper::new(100);
        assert!(!d.drop_entry(b"x", 5, ValueKind::Deletion, |_| false).0);
        // A version newer than the snapshot stays, and so does the next one the snapshot sees.
        let mut d = Dropper::new(4);
        assert!(!d.drop_entry(b"y", 6, ValueKind::Value, |_| true).0);
        assert!(!d.drop_entry(b"y", 4, ValueKind::Value, |_| true).0);
        assert!(d.drop_entry(b"y", 2, ValueKind::Value, |_| true).0);
    }
}
