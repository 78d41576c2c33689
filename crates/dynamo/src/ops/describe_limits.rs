//! DescribeLimits: the account's and a table's most provisioned capacity, as DynamoDB
//! answers for a new account (and DynamoDB Local always does).

use serde_json::{json, Map, Value};

use crate::db::Database;
use crate::error::Result;

/// Most read (and write) capacity units over every table of the account.
pub const ACCOUNT_MAX_CAPACITY_UNITS: u64 = 80_000;
/// Most read (and write) capacity units of one table.
pub const TABLE_MAX_CAPACITY_UNITS: u64 = 40_000;

/// Runs DescribeLimits.
pub fn run(_db: &Database, _body: &Map<String, Value>) -> Result<Value> {
    Ok(json!({
        "AccountMaxReadCapacityUnits": ACCOUNT_MAX_CAPACITY_UNITS,
        "AccountMaxWriteCapacityUnits": ACCOUNT_MAX_CAPACITY_UNITS,
        "TableMaxReadCapacityUnits": TABLE_MAX_CAPACITY_UNITS,
        "TableMaxWriteCapacityUnits": TABLE_MAX_CAPACITY_UNITS,
    }))
}
