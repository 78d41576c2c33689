//! Transactions in isolation: threads moving amounts between two items (in two tables)
//! with TransactWriteItems never lose or create any, and a TransactGetItems of both items
//! always sees a constant sum, whatever runs meanwhile.

use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::Arc;

use cairn_dynamo::{Database, DatabaseOptions};
use serde_json::{json, Value};

const START: i64 = 1000;

fn database() -> Database {
    let db = Database::in_memory(DatabaseOptions::default()).expect("database");
    for table in ["t_a", "t_b"] {
        db.execute(
            "CreateTable",
            json!({"TableName": table,
                   "AttributeDefinitions": [{"AttributeName": "pk", "AttributeType": "S"}],
                   "KeySchema": [{"AttributeName": "pk", "KeyType": "HASH"}],
                   "BillingMode": "PAY_PER_REQUEST"}),
        )
        .expect("create table");
        db.execute(
            "PutItem",
            json!({"TableName": table,
                   "Item": {"pk": {"S": "acct"}, "balance": {"N": START.to_string()}}}),
        )
        .unwrap();
    }
    db
}

/// Moves `amount` from `from` to `to` if `from` has it; false if it had not.
fn transfer(db: &Database, from: &str, to: &str, amount: i64) -> bool {
    let r = db.execute(
        "TransactWriteItems",
        json!({"TransactItems": [
            {"Update": {"TableName": from, "Key": {"pk": {"S": "acct"}},
                        "UpdateExpression": "SET balance = balance - :x",
                        "ConditionExpression": "balance >= :x",
                        "ExpressionAttributeValues": {":x": {"N": amount.to_string()}}}},
            {"Update": {"TableName": to, "Key": {"pk": {"S": "acct"}},
                        "UpdateExpression": "SET balance = balance + :x",
                        "ExpressionAttributeValues": {":x": {"N": amount.to_string()}}}},
        ]}),
    );
    match r {
        Ok(_) => true,
        Err(e) if e.kind == cairn_dynamo::ErrorKind::TransactionCanceled => false,
        Err(e) => panic!("unexpected error: {e}"),
    }
}

fn balance(response: &Value) -> i64 {
    response["Item"]["balance"]["N"]
        .as_str()
        .expect("a balance")
        .parse()
        .expect("a number")
}

fn sum(db: &Database) -> i64 {
    let out = db
        .execute(
            "TransactGetItems",
            json!({"TransactItems": [
                {"Get": {"TableName": "t_a", "Key": {"pk": {"S": "acct"}}}},
                {"Get": {"TableName": "t_b", "Key": {"pk": {"S": "acct"}}}},
            ]}),
        )
        .unwrap();
    balance(&out["Responses"][0]) + balance(&out["Responses"][1])
}

#[test]
fn transfers_keep_the_sum() {
    let db = Arc::new(database());
    let stop = Arc::new(AtomicBool::new(false));
    let reader = {
        let (db, stop) = (db.clone(), stop.clone());
        std::thread::spawn(move || {
            let mut reads = 0;
            while !stop.load(Ordering::Relaxed) {
                assert_eq!(sum(&db), 2 * START);
                reads += 1;
            }
            reads
        })
    };
    let writers: Vec<_> = (0..4)
        .map(|w| {
            let db = db.clone();
            std::thread::spawn(move || {
                let mut moved = 0;
                for i in 0..150 {
                    let (from, to) = if (w + i) % 2 == 0 {
                        ("t_a", "t_b")
                    } else {
                        ("t_b", "t_a")
                    };
                    if transfer(&db, from, to, 1 + (i % 7) as i64) {
                        moved += 1;
                    }
                }
                moved
            })
        })
        .collect();
    let moved: i32 = writers.into_iter().map(|w| w.join().unwrap()).sum();
    stop.store(true, Ordering::Relaxed);
    let reads = reader.join().unwrap();
    assert!(moved > 0 && reads > 0);
    assert_eq!(sum(&db), 2 * START);
}

#[test]
fn an_overdraft_is_cancelled() {
    let db = database();
    assert!(!transfer(&db, "t_a", "t_b", START + 1));
    assert!(transfer(&db, "t_a", "t_b", START));
    assert_eq!(sum(&db), 2 * START);
}
