//! Conditional PutItem through the SDK: the condition decides, a failed one is a
//! ConditionalCheckFailedException that carries the item when
//! ReturnValuesOnConditionCheckFailure is ALL_OLD, and ReturnValues ALL_OLD answers the
//! replaced item.

mod sdk;

use aws_sdk_dynamodb::operation::put_item::PutItemError;
use aws_sdk_dynamodb::types::{ReturnValue, ReturnValuesOnConditionCheckFailure};
use sdk::{create_table, error_of, expect_error, n, s, SdkServer};

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn put_only_if_absent() {
    let server = SdkServer::start().await;
    let c = &server.client;
    create_table(c, "cond", false).await;

    let put = || {
        c.put_item()
            .table_name("cond")
            .item("pk", s("k"))
            .item("version", n(1))
            .condition_expression("attribute_not_exists(pk)")
    };
    put().send().await.expect("first put: the item is absent");

    let (code, message) = expect_error(put().send().await);
    assert_eq!(code, "ConditionalCheckFailedException");
    assert_eq!(message, "The conditional request failed");

    // Without ReturnValuesOnConditionCheckFailure the error has no item.
    let err = put().send().await.expect_err("second put fails");
    match err.as_service_error() {
        Some(PutItemError::ConditionalCheckFailedException(e)) => assert_eq!(e.item(), None),
        other => panic!("expected ConditionalCheckFailedException, got {other:?}"),
    }

    server.stop().await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn failed_condition_returns_the_item() {
    let server = SdkServer::start().await;
    let c = &server.client;
    create_table(c, "cond", false).await;
    c.put_item()
        .table_name("cond")
        .item("pk", s("k"))
        .item("version", n(3))
        .item("owner", s("ann"))
        .send()
        .await
        .expect("PutItem");

    let err = c
        .put_item()
        .table_name("cond")
        .item("pk", s("k"))
        .item("version", n(4))
        .condition_expression("version = :expected")
        .expression_attribute_values(":expected", n(2))
        .return_values_on_condition_check_failure(ReturnValuesOnConditionCheckFailure::AllOld)
        .send()
        .await
        .expect_err("version 2 expected, 3 stored");
    let (code, message) = error_of(&err);
    assert_eq!(code, "ConditionalCheckFailedException");
    assert_eq!(message, "The conditional request failed");
    match err.as_service_error() {
        Some(PutItemError::ConditionalCheckFailedException(e)) => {
            let item = e.item().expect("the stored item");
            assert_eq!(item.len(), 3, "{item:?}");
            assert_eq!(item.get("pk"), Some(&s("k")));
            assert_eq!(item.get("version"), Some(&n(3)));
            assert_eq!(item.get("owner"), Some(&s("ann")));
        }
        other => panic!("expected ConditionalCheckFailedException, got {other:?}"),
    }

    // The stored item is unchanged.
    let got = c
        .get_item()
        .table_name("cond")
        .key("pk", s("k"))
        .send()
        .await
        .expect("GetItem");
    assert_eq!(got.item().and_then(|i| i.get("version")), Some(&n(3)));

    server.stop().await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn compare_and_set_returns_the_old_item() {
    let server = SdkServer::start().await;
    let c = &server.client;
    create_table(c, "cond", false).await;
    c.put_item()
        .table_name("cond")
        .item("pk", s("k"))
        .item("version", n(1))
        .item("note", s("first"))
        .send()
        .await
        .expect("PutItem");

    let out = c
        .put_item()
        .table_name("cond")
        .item("pk", s("k"))
        .item("version", n(2))
        .condition_expression("#v = :expected AND begins_with(note, :f)")
        .expression_attribute_names("#v", "version")
        .expression_attribute_values(":expected", n(1))
        .expression_attribute_values(":f", s("fir"))
        .return_values(ReturnValue::AllOld)
        .send()
        .await
        .expect("the condition holds");
    let old = out.attributes().expect("Attributes");
    assert_eq!(old.get("version"), Some(&n(1)));
    assert_eq!(old.get("note"), Some(&s("first")));

    let got = c
        .get_item()
        .table_name("cond")
        .key("pk", s("k"))
        .send()
        .await
        .expect("GetItem");
    let item = got.item().expect("Item");
    assert_eq!(item.get("version"), Some(&n(2)));
    assert_eq!(item.get("note"), None, "PutItem replaces the whole item");

    // A condition on an absent item sees no attributes at all.
    let (code, _) = expect_error(
        c.put_item()
            .table_name("cond")
            .item("pk", s("other"))
            .condition_expression("attribute_exists(version)")
            .send()
            .await,
    );
    assert_eq!(code, "ConditionalCheckFailedException");
    let absent = c
        .get_item()
        .table_name("cond")
        .key("pk", s("other"))
        .send()
        .await
        .expect("GetItem");
    assert_eq!(absent.item(), None);

    server.stop().await;
}
