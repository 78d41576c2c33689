//! Item collections of tables with local secondary indexes: `ItemCollectionMetrics` and the
//! 10 GB limit.
//!
//! An item collection is every item with one partition key value, plus their entries in the
//! table's local indexes. DynamoDB reports its size as a range of gigabytes
//! (`SizeEstimateRangeGB`, lower and upper bound) when a write asks with
//! `ReturnItemCollectionMetrics: SIZE`, and refuses a write that would take it past 10 GB.

use serde_json::{json, Map, Value};

use super::common::str_member;
use crate::db::Database;
use crate::error::{DynamoError, ErrorKind, Result};
use crate::messages;
use crate::storage::SortRange;
use crate::table::{IndexKind, TableSchema};
use crate::types::{item_size, AttributeValue, Item};

/// Largest item collection of a table with local indexes.
pub const MAX_COLLECTION_BYTES: u64 = 10 * 1024 * 1024 * 1024;

const GB: f64 = 1024.0 * 1024.0 * 1024.0;

/// The size of the item collection of `partition`: its items and their local index entries.
pub fn collection_size(
    db: &Database,
    schema: &TableSchema,
    partition: &AttributeValue,
) -> Result<u64> {
    let mut bytes = 0u64;
    for item in db
        .storage
        .query(schema, None, partition, &SortRange::All, true, None)?
    {
        bytes += item_size(&item?) as u64;
    }
    for index in schema.indexes.iter().filter(|i| i.kind == IndexKind::Local) {
        for entry in
            db.storage
                .query(schema, Some(index), partition, &SortRange::All, true, None)?
        {
            bytes += item_size(&entry?) as u64;
        }
    }
    Ok(bytes)
}

/// Refuses a write that makes the collection of `item` larger than 10 GB (tables with local
/// indexes only). `growth` is how many bytes the write adds.
pub fn check_limit(db: &Database, schema: &TableSchema, item: &Item, growth: u64) -> Result<()> {
    if !schema.has_local_indexes() || growth == 0 {
        return Ok(());
    }
    let Some(partition) = item.get(&schema.key.hash.name) else {
        return Ok(());
    };
    if collection_size(db, schema, partition)? + growth > MAX_COLLECTION_BYTES {
        return Err(DynamoError::new(
            ErrorKind::ItemCollectionSizeLimitExceeded,
            messages::ITEM_COLLECTION_TOO_LARGE,
        ));
    }
    Ok(())
}

/// The `ItemCollectionMetrics` of the collection holding `key`.
pub fn metrics(db: &Database, schema: &TableSchema, key: &Item) -> Result<Option<Value>> {
    let Some(partition) = key.get(&schema.key.hash.name) else {
        return Ok(None);
    };
    let gb = collection_size(db, schema, partition)? as f64 / GB;
    let lower = gb.floor();
    Ok(Some(json!({
        "ItemCollectionKey": { schema.key.hash.name.clone(): crate::types::encode_attribute_value(partition) },
        "SizeEstimateRangeGB": [lower, lower + 1.0],
    })))
}

/// Adds `ItemCollectionMetrics` to a write's response when the request asked for them and
/// the table has local indexes.
pub fn attach_metrics(
    db: &Database,
    out: &mut Map<String, Value>,
    body: &Map<String, Value>,
    schema: &TableSchema,
    key: &Item,
) -> Result<()> {
    if str_member(body, "ReturnItemCollectionMetrics") != Some("SIZE")
        || !schema.has_local_indexes()
    {
        return Ok(());
    }
    if let Some(m) = metrics(db, schema, key)? {
        out.insert("ItemCollectionMetrics".into(), m);
    }
    Ok(())
}
