//! Request validation before an operation looks at its input: JSON types
//! (`SerializationException`) and declared member constraints (`ValidationException`).
//!
//! This is the generic first stage DynamoDB's request framework runs for every
//! operation, driven by the operation's input shape ([`shape`], declared per operation
//! in `shapes/`):
//!
//! 1. The type pass ([`check`]): every declared member's JSON type; the first mismatch is
//!    a `SerializationException` (texts of Coral's deserializer). Undeclared members are
//!    ignored; `null` is an absent member.
//! 2. The constraint pass ([`constraints`]): presence, patterns, lengths, ranges,
//!    enumerations; all failures (at most [`MAX_REPORTED_ERRORS`]) in one
//!    `ValidationException`, `N validation errors detected: ...`.
//! 3. The few checks DynamoDB's newer code makes right after
//!    ([`Operation::after`](shape::Operation::after)).
//!
//! What follows is each operation's own checking (expression and legacy parameters
//! mixed, attribute values valid, keys against the table's schema, ...), which is not
//! here. The stage only checks: the operation then reads the request itself, best after
//! [`normalize_request`] has turned what DynamoDB reads leniently (`"yes"` for a boolean,
//! `2.7` for an integer, `null` members) into plain JSON.
//!
//! # Where the sources disagree
//!
//! dynalite's tests were recorded against DynamoDB years before the nubo suite; where
//! both pin the same input, DynamoDB has changed and the newer answer is implemented:
//!
//! | request | dynalite (older) | nubo (newer, implemented) |
//! |---|---|---|
//! | `PutItem` `TableName: ""` | pattern and length-3 failures | length-1 failure only |
//! | `CreateTable` `TableName: "ab"` | "TableName must be at least 3 characters long and at most 255 characters long" | `Value 'ab' at 'tableName'` length-3 failure |
//! | `BatchGetItem`/`BatchWriteItem` `RequestItems: {}` | `Value '{}' at 'requestItems'` length-1 failure | "The requestItems parameter is required for BatchGetItem" |
//! | `BatchGetItem` 101 keys | `Value '[...]' at 'requestItems.t.member.keys'` | `Value at 'RequestItems.t.member.Keys'` |
//! | `Query` `Limit: 0` | `Value '0' at 'limit'` | `Value at 'Limit'` |
//!
//! Both changes of `TableName` follow from DynamoDB accepting table ARNs
//! ([`shape::Shape::TableName`]). Where dynalite and botocore disagree on constraints,
//! dynalite's (recorded) shapes win, and the difference is noted at the shape: enum value
//! order, `AttributesToGet` at most 255 (botocore: no maximum), index `KeyType` free,
//! `AttributeValueUpdate.Action` free; botocore fills what dynalite lacks
//! (`Segment`/`TotalSegments` maxima, newer members, transactions, `ExecuteStatement`,
//! `UpdateTimeToLive`). One exception: an index `Create`/`Update` of `UpdateTable` may
//! leave out `ProvisionedThroughput` (botocore), which dynalite recorded as "must not be
//! null" before on-demand tables existed.
//!
//! Values in failures are rendered as DynamoDB's Java objects print ([`render`]); the
//! recorded tests only pin such renderings with patterns.

pub mod check;
pub mod constraints;
pub mod messages;
mod normalize;
pub mod render;
pub mod shape;
mod shapes;

use serde_json::Value;

use crate::error::DynamoError;

pub use normalize::normalize_request;
pub use shapes::operation;

/// Most constraint failures DynamoDB lists in one message; the count in "N validation
/// errors detected" is of the listed ones (dynalite `createTable.js` "more than five
/// empty LocalSecondaryIndexes": 27 failures, 10 reported).
pub const MAX_REPORTED_ERRORS: usize = 10;

/// Runs the type pass, then the constraint pass, of `operation`'s input shape over
/// `body`, the parsed request. Operations without a declared shape pass.
///
/// A body that is not a JSON object is a `SerializationException`: an array is "Start of
/// list found where not expected"; `null` or a scalar has no message at all, which the
/// error carries as an empty message (the HTTP layer should then send no `Message`
/// key). Neither dynalite (which reads such bodies as `{}`) nor the nubo suite records
/// DynamoDB's answer; these are the answers measured from another service on the same
/// request framework.
pub fn check_request(operation: &str, body: &Value) -> Result<(), DynamoError> {
    let Some(operation) = shapes::operation(operation) else {
        return Ok(());
    };
    let request = match body {
        Value::Object(request) => request,
        Value::Array(_) => return Err(DynamoError::serialization(messages::UNEXPECTED_LIST)),
        _ => return Err(DynamoError::serialization(messages::NO_MESSAGE)),
    };
    check::check_structure(request, operation.input).map_err(DynamoError::serialization)?;
    constraints::check_structure(request, operation.input).map_err(DynamoError::validation)?;
    if let Some(after) = operation.after {
        if let Some(message) = after(request) {
            return Err(DynamoError::validation(message));
        }
    }
    Ok(())
}

#[cfg(test)]
mod tests;
