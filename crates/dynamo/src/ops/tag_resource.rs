//! TagResource: adds tags to a table (or replaces the values of keys it has), at most
//! [`MAX_TAGS`] in all. The order of checks is in [`super::tags`].

use serde_json::{json, Map, Value};

use super::tags::{self, MAX_TAGS};
use crate::db::Database;
use crate::error::{DynamoError, ErrorKind, Result};
use crate::messages;

/// Runs TagResource.
pub fn run(db: &Database, body: &Map<String, Value>) -> Result<Value> {
    let arn = tags::resource_arn(body)?;
    tags::check_arn_shape(arn)?;
    let Some(list) = body.get("Tags").and_then(Value::as_array) else {
        return Err(tags::null_member("tags"));
    };
    let parsed = tags::parse_table_arn(arn)?;
    if list.is_empty() {
        return Err(DynamoError::validation(messages::NO_TAGS));
    }
    let added = tags::check_tags(list)?;
    let missing = || DynamoError::not_found(messages::tagged_resource_not_found(arn));
    let table = tags::find_table(db, "TagResource", &parsed, missing)?;
    db.catalog.update(table.name(), missing, |t| {
        if t.schema.id != table.schema.id {
            return Err(missing());
        }
        let merged = tags::merge(&t.tags, &added);
        if merged.len() > MAX_TAGS {
            return Err(DynamoError::new(
                ErrorKind::LimitExceeded,
                messages::TOO_MANY_TAGS,
            ));
        }
        Ok(tags::with_tags(t, merged))
    })?;
    Ok(json!({}))
}
