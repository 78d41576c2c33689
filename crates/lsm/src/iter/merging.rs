//! A merging iterator: many sorted children, one sorted stream, in both directions.
//!
//! Order: entries are yielded by [`compare_internal`] of their keys; an exact tie between
//! children (which the engine never produces, as every internal key carries a unique
//! sequence number) is broken by child index, lower first. So the merged stream is sorted by
//! `(key, child index)` and `prev` retraces `next` exactly. Keys *within* one child must be
//! strictly increasing.
//!
//! Invariant (LevelDB's): when moving forward, every child other than the current one is
//! positioned at its first entry after the current entry in that order (or is exhausted);
//! when moving backward, at its last entry before it. Switching direction re-seeks every
//! other child around the current key to restore the invariant. The valid children are kept
//! in a binary heap of child indices whose root is the current child (a min-heap going
//! forward, a max-heap going backward), so `next`/`prev` cost one child step plus
//! `O(log children)` comparisons.
//!
//! Errors: a child that fails becomes invalid and drops out of the merge; [`status`] reports
//! the first child error (by child index), so callers must check it when iteration ends.
//!
//! [`status`]: InternalIterator::status

use std::cmp::Ordering;

use super::InternalIterator;
use crate::key::compare_internal;
use crate::Result;

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Direction {
    Forward,
    Reverse,
}

/// Merges any number of [`InternalIterator`]s into one, in internal-key order.
pub struct MergingIterator {
    children: Vec<Box<dyn InternalIterator>>,
    /// Indices of the valid children as a binary heap; the root is the current child.
    heap: Vec<usize>,
    direction: Direction,
    /// The current key, copied when switching direction (buffer reused).
    saved_key: Vec<u8>,
}

impl std::fmt::Debug for MergingIterator {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("MergingIterator")
            .field("children", &self.children.len())
            .field("valid_children", &self.heap.len())
            .field("direction", &self.direction)
            .finish()
    }
}

impl MergingIterator {
    /// A merge of `children`; it starts unpositioned (invalid) like every iterator.
    pub fn new(children: Vec<Box<dyn InternalIterator>>) -> Self {
        let heap = Vec::with_capacity(children.len());
        Self {
            children,
            heap,
            direction: Direction::Forward,
            saved_key: Vec::new(),
        }
    }

    /// True if child `a` comes before child `b` in the current direction.
    fn precedes(&self, a: usize, b: usize) -> bool {
        let order = compare_internal(self.children[a].key(), self.children[b].key())
            .then_with(|| a.cmp(&b));
        match self.direction {
            Direction::Forward => order == Ordering::Less,
            Direction::Reverse => order == Ordering::Greater,
        }
    }

    fn sift_down(&mut self, mut i: usize) {
        let n = self.heap.len();
        loop {
            let left = 2 * i + 1;
            if left >= n {
                return;
            }
            let right = left + 1;
            let mut best = left;
            if right < n && self.precedes(self.heap[right], self.heap[left]) {
                best = right;
            }
            if !self.precedes(self.heap[best], self.heap[i]) {
                return;
            }
            self.heap.swap(i, best);
            i = best;
        }
    }

    /// Rebuilds the heap from every valid child for the current direction.
    fn rebuild(&mut self) {
        self.heap.clear();
        self.heap
            .extend((0..self.children.len()).filter(|&i| self.children[i].valid()));
        for i in (0..self.heap.len() / 2).rev() {
            self.sift_down(i);
        }
    }

    /// Restores the heap after the root child moved.
    fn fix_root(&mut self) {
        let Some(&root) = self.heap.first() else {
            return;
        };
        if !self.children[root].valid() {
            self.heap.swap_remove(0);
        }
        self.sift_down(0);
    }

    /// Forward invariant from the reverse one: every other child goes to its first entry
    /// after `(key, cur)`.
    fn switch_to_forward(&mut self, cur: usize) {
        self.saved_key.clear();
        self.saved_key.extend_from_slice(self.children[cur].key());
        let key = &self.saved_key;
        for (i, child) in self.children.iter_mut().enumerate() {
            if i == cur {
                continue;
            }
            child.seek(key);
            if i < cur {
                // Ties with a lower index come before the current entry: skip them.
                while child.valid() && compare_internal(child.key(), key) == Ordering::Equal {
                    child.next();
                }
            }
        }
        self.direction = Direction::Forward;
        self.rebuild();
    }

    /// Reverse invariant from the forward one: every other child goes to its last entry
    /// before `(key, cur)`.
    fn switch_to_reverse(&mut self, cur: usize) {
        self.saved_key.clear();
        self.saved_key.extend_from_slice(self.children[cur].key());
        let key = &self.saved_key;
        for (i, child) in self.children.iter_mut().enumerate() {
            if i == cur {
                continue;
            }
            child.seek(key);
            if !child.valid() {
                // Every entry of the child is before the key.
                child.seek_to_last();
            } else if i > cur || compare_internal(child.key(), key) != Ordering::Equal {
                child.prev();
            }
            // else: a tie with a lower index comes before the current entry: keep it.
        }
        self.direction = Direction::Reverse;
        self.rebuild();
    }
}

impl InternalIterator for MergingIterator {
    fn valid(&self) -> bool {
        !self.heap.is_empty()
    }

    fn seek_to_first(&mut self) {
        self.children.iter_mut().for_each(|c| c.seek_to_first());
        self.direction = Direction::Forward;
        self.rebuild();
    }

    fn seek_to_last(&mut self) {
        self.children.iter_mut().for_each(|c| c.seek_to_last());
        self.direction = Direction::Reverse;
        self.rebuild();
    }

    fn seek(&mut self, target: &[u8]) {
        self.children.iter_mut().for_each(|c| c.seek(target));
        self.direction = Direction::Forward;
        self.rebuild();
    }

    fn next(&mut self) {
        let Some(&cur) = self.heap.first() else {
            return;
        };
        if self.direction != Direction::Forward {
            self.switch_to_forward(cur);
            debug_assert_eq!(self.heap.first(), Some(&cur));
        }
        self.children[cur].next();
        self.fix_root();
    }

    fn prev(&mut self) {
        let Some(&cur) = self.heap.first() else {
            return;
        };
        if self.direction != Direction::Reverse {
            self.switch_to_reverse(cur);
            debug_assert_eq!(self.heap.first(), Some(&cur));
        }
        self.children[cur].prev();
        self.fix_root();
    }

    fn key(&self) -> &[u8] {
        self.heap.first().map_or(&[], |&i| self.children[i].key())
    }

    fn value(&self) -> &[u8] {
        self.heap.first().map_or(&[], |&i| self.children[i].value())
    }

    fn status(&self) -> Result<()> {
        self.children.iter().try_for_each(|c| c.status())
    }
}

#[cfg(test)]
mod tests {
    use rand::rngs::SmallRng;
    use rand::{Rng, SeedableRng};

    use super::*;
    use crate::iter::VecIterator;
    use crate::key::{internal_key, ValueKind};

    type Entry = (Vec<u8>, Vec<u8>);

    /// Random children; with `unique`, no key appears in two children.
    fn random_children(rng: &mut SmallRng, unique: bool) -> Vec<Vec<Entry>> {
        let n = if rng.gen_bool(0.1) {
            rng.gen_range(9..24)
        } else {
            rng.gen_range(0..7)
        };
        let mut seen = std::collections::HashSet::new();
        (0..n)
            .map(|c| {
                let len = if rng.gen_bool(0.2) {
                    0
                } else {
                    rng.gen_range(1..30)
                };
                let mut keys: Vec<Vec<u8>> = (0..len)
                    .map(|_| {
                        let user = format!("k{:02}", rng.gen_range(0..25));
                        let kind = if rng.gen_bool(0.3) {
                            ValueKind::Deletion
                        } else {
                            ValueKind::Value
                        };
                        internal_key(user.as_bytes(), rng.gen_range(0..6), kind)
                    })
                    .filter(|k| !unique || seen.insert(k.clone()))
                    .collect();
                keys.sort_by(|a, b| compare_internal(a, b));
                keys.dedup();
                keys.into_iter()
                    .enumerate()
                    .map(|(i, k)| (k, format!("child {c} entry {i}").into_bytes()))
                    .collect()
            })
            .collect()
    }

    /// The merged model: sorted by (key, child index).
    fn model(children: &[Vec<Entry>]) -> Vec<Entry> {
        let mut all: Vec<(usize, Entry)> = children
            .iter()
            .enumerate()
            .flat_map(|(c, es)| es.iter().cloned().map(move |e| (c, e)))
            .collect();
        all.sort_by(|(ca, a), (cb, b)| compare_internal(&a.0, &b.0).then(ca.cmp(cb)));
        all.into_iter().map(|(_, e)| e).collect()
    }

    fn merge(children: &[Vec<Entry>]) -> MergingIterator {
        MergingIterator::new(
            children
                .iter()
                .map(|es| Box::new(VecIterator::new(es.clone())) as Box<dyn InternalIterator>)
                .collect(),
        )
    }

    fn check(it: &MergingIterator, want: &[Entry], pos: Option<usize>, ctx: &str) {
        match pos {
            None => assert!(!it.valid(), "{ctx}: expected invalid"),
            Some(p) => {
                assert!(it.valid(), "{ctx}: expected entry {p}");
                assert_eq!(
                    (it.key(), it.value()),
                    (&want[p].0[..], &want[p].1[..]),
                    "{ctx}"
                );
            }
        }
    }

    #[test]
    fn full_scans_both_ways() {
        let mut rng = SmallRng::seed_from_u64(7);
        for round in 0..200 {
            let children = random_children(&mut rng, round % 2 == 0);
            let want = model(&children);
            let mut it = merge(&children);
            assert!(!it.valid());
            it.seek_to_first();
            let mut got = Vec::new();
            while it.valid() {
                got.push((it.key().to_vec(), it.value().to_vec()));
                it.next();
            }
            assert_eq!(got, want);
            it.seek_to_last();
            got.clear();
            while it.valid() {
                got.push((it.key().to_vec(), it.value().to_vec()));
                it.prev();
            }
            got.reverse();
            assert_eq!(got, want);
            it.status().unwrap();
        }
    }

    #[test]
    fn random_operations_match_the_model() {
        let mut rng = SmallRng::seed_from_u64(11);
        for seq in 0..3000 {
            let children = random_children(&mut rng, seq % 3 != 0);
            let want = model(&children);
            let mut it = merge(&children);
            let mut pos: Option<usize> = None;
            for step in 0..rng.gen_range(1..80) {
                let ctx = format!("sequence {seq} step {step}");
                let op = rng.gen_range(0..10);
                match op {
                    0 => {
                        it.seek_to_first();
                        pos = (!want.is_empty()).then_some(0);
                    }
                    1 => {
                        it.seek_to_last();
                        pos = want.len().checked_sub(1);
                    }
                    2 | 3 => {
                        let user = format!("k{:02}", rng.gen_range(0..26));
                        let target =
                            internal_key(user.as_bytes(), rng.gen_range(0..7), ValueKind::Value);
                        it.seek(&target);
                        let p = want.partition_point(|e| compare_internal(&e.0, &target).is_lt());
                        pos = (p < want.len()).then_some(p);
                    }
                    4..=6 if pos.is_some() => {
                        it.next();
                        pos = pos.map(|p| p + 1).filter(|&p| p < want.len());
                    }
                    _ if pos.is_some() => {
                        it.prev();
                        pos = pos.and_then(|p| p.checked_sub(1));
                    }
                    _ => continue,
                }
                check(&it, &want, pos, &ctx);
            }
        }
    }

    struct Failing;

    impl InternalIterator for Failing {
        fn valid(&self) -> bool {
            false
        }
        fn seek_to_first(&mut self) {}
        fn seek_to_last(&mut self) {}
        fn seek(&mut self, _: &[u8]) {}
        fn next(&mut self) {}
        fn prev(&mut self) {}
        fn key(&self) -> &[u8] {
            &[]
        }
        fn value(&self) -> &[u8] {
            &[]
        }
        fn status(&self) -> Result<()> {
            Err(crate::Error::corruption("child failed"))
        }
    }

    #[test]
    fn status_reports_a_child_error() {
        let entries = vec![(internal_key(b"a", 1, ValueKind::Value), b"v".to_vec())];
        let mut it =
            MergingIterator::new(vec![Box::new(VecIterator::new(entries)), Box::new(Failing)]);
        it.seek_to_first();
        assert!(it.valid());
        assert_eq!(it.value(), b"v");
        it.next();
        assert!(!it.valid());
        assert!(it.status().unwrap_err().is_corruption());
        let mut empty = MergingIterator::new(Vec::new());
        empty.seek_to_first();
        assert!(!empty.valid());
        empty.status().unwrap();
    }
}
