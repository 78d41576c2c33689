//! A decoded block (data or index) and its iterator.
//!
//! The encoding is described in [`super::block_builder`] and `docs/format/sstable.md`.
//! [`Block::new`] validates the restart array (count fits, first restart is 0, restarts
//! strictly increase and lie inside the entry area), so restart lookups never fail later.
//! Entries are decoded lazily and every decode is bounds-checked: malformed entries surface
//! as [`Error::Corruption`] from the iterator's `status()` (the iterator becomes invalid),
//! never as a panic or an endless loop. Keys compare with [`crate::key::compare_internal`].

use std::cmp::Ordering;
use std::ops::Range;
use std::sync::Arc;

use crate::coding::{decode_fixed32, Decoder};
use crate::iter::InternalIterator;
use crate::key::compare_internal;
use crate::{Error, Result};

/// A block's bytes with its parsed restart array.
#[derive(Debug)]
pub struct Block {
    data: Vec<u8>,
    /// Offset of the restart array: the end of the entries.
    restart_offset: usize,
    num_restarts: usize,
}

/// Where [`Block::seek_ge`] found the key: in the block, or rebuilt in the caller's scratch.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum KeyLocation {
    /// The key is `block.data()[range]` (a restart-point or unshared key).
    InBlock(Range<usize>),
    /// The key was rebuilt into the scratch buffer passed to [`Block::seek_ge`].
    Scratch,
}

fn corrupt(what: &str) -> Error {
    Error::corruption(format!("bad block: {what}"))
}

/// Decodes the entry header at `off` with entries ending at `limit`: returns
/// `(shared, non_shared, value_len, header_len)`, with the entry known to fit before `limit`.
#[inline]
fn decode_entry(data: &[u8], off: usize, limit: usize) -> Option<(usize, usize, usize, usize)> {
    let p = data.get(off..limit)?;
    let (shared, non_shared, value_len, header) = match p {
        [a, b, c, ..] if (a | b | c) < 0x80 => (*a as usize, *b as usize, *c as usize, 3),
        _ => {
            let mut d = Decoder::new(p);
            let (a, b, c) = (d.varint32()?, d.varint32()?, d.varint32()?);
            (
                a as usize,
                b as usize,
                c as usize,
                p.len() - d.remaining().len(),
            )
        }
    };
    let len = header.checked_add(non_shared)?.checked_add(value_len)?;
    (len <= p.len()).then_some((shared, non_shared, value_len, header))
}

impl Block {
    /// Parses a block, validating its restart array. Never panics on garbage.
    pub fn new(data: Vec<u8>) -> Result<Self> {
        let n = data.len();
        let num_restarts = decode_fixed32(data.get(n.wrapping_sub(4)..).unwrap_or_default())
            .ok_or_else(|| corrupt("shorter than 4 bytes"))? as usize;
        if num_restarts == 0 || num_restarts > (n - 4) / 4 {
            return Err(corrupt("bad restart count"));
        }
        let restart_offset = n - 4 - 4 * num_restarts;
        let block = Self {
            data,
            restart_offset,
            num_restarts,
        };
        let mut prev = None;
        for i in 0..num_restarts {
            let r = block.restart_point(i);
            let ok = match prev {
                None => r == 0,
                Some(p) => r > p && r < restart_offset,
            };
            if !ok {
                return Err(corrupt("restart points out of order"));
            }
            prev = Some(r);
        }
        Ok(block)
    }

    /// The whole encoded block (entries and restart array).
    pub fn data(&self) -> &[u8] {
        &self.data
    }

    /// Size of the block's bytes (its charge in the block cache).
    pub fn size(&self) -> usize {
        self.data.len()
    }

    /// True if the block has no entries.
    pub fn is_empty(&self) -> bool {
        self.restart_offset == 0
    }

    /// An iterator over the block.
    pub fn iter(self: &Arc<Self>) -> BlockIter {
        BlockIter::new(self.clone())
    }

    /// Offset of restart `i`. REQUIRES `i < num_restarts` (validated array: never fails).
    #[inline]
    fn restart_point(&self, i: usize) -> usize {
        let at = self.restart_offset + 4 * i;
        decode_fixed32(self.data.get(at..).unwrap_or_default())
            .map_or(self.restart_offset, |r| r as usize)
    }

    /// Number of restart points (at least 1).
    pub fn num_restarts(&self) -> usize {
        self.num_restarts
    }

    /// Number of entries; decodes the whole block (corruption if it is malformed).
    pub fn count_entries(&self) -> Result<usize> {
        let (mut off, mut n) = (0, 0);
        while off < self.restart_offset {
            let (_, non_shared, value_len, header) =
                decode_entry(&self.data, off, self.restart_offset)
                    .ok_or_else(|| corrupt("truncated entry"))?;
            off += header + non_shared + value_len;
            n += 1;
        }
        Ok(n)
    }

    /// The key and value of the entry at restart `i` (`i < num_restarts()`), which must not
    /// share bytes with a previous key.
    #[inline]
    pub fn restart_entry(&self, i: usize) -> Result<(&[u8], &[u8])> {
        let off = self.restart_point(i);
        match decode_entry(&self.data, off, self.restart_offset) {
            Some((0, non_shared, value_len, header)) => {
                let k = off + header;
                let v = k + non_shared;
                match (self.data.get(k..v), self.data.get(v..v + value_len)) {
                    (Some(key), Some(value)) => Ok((key, value)),
                    _ => Err(corrupt("entry")),
                }
            }
            _ => Err(corrupt("bad entry at restart point")),
        }
    }

    #[inline]
    fn restart_key(&self, i: usize) -> Result<&[u8]> {
        Ok(self.restart_entry(i)?.0)
    }

    /// The last restart whose key is `< target`, or 0: where a scan for `target` starts.
    fn find_restart(&self, target: &[u8]) -> Result<usize> {
        let (mut lo, mut hi) = (0, self.num_restarts - 1);
        while lo < hi {
            let mid = lo + (hi - lo).div_ceil(2);
            if compare_internal(self.restart_key(mid)?, target) == Ordering::Less {
                lo = mid;
            } else {
                hi = mid - 1;
            }
        }
        Ok(lo)
    }

    /// Finds the first entry with key `>= target` without building an iterator. The key is
    /// returned by location (no copy when it is stored whole in the block; otherwise it is
    /// rebuilt in `scratch`), the value as a range of [`data`](Self::data).
    pub fn seek_ge(
        &self,
        target: &[u8],
        scratch: &mut Vec<u8>,
    ) -> Result<Option<(KeyLocation, Range<usize>)>> {
        if self.is_empty() {
            return Ok(None);
        }
        let limit = self.restart_offset;
        let mut off = self.restart_point(self.find_restart(target)?);
        let mut in_block: Option<Range<usize>> = None;
        scratch.clear();
        while off < limit {
            let (shared, non_shared, value_len, header) =
                decode_entry(&self.data, off, limit).ok_or_else(|| corrupt("truncated entry"))?;
            let ks = off + header;
            let delta = self
                .data
                .get(ks..ks + non_shared)
                .ok_or_else(|| corrupt("key"))?;
            if shared == 0 {
                in_block = Some(ks..ks + non_shared);
            } else {
                if let Some(r) = in_block.take() {
                    scratch.clear();
                    scratch.extend_from_slice(self.data.get(r).unwrap_or_default());
                }
                if shared > scratch.len() {
                    return Err(corrupt("shared prefix longer than previous key"));
                }
                scratch.truncate(shared);
                scratch.extend_from_slice(delta);
            }
            let key = match &in_block {
                Some(r) => self.data.get(r.clone()).unwrap_or_default(),
                None => scratch.as_slice(),
            };
            let value = ks + non_shared..ks + non_shared + value_len;
            if compare_internal(key, target) != Ordering::Less {
                return Ok(Some((
                    in_block.map_or(KeyLocation::Scratch, KeyLocation::InBlock),
                    value,
                )));
            }
            off = value.end;
        }
        Ok(None)
    }
}

/// A cursor over one block; owns an `Arc<Block>` and a reusable key buffer. Values are
/// ranges into the block (never copied).
pub struct BlockIter {
    block: Arc<Block>,
    /// Offset of the current entry; `block.restart_offset` when invalid.
    current: usize,
    /// Offset just past the current entry.
    next: usize,
    /// The restart region containing `current`.
    restart_index: usize,
    key: Vec<u8>,
    value: Range<usize>,
    err: Option<Error>,
}

impl BlockIter {
    /// An unpositioned iterator over `block`.
    pub fn new(block: Arc<Block>) -> Self {
        let end = block.restart_offset;
        Self {
            block,
            current: end,
            next: end,
            restart_index: 0,
            key: Vec::new(),
            value: 0..0,
            err: None,
        }
    }

    /// Switches to another block, keeping the key buffer's allocation. Unpositioned after.
    pub fn reset(&mut self, block: Arc<Block>) {
        self.current = block.restart_offset;
        self.next = self.current;
        self.block = block;
        self.restart_index = 0;
        self.key.clear();
        self.value = 0..0;
        self.err = None;
    }

    /// Positions at the entry of restart point `i` (used when the caller located the entry
    /// itself, e.g. through a table's index search); invalid if `i >= num_restarts()`.
    pub fn seek_to_restart_entry(&mut self, i: usize) {
        if i >= self.block.num_restarts || self.err.is_some() {
            return self.invalidate();
        }
        self.seek_to_restart(i);
        self.parse_next();
    }

    /// The block being iterated.
    pub fn block(&self) -> &Arc<Block> {
        &self.block
    }

    fn invalidate(&mut self) {
        self.current = self.block.restart_offset;
        self.next = self.current;
    }

    fn fail(&mut self, e: Error) {
        self.err.get_or_insert(e);
        self.invalidate();
    }

    fn seek_to_restart(&mut self, i: usize) {
        self.key.clear();
        self.restart_index = i;
        self.next = self.block.restart_point(i);
    }

    /// Decodes the entry at `self.next`; false (invalid) at the end or on corruption.
    fn parse_next(&mut self) -> bool {
        let limit = self.block.restart_offset;
        self.current = self.next;
        if self.current >= limit || self.err.is_some() {
            self.invalidate();
            return false;
        }
        let data = &self.block.data;
        let Some((shared, non_shared, value_len, header)) = decode_entry(data, self.current, limit)
        else {
            self.fail(corrupt("truncated entry"));
            return false;
        };
        let ks = self.current + header;
        match data.get(ks..ks + non_shared) {
            Some(delta) if shared <= self.key.len() => {
                self.key.truncate(shared);
                self.key.extend_from_slice(delta);
            }
            _ => {
                self.fail(corrupt("shared prefix longer than previous key"));
                return false;
            }
        }
        self.value = ks + non_shared..ks + non_shared + value_len;
        self.next = self.value.end;
        while self.restart_index + 1 < self.block.num_restarts
            && self.block.restart_point(self.restart_index + 1) <= self.current
        {
            self.restart_index += 1;
        }
        true
    }
}

impl InternalIterator for BlockIter {
    fn valid(&self) -> bool {
        self.current < self.block.restart_offset
    }

    fn seek_to_first(&mut self) {
        self.seek_to_restart(0);
        self.parse_next();
    }

    fn seek_to_last(&mut self) {
        self.seek_to_restart(self.block.num_restarts - 1);
        while self.parse_next() && self.next < self.block.restart_offset {}
    }

    fn seek(&mut self, target: &[u8]) {
        if self.err.is_some() {
            return self.invalidate();
        }
        match self.block.find_restart(target) {
            Ok(i) => self.seek_to_restart(i),
            Err(e) => return self.fail(e),
        }
        while self.parse_next() {
            if compare_internal(&self.key, target) != Ordering::Less {
                return;
            }
        }
    }

    fn next(&mut self) {
        if self.valid() {
            self.parse_next();
        }
    }

    fn prev(&mut self) {
        if !self.valid() {
            return;
        }
        let original = self.current;
        while self.block.restart_point(self.restart_index) >= original {
            if self.restart_index == 0 {
                return self.invalidate();
            }
            self.restart_index -= 1;
        }
        self.seek_to_restart(self.restart_index);
        loop {
            if !self.parse_next() {
                return;
            }
            if self.next >= original {
                if self.next != original {
                    self.fail(corrupt("entries overlap a restart point"));
                }
                return;
            }
        }
    }

    fn key(&self) -> &[u8] {
        &self.key
    }

    fn value(&self) -> &[u8] {
        self.block.data.get(self.value.clone()).unwrap_or_default()
    }

    fn status(&self) -> Result<()> {
        self.err.clone().map_or(Ok(()), Err)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::key::{internal_key, ValueKind};
    use crate::sstable::BlockBuilder;

    fn ikey(i: usize) -> Vec<u8> {
        internal_key(
            format!("key{:06}", i * 3).as_bytes(),
            i as u64,
            ValueKind::Value,
        )
    }

    fn build(n: usize, interval: usize) -> Arc<Block> {
        let mut b = BlockBuilder::new(interval);
        for i in 0..n {
            b.add(&ikey(i), format!("v{i}").as_bytes());
        }
        Arc::new(Block::new(b.finish().to_vec()).unwrap())
    }

    fn collect_fwd(it: &mut BlockIter) -> Vec<Vec<u8>> {
        let mut out = Vec::new();
        it.seek_to_first();
        while it.valid() {
            out.push(it.key().to_vec());
            it.next();
        }
        out
    }

    #[test]
    fn round_trip_both_directions() {
        for interval in [1, 2, 16] {
            for n in [0, 1, 2, 15, 16, 17, 100] {
                let block = build(n, interval);
                assert_eq!(block.is_empty(), n == 0);
                let mut it = block.iter();
                assert_eq!(collect_fwd(&mut it), (0..n).map(ikey).collect::<Vec<_>>());
                it.seek_to_last();
                for i in (0..n).rev() {
                    assert!(it.valid());
                    assert_eq!(
                        (it.key(), it.value()),
                        (&ikey(i)[..], format!("v{i}").as_bytes())
                    );
                    it.prev();
                }
                assert!(!it.valid());
                it.status().unwrap();
            }
        }
    }

    #[test]
    fn seek_lands_on_first_key_at_or_after_target() {
        let n = 100;
        let block = build(n, 16);
        let mut it = block.iter();
        let mut scratch = Vec::new();
        for probe in 0..3 * n + 3 {
            // Keys are key{3i}; probe key{probe} sits on or between them.
            let target = internal_key(
                format!("key{probe:06}").as_bytes(),
                u64::MAX >> 8,
                ValueKind::Value,
            );
            let want = probe.div_ceil(3);
            it.seek(&target);
            let got = block.seek_ge(&target, &mut scratch).unwrap();
            if want >= n {
                assert!(!it.valid());
                assert!(got.is_none());
                continue;
            }
            assert_eq!(it.key(), &ikey(want)[..]);
            let (loc, v) = got.unwrap();
            let key = match loc {
                KeyLocation::InBlock(r) => &block.data()[r],
                KeyLocation::Scratch => &scratch[..],
            };
            assert_eq!((key, &block.data()[v]), (&ikey(want)[..], it.value()));
            // Step around across restart points.
            it.prev();
            if want == 0 {
                assert!(!it.valid());
                continue;
            }
            assert_eq!(it.key(), &ikey(want - 1)[..]);
            it.next();
            it.next();
            if want + 1 < n {
                assert_eq!(it.key(), &ikey(want + 1)[..]);
            } else {
                assert!(!it.valid());
            }
        }
    }

    #[test]
    fn malformed_blocks_are_rejected() {
        for bad in [
            &[][..],
            &[1, 0, 0],
            &[0, 0, 0, 0],
            &[0, 0, 0, 0, 2, 0, 0, 0],
            &[9, 9, 9, 9, 1, 0, 0, 0],
        ] {
            assert!(
                Block::new(bad.to_vec()).unwrap_err().is_corruption(),
                "{bad:?}"
            );
        }
        // An empty block is valid and yields nothing.
        let empty = Arc::new(Block::new(vec![0, 0, 0, 0, 1, 0, 0, 0]).unwrap());
        let mut it = empty.iter();
        it.seek_to_last();
        assert!(!it.valid());
        it.seek(b"anything");
        assert!(!it.valid());
        it.status().unwrap();
        // Restarts must strictly increase and stay inside the entries.
        let mut b = build(40, 4).data().to_vec();
        let n = b.len();
        b[n - 8..n - 4].copy_from_slice(&(n as u32).to_le_bytes());
        assert!(Block::new(b).is_err());
        // Truncated entries surface through status().
        let good = build(40, 4);
        let mut data = good.data().to_vec();
        data[0] = 0xff; // shared length becomes a multi-byte varint: garbage
        data[1] = 0x7f;
        let bad = Arc::new(Block::new(data).unwrap());
        let mut it = bad.iter();
        it.seek_to_first();
        assert!(!it.valid());
        assert!(it.status().unwrap_err().is_corruption());
    }
}
