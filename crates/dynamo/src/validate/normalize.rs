//! The request as DynamoDB's deserializer leaves it, for operations to read plainly.
//!
//! After the type pass some members hold JSON DynamoDB reads as another value: a boolean
//! member may be the string `"yes"`, an integer member `2.7`, and a `null` member is
//! absent. [`normalize_request`] rewrites those in place, by the operation's shape, so an
//! operation can use `as_bool`, `as_i64` and `get` directly. Undeclared members are kept
//! (an operation may know members the shapes do not list); attribute values are left as
//! sent (their decoding has its own rules).

use serde_json::{Map, Value};

use super::check::lenient_bool;
use super::render::integer_value;
use super::shape::{Shape, Structure};
use super::shapes;

/// `body` with `null` structure members removed, boolean members as JSON booleans and
/// integer members as JSON integers (fraction dropped), following `operation`'s input
/// shape. Meant for a body [`check_request`](super::check_request) accepted; anything
/// else, and an operation without a shape, comes back unchanged.
pub fn normalize_request(operation: &str, mut body: Value) -> Value {
    if let (Some(operation), Value::Object(request)) = (shapes::operation(operation), &mut body) {
        normalize_structure(request, operation.input);
    }
    body
}

fn normalize_structure(object: &mut Map<String, Value>, structure: &Structure) {
    object.retain(|_, value| !value.is_null());
    for member in structure.members {
        if let Some(value) = object.get_mut(member.name) {
            normalize_value(value, &member.shape);
        }
    }
}

fn normalize_value(value: &mut Value, shape: &Shape) {
    match shape {
        Shape::Boolean => {
            if let Some(b) = lenient_bool(value) {
                *value = Value::Bool(b);
            }
        }
        Shape::Integer(_) | Shape::Long(_) => {
            let is_integer = value.as_i64().is_some();
            if let (false, Some(n)) = (is_integer, integer_value(value)) {
                *value = Value::from(n);
            }
        }
        Shape::List(list) => {
            if let Value::Array(elements) = value {
                for element in elements.iter_mut().filter(|e| !e.is_null()) {
                    normalize_value(element, &list.member);
                }
            }
        }
        Shape::Map(map) => {
            if let Value::Object(entries) = value {
                for entry in entries.values_mut().filter(|e| !e.is_null()) {
                    normalize_value(entry, &map.value);
                }
            }
        }
        Shape::Structure(structure) => {
            if let Value::Object(object) = value {
                normalize_structure(object, structure);
            }
        }
        Shape::String(_) | Shape::TableName | Shape::AttributeValue | Shape::AttributeMap => {}
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    #[test]
    fn booleans_integers_and_nulls() {
        let body = json!({
            "TableName": "t", "ConsistentRead": "YES", "Limit": 2.7, "Select": null,
            "ExclusiveStartKey": { "a": { "NULL": "1" } }, "Unknown": null,
            "ScanFilter": { "a": { "ComparisonOperator": "EQ", "AttributeValueList": null } },
        });
        assert_eq!(
            normalize_request("Scan", body),
            json!({
                "TableName": "t", "ConsistentRead": true, "Limit": 2,
                "ExclusiveStartKey": { "a": { "NULL": "1" } },
                "ScanFilter": { "a": { "ComparisonOperator": "EQ" } },
            })
        );
    }

    #[test]
    fn nested_structures() {
        let body = json!({
            "TableName": "t",
            "ProvisionedThroughput": { "ReadCapacityUnits": 1.5, "WriteCapacityUnits": 3 },
            "StreamSpecification": { "StreamEnabled": "no" },
        });
        assert_eq!(
            normalize_request("CreateTable", body),
            json!({
                "TableName": "t",
                "ProvisionedThroughput": { "ReadCapacityUnits": 1, "WriteCapacityUnits": 3 },
                "StreamSpecification": { "StreamEnabled": false },
            })
        );
        assert_eq!(
            normalize_request("Nope", json!({ "a": null })),
            json!({ "a": null })
        );
    }
}
