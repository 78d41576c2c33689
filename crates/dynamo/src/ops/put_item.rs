//! PutItem: stores an item whole, if its condition holds, atomically with its index
//! entries.

use serde_json::{Map, Value};

use super::capacity::{self, Report};
use super::common::{
    check_item_keys, condition_failed, item_json, item_member, str_member, usable_table,
};
use super::expressions::{Expressions, WriteCondition};
use crate::db::Database;
use crate::error::{DynamoError, Result};
use crate::expr::ExprKind;
use crate::legacy::{check_parameters, Operation};
use crate::messages;
use crate::storage::{Change, ItemRef};
use crate::types::{check_item_size, item_size};

/// Runs PutItem.
pub fn run(db: &Database, body: &Map<String, Value>) -> Result<Value> {
    check_parameters(Operation::PutItem, body)?;
    let item = item_member(body, "Item")?;
    let return_values = str_member(body, "ReturnValues").unwrap_or("NONE");
    if !matches!(return_values, "NONE" | "ALL_OLD") {
        return Err(DynamoError::validation(messages::PUT_RETURN_VALUES));
    }
    check_item_size(&item).map_err(|e| DynamoError::validation(e.message()))?;
    let condition = WriteCondition::of(body)?;
    let ex = Expressions::parse(body, &[ExprKind::Condition])?;
    let table = usable_table(db, str_member(body, "TableName").unwrap_or_default())?;
    let schema = &table.schema;
    check_item_keys(schema, &item)?;
    let key = schema.key.key_of(&item);
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
                let growth = item_size(&item).saturating_sub(old.map_or(0, item_size));
                super::collections::check_limit(db, schema, &item, growth as u64)?;
                Ok(vec![Change::Put(item.clone())])
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
    let consumed = capacity::for_write(schema, old.as_ref(), Some(&item));
    capacity::attach(&mut out, Report::of(body), &consumed);
    super::collections::attach_metrics(db, &mut out, body, schema, &key)?;
    Ok(Value::Object(out))
}
