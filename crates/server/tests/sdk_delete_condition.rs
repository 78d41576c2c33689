//! DeleteItem through the SDK: a condition that fails keeps the item, one that holds
//! deletes it, ReturnValues ALL_OLD answers what was deleted, and deleting an absent item
//! is no error.

mod sdk;

use aws_sdk_dynamodb::operation::delete_item::DeleteItemError;
use aws_sdk_dynamodb::types::{ReturnValue, ReturnValuesOnConditionCheckFailure};
use sdk::{create_table, error_of, n, s, SdkServer};

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn delete_only_when_the_condition_holds() {
    let server = SdkServer::start().await;
    let c = &server.client;
    create_table(c, "del", true).await;
    c.put_item()
        .table_name("del")
        .item("pk", s("user"))
        .item("sk", s("session#1"))
        .item("state", s("active"))
        .item("uses", n(3))
        .send()
        .await
        .expect("PutItem");

    let err = c
        .delete_item()
        .table_name("del")
        .key("pk", s("user"))
        .key("sk", s("session#1"))
        .condition_expression("#s = :expired OR uses > :max")
        .expression_attribute_names("#s", "state")
        .expression_attribute_values(":expired", s("expired"))
        .expression_attribute_values(":max", n(10))
        .return_values_on_condition_check_failure(ReturnValuesOnConditionCheckFailure::AllOld)
        .send()
        .await
        .expect_err("the session is active and little used");
    let (code, message) = error_of(&err);
    assert_eq!(code, "ConditionalCheckFailedException");
    assert_eq!(message, "The conditional request failed");
    match err.as_service_error() {
        Some(DeleteItemError::ConditionalCheckFailedException(e)) => {
            let item = e.item().expect("the item kept");
            assert_eq!(item.get("state"), Some(&s("active")));
            assert_eq!(item.len(), 4);
        }
        other => panic!("expected ConditionalCheckFailedException, got {other:?}"),
    }
    let kept = c
        .get_item()
        .table_name("del")
        .key("pk", s("user"))
        .key("sk", s("session#1"))
        .send()
        .await
        .expect("GetItem");
    assert!(kept.item().is_some(), "a failed condition deletes nothing");

    let out = c
        .delete_item()
        .table_name("del")
        .key("pk", s("user"))
        .key("sk", s("session#1"))
        .condition_expression("#s = :active AND attribute_exists(uses)")
        .expression_attribute_names("#s", "state")
        .expression_attribute_values(":active", s("active"))
        .return_values(ReturnValue::AllOld)
        .send()
        .await
        .expect("the condition holds");
    let old = out.attributes().expect("Attributes");
    assert_eq!(old.get("pk"), Some(&s("user")));
    assert_eq!(old.get("sk"), Some(&s("session#1")));
    assert_eq!(old.get("uses"), Some(&n(3)));
    let gone = c
        .get_item()
        .table_name("del")
        .key("pk", s("user"))
        .key("sk", s("session#1"))
        .send()
        .await
        .expect("GetItem");
    assert_eq!(gone.item(), None);

    // Deleting it again: no error, nothing returned.
    let again = c
        .delete_item()
        .table_name("del")
        .key("pk", s("user"))
        .key("sk", s("session#1"))
        .return_values(ReturnValue::AllOld)
        .send()
        .await
        .expect("DeleteItem of an absent item");
    assert_eq!(again.attributes(), None);

    // ...unless a condition needs it to exist.
    let err = c
        .delete_item()
        .table_name("del")
        .key("pk", s("user"))
        .key("sk", s("session#1"))
        .condition_expression("attribute_exists(pk)")
        .send()
        .await
        .expect_err("the item is absent");
    assert_eq!(error_of(&err).0, "ConditionalCheckFailedException");

    server.stop().await;
}
