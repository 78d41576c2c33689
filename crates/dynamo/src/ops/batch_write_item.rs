//! BatchWriteItem: up to 25 puts and deletes over one or more tables, without conditions,
//! applied as one atomic write.
//!
//! # Order of checks
//!
//! DynamoDB's, as dynalite's tests recorded it (`test/batchWriteItem.js`). First the request
//! alone: more than 25 requests over all tables ("Too many items requested for the
//! BatchWriteItem call"; 26 in one table already failed the member constraint); then, table
//! by table in request order, a write request with neither or both of `PutRequest` and
//! `DeleteRequest` (DynamoDB's union message, "Supplied AttributeValue has more than one
//! datatypes set, ..."), and request by request the item's values and size ("Item size has
//! exceeded the maximum allowed size"), or the key's values. Then, table by table: the table
//! ("Requested resource not found" if it does not exist or is being created or deleted,
//! before any duplicate: dynalite's "should check table exists first before checking for
//! duplicate keys"), and request by request its key against the key schema — a missing key
//! attribute or one of the wrong type in a put is "The provided key element does not match
//! the schema", not PutItem's texts — key sizes, index key types, and last a request on an
//! item an earlier request of the same table addressed ("Provided list of item keys contains
//! duplicates", a put and a delete of one item included).
//!
//! # One atomic write
//!
//! DynamoDB applies each request on its own and promises nothing across them: some may be
//! done while others come back in `UnprocessedItems`. cairn applies all the requests of a
//! call with one [`Storage::write_items`](crate::storage::Storage::write_items): one engine
//! batch (one log record, one sync) instead of up to 25, and no reader sees part of the call.
//! That is one of the outcomes DynamoDB allows, so `UnprocessedItems` is always `{}`.
//!
//! # Capacity and item collections
//!
//! Each request costs what PutItem or DeleteItem would (the larger of the old and new
//! item, per KB, plus each index entry it changes); `ConsumedCapacity` is a list with one
//! entry per table, in request order. With `ReturnItemCollectionMetrics: SIZE`, every
//! table with local secondary indexes gets one `ItemCollectionMetrics` entry per partition
//! key the call wrote, measured after the write; the member is left out when there is none.

use std::collections::HashSet;
use std::sync::Arc;

use serde_json::{json, Map, Value};

use super::capacity::{self, Consumed, Report};
use super::common::{check_item_keys, check_key, item_json, str_member, usable_table};
use crate::db::Database;
use crate::error::{DynamoError, Result};
use crate::messages;
use crate::storage::{Change, ItemRef, SortRange};
use crate::table::{IndexKind, Table, TableSchema};
use crate::types::messages::MULTIPLE_DATATYPES;
use crate::types::{check_item_size, decode_item, item_size, AttributeValue, Item};

/// Most write requests one call takes, over all its tables.
pub const MAX_REQUESTS: usize = 25;

/// One write request, decoded.
enum Request {
    /// `PutRequest.Item`.
    Put(Item),
    /// `DeleteRequest.Key`.
    Delete(Item),
}

/// One table's requests.
struct Writes<'a> {
    /// The table name, as the request spells it.
    name: &'a str,
    requests: Vec<Request>,
}

/// Runs BatchWriteItem.
pub fn run(db: &Database, body: &Map<String, Value>) -> Result<Value> {
    let writes = parse_requests(body)?;
    let mut tables: Vec<Arc<Table>> = Vec::with_capacity(writes.len());
    let mut keys: Vec<Vec<Item>> = Vec::with_capacity(writes.len());
    for w in &writes {
        let table = usable_table(db, w.name)?;
        keys.push(check_requests(&table.schema, &w.requests)?);
        tables.push(table);
    }
    let consumed = apply(db, writes, &tables, &keys)?;

    let mut out = Map::new();
    out.insert("UnprocessedItems".into(), json!({}));
    let report = Report::of(body);
    if report != Report::None {
        let list = consumed.iter().filter_map(|c| c.render(report)).collect();
        out.insert("ConsumedCapacity".into(), Value::Array(list));
    }
    if str_member(body, "ReturnItemCollectionMetrics") == Some("SIZE") {
        let mut metrics = Map::new();
        for (table, keys) in tables.iter().zip(&keys) {
            if !table.schema.has_local_indexes() {
                continue;
            }
            let mut partitions: Vec<&AttributeValue> = Vec::new();
            for key in keys {
                if let Some(p) = key.get(&table.schema.key.hash.name) {
                    if !partitions.contains(&p) {
                        partitions.push(p);
                    }
                }
            }
            let list = partitions
                .into_iter()
                .map(|p| item_collection_metrics(db, &table.schema, p))
                .collect::<Result<Vec<_>>>()?;
            metrics.insert(table.name().to_owned(), Value::Array(list));
        }
        if !metrics.is_empty() {
            out.insert("ItemCollectionMetrics".into(), Value::Object(metrics));
        }
    }
    Ok(Value::Object(out))
}

/// The request-only checks, in DynamoDB's order (see the module documentation).
fn parse_requests(body: &Map<String, Value>) -> Result<Vec<Writes<'_>>> {
    // The shape was checked before: RequestItems is a map of lists.
    let Some(request_items) = body.get("RequestItems").and_then(Value::as_object) else {
        return Ok(Vec::new());
    };
    let lists: Vec<(&str, &[Value])> = request_items
        .iter()
        .map(|(name, list)| {
            (
                name.as_str(),
                list.as_array().map_or(&[][..], Vec::as_slice),
            )
        })
        .collect();
    if lists.iter().map(|(_, l)| l.len()).sum::<usize>() > MAX_REQUESTS {
        return Err(DynamoError::validation(
            messages::BATCH_WRITE_TOO_MANY_REQUESTS,
        ));
    }
    let has = |request: &Value, name: &str| request.get(name).is_some_and(|v| !v.is_null());
    let mut writes = Vec::with_capacity(lists.len());
    for (name, list) in lists {
        let one_of_each = list
            .iter()
            .all(|r| has(r, "PutRequest") != has(r, "DeleteRequest"));
        if !one_of_each {
            return Err(DynamoError::validation(MULTIPLE_DATATYPES));
        }
        let mut requests = Vec::with_capacity(list.len());
        for request in list {
            if let Some(put) = request.get("PutRequest").filter(|v| !v.is_null()) {
                let item = decode_item(put.get("Item").unwrap_or(&Value::Null))?;
                check_item_size(&item).map_err(|e| DynamoError::validation(e.message()))?;
                requests.push(Request::Put(item));
            } else if let Some(delete) = request.get("DeleteRequest") {
                let key = decode_item(delete.get("Key").unwrap_or(&Value::Null))?;
                requests.push(Request::Delete(key));
            }
        }
        writes.push(Writes { name, requests });
    }
    Ok(writes)
}

/// Checks one table's requests against its schema, in order, and returns the key each
/// addresses.
fn check_requests(schema: &TableSchema, requests: &[Request]) -> Result<Vec<Item>> {
    let mut keys = Vec::with_capacity(requests.len());
    let mut seen = HashSet::with_capacity(requests.len());
    for request in requests {
        let key = match request {
            Request::Put(item) => {
                // A put that misses a key attribute or has it with the wrong type fails as a
                // key does, not with PutItem's texts (dynalite test/batchWriteItem.js "key
                // does not match schema").
                let keyed = schema.key.attributes().all(|a| {
                    item.get(&a.name)
                        .is_some_and(|v| v.attribute_type() == a.ty)
                });
                if !keyed {
                    return Err(DynamoError::validation(messages::KEY_SCHEMA_MISMATCH));
                }
                check_item_keys(schema, item)?;
                schema.key.key_of(item)
            }
            Request::Delete(key) => {
                check_key(schema, key)?;
                key.clone()
            }
        };
        if seen.contains(&key) {
            return Err(DynamoError::validation(messages::BATCH_DUPLICATE_KEYS));
        }
        seen.insert(key.clone());
        keys.push(key);
    }
    Ok(keys)
}

/// Applies every request in one atomic write; returns the capacity consumed per table.
fn apply(
    db: &Database,
    writes: Vec<Writes<'_>>,
    tables: &[Arc<Table>],
    keys: &[Vec<Item>],
) -> Result<Vec<Consumed>> {
    let mut refs = Vec::new();
    for (table, keys) in tables.iter().zip(keys) {
        for key in keys {
            refs.push(ItemRef {
                table: &table.schema,
                key,
            });
        }
    }
    let mut changes: Option<Vec<Change>> = Some(
        writes
            .into_iter()
            .flat_map(|w| w.requests)
            .map(|r| match r {
                Request::Put(item) => Change::Put(item),
                Request::Delete(_) => Change::Delete,
            })
            .collect(),
    );
    let mut consumed: Vec<Consumed> = tables
        .iter()
        .map(|t| Consumed::table(t.name(), 0.0))
        .collect();
    db.storage.write_items(&refs, &mut |old| {
        let changes = changes
            .take()
            .ok_or_else(|| DynamoError::internal("batch write decided twice"))?;
        for ((r, old), change) in refs.iter().zip(old).zip(&changes) {
            let new = match change {
                Change::Put(item) => Some(item),
                Change::Delete | Change::Keep => None,
            };
            let units = capacity::for_write(r.table, old.as_ref(), new);
            if let Some(c) = consumed.iter_mut().find(|c| c.table == r.table.name) {
                c.add(&units);
            }
        }
        Ok(changes)
    })?;
    Ok(consumed)
}

/// The `ItemCollectionMetrics` entry of the item collection (the table's items and their
/// local index entries) with partition key `partition`: its key and its size in GB as a
/// range of whole gigabytes, `[0.0, 1.0]` below 1 GB. Measuring reads the whole collection
/// (at most 10 GB), so it is done only when a request asks for it.
pub(crate) fn item_collection_metrics(
    db: &Database,
    schema: &TableSchema,
    partition: &AttributeValue,
) -> Result<Value> {
    let mut bytes = 0u64;
    let locals = schema.indexes.iter().filter(|i| i.kind == IndexKind::Local);
    for source in std::iter::once(None).chain(locals.map(Some)) {
        let cursor = db
            .storage
            .query(schema, source, partition, &SortRange::All, true, None)?;
        for item in cursor {
            bytes += item_size(&item?) as u64;
        }
    }
    let gb = (bytes >> 30) as f64;
    let key: Item = [(schema.key.hash.name.clone(), partition.clone())]
        .into_iter()
        .collect();
    Ok(json!({
        "ItemCollectionKey": item_json(&key),
        "SizeEstimateRangeGB": [gb, gb + 1.0],
    }))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn parse_error(body: Value) -> String {
        parse_requests(body.as_object().unwrap())
            .err()
            .expect("an error")
            .message
    }

    #[test]
    fn more_than_25_requests_over_all_tables() {
        let puts: Vec<Value> = (0..13)
            .map(|i| json!({"PutRequest": {"Item": {"a": {"S": i.to_string()}}}}))
            .collect();
        assert_eq!(
            parse_error(json!({"RequestItems": {"abc": puts, "abd": puts}})),
            messages::BATCH_WRITE_TOO_MANY_REQUESTS
        );
    }

    #[test]
    fn a_request_must_be_exactly_one_of_put_and_delete() {
        // dynalite test/batchWriteItem.js "empty item in RequestItems".
        assert_eq!(
            parse_error(json!({"RequestItems": {"abc": [{}]}})),
            MULTIPLE_DATATYPES
        );
        let both = json!({"PutRequest": {"Item": {"a": {"S": "x"}}},
                          "DeleteRequest": {"Key": {"a": {"S": "x"}}}});
        assert_eq!(
            parse_error(json!({"RequestItems": {"abc": [both]}})),
            MULTIPLE_DATATYPES
        );
    }

    #[test]
    fn item_size_is_checked_before_the_table() {
        let big = "a".repeat(400 * 1024);
        assert_eq!(
            parse_error(json!({"RequestItems": {"abc": [
                {"PutRequest": {"Item": {"a": {"S": "k"}, "b": {"S": big}}}}
            ]}})),
            "Item size has exceeded the maximum allowed size"
        );
    }
}
