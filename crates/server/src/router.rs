//! Dispatch of operations to the code that answers them.
//!
//! The front end decodes the protocol (target header, JSON body, authentication) and
//! hands each well-formed request to a [`Handler`] by operation name. The handler is
//! synchronous, because the storage engine's calls may block (disk reads, WAL syncs). The
//! handler says per operation how ([`Blocking`]); the server runs a call that may wait long
//! on tokio's blocking pool (`spawn_blocking`), so it never stalls the connections being
//! served, and a call that never waits on the connection's own task. A handler that panics is
//! answered with `InternalServerError` instead of taking the server down.

use serde_json::Value;

use crate::error::ApiError;

/// The `X-Amz-Target` prefix of DynamoDB's current API version.
pub const TARGET_PREFIX: &str = "DynamoDB_20120810";

/// Every operation of DynamoDB's 2012-08-10 API, sorted (from botocore's
/// `dynamodb/2012-08-10/service-2.json`). A target naming anything else is answered with
/// `UnknownOperationException` before authentication is looked at.
pub const OPERATIONS: &[&str] = &[
    "BatchExecuteStatement",
    "BatchGetItem",
    "BatchWriteItem",
    "CancelBulkOperation",
    "CreateBackup",
    "CreateGlobalTable",
    "CreateTable",
    "DeleteBackup",
    "DeleteItem",
    "DeleteResourcePolicy",
    "DeleteTable",
    "DescribeBackup",
    "DescribeBulkOperation",
    "DescribeContinuousBackups",
    "DescribeContributorInsights",
    "DescribeEndpoints",
    "DescribeExport",
    "DescribeGlobalTable",
    "DescribeGlobalTableSettings",
    "DescribeImport",
    "DescribeKinesisStreamingDestination",
    "DescribeLimits",
    "DescribeTable",
    "DescribeTableReplicaAutoScaling",
    "DescribeTimeToLive",
    "DisableKinesisStreamingDestination",
    "EnableKinesisStreamingDestination",
    "ExecuteStatement",
    "ExecuteTransaction",
    "ExportTableToPointInTime",
    "GetItem",
    "GetResourcePolicy",
    "ImportTable",
    "ListBackups",
    "ListBulkOperations",
    "ListContributorInsights",
    "ListExports",
    "ListGlobalTables",
    "ListImports",
    "ListTables",
    "ListTagsOfResource",
    "PutItem",
    "PutResourcePolicy",
    "Query",
    "RestoreTableFromBackup",
    "RestoreTableToPointInTime",
    "Scan",
    "SearchVectors",
    "StartBulkPutItems",
    "TagResource",
    "TransactGetItems",
    "TransactWriteItems",
    "UntagResource",
    "UpdateContinuousBackups",
    "UpdateContributorInsights",
    "UpdateGlobalTable",
    "UpdateGlobalTableSettings",
    "UpdateItem",
    "UpdateKinesisStreamingDestination",
    "UpdateTable",
    "UpdateTableReplicaAutoScaling",
    "UpdateTimeToLive",
];

/// Whether `op` is one of DynamoDB's operations (exact, case-sensitive match).
pub fn is_known_operation(op: &str) -> bool {
    OPERATIONS.binary_search(&op).is_ok()
}

/// The operation an `X-Amz-Target` header names, if it names one: exactly
/// `DynamoDB_20120810.<Operation>` with a known operation.
pub fn operation_from_target(target: &str) -> Option<&str> {
    let (api, op) = target.split_once('.')?;
    (api == TARGET_PREFIX && is_known_operation(op)).then_some(op)
}

/// Answers operations.
///
/// `handle` is called on a blocking thread with the operation name (one of
/// [`OPERATIONS`]) and the parsed request body (any JSON value: checking that it is an
/// object of the right shape is the handler's job, as it is DynamoDB's type checker's).
/// It returns the response body, or the error to answer with.
pub trait Handler: Send + Sync + 'static {
    /// Answers one request.
    fn handle(&self, op: &str, body: Value) -> Result<Value, ApiError>;

    /// How answering `op` may wait (see [`Blocking`]). The default: every call may wait
    /// long.
    fn blocking(&self, op: &str) -> Blocking {
        let _ = op;
        Blocking::Long
    }
}

/// How a call may wait, which decides the thread it runs on.
///
/// A thread hand-off costs tens of microseconds on a small machine (a futex wake of a pool
/// thread, then of the connection's worker), a large share of a request that takes a few
/// hundred; the server spares it where it can without letting calls that wait starve the
/// connections.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Blocking {
    /// Never waits on the disk or on another request (reads, which take no lock and find
    /// their data in memory or the page cache nearly always): runs on the connection's task.
    Never,
    /// Waits at most for one synced write and for item locks held by other such calls
    /// (item writes). Runs on the connection's task when no other such call is in flight,
    /// so a lone writer pays no hand-off and blocks one worker for one `fdatasync`; else on
    /// the blocking pool, where concurrent writers meet in the engine's group commit. At
    /// most one worker is ever blocked this way, and what it waits for (the commit leader,
    /// a lock holder) is always a running thread, never a task waiting to be polled, so it
    /// cannot deadlock the runtime.
    Briefly,
    /// May wait long (reads or rewrites a whole table): always on the blocking pool.
    Long,
}

/// The handler that knows no operation: every request is answered with
/// `UnknownOperationException`, exactly as DynamoDB answers a target it does not know.
/// It lets the server run before any operation is implemented.
#[derive(Clone, Copy, Debug, Default)]
pub struct UnknownOperationHandler;

impl Handler for UnknownOperationHandler {
    fn handle(&self, _op: &str, _body: Value) -> Result<Value, ApiError> {
        Err(ApiError::unknown_operation())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn operations_are_sorted_and_unique() {
        assert!(OPERATIONS.windows(2).all(|w| w[0] < w[1]));
    }

    #[test]
    fn targets() {
        assert_eq!(
            operation_from_target("DynamoDB_20120810.ListTables"),
            Some("ListTables")
        );
        assert_eq!(operation_from_target("DynamoDB_20120810.ListTable"), None);
        assert_eq!(operation_from_target("DynamoDB_20120810.listTables"), None);
        assert_eq!(operation_from_target("DynamoDB_20111205.ListTables"), None);
        assert_eq!(
            operation_from_target("DynamoDB_20120810.ListTables.x"),
            None
        );
        assert_eq!(operation_from_target("whatever"), None);
        assert_eq!(operation_from_target(""), None);
    }
}
