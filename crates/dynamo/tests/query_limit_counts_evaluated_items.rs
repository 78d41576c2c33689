//! `Limit` counts the items a Query reads, before the filter: a page of `Limit` items read
//! may return fewer (`Count` < `ScannedCount`), and ends with `LastEvaluatedKey` even when
//! nothing follows; a `Limit` above what remains ends the query. Pages resume in either
//! direction, and a start key outside the key condition is refused.

use cairn_dynamo::{Database, DatabaseOptions};
use serde_json::{json, Value};

fn database() -> Database {
    let db = Database::in_memory(DatabaseOptions::default()).expect("database");
    db.execute(
        "CreateTable",
        json!({"TableName": "tbl", "BillingMode": "PAY_PER_REQUEST",
               "AttributeDefinitions": [{"AttributeName": "pk", "AttributeType": "S"},
                                        {"AttributeName": "n", "AttributeType": "N"}],
               "KeySchema": [{"AttributeName": "pk", "KeyType": "HASH"},
                             {"AttributeName": "n", "KeyType": "RANGE"}]}),
    )
    .unwrap();
    for n in 1..=10 {
        db.execute(
            "PutItem",
            json!({"TableName": "tbl", "Item": {"pk": {"S": "p"}, "n": {"N": n.to_string()},
                                              "even": {"BOOL": n % 2 == 0}}}),
        )
        .unwrap();
    }
    db
}

fn query(db: &Database, extra: Value) -> Value {
    let mut req = json!({"TableName": "tbl", "KeyConditionExpression": "pk = :p",
                         "ExpressionAttributeValues": {":p": {"S": "p"}}});
    for (k, v) in extra.as_object().unwrap() {
        if k == "ExpressionAttributeValues" {
            for (vk, vv) in v.as_object().unwrap() {
                req[k][vk] = vv.clone();
            }
        } else {
            req[k] = v.clone();
        }
    }
    db.execute("Query", req).unwrap()
}

fn numbers(page: &Value) -> Vec<u64> {
    page["Items"]
        .as_array()
        .unwrap()
        .iter()
        .map(|i| i["n"]["N"].as_str().unwrap().parse().unwrap())
        .collect()
}

#[test]
fn limit_counts_items_before_the_filter() {
    let db = database();
    let page = query(
        &db,
        json!({"Limit": 3, "FilterExpression": "even = :t",
               "ExpressionAttributeValues": {":t": {"BOOL": true}}}),
    );
    assert_eq!(numbers(&page), [2]);
    assert_eq!(page["Count"], 1);
    assert_eq!(page["ScannedCount"], 3);
    assert_eq!(
        page["LastEvaluatedKey"],
        json!({"pk": {"S": "p"}, "n": {"N": "3"}})
    );
}

#[test]
fn a_limit_reached_exactly_still_returns_a_key() {
    let db = database();
    let page = query(&db, json!({"Limit": 10}));
    assert_eq!(page["Count"], 10);
    assert_eq!(page["LastEvaluatedKey"]["n"], json!({"N": "10"}));
    let next = query(
        &db,
        json!({"Limit": 10, "ExclusiveStartKey": page["LastEvaluatedKey"].clone()}),
    );
    assert_eq!(next["Count"], 0);
    assert!(next.get("LastEvaluatedKey").is_none());
    assert!(query(&db, json!({"Limit": 11}))
        .get("LastEvaluatedKey")
        .is_none());
}

#[test]
fn pages_resume_in_both_directions() {
    let db = database();
    for forward in [true, false] {
        let mut seen = Vec::new();
        let mut start: Option<Value> = None;
        loop {
            let mut extra = json!({"Limit": 4, "ScanIndexForward": forward});
            if let Some(s) = start.take() {
                extra["ExclusiveStartKey"] = s;
            }
            let page = query(&db, extra);
            seen.extend(numbers(&page));
            match page.get("LastEvaluatedKey") {
                Some(k) => start = Some(k.clone()),
                None => break,
            }
        }
        let mut expected: Vec<u64> = (1..=10).collect();
        if !forward {
            expected.reverse();
        }
        assert_eq!(seen, expected);
    }
}

#[test]
fn start_keys_outside_the_condition_are_refused() {
    let db = database();
    let message = |req: Value| db.execute("Query", req).unwrap_err().message;
    assert_eq!(
        message(
            json!({"TableName": "tbl", "KeyConditionExpression": "pk = :p",
                       "ExpressionAttributeValues": {":p": {"S": "p"}},
                       "ExclusiveStartKey": {"pk": {"S": "q"}, "n": {"N": "1"}}})
        ),
        "The provided starting key is outside query boundaries based on provided conditions"
    );
    assert_eq!(
        message(
            json!({"TableName": "tbl", "KeyConditionExpression": "pk = :p AND n > :n",
                       "ExpressionAttributeValues": {":p": {"S": "p"}, ":n": {"N": "5"}},
                       "ExclusiveStartKey": {"pk": {"S": "p"}, "n": {"N": "1"}}})
        ),
        "The provided starting key does not match the range key predicate"
    );
    assert_eq!(
        message(
            json!({"TableName": "tbl", "KeyConditionExpression": "pk = :p",
                       "ExpressionAttributeValues": {":p": {"S": "p"}},
                       "ExclusiveStartKey": {"pk": {"S": "p"}}})
        ),
        "The provided starting key is invalid"
    );
    assert_eq!(
        message(
            json!({"TableName": "tbl", "KeyConditionExpression": "pk = :p",
                       "ExpressionAttributeValues": {":p": {"S": "p"}},
                       "ExclusiveStartKey": {"pk": {"S": "p"}, "n": {"S": "1"}}})
        ),
        "The provided key element does not match the schema"
    );
}
