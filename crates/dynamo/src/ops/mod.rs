//! DynamoDB's operations, one file each, over [`crate::storage::Storage`].
//!
//! Every operation takes the request body (a JSON object that [`crate::validate`] has
//! type-checked against the operation's input shape) and returns the response body. The
//! order of checks inside an operation is DynamoDB's: request-only checks (parameters,
//! expressions), then the table, then the item.

pub mod capacity;
pub mod collections;
pub mod common;
pub mod expressions;
pub mod key_paths;

mod batch_get_item;
mod batch_write_item;
mod create_table;
mod delete_item;
mod delete_table;
mod describe_endpoints;
mod describe_limits;
mod describe_table;
mod describe_time_to_live;
mod get_item;
mod list_tables;
mod list_tags_of_resource;
mod page;
mod put_item;
mod query;
mod scan;
mod tag_resource;
mod tags;
pub(crate) mod transact;
mod transact_get_items;
mod transact_write_items;
mod untag_resource;
mod update_item;
pub(crate) mod update_table;

use serde_json::{Map, Value};

use crate::db::Database;
use crate::error::{DynamoError, Result};

/// The signature of every operation.
type Operation = fn(&Database, &Map<String, Value>) -> Result<Value>;

fn operation(name: &str) -> Option<Operation> {
    Some(match name {
        "BatchGetItem" => batch_get_item::run,
        "BatchWriteItem" => batch_write_item::run,
        "CreateTable" => create_table::run,
        "DeleteItem" => delete_item::run,
        "DeleteTable" => delete_table::run,
        "DescribeEndpoints" => describe_endpoints::run,
        "DescribeLimits" => describe_limits::run,
        "DescribeTable" => describe_table::run,
        "DescribeTimeToLive" => describe_time_to_live::run,
        "GetItem" => get_item::run,
        "ListTables" => list_tables::run,
        "ListTagsOfResource" => list_tags_of_resource::run,
        "PutItem" => put_item::run,
        "Query" => query::run,
        "Scan" => scan::run,
        "TagResource" => tag_resource::run,
        "TransactGetItems" => transact_get_items::run,
        "TransactWriteItems" => transact_write_items::run,
        "UntagResource" => untag_resource::run,
        "UpdateItem" => update_item::run,
        "UpdateTable" => update_table::run,
        _ => return None,
    })
}

/// Whether `name` is an operation this database answers.
pub fn is_implemented(name: &str) -> bool {
    operation(name).is_some()
}

/// Runs operation `name`. An operation that is not implemented is the caller's to answer
/// (DynamoDB says `UnknownOperationException`); here it is an internal error.
pub fn execute(db: &Database, name: &str, body: Value) -> Result<Value> {
    let op = operation(name)
        .ok_or_else(|| DynamoError::internal(format!("operation {name} is not implemented")))?;
    crate::validate::check_request(name, &body)?;
    let body = crate::validate::normalize_request(name, body);
    let empty = Map::new();
    let body = match &body {
        Value::Object(m) => m,
        _ => &empty,
    };
    op(db, body)
}
