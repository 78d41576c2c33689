//! UntagResource: removes tags from a table by key; a key the table lacks is not an error.
//! The order of checks is in [`super::tags`].

use serde_json::{json, Map, Value};

use super::tags;
use crate::db::Database;
use crate::error::{DynamoError, Result};
use crate::messages;

/// Runs UntagResource.
pub fn run(db: &Database, body: &Map<String, Value>) -> Result<Value> {
    let arn = tags::resource_arn(body)?;
    tags::check_arn_shape(arn)?;
    let Some(keys) = body.get("TagKeys").and_then(Value::as_array) else {
        return Err(tags::null_member("tagKeys"));
    };
    let parsed = tags::parse_table_arn(arn)?;
    if keys.is_empty() {
        return Err(DynamoError::validation(messages::NO_TAG_KEYS));
    }
    let keys: Vec<&str> = keys.iter().filter_map(Value::as_str).collect();
    // dynalite untagResource.js: DynamoDB's message here has no ARN.
    let missing = || DynamoError::not_found(messages::RESOURCE_NOT_FOUND);
    let table = tags::find_table(db, "UntagResource", &parsed, missing)?;
    if !table.tags.iter().any(|(k, _)| keys.contains(&k.as_str())) {
        return Ok(json!({}));
    }
    db.catalog.update(table.name(), missing, |t| {
        if t.schema.id != table.schema.id {
            return Err(missing());
        }
        let kept = t
            .tags
            .iter()
            .filter(|(k, _)| !keys.contains(&k.as_str()))
            .cloned()
            .collect();
        Ok(tags::with_tags(t, kept))
    })?;
    Ok(json!({}))
}
