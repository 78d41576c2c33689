//! The [`Handler`] that answers with a [`cairn_dynamo::Database`]: operations it implements
//! run there; the others answer `UnknownOperationException`. Typed errors become
//! DynamoDB's JSON error bodies here, and only here.

use std::sync::Arc;

use cairn_dynamo::error::CancellationReason;
use cairn_dynamo::types::encode_item;
use cairn_dynamo::{Database, DynamoError, ErrorKind};
use serde_json::Value;

use crate::error::{ApiError, MessageKey};
use crate::router::{Blocking, Handler};

/// Answers requests from a database.
#[derive(Debug, Clone)]
pub struct DynamoHandler {
    db: Arc<Database>,
}

impl DynamoHandler {
    /// A handler over `db`.
    pub fn new(db: Arc<Database>) -> Self {
        DynamoHandler { db }
    }

    /// The database.
    pub fn database(&self) -> &Arc<Database> {
        &self.db
    }
}

/// DynamoDB's error body for `e`.
pub fn api_error(mut e: DynamoError) -> ApiError {
    let err = match e.kind {
        // `__type`, `CancellationReasons` (one per action, in request order), `"Message"`.
        ErrorKind::TransactionCanceled => {
            let reasons = std::mem::take(&mut e.cancellation_reasons)
                .into_iter()
                .map(cancellation_reason)
                .collect();
            ApiError::transaction_canceled(e.message, reasons)
        }
        ErrorKind::Validation => ApiError::validation(e.message),
        // A body that is not a structure at all gets no message.
        ErrorKind::Serialization if e.message.is_empty() => ApiError::serialization(),
        ErrorKind::Serialization => ApiError::serialization_with(e.message),
        // DynamoDB's front end refuses unauthorized calls: `com.amazon.coral.service#`,
        // `"Message"` (dynalite helpers.js assertAccessDenied).
        ErrorKind::AccessDenied => ApiError::service("AccessDeniedException", e.message)
            .with_message_key(MessageKey::Upper),
        ErrorKind::Internal => {
            eprintln!("cairn: internal error: {}", e.message);
            ApiError::internal_server_error()
        }
        kind => ApiError::dynamodb(kind.name(), e.message),
    };
    match e.item {
        Some(item) => err.with_field("Item", encode_item(&item)),
        None => err,
    }
}

/// One entry of `CancellationReasons`: `Item` (if returned), `Code`, `Message` (if any).
fn cancellation_reason(r: CancellationReason) -> Value {
    let mut m = serde_json::Map::new();
    if let Some(item) = &r.item {
        m.insert("Item".to_owned(), encode_item(item));
    }
    m.insert("Code".to_owned(), Value::String(r.code));
    if let Some(message) = r.message {
        m.insert("Message".to_owned(), Value::String(message));
    }
    Value::Object(m)
}

impl Handler for DynamoHandler {
    fn handle(&self, op: &str, body: Value) -> Result<Value, ApiError> {
        if !cairn_dynamo::ops::is_implemented(op) {
            return Err(ApiError::unknown_operation());
        }
        self.db.execute(op, body).map_err(api_error)
    }

    fn blocking(&self, op: &str) -> Blocking {
        match op {
            // Reads take no lock and no sync.
            "GetItem" | "Query" | "Scan" | "BatchGetItem" | "TransactGetItems" | "ListTables"
            | "ListTagsOfResource" | "DescribeLimits" | "DescribeEndpoints"
            | "DescribeTimeToLive" => Blocking::Never,
            // One atomic write of a few items (or of a table's tags), synced.
            "PutItem" | "UpdateItem" | "DeleteItem" | "BatchWriteItem" | "TransactWriteItems"
            | "TagResource" | "UntagResource" => Blocking::Briefly,
            // DescribeTable counts the table's items; table creation, deletion and updates
            // change the catalog and may drop or backfill data.
            _ => Blocking::Long,
        }
    }
}
