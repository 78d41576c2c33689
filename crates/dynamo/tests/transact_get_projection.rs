//! TransactGetItems answers in request order, each entry projected by its own
//! ProjectionExpression, `{}` for a missing item or a projection that matched nothing.

use cairn_dynamo::{Database, DatabaseOptions};
use serde_json::json;

#[test]
fn each_get_has_its_projection() {
    let db = Database::in_memory(DatabaseOptions::default()).expect("database");
    db.execute(
        "CreateTable",
        json!({"TableName": "tbl",
               "AttributeDefinitions": [{"AttributeName": "pk", "AttributeType": "S"}],
               "KeySchema": [{"AttributeName": "pk", "KeyType": "HASH"}],
               "BillingMode": "PAY_PER_REQUEST"}),
    )
    .unwrap();
    db.execute(
        "PutItem",
        json!({"TableName": "tbl", "Item": {"pk": {"S": "x"}, "a": {"M": {"b": {"N": "1"}, "c": {"N": "2"}}}, "d": {"S": "d"}}}),
    )
    .unwrap();
    let out = db
        .execute(
            "TransactGetItems",
            json!({"TransactItems": [
                {"Get": {"TableName": "tbl", "Key": {"pk": {"S": "missing"}}}},
                {"Get": {"TableName": "tbl", "Key": {"pk": {"S": "x"}},
                         "ProjectionExpression": "#a.b, d",
                         "ExpressionAttributeNames": {"#a": "a"}}},
                {"Get": {"TableName": "tbl", "Key": {"pk": {"S": "x"}},
                         "ProjectionExpression": "nothing"}},
            ]}),
        )
        .expect_err("x is read twice");
    assert_eq!(
        out.message,
        "Transaction request cannot include multiple operations on one item"
    );
    let out = db
        .execute(
            "TransactGetItems",
            json!({"TransactItems": [
                {"Get": {"TableName": "tbl", "Key": {"pk": {"S": "missing"}}}},
                {"Get": {"TableName": "tbl", "Key": {"pk": {"S": "x"}},
                         "ProjectionExpression": "#a.b, d",
                         "ExpressionAttributeNames": {"#a": "a"}}},
            ]}),
        )
        .unwrap();
    assert_eq!(
        out,
        json!({"Responses": [
            {},
            {"Item": {"a": {"M": {"b": {"N": "1"}}}, "d": {"S": "d"}}},
        ]})
    );
    let out = db
        .execute(
            "TransactGetItems",
            json!({"TransactItems": [
                {"Get": {"TableName": "tbl", "Key": {"pk": {"S": "x"}},
                         "ProjectionExpression": "nothing"}},
            ]}),
        )
        .unwrap();
    assert_eq!(out, json!({"Responses": [{}]}));
}
