//! `SerializationException`: DynamoDB's deserializer texts for each expected type and
//! what was found instead (dynalite `test/helpers.js` `assertType`, used by every
//! operation's "serializations" tests).

use serde_json::{json, Value};

use super::*;

#[test]
fn string_member_types() {
    for (value, message) in [
        (json!(true), "TRUE_VALUE cannot be converted to String"),
        (json!(false), "FALSE_VALUE cannot be converted to String"),
        (json!(23), "NUMBER_VALUE cannot be converted to String"),
        (
            json!(-2147483648_i64),
            "NUMBER_VALUE cannot be converted to String",
        ),
        (
            json!(2147483648_i64),
            "NUMBER_VALUE cannot be converted to String",
        ),
        (json!(34.56), "DECIMAL_VALUE cannot be converted to String"),
        (
            json!([]),
            "Unrecognized collection type class java.lang.String",
        ),
        (
            json!({}),
            "Start of structure or map found where not expected",
        ),
    ] {
        assert_eq!(
            serialization("PutItem", json!({ "TableName": value })),
            message
        );
        assert_eq!(
            serialization(
                "Query",
                json!({ "ExpressionAttributeNames": { "#a": value } })
            ),
            message
        );
    }
}

#[test]
fn integer_and_long_member_types() {
    for (value, message) in [
        (json!("23"), "STRING_VALUE cannot be converted to Integer"),
        (json!(true), "TRUE_VALUE cannot be converted to Integer"),
        (json!(false), "FALSE_VALUE cannot be converted to Integer"),
        (
            json!([]),
            "Unrecognized collection type class java.lang.Integer",
        ),
        (
            json!({}),
            "Start of structure or map found where not expected",
        ),
    ] {
        assert_eq!(
            serialization("ListTables", json!({ "Limit": value })),
            message
        );
    }
    let long = |value: Value| {
        serialization(
            "CreateTable",
            json!({ "ProvisionedThroughput": { "ReadCapacityUnits": value } }),
        )
    };
    assert_eq!(
        long(json!("23")),
        "STRING_VALUE cannot be converted to Long"
    );
    assert_eq!(long(json!(true)), "TRUE_VALUE cannot be converted to Long");
    assert_eq!(
        long(json!([])),
        "Unrecognized collection type class java.lang.Long"
    );
}

#[test]
fn boolean_member_types() {
    for (value, message) in [
        (json!("23"), "Unexpected token received from parser"),
        (json!(23), "NUMBER_VALUE cannot be converted to Boolean"),
        (
            json!(2147483648_i64),
            "NUMBER_VALUE cannot be converted to Boolean",
        ),
        (json!(34.56), "DECIMAL_VALUE cannot be converted to Boolean"),
        (
            json!([]),
            "Unrecognized collection type class java.lang.Boolean",
        ),
        (
            json!({}),
            "Start of structure or map found where not expected",
        ),
    ] {
        assert_eq!(
            serialization("GetItem", json!({ "ConsistentRead": value })),
            message
        );
    }
    for spelling in ["true", "FALSE", "yes", "No", "1", "0"] {
        passes(
            "GetItem",
            json!({ "TableName": "abc", "Key": {}, "ConsistentRead": spelling }),
        );
    }
}

#[test]
fn list_member_types() {
    for value in [json!("23"), json!(true), json!(23), json!(34.56)] {
        assert_eq!(
            serialization("CreateTable", json!({ "KeySchema": value })),
            "Unexpected field type"
        );
    }
    assert_eq!(
        serialization("CreateTable", json!({ "KeySchema": {} })),
        "Start of structure or map found where not expected"
    );
    assert_eq!(
        serialization("UntagResource", json!({ "TagKeys": [1] })),
        "NUMBER_VALUE cannot be converted to String"
    );
}

#[test]
fn map_member_types() {
    assert_eq!(
        serialization("PutItem", json!({ "Expected": 23 })),
        "Unexpected field type"
    );
    assert_eq!(
        serialization("PutItem", json!({ "Expected": [] })),
        "Unrecognized collection type java.util.Map<java.lang.String, com.amazonaws.dynamodb.v20120810.ExpectedAttributeValue>"
    );
    assert_eq!(
        serialization("Query", json!({ "ExpressionAttributeNames": [] })),
        "Unrecognized collection type java.util.Map<java.lang.String, java.lang.String>"
    );
    assert_eq!(
        serialization("BatchWriteItem", json!({ "RequestItems": [] })),
        "Unrecognized collection type java.util.Map<java.lang.String, java.util.List<com.amazonaws.dynamodb.v20120810.WriteRequest>>"
    );
    assert_eq!(
        serialization("BatchGetItem", json!({ "RequestItems": [] })),
        "Unrecognized collection type java.util.Map<java.lang.String, com.amazonaws.dynamodb.v20120810.KeysAndAttributes>"
    );
    assert_eq!(
        serialization("PutItem", json!({ "Item": [] })),
        "Unrecognized collection type java.util.Map<java.lang.String, com.amazonaws.dynamodb.v20120810.AttributeValue>"
    );
    assert_eq!(
        serialization("PutItem", json!({ "Item": "23" })),
        "Unexpected field type"
    );
}

#[test]
fn collections_inside_collections() {
    for value in [json!("23"), json!(true), json!(23), json!(34.56)] {
        assert_eq!(
            serialization(
                "BatchWriteItem",
                json!({ "RequestItems": { "abc": value } })
            ),
            CAST
        );
        assert_eq!(
            serialization(
                "BatchGetItem",
                json!({ "RequestItems": { "abc": { "Keys": [value] } } })
            ),
            CAST
        );
    }
    assert_eq!(
        serialization("BatchWriteItem", json!({ "RequestItems": { "abc": {} } })),
        "Start of structure or map found where not expected"
    );
    assert_eq!(
        serialization(
            "BatchGetItem",
            json!({ "RequestItems": { "abc": { "Keys": [[]] } } })
        ),
        "Unrecognized collection type java.util.Map<java.lang.String, com.amazonaws.dynamodb.v20120810.AttributeValue>"
    );
}

#[test]
fn structure_types_depend_on_place() {
    // A list element or map value ("ValueStruct").
    for value in [json!("23"), json!(true), json!(23), json!(34.56)] {
        assert_eq!(
            serialization("CreateTable", json!({ "KeySchema": [value] })),
            "Unexpected value type in payload"
        );
        assert_eq!(
            serialization("PutItem", json!({ "Expected": { "a": value } })),
            "Unexpected value type in payload"
        );
    }
    assert_eq!(
        serialization("CreateTable", json!({ "KeySchema": [[]] })),
        "Unrecognized collection type class com.amazonaws.dynamodb.v20120810.KeySchemaElement"
    );
    // A structure member ("FieldStruct").
    assert_eq!(
        serialization("CreateTable", json!({ "ProvisionedThroughput": "23" })),
        "Unexpected field type"
    );
    assert_eq!(
        serialization("CreateTable", json!({ "ProvisionedThroughput": [] })),
        "Unrecognized collection type class com.amazonaws.dynamodb.v20120810.ProvisionedThroughput"
    );
    assert_eq!(
        serialization(
            "BatchWriteItem",
            json!({ "RequestItems": { "abc": [{ "PutRequest": 1 }] } })
        ),
        "Unexpected field type"
    );
}

#[test]
fn attribute_value_types() {
    // As a map value or list element ("AttrStruct<ValueStruct>").
    assert_eq!(
        serialization("PutItem", json!({ "Item": { "a": 23 } })),
        "Unexpected value type in payload"
    );
    assert_eq!(
        serialization("PutItem", json!({ "Item": { "a": [] } })),
        "Unrecognized collection type class com.amazonaws.dynamodb.v20120810.AttributeValue"
    );
    assert_eq!(
        serialization("PutItem", json!({ "Item": { "a": { "B": "23456" } } })),
        "Base64 encoded length is expected a multiple of 4 bytes but found: 5"
    );
    assert_eq!(
        serialization(
            "PutItem",
            json!({ "Item": { "a": { "M": { "b": { "BS": [true] } } } } })
        ),
        "only base-64-encoded strings are convertible to bytes"
    );
    assert_eq!(
        serialization(
            "Scan",
            json!({ "ScanFilter": { "a": { "AttributeValueList": [{ "S": 1.5 }] } } })
        ),
        "DECIMAL_VALUE cannot be converted to String"
    );
    // As a structure member ("AttrStruct<FieldStruct>").
    assert_eq!(
        serialization("PutItem", json!({ "Expected": { "a": { "Value": 23 } } })),
        "Unexpected field type"
    );
    assert_eq!(
        serialization(
            "UpdateItem",
            json!({ "AttributeUpdates": { "a": { "Value": [] } } })
        ),
        "Unrecognized collection type class com.amazonaws.dynamodb.v20120810.AttributeValue"
    );
    assert_eq!(
        serialization(
            "PutItem",
            json!({ "Expected": { "a": { "Value": { "S": 23 } } } })
        ),
        "NUMBER_VALUE cannot be converted to String"
    );
}

#[test]
fn type_errors_come_before_constraints() {
    assert_eq!(
        serialization(
            "PutItem",
            json!({ "ReturnValues": "hi", "Item": { "a": { "N": 1 } } })
        ),
        "NUMBER_VALUE cannot be converted to String"
    );
}

#[test]
fn undeclared_members_and_nulls_are_ignored() {
    passes(
        "PutItem",
        json!({ "TableName": "abc", "Item": {}, "Foo": [], "tablename": 1, "Expected": null }),
    );
    // Attribute-value validity is the operation's check, after the constraints.
    passes(
        "PutItem",
        json!({ "TableName": "abc", "Item": { "a": {}, "b": { "SS": [] }, "c": { "N": "x" } } }),
    );
}

#[test]
fn requests_that_are_not_objects() {
    assert_eq!(
        serialization("PutItem", json!([1])),
        "Start of list found where not expected"
    );
    // No message at all (the HTTP layer leaves out the key).
    for body in [json!("a"), json!(1), json!(true), Value::Null] {
        assert_eq!(serialization("BatchGetItem", body), "");
    }
}

#[test]
fn operations_without_shape_pass() {
    passes("NoSuchOperation", json!([]));
    passes("DescribeLimits", json!({}));
    passes("DescribeEndpoints", json!({ "Anything": 1 }));
}

// ---------------------------------------------------------------------------------------
// ValidationException
// ---------------------------------------------------------------------------------------
