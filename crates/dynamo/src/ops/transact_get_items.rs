//! TransactGetItems: up to 100 items by key over any tables, read at one point in time.
//!
//! # Order of checks
//!
//! The request alone, action by action (the parameters it combines, its key values, its
//! `ProjectionExpression`: "Invalid ProjectionExpression: Syntax error; ..." is a
//! ValidationException, nubo `transactGetItems.test.ts`); then the tables ("Requested
//! resource not found"); then two gets of one item ("Transaction request cannot include
//! multiple operations on one item", a ValidationException). What needs the table's schema
//! — the key against the key schema, an empty key value, a projection path into a key
//! attribute — cancels the transaction instead, with a `ValidationError` reason for the
//! action and `None` for the others (nubo: an empty `Key` is "Transaction cancelled, please
//! refer cancellation reasons for specific reasons [ValidationError]").
//!
//! # Reads
//!
//! Every item is read by one [`Storage::get_items`](crate::storage::Storage::get_items),
//! at one engine snapshot: a TransactWriteItems is seen whole or not at all.
//!
//! # Answer
//!
//! `Responses`, one entry per get in request order: `{"Item": ...}`, or `{}` for an item
//! that does not exist or whose projection matched no attribute (as DynamoDB omits `Item`
//! there). `ConsumedCapacity`: per table, twice a strongly consistent read of each item
//! (a missing one included), with `ReadCapacityUnits`.

use std::collections::HashSet;
use std::sync::Arc;

use serde_json::{Map, Value};

use super::capacity::{self, Consumed, Report};
use super::common::{check_key, item_json, item_member, usable_table};
use super::expressions::{Expressions, Projection};
use super::transact::{self, add_consumed, render_consumed, Units};
use crate::db::Database;
use crate::error::{CancellationReason, DynamoError, ErrorKind, Result};
use crate::expr::ExprKind;
use crate::legacy::{check_parameters, Operation};
use crate::messages;
use crate::storage::ItemRef;
use crate::table::{Table, TableSchema};
use crate::types::{item_size, Item};

/// One get, checked as far as the request alone allows.
struct Get<'a> {
    table_name: &'a str,
    key: Item,
    ex: Expressions,
}

impl<'a> Get<'a> {
    fn parse(v: &'a Value) -> Result<Get<'a>> {
        // The shape was checked before: `Get` is a structure.
        let empty = Map::new();
        let body = v.get("Get").and_then(Value::as_object).unwrap_or(&empty);
        check_parameters(Operation::GetItem, body)?;
        let key = item_member(body, "Key")?;
        let ex = Expressions::parse(body, &[ExprKind::Projection])?;
        Ok(Get {
            table_name: v
                .pointer("/Get/TableName")
                .and_then(Value::as_str)
                .unwrap_or_default(),
            key,
            ex,
        })
    }

    fn check_schema(&self, schema: &TableSchema) -> Result<()> {
        check_key(schema, &self.key)?;
        if let Some(p) = &self.ex.projection {
            super::key_paths::check_scalar_keys(schema, &p.paths, &self.ex.names)?;
        }
        Ok(())
    }
}

/// Runs TransactGetItems.
pub fn run(db: &Database, body: &Map<String, Value>) -> Result<Value> {
    let list = body
        .get("TransactItems")
        .and_then(Value::as_array)
        .map_or(&[][..], Vec::as_slice);
    let gets = list.iter().map(Get::parse).collect::<Result<Vec<_>>>()?;
    let tables = gets
        .iter()
        .map(|g| usable_table(db, g.table_name))
        .collect::<Result<Vec<Arc<Table>>>>()?;

    let mut reasons: Vec<CancellationReason> = Vec::with_capacity(gets.len());
    let mut seen = HashSet::with_capacity(gets.len());
    for (g, t) in gets.iter().zip(&tables) {
        match g.check_schema(&t.schema) {
            Ok(()) => {
                if !seen.insert((t.schema.id, g.key.clone())) {
                    return Err(DynamoError::validation(
                        messages::TRANSACTION_ONE_ITEM_TWICE,
                    ));
                }
                reasons.push(transact::passed());
            }
            Err(e) if e.kind == ErrorKind::Validation => reasons.push(transact::reason_of(e)?),
            Err(e) => return Err(e),
        }
    }
    if transact::any_failed(&reasons) {
        return Err(transact::canceled(reasons));
    }

    let refs: Vec<ItemRef<'_>> = gets
        .iter()
        .zip(&tables)
        .map(|(g, t)| ItemRef {
            table: &t.schema,
            key: &g.key,
        })
        .collect();
    let items = db.storage.get_items(&refs)?;

    let mut responses = Vec::with_capacity(gets.len());
    let mut consumed: Vec<Consumed> = Vec::new();
    for ((g, t), item) in gets.iter().zip(&tables).zip(items) {
        let size = item.as_ref().map_or(0, item_size);
        let units = 2.0 * capacity::read_units(size, true);
        add_consumed(&mut consumed, &Consumed::table(t.name(), units));
        let mut entry = Map::new();
        if let Some(item) = item {
            let item = Projection::default().apply(&g.ex, item)?;
            if !item.is_empty() {
                entry.insert("Item".into(), item_json(&item));
            }
        }
        responses.push(Value::Object(entry));
    }
    let mut out = Map::new();
    out.insert("Responses".into(), Value::Array(responses));
    if let Some(c) = render_consumed(&consumed, Report::of(body), Units::Read) {
        out.insert("ConsumedCapacity".into(), c);
    }
    Ok(Value::Object(out))
}
