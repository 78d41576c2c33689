//! The block cache: a sharded LRU of decoded data blocks, keyed by (file number, offset).
//!
//! Capacity is in bytes; an entry's charge is its block's size ([`Block::size`]). The key
//! space is split over 16 shards by a hash of the key, each an independent LRU with a
//! sixteenth of the capacity behind its own mutex, so concurrent readers rarely contend.
//! Invariants: a shard's usage never exceeds its capacity after an insert returns (a block
//! larger than a shard's capacity is simply not cached); entries are `Arc`s, so evicting a
//! block that a reader still holds only drops the cache's reference.
//!
//! File numbers are never reused by the engine, so entries of deleted tables are harmless;
//! [`BlockCache::erase_file`] frees them early at the cost of a scan of every shard.

use std::collections::HashMap;
use std::hash::{BuildHasherDefault, Hasher};
use std::sync::Arc;

use parking_lot::Mutex;

use crate::sstable::Block;

const NUM_SHARDS: usize = 16;
/// Index of the list sentinel in every shard's node array.
const SENTINEL: usize = 0;

type Key = (u64, u64);

/// A multiply-xorshift hasher for `(u64, u64)` keys (SipHash is needlessly slow here).
#[derive(Default)]
struct KeyHasher(u64);

impl Hasher for KeyHasher {
    fn finish(&self) -> u64 {
        let h = self.0.wrapping_mul(0x9e37_79b9_7f4a_7c15);
        h ^ (h >> 31)
    }
    fn write(&mut self, bytes: &[u8]) {
        for &b in bytes {
            self.write_u64(u64::from(b));
        }
    }
    fn write_u64(&mut self, v: u64) {
        self.0 = (self.0.rotate_left(23) ^ v).wrapping_mul(0xbf58_476d_1ce4_e5b9);
    }
}

fn shard_of(key: Key) -> usize {
    let mut h = KeyHasher::default();
    h.write_u64(key.0);
    h.write_u64(key.1);
    // Bits 32..36: the map inside the shard uses the lowest bits (bucket) and the top 7.
    (h.finish() >> 32) as usize % NUM_SHARDS
}

struct Node {
    key: Key,
    block: Option<Arc<Block>>,
    prev: usize,
    next: usize,
}

/// One LRU: a hash map into a node array threaded by a circular doubly-linked list through
/// the sentinel (`next` of the sentinel is the most recently used entry).
struct Shard {
    map: HashMap<Key, usize, BuildHasherDefault<KeyHasher>>,
    nodes: Vec<Node>,
    free: Vec<usize>,
    usage: usize,
    capacity: usize,
}

impl Shard {
    fn new(capacity: usize) -> Self {
        let sentinel = Node {
            key: (0, 0),
            block: None,
            prev: SENTINEL,
            next: SENTINEL,
        };
        Self {
            map: HashMap::default(),
            nodes: vec![sentinel],
            free: Vec::new(),
            usage: 0,
            capacity,
        }
    }

    fn unlink(&mut self, i: usize) {
        let (p, n) = (self.nodes[i].prev, self.nodes[i].next);
        self.nodes[p].next = n;
        self.nodes[n].prev = p;
    }

    fn push_front(&mut self, i: usize) {
        let first = self.nodes[SENTINEL].next;
        self.nodes[i].prev = SENTINEL;
        self.nodes[i].next = first;
        self.nodes[first].prev = i;
        self.nodes[SENTINEL].next = i;
    }

    fn charge(&self, i: usize) -> usize {
        self.nodes[i].block.as_ref().map_or(0, |b| b.size())
    }

    fn remove(&mut self, i: usize) {
        self.unlink(i);
        self.usage -= self.charge(i);
        let key = self.nodes[i].key;
        self.map.remove(&key);
        self.nodes[i].block = None;
        self.free.push(i);
    }

    fn get(&mut self, key: Key) -> Option<Arc<Block>> {
        let i = *self.map.get(&key)?;
        self.unlink(i);
        self.push_front(i);
        self.nodes[i].block.clone()
    }

    fn insert(&mut self, key: Key, block: Arc<Block>) {
        if let Some(&i) = self.map.get(&key) {
            self.remove(i);
        }
        if block.size() > self.capacity {
            return;
        }
        self.usage += block.size();
        let node = Node {
            key,
            block: Some(block),
            prev: SENTINEL,
            next: SENTINEL,
        };
        let i = match self.free.pop() {
            Some(i) => {
                self.nodes[i] = node;
                i
            }
            None => {
                self.nodes.push(node);
                self.nodes.len() - 1
            }
        };
        self.map.insert(key, i);
        self.push_front(i);
        while self.usage > self.capacity {
            let lru = self.nodes[SENTINEL].prev;
            if lru == SENTINEL {
                break;
            }
            self.remove(lru);
        }
    }
}

/// A sharded LRU cache of data blocks; `Send + Sync`.
pub struct BlockCache {
    shards: Vec<Mutex<Shard>>,
    capacity: usize,
}

impl std::fmt::Debug for BlockCache {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("BlockCache")
            .field("capacity", &self.capacity)
            .field("usage", &self.usage())
            .finish()
    }
}

impl BlockCache {
    /// A cache holding up to `capacity_bytes` of blocks (split evenly over 16 shards).
    pub fn new(capacity_bytes: usize) -> Self {
        let per_shard = capacity_bytes.div_ceil(NUM_SHARDS);
        Self {
            shards: (0..NUM_SHARDS)
                .map(|_| Mutex::new(Shard::new(per_shard)))
                .collect(),
            capacity: capacity_bytes,
        }
    }

    fn shard(&self, key: Key) -> &Mutex<Shard> {
        &self.shards[shard_of(key)]
    }

    /// The cached block at `offset` of table `file_number`, marking it most recently used.
    pub fn get(&self, file_number: u64, offset: u64) -> Option<Arc<Block>> {
        let key = (file_number, offset);
        self.shard(key).lock().get(key)
    }

    /// Caches a block (replacing any entry under the same key), evicting least recently
    /// used blocks of its shard as needed.
    pub fn insert(&self, file_number: u64, offset: u64, block: Arc<Block>) {
        let key = (file_number, offset);
        self.shard(key).lock().insert(key, block);
    }

    /// Bytes of blocks currently cached.
    pub fn usage(&self) -> usize {
        self.shards.iter().map(|s| s.lock().usage).sum()
    }

    /// The capacity given at creation.
    pub fn capacity(&self) -> usize {
        self.capacity
    }

    /// Drops every block of table `file_number`. Scans all entries (O(cached blocks)); call
    /// it when a table is deleted, not on a hot path.
    pub fn erase_file(&self, file_number: u64) {
        for shard in &self.shards {
            let mut s = shard.lock();
            let doomed: Vec<usize> = s
                .map
                .iter()
                .filter(|(k, _)| k.0 == file_number)
                .map(|(_, &i)| i)
                .collect();
            for i in doomed {
                s.remove(i);
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn block(size: usize) -> Arc<Block> {
        // An empty block padded to `size` bytes: zero entries, one restart at offset 0.
        let mut data = vec![0u8; size.max(8) - 8];
        data.extend_from_slice(&[0, 0, 0, 0, 1, 0, 0, 0]);
        Arc::new(Block::new(data).unwrap())
    }

    /// Offsets of `n` keys of `file` that land in the same shard.
    fn same_shard(file: u64, n: usize) -> Vec<u64> {
        let target = shard_of((file, 0));
        (0..)
            .filter(|&o| shard_of((file, o)) == target)
            .take(n)
            .collect()
    }

    #[test]
    fn hit_miss_and_replace() {
        let c = BlockCache::new(1 << 20);
        assert!(c.get(1, 0).is_none());
        c.insert(1, 0, block(100));
        c.insert(1, 4096, block(200));
        assert_eq!(c.get(1, 0).unwrap().size(), 100);
        assert_eq!(c.usage(), 300);
        c.insert(1, 0, block(50));
        assert_eq!(c.get(1, 0).unwrap().size(), 50);
        assert_eq!(c.usage(), 250);
        assert!(c.get(2, 0).is_none());
    }

    #[test]
    fn evicts_least_recently_used() {
        let c = BlockCache::new(16 * 1000); // 1000 bytes per shard
        let offs = same_shard(7, 5);
        for &o in &offs[..3] {
            c.insert(7, o, block(300));
        }
        assert!(c.get(7, offs[0]).is_some()); // now offs[1] is the LRU
        c.insert(7, offs[3], block(300));
        assert!(c.get(7, offs[1]).is_none());
        assert!(c.get(7, offs[0]).is_some());
        assert!(c.get(7, offs[2]).is_some());
        assert!(c.get(7, offs[3]).is_some());
        c.insert(7, offs[4], block(2000)); // larger than a shard: not cached
        assert!(c.get(7, offs[4]).is_none());
        assert_eq!(c.usage(), 900);
        // Heavy churn keeps usage within capacity and reuses nodes.
        for o in 0..10_000u64 {
            c.insert(8, o, block(64 + (o as usize % 200)));
            assert!(c.usage() <= c.capacity() + 16);
        }
    }

    #[test]
    fn erase_file_and_zero_capacity() {
        let c = BlockCache::new(1 << 20);
        for o in 0..100 {
            c.insert(1, o, block(10));
            c.insert(2, o, block(10));
        }
        c.erase_file(1);
        assert_eq!(c.usage(), 1000);
        assert!((0..100).all(|o| c.get(1, o).is_none() && c.get(2, o).is_some()));
        let z = BlockCache::new(0);
        z.insert(1, 0, block(10));
        assert!(z.get(1, 0).is_none());
        assert_eq!(z.usage(), 0);
    }

    #[test]
    fn concurrent_use() {
        let c = Arc::new(BlockCache::new(64 * 1024));
        let threads: Vec<_> = (0..4u64)
            .map(|t| {
                let c = c.clone();
                std::thread::spawn(move || {
                    for o in 0..2000 {
                        c.insert(t, o, block(100));
                        let _ = c.get(t, o / 2);
                    }
                })
            })
            .collect();
        for t in threads {
            t.join().unwrap();
        }
        assert!(c.usage() <= 64 * 1024);
    }
}
