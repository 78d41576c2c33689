//! One legacy comparison: a `ComparisonOperator` with its `AttributeValueList`, validated as
//! DynamoDB validates the `Condition` entries of `QueryFilter`, `ScanFilter` and
//! `KeyConditions` and the operator form of `Expected` entries.
//!
//! The checks, in DynamoDB's order (dynalite's `validateConditions`, from its tests against
//! DynamoDB): each value of the list as an attribute value, in order; the number of values
//! for the operator; all values of one type; each value's type allowed for the operator;
//! `BETWEEN` bounds in order.
//!
//! Value types allowed per operator: any type for `EQ` and `NE` (a test run against
//! DynamoDB filters lists, maps, sets and booleans with `EQ`: ScyllaDB's
//! `test_query_filter_eq`), `S`/`N`/`B` for `LT`, `LE`, `GT`, `GE`, `IN`, `BETWEEN`,
//! `CONTAINS` and `NOT_CONTAINS`, and `S`/`B` for `BEGINS_WITH` (dynalite's tests).

use serde_json::Value;
use std::cmp::Ordering;

use super::messages as m;
use crate::error::{DynamoError, Result};
use crate::types::{decode_attribute_value, AttributeType, AttributeValue};

/// The thirteen legacy comparison operators.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Operator {
    /// `EQ`: equal (any type).
    Eq,
    /// `NE`: not equal; true for a missing attribute.
    Ne,
    /// `LE`
    Le,
    /// `LT`
    Lt,
    /// `GE`
    Ge,
    /// `GT`
    Gt,
    /// `NOT_NULL`: the attribute exists.
    NotNull,
    /// `NULL`: the attribute does not exist.
    Null,
    /// `CONTAINS`: substring, set member or list element.
    Contains,
    /// `NOT_CONTAINS`: the attribute exists and does not contain the value.
    NotContains,
    /// `BEGINS_WITH`
    BeginsWith,
    /// `IN`: equal to one of the values.
    In,
    /// `BETWEEN`: within two bounds, inclusive.
    Between,
}

/// How many values an operator takes.
enum Arity {
    Exactly(usize),
    AtLeastOne,
}

impl Operator {
    /// The operator named `name` (case-sensitive), if any.
    pub fn from_name(name: &str) -> Option<Operator> {
        Some(match name {
            "EQ" => Operator::Eq,
            "NE" => Operator::Ne,
            "LE" => Operator::Le,
            "LT" => Operator::Lt,
            "GE" => Operator::Ge,
            "GT" => Operator::Gt,
            "NOT_NULL" => Operator::NotNull,
            "NULL" => Operator::Null,
            "CONTAINS" => Operator::Contains,
            "NOT_CONTAINS" => Operator::NotContains,
            "BEGINS_WITH" => Operator::BeginsWith,
            "IN" => Operator::In,
            "BETWEEN" => Operator::Between,
            _ => return None,
        })
    }

    /// The operator's name as written in requests (`NOT_NULL`).
    pub fn name(self) -> &'static str {
        match self {
            Operator::Eq => "EQ",
            Operator::Ne => "NE",
            Operator::Le => "LE",
            Operator::Lt => "LT",
            Operator::Ge => "GE",
            Operator::Gt => "GT",
            Operator::NotNull => "NOT_NULL",
            Operator::Null => "NULL",
            Operator::Contains => "CONTAINS",
            Operator::NotContains => "NOT_CONTAINS",
            Operator::BeginsWith => "BEGINS_WITH",
            Operator::In => "IN",
            Operator::Between => "BETWEEN",
        }
    }

    fn arity(self) -> Arity {
        match self {
            Operator::Null | Operator::NotNull => Arity::Exactly(0),
            Operator::Between => Arity::Exactly(2),
            Operator::In => Arity::AtLeastOne,
            _ => Arity::Exactly(1),
        }
    }

    /// Whether the operator takes no values (`NULL`, `NOT_NULL`).
    pub fn takes_no_values(self) -> bool {
        matches!(self.arity(), Arity::Exactly(0))
    }

    /// Whether values of type `t` may be given to the operator.
    fn accepts(self, t: AttributeType) -> bool {
        use AttributeType as T;
        match self {
            Operator::Eq | Operator::Ne | Operator::Null | Operator::NotNull => true,
            Operator::BeginsWith => matches!(t, T::S | T::B),
            _ => matches!(t, T::S | T::N | T::B),
        }
    }
}

/// A validated comparison: the operator and its values (as many as it takes, all of one
/// allowed type, `BETWEEN` bounds in order).
#[derive(Debug, Clone, PartialEq)]
pub struct Comparison {
    /// The operator.
    pub operator: Operator,
    /// The values, in the order given.
    pub values: Vec<AttributeValue>,
}

/// The operator named by a `ComparisonOperator` member.
pub(crate) fn operator_of(json: &Value) -> Result<Operator> {
    let name = json.as_str().unwrap_or_default();
    Operator::from_name(name).ok_or_else(|| DynamoError::validation(m::unknown_operator(name)))
}

/// Decodes the values of an `AttributeValueList` member (absent or `null`: none), each
/// validated as an attribute value, in order.
pub(crate) fn decode_values(list: Option<&Value>) -> Result<Vec<AttributeValue>> {
    let Some(Value::Array(items)) = list else {
        return Ok(Vec::new());
    };
    items
        .iter()
        .map(|v| decode_attribute_value(v).map_err(DynamoError::from))
        .collect()
}

/// Parses and validates one `Condition` (an object with `ComparisonOperator` and
/// `AttributeValueList`) of a `QueryFilter`, `ScanFilter` or `KeyConditions` map.
pub fn parse_condition(condition: &Value) -> Result<Comparison> {
    let values = decode_values(condition.get("AttributeValueList"))?;
    let operator = operator_of(condition.get("ComparisonOperator").unwrap_or(&Value::Null))?;
    check(operator, values)
}

/// The checks after the values themselves: count, one type, allowed type, `BETWEEN` order.
pub(crate) fn check(operator: Operator, values: Vec<AttributeValue>) -> Result<Comparison> {
    let count_ok = match operator.arity() {
        Arity::Exactly(n) => values.len() == n,
        Arity::AtLeastOne => !values.is_empty(),
    };
    if !count_ok {
        return Err(DynamoError::validation(m::argument_count(operator.name())));
    }
    if let Some(first) = values.first() {
        let t = first.attribute_type();
        if values.iter().any(|v| v.attribute_type() != t) {
            return Err(DynamoError::validation(m::MIXED_VALUE_TYPES));
        }
        if !operator.accepts(t) {
            return Err(DynamoError::validation(m::operator_value_type(
                operator.name(),
                t.name(),
            )));
        }
    }
    if let (Operator::Between, [lower, upper]) = (operator, values.as_slice()) {
        if lower.compare(upper) == Some(Ordering::Greater) {
            return Err(DynamoError::validation(m::BETWEEN_BOUNDS_ORDER));
        }
    }
    Ok(Comparison { operator, values })
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    fn err(condition: Value) -> String {
        parse_condition(&condition).unwrap_err().message
    }

    #[test]
    fn values_are_validated_before_the_count() {
        assert_eq!(
            err(json!({"ComparisonOperator": "EQ",
                       "AttributeValueList": [{"N": "1"}, {"SS": []}, {}]})),
            "One or more parameter values were invalid: An string set  may not be empty"
        );
        assert_eq!(
            err(json!({"ComparisonOperator": "EQ",
                       "AttributeValueList": [{"N": "1"}, {"S": "a", "N": "1"}]})),
            "Supplied AttributeValue has more than one datatypes set, must contain exactly one \
             of the supported datatypes"
        );
    }

    #[test]
    fn counts() {
        for (op, list) in [
            ("EQ", json!([])),
            ("NE", json!(null)),
            ("BEGINS_WITH", json!(null)),
            ("IN", json!([])),
            ("BETWEEN", json!([{"S": "a"}])),
            ("NULL", json!([{"S": "a"}])),
            ("NOT_NULL", json!([{"S": "a"}, {"S": "a"}])),
            ("CONTAINS", json!([{"S": "a"}, {"S": "a"}])),
            ("BETWEEN", json!([{"S": "a"}, {"S": "a"}, {"S": "a"}])),
        ] {
            assert_eq!(
                err(json!({"ComparisonOperator": op, "AttributeValueList": list})),
                format!(
                    "One or more parameter values were invalid: Invalid number of argument(s) \
                     for the {op} ComparisonOperator"
                )
            );
        }
        let c = parse_condition(&json!({"ComparisonOperator": "NULL"})).unwrap();
        assert_eq!(c.operator, Operator::Null);
        assert!(c.values.is_empty());
    }

    #[test]
    fn types() {
        assert_eq!(
            err(json!({"ComparisonOperator": "IN",
                       "AttributeValueList": [{"S": "b"}, {"N": "1"}]})),
            "One or more parameter values were invalid: AttributeValues inside \
             AttributeValueList must be of same type"
        );
        for (op, list, t) in [
            ("LT", json!([{"BOOL": true}]), "BOOL"),
            ("GE", json!([{"NULL": true}]), "NULL"),
            ("IN", json!([{"SS": ["a"]}]), "SS"),
            ("CONTAINS", json!([{"NS": ["1"]}]), "NS"),
            ("NOT_CONTAINS", json!([{"L": []}]), "L"),
            ("BETWEEN", json!([{"M": {}}, {"M": {}}]), "M"),
            ("BEGINS_WITH", json!([{"N": "1"}]), "N"),
        ] {
            assert_eq!(
                err(json!({"ComparisonOperator": op, "AttributeValueList": list})),
                format!(
                    "One or more parameter values were invalid: ComparisonOperator {op} is not \
                     valid for {t} AttributeValue type"
                )
            );
        }
        for list in [
            json!([{"L": [{"S": "a"}]}]),
            json!([{"M": {}}]),
            json!([{"BOOL": true}]),
            json!([{"NS": ["1"]}]),
        ] {
            parse_condition(&json!({"ComparisonOperator": "EQ", "AttributeValueList": list}))
                .unwrap();
        }
        parse_condition(&json!({"ComparisonOperator": "BEGINS_WITH",
                                "AttributeValueList": [{"B": "YQ=="}]}))
        .unwrap();
    }

    #[test]
    fn between_order() {
        assert_eq!(
            err(json!({"ComparisonOperator": "BETWEEN",
                       "AttributeValueList": [{"S": "b"}, {"S": "a"}]})),
            "The BETWEEN condition was provided a range where the lower bound is greater than \
             the upper bound"
        );
        parse_condition(&json!({"ComparisonOperator": "BETWEEN",
                                "AttributeValueList": [{"N": "2"}, {"N": "10"}]}))
        .unwrap();
    }

    #[test]
    fn unknown_operator() {
        assert!(err(json!({"ComparisonOperator": "eq"})).starts_with("Value 'eq' at"));
    }
}
