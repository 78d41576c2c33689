//! BatchGetItem stops at 16 MB of items over all its tables: the key whose item would cross
//! it and every key after it, of that table and the tables after it, come back in
//! UnprocessedKeys, with their entry's parameters, costing the minimum read each.

use cairn_dynamo::{Database, DatabaseOptions};
use serde_json::{json, Map, Value};

fn database() -> Database {
    Database::in_memory(DatabaseOptions::default()).expect("database")
}

#[test]
fn keys_past_16_mb_are_unprocessed() {
    let db = database();
    // 20 tables of 3 items of 330,000 bytes ("pk" + 2 + "b" + 329,995): 990,000 bytes per
    // table, under the 1 MB read from one table; 16 tables and two items of the 17th
    // (16,500,000 bytes) fit in 16,777,216, its third does not.
    let payload = "x".repeat(330_000 - 2 - 2 - 1);
    let mut request = Map::new();
    for t in 0..20 {
        let name = format!("t{t:02}");
        db.execute(
            "CreateTable",
            json!({"TableName": name, "BillingMode": "PAY_PER_REQUEST",
                   "AttributeDefinitions": [{"AttributeName": "pk", "AttributeType": "S"}],
                   "KeySchema": [{"AttributeName": "pk", "KeyType": "HASH"}]}),
        )
        .unwrap();
        let puts: Vec<Value> = (0..3)
            .map(|i| json!({"PutRequest": {"Item": {"pk": {"S": format!("{i:02}")}, "b": {"S": payload}}}}))
            .collect();
        db.execute(
            "BatchWriteItem",
            json!({"RequestItems": {name.clone(): puts}}),
        )
        .unwrap();
        let keys: Vec<Value> = (0..3)
            .map(|i| json!({"pk": {"S": format!("{i:02}")}}))
            .collect();
        request.insert(name, json!({"Keys": keys, "ConsistentRead": true}));
    }
    let out = db
        .execute(
            "BatchGetItem",
            json!({"RequestItems": request, "ReturnConsumedCapacity": "TOTAL"}),
        )
        .unwrap();
    let returned = |t: &str| out["Responses"][t].as_array().unwrap().len();
    for t in 0..16 {
        assert_eq!(returned(&format!("t{t:02}")), 3, "table {t}");
    }
    assert_eq!(returned("t16"), 2);
    for t in 17..20 {
        assert_eq!(returned(&format!("t{t:02}")), 0, "table {t}");
    }
    let unprocessed = &out["UnprocessedKeys"];
    assert_eq!(unprocessed.as_object().unwrap().len(), 4);
    assert_eq!(unprocessed["t16"]["ConsistentRead"], json!(true));
    assert_eq!(unprocessed["t16"]["Keys"], json!([{"pk": {"S": "02"}}]));
    assert_eq!(unprocessed["t19"]["Keys"].as_array().unwrap().len(), 3);
    // 330,000 bytes read consistently: 81 units; an unprocessed key: 1.
    let consumed = out["ConsumedCapacity"].as_array().unwrap();
    assert_eq!(consumed.len(), 20);
    assert_eq!(
        consumed[0],
        json!({"TableName": "t00", "CapacityUnits": 243.0})
    );
    assert_eq!(
        consumed[16],
        json!({"TableName": "t16", "CapacityUnits": 163.0})
    );
    assert_eq!(
        consumed[19],
        json!({"TableName": "t19", "CapacityUnits": 3.0})
    );
}
