//! A social graph in one table, each direction of a relation answered by one Query.
//!
//! Key design (an adjacency list): an entity is `content_type.entity_id` (`user.1`,
//! `artist.7`). "A is a fan of B" is stored twice, once per direction:
//!
//! | pk         | sk                   |
//! |------------|----------------------|
//! | `user.1`   | `FAN_OF.artist.7`    |
//! | `artist.7` | `FANNED_BY.user.1`   |
//!
//! so "what is user.1 a fan of" is `pk = user.1 AND begins_with(sk, FAN_OF.)`, narrowed to
//! one content type with `FAN_OF.artist.`, and "who are artist.7's fans" is `pk = artist.7
//! AND begins_with(sk, FANNED_BY.)`. Both come back in sort key order, page with `Limit`
//! and `ExclusiveStartKey` without leaving the prefix, and count with `Select: COUNT`.

use cairn_dynamo::{Database, DatabaseOptions};
use serde_json::{json, Value};

fn database() -> Database {
    Database::in_memory(DatabaseOptions::default()).expect("database")
}

/// Stores "`fan` is a fan of `of`" in both directions.
fn fan(db: &Database, fan: &str, of: &str) {
    for (pk, sk) in [
        (fan, format!("FAN_OF.{of}")),
        (of, format!("FANNED_BY.{fan}")),
    ] {
        db.execute(
            "PutItem",
            json!({"TableName": "graph", "Item": {
                "pk": {"S": pk}, "sk": {"S": sk}, "since": {"N": "2026"}
            }}),
        )
        .unwrap();
    }
}

fn graph() -> Database {
    let db = database();
    db.execute(
        "CreateTable",
        json!({"TableName": "graph", "BillingMode": "PAY_PER_REQUEST",
               "AttributeDefinitions": [{"AttributeName": "pk", "AttributeType": "S"},
                                        {"AttributeName": "sk", "AttributeType": "S"}],
               "KeySchema": [{"AttributeName": "pk", "KeyType": "HASH"},
                             {"AttributeName": "sk", "KeyType": "RANGE"}]}),
    )
    .unwrap();
    fan(&db, "user.1", "artist.7");
    fan(&db, "user.1", "artist.3");
    fan(&db, "user.1", "band.2");
    fan(&db, "user.2", "artist.7");
    fan(&db, "user.3", "artist.7");
    fan(&db, "artist.3", "artist.7");
    db
}

/// The sort keys of a Query on `pk` with `begins_with(sk, prefix)`, plus `extra` members.
fn query(db: &Database, pk: &str, prefix: &str, extra: Value) -> Value {
    let mut req = json!({
        "TableName": "graph",
        "KeyConditionExpression": "pk = :pk AND begins_with(sk, :prefix)",
        "ExpressionAttributeValues": {":pk": {"S": pk}, ":prefix": {"S": prefix}},
    });
    for (k, v) in extra.as_object().unwrap() {
        req[k] = v.clone();
    }
    db.execute("Query", req).unwrap()
}

fn sort_keys(resp: &Value) -> Vec<String> {
    resp["Items"]
        .as_array()
        .unwrap()
        .iter()
        .map(|i| i["sk"]["S"].as_str().unwrap().to_owned())
        .collect()
}

#[test]
fn what_an_entity_is_a_fan_of() {
    let db = graph();
    let all = query(&db, "user.1", "FAN_OF.", json!({}));
    assert_eq!(
        sort_keys(&all),
        ["FAN_OF.artist.3", "FAN_OF.artist.7", "FAN_OF.band.2"]
    );
    assert_eq!(all["Count"], 3);
    assert_eq!(all["ScannedCount"], 3);
    assert!(all.get("LastEvaluatedKey").is_none());
    // One content type only.
    let artists = query(&db, "user.1", "FAN_OF.artist.", json!({}));
    assert_eq!(sort_keys(&artists), ["FAN_OF.artist.3", "FAN_OF.artist.7"]);
    // The other direction's items of the same partition are not read.
    let artist3 = query(&db, "artist.3", "FAN_OF.", json!({}));
    assert_eq!(sort_keys(&artist3), ["FAN_OF.artist.7"]);
}

#[test]
fn who_is_a_fan_of_an_entity() {
    let db = graph();
    let fans = query(&db, "artist.7", "FANNED_BY.", json!({}));
    assert_eq!(
        sort_keys(&fans),
        [
            "FANNED_BY.artist.3",
            "FANNED_BY.user.1",
            "FANNED_BY.user.2",
            "FANNED_BY.user.3"
        ]
    );
    let user_fans = query(&db, "artist.7", "FANNED_BY.user.", json!({}));
    assert_eq!(user_fans["Count"], 3);
    let newest_first = query(
        &db,
        "artist.7",
        "FANNED_BY.user.",
        json!({"ScanIndexForward": false}),
    );
    assert_eq!(
        sort_keys(&newest_first),
        ["FANNED_BY.user.3", "FANNED_BY.user.2", "FANNED_BY.user.1"]
    );
    let counted = query(&db, "artist.7", "FANNED_BY.", json!({"Select": "COUNT"}));
    assert_eq!(counted, json!({"Count": 4, "ScannedCount": 4}));
    // Nobody is a fan of user.3, and user.3 is a fan of one artist.
    assert_eq!(query(&db, "user.3", "FANNED_BY.", json!({}))["Count"], 0);
    assert_eq!(query(&db, "user.3", "FAN_OF.", json!({}))["Count"], 1);
}

#[test]
fn fans_page_within_the_prefix() {
    let db = graph();
    let mut seen = Vec::new();
    let mut start: Option<Value> = None;
    loop {
        let mut extra = json!({"Limit": 2});
        if let Some(s) = &start {
            extra["ExclusiveStartKey"] = s.clone();
        }
        let page = query(&db, "artist.7", "FANNED_BY.", extra);
        seen.extend(sort_keys(&page));
        match page.get("LastEvaluatedKey") {
            Some(k) => {
                assert_eq!(k["pk"], json!({"S": "artist.7"}));
                start = Some(k.clone());
            }
            None => break,
        }
    }
    assert_eq!(
        seen,
        [
            "FANNED_BY.artist.3",
            "FANNED_BY.user.1",
            "FANNED_BY.user.2",
            "FANNED_BY.user.3"
        ]
    );
}

#[test]
fn a_relation_removed_in_both_directions_is_gone_from_both_queries() {
    let db = graph();
    for (pk, sk) in [
        ("user.2", "FAN_OF.artist.7"),
        ("artist.7", "FANNED_BY.user.2"),
    ] {
        db.execute(
            "DeleteItem",
            json!({"TableName": "graph", "Key": {"pk": {"S": pk}, "sk": {"S": sk}}}),
        )
        .unwrap();
    }
    assert_eq!(query(&db, "user.2", "FAN_OF.", json!({}))["Count"], 0);
    assert_eq!(
        sort_keys(&query(&db, "artist.7", "FANNED_BY.user.", json!({}))),
        ["FANNED_BY.user.1", "FANNED_BY.user.3"]
    );
}
