//! Not implemented yet.

use serde_json::{Map, Value};

use crate::db::Database;
use crate::error::{DynamoError, Result};

/// Runs the operation.
pub fn run(_db: &Database, _body: &Map<String, Value>) -> Result<Value> {
    Err(DynamoError::internal("not implemented"))
}
