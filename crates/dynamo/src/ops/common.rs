//! What several operations share: finding a usable table, checking keys and items against
//! its schema, reading request members.

use std::sync::Arc;

use serde_json::{Map, Value};

use crate::db::Database;
use crate::error::{DynamoError, Result};
use crate::messages;
use crate::table::{Table, TableSchema, TableStatus};
use crate::types::{decode_item, AttributeValue, Item};

/// Longest partition key value, in bytes.
pub const MAX_HASH_KEY_BYTES: usize = 2048;
/// Longest sort key value, in bytes.
pub const MAX_RANGE_KEY_BYTES: usize = 1024;

/// A string member of the request, if present.
pub fn str_member<'a>(body: &'a Map<String, Value>, name: &str) -> Option<&'a str> {
    body.get(name).and_then(Value::as_str)
}

/// A boolean member of the request (absent: false).
pub fn bool_member(body: &Map<String, Value>, name: &str) -> bool {
    body.get(name).and_then(Value::as_bool).unwrap_or(false)
}

/// The table an item operation addresses: it must exist and not be `CREATING` or
/// `DELETING` (DynamoDB answers as if it did not exist).
pub fn usable_table(db: &Database, name: &str) -> Result<Arc<Table>> {
    match db.catalog.get(name) {
        Some(t) if !matches!(t.status(), TableStatus::Creating | TableStatus::Deleting) => Ok(t),
        _ => Err(DynamoError::not_found(messages::RESOURCE_NOT_FOUND)),
    }
}

/// Decodes an item-shaped member (`Item`, `Key`, ...), absent being empty.
pub fn item_member(body: &Map<String, Value>, name: &str) -> Result<Item> {
    match body.get(name) {
        Some(v) if !v.is_null() => Ok(decode_item(v)?),
        _ => Ok(Item::new()),
    }
}

fn key_value_size(v: &AttributeValue) -> usize {
    match v {
        AttributeValue::S(s) => s.len(),
        AttributeValue::B(b) => b.len(),
        other => crate::types::value_size(other),
    }
}

fn check_key_sizes(schema: &TableSchema, item: &Item, whole_item: bool) -> Result<()> {
    let empty = if whole_item {
        messages::empty_item_key
    } else {
        messages::empty_key
    };
    for (i, attr) in schema.key.attributes().enumerate() {
        if let Some(v) = item.get(&attr.name) {
            if matches!(v, AttributeValue::S(s) if s.is_empty())
                || matches!(v, AttributeValue::B(b) if b.is_empty())
            {
                return Err(DynamoError::validation(empty(&attr.name, v.type_name())));
            }
            let (limit, msg) = if i == 0 {
                (MAX_HASH_KEY_BYTES, messages::HASH_KEY_TOO_LONG)
            } else {
                (MAX_RANGE_KEY_BYTES, messages::RANGE_KEY_TOO_LONG)
            };
            if key_value_size(v) > limit {
                return Err(DynamoError::validation(msg));
            }
        }
    }
    Ok(())
}

/// Checks a `Key` member against the table's key schema: exactly the key attributes, with
/// the schema's types, non-empty, within the size limits.
pub fn check_key(schema: &TableSchema, key: &Item) -> Result<()> {
    let n = schema.key.attributes().count();
    let matches = key.len() == n
        && schema
            .key
            .attributes()
            .all(|a| key.get(&a.name).is_some_and(|v| v.attribute_type() == a.ty));
    if !matches {
        return Err(DynamoError::validation(messages::KEY_SCHEMA_MISMATCH));
    }
    check_key_sizes(schema, key, false)
}

/// Checks an item to be stored: the table's key attributes present with the schema's
/// types, non-empty and within limits, and every index key attribute it has of the type
/// the index declares.
pub fn check_item_keys(schema: &TableSchema, item: &Item) -> Result<()> {
    for attr in schema.key.attributes() {
        match item.get(&attr.name) {
            None => return Err(DynamoError::validation(messages::missing_key(&attr.name))),
            Some(v) if v.attribute_type() != attr.ty => {
                return Err(DynamoError::validation(messages::key_type_mismatch(
                    &attr.name,
                    attr.ty.name(),
                    v.type_name(),
                )))
            }
            Some(_) => {}
        }
    }
    check_key_sizes(schema, item, true)?;
    check_index_keys(schema, item)
}

/// Checks the index key attributes an item has: of the type each index declares, and not
/// empty.
pub fn check_index_keys(schema: &TableSchema, item: &Item) -> Result<()> {
    for index in &schema.indexes {
        for attr in index.key.attributes() {
            if let Some(v) = item.get(&attr.name) {
                if v.attribute_type() != attr.ty {
                    return Err(DynamoError::validation(messages::index_key_type_mismatch(
                        &attr.name,
                        attr.ty.name(),
                        v.type_name(),
                        &index.name,
                    )));
                }
                if matches!(v, AttributeValue::S(s) if s.is_empty())
                    || matches!(v, AttributeValue::B(b) if b.is_empty())
                {
                    return Err(DynamoError::validation(messages::empty_item_key(
                        &attr.name,
                        v.type_name(),
                    )));
                }
            }
        }
    }
    Ok(())
}

/// Renders an item as DynamoDB JSON.
pub fn item_json(item: &Item) -> Value {
    crate::types::encode_item(item)
}

/// The `ConditionalCheckFailedException` for a failed condition, carrying the item if the
/// request asked for it with `ReturnValuesOnConditionCheckFailure: ALL_OLD`.
pub fn condition_failed(body: &Map<String, Value>, old: Option<&Item>) -> DynamoError {
    let mut e = DynamoError::new(
        crate::error::ErrorKind::ConditionalCheckFailed,
        messages::CONDITIONAL_CHECK_FAILED,
    );
    if str_member(body, "ReturnValuesOnConditionCheckFailure") == Some("ALL_OLD") {
        e.item = old.cloned();
    }
    e
}
