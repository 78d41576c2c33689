//! A capacity change takes two steps (dynalite updateTable.js "should triple rates and
//! then reduce if requested"): UpdateTable answers UPDATING with the old capacity and the
//! change's timestamp; when the update delay has passed, the new capacity is in, stamped
//! again, a decrease counted. Asking for the current capacity is refused.

use std::time::{Duration, Instant};

use cairn_dynamo::{Database, DatabaseOptions};
use serde_json::{json, Value};

fn database(update_delay: Duration) -> Database {
    let options = DatabaseOptions {
        update_delay,
        ..DatabaseOptions::default()
    };
    Database::in_memory(options).expect("database")
}

fn create(db: &Database) {
    db.execute(
        "CreateTable",
        json!({"TableName": "tbl",
               "ProvisionedThroughput": {"ReadCapacityUnits": 5, "WriteCapacityUnits": 5},
               "AttributeDefinitions": [{"AttributeName": "pk", "AttributeType": "S"}],
               "KeySchema": [{"AttributeName": "pk", "KeyType": "HASH"}]}),
    )
    .unwrap();
}

fn update(db: &Database, read: i64, write: i64) -> Value {
    db.execute(
        "UpdateTable",
        json!({"TableName": "tbl",
               "ProvisionedThroughput": {"ReadCapacityUnits": read, "WriteCapacityUnits": write}}),
    )
    .unwrap()["TableDescription"]
        .clone()
}

fn wait_active(db: &Database) -> Value {
    let start = Instant::now();
    loop {
        let t = db
            .execute("DescribeTable", json!({"TableName": "tbl"}))
            .unwrap()["Table"]
            .clone();
        if t["TableStatus"] == "ACTIVE" {
            return t;
        }
        assert!(start.elapsed() < Duration::from_secs(10));
        std::thread::sleep(Duration::from_millis(10));
    }
}

#[test]
fn increase_then_decrease_in_two_steps() {
    let db = database(Duration::from_millis(50));
    create(&db);
    let d = update(&db, 15, 15);
    assert_eq!(d["TableStatus"], "UPDATING");
    let pt = &d["ProvisionedThroughput"];
    assert_eq!(
        (
            pt["ReadCapacityUnits"].as_i64(),
            pt["WriteCapacityUnits"].as_i64()
        ),
        (Some(5), Some(5))
    );
    let increased = pt["LastIncreaseDateTime"].as_f64().unwrap();
    let decreases = pt["NumberOfDecreasesToday"].as_u64().unwrap();

    // Another change while UPDATING is refused.
    let e = db
        .execute(
            "UpdateTable",
            json!({"TableName": "tbl", "DeletionProtectionEnabled": true}),
        )
        .unwrap_err();
    assert_eq!(
        e.message,
        "Attempt to change a resource which is still in use: Table is being updated: tbl"
    );

    let t = wait_active(&db);
    let pt = &t["ProvisionedThroughput"];
    assert_eq!(pt["ReadCapacityUnits"], 15);
    assert!(pt["LastIncreaseDateTime"].as_f64().unwrap() > increased);
    let increased = pt["LastIncreaseDateTime"].as_f64().unwrap();

    let d = update(&db, 5, 5);
    let pt = &d["ProvisionedThroughput"];
    assert_eq!(pt["ReadCapacityUnits"], 15);
    assert_eq!(pt["LastIncreaseDateTime"].as_f64(), Some(increased));
    assert_eq!(pt["NumberOfDecreasesToday"].as_u64(), Some(decreases));
    let decreased = pt["LastDecreaseDateTime"].as_f64().unwrap();

    let t = wait_active(&db);
    let pt = &t["ProvisionedThroughput"];
    assert_eq!(pt["ReadCapacityUnits"], 5);
    assert!(pt["LastDecreaseDateTime"].as_f64().unwrap() > decreased);
    assert_eq!(pt["NumberOfDecreasesToday"].as_u64(), Some(decreases + 1));
}

#[test]
fn without_delay_the_answer_is_the_new_capacity() {
    let db = database(Duration::ZERO);
    create(&db);
    let d = update(&db, 7, 5);
    assert_eq!(d["TableStatus"], "ACTIVE");
    assert_eq!(d["ProvisionedThroughput"]["ReadCapacityUnits"], 7);
    let e = db
        .execute(
            "UpdateTable",
            json!({"TableName": "tbl", "BillingMode": "PROVISIONED",
                   "ProvisionedThroughput": {"ReadCapacityUnits": 7, "WriteCapacityUnits": 5}}),
        )
        .unwrap_err();
    assert_eq!(
        e.message,
        "The provisioned throughput for the table will not change. The requested value equals the current value. Current ReadCapacityUnits provisioned for the table: 7. Requested ReadCapacityUnits: 7. Current WriteCapacityUnits provisioned for the table: 5. Requested WriteCapacityUnits: 5. Refer to the Amazon DynamoDB Developer Guide for current limits and how to request higher limits."
    );
}

#[test]
fn billing_mode_round_trip() {
    let db = database(Duration::ZERO);
    create(&db);
    let d = db
        .execute(
            "UpdateTable",
            json!({"TableName": "tbl", "BillingMode": "PAY_PER_REQUEST"}),
        )
        .unwrap()["TableDescription"]
        .clone();
    assert_eq!(d["BillingModeSummary"]["BillingMode"], "PAY_PER_REQUEST");
    assert_eq!(d["ProvisionedThroughput"]["ReadCapacityUnits"], 0);
    let e = db
        .execute(
            "UpdateTable",
            json!({"TableName": "tbl",
                   "ProvisionedThroughput": {"ReadCapacityUnits": 1, "WriteCapacityUnits": 1}}),
        )
        .unwrap_err();
    assert_eq!(
        e.message,
        "One or more parameter values were invalid: Neither ReadCapacityUnits nor WriteCapacityUnits can be specified when BillingMode is PAY_PER_REQUEST"
    );
    // On-demand to on-demand is accepted (nubo tier1/updateTable).
    db.execute(
        "UpdateTable",
        json!({"TableName": "tbl", "BillingMode": "PAY_PER_REQUEST"}),
    )
    .unwrap();
    let d = db
        .execute(
            "UpdateTable",
            json!({"TableName": "tbl", "BillingMode": "PROVISIONED",
                   "ProvisionedThroughput": {"ReadCapacityUnits": 3, "WriteCapacityUnits": 4}}),
        )
        .unwrap()["TableDescription"]
        .clone();
    assert_eq!(d["BillingModeSummary"]["BillingMode"], "PROVISIONED");
    assert_eq!(d["ProvisionedThroughput"]["WriteCapacityUnits"], 4);
    assert_eq!(d["TableStatus"], "ACTIVE");
}
