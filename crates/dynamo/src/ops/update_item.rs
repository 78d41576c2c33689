//! UpdateItem: reads the item, checks its condition, applies the update expression (or the
//! legacy `AttributeUpdates`) and writes the result, as one atomic read-modify-write.

use serde_json::{Map, Value};

use super::capacity::{self, Report};
use super::common::{
    check_index_keys, check_key, condition_failed, item_json, item_member, str_member, usable_table,
};
use super::expressions::{Expressions, Update, WriteCondition};
use crate::db::Database;
use crate::error::{DynamoError, Result};
use crate::expr::ExprKind;
use crate::legacy::{check_parameters, update_from_attribute_updates, Operation};
use crate::messages;
use crate::storage::{Change, ItemRef};
use crate::table::TableSchema;
use crate::types::{check_item_size, item_size, Item};

/// The index key attributes of the updated item must have the types their indexes declare
/// (and not be empty).
pub(crate) fn check_updated_index_keys(schema: &TableSchema, item: &Item) -> Result<()> {
    for attr in schema.indexes.iter().flat_map(|i| i.key.attributes()) {
        if item
            .get(&attr.name)
            .is_some_and(|v| v.attribute_type() != attr.ty)
        {
            return Err(DynamoError::validation(messages::UPDATE_INDEX_KEY_TYPE));
        }
    }
    check_index_keys(schema, item)
}

/// Runs UpdateItem.
pub fn run(db: &Database, body: &Map<String, Value>) -> Result<Value> {
    check_parameters(Operation::UpdateItem, body)?;
    let key = item_member(body, "Key")?;
    let legacy_update = update_from_attribute_updates(body)?;
    let condition = WriteCondition::of(body)?;
    let return_values = str_member(body, "ReturnValues").unwrap_or("NONE");
    let ex = Expressions::parse(body, &[ExprKind::Update, ExprKind::Condition])?;
    let update = Update::of(&ex, legacy_update.as_ref());
    let table = usable_table(db, str_member(body, "TableName").unwrap_or_default())?;
    let schema = &table.schema;
    check_key(schema, &key)?;
    if let Some(u) = &update {
        for name in u.touched()? {
            if schema.key.contains(&name) {
                return Err(DynamoError::validation(messages::update_key_attribute(
                    &name,
                )));
            }
        }
        u.check_keys(schema)?;
    }
    let mut new_item: Option<Item> = None;
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
                // A new item starts as its key: the update can read the key attributes.
                let base = old.cloned().unwrap_or_else(|| key.clone());
                let item = match &update {
                    Some(u) => u.apply(Some(&base))?,
                    None => base,
                };
                check_item_size(&item).map_err(|e| DynamoError::validation(e.update_message()))?;
                check_updated_index_keys(schema, &item)?;
                let growth = item_size(&item).saturating_sub(old.map_or(0, item_size));
                super::collections::check_limit(db, schema, &item, growth as u64)?;
                new_item = Some(item.clone());
                Ok(vec![Change::Put(item)])
            },
        )?
        .pop()
        .flatten();
    let new_item = new_item.unwrap_or_default();
    let mut out = Map::new();
    let attributes = match (return_values, &update) {
        ("ALL_OLD", _) => old.clone(),
        ("ALL_NEW", _) => Some(new_item.clone()),
        ("UPDATED_OLD", Some(u)) => match &old {
            Some(o) => Some(u.updated_parts(o)?),
            None => None,
        },
        ("UPDATED_NEW", Some(u)) => Some(u.updated_parts(&new_item)?),
        _ => None,
    };
    if let Some(a) = attributes.filter(|a| !a.is_empty()) {
        out.insert("Attributes".into(), item_json(&a));
    }
    let consumed = capacity::for_write(schema, old.as_ref(), Some(&new_item));
    capacity::attach(&mut out, Report::of(body), &consumed);
    super::collections::attach_metrics(db, &mut out, body, schema, &key)?;
    Ok(Value::Object(out))
}
