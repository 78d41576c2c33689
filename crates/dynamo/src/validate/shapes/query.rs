//! Reads of many items: `Query`, `Scan`.
//!
//! Member order and constraints: dynalite `validations/query.js` and `scan.js` (whose
//! "incorrect attributes" tests recorded DynamoDB's order). Botocore adds upper bounds
//! dynalite does not declare: `Segment` at most 999999 and `TotalSegments` at most
//! 1000000; they are checked in the same pass. `Scan`'s `ConsistentRead` (absent from
//! dynalite's shape) follows last.
//!
//! `Query` with `Limit` below 1 is DynamoDB's newer answer, `Value at 'Limit' ...`
//! without the value (nubo `query.test.ts` "Limit of 0"), checked after the declared
//! constraints; dynalite recorded `Value '-1' at 'limit'` among them, and `Scan` still
//! answers that way (nubo `scan.test.ts`).

use serde_json::{Map as JsonMap, Value};

use super::common::{
    ATTRIBUTES_TO_GET, ATTRIBUTE_MAP, CONDITIONAL_OPERATOR, CONDITIONS, EXPRESSION_ATTRIBUTE_NAMES,
    NAME, RETURN_CONSUMED_CAPACITY, SELECT, STRING,
};
use crate::validate::messages;
use crate::validate::render::integer_value;
use crate::validate::shape::{Member, Operation, Range, Shape, Structure};

/// `Query`.
pub const QUERY: Operation = Operation {
    name: "Query",
    input: &Structure {
        name: "QueryInput",
        members: &[
            Member::optional("Select", SELECT),
            Member::optional("IndexName", NAME),
            Member::optional("ReturnConsumedCapacity", RETURN_CONSUMED_CAPACITY),
            Member::optional("QueryFilter", CONDITIONS),
            Member::not_null("TableName", Shape::TableName),
            Member::optional("ConditionalOperator", CONDITIONAL_OPERATOR),
            Member::optional("AttributesToGet", ATTRIBUTES_TO_GET),
            Member::optional("Limit", Shape::Integer(Range::ANY)),
            Member::optional("KeyConditions", CONDITIONS),
            Member::optional("ExclusiveStartKey", ATTRIBUTE_MAP),
            Member::optional("ConsistentRead", Shape::Boolean),
            Member::optional("ScanIndexForward", Shape::Boolean),
            Member::optional("KeyConditionExpression", STRING),
            Member::optional("FilterExpression", STRING),
            Member::optional("ProjectionExpression", STRING),
            Member::optional("ExpressionAttributeValues", ATTRIBUTE_MAP),
            Member::optional("ExpressionAttributeNames", EXPRESSION_ATTRIBUTE_NAMES),
        ],
    },
    after: Some(query_after),
};

fn query_after(request: &JsonMap<String, Value>) -> Option<String> {
    let limit = integer_value(request.get("Limit")?)?;
    (limit < 1).then(|| {
        messages::validation_errors(&[messages::constraint_failure_without_value(
            "Limit",
            &messages::value_at_least(1),
        )])
    })
}

/// `Scan`.
pub const SCAN: Operation = Operation {
    name: "Scan",
    input: &Structure {
        name: "ScanInput",
        members: &[
            Member::optional("Select", SELECT),
            Member::optional("IndexName", NAME),
            Member::optional(
                "TotalSegments",
                Shape::Integer(Range::between(1, 1_000_000)),
            ),
            Member::optional("ReturnConsumedCapacity", RETURN_CONSUMED_CAPACITY),
            Member::not_null("TableName", Shape::TableName),
            Member::optional("ConditionalOperator", CONDITIONAL_OPERATOR),
            Member::optional("ScanFilter", CONDITIONS),
            Member::optional("Segment", Shape::Integer(Range::between(0, 999_999))),
            Member::optional("Limit", Shape::Integer(Range::at_least(1))),
            Member::optional("AttributesToGet", ATTRIBUTES_TO_GET),
            Member::optional("ExclusiveStartKey", ATTRIBUTE_MAP),
            Member::optional("FilterExpression", STRING),
            Member::optional("ProjectionExpression", STRING),
            Member::optional("ExpressionAttributeValues", ATTRIBUTE_MAP),
            Member::optional("ExpressionAttributeNames", EXPRESSION_ATTRIBUTE_NAMES),
            Member::optional("ConsistentRead", Shape::Boolean),
        ],
    },
    after: None,
};
