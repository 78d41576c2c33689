//! DescribeTimeToLive: a table's TTL setting, `DISABLED` unless one was stored in its
//! description under `TimeToLiveDescription` (which UpdateTimeToLive writes).

use serde_json::{json, Map, Value};

use super::common::str_member;
use crate::db::Database;
use crate::error::{DynamoError, Result};
use crate::messages;

/// Runs DescribeTimeToLive.
pub fn run(db: &Database, body: &Map<String, Value>) -> Result<Value> {
    let name = str_member(body, "TableName").unwrap_or_default();
    let table = db
        .catalog
        .get(name)
        .ok_or_else(|| DynamoError::not_found(messages::table_not_found(name)))?;
    let ttl = match table.description.get("TimeToLiveDescription") {
        Some(d @ Value::Object(_)) => d.clone(),
        _ => json!({"TimeToLiveStatus": "DISABLED"}),
    };
    Ok(json!({ "TimeToLiveDescription": ttl }))
}
