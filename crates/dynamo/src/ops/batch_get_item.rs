//! BatchGetItem: up to 100 items by key, from one or more tables, each table's items
//! projected as its entry asks; what does not fit the response comes back in
//! `UnprocessedKeys`.
//!
//! # Order of checks
//!
//! DynamoDB's, as dynalite's tests recorded it (`test/batchGetItem.js`): first the request
//! alone, one table entry after the other in request order — which parameters the entry
//! combines, duplicate `AttributesToGet` names, the expressions, then each key's values, a
//! key seen before in the same entry ("Provided list of item keys contains duplicates",
//! comparing whole keys: `{a, b}` and `{b, a}` are one key), and the running total of keys
//! over all entries ("Too many items requested for the BatchGetItem call" at the 101st).
//! Then, entry by entry, the table ("Requested resource not found" if it does not exist or is
//! being created or deleted) and each key against its key schema.
//!
//! # Reading
//!
//! Keys are read one by one, each table in its entry's order; nothing is promised about
//! consistency between them, as in DynamoDB. `Responses` has every table of the request
//! (an empty list when none of its items exists), and the items in key order (DynamoDB
//! promises no order). Projections never add the key attributes (the nubo suite's
//! `batchGetItem/basic.test.ts`).
//!
//! # Partial results
//!
//! DynamoDB returns a partial result when more than 1 MB is requested from one partition, and
//! when the response would pass 16 MB (the API reference of BatchGetItem). A cairn table is
//! one partition, as a small DynamoDB table is: the key whose item would take the bytes read
//! from its table past [`MAX_PARTITION_BYTES`], and the table's later keys, go back unread;
//! the key whose item (projected) would take the response past [`MAX_RESPONSE_BYTES`], and
//! every key after it of every table, too. Unread keys come back in `UnprocessedKeys`, each
//! table's entry with its own parameters; `UnprocessedKeys` is always present, `{}` when
//! everything was read.
//!
//! The partition limit is 1 MB plus one largest item (409,597 bytes), as recorded against
//! DynamoDB in dynalite's tests: from one small table, 1,458,173 bytes of items all come back
//! ("just under limit"), one byte more leaves the last key unprocessed ("just over"), and
//! 1.5 MB leave several ("very over").
//!
//! # Capacity
//!
//! Each key costs what GetItem would: one unit per 4 KB of the whole item (projection does
//! not lower it), rounded up per item, at least one (a missing item too), half for an
//! eventually consistent read. A key returned unprocessed costs the minimum read (the same
//! dynalite test, against DynamoDB: 385 units = the items read plus one per unprocessed
//! key). `ConsumedCapacity` is a list with one entry per table, in request order.

use std::collections::{BTreeMap, HashSet};

use serde_json::{Map, Value};

use super::capacity::{self, Consumed, Report};
use super::common::{bool_member, check_key, item_json, usable_table};
use super::expressions::Expressions;
use crate::db::Database;
use crate::error::{DynamoError, Result};
use crate::expr::eval::project;
use crate::expr::{ExprKind, ProjectionExpression};
use crate::legacy::{check_parameters, projection_from_attributes_to_get, Operation};
use crate::messages;
use crate::table::Table;
use crate::types::{decode_item, item_size, Item};

/// Most keys one call reads, over all its tables.
pub const MAX_KEYS: usize = 100;

/// Most bytes of items (as projected) one response returns.
pub const MAX_RESPONSE_BYTES: usize = 16 * 1024 * 1024;

/// Most bytes of items (as stored) one call reads from one partition (here: one table).
pub const MAX_PARTITION_BYTES: usize = 1024 * 1024 + 409_597;

/// One table's entry of `RequestItems`, checked.
struct Entry<'a> {
    /// The table name, as the request spells it (the key of `Responses`).
    name: &'a str,
    /// The entry as sent, for `UnprocessedKeys`.
    body: &'a Map<String, Value>,
    keys: Vec<Item>,
    /// The projection and the names its placeholders stand for.
    projection: Option<(ProjectionExpression, BTreeMap<String, String>)>,
    consistent: bool,
}

/// Runs BatchGetItem.
pub fn run(db: &Database, body: &Map<String, Value>) -> Result<Value> {
    let entries = parse_entries(body)?;
    let mut tables = Vec::with_capacity(entries.len());
    for entry in &entries {
        let table = usable_table(db, entry.name)?;
        for key in &entry.keys {
            check_key(&table.schema, key)?;
        }
        tables.push(table);
    }
    read(db, body, &entries, &tables)
}

/// The request-only checks, in DynamoDB's order (see the module documentation).
fn parse_entries(body: &Map<String, Value>) -> Result<Vec<Entry<'_>>> {
    // The shape was checked before: RequestItems is a map of objects.
    let Some(request_items) = body.get("RequestItems").and_then(Value::as_object) else {
        return Ok(Vec::new());
    };
    let mut entries = Vec::with_capacity(request_items.len());
    let mut total = 0usize;
    for (name, entry) in request_items {
        let Some(entry) = entry.as_object() else {
            continue;
        };
        check_parameters(Operation::GetItem, entry)?;
        let legacy = projection_from_attributes_to_get(entry)?;
        let ex = Expressions::parse(entry, &[ExprKind::Projection])?;
        let projection = match (ex.projection, legacy) {
            (Some(p), _) => Some((p, ex.names)),
            (None, Some(t)) => Some((t.expression, t.names)),
            (None, None) => None,
        };
        let mut keys = Vec::new();
        let mut seen = HashSet::new();
        for key in entry
            .get("Keys")
            .and_then(Value::as_array)
            .into_iter()
            .flatten()
        {
            let key = decode_item(key)?;
            if !seen.insert(key.clone()) {
                return Err(DynamoError::validation(messages::BATCH_DUPLICATE_KEYS));
            }
            total += 1;
            if total > MAX_KEYS {
                return Err(DynamoError::validation(messages::BATCH_GET_TOO_MANY_KEYS));
            }
            keys.push(key);
        }
        entries.push(Entry {
            name,
            body: entry,
            keys,
            projection,
            consistent: bool_member(entry, "ConsistentRead"),
        });
    }
    Ok(entries)
}

/// Reads every key (until the response is full) and renders the response.
fn read(
    db: &Database,
    body: &Map<String, Value>,
    entries: &[Entry<'_>],
    tables: &[std::sync::Arc<Table>],
) -> Result<Value> {
    let mut responses = Map::new();
    let mut unprocessed = Map::new();
    let mut consumed = Vec::with_capacity(entries.len());
    let mut returned_bytes = 0usize;
    let mut full = false;
    for (entry, table) in entries.iter().zip(tables) {
        let mut items = Vec::new();
        let mut left = Vec::new();
        let mut units = 0.0;
        let mut partition_bytes = 0usize;
        let mut partition_full = false;
        for key in &entry.keys {
            if !full && !partition_full {
                let item = db.storage.get_item(&table.schema, key)?;
                let size = item.as_ref().map_or(0, item_size);
                match item {
                    None => {
                        units += capacity::read_units(size, entry.consistent);
                        continue;
                    }
                    Some(_) if partition_bytes + size > MAX_PARTITION_BYTES => {
                        partition_full = true;
                    }
                    Some(item) => {
                        let item = match &entry.projection {
                            Some((p, names)) => project(p, names, &item)?,
                            None => item,
                        };
                        let bytes = item_size(&item);
                        if returned_bytes + bytes <= MAX_RESPONSE_BYTES {
                            returned_bytes += bytes;
                            partition_bytes += size;
                            units += capacity::read_units(size, entry.consistent);
                            items.push(item_json(&item));
                            continue;
                        }
                        full = true;
                    }
                }
            }
            units += capacity::read_units(0, entry.consistent);
            left.push(item_json(key));
        }
        responses.insert(entry.name.to_owned(), Value::Array(items));
        if !left.is_empty() {
            unprocessed.insert(entry.name.to_owned(), unprocessed_entry(entry, left));
        }
        consumed.push(Consumed::table(entry.name, units));
    }
    let mut out = Map::new();
    out.insert("Responses".into(), Value::Object(responses));
    out.insert("UnprocessedKeys".into(), Value::Object(unprocessed));
    let report = Report::of(body);
    if report != Report::None {
        let list = consumed.iter().filter_map(|c| c.render(report)).collect();
        out.insert("ConsumedCapacity".into(), Value::Array(list));
    }
    Ok(Value::Object(out))
}

/// An entry of `UnprocessedKeys`: the keys not read, with the entry's own parameters, so
/// the caller can send it again as it is.
fn unprocessed_entry(entry: &Entry<'_>, keys: Vec<Value>) -> Value {
    let mut m = Map::new();
    m.insert("Keys".into(), Value::Array(keys));
    for (k, v) in entry.body {
        if k != "Keys" && !v.is_null() {
            m.insert(k.clone(), v.clone());
        }
    }
    Value::Object(m)
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    fn entries_error(body: Value) -> String {
        parse_entries(body.as_object().unwrap())
            .err()
            .expect("an error")
            .message
    }

    #[test]
    fn duplicates_compare_whole_keys_in_any_order() {
        let key = json!({"a": {"S": "x"}, "b": {"N": "1"}});
        let swapped = json!({"b": {"N": "1.0"}, "a": {"S": "x"}});
        assert_eq!(
            entries_error(json!({"RequestItems": {"abc": {"Keys": [key, swapped]}}})),
            messages::BATCH_DUPLICATE_KEYS
        );
    }

    #[test]
    fn the_same_key_in_two_tables_is_no_duplicate() {
        let key = json!({"a": {"S": "x"}});
        let body = json!({"RequestItems": {"abc": {"Keys": [key]}, "abd": {"Keys": [key]}}});
        assert_eq!(parse_entries(body.as_object().unwrap()).unwrap().len(), 2);
    }

    #[test]
    fn the_101st_key_over_all_tables_is_too_many() {
        let keys: Vec<Value> = (0..100)
            .map(|i| json!({"a": {"S": i.to_string()}}))
            .collect();
        let body = json!({"RequestItems": {
            "abc": {"Keys": keys},
            "abd": {"Keys": [{"a": {"S": "100"}}]},
        }});
        assert_eq!(entries_error(body), messages::BATCH_GET_TOO_MANY_KEYS);
    }

    #[test]
    fn attributes_to_get_duplicates_come_before_duplicate_keys() {
        // dynalite test/batchGetItem.js "duplicated mixed up keys".
        let key = json!({"a": {"S": "x"}});
        assert_eq!(
            entries_error(json!({"RequestItems": {"abc": {
                "Keys": [key, {"a": {"S": "y"}}, key],
                "AttributesToGet": ["a", "a"],
            }}})),
            "One or more parameter values were invalid: Duplicate value in attribute name: a"
        );
    }

    #[test]
    fn expressions_come_before_key_values() {
        assert_eq!(
            entries_error(json!({"RequestItems": {"abc": {
                "Keys": [{"a": {"NULL": false}}],
                "ProjectionExpression": "",
            }}})),
            "Invalid ProjectionExpression: The expression can not be empty;"
        );
    }
}
