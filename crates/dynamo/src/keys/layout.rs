//! Where DynamoDB data lives in the engine's single ordered key space.
//!
//! Every engine key starts with a one-byte namespace. Item keys put a hash of the partition
//! key right after the table and index ids, so that:
//! - the items of one partition are contiguous, sorted by sort key (Query is one range scan);
//! - partitions follow one another in hash order, as DynamoDB's Scan visits them, not in
//!   insertion or key order;
//! - a parallel Scan segment is a contiguous range of the hash space.
//!
//! Layout (`docs/format/keys.md`; on-disk: never change):
//!
//! ```text
//! catalog  0x00 | table name (UTF-8)                                    → table description
//! item     0x01 | table id u32 BE | index id u16 BE | hash u64 BE
//!               | partition key value | [sort key value]
//!               | [table key digest + table key values, indexes only]  → item
//! ```
//!
//! Key values use [`super::encode_key_value`]; the hash is [`partition_hash`] of the
//! partition key value (DynamoDB's own, see [`super::hash`]).

use super::encoding::{encode_key_value, key_value_len, KeyError};
pub use super::hash::{in_segment, partition_hash, segment_hash_range, table_key_hash};
use crate::types::AttributeValue;

/// Namespace byte of table descriptions. On-disk: never change.
pub const NS_CATALOG: u8 = 0x00;
/// Namespace byte of items and index entries. On-disk: never change.
pub const NS_ITEM: u8 = 0x01;

/// Index id of a base table's items.
pub const BASE_TABLE: u16 = 0;

/// Bytes before the partition key value in an item key.
pub const ITEM_HEADER_LEN: usize = 1 + 4 + 2 + 8;

/// The key of a table description in the catalog.
pub fn catalog_key(table_name: &str) -> Vec<u8> {
    let mut k = Vec::with_capacity(1 + table_name.len());
    k.push(NS_CATALOG);
    k.extend_from_slice(table_name.as_bytes());
    k
}

/// The start of every key of `(table, index)`: namespace, table id, index id.
pub fn index_prefix(table: u32, index: u16) -> Vec<u8> {
    let mut k = Vec::with_capacity(ITEM_HEADER_LEN + 32);
    k.push(NS_ITEM);
    k.extend_from_slice(&table.to_be_bytes());
    k.extend_from_slice(&index.to_be_bytes());
    k
}

/// The key prefix shared by every item of one partition: the index prefix, the partition's
/// hash and its encoded partition key value. Query scans `[prefix, prefix_end(prefix))`.
pub fn partition_prefix(
    table: u32,
    index: u16,
    partition: &AttributeValue,
) -> Result<Vec<u8>, KeyError> {
    let mut k = index_prefix(table, index);
    k.extend_from_slice(&partition_hash(partition).to_be_bytes());
    encode_key_value(&mut k, partition)?;
    Ok(k)
}

/// The full key of an item: the partition prefix followed by the sort key value, if the
/// table has one, and `suffix` values (none for items; see [`index_entry_key`] for index
/// entries).
pub fn item_key(
    table: u32,
    index: u16,
    partition: &AttributeValue,
    sort: Option<&AttributeValue>,
    suffix: &[&AttributeValue],
) -> Result<Vec<u8>, KeyError> {
    let mut k = partition_prefix(table, index, partition)?;
    for v in sort.into_iter().chain(suffix.iter().copied()) {
        encode_key_value(&mut k, v)?;
    }
    Ok(k)
}

/// The key of a secondary index entry: the index's partition prefix, its sort key value (if
/// the index has one), then the [`table_key_hash`] of the item's table key (DynamoDB's order
/// among entries with equal index keys), then the table key values, which keep entries of
/// distinct items distinct.
pub fn index_entry_key(
    table: u32,
    index: u16,
    partition: &AttributeValue,
    sort: Option<&AttributeValue>,
    table_partition: &AttributeValue,
    table_sort: Option<&AttributeValue>,
) -> Result<Vec<u8>, KeyError> {
    let mut k = partition_prefix(table, index, partition)?;
    if let Some(s) = sort {
        encode_key_value(&mut k, s)?;
    }
    k.extend_from_slice(&table_key_hash(table_partition, table_sort).to_be_bytes());
    encode_key_value(&mut k, table_partition)?;
    if let Some(s) = table_sort {
        encode_key_value(&mut k, s)?;
    }
    Ok(k)
}

/// The first key after every key that starts with `prefix` (`None` if there is none: the
/// prefix is all `0xFF`).
pub fn prefix_end(prefix: &[u8]) -> Option<Vec<u8>> {
    let mut end = prefix.to_vec();
    while let Some(last) = end.pop() {
        if last < 0xFF {
            end.push(last + 1);
            return Some(end);
        }
    }
    None
}

/// The partition prefix of an item key: the bytes a partition's keys share. `None` if the
/// key is not an item key. Used as the engine's prefix extractor, so a Query skips tables
/// whose prefix filter lacks its partition.
pub fn partition_prefix_of(key: &[u8]) -> Option<&[u8]> {
    if key.first() != Some(&NS_ITEM) {
        return None;
    }
    let rest = key.get(ITEM_HEADER_LEN..)?;
    let n = key_value_len(rest).ok()?;
    key.get(..ITEM_HEADER_LEN + n)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn s(v: &str) -> AttributeValue {
        AttributeValue::S(v.into())
    }

    #[test]
    fn partition_items_are_contiguous_and_sorted_by_sort_key() {
        let p = partition_prefix(7, BASE_TABLE, &s("user#1")).unwrap();
        let end = prefix_end(&p).unwrap();
        let mut keys: Vec<Vec<u8>> = ["b", "a", "", "a\0", "ab"]
            .iter()
            .map(|sk| item_key(7, BASE_TABLE, &s("user#1"), Some(&s(sk)), &[]).unwrap())
            .collect();
        for k in &keys {
            assert!(k.starts_with(&p) && k.as_slice() < end.as_slice());
            assert_eq!(partition_prefix_of(k), Some(p.as_slice()));
        }
        keys.sort();
        let decoded: Vec<_> = keys
            .iter()
            .map(|k| super::super::decode_key_value(&k[p.len()..]).unwrap().0)
            .collect();
        assert_eq!(decoded, vec![s(""), s("a"), s("a\0"), s("ab"), s("b")]);
        // Another partition never falls inside this one's range.
        let other = item_key(7, BASE_TABLE, &s("user#10"), Some(&s("a")), &[]).unwrap();
        assert!(!(other.as_slice() >= p.as_slice() && other.as_slice() < end.as_slice()));
    }

    #[test]
    fn hash_is_stable() {
        // On-disk: the hash is part of every stored key.
        assert_eq!(partition_hash(&s("")), 0x65a4_c052_94be_8932);
        assert_eq!(partition_hash(&s("user#1")), 0x8b54_2929_2388_62fe);
        assert_ne!(partition_hash(&s("user#1")), partition_hash(&s("user#2")));
    }

    #[test]
    fn non_item_keys_have_no_partition_prefix() {
        assert_eq!(partition_prefix_of(&catalog_key("t")), None);
        assert_eq!(partition_prefix_of(&[NS_ITEM, 0, 0]), None);
        assert_eq!(prefix_end(&[0xFF, 0xFF]), None);
        assert_eq!(prefix_end(&[1, 0xFF]), Some(vec![2]));
    }
}
