//! `ClientRequestToken`: a repeated TransactWriteItems with the same token and request
//! succeeds without writing again (and reports reading, not writing); the same token with
//! another request is an IdempotentParameterMismatchException; concurrent calls with one
//! token write once.

use std::sync::Arc;

use cairn_dynamo::{Database, DatabaseOptions, ErrorKind};
use serde_json::{json, Value};

fn database() -> Database {
    let db = Database::in_memory(DatabaseOptions::default()).expect("database");
    db.execute(
        "CreateTable",
        json!({"TableName": "tbl",
               "AttributeDefinitions": [{"AttributeName": "pk", "AttributeType": "S"}],
               "KeySchema": [{"AttributeName": "pk", "KeyType": "HASH"}],
               "BillingMode": "PAY_PER_REQUEST"}),
    )
    .expect("create table");
    db
}

fn increment(token: &str, by: &str) -> Value {
    json!({"ClientRequestToken": token, "ReturnConsumedCapacity": "TOTAL",
           "TransactItems": [{"Update": {"TableName": "tbl", "Key": {"pk": {"S": "c"}},
               "UpdateExpression": "ADD n :by",
               "ExpressionAttributeValues": {":by": {"N": by}}}}]})
}

fn counter(db: &Database) -> Value {
    db.execute(
        "GetItem",
        json!({"TableName": "tbl", "Key": {"pk": {"S": "c"}}}),
    )
    .unwrap()["Item"]["n"]
        .clone()
}

#[test]
fn a_replay_writes_nothing() {
    let db = database();
    let first = db
        .execute("TransactWriteItems", increment("tok", "1"))
        .unwrap();
    assert_eq!(
        first["ConsumedCapacity"],
        json!([{"TableName": "tbl", "CapacityUnits": 2.0, "WriteCapacityUnits": 2.0}])
    );
    let again = db
        .execute("TransactWriteItems", increment("tok", "1"))
        .unwrap();
    assert_eq!(
        again["ConsumedCapacity"],
        json!([{"TableName": "tbl", "CapacityUnits": 2.0, "ReadCapacityUnits": 2.0}])
    );
    assert_eq!(counter(&db), json!({"N": "1"}));

    let e = db
        .execute("TransactWriteItems", increment("tok", "2"))
        .expect_err("another request");
    assert_eq!(e.kind, ErrorKind::IdempotentParameterMismatch);
    assert_eq!(counter(&db), json!({"N": "1"}));

    db.execute("TransactWriteItems", increment("other", "2"))
        .unwrap();
    assert_eq!(counter(&db), json!({"N": "3"}));
}

#[test]
fn a_failed_call_does_not_use_up_its_token() {
    let db = database();
    let guarded = |token: &str| {
        json!({"ClientRequestToken": token, "TransactItems": [{"Put": {"TableName": "tbl",
            "Item": {"pk": {"S": "c"}}, "ConditionExpression": "attribute_exists(pk)"}}]})
    };
    let e = db
        .execute("TransactWriteItems", guarded("tok"))
        .expect_err("no item yet");
    assert_eq!(e.kind, ErrorKind::TransactionCanceled);
    db.execute(
        "PutItem",
        json!({"TableName": "tbl", "Item": {"pk": {"S": "c"}}}),
    )
    .unwrap();
    db.execute("TransactWriteItems", guarded("tok")).unwrap();
}

#[test]
fn concurrent_calls_with_one_token_write_once() {
    let db = Arc::new(database());
    let threads: Vec<_> = (0..8)
        .map(|_| {
            let db = db.clone();
            std::thread::spawn(move || db.execute("TransactWriteItems", increment("race", "1")))
        })
        .collect();
    for t in threads {
        t.join().unwrap().expect("every call succeeds");
    }
    assert_eq!(counter(&db), json!({"N": "1"}));
}
