//! DescribeEndpoints: where to send requests, as DynamoDB answers it: the regional
//! endpoint, cached for a day.
//!
//! DynamoDB Local does not implement this operation. SDKs call it only with endpoint
//! discovery turned on (it is off by default for DynamoDB); the answer has the shape they
//! require (`Address`, `CachePeriodInMinutes`). The database does not know the address it
//! is served on, so it names DynamoDB's own.

use serde_json::{json, Map, Value};

use crate::db::Database;
use crate::error::Result;

/// Minutes a client may cache the answer (DynamoDB's value).
pub const CACHE_PERIOD_MINUTES: u64 = 1440;

/// Runs DescribeEndpoints.
pub fn run(db: &Database, _body: &Map<String, Value>) -> Result<Value> {
    Ok(json!({
        "Endpoints": [{
            "Address": format!("dynamodb.{}.amazonaws.com", db.options.region),
            "CachePeriodInMinutes": CACHE_PERIOD_MINUTES,
        }]
    }))
}
