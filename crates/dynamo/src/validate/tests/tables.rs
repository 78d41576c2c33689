//! `ValidationException` of the table operations (dynalite `test/createTable.js`,
//! `updateTable.js`, `listTables.js`; nubo `createTable.test.ts`).

use serde_json::json;

use super::*;

#[test]
fn create_table_required_table_name() {
    // dynalite createTable.js and nubo createTable.test.ts.
    assert_eq!(
        validation("CreateTable", json!({})),
        "The parameter 'TableName' is required but was not present in the request"
    );
    assert_eq!(
        validation("DeleteTable", json!({ "TableName": null })),
        "The parameter 'TableName' is required but was not present in the request"
    );
    assert_eq!(
        validation("DescribeTimeToLive", json!({ "Foo": "bar" })),
        "The parameter 'TableName' is required but was not present in the request"
    );
    // nubo createTable.test.ts "short table name (2 chars)".
    assert_eq!(
        validation(
            "CreateTable",
            json!({ "TableName": "ab",
                    "AttributeDefinitions": [{ "AttributeName": "pk", "AttributeType": "S" }],
                    "KeySchema": [{ "AttributeName": "pk", "KeyType": "HASH" }],
                    "ProvisionedThroughput": { "ReadCapacityUnits": 5, "WriteCapacityUnits": 5 } })
        ),
        "1 validation error detected: Value 'ab' at 'tableName' failed to satisfy constraint: Member must have length greater than or equal to 3"
    );
}

#[test]
fn create_table_null_attributes() {
    assert_eq!(
        validation("CreateTable", json!({ "TableName": "abc;" })),
        errors(&[
            line(None, "attributeDefinitions", NOT_NULL),
            line(Some("abc;"), "tableName", NAME_PATTERN),
            line(None, "keySchema", NOT_NULL),
        ])
    );
    assert_eq!(
        validation(
            "CreateTable",
            json!({ "TableName": "abc", "AttributeDefinitions": [], "ProvisionedThroughput": {},
                    "BillingMode": "PAY_PER_REQUEST" })
        ),
        errors(&[
            line(None, "provisionedThroughput.writeCapacityUnits", NOT_NULL),
            line(None, "provisionedThroughput.readCapacityUnits", NOT_NULL),
            line(None, "keySchema", NOT_NULL),
        ])
    );
}

#[test]
fn create_table_ranges_enums_and_lengths() {
    assert_eq!(
        validation(
            "CreateTable",
            json!({ "TableName": "abc", "AttributeDefinitions": [], "KeySchema": [],
                    "ProvisionedThroughput": { "ReadCapacityUnits": -1, "WriteCapacityUnits": -1 },
                    "BillingMode": "A" })
        ),
        errors(&[
            line(
                Some("A"),
                "billingMode",
                "Member must satisfy enum value set: [PROVISIONED, PAY_PER_REQUEST]"
            ),
            line(
                Some("-1"),
                "provisionedThroughput.writeCapacityUnits",
                "Member must have value greater than or equal to 1"
            ),
            line(
                Some("-1"),
                "provisionedThroughput.readCapacityUnits",
                "Member must have value greater than or equal to 1"
            ),
            line(Some("[]"), "keySchema", &min_len(1)),
        ])
    );
    // Above the bound is the operation's "Given value ... is out of bounds".
    assert_eq!(
        validation(
            "CreateTable",
            json!({ "TableName": "abc", "AttributeDefinitions": [],
                    "KeySchema": [{ "KeyType": "HASH", "AttributeName": "a" }],
                    "ProvisionedThroughput": { "ReadCapacityUnits": 1000000000001_i64, "WriteCapacityUnits": -1 } })
        ),
        errors(&[line(
            Some("-1"),
            "provisionedThroughput.writeCapacityUnits",
            "Member must have value greater than or equal to 1"
        )])
    );
}

#[test]
fn create_table_key_element_names() {
    assert_eq!(
        validation(
            "CreateTable",
            json!({ "TableName": "abc", "AttributeDefinitions": [],
                    "KeySchema": [{ "KeyType": "HASH" }, { "AttributeName": "a" },
                                  { "KeyType": "Woop", "AttributeName": "a" }],
                    "ProvisionedThroughput": { "ReadCapacityUnits": 1, "WriteCapacityUnits": 1 } })
        ),
        errors(&[
            line(
                Some("[KeySchemaElement(attributeName=null, keyType=HASH), KeySchemaElement(attributeName=a, keyType=null), KeySchemaElement(attributeName=a, keyType=Woop)]"),
                "keySchema",
                &max_len(2),
            ),
            line(None, "keySchema.1.member.attributeName", NOT_NULL),
            line(None, "keySchema.2.member.keyType", NOT_NULL),
            line(Some("Woop"), "keySchema.3.member.keyType", "Member must satisfy enum value set: [HASH, RANGE]"),
        ])
    );
    // nubo createTable.test.ts "invalid AttributeType".
    assert_eq!(
        validation(
            "CreateTable",
            json!({ "TableName": "abc",
                    "AttributeDefinitions": [{ "AttributeName": "pk", "AttributeType": "INVALID" }],
                    "KeySchema": [{ "AttributeName": "pk", "KeyType": "HASH" }] })
        ),
        "1 validation error detected: Value 'INVALID' at 'attributeDefinitions.1.member.attributeType' failed to satisfy constraint: Member must satisfy enum value set: [B, N, S]"
    );
}

#[test]
fn at_most_ten_failures_are_reported() {
    // dynalite createTable.js "more than five empty LocalSecondaryIndexes".
    let mut expected = Vec::new();
    for i in 1..=4 {
        for member in ["indexName", "keySchema", "projection"] {
            expected.push(line(
                None,
                &format!("localSecondaryIndexes.{i}.member.{member}"),
                NOT_NULL,
            ));
        }
    }
    expected.truncate(10);
    assert_eq!(
        validation(
            "CreateTable",
            json!({ "TableName": "abc",
                    "AttributeDefinitions": [{ "AttributeName": "a", "AttributeType": "S" }],
                    "KeySchema": [{ "KeyType": "HASH", "AttributeName": "a" }],
                    "LocalSecondaryIndexes": [{}, {}, {}, {}, {}, {}, {}, {}, {}] })
        ),
        errors(&expected)
    );
}

#[test]
fn create_table_bad_index_names() {
    let name = "a".repeat(256);
    assert_eq!(
        validation(
            "CreateTable",
            json!({ "TableName": "abc",
                    "AttributeDefinitions": [{ "AttributeName": "a", "AttributeType": "S" }],
                    "KeySchema": [{ "KeyType": "HASH", "AttributeName": "a" }],
                    "LocalSecondaryIndexes": [
                        { "IndexName": "h;", "KeySchema": [], "Projection": {} },
                        { "IndexName": name, "KeySchema": [{ "AttributeName": "a", "KeyType": "HASH" }],
                          "Projection": {} }] })
        ),
        errors(&[
            line(
                Some("h;"),
                "localSecondaryIndexes.1.member.indexName",
                NAME_PATTERN
            ),
            line(
                Some("h;"),
                "localSecondaryIndexes.1.member.indexName",
                &min_len(3)
            ),
            line(
                Some("[]"),
                "localSecondaryIndexes.1.member.keySchema",
                &min_len(1)
            ),
            line(
                Some(&name),
                "localSecondaryIndexes.2.member.indexName",
                &max_len(255)
            ),
        ])
    );
}

#[test]
fn update_table_index_updates() {
    // dynalite updateTable.js "bad IndexName and ProvisionedThroughput".
    assert_eq!(
        validation(
            "UpdateTable",
            json!({ "TableName": "abc", "GlobalSecondaryIndexUpdates": [
                { "Update": { "IndexName": "a", "ProvisionedThroughput": {} } },
                { "Update": { "IndexName": "abc;", "ProvisionedThroughput":
                    { "ReadCapacityUnits": 1000000000001_i64, "WriteCapacityUnits": 0 } } }] })
        ),
        errors(&[
            line(Some("a"), "globalSecondaryIndexUpdates.1.member.update.indexName", &min_len(3)),
            line(None, "globalSecondaryIndexUpdates.1.member.update.provisionedThroughput.writeCapacityUnits", NOT_NULL),
            line(None, "globalSecondaryIndexUpdates.1.member.update.provisionedThroughput.readCapacityUnits", NOT_NULL),
            line(Some("abc;"), "globalSecondaryIndexUpdates.2.member.update.indexName", NAME_PATTERN),
            line(Some("0"), "globalSecondaryIndexUpdates.2.member.update.provisionedThroughput.writeCapacityUnits", "Member must have value greater than or equal to 1"),
        ])
    );
}

#[test]
fn list_tables_limits() {
    assert_eq!(
        validation("ListTables", json!({ "Limit": 0 })),
        "1 validation error detected: Value '0' at 'limit' failed to satisfy constraint: Member must have value greater than or equal to 1"
    );
    assert_eq!(
        validation("ListTables", json!({ "Limit": 101 })),
        "1 validation error detected: Value '101' at 'limit' failed to satisfy constraint: Member must have value less than or equal to 100"
    );
    assert_eq!(
        validation(
            "ListTables",
            json!({ "ExclusiveStartTableName": "a;", "Limit": 500 })
        ),
        errors(&[
            line(
                Some("500"),
                "limit",
                "Member must have value less than or equal to 100"
            ),
            line(Some("a;"), "exclusiveStartTableName", NAME_PATTERN),
            line(Some("a;"), "exclusiveStartTableName", &min_len(3)),
        ])
    );
    // A fraction is dropped before the comparison.
    assert_eq!(
        validation("ListTables", json!({ "Limit": 0.9 })),
        "1 validation error detected: Value '0' at 'limit' failed to satisfy constraint: Member must have value greater than or equal to 1"
    );
    passes(
        "ListTables",
        json!({ "Limit": 1.5, "ExclusiveStartTableName": null }),
    );
}

#[test]
fn update_table_index_throughput_may_be_absent() {
    // An index of an on-demand table has no provisioned throughput (botocore).
    passes(
        "UpdateTable",
        json!({ "TableName": "abc", "GlobalSecondaryIndexUpdates": [
            { "Create": { "IndexName": "idx", "KeySchema": [{ "AttributeName": "a", "KeyType": "HASH" }],
                          "Projection": { "ProjectionType": "ALL" } } },
            { "Update": { "IndexName": "idx2", "OnDemandThroughput": { "MaxReadRequestUnits": 5 } } }] }),
    );
    assert_eq!(
        validation(
            "UpdateTable",
            json!({ "TableName": "abc", "GlobalSecondaryIndexUpdates": [{ "Update": {} }, { "Create": {} }] })
        ),
        errors(&[
            line(
                None,
                "globalSecondaryIndexUpdates.1.member.update.indexName",
                NOT_NULL
            ),
            line(
                None,
                "globalSecondaryIndexUpdates.2.member.create.projection",
                NOT_NULL
            ),
            line(
                None,
                "globalSecondaryIndexUpdates.2.member.create.indexName",
                NOT_NULL
            ),
            line(
                None,
                "globalSecondaryIndexUpdates.2.member.create.keySchema",
                NOT_NULL
            ),
        ])
    );
}

#[test]
fn time_to_live_specification() {
    assert_eq!(
        validation(
            "UpdateTimeToLive",
            json!({ "TableName": "abc", "TimeToLiveSpecification": { "Enabled": true, "AttributeName": "" } })
        ),
        errors(&[line(
            Some(""),
            "timeToLiveSpecification.attributeName",
            &min_len(1)
        )])
    );
    assert_eq!(
        validation("UpdateTimeToLive", json!({ "TableName": "abc" })),
        errors(&[line(None, "timeToLiveSpecification", NOT_NULL)])
    );
    passes(
        "UpdateTimeToLive",
        json!({ "TableName": "abc", "TimeToLiveSpecification": { "Enabled": "false", "AttributeName": "ttl" } }),
    );
}
