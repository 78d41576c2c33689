//! What a Query of a secondary index returns: a global index answers with what it projects
//! (and refuses `Select: ALL_ATTRIBUTES` unless it projects everything); a local index
//! fetches the table's item when asked for more than it projects, charging the table for
//! it; `LastEvaluatedKey` holds the index's and the table's key attributes.

use cairn_dynamo::{Database, DatabaseOptions};
use serde_json::{json, Value};

fn database() -> Database {
    let db = Database::in_memory(DatabaseOptions::default()).expect("database");
    db.execute(
        "CreateTable",
        json!({
            "TableName": "tbl", "BillingMode": "PAY_PER_REQUEST",
            "AttributeDefinitions": [
                {"AttributeName": "pk", "AttributeType": "S"},
                {"AttributeName": "sk", "AttributeType": "S"},
                {"AttributeName": "lsk", "AttributeType": "N"},
                {"AttributeName": "g", "AttributeType": "S"}],
            "KeySchema": [{"AttributeName": "pk", "KeyType": "HASH"},
                          {"AttributeName": "sk", "KeyType": "RANGE"}],
            "LocalSecondaryIndexes": [{
                "IndexName": "local", "Projection": {"ProjectionType": "KEYS_ONLY"},
                "KeySchema": [{"AttributeName": "pk", "KeyType": "HASH"},
                              {"AttributeName": "lsk", "KeyType": "RANGE"}]}],
            "GlobalSecondaryIndexes": [{
                "IndexName": "global",
                "Projection": {"ProjectionType": "INCLUDE", "NonKeyAttributes": ["kept"]},
                "KeySchema": [{"AttributeName": "g", "KeyType": "HASH"}]}]
        }),
    )
    .unwrap();
    for i in 0..3 {
        db.execute(
            "PutItem",
            json!({"TableName": "tbl", "Item": {
                "pk": {"S": "p"}, "sk": {"S": format!("s{i}")}, "lsk": {"N": (10 - i).to_string()},
                "g": {"S": "G"}, "kept": {"N": i.to_string()}, "extra": {"S": "x".repeat(5000)}
            }}),
        )
        .unwrap();
    }
    db
}

fn query(db: &Database, index: &str, extra: Value) -> Result<Value, String> {
    let (key, value) = if index == "local" {
        ("pk", "p")
    } else {
        ("g", "G")
    };
    let mut req = json!({"TableName": "tbl", "IndexName": index,
                         "KeyConditionExpression": format!("{key} = :v"),
                         "ExpressionAttributeValues": {":v": {"S": value}}});
    for (k, v) in extra.as_object().unwrap() {
        req[k] = v.clone();
    }
    db.execute("Query", req).map_err(|e| e.message)
}

fn names(item: &Value) -> Vec<&str> {
    item.as_object()
        .unwrap()
        .keys()
        .map(String::as_str)
        .collect()
}

#[test]
fn a_local_index_answers_with_its_projection_then_fetches() {
    let db = database();
    let projected = query(&db, "local", json!({})).unwrap();
    let items = projected["Items"].as_array().unwrap();
    // Sort key order of the index: lsk 8, 9, 10.
    assert_eq!(items[0]["sk"], json!({"S": "s2"}));
    assert_eq!(names(&items[0]), ["lsk", "pk", "sk"]);
    let all = query(
        &db,
        "local",
        json!({"Select": "ALL_ATTRIBUTES", "ReturnConsumedCapacity": "INDEXES",
               "ConsistentRead": true}),
    )
    .unwrap();
    let items = all["Items"].as_array().unwrap();
    assert_eq!(names(&items[0]), ["extra", "g", "kept", "lsk", "pk", "sk"]);
    let capacity = &all["ConsumedCapacity"];
    assert_eq!(
        capacity["LocalSecondaryIndexes"]["local"]["CapacityUnits"],
        1.0
    );
    // Three items of about 5 KB: 4 units from the table.
    assert_eq!(capacity["Table"]["CapacityUnits"], 4.0);
    assert_eq!(capacity["CapacityUnits"], 5.0);
    // A projection of an attribute the index lacks fetches too.
    let kept = query(&db, "local", json!({"ProjectionExpression": "kept, sk"})).unwrap();
    assert_eq!(
        kept["Items"][0],
        json!({"kept": {"N": "2"}, "sk": {"S": "s2"}})
    );
}

#[test]
fn a_global_index_answers_with_what_it_projects() {
    let db = database();
    let page = query(&db, "global", json!({})).unwrap();
    for item in page["Items"].as_array().unwrap() {
        assert_eq!(names(item), ["g", "kept", "pk", "sk"]);
    }
    let projected = query(
        &db,
        "global",
        json!({"ProjectionExpression": "extra, kept"}),
    )
    .unwrap();
    assert_eq!(projected["Count"], 3);
    for item in projected["Items"].as_array().unwrap() {
        assert_eq!(names(item), ["kept"]);
    }
    assert_eq!(
        query(&db, "global", json!({"Select": "ALL_ATTRIBUTES"})).unwrap_err(),
        "One or more parameter values were invalid: Select type ALL_ATTRIBUTES is not \
         supported for global secondary index global because its projection type is not ALL"
    );
    assert_eq!(
        query(&db, "global", json!({"ConsistentRead": true})).unwrap_err(),
        "Consistent reads are not supported on global secondary indexes"
    );
    assert_eq!(
        query(&db, "nope", json!({})).unwrap_err(),
        "The table does not have the specified index: nope"
    );
}

#[test]
fn index_pages_resume_from_keys_with_both_schemas() {
    let db = database();
    let mut seen = Vec::new();
    let mut start: Option<Value> = None;
    loop {
        let mut extra = json!({"Limit": 1});
        if let Some(s) = start.take() {
            extra["ExclusiveStartKey"] = s;
        }
        let page = query(&db, "global", extra).unwrap();
        for item in page["Items"].as_array().unwrap() {
            seen.push(item["sk"]["S"].as_str().unwrap().to_owned());
        }
        match page.get("LastEvaluatedKey") {
            Some(k) => {
                assert_eq!(names(k), ["pk", "sk", "g"]);
                start = Some(k.clone());
            }
            None => break,
        }
    }
    seen.sort();
    assert_eq!(seen, ["s0", "s1", "s2"]);
}

#[test]
fn a_local_index_filtered_on_an_attribute_it_lacks_still_answers_with_its_projection() {
    let db = database();
    let page = query(
        &db,
        "local",
        json!({"FilterExpression": "kept >= :one",
               "ExpressionAttributeValues": {":v": {"S": "p"}, ":one": {"N": "1"}}}),
    )
    .unwrap();
    assert_eq!(page["Count"], 2);
    assert_eq!(page["ScannedCount"], 3);
    for item in page["Items"].as_array().unwrap() {
        assert_eq!(names(item), ["lsk", "pk", "sk"]);
    }
}
