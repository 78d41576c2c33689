//! `Expected` (with `ConditionalOperator`) as a condition: PutItem, UpdateItem, DeleteItem.
//!
//! Each entry is either the value form (`Value`, `Exists`) or the operator form
//! (`ComparisonOperator` with `Value` or `AttributeValueList`). Entries are checked in the
//! order given, each completely, in DynamoDB's order (dynalite's
//! `validateAttributeConditions` and its tests against DynamoDB):
//!
//! 1. `Value` with `AttributeValueList`;
//! 2. with `ComparisonOperator`: `Exists` too; no values for an operator that takes some;
//!    then the values as attribute values and the checks of
//!    [`comparison`](super::comparison) (count, one type, type allowed, `BETWEEN` order) —
//!    `Value` counts as a list of one;
//! 3. without it: `AttributeValueList` alone; `Exists` true or absent without `Value`;
//!    `Exists: false` with `Value`; then `Value` as an attribute value.
//!
//! Meaning: `Value` alone (or with `Exists: true`) is `EQ`; `Exists: false` is `NULL` (the
//! attribute is absent). An empty `Expected` is no condition. The value-type rules of the
//! operator form are those of the filters (dynalite applies none to `Expected`, but DynamoDB
//! rejects `CONTAINS` of a list, `IN` of lists, `BETWEEN` of sets and `BEGINS_WITH` of a
//! number there: ScyllaDB's `test_expected.py`); the texts are the filters'.

use serde_json::{Map, Value};

use super::comparison::{self, Comparison, Operator};
use super::messages as m;
use super::translated::{combine, Builder, Combine, Translated};
use crate::error::{DynamoError, Result};
use crate::expr::Condition;
use crate::types::decode_attribute_value;

/// Reads a boolean member as the JSON deserializer does: a JSON boolean, or the strings
/// `true`/`false`/`1`/`0`/`yes`/`no` in any case.
fn boolean(v: &Value) -> Option<bool> {
    match v {
        Value::Bool(b) => Some(*b),
        Value::String(s) => match s.to_ascii_uppercase().as_str() {
            "TRUE" | "1" | "YES" => Some(true),
            "FALSE" | "0" | "NO" => Some(false),
            _ => None,
        },
        _ => None,
    }
}

/// Validates one `Expected` entry and gives its comparison.
fn entry(attribute: &str, entry: &Value) -> Result<Comparison> {
    let get = |k: &str| entry.get(k).filter(|v| !v.is_null());
    let value = get("Value");
    let list = get("AttributeValueList");
    let exists = get("Exists").and_then(boolean);
    let has_exists = get("Exists").is_some();
    let invalid = |text: String| Err(DynamoError::validation(text));
    if value.is_some() && list.is_some() {
        return invalid(m::value_and_list(attribute));
    }
    if let Some(op) = get("ComparisonOperator") {
        if has_exists {
            return invalid(m::exists_and_operator(attribute));
        }
        let operator = comparison::operator_of(op)?;
        if !operator.takes_no_values() && value.is_none() && list.is_none() {
            return invalid(m::operator_without_values(operator.name(), attribute));
        }
        let values = match value {
            Some(v) => vec![decode_attribute_value(v)?],
            None => comparison::decode_values(list)?,
        };
        return comparison::check(operator, values);
    }
    if list.is_some() {
        return invalid(m::list_without_operator(attribute));
    }
    let expect_exists = exists.unwrap_or(true);
    match value {
        None if expect_exists => invalid(m::value_required(exists, attribute)),
        Some(_) if !expect_exists => invalid(m::value_with_exists_false(attribute)),
        Some(v) => Ok(Comparison {
            operator: Operator::Eq,
            values: vec![decode_attribute_value(v)?],
        }),
        None => Ok(Comparison {
            operator: Operator::Null,
            values: Vec::new(),
        }),
    }
}

/// The request's `Expected` and `ConditionalOperator` as a condition: `None` when `Expected`
/// is absent or empty. Run [`super::check_parameters`] first (it owns the
/// `ConditionalOperator` rules); call this where the operation validates `Expected`
/// (PutItem: after the item, `ReturnValues` and item size; UpdateItem: after
/// `AttributeUpdates`; DeleteItem: after the key).
pub fn condition_from_expected(body: &Map<String, Value>) -> Result<Option<Translated<Condition>>> {
    let Some(expected) = body.get("Expected").and_then(Value::as_object) else {
        return Ok(None);
    };
    let mut builder = Builder::default();
    let mut conditions = Vec::with_capacity(expected.len());
    for (attribute, e) in expected {
        let c = entry(attribute, e)?;
        conditions.push(builder.comparison(attribute, c));
    }
    Ok(combine(conditions, Combine::of(body)).map(|c| builder.finish(c)))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::expr::ExprKind;
    use crate::types::{decode_item, Item};
    use serde_json::json;

    fn translate(body: Value) -> Result<Option<Translated<Condition>>> {
        condition_from_expected(body.as_object().unwrap())
    }

    fn message(expected: Value) -> String {
        translate(json!({ "Expected": expected }))
            .unwrap_err()
            .message
    }

    fn item(json: Value) -> Item {
        decode_item(&json).unwrap()
    }

    /// Whether `expected` (with `conditional_operator`, if any) holds for `item`.
    fn holds(expected: Value, conditional_operator: Option<&str>, item: Option<&Item>) -> bool {
        let mut body = json!({ "Expected": expected });
        if let Some(op) = conditional_operator {
            body["ConditionalOperator"] = json!(op);
        }
        translate(body)
            .unwrap()
            .unwrap()
            .evaluate(ExprKind::Condition, item)
            .unwrap()
    }

    #[test]
    fn shape_errors() {
        // dynalite test/putItem.js, updateItem.js, deleteItem.js.
        let p = "One or more parameter values were invalid: ";
        assert_eq!(
            message(json!({"a": {}})),
            format!("{p}Value must be provided when Exists is null for Attribute: a")
        );
        assert_eq!(
            message(json!({"a": {"Exists": true}})),
            format!("{p}Value must be provided when Exists is true for Attribute: a")
        );
        assert_eq!(
            message(json!({"a": {"Exists": false, "Value": {"S": "a"}}})),
            format!("{p}Value cannot be used when Exists is false for Attribute: a")
        );
        assert_eq!(
            message(json!({"a": {"ComparisonOperator": "LT"}})),
            format!(
                "{p}Value or AttributeValueList must be used with ComparisonOperator: LT for \
                 Attribute: a"
            )
        );
        assert_eq!(
            message(json!({"a": {"Exists": true, "ComparisonOperator": "LT"}})),
            format!("{p}Exists and ComparisonOperator cannot be used together for Attribute: a")
        );
        assert_eq!(
            message(
                json!({"a": {"AttributeValueList": [{"S": "a"}], "Value": {"S": "a"},
                                 "ComparisonOperator": "LT"}})
            ),
            format!("{p}Value and AttributeValueList cannot be used together for Attribute: a")
        );
        for e in [
            json!({"AttributeValueList": [{"S": "a"}]}),
            json!({"Exists": true, "AttributeValueList": []}),
        ] {
            assert_eq!(
                message(json!({ "a": e })),
                format!(
                    "{p}AttributeValueList can only be used with a ComparisonOperator for \
                     Attribute: a"
                )
            );
        }
        for (e, op) in [
            (
                json!({"AttributeValueList": [], "ComparisonOperator": "EQ"}),
                "EQ",
            ),
            (
                json!({"AttributeValueList": [{"S": "a"}], "ComparisonOperator": "NULL"}),
                "NULL",
            ),
            (
                json!({"AttributeValueList": [], "ComparisonOperator": "IN"}),
                "IN",
            ),
            (
                json!({"Value": {"S": "a"}, "ComparisonOperator": "NULL"}),
                "NULL",
            ),
            (
                json!({"Value": {"S": "a"}, "ComparisonOperator": "BETWEEN"}),
                "BETWEEN",
            ),
            (
                json!({"AttributeValueList": [{"N": "1"}, {"N": "10"}, {"N": "12"}],
                       "ComparisonOperator": "BETWEEN"}),
                "BETWEEN",
            ),
        ] {
            assert_eq!(
                message(json!({ "a": e })),
                format!("{p}Invalid number of argument(s) for the {op} ComparisonOperator")
            );
        }
        assert_eq!(
            message(json!({"a": {"ComparisonOperator": "IN",
                                 "AttributeValueList": [{"S": "b"}, {"N": "1"}]}})),
            format!("{p}AttributeValues inside AttributeValueList must be of same type")
        );
        assert_eq!(
            message(json!({"a": {"ComparisonOperator": "BETWEEN",
                                 "AttributeValueList": [{"S": "b"}, {"S": "a"}]}})),
            "The BETWEEN condition was provided a range where the lower bound is greater than \
             the upper bound"
        );
        assert_eq!(
            message(json!({"a": {"ComparisonOperator": "CONTAINS",
                                 "AttributeValueList": [{"L": [{"N": "1"}]}]}})),
            format!("{p}ComparisonOperator CONTAINS is not valid for L AttributeValue type")
        );
        assert_eq!(
            message(json!({"a": {"Value": {"NULL": false}}})),
            format!("{p}Null attribute value types must have the value of true")
        );
        // Entries are checked in order, the first failing one reported.
        assert_eq!(
            message(json!({"a": {"Value": {"S": "x"}}, "b": {"Exists": true}, "c": {}})),
            format!("{p}Value must be provided when Exists is true for Attribute: b")
        );
    }

    #[test]
    fn empty_or_absent_expected_is_no_condition() {
        assert!(translate(json!({})).unwrap().is_none());
        assert!(translate(json!({"Expected": {}})).unwrap().is_none());
        assert!(translate(json!({"Expected": null})).unwrap().is_none());
    }

    #[test]
    fn value_and_exists_forms() {
        let it = item(json!({"p": {"S": "k"}, "a": {"N": "1"}}));
        assert!(holds(
            json!({"a": {"Value": {"N": "1.0"}}}),
            None,
            Some(&it)
        ));
        assert!(!holds(json!({"a": {"Value": {"N": "2"}}}), None, Some(&it)));
        assert!(!holds(json!({"z": {"Value": {"N": "1"}}}), None, Some(&it)));
        assert!(holds(
            json!({"a": {"Exists": true, "Value": {"N": "1"}}}),
            None,
            Some(&it)
        ));
        assert!(holds(json!({"z": {"Exists": false}}), None, Some(&it)));
        assert!(!holds(json!({"a": {"Exists": "false"}}), None, Some(&it)));
        // No item: Exists false holds, a value does not.
        assert!(holds(json!({"p": {"Exists": false}}), None, None));
        assert!(!holds(json!({"p": {"Value": {"S": "k"}}}), None, None));
        // The operator form accepts Value as its one value.
        assert!(holds(
            json!({"a": {"ComparisonOperator": "GE", "Value": {"N": "0"}}}),
            None,
            Some(&it)
        ));
    }

    #[test]
    fn operators() {
        let it = item(json!({
            "s": {"S": "hello"}, "n": {"N": "2"}, "b": {"B": "aGkgdGhlcmU="},
            "ns": {"NS": ["2", "4", "7"]}, "l": {"L": [{"N": "2"}, {"S": "x"}]},
            "nul": {"NULL": true}
        }));
        let cases = [
            (
                json!({"n": {"ComparisonOperator": "NE", "AttributeValueList": [{"S": "2"}]}}),
                true,
            ),
            (
                json!({"q": {"ComparisonOperator": "NE", "AttributeValueList": [{"N": "1"}]}}),
                true,
            ),
            (
                json!({"n": {"ComparisonOperator": "NE", "AttributeValueList": [{"N": "2"}]}}),
                false,
            ),
            (
                json!({"n": {"ComparisonOperator": "LE", "AttributeValueList": [{"N": "2"}]}}),
                true,
            ),
            (
                json!({"n": {"ComparisonOperator": "LT", "AttributeValueList": [{"N": "2"}]}}),
                false,
            ),
            (
                json!({"n": {"ComparisonOperator": "LT", "AttributeValueList": [{"S": "9"}]}}),
                false,
            ),
            (
                json!({"s": {"ComparisonOperator": "GT", "AttributeValueList": [{"S": "dog"}]}}),
                true,
            ),
            (
                json!({"s": {"ComparisonOperator": "GE", "AttributeValueList": [{"S": "i"}]}}),
                false,
            ),
            (json!({"nul": {"ComparisonOperator": "NOT_NULL"}}), true),
            (json!({"q": {"ComparisonOperator": "NOT_NULL"}}), false),
            (
                json!({"nul": {"ComparisonOperator": "NULL", "AttributeValueList": []}}),
                false,
            ),
            (json!({"q": {"ComparisonOperator": "NULL"}}), true),
            (
                json!({"s": {"ComparisonOperator": "CONTAINS", "AttributeValueList": [{"S": "ell"}]}}),
                true,
            ),
            (
                json!({"ns": {"ComparisonOperator": "CONTAINS", "AttributeValueList": [{"N": "4"}]}}),
                true,
            ),
            (
                json!({"l": {"ComparisonOperator": "CONTAINS", "AttributeValueList": [{"N": "2"}]}}),
                true,
            ),
            (
                json!({"b": {"ComparisonOperator": "CONTAINS", "AttributeValueList": [{"B": "aGVyZQ=="}]}}),
                true,
            ),
            (
                json!({"s": {"ComparisonOperator": "CONTAINS", "AttributeValueList": [{"N": "1"}]}}),
                false,
            ),
            (
                json!({"q": {"ComparisonOperator": "CONTAINS", "AttributeValueList": [{"N": "1"}]}}),
                false,
            ),
            (
                json!({"s": {"ComparisonOperator": "NOT_CONTAINS", "AttributeValueList": [{"S": "dog"}]}}),
                true,
            ),
            (
                json!({"s": {"ComparisonOperator": "NOT_CONTAINS", "AttributeValueList": [{"N": "1"}]}}),
                true,
            ),
            (
                json!({"ns": {"ComparisonOperator": "NOT_CONTAINS", "AttributeValueList": [{"N": "4"}]}}),
                false,
            ),
            // A missing attribute neither contains nor does not contain.
            (
                json!({"q": {"ComparisonOperator": "NOT_CONTAINS", "AttributeValueList": [{"N": "1"}]}}),
                false,
            ),
            (
                json!({"s": {"ComparisonOperator": "BEGINS_WITH", "AttributeValueList": [{"S": "hell"}]}}),
                true,
            ),
            (
                json!({"n": {"ComparisonOperator": "BEGINS_WITH", "AttributeValueList": [{"S": "2"}]}}),
                false,
            ),
            (
                json!({"n": {"ComparisonOperator": "IN", "AttributeValueList": [{"N": "1"}, {"N": "2"}]}}),
                true,
            ),
            (
                json!({"ns": {"ComparisonOperator": "IN", "AttributeValueList": [{"N": "2"}]}}),
                false,
            ),
            (
                json!({"q": {"ComparisonOperator": "IN", "AttributeValueList": [{"N": "2"}]}}),
                false,
            ),
            (
                json!({"n": {"ComparisonOperator": "BETWEEN", "AttributeValueList": [{"N": "1"}, {"N": "2"}]}}),
                true,
            ),
            (
                json!({"n": {"ComparisonOperator": "BETWEEN", "AttributeValueList": [{"S": "1"}, {"S": "3"}]}}),
                false,
            ),
            (
                json!({"q": {"ComparisonOperator": "BETWEEN", "AttributeValueList": [{"N": "0"}, {"N": "9"}]}}),
                false,
            ),
            (
                json!({"ns": {"ComparisonOperator": "EQ", "AttributeValueList": [{"NS": ["7", "4", "2"]}]}}),
                true,
            ),
        ];
        for (expected, want) in cases {
            assert_eq!(holds(expected.clone(), None, Some(&it)), want, "{expected}");
        }
    }

    #[test]
    fn conditional_operator() {
        let it = item(json!({"a": {"N": "1"}, "b": {"N": "2"}}));
        let two = json!({"a": {"Value": {"N": "74"}}, "b": {"ComparisonOperator": "EQ",
                                                           "AttributeValueList": [{"N": "2"}]}});
        assert!(!holds(two.clone(), None, Some(&it)));
        assert!(!holds(two.clone(), Some("AND"), Some(&it)));
        assert!(holds(two, Some("OR"), Some(&it)));
        let none = json!({"a": {"Value": {"N": "74"}}, "c": {"Exists": true, "Value": {"N": "1"}}});
        assert!(!holds(none, Some("OR"), Some(&it)));
    }
}
