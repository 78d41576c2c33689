//! The user's view of the merged versions: one entry per live key at a snapshot.
//!
//! [`DbIterator`] walks a [`MergingIterator`] over every source (memtables, level-0 tables,
//! one [`super::LevelIterator`] per deeper level) and, for each user key, shows only the
//! newest version with a sequence number at or below the snapshot, hiding keys whose newest
//! such version is a tombstone. Keys are bounded to `[lower, upper)`.
//!
//! Direction follows LevelDB's `DBIter`: moving forward, the inner iterator sits *on* the
//! entry shown; moving backward, it sits just *before* all versions of the key shown, whose
//! key and value are then held in `saved_key`/`saved_value`.

use std::sync::Arc;

use super::{InternalIterator, MergingIterator};
use crate::key::{
    internal_key, lookup_key, parse_internal_key, SequenceNumber, ValueKind, MAX_SEQUENCE,
};
use crate::Result;

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Direction {
    Forward,
    Reverse,
}

/// A cursor over the live keys of the database at a snapshot, within bounds.
///
/// It keeps the memtables and tables it reads alive until dropped.
pub struct DbIterator {
    inner: MergingIterator,
    seq: SequenceNumber,
    lower: Option<Vec<u8>>,
    upper: Option<Vec<u8>>,
    direction: Direction,
    valid: bool,
    saved_key: Vec<u8>,
    saved_value: Vec<u8>,
    error: Option<crate::Error>,
    _pin: Arc<dyn std::any::Any + Send + Sync>,
}

impl DbIterator {
    /// Wraps `inner` (every source merged) to show the state at `seq` within
    /// `[lower, upper)`; `pin` keeps the sources alive.
    pub(crate) fn new(
        inner: MergingIterator,
        seq: SequenceNumber,
        lower: Option<Vec<u8>>,
        upper: Option<Vec<u8>>,
        pin: Arc<dyn std::any::Any + Send + Sync>,
    ) -> Self {
        Self {
            inner,
            seq,
            lower,
            upper,
            direction: Direction::Forward,
            valid: false,
            saved_key: Vec::new(),
            saved_value: Vec::new(),
            error: None,
            _pin: pin,
        }
    }

    /// True if positioned at a key.
    pub fn valid(&self) -> bool {
        self.valid
    }

    /// The current key. REQUIRES: `valid()`.
    pub fn key(&self) -> &[u8] {
        match self.direction {
            Direction::Forward => crate::key::user_key(self.inner.key()),
            Direction::Reverse => &self.saved_key,
        }
    }

    /// The current value. REQUIRES: `valid()`.
    pub fn value(&self) -> &[u8] {
        match self.direction {
            Direction::Forward => self.inner.value(),
            Direction::Reverse => &self.saved_value,
        }
    }

    /// The first error met (I/O or corruption); the iterator is invalid after one.
    pub fn status(&self) -> Result<()> {
        match &self.error {
            Some(e) => Err(e.clone()),
            None => self.inner.status(),
        }
    }

    /// Positions at the first key `>= target` (and `>= lower`).
    pub fn seek(&mut self, target: &[u8]) {
        let target = match &self.lower {
            Some(lo) if lo.as_slice() > target => lo.clone(),
            _ => target.to_vec(),
        };
        self.direction = Direction::Forward;
        self.inner.seek(&lookup_key(&target, self.seq));
        self.find_next_user_entry(false);
    }

    /// Positions at the last key `<= target` (and `< upper`).
    pub fn seek_for_prev(&mut self, target: &[u8]) {
        if let Some(up) = &self.upper {
            if target >= up.as_slice() {
                self.seek_to_last();
                return;
            }
        }
        // Past every version of `target`: its oldest possible version sorts last.
        self.inner
            .seek(&internal_key(target, 0, ValueKind::Deletion));
        while self.inner.valid() && crate::key::user_key(self.inner.key()) == target {
            self.inner.next();
        }
        if self.inner.valid() {
            self.inner.prev();
        } else {
            self.inner.seek_to_last();
        }
        self.direction = Direction::Reverse;
        self.find_prev_user_entry();
    }

    /// Positions at the first key in bounds.
    pub fn seek_to_first(&mut self) {
        match self.lower.clone() {
            Some(lo) => self.seek(&lo),
            None => {
                self.direction = Direction::Forward;
                self.inner.seek_to_first();
                self.find_next_user_entry(false);
            }
        }
    }

    /// Positions at the last key in bounds.
    pub fn seek_to_last(&mut self) {
        match &self.upper {
            Some(up) => {
                self.inner
                    .seek(&internal_key(up, MAX_SEQUENCE, ValueKind::Value));
                if self.inner.valid() {
                    self.inner.prev();
                } else {
                    self.inner.seek_to_last();
                }
            }
            None => self.inner.seek_to_last(),
        }
        self.direction = Direction::Reverse;
        self.find_prev_user_entry();
    }

    /// Moves to the next key. REQUIRES: `valid()`.
    pub fn next(&mut self) {
        if !self.valid {
            return;
        }
        if self.direction == Direction::Reverse {
            self.direction = Direction::Forward;
            // inner sits before every version of saved_key: step onto the entries >= it.
            if self.inner.valid() {
                self.inner.next();
            } else {
                self.inner.seek_to_first();
            }
        } else {
            self.saved_key.clear();
            self.saved_key
                .extend_from_slice(crate::key::user_key(self.inner.key()));
            self.inner.next();
        }
        self.find_next_user_entry(true);
    }

    /// Moves to the previous key. REQUIRES: `valid()`.
    pub fn prev(&mut self) {
        if !self.valid {
            return;
        }
        if self.direction == Direction::Forward {
            self.saved_key.clear();
            self.saved_key
                .extend_from_slice(crate::key::user_key(self.inner.key()));
            loop {
                self.inner.prev();
                if !self.inner.valid() {
                    self.valid = false;
                    self.saved_key.clear();
                    self.saved_value.clear();
                    return;
                }
                if crate::key::user_key(self.inner.key()) < self.saved_key.as_slice() {
                    break;
                }
            }
            self.direction = Direction::Reverse;
        }
        self.find_prev_user_entry();
    }

    /// Forward: settle on the newest visible live version at or after the inner position,
    /// skipping every version of `saved_key` when `skipping`.
    fn find_next_user_entry(&mut self, mut skipping: bool) {
        while self.inner.valid() {
            let Some(k) = parse_internal_key(self.inner.key()) else {
                self.fail("bad internal key");
                return;
            };
            if let Some(up) = &self.upper {
                if k.user_key >= up.as_slice() {
                    break;
                }
            }
            if k.seq <= self.seq {
                match k.kind {
                    ValueKind::Deletion => {
                        self.saved_key.clear();
                        self.saved_key.extend_from_slice(k.user_key);
                        skipping = true;
                    }
                    ValueKind::Value => {
                        if !(skipping && k.user_key <= self.saved_key.as_slice()) {
                            if self.inner_failed() {
                                return;
                            }
                            self.valid = true;
                            self.saved_key.clear();
                            return;
                        }
                    }
                }
            }
            self.inner.next();
        }
        self.saved_key.clear();
        self.valid = false;
    }

    /// Backward: collect the newest visible version of the key before the inner position.
    fn find_prev_user_entry(&mut self) {
        let mut kind = ValueKind::Deletion;
        while self.inner.valid() {
            let Some(k) = parse_internal_key(self.inner.key()) else {
                self.fail("bad internal key");
                return;
            };
            if k.seq <= self.seq {
                if kind != ValueKind::Deletion && k.user_key < self.saved_key.as_slice() {
                    break;
                }
                kind = k.kind;
                self.saved_key.clear();
                self.saved_value.clear();
                if kind == ValueKind::Value {
                    self.saved_key.extend_from_slice(k.user_key);
                    self.saved_value.extend_from_slice(self.inner.value());
                }
            }
            self.inner.prev();
        }
        let in_bounds = match &self.lower {
            Some(lo) => self.saved_key.as_slice() >= lo.as_slice(),
            None => true,
        };
        if kind == ValueKind::Deletion || !in_bounds || self.inner_failed() {
            self.valid = false;
            self.saved_key.clear();
            self.saved_value.clear();
            self.direction = Direction::Forward;
        } else {
            self.valid = true;
        }
    }

    /// True (and the iterator invalid) if a source has failed. A failed source drops out of
    /// the merge, so the entry the merge shows may be an older version that the failed
    /// source hides, or a key it deletes: it must not be shown.
    fn inner_failed(&mut self) -> bool {
        match self.inner.status() {
            Ok(()) => false,
            Err(e) => {
                self.error.get_or_insert(e);
                self.valid = false;
                true
            }
        }
    }

    fn fail(&mut self, msg: &str) {
        self.error.get_or_insert(crate::Error::corruption(msg));
        self.valid = false;
    }
}

/// A standard iterator over `(key, value)` pairs, forward or reverse.
pub struct Scan {
    it: DbIterator,
    reverse: bool,
    started: bool,
    done: bool,
}

impl Scan {
    pub(crate) fn new(it: DbIterator, reverse: bool) -> Self {
        Self {
            it,
            reverse,
            started: false,
            done: false,
        }
    }
}

impl Iterator for Scan {
    type Item = Result<(Vec<u8>, Vec<u8>)>;

    fn next(&mut self) -> Option<Self::Item> {
        if self.done {
            return None;
        }
        if !self.started {
            self.started = true;
            if self.reverse {
                self.it.seek_to_last();
            } else {
                self.it.seek_to_first();
            }
        } else if self.reverse {
            self.it.prev();
        } else {
            self.it.next();
        }
        if self.it.valid() {
            return Some(Ok((self.it.key().to_vec(), self.it.value().to_vec())));
        }
        self.done = true;
        self.it.status().err().map(Err)
    }
}
