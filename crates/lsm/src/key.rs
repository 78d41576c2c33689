//! Internal keys: a user key tagged with the sequence number and kind of the write.
//!
//! ```text
//! internal key = user_key ++ fixed64_le((sequence << 8) | kind)
//! ```
//!
//! Internal keys sort by user key ascending (bytewise), then by the 8-byte trailer
//! *descending*, so the newest version of a user key comes first and a lookup for
//! `(user_key, snapshot)` seeks to `user_key ++ trailer(snapshot, KIND_FOR_SEEK)` and lands on
//! the newest version visible at the snapshot.
//!
//! On-disk: internal keys are stored in SSTables and the manifest. Never renumber [`ValueKind`].

use std::cmp::Ordering;

use crate::coding::{decode_fixed64, put_fixed64};

/// A write's position in the total order of writes.
pub type SequenceNumber = u64;

/// The largest sequence number (56 bits: the low 8 bits of the trailer hold the kind).
pub const MAX_SEQUENCE: SequenceNumber = (1 << 56) - 1;

/// Length of the trailer that follows the user key.
pub const TRAILER_LEN: usize = 8;

/// What a versioned entry is. On-disk: never renumber.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
#[repr(u8)]
pub enum ValueKind {
    /// A tombstone: the key was deleted.
    Deletion = 0,
    /// A value.
    Value = 1,
}

impl ValueKind {
    /// Decodes a kind byte.
    pub fn from_u8(b: u8) -> Option<Self> {
        match b {
            0 => Some(ValueKind::Deletion),
            1 => Some(ValueKind::Value),
            _ => None,
        }
    }
}

/// The kind used in seek targets: the highest, so that the target sorts before every entry
/// with the same user key and sequence.
pub const KIND_FOR_SEEK: ValueKind = ValueKind::Value;

/// Packs a sequence number and kind into a trailer.
pub fn pack_trailer(seq: SequenceNumber, kind: ValueKind) -> u64 {
    debug_assert!(seq <= MAX_SEQUENCE);
    (seq << 8) | kind as u64
}

/// Appends the internal key for `(user_key, seq, kind)` to `dst`.
pub fn append_internal_key(
    dst: &mut Vec<u8>,
    user_key: &[u8],
    seq: SequenceNumber,
    kind: ValueKind,
) {
    dst.extend_from_slice(user_key);
    put_fixed64(dst, pack_trailer(seq, kind));
}

/// The internal key for `(user_key, seq, kind)`.
pub fn internal_key(user_key: &[u8], seq: SequenceNumber, kind: ValueKind) -> Vec<u8> {
    let mut k = Vec::with_capacity(user_key.len() + TRAILER_LEN);
    append_internal_key(&mut k, user_key, seq, kind);
    k
}

/// The seek target that finds the newest version of `user_key` visible at `seq`.
pub fn lookup_key(user_key: &[u8], seq: SequenceNumber) -> Vec<u8> {
    internal_key(user_key, seq, KIND_FOR_SEEK)
}

/// The user key part of an internal key. A malformed (short) key is returned whole.
pub fn user_key(ikey: &[u8]) -> &[u8] {
    ikey.get(..ikey.len().wrapping_sub(TRAILER_LEN))
        .unwrap_or(ikey)
}

/// The trailer of an internal key (0 for a malformed key).
pub fn trailer(ikey: &[u8]) -> u64 {
    ikey.len()
        .checked_sub(TRAILER_LEN)
        .and_then(|n| decode_fixed64(&ikey[n..]))
        .unwrap_or(0)
}

/// A decoded internal key.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct ParsedKey<'a> {
    /// The user key.
    pub user_key: &'a [u8],
    /// The write's sequence number.
    pub seq: SequenceNumber,
    /// The write's kind.
    pub kind: ValueKind,
}

/// Decodes an internal key; `None` if it is too short or has an unknown kind.
pub fn parse_internal_key(ikey: &[u8]) -> Option<ParsedKey<'_>> {
    let n = ikey.len().checked_sub(TRAILER_LEN)?;
    let t = decode_fixed64(&ikey[n..])?;
    Some(ParsedKey {
        user_key: &ikey[..n],
        seq: t >> 8,
        kind: ValueKind::from_u8(t as u8)?,
    })
}

/// Bytewise order, as `<[u8]>::cmp`, without a call to `memcmp`: keys are short and
/// compared very often (every step of a skiplist or block search), where a library call costs
/// more than the comparison.
#[inline]
pub fn compare_bytes(a: &[u8], b: &[u8]) -> Ordering {
    let n = a.len().min(b.len());
    let (mut ca, mut cb) = (a[..n].chunks_exact(8), b[..n].chunks_exact(8));
    for (x, y) in (&mut ca).zip(&mut cb) {
        let x = u64::from_be_bytes([x[0], x[1], x[2], x[3], x[4], x[5], x[6], x[7]]);
        let y = u64::from_be_bytes([y[0], y[1], y[2], y[3], y[4], y[5], y[6], y[7]]);
        if x != y {
            return x.cmp(&y);
        }
    }
    for (x, y) in ca.remainder().iter().zip(cb.remainder()) {
        if x != y {
            return x.cmp(y);
        }
    }
    a.len().cmp(&b.len())
}

/// The internal-key order: user key ascending, then trailer (sequence, kind) descending.
#[inline]
pub fn compare_internal(a: &[u8], b: &[u8]) -> Ordering {
    match compare_bytes(user_key(a), user_key(b)) {
        Ordering::Equal => trailer(b).cmp(&trailer(a)),
        o => o,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn newer_versions_sort_first() {
        let a1 = internal_key(b"a", 1, ValueKind::Value);
        let a2 = internal_key(b"a", 2, ValueKind::Value);
        let a2d = internal_key(b"a", 2, ValueKind::Deletion);
        let ab = internal_key(b"ab", 0, ValueKind::Value);
        assert_eq!(compare_internal(&a2, &a1), Ordering::Less);
        assert_eq!(compare_internal(&a2, &a2d), Ordering::Less);
        assert_eq!(compare_internal(&a1, &ab), Ordering::Less);
        assert_eq!(compare_internal(&lookup_key(b"a", 2), &a2d), Ordering::Less);
        assert_eq!(
            compare_internal(&lookup_key(b"a", 1), &a2),
            Ordering::Greater
        );
    }

    #[test]
    fn compare_bytes_is_bytewise_order() {
        let samples: Vec<&[u8]> = vec![
            b"",
            b"\0",
            b"a",
            b"a\0",
            b"ab",
            b"abcdefgh",
            b"abcdefgh\0",
            b"abcdefgi",
            b"abcdefghijklmnopq",
            b"abcdefghijklmnopr",
            b"\xff\xff",
            b"\xff",
        ];
        for a in &samples {
            for b in &samples {
                assert_eq!(compare_bytes(a, b), a.cmp(b), "{a:?} vs {b:?}");
            }
        }
    }

    #[test]
    fn parse_round_trip_and_malformed() {
        let k = internal_key(b"key", 42, ValueKind::Deletion);
        let p = parse_internal_key(&k).unwrap();
        assert_eq!(
            (p.user_key, p.seq, p.kind),
            (&b"key"[..], 42, ValueKind::Deletion)
        );
        assert!(parse_internal_key(b"short").is_none());
        assert_eq!(user_key(b"short"), b"short");
    }
}
