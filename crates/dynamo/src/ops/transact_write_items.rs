//! TransactWriteItems: up to 100 puts, updates, deletes and condition checks over any
//! tables, applied all or none, in isolation.
//!
//! # Order of checks
//!
//! 1. The request alone, action by action: exactly one of `ConditionCheck`, `Put`,
//!    `Delete`, `Update` ("TransactItems can only contain one of Check, Put, Update or
//!    Delete"); the parameters each action combines, its item or key values, a put's item
//!    size ("Item size has exceeded the maximum allowed size": a put's size is known from
//!    the request, so DynamoDB answers it as a ValidationException), its expressions. Then
//!    the whole: the items over 4 MB in total.
//! 2. A `ClientRequestToken` seen within ten minutes: the earlier answer, or
//!    `IdempotentParameterMismatchException` ([`super::transact::tokens`]).
//! 3. The tables ("Requested resource not found" for any missing). A key attribute holding
//!    an empty string or binary fails the request with a ValidationException (captured
//!    against DynamoDB, by the dynoxide project, for every action kind); two actions on one
//!    item fail it with "Transaction request cannot include multiple operations on one
//!    item".
//! 4. What needs the table's schema — the key against the key schema (a put's with
//!    PutItem's texts, the others' with "The provided key element does not match the
//!    schema"), index key types, an update of a key attribute — and then, under the items'
//!    locks, each condition and each update's result: these do not fail the request but
//!    cancel the transaction, with a `ValidationError`, `ConditionalCheckFailed` or
//!    `ItemCollectionSizeLimitExceeded` reason for the action and `None` for each action
//!    that would have succeeded (nubo `transactWriteItems.test.ts`; a malformed key as a
//!    cancellation reason: nubo `transactGetItems.test.ts`).
//!
//! # Atomicity and isolation
//!
//! Every action's item is read, decided and written by one
//! [`Storage::write_items`](crate::storage::Storage::write_items) across all tables: if any
//! action fails, its decision is an error and nothing is written. See
//! [`super::transact`] for why transactions serialize instead of conflicting.
//!
//! # Answer
//!
//! `{}`, with `ConsumedCapacity` (one entry per table, twice the write units on the table)
//! and `ItemCollectionMetrics` (per table with local indexes, one entry per partition key
//! the transaction wrote) when asked for.

use std::collections::HashSet;
use std::sync::Arc;

use serde_json::{Map, Value};

use super::capacity::{self, Consumed, Report};
use super::common::{
    check_item_keys, check_key, condition_failed, item_member, str_member, usable_table,
};
use super::expressions::{Expressions, Update, WriteCondition};
use super::transact::tokens::{lock, Completed};
use super::transact::{self, add_consumed, render_consumed, Units};
use crate::db::Database;
use crate::error::{CancellationReason, DynamoError, ErrorKind, Result};
use crate::expr::ExprKind;
use crate::legacy::{check_parameters, Operation};
use crate::messages;
use crate::storage::{Change, ItemRef};
use crate::table::{Table, TableSchema};
use crate::types::{check_item_size, item_size, value_size, AttributeValue, Item};

/// Largest total size of a transaction's items.
pub const MAX_TRANSACTION_BYTES: usize = 4 * 1024 * 1024;

/// The four kinds of action, in the order of the request shape's members.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Kind {
    ConditionCheck,
    Put,
    Delete,
    Update,
}

const KINDS: [(&str, Kind); 4] = [
    ("ConditionCheck", Kind::ConditionCheck),
    ("Put", Kind::Put),
    ("Delete", Kind::Delete),
    ("Update", Kind::Update),
];

/// One action, checked as far as the request alone allows.
#[derive(Debug)]
struct Action<'a> {
    kind: Kind,
    body: &'a Map<String, Value>,
    table_name: &'a str,
    /// A put's item; every other action's key.
    item: Item,
    ex: Expressions,
}

impl<'a> Action<'a> {
    fn parse(v: &'a Value) -> Result<Action<'a>> {
        let Some(m) = v.as_object() else {
            return Err(DynamoError::validation(messages::TRANSACT_ONE_ACTION));
        };
        let mut present = KINDS.iter().filter_map(|(name, kind)| {
            m.get(*name)
                .and_then(Value::as_object)
                .map(|body| (*kind, body))
        });
        let (Some((kind, body)), None) = (present.next(), present.next()) else {
            return Err(DynamoError::validation(messages::TRANSACT_ONE_ACTION));
        };
        let (op, member, kinds): (Operation, &str, &[ExprKind]) = match kind {
            Kind::Put => (Operation::PutItem, "Item", &[ExprKind::Condition]),
            Kind::Update => (
                Operation::UpdateItem,
                "Key",
                &[ExprKind::Update, ExprKind::Condition],
            ),
            Kind::Delete | Kind::ConditionCheck => {
                (Operation::DeleteItem, "Key", &[ExprKind::Condition])
            }
        };
        check_parameters(op, body)?;
        let item = item_member(body, member)?;
        if kind == Kind::Put {
            check_item_size(&item).map_err(|e| DynamoError::validation(e.message()))?;
        }
        let ex = Expressions::parse(body, kinds)?;
        Ok(Action {
            kind,
            body,
            table_name: str_member(body, "TableName").unwrap_or_default(),
            item,
            ex,
        })
    }

    /// What the action adds to the transaction's size: a put's item, an update's key and
    /// values, another action's key.
    fn size(&self) -> usize {
        let values = match self.kind {
            Kind::Update => self.ex.values.values().map(value_size).sum(),
            _ => 0,
        };
        item_size(&self.item) + values
    }

    fn update(&self) -> Option<Update<'_>> {
        Update::of(&self.ex, None)
    }

    /// The checks against the table's schema; the key the action addresses.
    fn check_schema(&self, schema: &TableSchema) -> Result<Item> {
        match self.kind {
            Kind::Put => {
                check_item_keys(schema, &self.item)?;
                Ok(schema.key.key_of(&self.item))
            }
            _ => {
                check_key(schema, &self.item)?;
                if let Some(u) = self.update() {
                    for name in u.touched()? {
                        if schema.key.contains(&name) {
                            return Err(DynamoError::validation(messages::update_key_attribute(
                                &name,
                            )));
                        }
                    }
                    u.check_keys(schema)?;
                }
                Ok(self.item.clone())
            }
        }
    }

    /// The action's change to its item as it is (`old`), if its condition holds.
    fn decide(
        &self,
        db: &Database,
        schema: &TableSchema,
        old: Option<&Item>,
    ) -> Result<(Change, Option<Item>)> {
        if !WriteCondition::default().holds(&self.ex, old)? {
            return Err(condition_failed(self.body, old));
        }
        match self.kind {
            Kind::ConditionCheck => Ok((Change::Keep, old.cloned())),
            Kind::Delete => Ok((Change::Delete, None)),
            Kind::Put => {
                let growth = item_size(&self.item).saturating_sub(old.map_or(0, item_size));
                super::collections::check_limit(db, schema, &self.item, growth as u64)?;
                Ok((Change::Put(self.item.clone()), Some(self.item.clone())))
            }
            Kind::Update => {
                // A new item starts as its key: the update can read the key attributes.
                let base = old.cloned().unwrap_or_else(|| self.item.clone());
                let item = match self.update() {
                    Some(u) => u.apply(Some(&base))?,
                    None => base,
                };
                check_item_size(&item).map_err(|e| DynamoError::validation(e.update_message()))?;
                super::update_item::check_updated_index_keys(schema, &item)?;
                let growth = item_size(&item).saturating_sub(old.map_or(0, item_size));
                super::collections::check_limit(db, schema, &item, growth as u64)?;
                Ok((Change::Put(item.clone()), Some(item)))
            }
        }
    }
}

/// A key attribute with an empty string or binary value fails the whole request.
fn check_empty_keys(schema: &TableSchema, item: &Item) -> Result<()> {
    for attr in schema.key.attributes() {
        let empty = match item.get(&attr.name) {
            Some(v @ AttributeValue::S(s)) if s.is_empty() => v,
            Some(v @ AttributeValue::B(b)) if b.is_empty() => v,
            _ => continue,
        };
        return Err(DynamoError::validation(messages::empty_item_key(
            &attr.name,
            empty.type_name(),
        )));
    }
    Ok(())
}

/// What a successful transaction leaves for its answer.
struct Outcome {
    consumed: Vec<Consumed>,
    sizes: Vec<(String, usize)>,
    metrics: Option<Value>,
}

/// Runs TransactWriteItems.
pub fn run(db: &Database, body: &Map<String, Value>) -> Result<Value> {
    let list = body
        .get("TransactItems")
        .and_then(Value::as_array)
        .map_or(&[][..], Vec::as_slice);
    let actions = list.iter().map(Action::parse).collect::<Result<Vec<_>>>()?;
    if actions.iter().map(Action::size).sum::<usize>() > MAX_TRANSACTION_BYTES {
        return Err(DynamoError::validation(messages::TRANSACTION_TOO_LARGE));
    }
    let report = Report::of(body);
    let Some(token) = str_member(body, "ClientRequestToken") else {
        let outcome = execute(db, body, &actions)?;
        return Ok(answer(
            render_consumed(&outcome.consumed, report, Units::Write),
            outcome.metrics,
        ));
    };
    let request = body.get("TransactItems").cloned().unwrap_or(Value::Null);
    let slot = db.tokens.slot(token);
    let mut done = lock(&slot);
    if let Some(earlier) = done.as_ref().filter(|c| c.fresh()) {
        if earlier.request != request {
            return Err(DynamoError::new(
                ErrorKind::IdempotentParameterMismatch,
                messages::IDEMPOTENT_PARAMETER_MISMATCH,
            ));
        }
        return Ok(replay(earlier, body));
    }
    let outcome = execute(db, body, &actions)?;
    let out = answer(
        render_consumed(&outcome.consumed, report, Units::Write),
        outcome.metrics.clone(),
    );
    *done = Some(Completed {
        at: std::time::Instant::now(),
        request,
        sizes: outcome.sizes,
        metrics: outcome.metrics,
    });
    Ok(out)
}

fn answer(consumed: Option<Value>, metrics: Option<Value>) -> Value {
    let mut out = Map::new();
    if let Some(c) = consumed {
        out.insert("ConsumedCapacity".into(), c);
    }
    if let Some(m) = metrics {
        out.insert("ItemCollectionMetrics".into(), m);
    }
    Value::Object(out)
}

/// The answer to a replay: nothing written, the items read (as DynamoDB reports a replay:
/// read units, twice a strongly consistent read of each item), the replay's own
/// `ReturnConsumedCapacity` and `ReturnItemCollectionMetrics`.
fn replay(earlier: &Completed, body: &Map<String, Value>) -> Value {
    let mut consumed = Vec::new();
    for (table, size) in &earlier.sizes {
        let units = 2.0 * capacity::read_units(*size, true);
        add_consumed(&mut consumed, &Consumed::table(table, units));
    }
    let metrics = earlier
        .metrics
        .clone()
        .filter(|_| str_member(body, "ReturnItemCollectionMetrics") == Some("SIZE"));
    answer(
        render_consumed(&consumed, Report::of(body), Units::Read),
        metrics,
    )
}

/// Steps 3 and 4 of the module documentation: the tables, the schema checks, the one
/// atomic write.
fn execute(db: &Database, body: &Map<String, Value>, actions: &[Action<'_>]) -> Result<Outcome> {
    let tables = actions
        .iter()
        .map(|a| usable_table(db, a.table_name))
        .collect::<Result<Vec<Arc<Table>>>>()?;
    let mut keys: Vec<Option<Item>> = Vec::with_capacity(actions.len());
    let mut invalid: Vec<Option<DynamoError>> = Vec::with_capacity(actions.len());
    let mut seen = HashSet::with_capacity(actions.len());
    for (a, t) in actions.iter().zip(&tables) {
        check_empty_keys(&t.schema, &a.item)?;
        match a.check_schema(&t.schema) {
            Ok(key) => {
                if !seen.insert((t.schema.id, key.clone())) {
                    return Err(DynamoError::validation(
                        messages::TRANSACTION_ONE_ITEM_TWICE,
                    ));
                }
                keys.push(Some(key));
                invalid.push(None);
            }
            Err(e) if e.kind == ErrorKind::Validation => {
                keys.push(None);
                invalid.push(Some(e));
            }
            Err(e) => return Err(e),
        }
    }
    let mut refs = Vec::with_capacity(actions.len());
    for (t, key) in tables.iter().zip(&keys) {
        if let Some(key) = key {
            refs.push(ItemRef {
                table: &t.schema,
                key,
            });
        }
    }
    // The item each action leaves (the item read, for a check), for capacity.
    let mut after: Vec<Option<Item>> = Vec::new();
    let before = db.storage.write_items(&refs, &mut |old| {
        let mut reasons: Vec<CancellationReason> = Vec::with_capacity(actions.len());
        let mut changes = Vec::with_capacity(refs.len());
        after.clear();
        let mut old = old.iter();
        for ((a, t), bad) in actions.iter().zip(&tables).zip(&invalid) {
            if let Some(e) = bad {
                reasons.push(transact::reason_of(e.clone())?);
                continue;
            }
            let current = old.next().and_then(Option::as_ref);
            match a.decide(db, &t.schema, current) {
                Ok((change, new)) => {
                    reasons.push(transact::passed());
                    changes.push(change);
                    after.push(new);
                }
                Err(e) => {
                    reasons.push(transact::reason_of(e)?);
                    changes.push(Change::Keep);
                    after.push(None);
                }
            }
        }
        if transact::any_failed(&reasons) {
            return Err(transact::canceled(reasons));
        }
        Ok(changes)
    })?;

    let mut consumed: Vec<Consumed> = Vec::new();
    let mut sizes = Vec::with_capacity(actions.len());
    for (((a, t), old), new) in actions.iter().zip(&tables).zip(&before).zip(&after) {
        let schema = &t.schema;
        let size = old
            .as_ref()
            .map_or(0, item_size)
            .max(new.as_ref().map_or(0, item_size));
        sizes.push((schema.name.clone(), size));
        let mut c = match a.kind {
            Kind::ConditionCheck => Consumed::table(&schema.name, capacity::write_units(size)),
            _ => capacity::for_write(schema, old.as_ref(), new.as_ref()),
        };
        c.table_units *= 2.0;
        add_consumed(&mut consumed, &c);
    }
    let metrics = if str_member(body, "ReturnItemCollectionMetrics") == Some("SIZE") {
        collection_metrics(db, actions, &tables, &keys)?
    } else {
        None
    };
    Ok(Outcome {
        consumed,
        sizes,
        metrics,
    })
}

/// `ItemCollectionMetrics`: for each table with local indexes, one entry per partition key
/// the transaction wrote, measured after the write; `None` if there is none.
fn collection_metrics(
    db: &Database,
    actions: &[Action<'_>],
    tables: &[Arc<Table>],
    keys: &[Option<Item>],
) -> Result<Option<Value>> {
    let mut written: Vec<(&Arc<Table>, &AttributeValue)> = Vec::new();
    for ((a, t), key) in actions.iter().zip(tables).zip(keys) {
        if a.kind == Kind::ConditionCheck || !t.schema.has_local_indexes() {
            continue;
        }
        if let Some(p) = key.as_ref().and_then(|k| k.get(&t.schema.key.hash.name)) {
            if !written
                .iter()
                .any(|(wt, wp)| wt.schema.id == t.schema.id && *wp == p)
            {
                written.push((t, p));
            }
        }
    }
    if written.is_empty() {
        return Ok(None);
    }
    let mut out = Map::new();
    for (t, p) in written {
        let entry = super::batch_write_item::item_collection_metrics(db, &t.schema, p)?;
        match out
            .entry(t.name().to_owned())
            .or_insert_with(|| Value::Array(Vec::new()))
        {
            Value::Array(list) => list.push(entry),
            _ => unreachable!("only lists are inserted"),
        }
    }
    Ok(Some(Value::Object(out)))
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    fn parse_error(v: Value) -> String {
        Action::parse(&v).expect_err("an error").message
    }

    #[test]
    fn exactly_one_action_per_entry() {
        assert_eq!(parse_error(json!({})), messages::TRANSACT_ONE_ACTION);
        assert_eq!(
            parse_error(json!({
                "Put": {"TableName": "t", "Item": {"a": {"S": "x"}}},
                "Delete": {"TableName": "t", "Key": {"a": {"S": "x"}}},
            })),
            messages::TRANSACT_ONE_ACTION
        );
    }

    #[test]
    fn a_put_too_large_fails_the_request() {
        let big = "x".repeat(400 * 1024);
        assert_eq!(
            parse_error(json!({"Put": {"TableName": "t", "Item": {"a": {"S": big}}}})),
            "Item size has exceeded the maximum allowed size"
        );
    }

    #[test]
    fn expressions_are_checked_with_the_request() {
        assert_eq!(
            parse_error(json!({"ConditionCheck": {
                "TableName": "t", "Key": {"a": {"S": "x"}},
                "ConditionExpression": "a = :v",
            }})),
            "Invalid ConditionExpression: An expression attribute value used in expression is not defined; attribute value: :v"
        );
    }
}
