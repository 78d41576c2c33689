//! One memtable entry: the internal key and the value in a single allocation, with the start
//! of the user key and the trailer copied inline so that most comparisons during a skiplist
//! search never leave the node.

use std::borrow::Borrow;
use std::cmp::Ordering;

use crate::key::{compare_bytes, compare_internal, trailer, user_key, TRAILER_LEN};

/// Bytes of the user key kept inline.
const PREFIX: usize = 16;

/// An entry ordered by [`compare_internal`] of its internal key.
#[derive(Debug)]
pub(crate) struct MemEntry {
    /// The first `min(PREFIX, user key length)` bytes of the user key, zero-filled.
    prefix: [u8; PREFIX],
    prefix_len: u8,
    trailer: u64,
    /// Length of the internal key at the start of `buf`.
    key_len: u32,
    /// Internal key followed by the value.
    buf: Box<[u8]>,
}

impl MemEntry {
    pub(crate) fn new(ikey: &[u8], value: &[u8]) -> Self {
        let mut buf = Vec::with_capacity(ikey.len() + value.len());
        buf.extend_from_slice(ikey);
        buf.extend_from_slice(value);
        let ukey = user_key(ikey);
        let n = ukey.len().min(PREFIX);
        let mut prefix = [0u8; PREFIX];
        prefix[..n].copy_from_slice(&ukey[..n]);
        Self {
            prefix,
            prefix_len: n as u8,
            trailer: trailer(ikey),
            key_len: ikey.len() as u32,
            buf: buf.into_boxed_slice(),
        }
    }

    /// The internal key.
    pub(crate) fn key(&self) -> &[u8] {
        &self.buf[..self.key_len as usize]
    }

    /// The value.
    pub(crate) fn value(&self) -> &[u8] {
        &self.buf[self.key_len as usize..]
    }

    /// Heap bytes held besides the entry itself.
    pub(crate) fn heap_bytes(&self) -> usize {
        self.buf.len()
    }

    fn user_len(&self) -> usize {
        self.key_len as usize - TRAILER_LEN
    }
}

impl Ord for MemEntry {
    fn cmp(&self, other: &Self) -> Ordering {
        let a = &self.prefix[..self.prefix_len as usize];
        let b = &other.prefix[..other.prefix_len as usize];
        let by_user = match compare_bytes(a, b) {
            // Both prefixes are whole user keys, or they differ within the prefix.
            Ordering::Equal if self.user_len() > PREFIX || other.user_len() > PREFIX => {
                compare_bytes(user_key(self.key()), user_key(other.key()))
            }
            o => o,
        };
        by_user.then_with(|| other.trailer.cmp(&self.trailer))
    }
}

impl PartialOrd for MemEntry {
    fn partial_cmp(&self, other: &Self) -> Option<Ordering> {
        Some(self.cmp(other))
    }
}

impl PartialEq for MemEntry {
    fn eq(&self, other: &Self) -> bool {
        self.cmp(other) == Ordering::Equal
    }
}

impl Eq for MemEntry {}

/// A borrowed internal key ordered by [`compare_internal`]; lets lookups probe the map
/// without building an entry.
#[repr(transparent)]
#[derive(Debug)]
pub(crate) struct IKey([u8]);

impl IKey {
    pub(crate) fn new(k: &[u8]) -> &IKey {
        // SAFETY: IKey is repr(transparent) over [u8], so the pointer cast keeps layout and
        // lifetime.
        unsafe { &*(k as *const [u8] as *const IKey) }
    }
}

impl Ord for IKey {
    fn cmp(&self, other: &Self) -> Ordering {
        compare_internal(&self.0, &other.0)
    }
}

impl PartialOrd for IKey {
    fn partial_cmp(&self, other: &Self) -> Option<Ordering> {
        Some(self.cmp(other))
    }
}

impl PartialEq for IKey {
    fn eq(&self, other: &Self) -> bool {
        self.cmp(other) == Ordering::Equal
    }
}

impl Eq for IKey {}

impl Borrow<IKey> for MemEntry {
    fn borrow(&self) -> &IKey {
        IKey::new(self.key())
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::key::{internal_key, ValueKind};

    #[test]
    fn entry_order_matches_internal_key_order() {
        let users: Vec<Vec<u8>> = vec![
            b"".to_vec(),
            b"a".to_vec(),
            b"a\0".to_vec(),
            b"a\0\0".to_vec(),
            b"abcdefghijklmnop".to_vec(),
            b"abcdefghijklmnop\0".to_vec(),
            b"abcdefghijklmnopq".to_vec(),
            b"abcdefghijklmnoq".to_vec(),
            b"abcdefghijklmnopqrstuvwxyz".to_vec(),
            vec![0xff; 20],
        ];
        let mut keys = Vec::new();
        for u in &users {
            for seq in [1u64, 7, 1 << 40] {
                for kind in [ValueKind::Value, ValueKind::Deletion] {
                    keys.push(internal_key(u, seq, kind));
                }
            }
        }
        for a in &keys {
            for b in &keys {
                let (ea, eb) = (MemEntry::new(a, b"x"), MemEntry::new(b, b""));
                assert_eq!(ea.cmp(&eb), compare_internal(a, b), "{a:?} vs {b:?}");
                let ia: &IKey = ea.borrow();
                assert_eq!(ia.cmp(IKey::new(b)), compare_internal(a, b));
            }
        }
    }
}
