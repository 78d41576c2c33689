//! ListTagsOfResource: a table's tags, in the order they were added.
//!
//! DynamoDB does not page this list (a table has at most 50 tags; the service team said so
//! in aws/aws-sdk#583), so every tag comes in one answer without `NextToken`, and a
//! `NextToken` in the request changes nothing. A table that does not exist is refused with
//! AccessDeniedException (see [`super::tags`]).

use serde_json::{json, Map, Value};

use super::tags;
use crate::db::Database;
use crate::error::Result;

/// Runs ListTagsOfResource.
pub fn run(db: &Database, body: &Map<String, Value>) -> Result<Value> {
    const OP: &str = "ListTagsOfResource";
    let arn = tags::resource_arn(body)?;
    tags::check_arn_shape(arn)?;
    let parsed = tags::parse_table_arn(arn)?;
    let table = tags::find_table(db, OP, &parsed, || tags::access_denied(db, OP, arn))?;
    let list: Vec<Value> = table
        .tags
        .iter()
        .map(|(k, v)| json!({"Key": k, "Value": v}))
        .collect();
    Ok(json!({ "Tags": list }))
}
