//! UpdateItem: reads the item, checks its condition, applies the update expression and
//! writes the result, as one atomic read-modify-write.

use serde_json::{Map, Value};

use super::capacity::{self, Report};
use super::common::{
    check_index_keys, check_key, condition_failed, item_json, item_member, str_member, usable_table,
};
use super::expressions::Expressions;
use crate::db::Database;
use crate::error::{DynamoError, Result};
use crate::expr::eval::{
    apply_update, evaluate_condition, project_paths, touched_attributes, updated_paths,
};
use crate::expr::ExprKind;
use crate::messages;
use crate::storage::{Change, ItemRef};
use crate::types::{check_item_size, Item};

/// Runs UpdateItem.
pub fn run(db: &Database, body: &Map<String, Value>) -> Result<Value> {
    let key = item_member(body, "Key")?;
    let return_values = str_member(body, "ReturnValues").unwrap_or("NONE");
    let ex = Expressions::parse(body, &[ExprKind::Update, ExprKind::Condition])?;
    let table = usable_table(db, str_member(body, "TableName").unwrap_or_default())?;
    let schema = &table.schema;
    check_key(schema, &key)?;
    if let Some(u) = &ex.update {
        for name in touched_attributes(u, &ex.names)? {
            if schema.key.contains(&name) {
                return Err(DynamoError::validation(messages::update_key_attribute(
                    &name,
                )));
            }
        }
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
                if let Some(c) = &ex.condition {
                    if !evaluate_condition(c, ExprKind::Condition, &ex.names, &ex.values, old)? {
                        return Err(condition_failed(body, old));
                    }
                }
                let mut item = match &ex.update {
                    Some(u) => apply_update(u, &ex.names, &ex.values, old)?,
                    None => old.cloned().unwrap_or_default(),
                };
                for (k, v) in &key {
                    item.insert(k.clone(), v.clone());
                }
                check_item_size(&item).map_err(|e| DynamoError::validation(e.update_message()))?;
                check_index_keys(schema, &item)?;
                new_item = Some(item.clone());
                Ok(vec![Change::Put(item)])
            },
        )?
        .pop()
        .flatten();
    let new_item = new_item.unwrap_or_default();
    let mut out = Map::new();
    let attributes = match return_values {
        "ALL_OLD" => old.clone(),
        "ALL_NEW" => Some(new_item.clone()),
        "UPDATED_OLD" | "UPDATED_NEW" => {
            let paths = match &ex.update {
                Some(u) => updated_paths(u, &ex.names)?,
                None => Vec::new(),
            };
            let source = if return_values == "UPDATED_OLD" {
                old.clone().unwrap_or_default()
            } else {
                new_item.clone()
            };
            Some(project_paths(&source, &paths))
        }
        _ => None,
    };
    if let Some(a) = attributes.filter(|a| !a.is_empty()) {
        out.insert("Attributes".into(), item_json(&a));
    }
    let consumed = capacity::for_write(schema, old.as_ref(), Some(&new_item));
    capacity::attach(&mut out, Report::of(body), &consumed);
    Ok(Value::Object(out))
}
