//! `KeyConditions` as the key query of a Query.
//!
//! Two steps, as DynamoDB takes them (dynalite's `validations/query.js` and
//! `actions/query.js`, from its tests against DynamoDB):
//!
//! 1. [`key_conditions`], in request validation: each `Condition` in the order given, checked
//!    as a filter condition is ([`super::comparison`]); then `Conditions can be of length 1
//!    or 2 only`.
//! 2. Once the table (or index) is known, against its key schema, partition key first then
//!    sort key ([`KeyConditions::check_key`]; [`KeyConditions::key_query`] runs both and
//!    builds the query). For each key attribute: with a partition key only, more than one
//!    condition is `Query key condition not supported`; a key without a condition is `Query
//!    condition missed key schema element: <key>` if it is the partition key or there are two
//!    conditions (so a condition on a non-key attribute is reported through the key it
//!    displaces); `NULL`, `NOT_NULL`, `NE`, `CONTAINS`, `NOT_CONTAINS` and `IN` are `Attempted
//!    conditional constraint is not an indexable operation`; a value of another type than the
//!    key's is `Condition parameter type does not match schema type`; and a partition key
//!    condition other than `EQ` is `Query key condition not supported`. DynamoDB checks the
//!    `ExclusiveStartKey` attribute by attribute in the same walk (before each key's
//!    conditions), which is why [`KeyConditions::check_key`] is public.

use serde_json::{Map, Value};

use super::comparison::{parse_condition, Comparison, Operator};
use super::messages as m;
use super::params::present;
use super::translated::{Builder, Translated};
use crate::error::{DynamoError, Result};
use crate::expr::messages::key_condition_problem;
use crate::expr::{Comparator, KeyConditionProblem, KeyOperator, KeyPart, KeyQuery};
use crate::types::AttributeType;

/// A key attribute of the table or index queried.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct KeyAttribute<'a> {
    /// The attribute's name.
    pub name: &'a str,
    /// Its type (`S`, `N` or `B`).
    pub key_type: AttributeType,
}

/// Which part of the key schema.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum KeyRole {
    /// The partition (hash) key.
    Partition,
    /// The sort (range) key.
    Sort,
}

/// A request's `KeyConditions`, validated: one or two conditions, in the order given.
#[derive(Debug, Clone, PartialEq)]
pub struct KeyConditions {
    conditions: Vec<(String, Comparison)>,
}

/// Query's check that it has a key condition of either form: `Either the KeyConditions or
/// KeyConditionExpression parameter must be specified in the request.` (after the filter,
/// `AttributesToGet` and `ExclusiveStartKey` values, before the expressions).
pub fn check_key_condition_present(body: &Map<String, Value>) -> Result<()> {
    if present(body, "KeyConditions") || present(body, "KeyConditionExpression") {
        Ok(())
    } else {
        Err(DynamoError::validation(m::KEY_CONDITIONS_MISSING))
    }
}

/// The request's `KeyConditions`, validated (`None` when absent). DynamoDB checks them after
/// the expressions of the request.
pub fn key_conditions(body: &Map<String, Value>) -> Result<Option<KeyConditions>> {
    let Some(map) = body.get("KeyConditions").and_then(Value::as_object) else {
        return Ok(None);
    };
    let mut conditions = Vec::with_capacity(map.len());
    for (attribute, condition) in map {
        conditions.push((attribute.clone(), parse_condition(condition)?));
    }
    if conditions.is_empty() || conditions.len() > 2 {
        return Err(DynamoError::validation(key_condition_problem(
            &KeyConditionProblem::ConditionCount,
        )));
    }
    Ok(Some(KeyConditions { conditions }))
}

impl KeyConditions {
    fn find(&self, name: &str) -> Option<&Comparison> {
        self.conditions
            .iter()
            .find(|(a, _)| a == name)
            .map(|(_, c)| c)
    }

    /// The checks of one key attribute (see the module documentation); `key_count` is the
    /// number of attributes of the key schema (1 or 2).
    pub fn check_key(&self, key: KeyAttribute<'_>, role: KeyRole, key_count: usize) -> Result<()> {
        let problem =
            |p: KeyConditionProblem| Err(DynamoError::validation(key_condition_problem(&p)));
        let count = self.conditions.len();
        if role == KeyRole::Partition && key_count == 1 && count > 1 {
            return problem(KeyConditionProblem::NotSupported);
        }
        let Some(c) = self.find(key.name) else {
            if role == KeyRole::Partition || count > 1 {
                return problem(KeyConditionProblem::MissedKeySchemaElement(
                    key.name.to_string(),
                ));
            }
            return Ok(());
        };
        if matches!(
            c.operator,
            Operator::Null
                | Operator::NotNull
                | Operator::Ne
                | Operator::Contains
                | Operator::NotContains
                | Operator::In
        ) {
            return Err(DynamoError::validation(m::NOT_INDEXABLE));
        }
        if c.values.iter().any(|v| v.attribute_type() != key.key_type) {
            return Err(DynamoError::validation(m::KEY_VALUE_TYPE_MISMATCH));
        }
        if role == KeyRole::Partition && c.operator != Operator::Eq {
            return problem(KeyConditionProblem::NotSupported);
        }
        Ok(())
    }

    /// Checks the conditions against a key schema (partition key, then sort key) and gives
    /// the key query, its values under `:~N` placeholders in
    /// [`Translated::values`](super::Translated).
    pub fn key_query(
        &self,
        hash: KeyAttribute<'_>,
        range: Option<KeyAttribute<'_>>,
    ) -> Result<Translated<KeyQuery>> {
        let key_count = 1 + usize::from(range.is_some());
        self.check_key(hash, KeyRole::Partition, key_count)?;
        if let Some(range) = range {
            self.check_key(range, KeyRole::Sort, key_count)?;
        }
        let mut builder = Builder::default();
        let hash_condition = self
            .find(hash.name)
            .expect("checked: the partition key has EQ");
        let partition_value = builder.value(hash_condition.values[0].clone());
        let sort = match range.and_then(|r| self.find(r.name).map(|c| (r.name, c))) {
            Some((name, c)) => {
                let mut values = c.values.iter().cloned().map(|v| builder.value(v));
                let mut next = || values.next().expect("checked: operator arity");
                let op = match c.operator {
                    Operator::Eq => KeyOperator::Compare(Comparator::Eq, next()),
                    Operator::Lt => KeyOperator::Compare(Comparator::Lt, next()),
                    Operator::Le => KeyOperator::Compare(Comparator::Le, next()),
                    Operator::Gt => KeyOperator::Compare(Comparator::Gt, next()),
                    Operator::Ge => KeyOperator::Compare(Comparator::Ge, next()),
                    Operator::BeginsWith => KeyOperator::BeginsWith(next()),
                    // BETWEEN: the others were rejected by check_key.
                    _ => {
                        let lower = next();
                        KeyOperator::Between(lower, next())
                    }
                };
                Some(KeyPart {
                    attribute: name.to_string(),
                    op,
                })
            }
            None => None,
        };
        Ok(builder.finish(KeyQuery {
            partition_value,
            sort,
        }))
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::types::AttributeValue;
    use serde_json::json;

    const HASH: KeyAttribute<'static> = KeyAttribute {
        name: "a",
        key_type: AttributeType::S,
    };
    const RANGE: KeyAttribute<'static> = KeyAttribute {
        name: "b",
        key_type: AttributeType::S,
    };

    fn parse(conditions: Value) -> Result<Option<KeyConditions>> {
        key_conditions(json!({ "KeyConditions": conditions }).as_object().unwrap())
    }

    fn query(conditions: Value, range: Option<KeyAttribute<'_>>) -> Result<Translated<KeyQuery>> {
        parse(conditions).unwrap().unwrap().key_query(HASH, range)
    }

    fn cond(op: &str, values: Value) -> Value {
        json!({"ComparisonOperator": op, "AttributeValueList": values})
    }

    #[test]
    fn request_validation() {
        assert!(parse(json!(null)).unwrap().is_none());
        for c in [
            json!({}),
            json!({"a": cond("NULL", json!([])), "b": cond("NULL", json!([])),
                   "c": cond("NULL", json!([]))}),
        ] {
            assert_eq!(
                parse(c).unwrap_err().message,
                "Conditions can be of length 1 or 2 only"
            );
        }
        // Each condition is checked before the count (dynalite test/query.js).
        assert_eq!(
            parse(
                json!({"a": cond("EQ", json!(null)), "b": cond("NULL", json!([])),
                         "c": cond("NULL", json!([]))})
            )
            .unwrap_err()
            .message,
            "One or more parameter values were invalid: Invalid number of argument(s) for the EQ \
             ComparisonOperator"
        );
        assert_eq!(
            check_key_condition_present(json!({}).as_object().unwrap())
                .unwrap_err()
                .message,
            "Either the KeyConditions or KeyConditionExpression parameter must be specified in \
             the request."
        );
    }

    #[test]
    fn schema_errors() {
        // dynalite test/query.js.
        let not_supported = "Query key condition not supported";
        for c in [
            json!({"a": cond("EQ", json!([{"S": "a"}])), "b": cond("EQ", json!([{"S": "a"}]))}),
            json!({"a": cond("LE", json!([{"S": "a"}]))}),
            json!({"a": cond("BEGINS_WITH", json!([{"S": "a"}]))}),
            json!({"a": cond("BETWEEN", json!([{"S": "a"}, {"S": "a"}]))}),
        ] {
            assert_eq!(query(c, None).unwrap_err().message, not_supported);
        }
        let not_indexable = "Attempted conditional constraint is not an indexable operation";
        for c in [
            cond("NULL", json!([])),
            cond("NOT_NULL", json!([])),
            cond("NE", json!([{"N": "1"}])),
            cond("CONTAINS", json!([{"S": "a"}])),
            cond("NOT_CONTAINS", json!([{"S": "a"}])),
            cond("IN", json!([{"S": "a"}])),
        ] {
            assert_eq!(
                query(json!({ "a": c.clone() }), None).unwrap_err().message,
                not_indexable
            );
            assert_eq!(
                query(
                    json!({"a": cond("EQ", json!([{"S": "b"}])), "b": c}),
                    Some(RANGE)
                )
                .unwrap_err()
                .message,
                not_indexable
            );
        }
        assert_eq!(
            query(json!({"z": cond("NULL", json!([]))}), Some(RANGE))
                .unwrap_err()
                .message,
            "Query condition missed key schema element: a"
        );
        assert_eq!(
            query(
                json!({"a": cond("EQ", json!([{"S": "b"}])), "c": cond("NULL", json!([]))}),
                Some(RANGE)
            )
            .unwrap_err()
            .message,
            "Query condition missed key schema element: b"
        );
        assert_eq!(
            query(json!({"a": cond("EQ", json!([{"N": "1"}]))}), None)
                .unwrap_err()
                .message,
            "One or more parameter values were invalid: Condition parameter type does not match \
             schema type"
        );
    }

    #[test]
    fn builds_the_key_query() {
        let q = query(json!({"a": cond("EQ", json!([{"S": "p"}]))}), Some(RANGE)).unwrap();
        assert_eq!(q.expression.sort, None);
        assert_eq!(
            q.values.get(q.expression.partition_value.as_str()),
            Some(&AttributeValue::S("p".into()))
        );
        let q = query(
            json!({"b": cond("BETWEEN", json!([{"S": "beta"}, {"S": "epsilon"}])),
                   "a": cond("EQ", json!([{"S": "p"}]))}),
            Some(RANGE),
        )
        .unwrap();
        let Some(KeyPart {
            attribute,
            op: KeyOperator::Between(lo, hi),
        }) = &q.expression.sort
        else {
            panic!("{q:?}")
        };
        assert_eq!(attribute, "b");
        assert_eq!(q.values[lo.as_str()], AttributeValue::S("beta".into()));
        assert_eq!(q.values[hi.as_str()], AttributeValue::S("epsilon".into()));
        let q = query(
            json!({"a": cond("EQ", json!([{"S": "p"}])), "b": cond("GT", json!([{"S": "d"}]))}),
            Some(RANGE),
        )
        .unwrap();
        assert!(matches!(
            &q.expression.sort,
            Some(KeyPart {
                op: KeyOperator::Compare(Comparator::Gt, _),
                ..
            })
        ));
        assert_eq!(q.expression.sort.unwrap().op.comparison_operator(), "GT");
    }
}
