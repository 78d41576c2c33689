//! UpdateItem's expressions through the SDK: SET with arithmetic, if_not_exists and
//! list_append, REMOVE, ADD to a number and to a set, DELETE from a set, and the five
//! ReturnValues.

mod sdk;

use std::collections::HashMap;

use aws_sdk_dynamodb::types::{AttributeValue, ReturnValue};
use aws_sdk_dynamodb::Client;
use sdk::{create_table, expect_error, n, s, SdkServer};

type Item = HashMap<String, AttributeValue>;

async fn get(c: &Client, pk: &str) -> Item {
    c.get_item()
        .table_name("upd")
        .key("pk", s(pk))
        .consistent_read(true)
        .send()
        .await
        .expect("GetItem")
        .item()
        .cloned()
        .unwrap_or_default()
}

fn ss(v: &[&str]) -> AttributeValue {
    AttributeValue::Ss(v.iter().map(|x| (*x).to_owned()).collect())
}

fn sorted_ss(v: Option<&AttributeValue>) -> Vec<String> {
    let mut v = v.expect("a string set").as_ss().expect("SS").clone();
    v.sort();
    v
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn set_remove_add_delete() {
    let server = SdkServer::start().await;
    let c = &server.client;
    create_table(c, "upd", false).await;

    // An update of a missing item creates it.
    c.update_item()
        .table_name("upd")
        .key("pk", s("a"))
        .update_expression(
            "SET price = :p, stock = if_not_exists(stock, :zero), tags = :tags, \
             history = :empty, doomed = :p",
        )
        .expression_attribute_values(":p", n(10))
        .expression_attribute_values(":zero", n(0))
        .expression_attribute_values(":tags", ss(&["red", "blue"]))
        .expression_attribute_values(":empty", AttributeValue::L(vec![]))
        .send()
        .await
        .expect("UpdateItem creating the item");
    let item = get(c, "a").await;
    assert_eq!(item.get("price"), Some(&n(10)));
    assert_eq!(item.get("stock"), Some(&n(0)));
    assert_eq!(item.get("doomed"), Some(&n(10)));
    assert_eq!(item.get("history"), Some(&AttributeValue::L(vec![])));

    // Arithmetic, if_not_exists keeping the stored value, list_append at both ends,
    // REMOVE (of a missing attribute too), ADD to a missing number and to a set.
    c.update_item()
        .table_name("upd")
        .key("pk", s("a"))
        .update_expression(
            "SET price = price - :one, stock = if_not_exists(stock, :hundred), \
             history = list_append(:front, list_append(history, :back)), #new = :one + :one \
             REMOVE doomed, nowhere \
             ADD tags :green, visits :one",
        )
        .expression_attribute_names("#new", "new")
        .expression_attribute_values(":one", n(1))
        .expression_attribute_values(":hundred", n(100))
        .expression_attribute_values(":front", AttributeValue::L(vec![s("first")]))
        .expression_attribute_values(":back", AttributeValue::L(vec![s("last"), n(2)]))
        .expression_attribute_values(":green", ss(&["green"]))
        .send()
        .await
        .expect("UpdateItem");
    let item = get(c, "a").await;
    assert_eq!(item.get("price"), Some(&n(9)));
    assert_eq!(
        item.get("stock"),
        Some(&n(0)),
        "if_not_exists kept the stored value"
    );
    assert_eq!(item.get("new"), Some(&n(2)));
    assert_eq!(
        item.get("visits"),
        Some(&n(1)),
        "ADD to a missing number starts at 0"
    );
    assert_eq!(
        item.get("history"),
        Some(&AttributeValue::L(vec![s("first"), s("last"), n(2)]))
    );
    assert_eq!(item.get("doomed"), None);
    assert_eq!(sorted_ss(item.get("tags")), vec!["blue", "green", "red"]);

    // ADD to a stored number, DELETE from a set (a member that is absent is ignored).
    c.update_item()
        .table_name("upd")
        .key("pk", s("a"))
        .update_expression("ADD stock :five DELETE tags :blue")
        .expression_attribute_values(":five", n(5))
        .expression_attribute_values(":blue", ss(&["blue", "absent"]))
        .send()
        .await
        .expect("UpdateItem");
    let item = get(c, "a").await;
    assert_eq!(item.get("stock"), Some(&n(5)));
    assert_eq!(sorted_ss(item.get("tags")), vec!["green", "red"]);

    // Two clauses may not touch one path.
    let (code, message) = expect_error(
        c.update_item()
            .table_name("upd")
            .key("pk", s("a"))
            .update_expression("SET stock = :one ADD stock :one")
            .expression_attribute_values(":one", n(1))
            .send()
            .await,
    );
    assert_eq!(code, "ValidationException");
    assert_eq!(
        message,
        "Invalid UpdateExpression: Two document paths overlap with each other; must remove or \
         rewrite one of these paths; path one: [stock], path two: [stock]"
    );

    // Decimal arithmetic is exact: 9 + 0.1 + 0.2 is 9.3, not a binary float's neighbour.
    c.update_item()
        .table_name("upd")
        .key("pk", s("a"))
        .update_expression("SET price = price + :d")
        .expression_attribute_values(":d", n("0.1"))
        .send()
        .await
        .expect("UpdateItem");
    c.update_item()
        .table_name("upd")
        .key("pk", s("a"))
        .update_expression("SET price = price + :d")
        .expression_attribute_values(":d", n("0.2"))
        .send()
        .await
        .expect("UpdateItem");
    assert_eq!(get(c, "a").await.get("price"), Some(&n("9.3")));

    // Deleting the last members of a set removes the attribute.
    c.update_item()
        .table_name("upd")
        .key("pk", s("a"))
        .update_expression("DELETE tags :all")
        .expression_attribute_values(":all", ss(&["green", "red"]))
        .send()
        .await
        .expect("UpdateItem");
    assert_eq!(get(c, "a").await.get("tags"), None);

    // Nested paths: SET in a map, REMOVE from a list.
    c.update_item()
        .table_name("upd")
        .key("pk", s("a"))
        .update_expression("SET meta = :m")
        .expression_attribute_values(
            ":m",
            AttributeValue::M(HashMap::from([("tier".to_owned(), n(1))])),
        )
        .send()
        .await
        .expect("UpdateItem");
    c.update_item()
        .table_name("upd")
        .key("pk", s("a"))
        .update_expression("SET meta.color = :c, meta.tier = meta.tier + :one REMOVE history[1]")
        .expression_attribute_values(":c", s("teal"))
        .expression_attribute_values(":one", n(1))
        .send()
        .await
        .expect("UpdateItem");
    let item = get(c, "a").await;
    assert_eq!(
        item.get("meta"),
        Some(&AttributeValue::M(HashMap::from([
            ("tier".to_owned(), n(2)),
            ("color".to_owned(), s("teal")),
        ])))
    );
    assert_eq!(
        item.get("history"),
        Some(&AttributeValue::L(vec![s("first"), n(2)]))
    );

    // Arithmetic on a string is refused, and nothing changes.
    let (code, message) = expect_error(
        c.update_item()
            .table_name("upd")
            .key("pk", s("a"))
            .update_expression("SET meta.color = meta.color + :one")
            .expression_attribute_values(":one", n(1))
            .send()
            .await,
    );
    assert_eq!(code, "ValidationException");
    assert_eq!(
        message,
        "An operand in the update expression has an incorrect data type"
    );
    assert_eq!(get(c, "a").await, item);

    // Updating a key attribute is refused.
    let (code, message) = expect_error(
        c.update_item()
            .table_name("upd")
            .key("pk", s("a"))
            .update_expression("SET pk = :v")
            .expression_attribute_values(":v", s("b"))
            .send()
            .await,
    );
    assert_eq!(code, "ValidationException");
    assert_eq!(
        message,
        "One or more parameter values were invalid: Cannot update attribute pk. This attribute is part of the key"
    );

    server.stop().await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn the_five_return_values() {
    let server = SdkServer::start().await;
    let c = &server.client;
    create_table(c, "upd", false).await;
    c.put_item()
        .table_name("upd")
        .item("pk", s("r"))
        .item("a", n(1))
        .item("b", s("keep"))
        .send()
        .await
        .expect("PutItem");

    // Each call sets a to its old value + 1 and c to "new".
    let update = |rv: ReturnValue| {
        c.update_item()
            .table_name("upd")
            .key("pk", s("r"))
            .update_expression("SET a = a + :one, c = :c")
            .expression_attribute_values(":one", n(1))
            .expression_attribute_values(":c", s("new"))
            .return_values(rv)
            .send()
    };

    // a: 1 → 2.
    let out = update(ReturnValue::None).await.expect("NONE");
    assert_eq!(out.attributes(), None);

    // a: 2 → 3; the whole item before.
    let out = update(ReturnValue::AllOld).await.expect("ALL_OLD");
    assert_eq!(
        out.attributes().cloned(),
        Some(HashMap::from([
            ("pk".to_owned(), s("r")),
            ("a".to_owned(), n(2)),
            ("b".to_owned(), s("keep")),
            ("c".to_owned(), s("new")),
        ]))
    );

    // a: 3 → 4; the updated attributes before.
    let out = update(ReturnValue::UpdatedOld).await.expect("UPDATED_OLD");
    assert_eq!(
        out.attributes().cloned(),
        Some(HashMap::from([
            ("a".to_owned(), n(3)),
            ("c".to_owned(), s("new")),
        ]))
    );

    // a: 4 → 5; the whole item after.
    let out = update(ReturnValue::AllNew).await.expect("ALL_NEW");
    assert_eq!(
        out.attributes().cloned(),
        Some(HashMap::from([
            ("pk".to_owned(), s("r")),
            ("a".to_owned(), n(5)),
            ("b".to_owned(), s("keep")),
            ("c".to_owned(), s("new")),
        ]))
    );

    // a: 5 → 6; the updated attributes after.
    let out = update(ReturnValue::UpdatedNew).await.expect("UPDATED_NEW");
    assert_eq!(
        out.attributes().cloned(),
        Some(HashMap::from([
            ("a".to_owned(), n(6)),
            ("c".to_owned(), s("new")),
        ]))
    );

    // UPDATED_OLD of an attribute that did not exist returns nothing for it.
    let out = c
        .update_item()
        .table_name("upd")
        .key("pk", s("r"))
        .update_expression("SET fresh = :v")
        .expression_attribute_values(":v", n(1))
        .return_values(ReturnValue::UpdatedOld)
        .send()
        .await
        .expect("UPDATED_OLD of a new attribute");
    assert!(
        out.attributes().is_none_or(|a| a.is_empty()),
        "{:?}",
        out.attributes()
    );

    // A conditional update that fails changes nothing.
    let (code, message) = expect_error(
        c.update_item()
            .table_name("upd")
            .key("pk", s("r"))
            .update_expression("SET a = :zero")
            .condition_expression("a < :limit")
            .expression_attribute_values(":zero", n(0))
            .expression_attribute_values(":limit", n(3))
            .send()
            .await,
    );
    assert_eq!(code, "ConditionalCheckFailedException");
    assert_eq!(message, "The conditional request failed");
    assert_eq!(get(c, "r").await.get("a"), Some(&n(6)));

    server.stop().await;
}
