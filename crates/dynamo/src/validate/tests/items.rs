//! `ValidationException` of the item, query, batch, transaction and tag operations
//! (dynalite `test/putItem.js`, `scan.js`, `query.js`, `batchGetItem.js`,
//! `batchWriteItem.js`, `tagResource.js`; nubo `tests/tier3/error-messages`).

use serde_json::{json, Value};

use super::*;

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

#[test]
fn partiql_bounds() {
    assert_eq!(
        validation(
            "ExecuteStatement",
            json!({ "Statement": "", "Parameters": [] })
        ),
        errors(&[
            line(Some(""), "statement", &min_len(1)),
            line(Some("[]"), "parameters", &min_len(1)),
        ])
    );
    assert_eq!(
        validation("BatchExecuteStatement", json!({ "Statements": [{}] })),
        errors(&[line(None, "statements.1.member.statement", NOT_NULL)])
    );
    assert_eq!(
        validation("ExecuteTransaction", json!({})),
        errors(&[line(None, "transactStatements", NOT_NULL)])
    );
    assert_eq!(
        validation(
            "ExecuteStatement",
            json!({ "Statement": "SELECT * FROM t", "Parameters": [{ "S": "a" }] , "Limit": 0 })
        ),
        errors(&[line(
            Some("0"),
            "limit",
            "Member must have value greater than or equal to 1"
        )])
    );
}
