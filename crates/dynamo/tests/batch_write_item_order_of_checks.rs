//! BatchWriteItem's order of checks: the request alone (request count, write request
//! shape, values and item size), then the table, then each request's key against the
//! schema, then duplicates.

use cairn_dynamo::{Database, DatabaseOptions, ErrorKind};
use serde_json::{json, Value};

fn database() -> Database {
    let db = Database::in_memory(DatabaseOptions::default()).expect("database");
    db.execute(
        "CreateTable",
        json!({"TableName": "range", "BillingMode": "PAY_PER_REQUEST",
               "AttributeDefinitions": [
                   {"AttributeName": "a", "AttributeType": "S"},
                   {"AttributeName": "b", "AttributeType": "S"},
                   {"AttributeName": "c", "AttributeType": "S"}],
               "KeySchema": [{"AttributeName": "a", "KeyType": "HASH"},
                             {"AttributeName": "b", "KeyType": "RANGE"}],
               "LocalSecondaryIndexes": [{"IndexName": "index1",
                   "KeySchema": [{"AttributeName": "a", "KeyType": "HASH"},
                                 {"AttributeName": "c", "KeyType": "RANGE"}],
                   "Projection": {"ProjectionType": "ALL"}}]}),
    )
    .unwrap();
    db
}

fn error(db: &Database, request_items: Value) -> (ErrorKind, String) {
    let e = db
        .execute("BatchWriteItem", json!({ "RequestItems": request_items }))
        .unwrap_err();
    (e.kind, e.message)
}

fn validation(message: &str) -> (ErrorKind, String) {
    (ErrorKind::Validation, message.to_owned())
}

const MISMATCH: &str = "The provided key element does not match the schema";
const DUPLICATES: &str = "Provided list of item keys contains duplicates";

#[test]
fn the_table_comes_before_duplicates() {
    let db = database();
    let item = json!({"a": {"S": "x"}, "b": {"S": "y"}});
    assert_eq!(
        error(
            &db,
            json!({"nope": [{"PutRequest": {"Item": item}}, {"DeleteRequest": {"Key": item}}]})
        ),
        (
            ErrorKind::ResourceNotFound,
            "Requested resource not found".to_owned()
        )
    );
}

#[test]
fn a_put_and_a_delete_of_one_item_are_duplicates() {
    let db = database();
    let key = json!({"a": {"S": "x"}, "b": {"S": "y"}});
    let item = json!({"a": {"S": "x"}, "b": {"S": "y"}, "z": {"N": "1"}});
    for list in [
        json!([{"PutRequest": {"Item": item}}, {"DeleteRequest": {"Key": key}}]),
        json!([{"DeleteRequest": {"Key": key}}, {"PutRequest": {"Item": item}}]),
    ] {
        assert_eq!(error(&db, json!({ "range": list })), validation(DUPLICATES));
    }
}

#[test]
fn a_put_without_its_key_does_not_match_the_schema() {
    let db = database();
    for item in [
        json!({"a": {"S": "x"}}),
        json!({"a": {"S": "x"}, "b": {"N": "1"}}),
        json!({"b": {"S": "x"}}),
    ] {
        assert_eq!(
            error(&db, json!({"range": [{"PutRequest": {"Item": item}}]})),
            validation(MISMATCH)
        );
    }
}

#[test]
fn index_key_types_and_key_sizes_are_checked() {
    let db = database();
    assert_eq!(
        error(
            &db,
            json!({"range": [{"PutRequest": {"Item":
                {"a": {"S": "x"}, "b": {"S": "y"}, "c": {"N": "1"}}}}]})
        ),
        validation(
            "One or more parameter values were invalid: Type mismatch for Index Key c \
             Expected: S Actual: N IndexName: index1"
        )
    );
    assert_eq!(
        error(
            &db,
            json!({"range": [{"DeleteRequest": {"Key":
                {"a": {"S": "x"}, "b": {"S": "y".repeat(1025)}}}}]})
        ),
        validation(
            "One or more parameter values were invalid: Aggregated size of all range keys \
             has exceeded the size limit of 1024 bytes"
        )
    );
}

#[test]
fn an_invalid_request_before_a_duplicate_is_reported_first() {
    let db = database();
    let key = json!({"a": {"S": "x"}, "b": {"S": "y"}});
    assert_eq!(
        error(
            &db,
            json!({"range": [
                {"DeleteRequest": {"Key": key}},
                {"DeleteRequest": {"Key": {"a": {"S": "x"}}}},
                {"DeleteRequest": {"Key": key}},
            ]})
        ),
        validation(MISMATCH)
    );
}

#[test]
fn nothing_is_written_when_a_later_request_fails() {
    let db = database();
    let good = json!({"a": {"S": "x"}, "b": {"S": "y"}});
    let (kind, _) = error(
        &db,
        json!({"range": [{"PutRequest": {"Item": good}},
                         {"PutRequest": {"Item": {"a": {"S": "x"}}}}]}),
    );
    assert_eq!(kind, ErrorKind::Validation);
    let out = db
        .execute("GetItem", json!({"TableName": "range", "Key": good}))
        .unwrap();
    assert_eq!(out, json!({}));
}
