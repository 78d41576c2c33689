//! BatchWriteItem with ReturnItemCollectionMetrics SIZE: one entry per partition key written
//! in each table with local secondary indexes, none for other tables.

use cairn_dynamo::{Database, DatabaseOptions};
use serde_json::json;

fn database() -> Database {
    let db = Database::in_memory(DatabaseOptions::default()).expect("database");
    db.execute(
        "CreateTable",
        json!({"TableName": "lsi", "BillingMode": "PAY_PER_REQUEST",
               "AttributeDefinitions": [
                   {"AttributeName": "pk", "AttributeType": "S"},
                   {"AttributeName": "sk", "AttributeType": "S"},
                   {"AttributeName": "l", "AttributeType": "S"}],
               "KeySchema": [{"AttributeName": "pk", "KeyType": "HASH"},
                             {"AttributeName": "sk", "KeyType": "RANGE"}],
               "LocalSecondaryIndexes": [{"IndexName": "by_l",
                   "KeySchema": [{"AttributeName": "pk", "KeyType": "HASH"},
                                 {"AttributeName": "l", "KeyType": "RANGE"}],
                   "Projection": {"ProjectionType": "KEYS_ONLY"}}]}),
    )
    .unwrap();
    db.execute(
        "CreateTable",
        json!({"TableName": "plain", "BillingMode": "PAY_PER_REQUEST",
               "AttributeDefinitions": [{"AttributeName": "pk", "AttributeType": "S"}],
               "KeySchema": [{"AttributeName": "pk", "KeyType": "HASH"}]}),
    )
    .unwrap();
    db
}

#[test]
fn one_entry_per_partition_of_tables_with_local_indexes() {
    let db = database();
    let out = db
        .execute(
            "BatchWriteItem",
            json!({
                "RequestItems": {
                    "lsi": [
                        {"PutRequest": {"Item": {"pk": {"S": "p1"}, "sk": {"S": "1"}, "l": {"S": "x"}}}},
                        {"PutRequest": {"Item": {"pk": {"S": "p1"}, "sk": {"S": "2"}}}},
                        {"DeleteRequest": {"Key": {"pk": {"S": "p2"}, "sk": {"S": "1"}}}},
                    ],
                    "plain": [{"PutRequest": {"Item": {"pk": {"S": "a"}}}}],
                },
                "ReturnItemCollectionMetrics": "SIZE",
            }),
        )
        .unwrap();
    assert_eq!(
        out,
        json!({
            "UnprocessedItems": {},
            "ItemCollectionMetrics": {"lsi": [
                {"ItemCollectionKey": {"pk": {"S": "p1"}}, "SizeEstimateRangeGB": [0.0, 1.0]},
                {"ItemCollectionKey": {"pk": {"S": "p2"}}, "SizeEstimateRangeGB": [0.0, 1.0]},
            ]},
        })
    );
}

#[test]
fn no_member_without_local_indexes() {
    let db = database();
    let out = db
        .execute(
            "BatchWriteItem",
            json!({"RequestItems": {"plain": [{"PutRequest": {"Item": {"pk": {"S": "a"}}}}]},
                   "ReturnItemCollectionMetrics": "SIZE"}),
        )
        .unwrap();
    assert_eq!(out, json!({"UnprocessedItems": {}}));
}
