//! Which parameters a request may combine: legacy and expression parameters never together,
//! `ExpressionAttributeNames` / `ExpressionAttributeValues` only with expressions, and
//! `ConditionalOperator` only with two or more legacy conditions.
//!
//! [`check_parameters`] runs these checks in DynamoDB's order, right after the request's
//! shape and member constraints and before anything looks at values (dynalite's
//! `validateExpressionParams` comes first in every operation's custom validation):
//!
//! 1. expression and non-expression parameters together: `Can not use both expression and
//!    non-expression parameters in the same request: Non-expression parameters: {..}
//!    Expression parameters: {..}`, each side listing the parameters present in a fixed
//!    order per operation (dynalite's tests; the dual-target suite for `ConditionalOperator`,
//!    which is a non-expression parameter of every operation that has it). `KeyConditions`
//!    counts only when `KeyConditionExpression` is present: Query accepts `KeyConditions`
//!    with a `FilterExpression` or `ProjectionExpression`;
//! 2. `ExpressionAttributeNames` without any expression parameter;
//! 3. `ExpressionAttributeValues` without any expression parameter that can use values
//!    (every one but `ProjectionExpression`), naming those parameters as null;
//! 4. `ConditionalOperator` without a legacy condition map (absent or empty), then with a
//!    map of one condition (the dual-target suite; it fires before Query's missing key
//!    condition error). The position of this step after 2 and 3 is our choice: no test
//!    combines them.
//!
//! A member counts as present unless absent or JSON `null`; an empty string or map counts.

use serde_json::{Map, Value};

use super::messages as m;
use crate::error::{DynamoError, Result};

/// An operation that has legacy parameters.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Operation {
    /// GetItem, and each table entry of BatchGetItem's `RequestItems`.
    GetItem,
    /// PutItem.
    PutItem,
    /// UpdateItem.
    UpdateItem,
    /// DeleteItem.
    DeleteItem,
    /// Query.
    Query,
    /// Scan.
    Scan,
}

impl Operation {
    /// The expression parameters, in the order the mixing message lists them.
    fn expression_parameters(self) -> &'static [&'static str] {
        match self {
            Operation::GetItem => &["ProjectionExpression"],
            Operation::PutItem | Operation::DeleteItem => &["ConditionExpression"],
            Operation::UpdateItem => &["UpdateExpression", "ConditionExpression"],
            Operation::Query => &[
                "ProjectionExpression",
                "FilterExpression",
                "KeyConditionExpression",
            ],
            Operation::Scan => &["ProjectionExpression", "FilterExpression"],
        }
    }

    /// The non-expression parameters, in the order the mixing message lists them.
    fn legacy_parameters(self) -> &'static [&'static str] {
        match self {
            Operation::GetItem => &["AttributesToGet"],
            Operation::PutItem | Operation::DeleteItem => &["Expected", "ConditionalOperator"],
            Operation::UpdateItem => &["AttributeUpdates", "Expected", "ConditionalOperator"],
            Operation::Query => &[
                "AttributesToGet",
                "QueryFilter",
                "ConditionalOperator",
                "KeyConditions",
            ],
            Operation::Scan => &["AttributesToGet", "ScanFilter", "ConditionalOperator"],
        }
    }

    /// The legacy condition map `ConditionalOperator` combines, if the operation has one.
    pub fn condition_map(self) -> Option<&'static str> {
        match self {
            Operation::GetItem => None,
            Operation::PutItem | Operation::UpdateItem | Operation::DeleteItem => Some("Expected"),
            Operation::Query => Some("QueryFilter"),
            Operation::Scan => Some("ScanFilter"),
        }
    }
}

/// Whether `name` is present (not absent, not `null`).
pub(crate) fn present(body: &Map<String, Value>, name: &str) -> bool {
    body.get(name).is_some_and(|v| !v.is_null())
}

/// The checks on which parameters a request combines, in DynamoDB's order (see the module
/// documentation). `body` is the request (for BatchGetItem, one table's entry).
pub fn check_parameters(op: Operation, body: &Map<String, Value>) -> Result<()> {
    let expressions: Vec<&str> = op
        .expression_parameters()
        .iter()
        .copied()
        .filter(|p| present(body, p))
        .collect();
    if !expressions.is_empty() {
        let key_condition_expression = present(body, "KeyConditionExpression");
        let legacy: Vec<&str> = op
            .legacy_parameters()
            .iter()
            .copied()
            .filter(|p| *p != "KeyConditions" || key_condition_expression)
            .filter(|p| present(body, p))
            .collect();
        if !legacy.is_empty() {
            return Err(DynamoError::validation(m::mixed_parameters(
                &legacy,
                &expressions,
            )));
        }
    }
    if present(body, "ExpressionAttributeNames") && expressions.is_empty() {
        return Err(DynamoError::validation(m::NAMES_WITHOUT_EXPRESSIONS));
    }
    let value_expressions: Vec<&str> = op
        .expression_parameters()
        .iter()
        .copied()
        .filter(|p| *p != "ProjectionExpression")
        .collect();
    if present(body, "ExpressionAttributeValues")
        && !value_expressions.is_empty()
        && value_expressions.iter().all(|p| !present(body, p))
    {
        return Err(DynamoError::validation(m::values_without_expressions(
            &value_expressions,
        )));
    }
    if let Some(map) = op.condition_map() {
        if present(body, "ConditionalOperator") {
            let count = body.get(map).and_then(Value::as_object).map_or(0, Map::len);
            match count {
                0 => {
                    return Err(DynamoError::validation(
                        m::CONDITIONAL_OPERATOR_WITHOUT_CONDITIONS,
                    ))
                }
                1 => {
                    return Err(DynamoError::validation(
                        m::CONDITIONAL_OPERATOR_ONE_CONDITION,
                    ))
                }
                _ => {}
            }
        }
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    fn check(op: Operation, body: Value) -> Result<()> {
        check_parameters(op, body.as_object().unwrap())
    }

    fn message(op: Operation, body: Value) -> String {
        check(op, body).unwrap_err().message
    }

    const MIXED: &str =
        "Can not use both expression and non-expression parameters in the same request: ";

    #[test]
    fn mixing_lists_both_sides_in_order() {
        // dynalite test/updateItem.js and test/putItem.js.
        assert_eq!(
            message(
                Operation::UpdateItem,
                json!({"Key": {"a": {}}, "Expected": {"a": {}}, "AttributeUpdates": {},
                       "ExpressionAttributeNames": {}, "ExpressionAttributeValues": {},
                       "ConditionExpression": "", "UpdateExpression": ""})
            ),
            format!(
                "{MIXED}Non-expression parameters: {{AttributeUpdates, Expected}} Expression \
                 parameters: {{UpdateExpression, ConditionExpression}}"
            )
        );
        assert_eq!(
            message(
                Operation::PutItem,
                json!({"Expected": {"a": {}}, "ConditionalOperator": "AND",
                       "ConditionExpression": "attribute_exists(pk)"})
            ),
            format!(
                "{MIXED}Non-expression parameters: {{Expected, ConditionalOperator}} Expression \
                 parameters: {{ConditionExpression}}"
            )
        );
        // dynalite test/query.js: all of them.
        assert_eq!(
            message(
                Operation::Query,
                json!({"KeyConditionExpression": "", "QueryFilter": {}, "AttributesToGet": ["a"],
                       "ConditionalOperator": "OR", "KeyConditions": {},
                       "ProjectionExpression": "", "FilterExpression": ""})
            ),
            format!(
                "{MIXED}Non-expression parameters: {{AttributesToGet, QueryFilter, \
                 ConditionalOperator, KeyConditions}} Expression parameters: \
                 {{ProjectionExpression, FilterExpression, KeyConditionExpression}}"
            )
        );
        // Without KeyConditionExpression, KeyConditions does not count.
        assert_eq!(
            message(
                Operation::Query,
                json!({"KeyConditions": {}, "QueryFilter": {}, "FilterExpression": ""})
            ),
            format!(
                "{MIXED}Non-expression parameters: {{QueryFilter}} Expression parameters: \
                 {{FilterExpression}}"
            )
        );
        assert_eq!(
            message(
                Operation::GetItem,
                json!({"AttributesToGet": ["a"], "ExpressionAttributeNames": {},
                       "ProjectionExpression": ""})
            ),
            format!(
                "{MIXED}Non-expression parameters: {{AttributesToGet}} Expression parameters: \
                 {{ProjectionExpression}}"
            )
        );
    }

    #[test]
    fn key_conditions_with_filter_expression_are_accepted() {
        check(
            Operation::Query,
            json!({"KeyConditions": {"pk": {}}, "FilterExpression": "a = :v",
                   "ExpressionAttributeValues": {":v": {"S": "x"}}}),
        )
        .unwrap();
        check(
            Operation::Query,
            json!({"KeyConditions": {"pk": {}}, "ProjectionExpression": "a"}),
        )
        .unwrap();
    }

    #[test]
    fn maps_without_expressions() {
        let names = "ExpressionAttributeNames can only be specified when using expressions";
        assert_eq!(
            message(
                Operation::PutItem,
                json!({"Expected": {"a": {}}, "ExpressionAttributeNames": {},
                       "ExpressionAttributeValues": {}})
            ),
            names
        );
        assert_eq!(
            message(
                Operation::PutItem,
                json!({"Expected": {"a": {}}, "ExpressionAttributeValues": {}})
            ),
            "ExpressionAttributeValues can only be specified when using expressions: \
             ConditionExpression is null"
        );
        assert_eq!(
            message(
                Operation::UpdateItem,
                json!({"ExpressionAttributeValues": {}})
            ),
            "ExpressionAttributeValues can only be specified when using expressions: \
             UpdateExpression and ConditionExpression are null"
        );
        assert_eq!(
            message(
                Operation::Query,
                json!({"ExpressionAttributeValues": {}, "ProjectionExpression": "a"})
            ),
            "ExpressionAttributeValues can only be specified when using expressions: \
             FilterExpression and KeyConditionExpression are null"
        );
        assert_eq!(
            message(Operation::Scan, json!({"ExpressionAttributeValues": {}})),
            "ExpressionAttributeValues can only be specified when using expressions: \
             FilterExpression is null"
        );
        // With only a projection, names are fine.
        check(
            Operation::Scan,
            json!({"ProjectionExpression": "#a", "ExpressionAttributeNames": {"#a": "a"}}),
        )
        .unwrap();
        // null members are absent.
        check(
            Operation::PutItem,
            json!({"ExpressionAttributeNames": null, "ConditionExpression": null}),
        )
        .unwrap();
    }

    #[test]
    fn conditional_operator_needs_two_conditions() {
        let without = "ConditionalOperator cannot be used without Filter or Expected";
        let one = "ConditionalOperator can only be used when Filter or Expected has two or more \
                   elements";
        assert_eq!(
            message(Operation::Scan, json!({"ConditionalOperator": "AND"})),
            without
        );
        assert_eq!(
            message(
                Operation::Scan,
                json!({"ConditionalOperator": "AND", "ScanFilter": {}})
            ),
            without
        );
        assert_eq!(
            message(
                Operation::Query,
                json!({"ConditionalOperator": "OR", "KeyConditions": {"a": {}}})
            ),
            without
        );
        assert_eq!(
            message(
                Operation::UpdateItem,
                json!({"ConditionalOperator": "OR", "AttributeUpdates": {"a": {}}})
            ),
            without
        );
        assert_eq!(
            message(
                Operation::DeleteItem,
                json!({"ConditionalOperator": "AND", "Expected": {"a": {}}})
            ),
            one
        );
        assert_eq!(
            message(
                Operation::Query,
                json!({"ConditionalOperator": "AND", "QueryFilter": {"a": {}}})
            ),
            one
        );
        check(
            Operation::PutItem,
            json!({"ConditionalOperator": "AND", "Expected": {"a": {}, "b": {}}}),
        )
        .unwrap();
        // Mixing is reported first.
        assert!(message(
            Operation::Scan,
            json!({"ConditionalOperator": "AND", "FilterExpression": "a = :v"})
        )
        .starts_with(MIXED));
    }
}
