//! `QueryFilter` / `ScanFilter` (with `ConditionalOperator`) as a filter condition, and
//! Query's rule that a `QueryFilter` names no key attribute.
//!
//! Each entry is a `Condition` validated by [`super::comparison::parse_condition`], in the
//! order given; the conditions mean what they mean in `Expected` (see
//! [`super::translated`]). Call [`filter_from_legacy`] where the operation validates its
//! filter: Query right after [`super::check_parameters`], before `AttributesToGet` and
//! `ExclusiveStartKey`; Scan after `AttributesToGet`, before `ExclusiveStartKey` (dynalite's
//! `validations/query.js` and `scan.js`).

use serde_json::{Map, Value};

use super::comparison::parse_condition;
use super::messages as m;
use super::translated::{combine, Builder, Combine, Translated};
use crate::error::{DynamoError, Result};
use crate::expr::Condition;

/// Which legacy filter parameter.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum FilterParameter {
    /// Query's `QueryFilter`.
    QueryFilter,
    /// Scan's `ScanFilter`.
    ScanFilter,
}

impl FilterParameter {
    /// The parameter's name.
    pub fn name(self) -> &'static str {
        match self {
            FilterParameter::QueryFilter => "QueryFilter",
            FilterParameter::ScanFilter => "ScanFilter",
        }
    }
}

/// The request's `QueryFilter` or `ScanFilter` and `ConditionalOperator` as a filter:
/// `None` when the filter is absent or empty (an empty filter matches everything: ScyllaDB's
/// `test_query_filter_empty`).
pub fn filter_from_legacy(
    body: &Map<String, Value>,
    parameter: FilterParameter,
) -> Result<Option<Translated<Condition>>> {
    let Some(filter) = body.get(parameter.name()).and_then(Value::as_object) else {
        return Ok(None);
    };
    let mut comparisons = Vec::with_capacity(filter.len());
    for (attribute, condition) in filter {
        comparisons.push((attribute, parse_condition(condition)?));
    }
    let mut builder = Builder::default();
    let conditions = comparisons
        .into_iter()
        .map(|(attribute, c)| builder.comparison(attribute, c))
        .collect();
    Ok(combine(conditions, Combine::of(body)).map(|c| builder.finish(c)))
}

/// Query's check that the `QueryFilter` has no condition on a key attribute of the table or
/// index queried, its partition key first: `QueryFilter can only contain non-primary key
/// attributes: Primary key attribute: <name>` (dynalite `test/query.js`). DynamoDB runs it
/// after the key conditions and `ExclusiveStartKey` are checked against the schema.
pub fn check_query_filter_keys(
    body: &Map<String, Value>,
    hash: &str,
    range: Option<&str>,
) -> Result<()> {
    let Some(filter) = body.get("QueryFilter").and_then(Value::as_object) else {
        return Ok(());
    };
    for key in std::iter::once(hash).chain(range) {
        if filter.contains_key(key) {
            return Err(DynamoError::validation(m::query_filter_on_key(key)));
        }
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::expr::ExprKind;
    use crate::types::{decode_item, Item};
    use serde_json::json;

    fn filter(body: Value) -> Result<Option<Translated<Condition>>> {
        filter_from_legacy(body.as_object().unwrap(), FilterParameter::ScanFilter)
    }

    fn matching(body: Value, items: &[Item]) -> Vec<usize> {
        let f = filter(body).unwrap().unwrap();
        (0..items.len())
            .filter(|&i| f.evaluate(ExprKind::Filter, Some(&items[i])).unwrap())
            .collect()
    }

    #[test]
    fn filters_items() {
        // The conformance suite's ScanFilter cases (tests/tier3/legacy-api/scanFilter.test.ts).
        let items: Vec<Item> = [
            ("10", "alpha-one"),
            ("20", "beta-two"),
            ("30", "alpha-three"),
            ("40", "gamma-four"),
            ("50", "alpha-five"),
        ]
        .iter()
        .map(|(v, n)| decode_item(&json!({"val": {"N": v}, "name": {"S": n}})).unwrap())
        .collect();
        let eq = |op: &str, v: Value| json!({"ComparisonOperator": op, "AttributeValueList": [v]});
        assert_eq!(
            matching(
                json!({"ScanFilter": {"val": eq("EQ", json!({"N": "20"}))}}),
                &items
            ),
            [1]
        );
        assert_eq!(
            matching(
                json!({"ScanFilter": {"val": eq("GT", json!({"N": "30"}))}}),
                &items
            ),
            [3, 4]
        );
        assert_eq!(
            matching(
                json!({"ScanFilter": {"name": eq("BEGINS_WITH", json!({"S": "alpha"}))}}),
                &items
            ),
            [0, 2, 4]
        );
        assert_eq!(
            matching(
                json!({"ScanFilter": {"name": eq("CONTAINS", json!({"S": "two"}))}}),
                &items
            ),
            [1]
        );
        let two = json!({"name": eq("BEGINS_WITH", json!({"S": "alpha"})),
                         "val": eq("GT", json!({"N": "20"}))});
        assert_eq!(
            matching(
                json!({"ScanFilter": two.clone(), "ConditionalOperator": "AND"}),
                &items
            ),
            [2, 4]
        );
        assert_eq!(
            matching(
                json!({"ScanFilter": two, "ConditionalOperator": "OR"}),
                &items
            ),
            [0, 2, 3, 4]
        );
    }

    #[test]
    fn validation_errors_in_order() {
        // dynalite test/query.js: bad values are reported before counts.
        let e = filter(json!({"ScanFilter": {
            "a": {"ComparisonOperator": "EQ", "AttributeValueList": [{"S": "a"}]},
            "b": {"ComparisonOperator": "GT", "AttributeValueList": [{"S": "a"}, {"S": "a"}]},
            "c": {"ComparisonOperator": "EQ", "AttributeValueList": [{}]}
        }}))
        .unwrap_err();
        assert_eq!(
            e.message,
            "One or more parameter values were invalid: Invalid number of argument(s) for the GT \
             ComparisonOperator"
        );
    }

    #[test]
    fn empty_filter_is_none() {
        assert!(filter(json!({"ScanFilter": {}})).unwrap().is_none());
        assert!(filter(json!({})).unwrap().is_none());
    }

    #[test]
    fn query_filter_on_keys() {
        let body = json!({"QueryFilter": {"c": {}, "b": {}}});
        let body = body.as_object().unwrap();
        assert_eq!(
            check_query_filter_keys(body, "a", Some("b"))
                .unwrap_err()
                .message,
            "QueryFilter can only contain non-primary key attributes: Primary key attribute: b"
        );
        check_query_filter_keys(body, "a", Some("d")).unwrap();
        check_query_filter_keys(body, "a", None).unwrap();
    }
}
