//! The compaction policy: a pure function from a version to the next task.
//!
//! Leveled compaction with level targets sized from the last level, as RocksDB's
//! `level_compaction_dynamic_level_bytes`: the last level holds nearly all data, each level
//! above targets a tenth of the one below, and level 0 compacts straight into the *base*
//! level, the highest level whose target is still at least `max_bytes_for_level_base`
//! divided by the multiplier. Levels between 1 and the base stay empty. With ratio 10 this
//! bounds space amplification to about 1.1×.
//!
//! Scores: level 0 = files / `l0_compaction_trigger`; level n (base ≤ n < last) =
//! bytes / target. The highest score ≥ 1 is compacted. A level-n task takes one table,
//! chosen round-robin after the level's compact pointer, plus the tables it overlaps in
//! level n+1; a task with no overlap below is a *trivial move* (the table changes level in
//! the manifest, no bytes are rewritten).

use std::sync::Arc;

use crate::key::{compare_internal, user_key};
use crate::options::Options;
use crate::version::{FileMeta, Version, NUM_LEVELS};

/// The last level.
pub const LAST_LEVEL: usize = NUM_LEVELS - 1;

/// One compaction to run.
#[derive(Debug, Clone)]
pub struct CompactionTask {
    /// The level compacted.
    pub level: usize,
    /// The level the output goes to.
    pub output_level: usize,
    /// Tables of `level`.
    pub inputs: Vec<Arc<FileMeta>>,
    /// Tables of `output_level` that overlap the inputs.
    pub overlapping: Vec<Arc<FileMeta>>,
    /// True if the single input can change level without being rewritten.
    pub trivial_move: bool,
}

impl CompactionTask {
    /// Every input table with its level.
    pub fn all_inputs(&self) -> impl Iterator<Item = (usize, &Arc<FileMeta>)> {
        self.inputs
            .iter()
            .map(|f| (self.level, f))
            .chain(self.overlapping.iter().map(|f| (self.output_level, f)))
    }

    /// Bytes read by the task.
    pub fn input_bytes(&self) -> u64 {
        self.all_inputs().map(|(_, f)| f.size).sum()
    }
}

/// The base level and the byte target of every level (0 for levels not in use).
pub fn level_targets(version: &Version, opts: &Options) -> (usize, [u64; NUM_LEVELS]) {
    let mut targets = [0u64; NUM_LEVELS];
    let base_bytes = opts.max_bytes_for_level_base.max(1);
    let mult = opts.level_size_multiplier.max(2);
    let largest = (1..NUM_LEVELS)
        .map(|l| version.level_bytes(l))
        .max()
        .unwrap_or(0);
    let mut level = LAST_LEVEL;
    let mut size = largest.max(base_bytes);
    targets[level] = size;
    while level > 1 && size > base_bytes {
        level -= 1;
        size /= mult;
        targets[level] = size;
    }
    (level, targets)
}

/// The compaction to run next, if any level needs one.
pub fn pick(
    version: &Version,
    opts: &Options,
    compact_pointer: &dyn Fn(usize) -> Vec<u8>,
) -> Option<CompactionTask> {
    let (base, targets) = level_targets(version, opts);
    let mut best: Option<(f64, usize)> = None;
    let l0_score = version.files(0).len() as f64 / opts.l0_compaction_trigger.max(1) as f64;
    if l0_score >= 1.0 {
        best = Some((l0_score, 0));
    }
    for (level, &target) in targets.iter().enumerate().take(LAST_LEVEL).skip(base) {
        let score = version.level_bytes(level) as f64 / target.max(1) as f64;
        if score >= 1.0 && best.is_none_or(|(b, _)| score > b) {
            best = Some((score, level));
        }
    }
    // Data left above the base level (the base moved down as the database grew) is pushed
    // down as soon as nothing else is pressing.
    if best.is_none() {
        if let Some(level) = (1..base).find(|&l| !version.files(l).is_empty()) {
            best = Some((1.0, level));
        }
    }
    let (_, level) = best?;
    if level == 0 {
        return Some(pick_level0(version, base));
    }
    let output_level = if level < base { base } else { level + 1 };
    let pointer = compact_pointer(level);
    let files = version.files(level);
    let file = files
        .iter()
        .find(|f| pointer.is_empty() || compare_internal(&f.largest, &pointer).is_gt())
        .or_else(|| files.first())?
        .clone();
    let overlapping = version.overlapping(
        output_level,
        Some(user_key(&file.smallest)),
        Some(user_key(&file.largest)),
    );
    Some(CompactionTask {
        level,
        output_level,
        trivial_move: overlapping.is_empty(),
        inputs: vec![file],
        overlapping,
    })
}

/// Level 0 into the base level: every level-0 table (they overlap one another), and the base
/// tables under their combined range.
fn pick_level0(version: &Version, base: usize) -> CompactionTask {
    let inputs: Vec<_> = version.files(0).to_vec();
    let lo = inputs.iter().map(|f| user_key(&f.smallest)).min();
    let hi = inputs.iter().map(|f| user_key(&f.largest)).max();
    let overlapping = version.overlapping(base, lo, hi);
    CompactionTask {
        level: 0,
        output_level: base,
        trivial_move: inputs.len() == 1 && overlapping.is_empty(),
        inputs,
        overlapping,
    }
}

/// A manual compaction of `[lo, hi]` (user keys; `None` = unbounded) from `level` into the
/// next level in use; `None` if `level` has nothing there.
pub fn pick_range(
    version: &Version,
    opts: &Options,
    level: usize,
    lo: Option<&[u8]>,
    hi: Option<&[u8]>,
) -> Option<CompactionTask> {
    let (base, _) = level_targets(version, opts);
    let mut inputs = version.overlapping(level, lo, hi);
    if inputs.is_empty() || level >= LAST_LEVEL {
        return None;
    }
    if level == 0 {
        // Level-0 tables overlap each other: take them all so newer versions never stay
        // above older ones.
        inputs = version.files(0).to_vec();
    }
    let output_level = if level < base { base } else { level + 1 };
    let klo = inputs.iter().map(|f| user_key(&f.smallest)).min();
    let khi = inputs.iter().map(|f| user_key(&f.largest)).max();
    let overlapping = version.overlapping(output_level, klo, khi);
    Some(CompactionTask {
        level,
        output_level,
        trivial_move: false,
        inputs,
        overlapping,
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::key::{internal_key, ValueKind};
    use crate::version::VersionEdit;

    fn meta(number: u64, lo: &str, hi: &str, size: u64) -> FileMeta {
        FileMeta {
            number,
            size,
            smallest: internal_key(lo.as_bytes(), 1, ValueKind::Value),
            largest: internal_key(hi.as_bytes(), 1, ValueKind::Value),
            num_entries: 1,
            num_deletions: 0,
            smallest_seq: 1,
            largest_seq: 1,
        }
    }

    fn version(files: Vec<(usize, FileMeta)>) -> Version {
        Version::new()
            .apply(&VersionEdit {
                new_files: files,
                ..VersionEdit::default()
            })
            .unwrap()
    }

    #[test]
    fn small_database_compacts_level0_into_last_level() {
        let opts = Options::default();
        let v = version((1..=4).map(|n| (0, meta(n, "a", "z", 1 << 20))).collect());
        let t = pick(&v, &opts, &|_| Vec::new()).unwrap();
        assert_eq!(
            (t.level, t.output_level, t.inputs.len()),
            (0, LAST_LEVEL, 4)
        );
        let v = version((1..=3).map(|n| (0, meta(n, "a", "z", 1 << 20))).collect());
        assert!(pick(&v, &opts, &|_| Vec::new()).is_none());
    }

    #[test]
    fn base_level_rises_as_last_level_grows() {
        let opts = Options::default();
        let v = version(vec![(
            LAST_LEVEL,
            meta(1, "a", "z", 100 * opts.max_bytes_for_level_base),
        )]);
        let (base, targets) = level_targets(&v, &opts);
        assert_eq!(base, LAST_LEVEL - 2);
        assert_eq!(targets[LAST_LEVEL - 1], 10 * opts.max_bytes_for_level_base);
        assert!(targets[base] >= opts.max_bytes_for_level_base / 10);
    }

    #[test]
    fn oversized_level_moves_a_table_down() {
        let opts = Options::default();
        let big = 100 * opts.max_bytes_for_level_base;
        let v = version(vec![
            (LAST_LEVEL, meta(1, "a", "m", big)),
            (
                LAST_LEVEL - 1,
                meta(2, "n", "z", 20 * opts.max_bytes_for_level_base),
            ),
        ]);
        let t = pick(&v, &opts, &|_| Vec::new()).unwrap();
        assert_eq!((t.level, t.output_level), (LAST_LEVEL - 1, LAST_LEVEL));
        assert!(t.trivial_move, "no overlap below: the table just moves");
    }
}
