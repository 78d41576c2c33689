//! Batch operations: `BatchGetItem`, `BatchWriteItem`.
//!
//! Member order and constraints: dynalite `validations/batchGetItem.js` and
//! `batchWriteItem.js`. `RequestItems` keys are table names (or ARNs); a bad one fails
//! "Map keys must satisfy constraint: [...]" against the whole map. Two answers are
//! DynamoDB's newer ones, recorded by the nubo suite where dynalite's tests recorded
//! the older constraint failures, and are checked after the declared constraints:
//!
//! - `"RequestItems": {}` is "The requestItems parameter is required for BatchGetItem"
//!   (dynalite: `Value '{}' at 'requestItems' ... length greater than or equal to 1`);
//! - more than 100 keys for one table is `Value at 'RequestItems.<table>.member.Keys'
//!   ... less than or equal to 100` (dynalite: `Value '[...]' at
//!   'requestItems.<table>.member.keys'`).

use serde_json::{Map as JsonMap, Value};

use super::common::{
    ATTRIBUTES_TO_GET, ATTRIBUTE_MAP, EXPRESSION_ATTRIBUTE_NAMES, RETURN_CONSUMED_CAPACITY,
    RETURN_ITEM_COLLECTION_METRICS, STRING,
};
use crate::validate::messages;
use crate::validate::shape::{List, Map, Member, Operation, Shape, Structure};

/// Most keys `BatchGetItem` takes for one table.
const MAX_KEYS_PER_TABLE: usize = 100;

/// `KeysAndAttributes`, the value of `BatchGetItem`'s `RequestItems`.
const KEYS_AND_ATTRIBUTES: Structure = Structure {
    name: "KeysAndAttributes",
    members: &[
        Member::not_null(
            "Keys",
            Shape::List(&List {
                member: ATTRIBUTE_MAP,
                min: Some(1),
                max: None,
            }),
        ),
        Member::optional("AttributesToGet", ATTRIBUTES_TO_GET),
        Member::optional("ConsistentRead", Shape::Boolean),
        Member::optional("ProjectionExpression", STRING),
        Member::optional("ExpressionAttributeNames", EXPRESSION_ATTRIBUTE_NAMES),
    ],
};

/// `BatchGetItem`.
pub const BATCH_GET_ITEM: Operation = Operation {
    name: "BatchGetItem",
    input: &Structure {
        name: "BatchGetItemInput",
        members: &[
            Member::optional("ReturnConsumedCapacity", RETURN_CONSUMED_CAPACITY),
            Member::not_null(
                "RequestItems",
                Shape::Map(&Map {
                    value: Shape::Structure(&KEYS_AND_ATTRIBUTES),
                    min: None,
                    table_name_keys: true,
                    value_length: None,
                }),
            ),
        ],
    },
    after: Some(batch_get_item_after),
};

fn batch_get_item_after(request: &JsonMap<String, Value>) -> Option<String> {
    let tables = request.get("RequestItems")?.as_object()?;
    if tables.is_empty() {
        return Some(messages::request_items_required("BatchGetItem"));
    }
    tables.iter().find_map(|(table, request)| {
        let keys = request.get("Keys")?.as_array()?;
        (keys.len() > MAX_KEYS_PER_TABLE).then(|| {
            messages::validation_errors(&[messages::constraint_failure_without_value(
                &format!("RequestItems.{table}.member.Keys"),
                &messages::length_at_most(MAX_KEYS_PER_TABLE),
            )])
        })
    })
}

/// `WriteRequest`: one of `DeleteRequest` and `PutRequest` (which one is the operation's
/// check).
const WRITE_REQUEST: Structure = Structure {
    name: "WriteRequest",
    members: &[
        Member::optional(
            "DeleteRequest",
            Shape::Structure(&Structure {
                name: "DeleteRequest",
                members: &[Member::not_null("Key", ATTRIBUTE_MAP)],
            }),
        ),
        Member::optional(
            "PutRequest",
            Shape::Structure(&Structure {
                name: "PutRequest",
                members: &[Member::not_null("Item", ATTRIBUTE_MAP)],
            }),
        ),
    ],
};

/// `BatchWriteItem`: 1 to 25 requests per table.
pub const BATCH_WRITE_ITEM: Operation = Operation {
    name: "BatchWriteItem",
    input: &Structure {
        name: "BatchWriteItemInput",
        members: &[
            Member::optional("ReturnConsumedCapacity", RETURN_CONSUMED_CAPACITY),
            Member::optional(
                "ReturnItemCollectionMetrics",
                RETURN_ITEM_COLLECTION_METRICS,
            ),
            Member::not_null(
                "RequestItems",
                Shape::Map(&Map {
                    value: Shape::List(&List {
                        member: Shape::Structure(&WRITE_REQUEST),
                        min: None,
                        max: None,
                    }),
                    min: None,
                    table_name_keys: true,
                    value_length: Some((1, 25)),
                }),
            ),
        ],
    },
    after: Some(batch_write_item_after),
};

fn batch_write_item_after(request: &JsonMap<String, Value>) -> Option<String> {
    let tables = request.get("RequestItems")?.as_object()?;
    tables
        .is_empty()
        .then(|| messages::request_items_required("BatchWriteItem"))
}
