//! What Query and Scan share: reading one page ([`Reading`], [`Page`]); the request's
//! source, `Select` and `ExclusiveStartKey` are checked in [`request`].
//!
//! A page follows DynamoDB's rules:
//! - items are read in storage order until `Limit` items have been *evaluated* (read, before
//!   the filter) or 1 MB has been read; the item that reaches either bound is the last one
//!   read, and its key is `LastEvaluatedKey` even when nothing follows it (dynalite's tests
//!   against DynamoDB: a `Limit` equal to the partition's size still returns a key);
//! - `ScannedCount` counts the items read, `Count` those that passed the filter;
//! - `LastEvaluatedKey` holds the table's key attributes and, reading an index, the index's;
//! - a global secondary index answers with its projected attributes only; a local one fetches
//!   the table's item when the request needs attributes it does not project (`Select:
//!   ALL_ATTRIBUTES`, or a projection or filter naming one), charging the table for it;
//! - consumed capacity is the total size read rounded up to 4 KB units (at least one unit on
//!   the source read), halved when eventually consistent; items fetched from the table of a
//!   local index are charged to the table, rounded on their own.
//!
//! The 1 MB bound is not counted in item sizes but in what DynamoDB reads ([`read_size`]):
//! attribute names cost a byte, values carry a length or type byte, and every item an
//! overhead that repeats the sort key once per started 3 KB. The model and its constants are
//! dynalite's, fitted to where DynamoDB ends pages of 25 items of about 41 KB (its tests
//! "just under/over limit", run against DynamoDB).

use std::collections::BTreeMap;

use serde_json::{Map, Value};

use super::capacity::{self, Consumed, Report};
use super::key_paths::{condition_paths, head};
use crate::db::Database;
use crate::error::Result;
use crate::expr::eval::{evaluate_condition, project_paths};
use crate::expr::resolve::{ResolvedPath, Step};
use crate::expr::{Condition, ExprKind};
use crate::storage::ItemCursor;
use crate::table::{IndexKind, IndexSchema, Projection, TableSchema};
use crate::types::json::{attribute_value_into_json, item_into_json};
use crate::types::size::number_size;
use crate::types::{item_size, value_size, AttributeValue, Item};

mod request;

pub use request::{
    check_key_piece, check_select_on_index, check_table_start_key, source, start_key,
    start_key_attributes, Reader, Select,
};

/// The most data one page reads, in bytes.
pub const MAX_PAGE_BYTES: usize = 1024 * 1024;

/// A filter with the maps its placeholders refer to (the request's, or a translated legacy
/// filter's own).
#[derive(Debug, Clone, Copy)]
pub struct Filter<'a> {
    /// The condition.
    pub condition: &'a Condition,
    /// Its names.
    pub names: &'a BTreeMap<String, String>,
    /// Its values.
    pub values: &'a BTreeMap<String, AttributeValue>,
}

impl<'a> Filter<'a> {
    /// The filter of a request: its `FilterExpression`, else its translated legacy
    /// `QueryFilter` / `ScanFilter`.
    pub fn of(
        ex: &'a super::expressions::Expressions,
        legacy: Option<&'a crate::legacy::Translated<Condition>>,
    ) -> Option<Filter<'a>> {
        match (&ex.filter, legacy) {
            (Some(c), _) => Some(Filter {
                condition: c,
                names: &ex.names,
                values: &ex.values,
            }),
            (None, Some(t)) => Some(Filter {
                condition: &t.expression,
                names: &t.names,
                values: &t.values,
            }),
            (None, None) => None,
        }
    }
}

/// One page to read: where, how much, what to keep and what to return.
#[derive(Debug)]
pub struct Reading<'a> {
    /// The table.
    pub schema: &'a TableSchema,
    /// The index read, if any.
    pub index: Option<&'a IndexSchema>,
    /// `Limit`.
    pub limit: Option<usize>,
    /// `FilterExpression`, `QueryFilter` or `ScanFilter`.
    pub filter: Option<Filter<'a>>,
    /// The projection's paths (`ProjectionExpression` or `AttributesToGet`), resolved.
    pub projection: Option<&'a [ResolvedPath]>,
    /// `Select`.
    pub select: Select,
    /// `ConsistentRead`.
    pub consistent: bool,
    /// `ReturnConsumedCapacity` (item sizes are summed only if reported).
    pub report: Report,
}

/// A page read.
#[derive(Debug, Default)]
pub struct Page {
    items: Vec<Value>,
    count: usize,
    scanned: usize,
    last_key: Option<Map<String, Value>>,
    source_bytes: usize,
    fetched_bytes: usize,
}

impl<'a> Reading<'a> {
    /// The reading a Query or Scan request asks for (`Limit`, `ConsistentRead`,
    /// `ReturnConsumedCapacity` from `body`).
    pub fn new(
        body: &Map<String, Value>,
        schema: &'a TableSchema,
        index: Option<&'a IndexSchema>,
        filter: Option<Filter<'a>>,
        projection: Option<&'a [ResolvedPath]>,
        select: Select,
    ) -> Reading<'a> {
        Reading {
            schema,
            index,
            limit: body
                .get("Limit")
                .and_then(Value::as_u64)
                .map(|l| l as usize),
            filter,
            projection,
            select,
            consistent: super::common::bool_member(body, "ConsistentRead"),
            report: Report::of(body),
        }
    }
}

impl Reading<'_> {
    /// Whether the source read (the table, or the index) holds attribute `name`.
    fn index_projects(&self, name: &str) -> bool {
        let Some(index) = self.index else {
            return true;
        };
        match &index.projection {
            Projection::All => true,
            Projection::KeysOnly => self.schema.key.contains(name) || index.key.contains(name),
            Projection::Include(extra) => {
                self.schema.key.contains(name)
                    || index.key.contains(name)
                    || extra.iter().any(|e| e == name)
            }
        }
    }

    /// Whether each entry of a local index must be completed with the table's item.
    fn fetches_table_items(&self) -> bool {
        let Some(index) = self.index else {
            return false;
        };
        if index.kind != IndexKind::Local || index.projection == Projection::All {
            return false;
        }
        let outside = |paths: &[ResolvedPath]| {
            paths
                .iter()
                .any(|p| head(p).is_some_and(|n| !self.index_projects(n)))
        };
        match self.select {
            Select::AllAttributes => return true,
            Select::SpecificAttributes if self.projection.is_some_and(outside) => return true,
            _ => {}
        }
        self.filter
            .is_some_and(|f| outside(&condition_paths(f.condition, f.names)))
    }

    fn key_of(&self, item: &Item) -> Map<String, Value> {
        start_key_attributes(self.schema, self.index)
            .into_iter()
            .filter_map(|a| {
                item.get(&a.name)
                    .map(|v| (a.name.clone(), attribute_value_into_json(v.clone())))
            })
            .collect()
    }

    /// Reads the page from `cursor`; `db` supplies the table's items of a local index.
    pub fn read(&self, db: &Database, cursor: ItemCursor) -> Result<Page> {
        let fetch = self.fetches_table_items();
        let top_level: Option<Vec<&str>> = self.projection.and_then(|paths| {
            paths
                .iter()
                .map(|p| match p.as_slice() {
                    [Step::Name(n)] => Some(n.as_str()),
                    _ => None,
                })
                .collect()
        });
        let sort_key = self.schema.key.range.as_ref().map(|r| r.name.as_str());
        let mut read = 0;
        let mut page = Page::default();
        for entry in cursor {
            let entry = entry?;
            page.scanned += 1;
            if self.report != Report::None {
                page.source_bytes += item_size(&entry);
            }
            read += read_size(&entry, sort_key);
            let last = self.limit.is_some_and(|l| page.scanned >= l) || read >= MAX_PAGE_BYTES;
            if last {
                page.last_key = Some(self.key_of(&entry));
            }
            let item = if fetch {
                let key = self.schema.key.key_of(&entry);
                match db.storage.get_item(self.schema, &key)? {
                    Some(base) => {
                        if self.report != Report::None {
                            page.fetched_bytes += item_size(&base);
                        }
                        base
                    }
                    None => entry,
                }
            } else {
                entry
            };
            let keep = match &self.filter {
                Some(f) => evaluate_condition(
                    f.condition,
                    ExprKind::Filter,
                    f.names,
                    f.values,
                    Some(&item),
                )?,
                None => true,
            };
            if keep {
                page.count += 1;
                if self.select != Select::Count {
                    let mut item = item;
                    if fetch && self.select == Select::AllProjectedAttributes {
                        // Fetched for the filter only: answer with what the index holds.
                        item.retain(|name, _| self.index_projects(name));
                    }
                    let json = match (&top_level, self.projection) {
                        (Some(names), _) => encode_selected(item, names),
                        (None, Some(paths)) => item_into_json(project_paths(&item, paths)),
                        (None, None) => item_into_json(item),
                    };
                    page.items.push(json);
                }
            }
            if last {
                break;
            }
        }
        Ok(page)
    }
}

impl Page {
    /// The response: `Items` (unless counting), `Count`, `ScannedCount`,
    /// `LastEvaluatedKey`, `ConsumedCapacity` if asked for.
    pub fn response(self, reading: &Reading<'_>) -> Value {
        let mut out = Map::with_capacity(5);
        let count = self.count;
        if reading.select != Select::Count {
            out.insert("Items".into(), Value::Array(self.items));
        }
        out.insert("Count".into(), count.into());
        out.insert("ScannedCount".into(), self.scanned.into());
        if let Some(key) = self.last_key {
            out.insert("LastEvaluatedKey".into(), Value::Object(key));
        }
        let report = reading.report;
        if report != Report::None {
            let source_units = capacity::read_units(self.source_bytes, reading.consistent);
            let fetched_units = self.fetched_bytes.div_ceil(4096) as f64
                * if reading.consistent { 1.0 } else { 0.5 };
            let consumed = match reading.index {
                None => Consumed::table(&reading.schema.name, source_units),
                Some(index) => {
                    let mut c = Consumed::table(&reading.schema.name, fetched_units);
                    let share = (index.name.clone(), source_units);
                    match index.kind {
                        IndexKind::Global => c.global.push(share),
                        IndexKind::Local => c.local.push(share),
                    }
                    c
                }
            };
            capacity::attach(&mut out, report, &consumed);
        }
        Value::Object(out)
    }
}

/// The bytes DynamoDB counts against a page's 1 MB for `item` of a table whose sort key is
/// `sort_key` (see the module documentation).
fn read_size(item: &Item, sort_key: Option<&str>) -> usize {
    let mut body = 0;
    let mut sort = 0;
    for (name, value) in item {
        if Some(name.as_str()) == sort_key {
            // The sort key is counted in the overhead, without its length byte.
            sort = value_size(value);
        } else {
            body += stored_size(value) + 1;
        }
    }
    2 + body + (1 + (1 + body) / 3072) * (18 + sort)
}

/// The stored size of a value in [`read_size`]: its data plus a length or type byte.
fn stored_size(value: &AttributeValue) -> usize {
    match value {
        AttributeValue::S(s) => {
            let n = s.len();
            n + match n {
                0..128 => 1,
                128..16384 => 2,
                _ => 3,
            }
        }
        AttributeValue::B(b) => b.len() + 1,
        AttributeValue::N(n) => number_size(n) + 1,
        AttributeValue::NULL => 0,
        AttributeValue::BOOL(_) => 1,
        AttributeValue::SS(set) => set.iter().map(String::len).sum::<usize>() + set.len() + 1,
        AttributeValue::BS(set) => set.iter().map(Vec::len).sum::<usize>() + set.len() + 1,
        AttributeValue::NS(set) => set.iter().map(number_size).sum::<usize>() + set.len() + 1,
        AttributeValue::L(list) => 3 + list.iter().map(|v| 1 + stored_size(v)).sum::<usize>(),
        AttributeValue::M(map) => {
            3 + map.len() + map.values().map(|v| stored_size(v) + 1).sum::<usize>()
        }
    }
}

/// Encodes the top-level attributes `names` of an owned item, in ascending order.
fn encode_selected(item: Item, names: &[&str]) -> Value {
    let mut object = Map::with_capacity(names.len());
    for (name, value) in item {
        if names.contains(&name.as_str()) {
            object.insert(name, attribute_value_into_json(value));
        }
    }
    Value::Object(object)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::types::{decode_item, encode_attribute_value};
    use serde_json::json;

    #[test]
    fn owned_encoding_matches_the_wire_encoder() {
        let item = decode_item(&json!({
            "s": {"S": "x"}, "n": {"N": "1.50"}, "b": {"B": "YQ=="}, "t": {"BOOL": true},
            "z": {"NULL": true}, "ss": {"SS": ["b", "a"]}, "ns": {"NS": ["2", "10"]},
            "bs": {"BS": ["YQ=="]}, "l": {"L": [{"S": "a"}, {"N": "-0"}]},
            "m": {"M": {"k": {"M": {"x": {"S": ""}}}}}
        }))
        .unwrap();
        for (_, v) in item.clone() {
            assert_eq!(
                attribute_value_into_json(v.clone()),
                encode_attribute_value(&v)
            );
        }
        assert_eq!(
            item_into_json(item.clone()),
            crate::types::encode_item(&item)
        );
        assert_eq!(
            encode_selected(item, &["z", "s", "missing"]),
            json!({"s": {"S": "x"}, "z": {"NULL": true}})
        );
    }

    #[test]
    fn read_size_puts_pages_where_dynamodb_does() {
        // dynalite's "just under/over limit" query tests, run against DynamoDB: 25 items of a
        // 10-character partition key, a 2-character sort key and a 41,645-character string
        // read exactly one byte less than 1 MB; one more character reaches it.
        let item = |len: usize| {
            decode_item(&json!({"a": {"S": "AAAA123456"}, "b": {"S": "07"},
                                "e": {"S": "e".repeat(len)}}))
            .unwrap()
        };
        assert_eq!(read_size(&item(41_645), Some("b")) * 25, MAX_PAGE_BYTES - 1);
        assert_eq!(
            read_size(&item(41_645), Some("b")) * 24 + read_size(&item(41_646), Some("b")),
            MAX_PAGE_BYTES
        );
    }
}
