//! ListTables: table names in ascending order, a page at a time.

use serde_json::{json, Map, Value};

use super::common::str_member;
use crate::db::Database;
use crate::error::Result;

/// Names per page when the request gives no `Limit`.
pub const DEFAULT_LIMIT: usize = 100;

/// Runs ListTables.
pub fn run(db: &Database, body: &Map<String, Value>) -> Result<Value> {
    let limit = body
        .get("Limit")
        .and_then(Value::as_u64)
        .map_or(DEFAULT_LIMIT, |l| l as usize);
    let start = str_member(body, "ExclusiveStartTableName");
    let names: Vec<String> = db
        .catalog
        .all()
        .iter()
        .map(|t| t.name().to_owned())
        .filter(|n| start.is_none_or(|s| n.as_str() > s))
        .collect();
    let page: Vec<&String> = names.iter().take(limit).collect();
    let mut out = Map::new();
    out.insert("TableNames".into(), json!(page));
    if names.len() > limit {
        if let Some(last) = page.last() {
            out.insert("LastEvaluatedTableName".into(), json!(last));
        }
    }
    Ok(Value::Object(out))
}
