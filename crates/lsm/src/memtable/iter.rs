//! A cursor over a memtable that owns a reference to it.

use std::ops::Bound;
use std::sync::Arc;

use crossbeam_skiplist::map::Entry;

use super::{IKey, MemEntry, MemTable};
use crate::iter::InternalIterator;
use crate::Result;

/// An [`InternalIterator`] over a memtable.
///
/// Invariant: `entry` borrows from `*mem`, which this struct keeps alive; `entry` is declared
/// first so it is dropped before `mem`.
pub struct MemTableIterator {
    entry: Option<Entry<'static, MemEntry, ()>>,
    mem: Arc<MemTable>,
}

impl MemTableIterator {
    /// An unpositioned iterator over `mem`.
    pub fn new(mem: Arc<MemTable>) -> Self {
        Self { entry: None, mem }
    }
}

/// Erases the lifetime of an entry of the iterator's own memtable.
fn extend(entry: Option<Entry<'_, MemEntry, ()>>) -> Option<Entry<'static, MemEntry, ()>> {
    // SAFETY: callers pass only entries of `self.mem`, an `Arc` the iterator owns and never
    // replaces, so the map outlives the entry (dropped first, see the struct invariant). Only
    // the lifetime parameter changes.
    entry.map(|e| unsafe {
        std::mem::transmute::<Entry<'_, MemEntry, ()>, Entry<'static, MemEntry, ()>>(e)
    })
}

impl InternalIterator for MemTableIterator {
    fn valid(&self) -> bool {
        self.entry.is_some()
    }
    fn seek_to_first(&mut self) {
        self.entry = extend(self.mem.map.front());
    }
    fn seek_to_last(&mut self) {
        self.entry = extend(self.mem.map.back());
    }
    fn seek(&mut self, target: &[u8]) {
        self.entry = extend(self.mem.map.lower_bound(Bound::Included(IKey::new(target))));
    }
    fn next(&mut self) {
        self.entry = self.entry.as_ref().and_then(|e| e.next());
    }
    fn prev(&mut self) {
        self.entry = self.entry.as_ref().and_then(|e| e.prev());
    }
    fn key(&self) -> &[u8] {
        self.entry.as_ref().map_or(&[], |e| e.key().key())
    }
    fn value(&self) -> &[u8] {
        self.entry.as_ref().map_or(&[], |e| e.key().value())
    }
    fn status(&self) -> Result<()> {
        Ok(())
    }
}
