//! A parallel Scan: the segments of one `TotalSegments` split the table's items between
//! them, each item in exactly one segment; each segment pages on its own; a start key from
//! another segment is refused.

use std::collections::BTreeSet;

use cairn_dynamo::{Database, DatabaseOptions};
use serde_json::{json, Value};

fn database() -> Database {
    let db = Database::in_memory(DatabaseOptions::default()).expect("database");
    db.execute(
        "CreateTable",
        json!({"TableName": "tbl", "BillingMode": "PAY_PER_REQUEST",
               "AttributeDefinitions": [{"AttributeName": "id", "AttributeType": "S"}],
               "KeySchema": [{"AttributeName": "id", "KeyType": "HASH"}]}),
    )
    .unwrap();
    for i in 0..200 {
        db.execute(
            "PutItem",
            json!({"TableName": "tbl", "Item": {"id": {"S": format!("item-{i}")}}}),
        )
        .unwrap();
    }
    db
}

/// Every id of segment `segment` of `total`, read `limit` items a page.
fn segment_ids(db: &Database, segment: u64, total: u64, limit: u64) -> Vec<String> {
    let mut ids = Vec::new();
    let mut start: Option<Value> = None;
    loop {
        let mut req = json!({"TableName": "tbl", "Segment": segment, "TotalSegments": total,
                             "Limit": limit});
        if let Some(s) = start.take() {
            req["ExclusiveStartKey"] = s;
        }
        let page = db.execute("Scan", req).unwrap();
        assert!(page["Count"].as_u64().unwrap() <= limit);
        for item in page["Items"].as_array().unwrap() {
            ids.push(item["id"]["S"].as_str().unwrap().to_owned());
        }
        match page.get("LastEvaluatedKey") {
            Some(k) => start = Some(k.clone()),
            None => return ids,
        }
    }
}

#[test]
fn segments_cover_every_item_once() {
    let db = database();
    let whole = segment_ids(&db, 0, 1, 1000);
    assert_eq!(whole.len(), 200);
    let mut seen = BTreeSet::new();
    let mut non_empty = 0;
    for segment in 0..4 {
        let ids = segment_ids(&db, segment, 4, 7);
        non_empty += usize::from(!ids.is_empty());
        for id in ids {
            assert!(seen.insert(id), "an item in two segments");
        }
    }
    assert_eq!(seen.len(), 200);
    assert!(non_empty >= 3, "200 items should spread over the segments");
    // Segments in order read the items in the order of a whole scan.
    let in_order: Vec<String> = (0..4).flat_map(|s| segment_ids(&db, s, 4, 50)).collect();
    assert_eq!(in_order, whole);
}

#[test]
fn a_start_key_from_another_segment_is_refused() {
    let db = database();
    let first = db
        .execute(
            "Scan",
            json!({"TableName": "tbl", "Segment": 1, "TotalSegments": 2, "Limit": 1}),
        )
        .unwrap();
    let key = first["LastEvaluatedKey"].clone();
    assert!(key.is_object());
    let err = db
        .execute(
            "Scan",
            json!({"TableName": "tbl", "Segment": 0, "TotalSegments": 2,
                   "ExclusiveStartKey": key}),
        )
        .unwrap_err();
    assert_eq!(
        err.message,
        "The provided starting key is invalid: Invalid ExclusiveStartKey. Please use \
         ExclusiveStartKey with correct Segment. TotalSegments: 2 Segment: 0"
    );
}

#[test]
fn segment_parameters_go_together() {
    let db = database();
    let message = |req: Value| db.execute("Scan", req).unwrap_err().message;
    assert_eq!(
        message(json!({"TableName": "tbl", "Segment": 0})),
        "The TotalSegments parameter is required but was not present in the request when \
         Segment parameter is present"
    );
    assert_eq!(
        message(json!({"TableName": "tbl", "TotalSegments": 3})),
        "The Segment parameter is required but was not present in the request when parameter \
         TotalSegments is present"
    );
    assert_eq!(
        message(json!({"TableName": "tbl", "Segment": 3, "TotalSegments": 3})),
        "The Segment parameter is zero-based and must be less than parameter TotalSegments: \
         Segment: 3 is not less than TotalSegments: 3"
    );
}
