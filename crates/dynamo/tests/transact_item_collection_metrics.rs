//! TransactWriteItems with `ReturnItemCollectionMetrics: SIZE`: for each table with local
//! indexes, one entry per partition key the transaction wrote (condition checks write
//! nothing); tables without local indexes report none.

use cairn_dynamo::{Database, DatabaseOptions};
use serde_json::json;

#[test]
fn one_entry_per_partition_written() {
    let db = Database::in_memory(DatabaseOptions::default()).expect("database");
    db.execute(
        "CreateTable",
        json!({"TableName": "local",
               "AttributeDefinitions": [{"AttributeName": "pk", "AttributeType": "S"},
                                        {"AttributeName": "sk", "AttributeType": "S"},
                                        {"AttributeName": "l", "AttributeType": "S"}],
               "KeySchema": [{"AttributeName": "pk", "KeyType": "HASH"},
                             {"AttributeName": "sk", "KeyType": "RANGE"}],
               "LocalSecondaryIndexes": [{"IndexName": "by_l",
                   "KeySchema": [{"AttributeName": "pk", "KeyType": "HASH"},
                                 {"AttributeName": "l", "KeyType": "RANGE"}],
                   "Projection": {"ProjectionType": "ALL"}}],
               "BillingMode": "PAY_PER_REQUEST"}),
    )
    .unwrap();
    db.execute(
        "CreateTable",
        json!({"TableName": "plain",
               "AttributeDefinitions": [{"AttributeName": "pk", "AttributeType": "S"}],
               "KeySchema": [{"AttributeName": "pk", "KeyType": "HASH"}],
               "BillingMode": "PAY_PER_REQUEST"}),
    )
    .unwrap();
    db.execute(
        "PutItem",
        json!({"TableName": "local", "Item": {"pk": {"S": "c"}, "sk": {"S": "1"}}}),
    )
    .unwrap();
    let put = |pk: &str, sk: &str| {
        json!({"Put": {"TableName": "local",
                       "Item": {"pk": {"S": pk}, "sk": {"S": sk}, "l": {"S": "x"}}}})
    };
    let out = db
        .execute(
            "TransactWriteItems",
            json!({"ReturnItemCollectionMetrics": "SIZE", "TransactItems": [
                put("a", "1"), put("a", "2"), put("b", "1"),
                {"ConditionCheck": {"TableName": "local",
                                    "Key": {"pk": {"S": "c"}, "sk": {"S": "1"}},
                                    "ConditionExpression": "attribute_exists(pk)"}},
                {"Put": {"TableName": "plain", "Item": {"pk": {"S": "a"}}}},
            ]}),
        )
        .unwrap();
    let entry = |pk: &str| json!({"ItemCollectionKey": {"pk": {"S": pk}}, "SizeEstimateRangeGB": [0.0, 1.0]});
    assert_eq!(
        out,
        json!({"ItemCollectionMetrics": {"local": [entry("a"), entry("b")]}})
    );
}
