//! Transactional capacity: twice the write units on the table (index entries as outside a
//! transaction), two write units for a ConditionCheck, twice a strongly consistent read for
//! each get (a missing item included), one entry per table in order of first use.

use cairn_dynamo::{Database, DatabaseOptions};
use serde_json::json;

fn database() -> Database {
    let db = Database::in_memory(DatabaseOptions::default()).expect("database");
    db.execute(
        "CreateTable",
        json!({"TableName": "indexed",
               "AttributeDefinitions": [{"AttributeName": "pk", "AttributeType": "S"},
                                        {"AttributeName": "g", "AttributeType": "S"}],
               "KeySchema": [{"AttributeName": "pk", "KeyType": "HASH"}],
               "GlobalSecondaryIndexes": [{"IndexName": "by_g",
                   "KeySchema": [{"AttributeName": "g", "KeyType": "HASH"}],
                   "Projection": {"ProjectionType": "ALL"}}],
               "BillingMode": "PAY_PER_REQUEST"}),
    )
    .expect("create table");
    db.execute(
        "CreateTable",
        json!({"TableName": "plain",
               "AttributeDefinitions": [{"AttributeName": "pk", "AttributeType": "S"}],
               "KeySchema": [{"AttributeName": "pk", "KeyType": "HASH"}],
               "BillingMode": "PAY_PER_REQUEST"}),
    )
    .expect("create table");
    db
}

#[test]
fn writes_cost_twice_on_the_table() {
    let db = database();
    db.execute(
        "PutItem",
        json!({"TableName": "plain", "Item": {"pk": {"S": "x"}}}),
    )
    .unwrap();
    let out = db
        .execute(
            "TransactWriteItems",
            json!({"ReturnConsumedCapacity": "INDEXES", "TransactItems": [
                {"Put": {"TableName": "indexed",
                         "Item": {"pk": {"S": "a"}, "g": {"S": "1"}, "v": {"S": "x".repeat(1500)}}}},
                {"ConditionCheck": {"TableName": "plain", "Key": {"pk": {"S": "x"}},
                                    "ConditionExpression": "attribute_exists(pk)"}},
                {"Delete": {"TableName": "indexed", "Key": {"pk": {"S": "missing"}}}},
            ]}),
        )
        .unwrap();
    assert_eq!(
        out["ConsumedCapacity"],
        json!([
            {"TableName": "indexed", "CapacityUnits": 8.0, "WriteCapacityUnits": 8.0,
             "Table": {"CapacityUnits": 6.0, "WriteCapacityUnits": 6.0},
             "GlobalSecondaryIndexes": {"by_g": {"CapacityUnits": 2.0, "WriteCapacityUnits": 2.0}}},
            {"TableName": "plain", "CapacityUnits": 2.0, "WriteCapacityUnits": 2.0,
             "Table": {"CapacityUnits": 2.0, "WriteCapacityUnits": 2.0}},
        ])
    );
}

#[test]
fn reads_cost_twice_a_strong_read() {
    let db = database();
    db.execute(
        "PutItem",
        json!({"TableName": "plain", "Item": {"pk": {"S": "big"}, "v": {"S": "x".repeat(5000)}}}),
    )
    .unwrap();
    let out = db
        .execute(
            "TransactGetItems",
            json!({"ReturnConsumedCapacity": "TOTAL", "TransactItems": [
                {"Get": {"TableName": "plain", "Key": {"pk": {"S": "big"}}}},
                {"Get": {"TableName": "indexed", "Key": {"pk": {"S": "missing"}}}},
                {"Get": {"TableName": "plain", "Key": {"pk": {"S": "missing"}}}},
            ]}),
        )
        .unwrap();
    assert_eq!(
        out["ConsumedCapacity"],
        json!([
            {"TableName": "plain", "CapacityUnits": 6.0, "ReadCapacityUnits": 6.0},
            {"TableName": "indexed", "CapacityUnits": 2.0, "ReadCapacityUnits": 2.0},
        ])
    );
    assert_eq!(out["Responses"][1], json!({}));
}
