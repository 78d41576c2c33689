//! PartiQL: `ExecuteStatement`, `BatchExecuteStatement`, `ExecuteTransaction`.
//!
//! Shapes, constraints and member order from botocore (dynalite has no PartiQL, and no
//! recorded message pins these).

use super::common::{RETURN_CONSUMED_CAPACITY, RETURN_VALUES_ON_CONDITION_CHECK_FAILURE};
use crate::validate::shape::{List, Member, Operation, Range, Shape, Str, Structure};

/// A statement: 1 to 8192 characters.
const STATEMENT: Shape = Shape::String(Str::length(1, 8192));

/// `Parameters`: at least one value.
const PARAMETERS: Shape = Shape::List(&List {
    member: Shape::AttributeValue,
    min: Some(1),
    max: None,
});

/// `ExecuteStatement`.
pub const EXECUTE_STATEMENT: Operation = Operation {
    name: "ExecuteStatement",
    input: &Structure {
        name: "ExecuteStatementInput",
        members: &[
            Member::not_null("Statement", STATEMENT),
            Member::optional("Parameters", PARAMETERS),
            Member::optional("ConsistentRead", Shape::Boolean),
            Member::optional("NextToken", Shape::String(Str::length(1, 32768))),
            Member::optional("ReturnConsumedCapacity", RETURN_CONSUMED_CAPACITY),
            Member::optional("Limit", Shape::Integer(Range::at_least(1))),
            Member::optional(
                "ReturnValuesOnConditionCheckFailure",
                RETURN_VALUES_ON_CONDITION_CHECK_FAILURE,
            ),
        ],
    },
    after: None,
};

/// `BatchExecuteStatement`: 1 to 25 statements.
pub const BATCH_EXECUTE_STATEMENT: Operation = Operation {
    name: "BatchExecuteStatement",
    input: &Structure {
        name: "BatchExecuteStatementInput",
        members: &[
            Member::not_null(
                "Statements",
                Shape::List(&List {
                    member: Shape::Structure(&Structure {
                        name: "BatchStatementRequest",
                        members: &[
                            Member::not_null("Statement", STATEMENT),
                            Member::optional("Parameters", PARAMETERS),
                            Member::optional("ConsistentRead", Shape::Boolean),
                            Member::optional(
                                "ReturnValuesOnConditionCheckFailure",
                                RETURN_VALUES_ON_CONDITION_CHECK_FAILURE,
                            ),
                        ],
                    }),
                    min: Some(1),
                    max: Some(25),
                }),
            ),
            Member::optional("ReturnConsumedCapacity", RETURN_CONSUMED_CAPACITY),
        ],
    },
    after: None,
};

/// `ExecuteTransaction`: 1 to 100 statements.
pub const EXECUTE_TRANSACTION: Operation = Operation {
    name: "ExecuteTransaction",
    input: &Structure {
        name: "ExecuteTransactionInput",
        members: &[
            Member::not_null(
                "TransactStatements",
                Shape::List(&List {
                    member: Shape::Structure(&Structure {
                        name: "ParameterizedStatement",
                        members: &[
                            Member::not_null("Statement", STATEMENT),
                            Member::optional("Parameters", PARAMETERS),
                            Member::optional(
                                "ReturnValuesOnConditionCheckFailure",
                                RETURN_VALUES_ON_CONDITION_CHECK_FAILURE,
                            ),
                        ],
                    }),
                    min: Some(1),
                    max: Some(100),
                }),
            ),
            Member::optional("ClientRequestToken", Shape::String(Str::length(1, 36))),
            Member::optional("ReturnConsumedCapacity", RETURN_CONSUMED_CAPACITY),
        ],
    },
    after: None,
};
