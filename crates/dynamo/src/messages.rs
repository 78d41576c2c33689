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

/// A key attribute holding an empty string or binary.
pub fn empty_key(name: &str, ty: &str) -> String {
    let what = if ty == "B" { "binary" } else { "string" };
    format!(
        "{INVALID}The AttributeValue for a key attribute cannot contain an empty {what} value. Key: {name}"
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
