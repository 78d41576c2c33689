//! The input shape of every operation the validation stage knows, by group.

mod batch;
mod common;
mod items;
mod misc;
mod partiql;
mod query;
mod tables;
mod transact;

use super::shape::Operation;

/// Every operation with a declared input shape.
pub const OPERATIONS: &[&Operation] = &[
    &tables::CREATE_TABLE,
    &tables::DELETE_TABLE,
    &tables::DESCRIBE_TABLE,
    &tables::LIST_TABLES,
    &tables::UPDATE_TABLE,
    &tables::DESCRIBE_TIME_TO_LIVE,
    &tables::UPDATE_TIME_TO_LIVE,
    &items::PUT_ITEM,
    &items::GET_ITEM,
    &items::UPDATE_ITEM,
    &items::DELETE_ITEM,
    &batch::BATCH_GET_ITEM,
    &batch::BATCH_WRITE_ITEM,
    &query::QUERY,
    &query::SCAN,
    &transact::TRANSACT_GET_ITEMS,
    &transact::TRANSACT_WRITE_ITEMS,
    &misc::TAG_RESOURCE,
    &misc::UNTAG_RESOURCE,
    &misc::LIST_TAGS_OF_RESOURCE,
    &misc::DESCRIBE_LIMITS,
    &misc::DESCRIBE_ENDPOINTS,
    &partiql::EXECUTE_STATEMENT,
    &partiql::BATCH_EXECUTE_STATEMENT,
    &partiql::EXECUTE_TRANSACTION,
];

/// The shape of `operation` (its `X-Amz-Target` name), if one is declared.
pub fn operation(name: &str) -> Option<&'static Operation> {
    OPERATIONS.iter().copied().find(|op| op.name == name)
}
