//! DescribeTable: the stored description, with item counts and sizes computed from storage.

use serde_json::{json, Map, Value};

use super::common::str_member;
use crate::db::Database;
use crate::error::{DynamoError, Result};
use crate::messages;
use crate::table::{Table, TableStatus};

/// The `TableDescription` of `table`: the stored description with `ItemCount`,
/// `TableSizeBytes` and each index's `ItemCount`/`IndexSizeBytes` (zero unless `counts`,
/// and zero while the table is being created).
pub fn description(db: &Database, table: &Table, counts: bool) -> Result<Value> {
    let mut d = table.description.clone();
    let counts = counts && table.status() != TableStatus::Creating;
    let usage = if counts {
        db.storage.usage(&table.schema, None)?
    } else {
        Default::default()
    };
    // Keep DynamoDB's member order: the counts follow ProvisionedThroughput.
    let mut out = Map::new();
    for (k, v) in d.iter_mut() {
        out.insert(k.clone(), v.take());
        if k == "ProvisionedThroughput" {
            out.insert("TableSizeBytes".into(), json!(usage.bytes));
            out.insert("ItemCount".into(), json!(usage.items));
        }
    }
    for field in ["LocalSecondaryIndexes", "GlobalSecondaryIndexes"] {
        let Some(Value::Array(list)) = out.get_mut(field) else {
            continue;
        };
        for ix in list {
            let name = ix["IndexName"].as_str().unwrap_or_default().to_owned();
            let usage = match table.schema.index(&name) {
                Some(index) if counts => db.storage.usage(&table.schema, Some(index))?,
                _ => Default::default(),
            };
            if let Value::Object(o) = ix {
                o.insert("IndexSizeBytes".into(), json!(usage.bytes));
                o.insert("ItemCount".into(), json!(usage.items));
            }
        }
    }
    Ok(Value::Object(out))
}

/// Runs DescribeTable.
pub fn run(db: &Database, body: &Map<String, Value>) -> Result<Value> {
    let name = str_member(body, "TableName").unwrap_or_default();
    let table = db
        .catalog
        .get(name)
        .ok_or_else(|| DynamoError::not_found(messages::table_not_found(name)))?;
    Ok(json!({ "Table": description(db, &table, true)? }))
}
