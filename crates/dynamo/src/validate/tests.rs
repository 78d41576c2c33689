//! DynamoDB's answers to malformed requests, as recorded by dynalite's tests
//! (`test/<op>.js`, "serializations" and "validations") and the nubo conformance suite
//! (`tests/tier3/error-messages`), asserted byte for byte.

use serde_json::{json, Value};

use super::check_request;
use crate::error::ErrorKind;

/// The `SerializationException` message `op` answers `body` with.
fn serialization(op: &str, body: Value) -> String {
    let e = check_request(op, &body).expect_err("expected a SerializationException");
    assert_eq!(e.kind, ErrorKind::Serialization, "{}", e.message);
    e.message
}

/// The `ValidationException` message `op` answers `body` with.
fn validation(op: &str, body: Value) -> String {
    let e = check_request(op, &body).expect_err("expected a ValidationException");
    assert_eq!(e.kind, ErrorKind::Validation, "{}", e.message);
    e.message
}

fn passes(op: &str, body: Value) {
    if let Err(e) = check_request(op, &body) {
        panic!("{op} {body}: {e}");
    }
}

/// `Value <v> at '<path>' failed to satisfy constraint: <rule>`.
fn line(value: Option<&str>, path: &str, rule: &str) -> String {
    match value {
        Some(v) => format!("Value '{v}' at '{path}' failed to satisfy constraint: {rule}"),
        None => format!("Value null at '{path}' failed to satisfy constraint: {rule}"),
    }
}

fn errors(lines: &[String]) -> String {
    let s = if lines.len() == 1 { "" } else { "s" };
    format!(
        "{} validation error{s} detected: {}",
        lines.len(),
        lines.join("; ")
    )
}

const NOT_NULL: &str = "Member must not be null";
const NAME_PATTERN: &str = "Member must satisfy regular expression pattern: [a-zA-Z0-9_.-]+";
const CAST: &str = "class sun.reflect.generics.reflectiveObjects.ParameterizedTypeImpl cannot be cast to class java.lang.Class (sun.reflect.generics.reflectiveObjects.ParameterizedTypeImpl and java.lang.Class are in module java.base of loader 'bootstrap')";

fn min_len(n: usize) -> String {
    format!("Member must have length greater than or equal to {n}")
}

fn max_len(n: usize) -> String {
    format!("Member must have length less than or equal to {n}")
}

// ---------------------------------------------------------------------------------------
// SerializationException (dynalite helpers.js assertType)
// ---------------------------------------------------------------------------------------

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
        serialization("PutItem", json!([])),
        "Start of list found where not expected"
    );
    assert_eq!(
        serialization("PutItem", json!("a")),
        "Unexpected field type"
    );
    assert_eq!(
        validation("BatchGetItem", Value::Null),
        errors(&[line(None, "requestItems", NOT_NULL)])
    );
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

#[test]
fn put_item_missing_members() {
    assert_eq!(
        validation("PutItem", json!({})),
        errors(&[
            line(None, "tableName", NOT_NULL),
            line(None, "item", NOT_NULL)
        ])
    );
    // nubo putItem.test.ts "missing table name: full validation error string".
    assert_eq!(
        validation("PutItem", json!({ "Item": { "pk": { "S": "test" } } })),
        "1 validation error detected: Value null at 'tableName' failed to satisfy constraint: Member must not be null"
    );
}

#[test]
fn put_item_table_names() {
    let item = json!({ "pk": { "S": "test" } });
    // nubo putItem.test.ts.
    assert_eq!(
        validation("PutItem", json!({ "TableName": "", "Item": item })),
        "1 validation error detected: Value '' at 'tableName' failed to satisfy constraint: Member must have length greater than or equal to 1"
    );
    let long = "a".repeat(256);
    assert_eq!(
        validation("PutItem", json!({ "TableName": long, "Item": item })),
        format!("1 validation error detected: Value '{long}' at 'tableName' failed to satisfy constraint: Member must have length less than or equal to 255")
    );
    assert_eq!(
        validation("PutItem", json!({ "TableName": "bad table!@#", "Item": item })),
        "1 validation error detected: Value 'bad table!@#' at 'tableName' failed to satisfy constraint: Member must satisfy regular expression pattern: [a-zA-Z0-9_.-]+"
    );
    // dynalite putItem.js "short TableName".
    assert_eq!(
        validation("PutItem", json!({ "TableName": "a;" })),
        errors(&[
            line(Some("a;"), "tableName", NAME_PATTERN),
            line(Some("a;"), "tableName", &min_len(3)),
            line(None, "item", NOT_NULL),
        ])
    );
    // A table ARN is not a name.
    passes(
        "PutItem",
        json!({ "TableName": "arn:aws:dynamodb:us-east-1:123456789012:table/t", "Item": item }),
    );
}

#[test]
fn put_item_incorrect_attributes() {
    // dynalite putItem.js "incorrect attributes", in DynamoDB's member order.
    assert_eq!(
        validation(
            "PutItem",
            json!({ "TableName": "abc;", "ReturnConsumedCapacity": "hi",
                    "ReturnItemCollectionMetrics": "hi", "ReturnValues": "hi" })
        ),
        errors(&[
            line(Some("hi"), "returnConsumedCapacity", "Member must satisfy enum value set: [INDEXES, TOTAL, NONE]"),
            line(Some("abc;"), "tableName", NAME_PATTERN),
            line(None, "item", NOT_NULL),
            line(Some("hi"), "returnValues", "Member must satisfy enum value set: [ALL_NEW, UPDATED_OLD, ALL_OLD, NONE, UPDATED_NEW]"),
            line(Some("hi"), "returnItemCollectionMetrics", "Member must satisfy enum value set: [SIZE, NONE]"),
        ])
    );
}

#[test]
fn create_table_required_table_name() {
    // dynalite createTable.js and nubo createTable.test.ts.
    assert_eq!(
        validation("CreateTable", json!({})),
        "The parameter 'TableName' is required but was not present in the request"
    );
    assert_eq!(
        validation("DeleteTable", json!({ "TableName": null })),
        "The parameter 'TableName' is required but was not present in the request"
    );
    assert_eq!(
        validation("DescribeTimeToLive", json!({ "Foo": "bar" })),
        "The parameter 'TableName' is required but was not present in the request"
    );
    // nubo createTable.test.ts "short table name (2 chars)".
    assert_eq!(
        validation(
            "CreateTable",
            json!({ "TableName": "ab",
                    "AttributeDefinitions": [{ "AttributeName": "pk", "AttributeType": "S" }],
                    "KeySchema": [{ "AttributeName": "pk", "KeyType": "HASH" }],
                    "ProvisionedThroughput": { "ReadCapacityUnits": 5, "WriteCapacityUnits": 5 } })
        ),
        "1 validation error detected: Value 'ab' at 'tableName' failed to satisfy constraint: Member must have length greater than or equal to 3"
    );
}

#[test]
fn create_table_null_attributes() {
    assert_eq!(
        validation("CreateTable", json!({ "TableName": "abc;" })),
        errors(&[
            line(None, "attributeDefinitions", NOT_NULL),
            line(Some("abc;"), "tableName", NAME_PATTERN),
            line(None, "keySchema", NOT_NULL),
        ])
    );
    assert_eq!(
        validation(
            "CreateTable",
            json!({ "TableName": "abc", "AttributeDefinitions": [], "ProvisionedThroughput": {},
                    "BillingMode": "PAY_PER_REQUEST" })
        ),
        errors(&[
            line(None, "provisionedThroughput.writeCapacityUnits", NOT_NULL),
            line(None, "provisionedThroughput.readCapacityUnits", NOT_NULL),
            line(None, "keySchema", NOT_NULL),
        ])
    );
}

#[test]
fn create_table_ranges_enums_and_lengths() {
    assert_eq!(
        validation(
            "CreateTable",
            json!({ "TableName": "abc", "AttributeDefinitions": [], "KeySchema": [],
                    "ProvisionedThroughput": { "ReadCapacityUnits": -1, "WriteCapacityUnits": -1 },
                    "BillingMode": "A" })
        ),
        errors(&[
            line(
                Some("A"),
                "billingMode",
                "Member must satisfy enum value set: [PROVISIONED, PAY_PER_REQUEST]"
            ),
            line(
                Some("-1"),
                "provisionedThroughput.writeCapacityUnits",
                "Member must have value greater than or equal to 1"
            ),
            line(
                Some("-1"),
                "provisionedThroughput.readCapacityUnits",
                "Member must have value greater than or equal to 1"
            ),
            line(Some("[]"), "keySchema", &min_len(1)),
        ])
    );
    // Above the bound is the operation's "Given value ... is out of bounds".
    assert_eq!(
        validation(
            "CreateTable",
            json!({ "TableName": "abc", "AttributeDefinitions": [],
                    "KeySchema": [{ "KeyType": "HASH", "AttributeName": "a" }],
                    "ProvisionedThroughput": { "ReadCapacityUnits": 1000000000001_i64, "WriteCapacityUnits": -1 } })
        ),
        errors(&[line(
            Some("-1"),
            "provisionedThroughput.writeCapacityUnits",
            "Member must have value greater than or equal to 1"
        )])
    );
}

#[test]
fn create_table_key_element_names() {
    assert_eq!(
        validation(
            "CreateTable",
            json!({ "TableName": "abc", "AttributeDefinitions": [],
                    "KeySchema": [{ "KeyType": "HASH" }, { "AttributeName": "a" },
                                  { "KeyType": "Woop", "AttributeName": "a" }],
                    "ProvisionedThroughput": { "ReadCapacityUnits": 1, "WriteCapacityUnits": 1 } })
        ),
        errors(&[
            line(
                Some("[KeySchemaElement(attributeName=null, keyType=HASH), KeySchemaElement(attributeName=a, keyType=null), KeySchemaElement(attributeName=a, keyType=Woop)]"),
                "keySchema",
                &max_len(2),
            ),
            line(None, "keySchema.1.member.attributeName", NOT_NULL),
            line(None, "keySchema.2.member.keyType", NOT_NULL),
            line(Some("Woop"), "keySchema.3.member.keyType", "Member must satisfy enum value set: [HASH, RANGE]"),
        ])
    );
    // nubo createTable.test.ts "invalid AttributeType".
    assert_eq!(
        validation(
            "CreateTable",
            json!({ "TableName": "abc",
                    "AttributeDefinitions": [{ "AttributeName": "pk", "AttributeType": "INVALID" }],
                    "KeySchema": [{ "AttributeName": "pk", "KeyType": "HASH" }] })
        ),
        "1 validation error detected: Value 'INVALID' at 'attributeDefinitions.1.member.attributeType' failed to satisfy constraint: Member must satisfy enum value set: [B, N, S]"
    );
}

#[test]
fn at_most_ten_failures_are_reported() {
    // dynalite createTable.js "more than five empty LocalSecondaryIndexes".
    let mut expected = Vec::new();
    for i in 1..=4 {
        for member in ["indexName", "keySchema", "projection"] {
            expected.push(line(
                None,
                &format!("localSecondaryIndexes.{i}.member.{member}"),
                NOT_NULL,
            ));
        }
    }
    expected.truncate(10);
    assert_eq!(
        validation(
            "CreateTable",
            json!({ "TableName": "abc",
                    "AttributeDefinitions": [{ "AttributeName": "a", "AttributeType": "S" }],
                    "KeySchema": [{ "KeyType": "HASH", "AttributeName": "a" }],
                    "LocalSecondaryIndexes": [{}, {}, {}, {}, {}, {}, {}, {}, {}] })
        ),
        errors(&expected)
    );
}

#[test]
fn create_table_bad_index_names() {
    let name = "a".repeat(256);
    assert_eq!(
        validation(
            "CreateTable",
            json!({ "TableName": "abc",
                    "AttributeDefinitions": [{ "AttributeName": "a", "AttributeType": "S" }],
                    "KeySchema": [{ "KeyType": "HASH", "AttributeName": "a" }],
                    "LocalSecondaryIndexes": [
                        { "IndexName": "h;", "KeySchema": [], "Projection": {} },
                        { "IndexName": name, "KeySchema": [{ "AttributeName": "a", "KeyType": "HASH" }],
                          "Projection": {} }] })
        ),
        errors(&[
            line(
                Some("h;"),
                "localSecondaryIndexes.1.member.indexName",
                NAME_PATTERN
            ),
            line(
                Some("h;"),
                "localSecondaryIndexes.1.member.indexName",
                &min_len(3)
            ),
            line(
                Some("[]"),
                "localSecondaryIndexes.1.member.keySchema",
                &min_len(1)
            ),
            line(
                Some(&name),
                "localSecondaryIndexes.2.member.indexName",
                &max_len(255)
            ),
        ])
    );
}

#[test]
fn update_table_index_updates() {
    // dynalite updateTable.js "bad IndexName and ProvisionedThroughput".
    assert_eq!(
        validation(
            "UpdateTable",
            json!({ "TableName": "abc", "GlobalSecondaryIndexUpdates": [
                { "Update": { "IndexName": "a", "ProvisionedThroughput": {} } },
                { "Update": { "IndexName": "abc;", "ProvisionedThroughput":
                    { "ReadCapacityUnits": 1000000000001_i64, "WriteCapacityUnits": 0 } } }] })
        ),
        errors(&[
            line(Some("a"), "globalSecondaryIndexUpdates.1.member.update.indexName", &min_len(3)),
            line(None, "globalSecondaryIndexUpdates.1.member.update.provisionedThroughput.writeCapacityUnits", NOT_NULL),
            line(None, "globalSecondaryIndexUpdates.1.member.update.provisionedThroughput.readCapacityUnits", NOT_NULL),
            line(Some("abc;"), "globalSecondaryIndexUpdates.2.member.update.indexName", NAME_PATTERN),
            line(Some("0"), "globalSecondaryIndexUpdates.2.member.update.provisionedThroughput.writeCapacityUnits", "Member must have value greater than or equal to 1"),
        ])
    );
}

#[test]
fn list_tables_limits() {
    assert_eq!(
        validation("ListTables", json!({ "Limit": 0 })),
        "1 validation error detected: Value '0' at 'limit' failed to satisfy constraint: Member must have value greater than or equal to 1"
    );
    assert_eq!(
        validation("ListTables", json!({ "Limit": 101 })),
        "1 validation error detected: Value '101' at 'limit' failed to satisfy constraint: Member must have value less than or equal to 100"
    );
    assert_eq!(
        validation(
            "ListTables",
            json!({ "ExclusiveStartTableName": "a;", "Limit": 500 })
        ),
        errors(&[
            line(
                Some("500"),
                "limit",
                "Member must have value less than or equal to 100"
            ),
            line(Some("a;"), "exclusiveStartTableName", NAME_PATTERN),
            line(Some("a;"), "exclusiveStartTableName", &min_len(3)),
        ])
    );
    // A fraction is dropped before the comparison.
    assert_eq!(
        validation("ListTables", json!({ "Limit": 0.9 })),
        "1 validation error detected: Value '0' at 'limit' failed to satisfy constraint: Member must have value greater than or equal to 1"
    );
    passes(
        "ListTables",
        json!({ "Limit": 1.5, "ExclusiveStartTableName": null }),
    );
}

#[test]
fn scan_incorrect_attributes() {
    // dynalite scan.js "incorrect attributes": ten of eleven failures, in member order.
    assert_eq!(
        validation(
            "Scan",
            json!({ "TableName": "abc;", "ReturnConsumedCapacity": "hi", "AttributesToGet": [],
                    "IndexName": "abc;", "Segment": -1, "TotalSegments": -1, "Select": "hi",
                    "Limit": -1, "ScanFilter": { "a": {}, "b": { "ComparisonOperator": "" } },
                    "ConditionalOperator": "AN", "ExpressionAttributeNames": {},
                    "ExpressionAttributeValues": {}, "ProjectionExpression": "" })
        ),
        errors(&[
            line(Some("hi"), "select", "Member must satisfy enum value set: [SPECIFIC_ATTRIBUTES, COUNT, ALL_ATTRIBUTES, ALL_PROJECTED_ATTRIBUTES]"),
            line(Some("abc;"), "indexName", NAME_PATTERN),
            line(Some("-1"), "totalSegments", "Member must have value greater than or equal to 1"),
            line(Some("hi"), "returnConsumedCapacity", "Member must satisfy enum value set: [INDEXES, TOTAL, NONE]"),
            line(Some("abc;"), "tableName", NAME_PATTERN),
            line(Some("AN"), "conditionalOperator", "Member must satisfy enum value set: [OR, AND]"),
            line(None, "scanFilter.a.member.comparisonOperator", NOT_NULL),
            line(Some(""), "scanFilter.b.member.comparisonOperator", "Member must satisfy enum value set: [IN, NULL, BETWEEN, LT, NOT_CONTAINS, EQ, GT, NOT_NULL, NE, LE, BEGINS_WITH, GE, CONTAINS]"),
            line(Some("-1"), "segment", "Member must have value greater than or equal to 0"),
            line(Some("-1"), "limit", "Member must have value greater than or equal to 1"),
        ])
    );
    // nubo scan.test.ts "Limit of 0".
    assert_eq!(
        validation("Scan", json!({ "TableName": "abc", "Limit": 0 })),
        "1 validation error detected: Value '0' at 'limit' failed to satisfy constraint: Member must have value greater than or equal to 1"
    );
    assert_eq!(
        validation(
            "Scan",
            json!({ "TableName": "abc", "Segment": 1000000, "TotalSegments": 1000001 })
        ),
        errors(&[
            line(
                Some("1000001"),
                "totalSegments",
                "Member must have value less than or equal to 1000000"
            ),
            line(
                Some("1000000"),
                "segment",
                "Member must have value less than or equal to 999999"
            ),
        ])
    );
}

#[test]
fn query_messages() {
    // nubo query.test.ts "invalid Select value".
    assert_eq!(
        validation(
            "Query",
            json!({ "TableName": "abc", "KeyConditionExpression": "pk = :v",
                    "ExpressionAttributeValues": { ":v": { "S": "val" } }, "Select": "INVALID_VALUE" })
        ),
        "1 validation error detected: Value 'INVALID_VALUE' at 'select' failed to satisfy constraint: Member must satisfy enum value set: [SPECIFIC_ATTRIBUTES, COUNT, ALL_ATTRIBUTES, ALL_PROJECTED_ATTRIBUTES]"
    );
    // nubo query.test.ts "Limit of 0": DynamoDB's newer form.
    assert_eq!(
        validation(
            "Query",
            json!({ "TableName": "abc", "KeyConditionExpression": "pk = :v", "Limit": 0 })
        ),
        "1 validation error detected: Value at 'Limit' failed to satisfy constraint: Member must have value greater than or equal to 1"
    );
    // dynalite query.js "empty IndexName".
    assert_eq!(
        validation("Query", json!({ "TableName": "abc", "IndexName": "" })),
        errors(&[
            line(Some(""), "indexName", NAME_PATTERN),
            line(Some(""), "indexName", &min_len(3)),
        ])
    );
    assert_eq!(
        validation(
            "Query",
            json!({ "TableName": "abc", "KeyConditions": { "a": {}, "b": { "ComparisonOperator": "EQ" } } })
        ),
        errors(&[line(
            None,
            "keyConditions.a.member.comparisonOperator",
            NOT_NULL
        )])
    );
}

#[test]
fn batch_get_item_messages() {
    assert_eq!(
        validation("BatchGetItem", json!({})),
        "1 validation error detected: Value null at 'requestItems' failed to satisfy constraint: Member must not be null"
    );
    // nubo batchGetItem.test.ts "empty RequestItems".
    assert_eq!(
        validation("BatchGetItem", json!({ "RequestItems": {} })),
        "The requestItems parameter is required for BatchGetItem"
    );
    let keys_rule = "Map keys must satisfy constraint: [Member must have length less than or equal to 255, Member must have length greater than or equal to 3, Member must satisfy regular expression pattern: [a-zA-Z0-9_.-]+]";
    assert_eq!(
        validation(
            "BatchGetItem",
            json!({ "RequestItems": { "a": {} }, "ReturnConsumedCapacity": "hi" })
        ),
        errors(&[
            line(Some("hi"), "returnConsumedCapacity", "Member must satisfy enum value set: [INDEXES, TOTAL, NONE]"),
            line(
                Some("{a=KeysAndAttributes(keys=null, attributesToGet=null, consistentRead=null, projectionExpression=null, expressionAttributeNames=null)}"),
                "requestItems",
                keys_rule,
            ),
            line(None, "requestItems.a.member.keys", NOT_NULL),
        ])
    );
    assert_eq!(
        validation("BatchGetItem", json!({ "RequestItems": { "aa;": { "Keys": [] } } })),
        errors(&[
            line(Some("{aa;=KeysAndAttributes(keys=[], attributesToGet=null, consistentRead=null, projectionExpression=null, expressionAttributeNames=null)}"), "requestItems", keys_rule),
            line(Some("[]"), "requestItems.aa;.member.keys", &min_len(1)),
        ])
    );
    // nubo batchGetItem.test.ts "> 100 keys": DynamoDB's newer form.
    let keys: Vec<Value> = (0..101)
        .map(|i| json!({ "pk": { "S": format!("bg-{i}") } }))
        .collect();
    assert_eq!(
        validation("BatchGetItem", json!({ "RequestItems": { "tbl": { "Keys": keys } } })),
        "1 validation error detected: Value at 'RequestItems.tbl.member.Keys' failed to satisfy constraint: Member must have length less than or equal to 100"
    );
}

#[test]
fn batch_write_item_messages() {
    // nubo batchWriteItem.test.ts "empty RequestItems".
    assert_eq!(
        validation("BatchWriteItem", json!({ "RequestItems": {} })),
        "The requestItems parameter is required for BatchWriteItem"
    );
    // nubo batchWriteItem.test.ts "> 25 requests".
    let requests: Vec<Value> = (0..26)
        .map(|i| json!({ "PutRequest": { "Item": { "pk": { "S": format!("bw-{i}") } } } }))
        .collect();
    let message = validation(
        "BatchWriteItem",
        json!({ "RequestItems": { "tbl": requests } }),
    );
    assert!(message.starts_with("1 validation error detected: Value '{tbl=[WriteRequest(deleteRequest=null, putRequest=PutRequest(item={pk=AttributeValue(s=bw-0, "), "{message}");
    assert!(message.ends_with("]}' at 'requestItems' failed to satisfy constraint: Map value must satisfy constraint: [Member must have length less than or equal to 25, Member must have length greater than or equal to 1]"), "{message}");
    assert_eq!(
        validation(
            "BatchWriteItem",
            json!({ "RequestItems": { "tbl": [{ "PutRequest": {} }, { "DeleteRequest": {} }] } })
        ),
        errors(&[
            line(
                None,
                "requestItems.tbl.member.1.member.putRequest.item",
                NOT_NULL
            ),
            line(
                None,
                "requestItems.tbl.member.2.member.deleteRequest.key",
                NOT_NULL
            ),
        ])
    );
}

#[test]
fn transaction_list_bounds() {
    // nubo transactWriteItems.test.ts and transactGetItems.test.ts.
    assert_eq!(
        validation("TransactWriteItems", json!({ "TransactItems": [] })),
        "1 validation error detected: Value '[]' at 'transactItems' failed to satisfy constraint: Member must have length greater than or equal to 1"
    );
    assert_eq!(
        validation("TransactGetItems", json!({ "TransactItems": [] })),
        "1 validation error detected: Value '[]' at 'transactItems' failed to satisfy constraint: Member must have length greater than or equal to 1"
    );
    let items: Vec<Value> = (0..101)
        .map(|i| json!({ "Put": { "TableName": "tbl", "Item": { "pk": { "S": format!("t-{i}") } } } }))
        .collect();
    let message = validation("TransactWriteItems", json!({ "TransactItems": items }));
    assert!(message.starts_with("1 validation error detected: Value '[TransactWriteItem(conditionCheck=null, put=Put(item={pk="), "{message}");
    assert!(message.ends_with("]' at 'transactItems' failed to satisfy constraint: Member must have length less than or equal to 100"), "{message}");
    assert_eq!(
        validation(
            "TransactGetItems",
            json!({ "TransactItems": [{ "Get": { "Key": {} } }] })
        ),
        errors(&[line(None, "transactItems.1.member.get.tableName", NOT_NULL)])
    );
}

#[test]
fn tag_operations_only_check_types() {
    // dynalite tagResource.js: the null Tags failure comes after the ARN checks, which
    // are the operation's.
    passes("TagResource", json!({}));
    passes("UntagResource", json!({ "ResourceArn": "" }));
    assert_eq!(
        serialization("TagResource", json!({ "Tags": [{ "Key": 1 }] })),
        "NUMBER_VALUE cannot be converted to String"
    );
    assert_eq!(
        serialization("TagResource", json!({ "Tags": ["a"] })),
        "Unexpected value type in payload"
    );
}
