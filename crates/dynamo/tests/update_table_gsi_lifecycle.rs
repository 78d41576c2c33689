//! A global index added by UpdateTable is backfilled from the items already there, kept
//! up by writes, readable once ACTIVE; deleting it drops it from the description, its
//! attribute definition with it, and a new index of the same name starts empty.

use std::time::{Duration, Instant};

use cairn_dynamo::{Database, DatabaseOptions};
use serde_json::{json, Value};

fn database() -> Database {
    Database::in_memory(DatabaseOptions::default()).expect("database")
}

fn describe(db: &Database) -> Value {
    db.execute("DescribeTable", json!({"TableName": "tbl"}))
        .unwrap()["Table"]
        .clone()
}

/// Waits until the table and its indexes are ACTIVE.
fn wait_active(db: &Database) -> Value {
    let start = Instant::now();
    loop {
        let t = describe(db);
        let indexes_active = t["GlobalSecondaryIndexes"]
            .as_array()
            .is_none_or(|a| a.iter().all(|i| i["IndexStatus"] == "ACTIVE"));
        if t["TableStatus"] == "ACTIVE" && indexes_active {
            return t;
        }
        assert!(start.elapsed() < Duration::from_secs(10), "still {t}");
        std::thread::sleep(Duration::from_millis(10));
    }
}

fn put(db: &Database, pk: &str, g: Value) {
    db.execute(
        "PutItem",
        json!({"TableName": "tbl", "Item": {"pk": {"S": pk}, "g": g}}),
    )
    .unwrap();
}

fn query_pks(db: &Database, g: &str) -> Vec<String> {
    let r = db
        .execute(
            "Query",
            json!({"TableName": "tbl", "IndexName": "byg",
                   "KeyConditionExpression": "g = :g",
                   "ExpressionAttributeValues": {":g": {"S": g}}}),
        )
        .unwrap();
    let mut pks: Vec<String> = r["Items"]
        .as_array()
        .unwrap()
        .iter()
        .map(|i| i["pk"]["S"].as_str().unwrap().to_owned())
        .collect();
    pks.sort();
    pks
}

fn create_index(db: &Database) -> Value {
    db.execute(
        "UpdateTable",
        json!({"TableName": "tbl",
               "AttributeDefinitions": [{"AttributeName": "g", "AttributeType": "S"}],
               "GlobalSecondaryIndexUpdates": [{"Create": {
                   "IndexName": "byg",
                   "KeySchema": [{"AttributeName": "g", "KeyType": "HASH"}],
                   "Projection": {"ProjectionType": "ALL"}}}]}),
    )
    .unwrap()["TableDescription"]
        .clone()
}

#[test]
fn index_created_backfilled_and_deleted() {
    let db = database();
    db.execute(
        "CreateTable",
        json!({"TableName": "tbl", "BillingMode": "PAY_PER_REQUEST",
               "AttributeDefinitions": [{"AttributeName": "pk", "AttributeType": "S"}],
               "KeySchema": [{"AttributeName": "pk", "KeyType": "HASH"}]}),
    )
    .unwrap();
    put(&db, "a", json!({"S": "x"}));
    put(&db, "b", json!({"S": "x"}));
    put(&db, "c", json!({"S": "y"}));
    put(&db, "d", json!({"N": "1"})); // another type: not in the index

    let answer = create_index(&db);
    assert_eq!(answer["TableStatus"], "UPDATING");
    let index = &answer["GlobalSecondaryIndexes"][0];
    assert_eq!(index["IndexStatus"], "CREATING");
    assert_eq!(index["Backfilling"], true);
    assert_eq!(
        index["ProvisionedThroughput"],
        json!({"NumberOfDecreasesToday": 0, "ReadCapacityUnits": 0, "WriteCapacityUnits": 0})
    );

    let t = wait_active(&db);
    let index = &t["GlobalSecondaryIndexes"][0];
    assert!(index.get("Backfilling").is_none());
    assert_eq!(index["ItemCount"], 3);
    assert_eq!(query_pks(&db, "x"), ["a", "b"]);

    put(&db, "e", json!({"S": "x"}));
    put(&db, "a", json!({"S": "y"}));
    assert_eq!(query_pks(&db, "x"), ["b", "e"]);
    assert_eq!(query_pks(&db, "y"), ["a", "c"]);

    let answer = db
        .execute(
            "UpdateTable",
            json!({"TableName": "tbl",
                   "GlobalSecondaryIndexUpdates": [{"Delete": {"IndexName": "byg"}}]}),
        )
        .unwrap();
    assert_eq!(
        answer["TableDescription"]["GlobalSecondaryIndexes"][0]["IndexStatus"],
        "DELETING"
    );
    let t = wait_active(&db);
    assert!(t.get("GlobalSecondaryIndexes").is_none());
    assert_eq!(
        t["AttributeDefinitions"],
        json!([{"AttributeName": "pk", "AttributeType": "S"}])
    );

    // A new index of the same name gets a fresh id: nothing of the old one shows.
    db.execute(
        "DeleteItem",
        json!({"TableName": "tbl", "Key": {"pk": {"S": "b"}}}),
    )
    .unwrap();
    create_index(&db);
    wait_active(&db);
    assert_eq!(query_pks(&db, "x"), ["e"]);
}

#[test]
fn index_checks() {
    let db = database();
    db.execute(
        "CreateTable",
        json!({"TableName": "tbl",
               "ProvisionedThroughput": {"ReadCapacityUnits": 5, "WriteCapacityUnits": 5},
               "AttributeDefinitions": [{"AttributeName": "pk", "AttributeType": "S"}],
               "KeySchema": [{"AttributeName": "pk", "KeyType": "HASH"}]}),
    )
    .unwrap();
    let err = |body: Value| db.execute("UpdateTable", body).unwrap_err();
    let create = |defs: Value, extra: Value| {
        let mut c = json!({"IndexName": "byg",
                           "KeySchema": [{"AttributeName": "g", "KeyType": "HASH"}],
                           "Projection": {"ProjectionType": "ALL"}});
        c.as_object_mut()
            .unwrap()
            .extend(extra.as_object().unwrap().clone());
        json!({"TableName": "tbl", "AttributeDefinitions": defs,
               "GlobalSecondaryIndexUpdates": [{"Create": c}]})
    };
    let e = err(create(json!([]), json!({})));
    assert_eq!(
        e.message,
        "One or more parameter values were invalid: Some index key attributes are not defined in AttributeDefinitions. Keys: [g], AttributeDefinitions: []"
    );
    let g = json!([{"AttributeName": "g", "AttributeType": "S"}]);
    let e = err(create(g.clone(), json!({})));
    assert_eq!(
        e.message,
        "One or more parameter values were invalid: ProvisionedThroughput must be specified for index: byg"
    );
    let e = err(json!({"TableName": "tbl",
                       "GlobalSecondaryIndexUpdates": [{"Delete": {"IndexName": "nope"}}]}));
    assert_eq!(e.kind.name(), "ResourceNotFoundException");
    let e = err(json!({"TableName": "tbl", "GlobalSecondaryIndexUpdates": [
        {"Delete": {"IndexName": "abc"}}, {"Delete": {"IndexName": "abd"}}]}));
    assert_eq!(e.kind.name(), "LimitExceededException");

    let pt = json!({"ProvisionedThroughput": {"ReadCapacityUnits": 1, "WriteCapacityUnits": 1}});
    db.execute("UpdateTable", create(g.clone(), pt.clone()))
        .unwrap();
    wait_active(&db);
    let e = err(create(g, pt));
    assert_eq!(
        e.message,
        "One or more parameter values were invalid: Index already exists: byg"
    );
}
