//! DeleteTable: marks the table `DELETING`, then (after the database's deletion delay)
//! removes it from the catalog and drops its items and index entries in the background.

use serde_json::{json, Map, Value};

use super::common::str_member;
use crate::db::Database;
use crate::error::{DynamoError, Result};
use crate::messages;
use crate::table::{Table, TableStatus};

/// Runs DeleteTable.
pub fn run(db: &Database, body: &Map<String, Value>) -> Result<Value> {
    let name = str_member(body, "TableName").unwrap_or_default();
    let table = db.catalog.update(
        name,
        || DynamoError::not_found(messages::table_not_found(name)),
        |t| {
            match t.status() {
                TableStatus::Creating | TableStatus::Updating | TableStatus::Deleting => {
                    return Err(DynamoError::in_use(messages::table_in_use_status(
                        name,
                        t.status(),
                    )))
                }
                TableStatus::Active => {}
            }
            if t.description.get("DeletionProtectionEnabled") == Some(&Value::Bool(true)) {
                return Err(DynamoError::validation(messages::DELETION_PROTECTED));
            }
            let mut d = t.description.clone();
            d.insert("TableStatus".into(), json!("DELETING"));
            Table::new(
                t.schema.id,
                d,
                t.tags.clone(),
                t.index_ids.clone(),
                t.next_index_id,
            )
        },
    )?;
    let mut description = super::describe_table::description(db, &table, true)?;
    // DynamoDB's answer leaves the global indexes out (dynalite's recorded test).
    if let Value::Object(d) = &mut description {
        d.remove("GlobalSecondaryIndexes");
    }
    let (catalog, storage) = (db.catalog.clone(), db.storage.clone());
    let (name, id) = (name.to_owned(), table.schema.id);
    db.after(db.options.delete_delay, move || {
        if let Ok(Some(_)) = catalog.remove(&name, id) {
            std::thread::spawn(move || {
                // A failure leaves the data to the cleanup at the next open.
                let _ = storage.drop_table(id);
            });
        }
    });
    Ok(json!({ "TableDescription": description }))
}
