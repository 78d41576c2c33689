//! Transactions: `TransactGetItems`, `TransactWriteItems`.
//!
//! Shapes and constraints from botocore (dynalite has no transactions); the list bounds
//! (1 to 100 actions) are pinned by nubo `transactGetItems.test.ts` and
//! `transactWriteItems.test.ts`. Member order is botocore's.

use super::common::{
    ATTRIBUTE_MAP, EXPRESSION_ATTRIBUTE_NAMES, RETURN_CONSUMED_CAPACITY,
    RETURN_ITEM_COLLECTION_METRICS, RETURN_VALUES_ON_CONDITION_CHECK_FAILURE, STRING,
};
use crate::validate::shape::{List, Member, Operation, Shape, Str, Structure};

/// Most actions in one transaction.
const MAX_ACTIONS: usize = 100;

/// `TransactGetItem`.
const TRANSACT_GET_ITEM: Structure = Structure {
    name: "TransactGetItem",
    members: &[Member::not_null(
        "Get",
        Shape::Structure(&Structure {
            name: "Get",
            members: &[
                Member::not_null("Key", ATTRIBUTE_MAP),
                Member::not_null("TableName", Shape::TableName),
                Member::optional("ProjectionExpression", STRING),
                Member::optional("ExpressionAttributeNames", EXPRESSION_ATTRIBUTE_NAMES),
            ],
        }),
    )],
};

/// `TransactGetItems`.
pub const TRANSACT_GET_ITEMS: Operation = Operation {
    name: "TransactGetItems",
    input: &Structure {
        name: "TransactGetItemsInput",
        members: &[
            Member::not_null(
                "TransactItems",
                Shape::List(&List {
                    member: Shape::Structure(&TRANSACT_GET_ITEM),
                    min: Some(1),
                    max: Some(MAX_ACTIONS),
                }),
            ),
            Member::optional("ReturnConsumedCapacity", RETURN_CONSUMED_CAPACITY),
        ],
    },
    after: None,
};

/// `TransactWriteItem`: one of its four actions (which one is the operation's check).
const TRANSACT_WRITE_ITEM: Structure = Structure {
    name: "TransactWriteItem",
    members: &[
        Member::optional(
            "ConditionCheck",
            Shape::Structure(&Structure {
                name: "ConditionCheck",
                members: &[
                    Member::not_null("Key", ATTRIBUTE_MAP),
                    Member::not_null("TableName", Shape::TableName),
                    Member::not_null("ConditionExpression", STRING),
                    Member::optional("ExpressionAttributeNames", EXPRESSION_ATTRIBUTE_NAMES),
                    Member::optional("ExpressionAttributeValues", ATTRIBUTE_MAP),
                    Member::optional(
                        "ReturnValuesOnConditionCheckFailure",
                        RETURN_VALUES_ON_CONDITION_CHECK_FAILURE,
                    ),
                ],
            }),
        ),
        Member::optional(
            "Put",
            Shape::Structure(&Structure {
                name: "Put",
                members: &[
                    Member::not_null("Item", ATTRIBUTE_MAP),
                    Member::not_null("TableName", Shape::TableName),
                    Member::optional("ConditionExpression", STRING),
                    Member::optional("ExpressionAttributeNames", EXPRESSION_ATTRIBUTE_NAMES),
                    Member::optional("ExpressionAttributeValues", ATTRIBUTE_MAP),
                    Member::optional(
                        "ReturnValuesOnConditionCheckFailure",
                        RETURN_VALUES_ON_CONDITION_CHECK_FAILURE,
                    ),
                ],
            }),
        ),
        Member::optional(
            "Delete",
            Shape::Structure(&Structure {
                name: "Delete",
                members: &[
                    Member::not_null("Key", ATTRIBUTE_MAP),
                    Member::not_null("TableName", Shape::TableName),
                    Member::optional("ConditionExpression", STRING),
                    Member::optional("ExpressionAttributeNames", EXPRESSION_ATTRIBUTE_NAMES),
                    Member::optional("ExpressionAttributeValues", ATTRIBUTE_MAP),
                    Member::optional(
                        "ReturnValuesOnConditionCheckFailure",
                        RETURN_VALUES_ON_CONDITION_CHECK_FAILURE,
                    ),
                ],
            }),
        ),
        Member::optional(
            "Update",
            Shape::Structure(&Structure {
                name: "Update",
                members: &[
                    Member::not_null("Key", ATTRIBUTE_MAP),
                    Member::not_null("UpdateExpression", STRING),
                    Member::not_null("TableName", Shape::TableName),
                    Member::optional("ConditionExpression", STRING),
                    Member::optional("ExpressionAttributeNames", EXPRESSION_ATTRIBUTE_NAMES),
                    Member::optional("ExpressionAttributeValues", ATTRIBUTE_MAP),
                    Member::optional(
                        "ReturnValuesOnConditionCheckFailure",
                        RETURN_VALUES_ON_CONDITION_CHECK_FAILURE,
                    ),
                ],
            }),
        ),
    ],
};

/// `TransactWriteItems`.
pub const TRANSACT_WRITE_ITEMS: Operation = Operation {
    name: "TransactWriteItems",
    input: &Structure {
        name: "TransactWriteItemsInput",
        members: &[
            Member::not_null(
                "TransactItems",
                Shape::List(&List {
                    member: Shape::Structure(&TRANSACT_WRITE_ITEM),
                    min: Some(1),
                    max: Some(MAX_ACTIONS),
                }),
            ),
            Member::optional("ReturnConsumedCapacity", RETURN_CONSUMED_CAPACITY),
            Member::optional(
                "ReturnItemCollectionMetrics",
                RETURN_ITEM_COLLECTION_METRICS,
            ),
            Member::optional("ClientRequestToken", Shape::String(Str::length(1, 36))),
        ],
    },
    after: None,
};
