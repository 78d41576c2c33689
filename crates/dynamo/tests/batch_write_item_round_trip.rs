//! BatchWriteItem puts and deletes over two tables in one call, and BatchGetItem reads them
//! back: the response members DynamoDB always sends, capacity per table in request order.

use cairn_dynamo::{Database, DatabaseOptions};
use serde_json::json;

fn database() -> Database {
    Database::in_memory(DatabaseOptions::default()).expect("database")
}

fn create(db: &Database, name: &str, range: bool) {
    let mut defs = vec![json!({"AttributeName": "pk", "AttributeType": "S"})];
    let mut schema = vec![json!({"AttributeName": "pk", "KeyType": "HASH"})];
    if range {
        defs.push(json!({"AttributeName": "sk", "AttributeType": "N"}));
        schema.push(json!({"AttributeName": "sk", "KeyType": "RANGE"}));
    }
    db.execute(
        "CreateTable",
        json!({"TableName": name, "AttributeDefinitions": defs, "KeySchema": schema,
               "BillingMode": "PAY_PER_REQUEST"}),
    )
    .expect("create table");
}

#[test]
fn puts_and_deletes_over_two_tables_then_read_back() {
    let db = database();
    create(&db, "hash", false);
    create(&db, "range", true);
    db.execute(
        "PutItem",
        json!({"TableName": "hash", "Item": {"pk": {"S": "gone"}, "v": {"S": "old"}}}),
    )
    .unwrap();

    let big = "b".repeat(1500);
    let out = db
        .execute(
            "BatchWriteItem",
            json!({
                "RequestItems": {
                    "range": [
                        {"PutRequest": {"Item": {"pk": {"S": "r"}, "sk": {"N": "1"}}}},
                        {"PutRequest": {"Item": {"pk": {"S": "r"}, "sk": {"N": "2"}, "big": {"S": big}}}},
                    ],
                    "hash": [
                        {"DeleteRequest": {"Key": {"pk": {"S": "gone"}}}},
                        {"PutRequest": {"Item": {"pk": {"S": "new"}, "v": {"N": "7"}}}},
                    ],
                },
                "ReturnConsumedCapacity": "TOTAL",
            }),
        )
        .unwrap();
    assert_eq!(
        out,
        json!({
            "UnprocessedItems": {},
            "ConsumedCapacity": [
                {"TableName": "range", "CapacityUnits": 3.0},
                {"TableName": "hash", "CapacityUnits": 2.0},
            ],
        })
    );

    let out = db
        .execute(
            "BatchGetItem",
            json!({
                "RequestItems": {
                    "hash": {"Keys": [{"pk": {"S": "gone"}}, {"pk": {"S": "new"}}]},
                    "range": {
                        "Keys": [{"pk": {"S": "r"}, "sk": {"N": "2"}}, {"pk": {"S": "r"}, "sk": {"N": "1"}}],
                        "ProjectionExpression": "sk",
                        "ConsistentRead": true,
                    },
                },
                "ReturnConsumedCapacity": "INDEXES",
            }),
        )
        .unwrap();
    assert_eq!(
        out,
        json!({
            "Responses": {
                "hash": [{"pk": {"S": "new"}, "v": {"N": "7"}}],
                "range": [{"sk": {"N": "2"}}, {"sk": {"N": "1"}}],
            },
            "UnprocessedKeys": {},
            "ConsumedCapacity": [
                {"TableName": "hash", "CapacityUnits": 1.0, "Table": {"CapacityUnits": 1.0}},
                {"TableName": "range", "CapacityUnits": 2.0, "Table": {"CapacityUnits": 2.0}},
            ],
        })
    );
}

#[test]
fn without_capacity_the_response_is_unprocessed_items_only() {
    let db = database();
    create(&db, "hash", false);
    let out = db
        .execute(
            "BatchWriteItem",
            json!({"RequestItems": {"hash": [{"PutRequest": {"Item": {"pk": {"S": "a"}}}}]}}),
        )
        .unwrap();
    assert_eq!(out, json!({"UnprocessedItems": {}}));
    let out = db
        .execute(
            "BatchGetItem",
            json!({"RequestItems": {"hash": {"Keys": [{"pk": {"S": "missing"}}]}}}),
        )
        .unwrap();
    assert_eq!(
        out,
        json!({"Responses": {"hash": []}, "UnprocessedKeys": {}})
    );
}
