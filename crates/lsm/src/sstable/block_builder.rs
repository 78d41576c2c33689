//! Builds data and index blocks: prefix-compressed entries with restart points.
//!
//! ```text
//! entry    = varint32 shared ++ varint32 non_shared ++ varint32 value_len
//!            ++ key[shared..] ++ value
//! block    = entry* ++ fixed32 restart[num_restarts] ++ fixed32 num_restarts
//! ```
//!
//! `shared` is the length of the prefix the key has in common with the previous key; every
//! `restart_interval`-th entry is a restart point with `shared = 0`, and its offset is
//! recorded in the restart array so readers can binary-search the block. Invariants: the
//! first restart is offset 0, restarts strictly increase, and keys are added in strictly
//! increasing order (the caller's contract; not checked here). A block with no entries is
//! encoded as a single restart at offset 0 (8 bytes).

use crate::coding::{put_fixed32, put_varint32};

/// Accumulates sorted entries into one encoded block.
#[derive(Debug)]
pub struct BlockBuilder {
    buf: Vec<u8>,
    restarts: Vec<u32>,
    restart_interval: usize,
    counter: usize,
    last_key: Vec<u8>,
    num_entries: usize,
    finished: bool,
}

impl BlockBuilder {
    /// An empty builder placing a restart point every `restart_interval` entries (min 1).
    pub fn new(restart_interval: usize) -> Self {
        Self {
            buf: Vec::new(),
            restarts: vec![0],
            restart_interval: restart_interval.max(1),
            counter: 0,
            last_key: Vec::new(),
            num_entries: 0,
            finished: false,
        }
    }

    /// Forgets everything added, keeping the allocations.
    pub fn reset(&mut self) {
        self.buf.clear();
        self.restarts.clear();
        self.restarts.push(0);
        self.counter = 0;
        self.last_key.clear();
        self.num_entries = 0;
        self.finished = false;
    }

    /// True if no entry was added since creation or the last reset.
    pub fn is_empty(&self) -> bool {
        self.num_entries == 0
    }

    /// Number of entries added.
    pub fn num_entries(&self) -> usize {
        self.num_entries
    }

    /// The last key added (empty if none).
    pub fn last_key(&self) -> &[u8] {
        &self.last_key
    }

    /// Size of the block if finished now.
    pub fn size_estimate(&self) -> usize {
        self.buf.len() + 4 * self.restarts.len() + 4
    }

    /// Appends an entry. REQUIRES: `key` sorts after every key added before, and
    /// [`finish`](Self::finish) has not been called since the last reset.
    pub fn add(&mut self, key: &[u8], value: &[u8]) {
        debug_assert!(!self.finished, "add after finish");
        let shared = if self.counter < self.restart_interval {
            self.last_key
                .iter()
                .zip(key)
                .take_while(|(a, b)| a == b)
                .count()
        } else {
            self.restarts.push(self.buf.len() as u32);
            self.counter = 0;
            0
        };
        let non_shared = &key[shared..];
        put_varint32(&mut self.buf, shared as u32);
        put_varint32(&mut self.buf, non_shared.len() as u32);
        put_varint32(&mut self.buf, value.len() as u32);
        self.buf.extend_from_slice(non_shared);
        self.buf.extend_from_slice(value);
        self.last_key.truncate(shared);
        self.last_key.extend_from_slice(non_shared);
        self.counter += 1;
        self.num_entries += 1;
    }

    /// Appends the restart array and returns the encoded block. It stays valid until the
    /// next [`reset`](Self::reset).
    pub fn finish(&mut self) -> &[u8] {
        if !self.finished {
            for &r in &self.restarts {
                put_fixed32(&mut self.buf, r);
            }
            put_fixed32(&mut self.buf, self.restarts.len() as u32);
            self.finished = true;
        }
        &self.buf
    }
}
