//! The wording of every error the operations and tables produce, in one table.
//!
//! DynamoDB's texts, byte for byte (typos included, e.g. "limit of2048 bytes"). Sources:
//! dynalite's and the nubo-db conformance suite's assertions, recorded against DynamoDB,
//! and DynamoDB's documentation. Data-type and expression wording lives beside those
//! layers ([`crate::types::messages`], [`crate::expr::messages`]).

/// Prefix of most item validation messages.
pub const INVALID: &str = "One or more parameter values were invalid: ";

/// A table or index that does not exist (or is not usable yet).
pub const RESOURCE_NOT_FOUND: &str = "Requested resource not found";

/// A key that does not match the table's key schema.
pub const KEY_SCHEMA_MISMATCH: &str = "The provided key element does not match the schema";

/// A failed ConditionExpression or Expected.
pub const CONDITIONAL_CHECK_FAILED: &str = "The conditional request failed";

/// CreateTable of a name in use.
pub fn table_exists(name: &str) -> String {
    format!("Table already exists: {name}")
}

/// DescribeTable/DeleteTable of a missing table.
pub fn table_not_found(name: &str) -> String {
    format!("Requested resource not found: Table: {name} not found")
}

/// DeleteTable or UpdateTable of a table that is being created, changed or deleted.
pub fn table_in_use_status(name: &str, status: crate::table::TableStatus) -> String {
    use crate::table::TableStatus;
    let doing = match status {
        TableStatus::Creating => "created",
        TableStatus::Updating => "updated",
        TableStatus::Deleting => "deleted",
        TableStatus::Active => "used",
    };
    format!("Attempt to change a resource which is still in use: Table is being {doing}: {name}")
}

/// DeleteTable of a table with deletion protection on.
pub const DELETION_PROTECTED: &str =
    "Resource cannot be deleted as it is currently protected against deletion. Disable deletion protection first.";

/// A put item without one of the table's key attributes.
pub fn missing_key(name: &str) -> String {
    format!("{INVALID}Missing the key {name} in the item")
}

/// A key attribute with the wrong type.
pub fn key_type_mismatch(name: &str, expected: &str, actual: &str) -> String {
    format!("{INVALID}Type mismatch for key {name} expected: {expected} actual: {actual}")
}

/// An index key attribute with the wrong type.
pub fn index_key_type_mismatch(name: &str, expected: &str, actual: &str, index: &str) -> String {
    format!(
        "{INVALID}Type mismatch for Index Key {name} Expected: {expected} Actual: {actual} IndexName: {index}"
    )
}

/// A `Key` attribute holding an empty string or binary.
pub fn empty_key(name: &str, ty: &str) -> String {
    let what = if ty == "B" { "binary" } else { "string" };
    format!(
        "{INVALID}The AttributeValue for a key attribute cannot contain an empty {what} value. Key: {name}"
    )
}

/// A key attribute of an item to store holding an empty string or binary (DynamoDB words
/// this one differently from [`empty_key`]).
pub fn empty_item_key(name: &str, ty: &str) -> String {
    let what = if ty == "B" { "binary" } else { "string" };
    format!(
        "One or more parameter values are not valid. The AttributeValue for a key attribute cannot contain an empty {what} value. Key: {name}"
    )
}

/// A partition key over 2048 bytes.
pub const HASH_KEY_TOO_LONG: &str =
    "One or more parameter values were invalid: Size of hashkey has exceeded the maximum size limit of2048 bytes";

/// A sort key over 1024 bytes.
pub const RANGE_KEY_TOO_LONG: &str =
    "One or more parameter values were invalid: Aggregated size of all range keys has exceeded the size limit of 1024 bytes";

/// ReturnValues other than NONE/ALL_OLD on PutItem or DeleteItem.
pub const PUT_RETURN_VALUES: &str = "ReturnValues can only be ALL_OLD or NONE";

/// UpdateItem that would change a key attribute.
pub fn update_key_attribute(name: &str) -> String {
    format!("{INVALID}Cannot update attribute {name}. This attribute is part of the key")
}

/// Item collection over 10 GB in a table with local indexes.
pub const ITEM_COLLECTION_TOO_LARGE: &str =
    "Item collection size limit exceeded. Item collection size is greater than 10 GB.";

// ---- BatchGetItem and BatchWriteItem ----

/// Two keys of one table's `Keys` (BatchGetItem), or two requests of one table
/// (BatchWriteItem), address the same item.
pub const BATCH_DUPLICATE_KEYS: &str = "Provided list of item keys contains duplicates";

/// BatchGetItem with more than 100 keys over all its tables.
pub const BATCH_GET_TOO_MANY_KEYS: &str = "Too many items requested for the BatchGetItem call";

/// BatchWriteItem with more than 25 requests over all its tables.
pub const BATCH_WRITE_TOO_MANY_REQUESTS: &str =
    "Too many items requested for the BatchWriteItem call";

// ---------------------------------------------------------------------------------------
// Query and Scan
// ---------------------------------------------------------------------------------------

/// Prefix of the messages about an `ExclusiveStartKey` that does not fit the table.
pub const START_KEY_INVALID: &str = "The provided starting key is invalid";

/// An `ExclusiveStartKey` that does not fit, with the reason.
pub fn start_key_invalid(reason: &str) -> String {
    format!("{START_KEY_INVALID}: {reason}")
}

/// An `IndexName` the table does not have.
pub fn no_such_index(index: &str) -> String {
    format!("The table does not have the specified index: {index}")
}

/// `ConsistentRead: true` on a global secondary index.
pub const CONSISTENT_READ_ON_GSI: &str =
    "Consistent reads are not supported on global secondary indexes";

/// Reading a global secondary index that is still being backfilled.
pub fn index_backfilling(index: &str) -> String {
    format!("Cannot read from backfilling global secondary index: {index}")
}

/// `Select: ALL_ATTRIBUTES` on a global secondary index that does not project everything.
pub fn select_all_on_gsi(index: &str) -> String {
    format!(
        "{INVALID}Select type ALL_ATTRIBUTES is not supported for global secondary index {index} because its projection type is not ALL"
    )
}

/// `Select: SPECIFIC_ATTRIBUTES` without anything to select.
pub const SPECIFIC_ATTRIBUTES_WITHOUT_PROJECTION: &str =
    "Must specify the AttributesToGet or ProjectionExpression when choosing to get SPECIFIC_ATTRIBUTES";

/// A projection (`ProjectionExpression` or `AttributesToGet`) with a `Select` other than
/// `SPECIFIC_ATTRIBUTES`; `what` is `ALL_ATTRIBUTES`, `ALL_PROJECTED_ATTRIBUTES` or `only
/// the Count`.
pub fn projection_with_select(parameter: &str, what: &str) -> String {
    format!("Cannot specify the {parameter} when choosing to get {what}")
}

/// `Select: ALL_PROJECTED_ATTRIBUTES` without an `IndexName`.
pub const ALL_PROJECTED_WITHOUT_INDEX: &str =
    "ALL_PROJECTED_ATTRIBUTES can be used only when Querying using an IndexName";

/// A FilterExpression of a Query naming a key attribute of the table or index queried.
pub fn filter_on_key(attribute: &str) -> String {
    format!(
        "Filter Expression can only contain non-primary key attributes: Primary key attribute: {attribute}"
    )
}

/// A Query `ExclusiveStartKey` in another partition than the key condition's.
pub const START_KEY_OUTSIDE_QUERY: &str =
    "The provided starting key is outside query boundaries based on provided conditions";

/// A Query `ExclusiveStartKey` whose sort key fails the sort key condition.
pub const START_KEY_OUTSIDE_RANGE: &str =
    "The provided starting key does not match the range key predicate";

/// A Query `ExclusiveStartKey` matching the sort key condition but in another partition.
pub const START_KEY_CANNOT_RESTART: &str =
    "The query can return at most one row and cannot be restarted";

/// `Segment` without `TotalSegments`.
pub const SEGMENT_WITHOUT_TOTAL: &str =
    "The TotalSegments parameter is required but was not present in the request when Segment parameter is present";

/// `TotalSegments` without `Segment`.
pub const TOTAL_WITHOUT_SEGMENT: &str =
    "The Segment parameter is required but was not present in the request when parameter TotalSegments is present";

/// `Segment` not below `TotalSegments`.
pub fn segment_out_of_range(segment: u64, total: u64) -> String {
    format!(
        "The Segment parameter is zero-based and must be less than parameter TotalSegments: Segment: {segment} is not less than TotalSegments: {total}"
    )
}

/// A Scan `ExclusiveStartKey` outside the segment scanned.
pub fn start_key_wrong_segment(total: u64, segment: u64) -> String {
    start_key_invalid(&format!(
        "Invalid ExclusiveStartKey. Please use ExclusiveStartKey with correct Segment. TotalSegments: {total} Segment: {segment}"
    ))
}

// ---- UpdateTable, tags ---------------------------------------------------------------------

/// UpdateTable that changes nothing.
pub const UPDATE_TABLE_NOTHING: &str =
    "At least one of ProvisionedThroughput, BillingMode, UpdateStreamEnabled, GlobalSecondaryIndexUpdates or SSESpecification or ReplicaUpdates is required";

/// UpdateTable with `BillingMode: PROVISIONED` and no `ProvisionedThroughput`.
pub const UPDATE_TABLE_PROVISIONED_WITHOUT_THROUGHPUT: &str =
    "One or more parameter values were invalid: ProvisionedThroughput must be specified when BillingMode is PROVISIONED";

/// Throughput given for an on-demand table (or with `BillingMode: PAY_PER_REQUEST`).
pub const THROUGHPUT_WITH_PAY_PER_REQUEST: &str =
    "One or more parameter values were invalid: Neither ReadCapacityUnits nor WriteCapacityUnits can be specified when BillingMode is PAY_PER_REQUEST";

/// A `GlobalSecondaryIndexUpdates` element with none of its actions.
pub const INDEX_UPDATE_EMPTY: &str =
    "One or more parameter values were invalid: One of GlobalSecondaryIndexUpdate.Update, GlobalSecondaryIndexUpdate.Create, GlobalSecondaryIndexUpdate.Delete must not be null";

/// Two `GlobalSecondaryIndexUpdates` elements naming one index.
pub fn index_update_repeated(index: &str) -> String {
    format!("{INVALID}Only one global secondary index update per index is allowed simultaneously. Index: {index}")
}

/// More than one index created or deleted by one UpdateTable.
pub const INDEX_UPDATE_LIMIT: &str =
    "Subscriber limit exceeded: Only 1 online index can be created or deleted simultaneously per table";

/// An index throughput update DynamoDB refuses outright (no such index, or values out of
/// bounds).
pub const INDEX_UPDATE_BLOCKED: &str =
    "This operation cannot be performed with given input values. Please contact DynamoDB service team for more info: Action Blocked: IndexUpdate";

/// UpdateTable asking for the throughput the table (or index) already has.
pub fn throughput_unchanged(read: i64, write: i64) -> String {
    format!(
        "The provisioned throughput for the table will not change. The requested value equals the current value. Current ReadCapacityUnits provisioned for the table: {read}. Requested ReadCapacityUnits: {read}. Current WriteCapacityUnits provisioned for the table: {write}. Requested WriteCapacityUnits: {write}. Refer to the Amazon DynamoDB Developer Guide for current limits and how to request higher limits."
    )
}

/// Switching to PROVISIONED without throughput for every global index.
pub fn index_throughput_missing(indexes: &str) -> String {
    format!("{INVALID}ProvisionedThroughput must be specified for index: {indexes}")
}

/// Creating an index whose name is taken.
pub fn index_exists(index: &str) -> String {
    format!("{INVALID}Index already exists: {index}")
}

/// A tag operation without `ResourceArn`.
pub const INVALID_TABLE_ARN: &str = "Invalid TableArn";

/// A `ResourceArn` that is not a table's ARN.
pub fn invalid_resource_arn(arn: &str) -> String {
    format!("Invalid TableArn: Invalid ResourceArn provided as input {arn}")
}

/// A caller not allowed to act on a resource (another account's, or one that does not
/// exist, for ListTagsOfResource).
pub fn access_denied(account: &str, op: &str, arn: &str) -> String {
    format!("User: arn:aws:iam::{account}:root is not authorized to perform: dynamodb:{op} on resource: {arn}")
}

/// TagResource with an empty `Tags`.
pub const NO_TAGS: &str = "Atleast one Tag needs to be provided as Input.";

/// UntagResource with an empty `TagKeys`.
pub const NO_TAG_KEYS: &str = "Atleast one Tag Key needs to be provided as Input.";

/// TagResource of a table that does not exist (DynamoDB's typo "ResourcArn").
pub fn tagged_resource_not_found(arn: &str) -> String {
    format!("Requested resource not found: ResourcArn: {arn} not found")
}

/// TagResource that would leave a table with more than 50 tags.
pub const TOO_MANY_TAGS: &str =
    "One or more parameter values were invalid: The number of tags exceeds the limit of 50 tags per resource";

/// A new global index with throughput on an on-demand table.
pub fn index_throughput_with_pay_per_request(index: &str) -> String {
    format!("{INVALID}ProvisionedThroughput should not be specified for index: {index} when BillingMode is PAY_PER_REQUEST")
}

/// A table with more global indexes than allowed.
pub fn too_many_global_indexes(limit: usize) -> String {
    format!("{INVALID}GlobalSecondaryIndex count exceeds the per-table limit of {limit}")
}

/// A path into a key attribute (`what` is `Key` for the table's, `IndexKey` for an index's).
pub fn key_not_scalar(what: &str, name: &str) -> String {
    format!(
        "Key attributes must be scalars; list random access '[]' and map lookup '.' are not allowed: {what}: {name}"
    )
}

/// UpdateItem whose result gives an index key attribute another type than the index's.
pub const UPDATE_INDEX_KEY_TYPE: &str =
    "The update expression attempted to update the secondary index key to unsupported type";

// ---- TransactWriteItems, TransactGetItems ----

/// Two actions of one transaction on the same item (nubo `transactWriteItems.test.ts`).
pub const TRANSACTION_ONE_ITEM_TWICE: &str =
    "Transaction request cannot include multiple operations on one item";

/// A `TransactWriteItem` with none or several of its four actions.
pub const TRANSACT_ONE_ACTION: &str =
    "TransactItems can only contain one of Check, Put, Update or Delete";

/// The items of a TransactWriteItems over 4 MB in total.
pub const TRANSACTION_TOO_LARGE: &str = "Collection size of items exceeded, which can also be caused by the aggregate size of the items in the transaction exceeding the 4MB limit";

/// A `ClientRequestToken` reused within ten minutes with another request.
pub const IDEMPOTENT_PARAMETER_MISMATCH: &str =
    "Request with the same ClientRequestToken has different parameters";

/// `TransactionCanceledException`, listing each action's reason code in request order
/// (nubo `conditionalCheck.test.ts`, `transactWriteItems.test.ts`).
pub fn transaction_canceled(codes: &[&str]) -> String {
    format!(
        "Transaction cancelled, please refer cancellation reasons for specific reasons [{}]",
        codes.join(", ")
    )
}
