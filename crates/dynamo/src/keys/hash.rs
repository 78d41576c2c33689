//! The partition hash: the order in which DynamoDB's Scan visits partitions, and the
//! partitions each parallel Scan segment holds.
//!
//! DynamoDB places a partition by an MD5 digest of the partition key value, salted with the
//! bytes `Outliers`, and a Scan returns partitions in the order of that digest; parallel Scan
//! segment `s` of `n` holds the partitions whose digest's first 12 bits lie in
//! `[⌈4096·s/n⌉, ⌈4096·(s+1)/n⌉ − 1]`. Both were established by dynalite against DynamoDB
//! (its recorded tests list the Scan order of fixed string and number keys and the segments
//! they fall in, for 4096 segments); cairn uses the same digest, so its Scans return items
//! in DynamoDB's order and its segments hold the same items.
//!
//! The digest is taken over the key's bytes: UTF-8 for `S`, the raw bytes for `B`, and for
//! `N` DynamoDB's serialized decimal (below). The hash is the digest's first 8 bytes, big
//! endian. On-disk: the hash is part of every item key; it can never change.
//!
//! # Serialized numbers
//!
//! With the value written `0.d₁d₂…dₖ × 10^E` (no trailing zeros), a leading `0` digit is
//! added when `E` is odd, then:
//!
//! ```text
//! zero      0x80
//! positive  (E + pad)/2 − 64      then each digit pair p as p + 1
//! negative  !((E + pad)/2 − 64)   then each digit pair p as 101 − p, then 102 if fewer
//!                                  than 20 pairs
//! ```
//!
//! each value taken modulo 256; an odd last digit is paired with 0. (MD5 itself comes from
//! the `md-5` crate of the RustCrypto project; writing a digest by hand would gain nothing.)

use md5::{Digest, Md5};

use crate::types::{AttributeValue, Number};

/// The salt DynamoDB's partition digest starts with.
const SALT: &[u8] = b"Outliers";

/// Scan segments are defined over this many buckets: the first 12 bits of the hash.
pub const SEGMENT_BUCKETS: u64 = 4096;

/// DynamoDB's serialized form of a number, as hashed.
pub fn number_hash_bytes(n: &Number) -> Vec<u8> {
    if n.is_zero() {
        return vec![0x80];
    }
    let e = i64::from(n.exponent()) + 1;
    let pad = usize::from(e.rem_euclid(2) == 1);
    let mut digits = Vec::with_capacity(n.digits().len() + 1);
    digits.extend(std::iter::repeat_n(0u8, pad));
    digits.extend_from_slice(n.digits());
    let pairs = digits.len().div_ceil(2);
    let mut head = (e + pad as i64).div_euclid(2) - 64;
    if n.is_negative() {
        head = !head;
    }
    let mut out = Vec::with_capacity(pairs + 2);
    out.push(head as u8);
    for pair in digits.chunks(2) {
        let p = i64::from(pair[0]) * 10 + i64::from(pair.get(1).copied().unwrap_or(0));
        let b = if n.is_negative() { 101 - p } else { p + 1 };
        out.push(b as u8);
    }
    if n.is_negative() && pairs < 20 {
        out.push(102);
    }
    out
}

/// The salted digest of key values (`S`, `N` or `B`; other types add nothing), as a hash.
pub fn key_hash(values: &[&AttributeValue]) -> u64 {
    let mut md5 = Md5::new();
    md5.update(SALT);
    for value in values {
        match value {
            AttributeValue::S(s) => md5.update(s.as_bytes()),
            AttributeValue::B(b) => md5.update(b),
            AttributeValue::N(n) => md5.update(number_hash_bytes(n)),
            _ => {}
        }
    }
    let digest = md5.finalize();
    u64::from_be_bytes(digest[..8].try_into().expect("an MD5 digest has 16 bytes"))
}

/// The partition hash of a key value.
pub fn partition_hash(value: &AttributeValue) -> u64 {
    key_hash(&[value])
}

/// The order of secondary index entries that share an index key: DynamoDB returns them by
/// the digest of the table's key values (partition key, then sort key, concatenated), as
/// dynalite's recorded GSI queries show.
pub fn table_key_hash(partition: &AttributeValue, sort: Option<&AttributeValue>) -> u64 {
    match sort {
        Some(r) => key_hash(&[partition, r]),
        None => key_hash(&[partition]),
    }
}

/// The hashes of parallel Scan segment `segment` of `total`: `[start, end]` inclusive, or
/// `None` when the segment holds no bucket (possible with more than 4096 segments).
pub fn segment_hash_range(segment: u32, total: u32) -> Option<(u64, u64)> {
    let total = u64::from(total.max(1));
    let segment = u64::from(segment).min(total - 1);
    let first = (SEGMENT_BUCKETS * segment).div_ceil(total);
    let end = (SEGMENT_BUCKETS * (segment + 1)).div_ceil(total);
    if end <= first {
        return None;
    }
    let start = first << 52;
    let last = if end == SEGMENT_BUCKETS {
        u64::MAX
    } else {
        (end << 52) - 1
    };
    Some((start, last))
}

/// Whether a partition with `hash` belongs to segment `segment` of `total`.
pub fn in_segment(hash: u64, segment: u32, total: u32) -> bool {
    segment_hash_range(segment, total).is_some_and(|(lo, hi)| (lo..=hi).contains(&hash))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn n(s: &str) -> AttributeValue {
        AttributeValue::N(s.parse().unwrap())
    }

    fn scan_order(mut values: Vec<AttributeValue>) -> Vec<AttributeValue> {
        values.sort_by_key(partition_hash);
        values
    }

    #[test]
    fn string_keys_follow_dynamodb_scan_order() {
        // The order DynamoDB's Scan returns these keys in (dynalite's recorded test).
        let order = [
            "2", "8", "9", "1", "6", "hello", "0", "5", "4", "äáöü", "aardman", "7", "3", "zapf",
        ];
        let mut shuffled: Vec<AttributeValue> = order
            .iter()
            .map(|s| AttributeValue::S(s.to_string()))
            .collect();
        shuffled.reverse();
        let got = scan_order(shuffled);
        let want: Vec<AttributeValue> = order
            .iter()
            .map(|s| AttributeValue::S(s.to_string()))
            .collect();
        assert_eq!(got, want);
    }

    #[test]
    fn number_keys_follow_dynamodb_scan_order() {
        let order = [
            "7", "999.9", "8", "3", "2", "-999.9", "9", "4", "-0.09", "6", "1", "0", "0.012345",
            "5",
        ];
        let mut shuffled: Vec<AttributeValue> = order.iter().map(|s| n(s)).collect();
        shuffled.reverse();
        assert_eq!(
            scan_order(shuffled),
            order.iter().map(|s| n(s)).collect::<Vec<_>>()
        );
    }

    #[test]
    fn number_serialization() {
        assert_eq!(number_hash_bytes(&"0".parse().unwrap()), [0x80]);
        // 1 = 0.1 × 10^1: padded to 0.01, head (1 + 1)/2 − 64 = −63, pair 01 → 2.
        assert_eq!(number_hash_bytes(&"1".parse().unwrap()), [0xC1, 2]);
        // −1: head !(−63) = 62, pair 101 − 1 = 100, then 102.
        assert_eq!(number_hash_bytes(&"-1".parse().unwrap()), [62, 100, 102]);
        // 150 = 0.15 × 10^3 → padded 0.015: pairs 01, 50.
        assert_eq!(number_hash_bytes(&"150".parse().unwrap()), [0xC2, 2, 51]);
    }

    #[test]
    fn segments_split_the_buckets() {
        for total in [1u32, 2, 3, 7, 4096, 5000, 1_000_000] {
            let mut covered = 0u64;
            let mut prev_end: Option<u64> = None;
            for seg in 0..total.min(6000) {
                if let Some((lo, hi)) = segment_hash_range(seg, total) {
                    assert!(lo <= hi);
                    if let Some(p) = prev_end {
                        assert_eq!(p + 1, lo, "contiguous at {seg}/{total}");
                    } else {
                        assert_eq!(lo, 0);
                    }
                    prev_end = Some(hi);
                    covered += 1;
                }
            }
            if total <= 6000 {
                assert_eq!(prev_end, Some(u64::MAX), "total {total}");
                assert!(covered >= u64::from(total.min(4096)).min(covered));
            }
        }
        // With 4096 segments, segment s is exactly bucket s.
        assert_eq!(segment_hash_range(1, 4096), Some((1 << 52, (2 << 52) - 1)));
        // With more segments than buckets, some are empty.
        assert_eq!(segment_hash_range(1, 8192), None);
    }
}
