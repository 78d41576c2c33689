//! BatchGetItem stops at 16 MB of items: the key whose item would cross it and every key
//! after it come back in UnprocessedKeys, with their entry's parameters, costing the
//! minimum read each.

use std::sync::Arc;

use cairn_dynamo::storage::lsm::{Location, LsmStorage};
use cairn_dynamo::{Database, DatabaseOptions};
use serde_json::{json, Value};

fn database() -> Database {
    let storage = LsmStorage::open(Location::Memory, false).expect("memory storage");
    Database::open(Arc::new(storage), DatabaseOptions::default()).expect("database")
}

#[test]
fn keys_past_16_mb_are_unprocessed() {
    let db = database();
    db.execute(
        "CreateTable",
        json!({"TableName": "big", "BillingMode": "PAY_PER_REQUEST",
               "AttributeDefinitions": [{"AttributeName": "pk", "AttributeType": "S"}],
               "KeySchema": [{"AttributeName": "pk", "KeyType": "HASH"}]}),
    )
    .unwrap();
    // 50 items of 400 KB (409,600 bytes: "pk" + 2 + "b" + 409,595) are 20,480,000 bytes:
    // 40 fit in 16,777,216.
    let payload = "x".repeat(409_600 - 2 - 2 - 1);
    for batch in 0..2 {
        let requests: Vec<Value> = (0..25)
            .map(|i| {
                json!({"PutRequest": {"Item": {
                    "pk": {"S": format!("{:02}", batch * 25 + i)},
                    "b": {"S": payload},
                }}})
            })
            .collect();
        db.execute("BatchWriteItem", json!({"RequestItems": {"big": requests}}))
            .unwrap();
    }
    let keys: Vec<Value> = (0..50)
        .map(|i| json!({"pk": {"S": format!("{i:02}")}}))
        .collect();
    let out = db
        .execute(
            "BatchGetItem",
            json!({"RequestItems": {"big": {"Keys": keys, "ConsistentRead": true}},
                   "ReturnConsumedCapacity": "TOTAL"}),
        )
        .unwrap();
    assert_eq!(out["Responses"]["big"].as_array().unwrap().len(), 40);
    let unprocessed = &out["UnprocessedKeys"]["big"];
    assert_eq!(unprocessed["ConsistentRead"], json!(true));
    assert_eq!(unprocessed["Keys"].as_array().unwrap().len(), 10);
    assert_eq!(unprocessed["Keys"][0], json!({"pk": {"S": "40"}}));
    assert_eq!(
        out["ConsumedCapacity"],
        json!([{"TableName": "big", "CapacityUnits": 40.0 * 100.0 + 10.0}])
    );
}
