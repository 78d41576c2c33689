//! SSTables (sorted string tables): immutable files of internal keys and values, sorted by
//! [`crate::key::compare_internal`].
//!
//! A table is a run of data blocks followed by a filter block, an index block and a
//! fixed-size footer (byte diagrams: `docs/format/sstable.md`):
//!
//! ```text
//! [data block 0][trailer] ... [data block n-1][trailer]
//! [filter block][trailer]            (absent if bloom_bits_per_key == 0)
//! [index block][trailer]             (one entry per data block)
//! [footer: 48 bytes, ends with the magic "cairnSST"]
//! ```
//!
//! - [`TableBuilder`] writes a table from keys added in strictly increasing order and syncs
//!   it on [`TableBuilder::finish`].
//! - [`Table`] opens one (footer, index and filter are verified and kept in memory), answers
//!   point lookups ([`Table::get`]) and hands out two-level [`TableIterator`]s. Data blocks
//!   go through the optional [`crate::cache::BlockCache`].
//!
//! Invariants: every block carries a CRC32C, so a damaged byte is reported as
//! [`crate::Error::Corruption`] rather than returned as data; no decoder panics or loops on
//! malformed input (the `block_decoder` fuzz target in `crates/lsm/fuzz` checks the block
//! decoder); a table is readable whatever [`TableOptions`] it was built with, except that
//! the prefix filter is only consulted when the reader's prefix extractor has the name the
//! table recorded.

pub mod block;
pub mod block_builder;
pub mod bloom;
pub mod builder;
pub mod format;
pub mod options;
pub mod reader;

pub use block::{Block, BlockIter};
pub use block_builder::BlockBuilder;
pub use bloom::{BloomBuilder, BloomFilter};
pub use builder::{TableBuilder, TableSummary};
pub use format::{BlockHandle, Footer};
pub use options::{Compression, FixedPrefix, PrefixExtractor, TableOptions};
pub use reader::{Table, TableIterator};

/// Decodes `data` as a block and exercises every iterator operation on it; the body of the
/// `block_decoder` fuzz target. The first byte (if any) sizes a seek target taken from the
/// input. Must never panic, whatever the bytes. Returns the number of entries visited.
pub fn fuzz_block_decoder(data: &[u8]) -> usize {
    use crate::iter::InternalIterator as _;
    let (target, block) = match data.split_first() {
        Some((&n, rest)) if (n as usize % 24) <= rest.len() => rest.split_at(n as usize % 24),
        _ => (&[][..], data),
    };
    let Ok(block) = block::Block::new(block.to_vec()) else {
        return 0;
    };
    let block = std::sync::Arc::new(block);
    let bound = block.size() + 1;
    let mut it = block.iter();
    let mut visited = 0;
    let mut keys = Vec::new();
    it.seek_to_first();
    while it.valid() && visited < bound {
        if keys.len() < 64 {
            keys.push(it.key().to_vec());
        }
        std::hint::black_box(it.value());
        visited += 1;
        it.next();
    }
    assert!(visited < bound, "forward iteration did not terminate");
    let _ = it.status();
    it.seek_to_last();
    let mut steps = 0;
    while it.valid() && steps < bound {
        steps += 1;
        it.prev();
    }
    assert!(steps < bound, "backward iteration did not terminate");
    keys.push(target.to_vec());
    let mut scratch = Vec::new();
    for k in &keys {
        let mut it = block.iter();
        it.seek(k);
        for _ in 0..3 {
            if it.valid() {
                it.prev();
            }
        }
        for _ in 0..5 {
            if it.valid() {
                it.next();
            }
        }
        let _ = block.seek_ge(k, &mut scratch);
    }
    let _ = block.count_entries();
    for i in 0..block.num_restarts().min(64) {
        let _ = block.restart_entry(i);
        let mut it = block.iter();
        it.seek_to_restart_entry(i);
        if it.valid() {
            it.prev();
        }
    }
    visited
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::cache::BlockCache;
    use crate::fs::{FileSystem, MemFs, RandomAccessFile};
    use crate::iter::InternalIterator;
    use crate::key::{
        internal_key, lookup_key, parse_internal_key, user_key, ValueKind, MAX_SEQUENCE,
    };
    use crate::{Error, Result};
    use std::path::Path;
    use std::sync::Arc;

    /// A read-only file over a byte vector, for damaged copies of tables.
    struct BytesFile(Vec<u8>);
    impl RandomAccessFile for BytesFile {
        fn read_exact_at(&self, buf: &mut [u8], offset: u64) -> Result<()> {
            let src = usize::try_from(offset)
                .ok()
                .and_then(|o| self.0.get(o..o + buf.len()));
            buf.copy_from_slice(src.ok_or_else(|| Error::corruption("short read"))?);
            Ok(())
        }
        fn len(&self) -> u64 {
            self.0.len() as u64
        }
    }

    fn ukey(i: usize) -> Vec<u8> {
        format!("user{:07}", i * 2).into_bytes()
    }

    /// Entries for `n` user keys, each with versions at sequences 30, 20 and 10 (the middle
    /// one a tombstone), sorted by internal key.
    fn entries(n: usize) -> Vec<(Vec<u8>, Vec<u8>)> {
        let mut out = Vec::new();
        for i in 0..n {
            for (seq, kind) in [
                (30, ValueKind::Value),
                (20, ValueKind::Deletion),
                (10, ValueKind::Value),
            ] {
                let v = if kind == ValueKind::Value {
                    format!("value-{i}-{seq}-{}", "x".repeat(i % 50))
                } else {
                    String::new()
                };
                out.push((internal_key(&ukey(i), seq, kind), v.into_bytes()));
            }
        }
        out
    }

    fn build(fs: &MemFs, name: &str, es: &[(Vec<u8>, Vec<u8>)], opts: &TableOptions) -> Vec<u8> {
        let mut b = TableBuilder::new(fs.create(Path::new(name)).unwrap(), opts.clone());
        for (k, v) in es {
            b.add(k, v).unwrap();
        }
        let size_before = b.estimated_size();
        let s = b.finish().unwrap();
        assert!(s.file_size >= size_before);
        assert_eq!(s.num_entries, es.len() as u64);
        if let (Some(first), Some(last)) = (es.first(), es.last()) {
            assert_eq!((&s.smallest, &s.largest), (&first.0, &last.0));
        }
        let bytes = fs.read_all(Path::new(name)).unwrap();
        assert_eq!(bytes.len() as u64, s.file_size);
        bytes
    }

    fn open(
        bytes: Vec<u8>,
        opts: &TableOptions,
        cache: Option<Arc<BlockCache>>,
    ) -> Result<Arc<Table>> {
        Table::open(Arc::new(BytesFile(bytes)), 1, cache, opts)
    }

    fn check_table(t: &Arc<Table>, es: &[(Vec<u8>, Vec<u8>)]) {
        let mut it = t.iter();
        it.seek_to_first();
        for (k, v) in es {
            assert!(it.valid());
            assert_eq!((it.key(), it.value()), (&k[..], &v[..]));
            it.next();
        }
        assert!(!it.valid());
        it.seek_to_last();
        for (k, v) in es.iter().rev() {
            assert_eq!((it.key(), it.value()), (&k[..], &v[..]));
            it.prev();
        }
        assert!(!it.valid());
        it.status().unwrap();
        for (i, (k, v)) in es.iter().enumerate().step_by(7) {
            it.seek(k);
            assert_eq!((it.key(), it.value()), (&k[..], &v[..]));
            it.prev();
            if i > 0 {
                assert_eq!(it.key(), &es[i - 1].0[..]);
                it.next();
            } else {
                assert!(!it.valid());
                it.seek(k);
            }
            it.next();
            assert_eq!(it.valid(), i + 1 < es.len());
        }
    }

    #[test]
    fn round_trip_many_blocks_with_and_without_lz4() {
        let es = entries(12_000); // 36k entries
        for compression in [Compression::None, Compression::Lz4] {
            let fs = MemFs::new();
            let opts = TableOptions {
                compression,
                ..Default::default()
            };
            let bytes = build(&fs, "t", &es, &opts);
            let t = open(bytes, &opts, None).unwrap();
            assert!(t.num_data_blocks() > 100, "{} blocks", t.num_data_blocks());
            check_table(&t, &es);
        }
    }

    #[test]
    fn get_finds_newest_visible_version() {
        let es = entries(3000);
        let opts = TableOptions {
            block_size: 256,
            ..Default::default()
        };
        let t = open(build(&MemFs::new(), "t", &es, &opts), &opts, None).unwrap();
        for i in 0..3000 {
            for (snap, want) in [
                (MAX_SEQUENCE, Some(30)),
                (30, Some(30)),
                (25, Some(20)),
                (19, Some(10)),
                (10, Some(10)),
                (9, None),
            ] {
                let got = t.get(&lookup_key(&ukey(i), snap)).unwrap();
                let seq = got
                    .as_ref()
                    .map(|(k, _)| parse_internal_key(k).unwrap().seq);
                assert_eq!(seq, want, "key {i} at {snap}");
                if let Some((k, v)) = got {
                    let e = es.iter().find(|e| e.0 == k).unwrap();
                    assert_eq!(v, e.1);
                }
            }
            // Absent keys sort between present ones.
            let absent = format!("user{:07}", i * 2 + 1).into_bytes();
            assert!(t.get(&lookup_key(&absent, MAX_SEQUENCE)).unwrap().is_none());
        }
        assert!(t.get(&lookup_key(b"zzz", 5)).unwrap().is_none());
        assert!(t.get(&lookup_key(b"", 5)).unwrap().is_none());
        let fp = (0..10_000)
            .filter(|i| t.may_contain(format!("nope{i}").as_bytes()))
            .count();
        assert!(fp < 200, "{fp}");
    }

    #[test]
    fn prefix_filter_skips_only_with_same_extractor() {
        let mut es = Vec::new();
        for p in ["aaaa", "bbbb", "cccc"] {
            for i in 0..100 {
                es.push((
                    internal_key(format!("{p}{i:03}").as_bytes(), 1, ValueKind::Value),
                    b"v".to_vec(),
                ));
            }
        }
        let built = TableOptions {
            prefix_extractor: Some(Arc::new(FixedPrefix(4))),
            ..Default::default()
        };
        let bytes = build(&MemFs::new(), "t", &es, &built);
        let t = open(bytes.clone(), &built, None).unwrap();
        assert!(["aaaa", "bbbb", "cccc"]
            .iter()
            .all(|p| t.may_contain_prefix(p.as_bytes())));
        let skipped = (0..1000)
            .filter(|i| !t.may_contain_prefix(format!("{i:04}").as_bytes()))
            .count();
        assert!(skipped > 950, "{skipped}");
        check_table(&t, &es);
        for other in [
            None,
            Some(Arc::new(FixedPrefix(5)) as Arc<dyn crate::sstable::PrefixExtractor>),
        ] {
            let t = open(
                bytes.clone(),
                &TableOptions {
                    prefix_extractor: other,
                    ..Default::default()
                },
                None,
            )
            .unwrap();
            assert!((0..100).all(|i| t.may_contain_prefix(format!("{i:04}").as_bytes())));
        }
        let no_filter = TableOptions {
            bloom_bits_per_key: 0,
            ..built
        };
        let t = open(build(&MemFs::new(), "u", &es, &no_filter), &no_filter, None).unwrap();
        assert!(t.may_contain_prefix(b"zzzz") && t.may_contain(b"zzzz"));
        check_table(&t, &es);
    }

    #[test]
    fn block_cache_hits_and_evicts() {
        let es = entries(2000);
        let opts = TableOptions::default();
        let bytes = build(&MemFs::new(), "t", &es, &opts);
        let cache = Arc::new(BlockCache::new(1 << 20));
        let t = open(bytes.clone(), &opts, Some(cache.clone())).unwrap();
        assert_eq!(cache.usage(), 0);
        let k = lookup_key(&ukey(500), MAX_SEQUENCE);
        let first = t.get(&k).unwrap();
        let used = cache.usage();
        assert!(used > 0);
        assert_eq!(t.get(&k).unwrap(), first);
        assert_eq!(cache.usage(), used);
        check_table(&t, &es);
        let small = Arc::new(BlockCache::new(16 * 10_000));
        let t = open(bytes, &opts, Some(small.clone())).unwrap();
        check_table(&t, &es);
        assert!(small.usage() <= small.capacity() && small.usage() > 0);
        small.erase_file(1);
        assert_eq!(small.usage(), 0);
    }

    #[test]
    fn empty_and_short_tables() {
        let opts = TableOptions::default();
        let t = open(build(&MemFs::new(), "t", &[], &opts), &opts, None).unwrap();
        let mut it = t.iter();
        it.seek_to_first();
        assert!(!it.valid());
        it.seek_to_last();
        assert!(!it.valid());
        assert!(t.get(&lookup_key(b"a", 1)).unwrap().is_none());
        for len in [0, 10, 47, 48] {
            assert!(open(vec![0; len], &opts, None).unwrap_err().is_corruption());
        }
    }

    /// Flips every byte of a small table in turn: each damaged copy must report corruption
    /// somewhere (open, get or iteration) and never return wrong data.
    #[test]
    fn every_flipped_byte_is_detected() {
        let es = entries(40);
        for compression in [Compression::None, Compression::Lz4] {
            let opts = TableOptions {
                block_size: 200,
                compression,
                ..Default::default()
            };
            let good = build(&MemFs::new(), "t", &es, &opts);
            for pos in 0..good.len() {
                let mut bad = good.clone();
                bad[pos] ^= 0x41;
                let t = match open(bad, &opts, None) {
                    Err(e) => {
                        assert!(e.is_corruption(), "{pos}: {e}");
                        continue;
                    }
                    Ok(t) => t,
                };
                let mut detected = false;
                for (k, v) in &es {
                    match t.get(k) {
                        Ok(got) => assert_eq!(got, Some((k.clone(), v.clone())), "byte {pos}"),
                        Err(e) => detected |= e.is_corruption(),
                    }
                }
                let mut it = t.iter();
                it.seek_to_first();
                let mut n = 0;
                while it.valid() {
                    assert_eq!(
                        (it.key(), it.value()),
                        (&es[n].0[..], &es[n].1[..]),
                        "byte {pos}"
                    );
                    n += 1;
                    it.next();
                }
                assert!(n == es.len() || it.status().unwrap_err().is_corruption());
                assert!(detected && n < es.len(), "flip at {pos} went unnoticed");
            }
        }
    }

    /// Random keys of random lengths (no shared prefix, some empty user keys) with several
    /// versions each, tiny blocks: `get` and `seek` agree with a sorted reference, with the
    /// index search structure and with the generic index-block search.
    #[test]
    fn random_keys_match_reference() {
        use rand::{Rng, SeedableRng};
        let mut rng = rand::rngs::SmallRng::seed_from_u64(11);
        let rand_key = |rng: &mut rand::rngs::SmallRng| -> Vec<u8> {
            let len = rng.gen_range(0..12);
            (0..len)
                .map(|_| b"ab\x00\xff"[rng.gen_range(0..4)])
                .collect()
        };
        let mut es: Vec<(Vec<u8>, Vec<u8>)> = (0..3000)
            .map(|i| {
                let k = rand_key(&mut rng);
                (
                    internal_key(&k, rng.gen_range(0..4), ValueKind::Value),
                    format!("{i}").into_bytes(),
                )
            })
            .collect();
        es.sort_by(|a, b| crate::key::compare_internal(&a.0, &b.0));
        es.dedup_by(|a, b| a.0 == b.0);
        let opts = TableOptions {
            block_size: 128,
            restart_interval: 3,
            ..Default::default()
        };
        let bytes = build(&MemFs::new(), "t", &es, &opts);
        let fast = open(bytes.clone(), &opts, None).unwrap();
        let mut slow = open(bytes, &opts, None).unwrap();
        Table::drop_index_search(&mut slow);
        for t in [&fast, &slow] {
            check_table(t, &es);
            let mut it = t.iter();
            for _ in 0..3000 {
                let target = lookup_key(&rand_key(&mut rng), rng.gen_range(0..4));
                let i = es.partition_point(|e| crate::key::compare_internal(&e.0, &target).is_lt());
                let want = es
                    .get(i)
                    .filter(|e| user_key(&e.0) == user_key(&target))
                    .cloned();
                assert_eq!(t.get(&target).unwrap(), want);
                it.seek(&target);
                match es.get(i) {
                    Some(e) => assert_eq!((it.key(), it.value()), (&e.0[..], &e.1[..])),
                    None => assert!(!it.valid()),
                }
            }
        }
    }

    #[test]
    fn random_bytes_never_panic() {
        use rand::{Rng, SeedableRng};
        let mut rng = rand::rngs::SmallRng::seed_from_u64(7);
        let valid = {
            let mut b = BlockBuilder::new(5);
            for i in 0..60u64 {
                b.add(
                    &internal_key(format!("key{i:04}").as_bytes(), i, ValueKind::Value),
                    b"value",
                );
            }
            b.finish().to_vec()
        };
        for round in 0..4000 {
            let input: Vec<u8> = if round % 2 == 0 {
                let len = rng.gen_range(0..200);
                let mut v: Vec<u8> = (0..len).map(|_| rng.gen()).collect();
                if len > 8 && round % 4 == 0 {
                    // Make the restart array plausible so entries get decoded.
                    let k = len - 8;
                    v[k..k + 4].copy_from_slice(&0u32.to_le_bytes());
                    v[len - 4..].copy_from_slice(&1u32.to_le_bytes());
                }
                v
            } else {
                let mut v = valid.clone();
                for _ in 0..rng.gen_range(1..4) {
                    let i = rng.gen_range(0..v.len());
                    v[i] = rng.gen();
                }
                v.insert(0, rng.gen());
                v
            };
            fuzz_block_decoder(&input);
        }
        let mut whole = vec![0u8];
        whole.extend_from_slice(&valid);
        assert_eq!(fuzz_block_decoder(&whole), 60);
    }
}
