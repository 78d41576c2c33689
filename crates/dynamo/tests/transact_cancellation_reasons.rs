//! The cancellation reasons of a TransactionCanceledException: one per action, in request
//! order, `None` for the actions that would have succeeded, the failed item when asked
//! with `ReturnValuesOnConditionCheckFailure: ALL_OLD`; and what fails the request instead.

use cairn_dynamo::{Database, DatabaseOptions, DynamoError, ErrorKind};
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
    db.execute(
        "PutItem",
        json!({"TableName": "tbl", "Item": {"pk": {"S": "x"}, "v": {"S": "old"}}}),
    )
    .unwrap();
    db
}

fn put_if_absent(pk: &str, all_old: bool) -> Value {
    let mut put = json!({"TableName": "tbl", "Item": {"pk": {"S": pk}},
                         "ConditionExpression": "attribute_not_exists(pk)"});
    if all_old {
        put["ReturnValuesOnConditionCheckFailure"] = json!("ALL_OLD");
    }
    json!({"Put": put})
}

fn transact(db: &Database, items: Vec<Value>) -> DynamoError {
    db.execute("TransactWriteItems", json!({"TransactItems": items}))
        .expect_err("an error")
}

#[test]
fn one_reason_per_action_in_order() {
    let db = database();
    let e = transact(
        &db,
        vec![
            put_if_absent("fresh", false),
            put_if_absent("x", true),
            json!({"Delete": {"TableName": "tbl", "Key": {"pk": {"N": "1"}}}}),
        ],
    );
    assert_eq!(e.kind, ErrorKind::TransactionCanceled);
    assert_eq!(
        e.message,
        "Transaction cancelled, please refer cancellation reasons for specific reasons [None, ConditionalCheckFailed, ValidationError]"
    );
    let r = &e.cancellation_reasons;
    assert_eq!(r.len(), 3);
    assert_eq!(
        (r[0].code.as_str(), r[0].message.as_deref()),
        ("None", None)
    );
    assert_eq!(
        r[1].message.as_deref(),
        Some("The conditional request failed")
    );
    let item = r[1].item.as_ref().expect("ALL_OLD returns the item");
    assert_eq!(item.len(), 2);
    assert_eq!(
        r[2].message.as_deref(),
        Some("The provided key element does not match the schema")
    );
}

#[test]
fn the_item_only_when_asked() {
    let db = database();
    let e = transact(&db, vec![put_if_absent("x", false)]);
    assert_eq!(e.cancellation_reasons[0].item, None);
}

#[test]
fn a_put_with_a_key_of_the_wrong_type_is_a_reason() {
    let db = database();
    let e = transact(
        &db,
        vec![json!({"Put": {"TableName": "tbl", "Item": {"pk": {"N": "1"}}}})],
    );
    assert_eq!(e.kind, ErrorKind::TransactionCanceled);
    assert_eq!(
        e.cancellation_reasons[0].message.as_deref(),
        Some("One or more parameter values were invalid: Type mismatch for key pk expected: S actual: N")
    );
}

#[test]
fn request_level_failures() {
    let db = database();
    let twice = transact(
        &db,
        vec![
            json!({"Put": {"TableName": "tbl", "Item": {"pk": {"S": "x"}}}}),
            json!({"ConditionCheck": {"TableName": "tbl", "Key": {"pk": {"S": "x"}},
                                      "ConditionExpression": "attribute_exists(pk)"}}),
        ],
    );
    assert_eq!(
        (twice.kind, twice.message.as_str()),
        (
            ErrorKind::Validation,
            "Transaction request cannot include multiple operations on one item"
        )
    );
    let empty = transact(
        &db,
        vec![json!({"Delete": {"TableName": "tbl", "Key": {"pk": {"S": ""}}}})],
    );
    assert_eq!(empty.kind, ErrorKind::Validation);
    let missing = transact(
        &db,
        vec![json!({"Put": {"TableName": "nope_table", "Item": {"pk": {"S": "x"}}}})],
    );
    assert_eq!(missing.kind, ErrorKind::ResourceNotFound);
    let syntax = transact(
        &db,
        vec![
            json!({"ConditionCheck": {"TableName": "tbl", "Key": {"pk": {"S": "x"}},
                                       "ConditionExpression": "!!"}}),
        ],
    );
    assert_eq!(syntax.kind, ErrorKind::Validation);
}

#[test]
fn transact_get_reports_a_bad_key_as_a_reason() {
    let db = database();
    let e = db
        .execute(
            "TransactGetItems",
            json!({"TransactItems": [
                {"Get": {"TableName": "tbl", "Key": {"pk": {"S": "x"}}}},
                {"Get": {"TableName": "tbl", "Key": {}}},
            ]}),
        )
        .expect_err("cancelled");
    let codes: Vec<&str> = e
        .cancellation_reasons
        .iter()
        .map(|r| r.code.as_str())
        .collect();
    assert_eq!(codes, ["None", "ValidationError"]);
}
