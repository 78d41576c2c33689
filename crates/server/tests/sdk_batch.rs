//! BatchWriteItem and BatchGetItem through the SDK: puts and deletes over two tables in one
//! call, reads of many keys over two tables (absent keys simply missing, projections
//! applied), and the batch limits and duplicate checks.

mod sdk;

use std::collections::{BTreeSet, HashMap};

use aws_sdk_dynamodb::types::{
    AttributeValue, DeleteRequest, KeysAndAttributes, PutRequest, WriteRequest,
};
use sdk::{create_table, expect_error, n, s, SdkServer};

type Item = HashMap<String, AttributeValue>;

fn put(item: Item) -> WriteRequest {
    WriteRequest::builder()
        .put_request(PutRequest::builder().set_item(Some(item)).build().unwrap())
        .build()
}

fn delete(key: Item) -> WriteRequest {
    WriteRequest::builder()
        .delete_request(DeleteRequest::builder().set_key(Some(key)).build().unwrap())
        .build()
}

fn user(i: usize) -> Item {
    HashMap::from([
        ("pk".to_owned(), s(&format!("user{i:02}"))),
        ("age".to_owned(), n(20 + i)),
        ("name".to_owned(), s(&format!("name {i}"))),
    ])
}

fn order(user: usize, i: usize) -> Item {
    HashMap::from([
        ("pk".to_owned(), s(&format!("user{user:02}"))),
        ("sk".to_owned(), s(&format!("order{i}"))),
        ("total".to_owned(), n(format!("{i}.99"))),
    ])
}

fn key_of(item: &Item, range: bool) -> Item {
    item.iter()
        .filter(|(k, _)| *k == "pk" || (range && *k == "sk"))
        .map(|(k, v)| (k.clone(), v.clone()))
        .collect()
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn write_then_read_over_two_tables() {
    let server = SdkServer::start().await;
    let c = &server.client;
    create_table(c, "users", false).await;
    create_table(c, "orders", true).await;

    // 15 users and 10 orders: 25 requests, the most one call takes.
    let out = c
        .batch_write_item()
        .request_items("users", (0..15).map(|i| put(user(i))).collect())
        .request_items("orders", (0..10).map(|i| put(order(i % 3, i))).collect())
        .send()
        .await
        .expect("BatchWriteItem");
    assert!(
        out.unprocessed_items().is_none_or(|u| u.is_empty()),
        "{:?}",
        out.unprocessed_items()
    );

    // Deletes and puts mixed in one call; a put replaces the item.
    let mut replaced = user(3);
    replaced.insert("age".to_owned(), n(99));
    c.batch_write_item()
        .request_items(
            "users",
            vec![
                delete(key_of(&user(0), false)),
                delete(key_of(&user(1), false)),
                put(replaced.clone()),
                // Deleting an item that is not there is no error.
                delete(key_of(&user(77), false)),
            ],
        )
        .request_items("orders", vec![delete(key_of(&order(0, 0), true))])
        .send()
        .await
        .expect("BatchWriteItem with deletes");

    let users_keys = KeysAndAttributes::builder()
        .set_keys(Some((0..6).map(|i| key_of(&user(i), false)).collect()))
        .projection_expression("pk, age")
        .build()
        .unwrap();
    let orders_keys = KeysAndAttributes::builder()
        .set_keys(Some(
            (0..10).map(|i| key_of(&order(i % 3, i), true)).collect(),
        ))
        .consistent_read(true)
        .build()
        .unwrap();
    let out = c
        .batch_get_item()
        .request_items("users", users_keys)
        .request_items("orders", orders_keys)
        .send()
        .await
        .expect("BatchGetItem");
    assert!(
        out.unprocessed_keys().is_none_or(|u| u.is_empty()),
        "{:?}",
        out.unprocessed_keys()
    );
    let responses = out.responses().expect("Responses");

    let users = &responses["users"];
    let got: BTreeSet<String> = users
        .iter()
        .map(|u| u["pk"].as_s().unwrap().clone())
        .collect();
    let expected: BTreeSet<String> = (2..6).map(|i| format!("user{i:02}")).collect();
    assert_eq!(got, expected, "deleted users are missing");
    for u in users {
        assert_eq!(u.len(), 2, "projected to pk, age: {u:?}");
        let want = if u["pk"] == s("user03") {
            n(99)
        } else {
            user(u["pk"].as_s().unwrap()[4..].parse().unwrap())["age"].clone()
        };
        assert_eq!(u["age"], want);
    }

    let orders = &responses["orders"];
    assert_eq!(orders.len(), 9);
    for o in orders {
        let i: usize = o["sk"].as_s().unwrap()[5..].parse().unwrap();
        assert_ne!(i, 0, "order 0 was deleted");
        assert_eq!(o, &order(i % 3, i));
    }

    server.stop().await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn limits_and_duplicates() {
    let server = SdkServer::start().await;
    let c = &server.client;
    create_table(c, "users", false).await;

    let (code, message) = expect_error(
        c.batch_write_item()
            .request_items("users", vec![put(user(1)), delete(key_of(&user(1), false))])
            .send()
            .await,
    );
    assert_eq!(code, "ValidationException");
    assert_eq!(message, "Provided list of item keys contains duplicates");

    let (code, message) = expect_error(
        c.batch_get_item()
            .request_items(
                "users",
                KeysAndAttributes::builder()
                    .keys(key_of(&user(1), false))
                    .keys(key_of(&user(1), false))
                    .build()
                    .unwrap(),
            )
            .send()
            .await,
    );
    assert_eq!(code, "ValidationException");
    assert_eq!(message, "Provided list of item keys contains duplicates");

    // More than 100 keys for one table break the member's length constraint (today's
    // DynamoDB words it so, as the conformance suite recorded it)...
    let (code, message) = expect_error(
        c.batch_get_item()
            .request_items(
                "users",
                KeysAndAttributes::builder()
                    .set_keys(Some((0..101).map(|i| key_of(&user(i), false)).collect()))
                    .build()
                    .unwrap(),
            )
            .send()
            .await,
    );
    assert_eq!(code, "ValidationException");
    assert_eq!(
        message,
        "1 validation error detected: Value at 'RequestItems.users.member.Keys' failed to \
         satisfy constraint: Member must have length less than or equal to 100"
    );
    // ...and more than 100 over all tables are too many for one call.
    create_table(c, "others", false).await;
    let (code, message) = expect_error(
        c.batch_get_item()
            .request_items(
                "users",
                KeysAndAttributes::builder()
                    .set_keys(Some((0..100).map(|i| key_of(&user(i), false)).collect()))
                    .build()
                    .unwrap(),
            )
            .request_items(
                "others",
                KeysAndAttributes::builder()
                    .keys(key_of(&user(1), false))
                    .build()
                    .unwrap(),
            )
            .send()
            .await,
    );
    assert_eq!(code, "ValidationException");
    assert_eq!(
        message,
        "Too many items requested for the BatchGetItem call"
    );

    // A batch naming a missing table does nothing at all.
    let (code, message) = expect_error(
        c.batch_write_item()
            .request_items("users", vec![put(user(5))])
            .request_items("nope", vec![put(user(6))])
            .send()
            .await,
    );
    assert_eq!(code, "ResourceNotFoundException");
    assert_eq!(message, "Requested resource not found");
    let got = c
        .get_item()
        .table_name("users")
        .key("pk", s("user05"))
        .send()
        .await
        .expect("GetItem");
    assert_eq!(got.item(), None);

    server.stop().await;
}
