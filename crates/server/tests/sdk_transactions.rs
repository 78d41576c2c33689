//! Transactions through the SDK: TransactWriteItems commits a put, an update, a delete and
//! a condition check over two tables together or not at all; a cancellation is a
//! TransactionCanceledException whose CancellationReasons the SDK parses (with the item
//! when asked); TransactGetItems reads several items at once.

mod sdk;

use aws_sdk_dynamodb::operation::transact_write_items::builders::TransactWriteItemsFluentBuilder;
use aws_sdk_dynamodb::operation::transact_write_items::TransactWriteItemsError;
use aws_sdk_dynamodb::types::{
    ConditionCheck, Delete, Get, Put, ReturnValuesOnConditionCheckFailure, TransactGetItem,
    TransactWriteItem, Update,
};
use aws_sdk_dynamodb::Client;
use sdk::{create_table, error_of, expect_error, n, s, SdkServer};

async fn balance(c: &Client, account: &str) -> Option<String> {
    c.get_item()
        .table_name("accounts")
        .key("pk", s(account))
        .consistent_read(true)
        .send()
        .await
        .expect("GetItem")
        .item()
        .and_then(|i| i.get("balance"))
        .map(|v| v.as_n().expect("a number").clone())
}

/// A transaction moving `amount` from `from` to `to` if `from` has enough, recorded in
/// `log` under `id` unless `id` was used before.
fn transfer(
    c: &Client,
    id: &str,
    from: &str,
    to: &str,
    amount: i64,
) -> TransactWriteItemsFluentBuilder {
    c.transact_write_items()
        .transact_items(
            TransactWriteItem::builder()
                .update(
                    Update::builder()
                        .table_name("accounts")
                        .key("pk", s(from))
                        .update_expression("SET balance = balance - :a")
                        .condition_expression("balance >= :a")
                        .expression_attribute_values(":a", n(amount))
                        .return_values_on_condition_check_failure(
                            ReturnValuesOnConditionCheckFailure::AllOld,
                        )
                        .build()
                        .unwrap(),
                )
                .build(),
        )
        .transact_items(
            TransactWriteItem::builder()
                .update(
                    Update::builder()
                        .table_name("accounts")
                        .key("pk", s(to))
                        .update_expression("SET balance = balance + :a")
                        .condition_expression("attribute_exists(pk)")
                        .expression_attribute_values(":a", n(amount))
                        .build()
                        .unwrap(),
                )
                .build(),
        )
        .transact_items(
            TransactWriteItem::builder()
                .put(
                    Put::builder()
                        .table_name("log")
                        .item("pk", s(id))
                        .item("amount", n(amount))
                        .condition_expression("attribute_not_exists(pk)")
                        .build()
                        .unwrap(),
                )
                .build(),
        )
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn all_or_nothing() {
    let server = SdkServer::start().await;
    let c = &server.client;
    create_table(c, "accounts", false).await;
    create_table(c, "log", false).await;
    for (account, amount) in [("alice", 100), ("bob", 20), ("closed", 0)] {
        c.put_item()
            .table_name("accounts")
            .item("pk", s(account))
            .item("balance", n(amount))
            .send()
            .await
            .expect("PutItem");
    }

    transfer(c, "t1", "alice", "bob", 30)
        .send()
        .await
        .expect("a transfer alice has the money for");
    assert_eq!(balance(c, "alice").await.as_deref(), Some("70"));
    assert_eq!(balance(c, "bob").await.as_deref(), Some("50"));

    // bob has 50, not 80: the first action's condition fails, nothing is written.
    let err = transfer(c, "t2", "bob", "alice", 80)
        .send()
        .await
        .expect_err("bob lacks the money");
    let (code, message) = error_of(&err);
    assert_eq!(code, "TransactionCanceledException");
    assert_eq!(
        message,
        "Transaction cancelled, please refer cancellation reasons for specific reasons \
         [ConditionalCheckFailed, None, None]"
    );
    match err.as_service_error() {
        Some(TransactWriteItemsError::TransactionCanceledException(e)) => {
            let reasons = e.cancellation_reasons();
            assert_eq!(reasons.len(), 3);
            assert_eq!(reasons[0].code(), Some("ConditionalCheckFailed"));
            assert_eq!(reasons[0].message(), Some("The conditional request failed"));
            let item = reasons[0].item().expect("ALL_OLD item");
            assert_eq!(item.get("balance"), Some(&n(50)));
            assert_eq!(reasons[1].code(), Some("None"));
            assert_eq!(reasons[2].code(), Some("None"));
        }
        other => panic!("expected TransactionCanceledException, got {other:?}"),
    }
    assert_eq!(balance(c, "alice").await.as_deref(), Some("70"));
    assert_eq!(balance(c, "bob").await.as_deref(), Some("50"));
    let logged = c
        .get_item()
        .table_name("log")
        .key("pk", s("t2"))
        .send()
        .await
        .expect("GetItem");
    assert_eq!(logged.item(), None, "the log entry was not written either");

    // A reused transfer id fails the last action: the balances do not move.
    let (code, message) = expect_error(transfer(c, "t1", "alice", "bob", 1).send().await);
    assert_eq!(code, "TransactionCanceledException");
    assert_eq!(
        message,
        "Transaction cancelled, please refer cancellation reasons for specific reasons \
         [None, None, ConditionalCheckFailed]"
    );
    assert_eq!(balance(c, "alice").await.as_deref(), Some("70"));

    // A condition check and a delete: close an empty account only if bob still has 50.
    c.transact_write_items()
        .transact_items(
            TransactWriteItem::builder()
                .condition_check(
                    ConditionCheck::builder()
                        .table_name("accounts")
                        .key("pk", s("bob"))
                        .condition_expression("balance = :b")
                        .expression_attribute_values(":b", n(50))
                        .build()
                        .unwrap(),
                )
                .build(),
        )
        .transact_items(
            TransactWriteItem::builder()
                .delete(
                    Delete::builder()
                        .table_name("accounts")
                        .key("pk", s("closed"))
                        .condition_expression("balance = :zero")
                        .expression_attribute_values(":zero", n(0))
                        .build()
                        .unwrap(),
                )
                .build(),
        )
        .send()
        .await
        .expect("TransactWriteItems with a check and a delete");
    assert_eq!(balance(c, "closed").await, None);

    // Two actions on one item are refused before anything runs.
    let (code, message) = expect_error(
        c.transact_write_items()
            .transact_items(
                TransactWriteItem::builder()
                    .condition_check(
                        ConditionCheck::builder()
                            .table_name("accounts")
                            .key("pk", s("bob"))
                            .condition_expression("attribute_exists(pk)")
                            .build()
                            .unwrap(),
                    )
                    .build(),
            )
            .transact_items(
                TransactWriteItem::builder()
                    .delete(
                        Delete::builder()
                            .table_name("accounts")
                            .key("pk", s("bob"))
                            .build()
                            .unwrap(),
                    )
                    .build(),
            )
            .send()
            .await,
    );
    assert_eq!(code, "ValidationException");
    assert_eq!(
        message,
        "Transaction request cannot include multiple operations on one item"
    );

    // TransactGetItems: answers in request order, an absent item as an empty response.
    let out = c
        .transact_get_items()
        .transact_items(
            TransactGetItem::builder()
                .get(
                    Get::builder()
                        .table_name("accounts")
                        .key("pk", s("bob"))
                        .build()
                        .unwrap(),
                )
                .build(),
        )
        .transact_items(
            TransactGetItem::builder()
                .get(
                    Get::builder()
                        .table_name("log")
                        .key("pk", s("t1"))
                        .projection_expression("amount")
                        .build()
                        .unwrap(),
                )
                .build(),
        )
        .transact_items(
            TransactGetItem::builder()
                .get(
                    Get::builder()
                        .table_name("accounts")
                        .key("pk", s("closed"))
                        .build()
                        .unwrap(),
                )
                .build(),
        )
        .send()
        .await
        .expect("TransactGetItems");
    let responses = out.responses();
    assert_eq!(responses.len(), 3);
    assert_eq!(
        responses[0].item().and_then(|i| i.get("balance")),
        Some(&n(50))
    );
    let logged = responses[1].item().expect("the log entry");
    assert_eq!(logged.len(), 1);
    assert_eq!(logged.get("amount"), Some(&n(30)));
    assert_eq!(responses[2].item(), None);

    server.stop().await;
}
