//! BatchGetItem reads at most 1 MB plus one largest item (1,458,173 bytes) from one partition,
//! and a cairn table is one: the key whose item would cross it and the table's later keys
//! come back in UnprocessedKeys, costing the minimum read each, while other tables are read.
//! The cases of dynalite's recordings against DynamoDB, on one small table: items of exactly
//! the limit all come back, one byte more leaves the last key unprocessed, and 3 items of
//! 400 KB with 17 of 20 KB leave several (the capacity of the items read plus what the
//! unprocessed ones would cost is 385).

use cairn_dynamo::{Database, DatabaseOptions};
use serde_json::{json, Value};

fn database() -> Database {
    Database::in_memory(DatabaseOptions::default()).expect("database")
}

fn create(db: &Database, name: &str) {
    db.execute(
        "CreateTable",
        json!({"TableName": name, "BillingMode": "PAY_PER_REQUEST",
               "AttributeDefinitions": [{"AttributeName": "a", "AttributeType": "S"}],
               "KeySchema": [{"AttributeName": "a", "KeyType": "HASH"}]}),
    )
    .unwrap();
}

/// Items `{a: "NN", b: "bbb…"}` whose `b` holds `lengths[i]` characters: each is
/// `1 + 2 + 1 + length` bytes.
fn put_items(db: &Database, table: &str, lengths: &[usize]) -> Vec<Value> {
    let items: Vec<Value> = lengths
        .iter()
        .enumerate()
        .map(|(i, &n)| json!({"a": {"S": format!("{i:02}")}, "b": {"S": "b".repeat(n)}}))
        .collect();
    for chunk in items.chunks(10) {
        let puts: Vec<Value> = chunk
            .iter()
            .map(|i| json!({"PutRequest": {"Item": i}}))
            .collect();
        db.execute("BatchWriteItem", json!({"RequestItems": {table: puts}}))
            .unwrap();
    }
    items.iter().map(|i| json!({"a": i["a"]})).collect()
}

fn batch_get(db: &Database, table: &str, keys: Vec<Value>) -> Value {
    db.execute(
        "BatchGetItem",
        json!({"RequestItems": {table: {"Keys": keys, "ConsistentRead": true}},
               "ReturnConsumedCapacity": "TOTAL"}),
    )
    .unwrap()
}

/// Three items of 409,597 bytes (1,228,791), and a fourth that brings the total to `total`.
fn at_the_limit(total: usize) -> Vec<usize> {
    let mut lengths = vec![409_593; 3];
    lengths.push(total - 3 * 409_597 - 4);
    lengths
}

#[test]
fn exactly_the_limit_all_comes_back() {
    let db = database();
    create(&db, "one");
    let keys = put_items(&db, "one", &at_the_limit(1_458_173));
    let out = batch_get(&db, "one", keys);
    assert_eq!(out["Responses"]["one"].as_array().unwrap().len(), 4);
    assert_eq!(out["UnprocessedKeys"], json!({}));
}

#[test]
fn one_byte_more_leaves_the_last_key() {
    let db = database();
    create(&db, "one");
    let keys = put_items(&db, "one", &at_the_limit(1_458_174));
    let out = batch_get(&db, "one", keys);
    assert_eq!(out["Responses"]["one"].as_array().unwrap().len(), 3);
    assert_eq!(
        out["UnprocessedKeys"]["one"],
        json!({"Keys": [{"a": {"S": "03"}}], "ConsistentRead": true})
    );
}

#[test]
fn far_over_the_limit_leaves_the_later_keys_and_reads_other_tables() {
    let db = database();
    create(&db, "big");
    create(&db, "small");
    let mut lengths = vec![409_593; 3];
    lengths.extend([20_000; 17]);
    let keys = put_items(&db, "big", &lengths);
    db.execute(
        "PutItem",
        json!({"TableName": "small", "Item": {"a": {"S": "x"}}}),
    )
    .unwrap();

    let out = db
        .execute(
            "BatchGetItem",
            json!({"RequestItems": {
                       "big": {"Keys": keys, "ConsistentRead": true},
                       "small": {"Keys": [{"a": {"S": "x"}}]}},
                   "ReturnConsumedCapacity": "TOTAL"}),
        )
        .unwrap();
    // 3 large and 11 small items (1,448,835 bytes) are read; the 12th small one would pass.
    assert_eq!(out["Responses"]["big"].as_array().unwrap().len(), 14);
    let unprocessed = &out["UnprocessedKeys"]["big"];
    assert_eq!(unprocessed["ConsistentRead"], json!(true));
    let left = unprocessed["Keys"].as_array().unwrap();
    assert_eq!(left.len(), 6);
    assert_eq!(left[0], json!({"a": {"S": "14"}}));
    assert!(out["UnprocessedKeys"].get("small").is_none());
    assert_eq!(out["Responses"]["small"].as_array().unwrap().len(), 1);

    let consumed = out["ConsumedCapacity"][0]["CapacityUnits"]
        .as_f64()
        .unwrap();
    assert_eq!(consumed, 3.0 * 100.0 + 11.0 * 5.0 + 6.0);
    // What the unprocessed keys would cost beyond the unit each already paid.
    let rest = 4.0 * left.len() as f64;
    assert_eq!(consumed + rest, 385.0);
}
