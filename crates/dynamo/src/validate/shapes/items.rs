//! Single-item operations: `PutItem`, `GetItem`, `UpdateItem`, `DeleteItem`.
//!
//! Member order and constraints: dynalite `validations/putItem.js`, `getItem.js`,
//! `updateItem.js`, `deleteItem.js`; `ReturnValuesOnConditionCheckFailure` (newer)
//! follows from botocore. `TableName` may be a name or an ARN ([`Shape::TableName`]).

use super::common::{
    ATTRIBUTES_TO_GET, ATTRIBUTE_MAP, CONDITIONAL_OPERATOR, EXPECTED, EXPRESSION_ATTRIBUTE_NAMES,
    RETURN_CONSUMED_CAPACITY, RETURN_ITEM_COLLECTION_METRICS, RETURN_VALUES,
    RETURN_VALUES_ON_CONDITION_CHECK_FAILURE, STRING,
};
use crate::validate::shape::{Map, Member, Operation, Shape, Structure};

/// `PutItem`.
pub const PUT_ITEM: Operation = Operation {
    name: "PutItem",
    input: &Structure {
        name: "PutItemInput",
        members: &[
            Member::optional("ReturnConsumedCapacity", RETURN_CONSUMED_CAPACITY),
            Member::not_null("TableName", Shape::TableName),
            Member::not_null("Item", ATTRIBUTE_MAP),
            Member::optional("ConditionalOperator", CONDITIONAL_OPERATOR),
            Member::optional("Expected", EXPECTED),
            Member::optional("ReturnValues", RETURN_VALUES),
            Member::optional(
                "ReturnItemCollectionMetrics",
                RETURN_ITEM_COLLECTION_METRICS,
            ),
            Member::optional("ConditionExpression", STRING),
            Member::optional("ExpressionAttributeValues", ATTRIBUTE_MAP),
            Member::optional("ExpressionAttributeNames", EXPRESSION_ATTRIBUTE_NAMES),
            Member::optional(
                "ReturnValuesOnConditionCheckFailure",
                RETURN_VALUES_ON_CONDITION_CHECK_FAILURE,
            ),
        ],
    },
    after: None,
};

/// `GetItem`.
pub const GET_ITEM: Operation = Operation {
    name: "GetItem",
    input: &Structure {
        name: "GetItemInput",
        members: &[
            Member::optional("ReturnConsumedCapacity", RETURN_CONSUMED_CAPACITY),
            Member::optional("AttributesToGet", ATTRIBUTES_TO_GET),
            Member::not_null("TableName", Shape::TableName),
            Member::not_null("Key", ATTRIBUTE_MAP),
            Member::optional("ConsistentRead", Shape::Boolean),
            Member::optional("ProjectionExpression", STRING),
            Member::optional("ExpressionAttributeNames", EXPRESSION_ATTRIBUTE_NAMES),
        ],
    },
    after: None,
};

/// `AttributeValueUpdate`, the value of `AttributeUpdates`: `Action` is free here as in
/// dynalite's recorded shape (botocore lists `ADD`, `PUT`, `DELETE`).
const ATTRIBUTE_UPDATES: Shape = Shape::Map(&Map {
    value: Shape::Structure(&Structure {
        name: "AttributeValueUpdate",
        members: &[
            Member::optional("Action", STRING),
            Member::optional("Value", Shape::AttributeValue),
        ],
    }),
    min: None,
    table_name_keys: false,
    value_length: None,
});

/// `UpdateItem`.
pub const UPDATE_ITEM: Operation = Operation {
    name: "UpdateItem",
    input: &Structure {
        name: "UpdateItemInput",
        members: &[
            Member::optional("ReturnConsumedCapacity", RETURN_CONSUMED_CAPACITY),
            Member::not_null("TableName", Shape::TableName),
            Member::optional(
                "ReturnItemCollectionMetrics",
                RETURN_ITEM_COLLECTION_METRICS,
            ),
            Member::optional("ReturnValues", RETURN_VALUES),
            Member::not_null("Key", ATTRIBUTE_MAP),
            Member::optional("ConditionalOperator", CONDITIONAL_OPERATOR),
            Member::optional("Expected", EXPECTED),
            Member::optional("AttributeUpdates", ATTRIBUTE_UPDATES),
            Member::optional("ConditionExpression", STRING),
            Member::optional("UpdateExpression", STRING),
            Member::optional("ExpressionAttributeValues", ATTRIBUTE_MAP),
            Member::optional("ExpressionAttributeNames", EXPRESSION_ATTRIBUTE_NAMES),
            Member::optional(
                "ReturnValuesOnConditionCheckFailure",
                RETURN_VALUES_ON_CONDITION_CHECK_FAILURE,
            ),
        ],
    },
    after: None,
};

/// `DeleteItem`.
pub const DELETE_ITEM: Operation = Operation {
    name: "DeleteItem",
    input: &Structure {
        name: "DeleteItemInput",
        members: &[
            Member::optional("ReturnConsumedCapacity", RETURN_CONSUMED_CAPACITY),
            Member::not_null("TableName", Shape::TableName),
            Member::optional("ReturnValues", RETURN_VALUES),
            Member::optional(
                "ReturnItemCollectionMetrics",
                RETURN_ITEM_COLLECTION_METRICS,
            ),
            Member::not_null("Key", ATTRIBUTE_MAP),
            Member::optional("ConditionalOperator", CONDITIONAL_OPERATOR),
            Member::optional("Expected", EXPECTED),
            Member::optional("ConditionExpression", STRING),
            Member::optional("ExpressionAttributeValues", ATTRIBUTE_MAP),
            Member::optional("ExpressionAttributeNames", EXPRESSION_ATTRIBUTE_NAMES),
            Member::optional(
                "ReturnValuesOnConditionCheckFailure",
                RETURN_VALUES_ON_CONDITION_CHECK_FAILURE,
            ),
        ],
    },
    after: None,
};
