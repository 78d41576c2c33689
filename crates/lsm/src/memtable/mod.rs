//! The memtable: recent writes in a concurrent skiplist of internal keys.
//!
//! Backed by `crossbeam-skiplist` (lock-free, epoch-reclaimed); the alternative was an
//! arena skiplist written by hand as LevelDB's, which saves an allocation per entry but needs
//! unsafe code throughout. Entries are never removed: a memtable only grows until it is frozen
//! (made immutable), flushed to an L0 table and dropped.
//!
//! Thread-safety: any number of readers and writers may use it concurrently; the engine has
//! one writer at a time (the group-commit leader).

mod entry;
mod iter;

use std::sync::atomic::{AtomicUsize, Ordering as AtomicOrdering};

use crossbeam_skiplist::SkipMap;

pub(crate) use entry::{IKey, MemEntry};
pub use iter::MemTableIterator;

use crate::key::{append_internal_key, user_key, SequenceNumber, ValueKind};

/// Per-entry bookkeeping charged to the write buffer besides the key and value: the
/// skiplist node (entry, tower of about 1.33 pointers, reference count and height) and the
/// allocator's header for the entry's buffer.
const ENTRY_OVERHEAD: usize = std::mem::size_of::<MemEntry>() + 32 + 16;

/// What a lookup found in a memtable.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Lookup {
    /// The newest visible version is a value.
    Value(Vec<u8>),
    /// The newest visible version is a tombstone.
    Deleted,
}

/// A sorted in-memory table of versioned entries.
#[derive(Debug)]
pub struct MemTable {
    map: SkipMap<MemEntry, ()>,
    approximate_bytes: AtomicUsize,
    /// The write-ahead log holding this memtable's writes.
    log_number: u64,
}

impl MemTable {
    /// An empty memtable whose writes are logged in `log_number`.
    pub fn new(log_number: u64) -> Self {
        Self {
            map: SkipMap::new(),
            approximate_bytes: AtomicUsize::new(0),
            log_number,
        }
    }

    /// The write-ahead log that holds this memtable's writes.
    pub fn log_number(&self) -> u64 {
        self.log_number
    }

    /// Inserts one version. REQUIRES: `(key, seq)` not already present.
    pub fn add(&self, seq: SequenceNumber, kind: ValueKind, key: &[u8], value: &[u8]) {
        let mut ikey = [0u8; 64];
        let entry = if key.len() + crate::key::TRAILER_LEN <= ikey.len() {
            let n = key.len() + crate::key::TRAILER_LEN;
            ikey[..key.len()].copy_from_slice(key);
            ikey[key.len()..n].copy_from_slice(&crate::key::pack_trailer(seq, kind).to_le_bytes());
            MemEntry::new(&ikey[..n], value)
        } else {
            let mut long = Vec::with_capacity(key.len() + crate::key::TRAILER_LEN);
            append_internal_key(&mut long, key, seq, kind);
            MemEntry::new(&long, value)
        };
        let charge = entry.heap_bytes() + ENTRY_OVERHEAD;
        self.map.insert(entry, ());
        self.approximate_bytes
            .fetch_add(charge, AtomicOrdering::Relaxed);
    }

    /// The newest version of `user_key(lookup)` at or below the lookup's sequence number.
    pub fn get(&self, lookup: &[u8]) -> Option<Lookup> {
        let entry = self
            .map
            .lower_bound(std::ops::Bound::Included(IKey::new(lookup)))?;
        let found = entry.key().key();
        if user_key(found) != user_key(lookup) {
            return None;
        }
        match crate::key::parse_internal_key(found)?.kind {
            ValueKind::Value => Some(Lookup::Value(entry.key().value().to_vec())),
            ValueKind::Deletion => Some(Lookup::Deleted),
        }
    }

    /// Bytes charged to the write buffer so far.
    pub fn approximate_bytes(&self) -> usize {
        self.approximate_bytes.load(AtomicOrdering::Relaxed)
    }

    /// Number of entries (versions).
    pub fn len(&self) -> usize {
        self.map.len()
    }

    /// True if nothing was written.
    pub fn is_empty(&self) -> bool {
        self.map.is_empty()
    }
}

#[cfg(test)]
mod tests {
    use std::sync::Arc;

    use super::*;
    use crate::iter::InternalIterator;
    use crate::key::lookup_key;

    #[test]
    fn get_sees_newest_visible_version() {
        let m = MemTable::new(1);
        m.add(1, ValueKind::Value, b"k", b"v1");
        m.add(2, ValueKind::Value, b"k", b"v2");
        m.add(3, ValueKind::Deletion, b"k", b"");
        m.add(4, ValueKind::Value, b"k0", b"x");
        assert_eq!(
            m.get(&lookup_key(b"k", 1)),
            Some(Lookup::Value(b"v1".to_vec()))
        );
        assert_eq!(
            m.get(&lookup_key(b"k", 2)),
            Some(Lookup::Value(b"v2".to_vec()))
        );
        assert_eq!(m.get(&lookup_key(b"k", 9)), Some(Lookup::Deleted));
        assert_eq!(m.get(&lookup_key(b"j", 9)), None);
        assert_eq!(m.get(&lookup_key(b"k0", 3)), None);
    }

    #[test]
    fn iterates_both_ways() {
        let m = Arc::new(MemTable::new(1));
        for (i, k) in [b"b", b"a", b"c"].iter().enumerate() {
            m.add(i as u64 + 1, ValueKind::Value, &k[..], b"v");
        }
        let mut it = MemTableIterator::new(m.clone());
        it.seek_to_first();
        let mut fwd = Vec::new();
        while it.valid() {
            fwd.push(user_key(it.key()).to_vec());
            it.next();
        }
        assert_eq!(fwd, vec![b"a".to_vec(), b"b".to_vec(), b"c".to_vec()]);
        it.seek_to_last();
        assert_eq!(user_key(it.key()), b"c");
        it.prev();
        assert_eq!(user_key(it.key()), b"b");
        it.seek(&lookup_key(b"bb", 100));
        assert_eq!(user_key(it.key()), b"c");
        it.prev();
        it.prev();
        it.prev();
        assert!(!it.valid());
    }
}
