//! The table's bloom filter: one "full" filter over every user key and, when a prefix
//! extractor is set, every distinct key prefix.
//!
//! Layout (see `docs/format/sstable.md`): the filter is cache-line blocked: a key's 64-bit
//! hash picks one 512-bit line, and all `k` probes fall in that line (double hashing with an
//! odd step, so the probes are distinct), so a lookup touches one cache line. Whole keys and
//! prefixes are hashed with different seeds so a prefix never aliases a key.
//!
//! ```text
//! filter block = u8 kind (1) ++ u8 k ++ varint32 name_len ++ prefix extractor name
//!                ++ bit array (num_lines * 64 bytes, num_lines >= 1)
//! ```
//!
//! Invariant: a key (or prefix) added to the builder is always reported as possibly present
//! by the reader; [`BloomFilter::parse`] rejects any block it cannot read safely.

use crate::coding::{put_length_prefixed, Decoder};
use crate::{Error, Result};

const KIND_BLOCKED_512: u8 = 1;
const LINE_BYTES: usize = 64;
const LINE_BITS: u32 = 512;
/// Hash seed for whole user keys.
const SEED_KEY: u64 = 0x243f_6a88_85a3_08d3;
/// Hash seed for prefixes (a different domain from whole keys).
const SEED_PREFIX: u64 = 0x1319_8a2e_0370_7344;

const M0: u64 = 0xa076_1d64_78bd_642f;
const M1: u64 = 0xe703_7ed1_a0b4_28db;
const M2: u64 = 0x8ebc_6af0_9c88_c6e3;

/// Folds the 128-bit product of `a` and `b`.
#[inline]
fn fold_mul(a: u64, b: u64) -> u64 {
    let p = u128::from(a) * u128::from(b);
    (p as u64) ^ ((p >> 64) as u64)
}

/// A fast 64-bit hash of `data` (multiply-fold over 8-byte words). Not cryptographic;
/// stable across versions and platforms because it is part of the on-disk filter format.
pub fn hash64(data: &[u8], seed: u64) -> u64 {
    let mut h = seed ^ fold_mul(data.len() as u64 ^ M0, M1);
    let mut chunks = data.chunks_exact(8);
    for c in &mut chunks {
        let mut w = [0u8; 8];
        w.copy_from_slice(c);
        h = fold_mul(h ^ u64::from_le_bytes(w), M1);
    }
    let rest = chunks.remainder();
    if !rest.is_empty() {
        let mut w = [0u8; 8];
        w[..rest.len()].copy_from_slice(rest);
        h = fold_mul(h ^ u64::from_le_bytes(w), M2);
    }
    fold_mul(h ^ (h >> 29), M0)
}

/// Number of probes for `bits_per_key`: round(bits * ln 2), clamped to [1, 30].
pub fn num_probes(bits_per_key: u32) -> u32 {
    ((f64::from(bits_per_key) * std::f64::consts::LN_2).round() as u32).clamp(1, 30)
}

/// The byte and bit masks of the `k` probes for `h` in a filter of `num_lines` lines.
#[inline]
fn for_each_probe(h: u64, num_lines: usize, k: u32, mut f: impl FnMut(usize, u8) -> bool) -> bool {
    let line = ((h >> 32) * num_lines as u64) >> 32;
    let base = line as usize * LINE_BYTES;
    let mut pos = h as u32;
    let step = pos.rotate_left(15) | 1;
    for _ in 0..k {
        let bit = pos % LINE_BITS;
        if !f(base + (bit / 8) as usize, 1 << (bit % 8)) {
            return false;
        }
        pos = pos.wrapping_add(step);
    }
    true
}

/// Collects key and prefix hashes while a table is built.
#[derive(Debug)]
pub struct BloomBuilder {
    bits_per_key: u32,
    hashes: Vec<u64>,
}

impl BloomBuilder {
    /// A builder sizing the filter at `bits_per_key` (must be > 0) bits per added hash.
    pub fn new(bits_per_key: u32) -> Self {
        Self {
            bits_per_key: bits_per_key.max(1),
            hashes: Vec::new(),
        }
    }

    /// Adds a whole user key.
    pub fn add_key(&mut self, user_key: &[u8]) {
        self.hashes.push(hash64(user_key, SEED_KEY));
    }

    /// Adds a key prefix.
    pub fn add_prefix(&mut self, prefix: &[u8]) {
        self.hashes.push(hash64(prefix, SEED_PREFIX));
    }

    /// Number of hashes added.
    pub fn len(&self) -> usize {
        self.hashes.len()
    }

    /// True if nothing was added.
    pub fn is_empty(&self) -> bool {
        self.hashes.is_empty()
    }

    /// Encodes the filter block, recording `prefix_name` ("" if there is no extractor).
    pub fn finish(&self, prefix_name: &str) -> Vec<u8> {
        let bits = (self.hashes.len() as u64).saturating_mul(u64::from(self.bits_per_key));
        let num_lines = bits.div_ceil(u64::from(LINE_BITS)).max(1) as usize;
        let k = num_probes(self.bits_per_key);
        let mut out = vec![KIND_BLOCKED_512, k as u8];
        put_length_prefixed(&mut out, prefix_name.as_bytes());
        let start = out.len();
        out.resize(start + num_lines * LINE_BYTES, 0);
        let array = &mut out[start..];
        for &h in &self.hashes {
            for_each_probe(h, num_lines, k, |byte, mask| {
                array[byte] |= mask;
                true
            });
        }
        out
    }
}

/// A filter read from a table.
#[derive(Debug)]
pub struct BloomFilter {
    block: Vec<u8>,
    bits_start: usize,
    num_lines: usize,
    k: u32,
    prefix_name: String,
}

impl BloomFilter {
    /// Parses a filter block; malformed blocks are [`Error::Corruption`].
    pub fn parse(block: Vec<u8>) -> Result<Self> {
        let bad = || Error::corruption("bad filter block");
        let mut d = Decoder::new(&block);
        if d.u8() != Some(KIND_BLOCKED_512) {
            return Err(Error::corruption("unknown filter kind"));
        }
        let k = u32::from(d.u8().ok_or_else(bad)?);
        let name = d.length_prefixed().ok_or_else(bad)?;
        let prefix_name = std::str::from_utf8(name).map_err(|_| bad())?.to_owned();
        let bits = d.remaining().len();
        if !(1..=30).contains(&k) || bits == 0 || bits % LINE_BYTES != 0 {
            return Err(bad());
        }
        let bits_start = block.len() - bits;
        Ok(Self {
            block,
            bits_start,
            num_lines: bits / LINE_BYTES,
            k,
            prefix_name,
        })
    }

    /// The name of the prefix extractor the table was built with ("" if none).
    pub fn prefix_name(&self) -> &str {
        &self.prefix_name
    }

    /// Size of the filter in bytes.
    pub fn size(&self) -> usize {
        self.block.len()
    }

    #[inline]
    fn may_contain_hash(&self, h: u64) -> bool {
        let bits = self.block.get(self.bits_start..).unwrap_or_default();
        for_each_probe(h, self.num_lines, self.k, |byte, mask| {
            bits.get(byte).is_some_and(|b| b & mask != 0)
        })
    }

    /// False only if `user_key` was certainly not added.
    pub fn may_contain_key(&self, user_key: &[u8]) -> bool {
        self.may_contain_hash(hash64(user_key, SEED_KEY))
    }

    /// False only if `prefix` was certainly not added as a prefix.
    pub fn may_contain_prefix(&self, prefix: &[u8]) -> bool {
        self.may_contain_hash(hash64(prefix, SEED_PREFIX))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn key(i: u32) -> Vec<u8> {
        format!("user:{i:08}").into_bytes()
    }

    #[test]
    fn no_false_negatives_and_low_false_positive_rate() {
        let n = 10_000;
        let mut b = BloomBuilder::new(10);
        for i in 0..n {
            b.add_key(&key(i));
        }
        let f = BloomFilter::parse(b.finish("")).unwrap();
        assert_eq!(f.k, 7);
        assert!((0..n).all(|i| f.may_contain_key(&key(i))));
        let trials = 100_000;
        let fp = (n..n + trials)
            .filter(|&i| f.may_contain_key(&key(i)))
            .count();
        let rate = fp as f64 / f64::from(trials);
        assert!(rate < 0.02, "false positive rate {rate}");
        // Prefixes live in another hash domain.
        let hits = (0..n).filter(|&i| f.may_contain_prefix(&key(i))).count();
        assert!(hits < 300, "{hits} prefix hits for keys");
    }

    #[test]
    fn prefixes_and_names() {
        let mut b = BloomBuilder::new(10);
        b.add_prefix(b"tenant1");
        b.add_key(b"tenant1/a");
        let f = BloomFilter::parse(b.finish("cairn.fixed_prefix.7")).unwrap();
        assert_eq!(f.prefix_name(), "cairn.fixed_prefix.7");
        assert!(f.may_contain_prefix(b"tenant1"));
        assert!(f.may_contain_key(b"tenant1/a"));
        let misses = (0..1000)
            .filter(|i| f.may_contain_prefix(format!("other{i}").as_bytes()))
            .count();
        assert!(misses < 20);
        // An empty filter contains nothing.
        let e = BloomFilter::parse(BloomBuilder::new(10).finish("")).unwrap();
        assert!(!e.may_contain_key(b"x"));
    }

    #[test]
    fn probes_and_malformed_blocks() {
        assert_eq!(
            (
                num_probes(0),
                num_probes(1),
                num_probes(10),
                num_probes(100)
            ),
            (1, 1, 7, 30)
        );
        assert_ne!(hash64(b"", 0), hash64(b"\0", 0));
        assert_ne!(hash64(b"abcdefgh", 0), hash64(b"abcdefgh\0", 0));
        for bad in [
            vec![],
            vec![2, 7, 0],
            vec![1, 0, 0],
            vec![1, 31, 0],
            vec![1, 7, 0, 1],
            vec![1, 7, 5, b'a'],
        ] {
            assert!(BloomFilter::parse(bad).unwrap_err().is_corruption());
        }
        let mut ok = vec![1, 7, 0];
        ok.extend_from_slice(&[0xff; 64]);
        assert!(BloomFilter::parse(ok).unwrap().may_contain_key(b"anything"));
    }
}
