//! TagResource, UntagResource and ListTagsOfResource on a table's ARN: tags in the order
//! first added, re-tagging replaces a value, untagging a missing key is no error, at most
//! 50 tags; DynamoDB's answers for bad ARNs and missing tables.

use cairn_dynamo::{Database, DatabaseOptions};
use serde_json::{json, Value};

const ARN: &str = "arn:aws:dynamodb:us-east-1:000000000000:table/tbl";

fn database() -> Database {
    let db = Database::in_memory(DatabaseOptions::default()).expect("database");
    db.execute(
        "CreateTable",
        json!({"TableName": "tbl", "BillingMode": "PAY_PER_REQUEST",
               "AttributeDefinitions": [{"AttributeName": "pk", "AttributeType": "S"}],
               "KeySchema": [{"AttributeName": "pk", "KeyType": "HASH"}],
               "Tags": [{"Key": "first", "Value": "1"}]}),
    )
    .unwrap();
    db
}

fn tags(db: &Database) -> Value {
    db.execute("ListTagsOfResource", json!({"ResourceArn": ARN}))
        .unwrap()
}

#[test]
fn tag_retag_untag() {
    let db = database();
    assert_eq!(tags(&db), json!({"Tags": [{"Key": "first", "Value": "1"}]}));
    let r = db
        .execute(
            "TagResource",
            json!({"ResourceArn": ARN, "Tags": [{"Key": "a", "Value": "x"}, {"Key": "first", "Value": "2"}]}),
        )
        .unwrap();
    assert_eq!(r, json!({}));
    assert_eq!(
        tags(&db),
        json!({"Tags": [{"Key": "first", "Value": "2"}, {"Key": "a", "Value": "x"}]})
    );
    db.execute(
        "UntagResource",
        json!({"ResourceArn": ARN, "TagKeys": ["first", "nope"]}),
    )
    .unwrap();
    assert_eq!(tags(&db), json!({"Tags": [{"Key": "a", "Value": "x"}]}));
}

#[test]
fn at_most_50_tags() {
    let db = database();
    let many: Vec<Value> = (0..49)
        .map(|i| json!({"Key": format!("k{i}"), "Value": ""}))
        .collect();
    db.execute("TagResource", json!({"ResourceArn": ARN, "Tags": many}))
        .unwrap();
    let e = db
        .execute(
            "TagResource",
            json!({"ResourceArn": ARN, "Tags": [{"Key": "one-more", "Value": ""}]}),
        )
        .unwrap_err();
    assert_eq!(e.kind.name(), "LimitExceededException");
    // Replacing a value of a tag it has is fine.
    db.execute(
        "TagResource",
        json!({"ResourceArn": ARN, "Tags": [{"Key": "k3", "Value": "v"}]}),
    )
    .unwrap();
    assert_eq!(tags(&db)["Tags"].as_array().unwrap().len(), 50);
}

#[test]
fn resource_arn_checks() {
    let db = database();
    let err = |op: &str, body: Value| db.execute(op, body).unwrap_err();
    assert_eq!(err("TagResource", json!({})).message, "Invalid TableArn");
    assert_eq!(
        err(
            "TagResource",
            json!({"ResourceArn": "not-a-valid-arn", "Tags": []})
        )
        .message,
        "Invalid TableArn: Invalid ResourceArn provided as input not-a-valid-arn"
    );
    assert_eq!(
        err("TagResource", json!({"ResourceArn": "a:b:c:d:e:f/g"})).message,
        "1 validation error detected: Value null at 'tags' failed to satisfy constraint: Member must not be null"
    );
    assert_eq!(
        err("UntagResource", json!({"ResourceArn": ARN, "TagKeys": []})).message,
        "Atleast one Tag Key needs to be provided as Input."
    );
    let missing = "arn:aws:dynamodb:us-east-1:000000000000:table/missing";
    let e = err(
        "TagResource",
        json!({"ResourceArn": missing, "Tags": [{"Key": "a", "Value": "b"}]}),
    );
    assert_eq!(e.kind.name(), "ResourceNotFoundException");
    assert_eq!(
        e.message,
        format!("Requested resource not found: ResourcArn: {missing} not found")
    );
    let e = err(
        "UntagResource",
        json!({"ResourceArn": missing, "TagKeys": ["a"]}),
    );
    assert_eq!(e.message, "Requested resource not found");
    let e = err("ListTagsOfResource", json!({"ResourceArn": missing}));
    assert_eq!(e.kind.name(), "AccessDeniedException");
    let other_account = "arn:aws:dynamodb:us-east-1:111111111111:table/tbl";
    let e = err(
        "TagResource",
        json!({"ResourceArn": other_account, "Tags": [{"Key": "a", "Value": "b"}]}),
    );
    assert_eq!(e.kind.name(), "AccessDeniedException");
}
