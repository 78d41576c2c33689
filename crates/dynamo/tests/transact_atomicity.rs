//! A TransactWriteItems whose one action fails writes nothing, over two tables; one whose
//! actions all succeed writes everything.

use cairn_dynamo::{Database, DatabaseOptions, ErrorKind};
use serde_json::{json, Value};

fn database() -> Database {
    Database::in_memory(DatabaseOptions::default()).expect("database")
}

fn create(db: &Database, name: &str) {
    db.execute(
        "CreateTable",
        json!({"TableName": name,
               "AttributeDefinitions": [{"AttributeName": "pk", "AttributeType": "S"}],
               "KeySchema": [{"AttributeName": "pk", "KeyType": "HASH"}],
               "BillingMode": "PAY_PER_REQUEST"}),
    )
    .expect("create table");
}

fn get(db: &Database, table: &str, pk: &str) -> Option<Value> {
    db.execute(
        "GetItem",
        json!({"TableName": table, "Key": {"pk": {"S": pk}}}),
    )
    .unwrap()
    .get("Item")
    .cloned()
}

fn actions(check: &str) -> Value {
    json!({"TransactItems": [
        {"Put": {"TableName": "t_a", "Item": {"pk": {"S": "new"}, "v": {"N": "1"}}}},
        {"Update": {"TableName": "t_b", "Key": {"pk": {"S": "counter"}},
                    "UpdateExpression": "ADD n :one",
                    "ExpressionAttributeValues": {":one": {"N": "1"}}}},
        {"Delete": {"TableName": "t_a", "Key": {"pk": {"S": "old"}}}},
        {"ConditionCheck": {"TableName": "t_b", "Key": {"pk": {"S": "flag"}},
                            "ConditionExpression": "v = :v",
                            "ExpressionAttributeValues": {":v": {"S": check}}}},
    ]})
}

#[test]
fn a_failing_condition_writes_nothing() {
    let db = database();
    create(&db, "t_a");
    create(&db, "t_b");
    for (table, item) in [
        ("t_a", json!({"pk": {"S": "old"}})),
        ("t_b", json!({"pk": {"S": "counter"}, "n": {"N": "5"}})),
        ("t_b", json!({"pk": {"S": "flag"}, "v": {"S": "on"}})),
    ] {
        db.execute("PutItem", json!({"TableName": table, "Item": item}))
            .unwrap();
    }

    let e = db
        .execute("TransactWriteItems", actions("off"))
        .expect_err("the check fails");
    assert_eq!(e.kind, ErrorKind::TransactionCanceled);
    assert_eq!(get(&db, "t_a", "new"), None);
    assert!(get(&db, "t_a", "old").is_some());
    assert_eq!(get(&db, "t_b", "counter").unwrap()["n"], json!({"N": "5"}));

    let out = db.execute("TransactWriteItems", actions("on")).unwrap();
    assert_eq!(out, json!({}));
    assert!(get(&db, "t_a", "new").is_some());
    assert_eq!(get(&db, "t_a", "old"), None);
    assert_eq!(get(&db, "t_b", "counter").unwrap()["n"], json!({"N": "6"}));
}

#[test]
fn a_failing_update_writes_nothing() {
    let db = database();
    create(&db, "t_a");
    create(&db, "t_b");
    db.execute(
        "PutItem",
        json!({"TableName": "t_b", "Item": {"pk": {"S": "counter"}, "n": {"S": "text"}}}),
    )
    .unwrap();
    // ADD to a string fails when the item is read: a ValidationError reason, not a
    // ValidationException.
    let e = db
        .execute("TransactWriteItems", actions("on"))
        .expect_err("the update fails");
    assert_eq!(e.kind, ErrorKind::TransactionCanceled);
    let codes: Vec<&str> = e
        .cancellation_reasons
        .iter()
        .map(|r| r.code.as_str())
        .collect();
    assert_eq!(
        codes,
        ["None", "ValidationError", "None", "ConditionalCheckFailed"]
    );
    assert_eq!(get(&db, "t_a", "new"), None);
}
