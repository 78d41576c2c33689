//! Validation errors as the SDK sees them: the error code it parses and DynamoDB's exact
//! message, for keys that do not match the schema, items without their key, expressions
//! with undefined or unused values, and a request constraint.

mod sdk;

use aws_sdk_dynamodb::operation::get_item::GetItemError;
use sdk::{create_table, expect_error, n, s, SdkServer};

const KEY_MISMATCH: &str = "The provided key element does not match the schema";

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn key_schema_mismatch() {
    let server = SdkServer::start().await;
    let c = &server.client;
    create_table(c, "keyed", true).await;

    // Only the partition key of a composite key.
    let err = c
        .get_item()
        .table_name("keyed")
        .key("pk", s("a"))
        .send()
        .await
        .expect_err("the sort key is missing");
    // Not one of GetItem's modelled errors: the SDK keeps the code it parsed.
    assert!(
        !matches!(
            err.as_service_error(),
            Some(GetItemError::ResourceNotFoundException(_))
        ),
        "{err:?}"
    );
    let (code, message) = sdk::error_of(&err);
    assert_eq!(code, "ValidationException");
    assert_eq!(message, KEY_MISMATCH);

    // The key attribute with the wrong type.
    let (code, message) = expect_error(
        c.get_item()
            .table_name("keyed")
            .key("pk", n(1))
            .key("sk", s("b"))
            .send()
            .await,
    );
    assert_eq!(code, "ValidationException");
    assert_eq!(message, KEY_MISMATCH);

    // An attribute that is not part of the key.
    let (code, message) = expect_error(
        c.delete_item()
            .table_name("keyed")
            .key("pk", s("a"))
            .key("sk", s("b"))
            .key("other", s("c"))
            .send()
            .await,
    );
    assert_eq!(code, "ValidationException");
    assert_eq!(message, KEY_MISMATCH);

    // The same through UpdateItem.
    let (code, message) = expect_error(
        c.update_item()
            .table_name("keyed")
            .key("sk", s("b"))
            .update_expression("SET x = :x")
            .expression_attribute_values(":x", n(1))
            .send()
            .await,
    );
    assert_eq!(code, "ValidationException");
    assert_eq!(message, KEY_MISMATCH);

    server.stop().await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn items_need_their_key() {
    let server = SdkServer::start().await;
    let c = &server.client;
    create_table(c, "keyed", true).await;

    let (code, message) = expect_error(
        c.put_item()
            .table_name("keyed")
            .item("pk", s("a"))
            .item("x", n(1))
            .send()
            .await,
    );
    assert_eq!(code, "ValidationException");
    assert_eq!(
        message,
        "One or more parameter values were invalid: Missing the key sk in the item"
    );

    let (code, message) = expect_error(
        c.put_item()
            .table_name("keyed")
            .item("pk", s("a"))
            .item("sk", n(1))
            .send()
            .await,
    );
    assert_eq!(code, "ValidationException");
    assert_eq!(
        message,
        "One or more parameter values were invalid: Type mismatch for key sk expected: S actual: N"
    );

    let (code, message) = expect_error(
        c.put_item()
            .table_name("keyed")
            .item("pk", s(""))
            .item("sk", s("b"))
            .send()
            .await,
    );
    assert_eq!(code, "ValidationException");
    assert_eq!(
        message,
        "One or more parameter values are not valid. The AttributeValue for a key attribute \
         cannot contain an empty string value. Key: pk"
    );

    let (code, message) = expect_error(
        c.put_item()
            .table_name("keyed")
            .item("pk", s("a"))
            .item("sk", s("b"))
            .item("big", s(&"x".repeat(400 * 1024)))
            .send()
            .await,
    );
    assert_eq!(code, "ValidationException");
    assert_eq!(message, "Item size has exceeded the maximum allowed size");

    server.stop().await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn expression_values_must_match() {
    let server = SdkServer::start().await;
    let c = &server.client;
    create_table(c, "plain", false).await;

    let (code, message) = expect_error(
        c.put_item()
            .table_name("plain")
            .item("pk", s("a"))
            .condition_expression("x = :v")
            .send()
            .await,
    );
    assert_eq!(code, "ValidationException");
    assert_eq!(
        message,
        "Invalid ConditionExpression: An expression attribute value used in expression is not \
         defined; attribute value: :v"
    );

    let (code, message) = expect_error(
        c.update_item()
            .table_name("plain")
            .key("pk", s("a"))
            .update_expression("SET x = :x")
            .expression_attribute_values(":x", n(1))
            .expression_attribute_values(":unused", n(2))
            .send()
            .await,
    );
    assert_eq!(code, "ValidationException");
    assert_eq!(
        message,
        "Value provided in ExpressionAttributeValues unused in expressions: keys: {:unused}"
    );

    let (code, message) = expect_error(
        c.update_item()
            .table_name("plain")
            .key("pk", s("a"))
            .update_expression("SET #x = :x")
            .expression_attribute_values(":x", n(1))
            .send()
            .await,
    );
    assert_eq!(code, "ValidationException");
    assert_eq!(
        message,
        "Invalid UpdateExpression: An expression attribute name used in the document path is \
         not defined; attribute name: #x"
    );

    server.stop().await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn request_constraints() {
    let server = SdkServer::start().await;
    let c = &server.client;

    // The SDK does not check lengths itself: the server's message comes through.
    let (code, message) = expect_error(c.describe_table().table_name("ab").send().await);
    assert_eq!(code, "ValidationException");
    assert_eq!(
        message,
        "1 validation error detected: Value 'ab' at 'tableName' failed to satisfy constraint: \
         Member must have length greater than or equal to 3"
    );

    server.stop().await;
}
