//! Whole requests through the legacy checks in each operation's order (as documented in
//! [`super`]), with dynalite's requests that carry several errors at once: the first one
//! DynamoDB reports is the one expected.

use serde_json::{json, Map, Value};

use super::*;
use crate::error::Result;

fn object(v: &Value) -> &Map<String, Value> {
    v.as_object().unwrap()
}

/// Query's legacy checks up to the table lookup (skipping the non-legacy ones).
fn query(body: &Value) -> Result<()> {
    let b = object(body);
    check_parameters(Operation::Query, b)?;
    filter_from_legacy(b, FilterParameter::QueryFilter)?;
    projection_from_attributes_to_get(b)?;
    check_key_condition_present(b)?;
    key_conditions(b)?;
    Ok(())
}

/// Scan's legacy checks.
fn scan(body: &Value) -> Result<()> {
    let b = object(body);
    check_parameters(Operation::Scan, b)?;
    projection_from_attributes_to_get(b)?;
    filter_from_legacy(b, FilterParameter::ScanFilter)?;
    Ok(())
}

/// UpdateItem's legacy checks.
fn update_item(body: &Value) -> Result<()> {
    let b = object(body);
    check_parameters(Operation::UpdateItem, b)?;
    update_from_attribute_updates(b)?;
    condition_from_expected(b)?;
    Ok(())
}

fn message(r: Result<()>) -> String {
    r.unwrap_err().message
}

#[test]
fn query_reports_the_filter_first() {
    // dynalite test/query.js "should return ValidationException for bad attribute values in
    // QueryFilter".
    let body = json!({
        "AttributesToGet": ["a", "a"],
        "KeyConditions": {"a": {"ComparisonOperator": "EQ", "AttributeValueList": [{}]}},
        "QueryFilter": {"a": {"ComparisonOperator": "NOT_NULL",
                              "AttributeValueList": [{"S": "a"}, {"S": "a"}]}}
    });
    assert_eq!(
        message(query(&body)),
        "One or more parameter values were invalid: Invalid number of argument(s) for the \
         NOT_NULL ComparisonOperator"
    );
    // Then AttributesToGet, then the missing key condition, then KeyConditions.
    let body = json!({"QueryFilter": {}, "AttributesToGet": ["a", "a"]});
    assert_eq!(
        message(query(&body)),
        "One or more parameter values were invalid: Duplicate value in attribute name: a"
    );
    assert!(message(query(&json!({"QueryFilter": {}}))).starts_with("Either the KeyConditions"));
    let body = json!({"QueryFilter": {},
                      "KeyConditions": {"a": {"ComparisonOperator": "EQ",
                                              "AttributeValueList": [{}, {"S": ""}]}}});
    assert_eq!(
        message(query(&body)),
        "Supplied AttributeValue is empty, must contain exactly one of the supported datatypes"
    );
    // ConditionalOperator comes before the missing key condition (the dual-target suite).
    assert_eq!(
        message(query(&json!({"ConditionalOperator": "AND"}))),
        "ConditionalOperator cannot be used without Filter or Expected"
    );
}

#[test]
fn scan_reports_attributes_to_get_before_the_filter() {
    // dynalite test/scan.js "should return ValidationException for duplicate values in
    // AttributesToGet".
    let body = json!({
        "ScanFilter": {"a": {"ComparisonOperator": "EQ",
                             "AttributeValueList": [{}, {"a": ""}, {"S": ""}]}},
        "AttributesToGet": ["a", "a"]
    });
    assert_eq!(
        message(scan(&body)),
        "One or more parameter values were invalid: Duplicate value in attribute name: a"
    );
    // dynalite: ExpressionAttributeNames without expressions wins over everything legacy.
    let body = json!({
        "ScanFilter": {"a": {"ComparisonOperator": "EQ", "AttributeValueList": [{}]}},
        "AttributesToGet": ["a", "a"], "ConditionalOperator": "OR",
        "ExpressionAttributeNames": {}, "ExpressionAttributeValues": {}
    });
    assert_eq!(
        message(scan(&body)),
        "ExpressionAttributeNames can only be specified when using expressions"
    );
}

#[test]
fn update_item_reports_attribute_updates_before_expected() {
    // dynalite test/updateItem.js "should return ValidationException if update has no value".
    let body = json!({"Key": {}, "Expected": {"a": {}},
                      "AttributeUpdates": {"a": {"x": "whatever"}}});
    assert_eq!(
        message(update_item(&body)),
        "One or more parameter values were invalid: Only DELETE action is allowed when no \
         attribute value is specified"
    );
    let body = json!({"Key": {}, "Expected": {"a": {}}, "AttributeUpdates": {}});
    assert_eq!(
        message(update_item(&body)),
        "One or more parameter values were invalid: Value must be provided when Exists is null \
         for Attribute: a"
    );
}

#[test]
fn update_then_condition_on_one_item() {
    // ScyllaDB test_expected.py: the condition reads the old item, the update writes the new.
    let body = json!({
        "AttributeUpdates": {"a": {"Value": {"N": "2"}, "Action": "PUT"},
                             "n": {"Value": {"N": "5"}, "Action": "ADD"}},
        "Expected": {"a": {"ComparisonOperator": "EQ", "AttributeValueList": [{"N": "1"}]},
                     "z": {"Exists": false}}
    });
    let b = object(&body);
    let update = update_from_attribute_updates(b).unwrap().unwrap();
    let condition = condition_from_expected(b).unwrap().unwrap();
    let old = crate::types::decode_item(&json!({"p": {"S": "k"}, "a": {"N": "1"}})).unwrap();
    assert!(condition
        .evaluate(crate::expr::ExprKind::Condition, Some(&old))
        .unwrap());
    let new = update.apply_legacy(Some(&old)).unwrap();
    assert_eq!(
        crate::types::encode_item(&new),
        json!({"a": {"N": "2"}, "n": {"N": "5"}, "p": {"S": "k"}})
    );
    assert!(!condition
        .evaluate(crate::expr::ExprKind::Condition, Some(&new))
        .unwrap());
}
