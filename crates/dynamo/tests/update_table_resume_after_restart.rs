//! An index creation interrupted by a restart (the table still UPDATING, the index
//! CREATING) is resumed when the database opens again: backfilled, then ACTIVE.

use std::path::Path;
use std::sync::Arc;
use std::time::{Duration, Instant};

use cairn_dynamo::storage::lsm::{Location, LsmStorage};
use cairn_dynamo::{Database, DatabaseOptions};
use serde_json::{json, Value};

fn open(dir: &Path, update_delay: Duration) -> Database {
    let storage = LsmStorage::open(Location::Dir(dir), false).expect("storage");
    let options = DatabaseOptions {
        update_delay,
        ..DatabaseOptions::default()
    };
    Database::open(Arc::new(storage), options).expect("database")
}

fn describe(db: &Database) -> Value {
    db.execute("DescribeTable", json!({"TableName": "tbl"}))
        .unwrap()["Table"]
        .clone()
}

#[test]
fn interrupted_index_creation_resumes() {
    let dir = std::env::temp_dir().join(format!("cairn-update-resume-{}", std::process::id()));
    let _ = std::fs::remove_dir_all(&dir);
    {
        let db = open(&dir, Duration::from_secs(3600));
        db.execute(
            "CreateTable",
            json!({"TableName": "tbl", "BillingMode": "PAY_PER_REQUEST",
                   "AttributeDefinitions": [{"AttributeName": "pk", "AttributeType": "S"}],
                   "KeySchema": [{"AttributeName": "pk", "KeyType": "HASH"}]}),
        )
        .unwrap();
        for (pk, g) in [("a", "x"), ("b", "x"), ("c", "y")] {
            db.execute(
                "PutItem",
                json!({"TableName": "tbl", "Item": {"pk": {"S": pk}, "g": {"S": g}}}),
            )
            .unwrap();
        }
        db.execute(
            "UpdateTable",
            json!({"TableName": "tbl",
                   "AttributeDefinitions": [{"AttributeName": "g", "AttributeType": "S"}],
                   "GlobalSecondaryIndexUpdates": [{"Create": {
                       "IndexName": "byg",
                       "KeySchema": [{"AttributeName": "g", "KeyType": "HASH"}],
                       "Projection": {"ProjectionType": "KEYS_ONLY"}}}]}),
        )
        .unwrap();
        assert_eq!(describe(&db)["TableStatus"], "UPDATING");
        db.close().unwrap();
    }
    let db = open(&dir, Duration::ZERO);
    let start = Instant::now();
    while describe(&db)["TableStatus"] != "ACTIVE" {
        assert!(start.elapsed() < Duration::from_secs(10));
        std::thread::sleep(Duration::from_millis(10));
    }
    let t = describe(&db);
    assert_eq!(t["GlobalSecondaryIndexes"][0]["IndexStatus"], "ACTIVE");
    let r = db
        .execute(
            "Query",
            json!({"TableName": "tbl", "IndexName": "byg",
                   "KeyConditionExpression": "g = :g",
                   "ExpressionAttributeValues": {":g": {"S": "x"}}}),
        )
        .unwrap();
    assert_eq!(r["Count"], 2);
    db.close().unwrap();
    let _ = std::fs::remove_dir_all(&dir);
}
