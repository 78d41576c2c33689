//! DeleteItem: removes an item by its key, if its condition holds, with its index entries.

use serde_json::{Map, Value};

use super::capacity::{self, Report};
use super::common::{
    check_key, condition_failed, item_json, item_member, str_member, usable_table,
};
use super::expressions::{Expressions, WriteCondition};
use crate::db::Database;
use crate::error::{DynamoError, Result};
use crate::expr::ExprKind;
use crate::legacy::{check_parameters, Operation};
use crate::messages;
use crate::storage::{Change, ItemRef};

/// Runs DeleteItem.
pub fn run(db: &Database, body: &Map<String, Value>) -> Result<Value> {
    check_parameters(Operation::DeleteItem, body)?;
    let key = item_member(body, "Key")?;
    let return_values = str_member(body, "ReturnValues").unwrap_or("NONE");
    if !matches!(return_values, "NONE" | "ALL_OLD") {
        return Err(DynamoError::validation(messages::PUT_RETURN_VALUES));
    }
    let condition = WriteCondition::of(body)?;
    let ex = Expressions::parse(body, &[ExprKind::Condition])?;
    let table = usable_table(db, str_member(body, "TableName").unwrap_or_default())?;
    let schema = &table.schema;
    check_key(schema, &key)?;
    let old = db
        .storage
        .write_items(
            &[ItemRef {
                table: schema,
                key: &key,
            }],
            &mut |old| {
                let old = old[0].as_ref();
                if !condition.holds(&ex, old)? {
                    return Err(condition_failed(body, old));
                }
                Ok(vec![Change::Delete])
            },
        )?
        .pop()
        .flatten();
    let mut out = Map::new();
    if return_values == "ALL_OLD" {
        if let Some(o) = &old {
            out.insert("Attributes".into(), item_json(o));
        }
    }
    let consumed = capacity::for_write(schema, old.as_ref(), None);
    capacity::attach(&mut out, Report::of(body), &consumed);
    super::collections::attach_metrics(db, &mut out, body, schema, &key)?;
    Ok(Value::Object(out))
}
