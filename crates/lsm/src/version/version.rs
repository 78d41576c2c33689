//! A version: the set of live tables, level by level, at one point in time.
//!
//! Versions are immutable; a change (flush, compaction) makes a new one by applying a
//! [`VersionEdit`]. Readers hold an `Arc<Version>`, so the tables they read stay on disk
//! until they let go (see `VersionSet::live_files`).
//!
//! Invariants: level 0 is ordered newest first (by file number, which grows with every flush)
//! and its tables may overlap; every other level is ordered by smallest key and its tables do
//! not overlap. A user key never spans two tables of one level ≥ 1 (compaction cuts tables
//! only between user keys).

use std::cmp::Ordering;
use std::sync::Arc;

use super::{FileMeta, VersionEdit, NUM_LEVELS};
use crate::key::{compare_internal, parse_internal_key, user_key, ValueKind};
use crate::memtable::Lookup;
use crate::table_cache::TableCache;
use crate::{Error, Result};

/// The tables of every level.
#[derive(Debug, Clone, Default)]
pub struct Version {
    levels: [Vec<Arc<FileMeta>>; NUM_LEVELS],
}

impl Version {
    /// An empty version.
    pub fn new() -> Self {
        Self::default()
    }

    /// The tables of `level` (level 0 newest first, others by key).
    pub fn files(&self, level: usize) -> &[Arc<FileMeta>] {
        self.levels.get(level).map_or(&[], |l| l.as_slice())
    }

    /// Bytes of all tables of `level`.
    pub fn level_bytes(&self, level: usize) -> u64 {
        self.files(level).iter().map(|f| f.size).sum()
    }

    /// Every table of every level, with its level.
    pub fn all_files(&self) -> impl Iterator<Item = (usize, &Arc<FileMeta>)> {
        self.levels
            .iter()
            .enumerate()
            .flat_map(|(l, fs)| fs.iter().map(move |f| (l, f)))
    }

    /// The version after `edit`. Fails with `Corruption` if the edit deletes a table that is
    /// not there or breaks the no-overlap invariant of a level ≥ 1.
    pub fn apply(&self, edit: &VersionEdit) -> Result<Version> {
        let mut levels = self.levels.clone();
        for &(level, number) in &edit.deleted_files {
            let files = levels
                .get_mut(level)
                .ok_or_else(|| Error::corruption(format!("edit names level {level}")))?;
            let before = files.len();
            files.retain(|f| f.number != number);
            if files.len() == before {
                return Err(Error::corruption(format!(
                    "edit deletes table {number} absent from level {level}"
                )));
            }
        }
        for (level, meta) in &edit.new_files {
            let files = levels
                .get_mut(*level)
                .ok_or_else(|| Error::corruption(format!("edit names level {level}")))?;
            files.push(Arc::new(meta.clone()));
        }
        levels[0].sort_by_key(|f| std::cmp::Reverse(f.number));
        for (level, files) in levels.iter_mut().enumerate().skip(1) {
            files.sort_by(|a, b| compare_internal(&a.smallest, &b.smallest));
            for pair in files.windows(2) {
                if user_key(&pair[0].largest) >= user_key(&pair[1].smallest) {
                    return Err(Error::corruption(format!(
                        "tables {} and {} overlap in level {level}",
                        pair[0].number, pair[1].number
                    )));
                }
            }
        }
        Ok(Version { levels })
    }

    /// Tables of `level` whose user-key range meets `[lo, hi]` (`None` = unbounded).
    pub fn overlapping(
        &self,
        level: usize,
        lo: Option<&[u8]>,
        hi: Option<&[u8]>,
    ) -> Vec<Arc<FileMeta>> {
        self.files(level)
            .iter()
            .filter(|f| {
                lo.is_none_or(|lo| user_key(&f.largest) >= lo)
                    && hi.is_none_or(|hi| user_key(&f.smallest) <= hi)
            })
            .cloned()
            .collect()
    }

    /// Looks `lookup` (an internal key from [`crate::key::lookup_key`]) up in the tables,
    /// newest data first: level 0 newest to oldest, then one table per deeper level.
    pub fn get(&self, lookup: &[u8], tables: &TableCache) -> Result<Option<Lookup>> {
        let ukey = user_key(lookup);
        for f in self.files(0) {
            if ukey < user_key(&f.smallest) || ukey > user_key(&f.largest) {
                continue;
            }
            if let Some(found) = Self::get_in(f, lookup, tables)? {
                return Ok(Some(found));
            }
        }
        for level in 1..NUM_LEVELS {
            let files = self.files(level);
            let i =
                files.partition_point(|f| compare_internal(&f.largest, lookup) == Ordering::Less);
            let Some(f) = files.get(i) else { continue };
            if ukey < user_key(&f.smallest) {
                continue;
            }
            if let Some(found) = Self::get_in(f, lookup, tables)? {
                return Ok(Some(found));
            }
        }
        Ok(None)
    }

    fn get_in(f: &FileMeta, lookup: &[u8], tables: &TableCache) -> Result<Option<Lookup>> {
        let table = tables.get(f)?;
        let Some((ikey, value)) = table.get(lookup)? else {
            return Ok(None);
        };
        let parsed = parse_internal_key(&ikey)
            .ok_or_else(|| Error::corruption(format!("bad internal key in table {}", f.number)))?;
        Ok(Some(match parsed.kind {
            ValueKind::Value => Lookup::Value(value),
            ValueKind::Deletion => Lookup::Deleted,
        }))
    }
}
