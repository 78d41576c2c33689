//! What TransactWriteItems and TransactGetItems share: cancellation reasons, transactional
//! capacity, and the `ClientRequestToken`s of recent transactions ([`tokens`]).
//!
//! # Isolation, and why there is no `TransactionConflictException`
//!
//! DynamoDB runs a transaction optimistically: when another transaction (or a
//! TransactGetItems) holds one of its items, it is cancelled with a `TransactionConflict`
//! reason, or a plain write to such an item fails with `TransactionConflictException`, and
//! the client retries. cairn applies a TransactWriteItems with one
//! [`Storage::write_items`](crate::storage::Storage::write_items): it locks every item
//! addressed (in a fixed order, so two transactions never wait on each other in a cycle),
//! reads them, decides and writes one atomic batch. A second transaction or write on one of
//! those items waits for the first instead of failing: transactions serialize, and no
//! client ever sees a conflict. TransactGetItems reads every item at one engine snapshot,
//! which a write batch enters whole or not at all, so it needs no lock either. Both are
//! outcomes DynamoDB allows (a conflict is a may, not a must).
//!
//! # Cancellation reasons
//!
//! A cancelled transaction reports one reason per action, in request order: `None` for an
//! action that would have succeeded, else a code ([`reason_of`]) with DynamoDB's message
//! and, for a failed condition with `ReturnValuesOnConditionCheckFailure: ALL_OLD`, the item.
//! The exception's message lists the codes: "Transaction cancelled, please refer
//! cancellation reasons for specific reasons [None, ConditionalCheckFailed]".
//!
//! # Capacity
//!
//! A transactional write costs twice the write units of the same write outside a
//! transaction on the table; index entries cost what they cost outside one (a capture
//! against DynamoDB: a transactional put of an item in one global index reports table 2,
//! index 1). A ConditionCheck costs two write units per KB of the item it read. A
//! transactional read costs twice a strongly consistent read, a missing item included.
//! `ConsumedCapacity` entries of transactions carry `WriteCapacityUnits` (or
//! `ReadCapacityUnits`) beside `CapacityUnits`, as DynamoDB's do.

pub mod tokens;

pub use tokens::TokenCache;

use serde_json::{json, Map, Value};

use super::capacity::{Consumed, Report};
use crate::error::{CancellationReason, DynamoError, ErrorKind, Result};
use crate::messages;

/// The code of an action that would have succeeded.
pub const PASSED: &str = "None";

/// The reason of an action that would have succeeded.
pub fn passed() -> CancellationReason {
    CancellationReason {
        code: PASSED.to_owned(),
        message: None,
        item: None,
    }
}

/// The cancellation reason for an action that failed with `e`; errors that are not about
/// the action (storage failures, a missing table) are returned as they are, to fail the
/// whole request.
pub fn reason_of(e: DynamoError) -> Result<CancellationReason> {
    let code = match e.kind {
        ErrorKind::ConditionalCheckFailed => "ConditionalCheckFailed",
        ErrorKind::Validation => "ValidationError",
        ErrorKind::ItemCollectionSizeLimitExceeded => "ItemCollectionSizeLimitExceeded",
        ErrorKind::TransactionConflict => "TransactionConflict",
        ErrorKind::ProvisionedThroughputExceeded => "ProvisionedThroughputExceeded",
        _ => return Err(e),
    };
    Ok(CancellationReason {
        code: code.to_owned(),
        message: Some(e.message),
        item: e.item,
    })
}

/// Whether some reason is not [`PASSED`].
pub fn any_failed(reasons: &[CancellationReason]) -> bool {
    reasons.iter().any(|r| r.code != PASSED)
}

/// The `TransactionCanceledException` for `reasons`.
pub fn canceled(reasons: Vec<CancellationReason>) -> DynamoError {
    let codes: Vec<&str> = reasons.iter().map(|r| r.code.as_str()).collect();
    let mut e = DynamoError::new(
        ErrorKind::TransactionCanceled,
        messages::transaction_canceled(&codes),
    );
    e.cancellation_reasons = reasons;
    e
}

/// Adds `c` to the entry of its table in `list` (appending one, in order of first use).
pub fn add_consumed(list: &mut Vec<Consumed>, c: &Consumed) {
    match list.iter_mut().find(|x| x.table == c.table) {
        Some(x) => x.add(c),
        None => list.push(c.clone()),
    }
}

/// Which kind of units a transaction consumed.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Units {
    /// Read units (TransactGetItems, and a replayed TransactWriteItems).
    Read,
    /// Write units.
    Write,
}

impl Units {
    fn key(self) -> &'static str {
        match self {
            Units::Read => "ReadCapacityUnits",
            Units::Write => "WriteCapacityUnits",
        }
    }
}

fn capacity(units: Units, n: f64) -> Value {
    json!({ "CapacityUnits": n, units.key(): n })
}

/// The `ConsumedCapacity` list of a transaction (one entry per table), if asked for.
pub fn render_consumed(list: &[Consumed], report: Report, units: Units) -> Option<Value> {
    if report == Report::None {
        return None;
    }
    let entries = list
        .iter()
        .map(|c| {
            let mut m = Map::new();
            m.insert("TableName".into(), json!(c.table));
            m.insert("CapacityUnits".into(), json!(c.total()));
            m.insert(units.key().into(), json!(c.total()));
            if report == Report::Indexes {
                m.insert("Table".into(), capacity(units, c.table_units));
                for (key, indexes) in [
                    ("GlobalSecondaryIndexes", &c.global),
                    ("LocalSecondaryIndexes", &c.local),
                ] {
                    if !indexes.is_empty() {
                        let idx: Map<String, Value> = indexes
                            .iter()
                            .map(|(n, u)| (n.clone(), capacity(units, *u)))
                            .collect();
                        m.insert(key.into(), Value::Object(idx));
                    }
                }
            }
            Value::Object(m)
        })
        .collect();
    Some(Value::Array(entries))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_message_lists_every_code_in_order() {
        let failed = reason_of(DynamoError::new(
            ErrorKind::ConditionalCheckFailed,
            messages::CONDITIONAL_CHECK_FAILED,
        ))
        .unwrap();
        let e = canceled(vec![passed(), failed]);
        assert_eq!(e.kind, ErrorKind::TransactionCanceled);
        assert_eq!(
            e.message,
            "Transaction cancelled, please refer cancellation reasons for specific reasons [None, ConditionalCheckFailed]"
        );
        assert_eq!(
            e.cancellation_reasons[1].message.as_deref(),
            Some("The conditional request failed")
        );
    }

    #[test]
    fn failures_outside_the_action_are_not_reasons() {
        assert!(reason_of(DynamoError::internal("disk")).is_err());
        assert!(reason_of(DynamoError::not_found("gone")).is_err());
        assert_eq!(
            reason_of(DynamoError::validation("bad")).unwrap().code,
            "ValidationError"
        );
    }

    #[test]
    fn capacity_names_its_units() {
        let mut c = Consumed::table("t", 2.0);
        c.global.push(("g".into(), 1.0));
        let v = render_consumed(&[c], Report::Indexes, Units::Write).unwrap();
        assert_eq!(
            v,
            json!([{
                "TableName": "t", "CapacityUnits": 3.0, "WriteCapacityUnits": 3.0,
                "Table": {"CapacityUnits": 2.0, "WriteCapacityUnits": 2.0},
                "GlobalSecondaryIndexes": {"g": {"CapacityUnits": 1.0, "WriteCapacityUnits": 1.0}},
            }])
        );
        assert_eq!(render_consumed(&[], Report::None, Units::Read), None);
    }
}
