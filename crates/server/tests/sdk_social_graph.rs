//! A social graph's "fan of" relation through the SDK, each direction answered by one
//! Query with begins_with.
//!
//! An entity is `content_type.entity_id` (`user.1`, `artist.7`). Two key designs:
//!
//! - Reverse items: "user.1 is a fan of artist.7" is stored twice, as (`user.1`,
//!   `FAN_OF.artist.7`) and (`artist.7`, `FANNED_BY.user.1`), both in one BatchWriteItem.
//!   Fans of: `pk = user.1 AND begins_with(sk, "FAN_OF.")`; fanned by: `pk = artist.7 AND
//!   begins_with(sk, "FANNED_BY.")`.
//! - Inverted index: only (`user.1`, `FAN_OF.artist.7`) is stored; a global secondary index
//!   keyed by (`sk`, `pk`) answers the other direction: `sk = FAN_OF.artist.7 AND
//!   begins_with(pk, "user.")`.

mod sdk;

use std::collections::HashMap;

use aws_sdk_dynamodb::types::{
    AttributeValue, BillingMode, GlobalSecondaryIndex, KeyType, ProjectionType, PutRequest,
    ScalarAttributeType, WriteRequest,
};
use aws_sdk_dynamodb::Client;
use sdk::{attr, create_table, key, n, projection, s, wait_active, SdkServer};

/// (fan, of): who is a fan of what.
const EDGES: &[(&str, &str)] = &[
    ("user.1", "artist.7"),
    ("user.1", "artist.3"),
    ("user.1", "band.2"),
    ("user.2", "artist.7"),
    ("user.3", "artist.7"),
    ("user.10", "artist.7"),
    ("artist.3", "artist.7"),
    ("user.2", "band.2"),
];

fn edge(pk: &str, sk: String) -> WriteRequest {
    let item = HashMap::from([
        ("pk".to_owned(), s(pk)),
        ("sk".to_owned(), s(&sk)),
        ("since".to_owned(), n(2026)),
    ]);
    WriteRequest::builder()
        .put_request(PutRequest::builder().set_item(Some(item)).build().unwrap())
        .build()
}

/// The sort keys (or, on the index, the partition keys) one Query returns, page by page
/// with `limit`.
async fn query(
    c: &Client,
    index: Option<&str>,
    condition: &str,
    eq: &str,
    prefix: &str,
    forward: bool,
    limit: i32,
) -> Vec<String> {
    let answer = if index.is_some() { "pk" } else { "sk" };
    let mut out = Vec::new();
    let mut start: Option<HashMap<String, AttributeValue>> = None;
    loop {
        let page = c
            .query()
            .table_name("graph")
            .set_index_name(index.map(str::to_owned))
            .key_condition_expression(condition)
            .expression_attribute_values(":eq", s(eq))
            .expression_attribute_values(":prefix", s(prefix))
            .scan_index_forward(forward)
            .limit(limit)
            .set_exclusive_start_key(start.take())
            .send()
            .await
            .expect("Query");
        out.extend(
            page.items()
                .iter()
                .map(|i| i[answer].as_s().expect("a string key").clone()),
        );
        match page.last_evaluated_key() {
            Some(k) => start = Some(k.clone()),
            None => return out,
        }
        assert!(out.len() <= 100, "paging does not end");
    }
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn reverse_items() {
    let server = SdkServer::start().await;
    let c = &server.client;
    create_table(c, "graph", true).await;
    for (fan, of) in EDGES {
        c.batch_write_item()
            .request_items(
                "graph",
                vec![
                    edge(fan, format!("FAN_OF.{of}")),
                    edge(of, format!("FANNED_BY.{fan}")),
                ],
            )
            .send()
            .await
            .expect("BatchWriteItem of both directions");
    }
    let by_pk = "pk = :eq AND begins_with(sk, :prefix)";

    // What is user.1 a fan of? One Query, sort key order, paged by 2.
    assert_eq!(
        query(c, None, by_pk, "user.1", "FAN_OF.", true, 2).await,
        ["FAN_OF.artist.3", "FAN_OF.artist.7", "FAN_OF.band.2"]
    );
    // Narrowed to one content type.
    assert_eq!(
        query(c, None, by_pk, "user.1", "FAN_OF.artist.", true, 10).await,
        ["FAN_OF.artist.3", "FAN_OF.artist.7"]
    );
    // Who are artist.7's fans? Its FAN_OF edge (it is a fan of nothing) stays out.
    assert_eq!(
        query(c, None, by_pk, "artist.7", "FANNED_BY.", true, 2).await,
        [
            "FANNED_BY.artist.3",
            "FANNED_BY.user.1",
            "FANNED_BY.user.10",
            "FANNED_BY.user.2",
            "FANNED_BY.user.3",
        ]
    );
    // Its fans that are users, newest key first.
    assert_eq!(
        query(c, None, by_pk, "artist.7", "FANNED_BY.user.", false, 3).await,
        [
            "FANNED_BY.user.3",
            "FANNED_BY.user.2",
            "FANNED_BY.user.10",
            "FANNED_BY.user.1",
        ]
    );
    // artist.3 is both a fan and fanned: each direction sees only its own edges.
    assert_eq!(
        query(c, None, by_pk, "artist.3", "FAN_OF.", true, 10).await,
        ["FAN_OF.artist.7"]
    );
    assert_eq!(
        query(c, None, by_pk, "artist.3", "FANNED_BY.", true, 10).await,
        ["FANNED_BY.user.1"]
    );

    // Counting fans without reading them.
    let count = c
        .query()
        .table_name("graph")
        .key_condition_expression(by_pk)
        .expression_attribute_values(":eq", s("band.2"))
        .expression_attribute_values(":prefix", s("FANNED_BY."))
        .select(aws_sdk_dynamodb::types::Select::Count)
        .send()
        .await
        .expect("Query COUNT");
    assert_eq!(count.count(), 2);

    server.stop().await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn inverted_index() {
    let server = SdkServer::start().await;
    let c = &server.client;
    c.create_table()
        .table_name("graph")
        .billing_mode(BillingMode::PayPerRequest)
        .attribute_definitions(attr("pk", ScalarAttributeType::S))
        .attribute_definitions(attr("sk", ScalarAttributeType::S))
        .key_schema(key("pk", KeyType::Hash))
        .key_schema(key("sk", KeyType::Range))
        .global_secondary_indexes(
            GlobalSecondaryIndex::builder()
                .index_name("inverted")
                .key_schema(key("sk", KeyType::Hash))
                .key_schema(key("pk", KeyType::Range))
                .projection(projection(ProjectionType::KeysOnly))
                .build()
                .expect("GSI"),
        )
        .send()
        .await
        .expect("CreateTable");
    wait_active(c, "graph").await;
    for (fan, of) in EDGES {
        c.put_item()
            .table_name("graph")
            .item("pk", s(fan))
            .item("sk", s(&format!("FAN_OF.{of}")))
            .send()
            .await
            .expect("PutItem");
    }

    // One direction on the table...
    assert_eq!(
        query(
            c,
            None,
            "pk = :eq AND begins_with(sk, :prefix)",
            "user.2",
            "FAN_OF.",
            true,
            1
        )
        .await,
        ["FAN_OF.artist.7", "FAN_OF.band.2"]
    );
    // ...the other on the index: artist.7's fans that are users, one Query, paged by 2.
    let on_index = "sk = :eq AND begins_with(pk, :prefix)";
    assert_eq!(
        query(
            c,
            Some("inverted"),
            on_index,
            "FAN_OF.artist.7",
            "user.",
            true,
            2
        )
        .await,
        ["user.1", "user.10", "user.2", "user.3"]
    );
    assert_eq!(
        query(
            c,
            Some("inverted"),
            "sk = :eq AND pk >= :prefix",
            "FAN_OF.artist.7",
            "a",
            false,
            10
        )
        .await,
        ["user.3", "user.2", "user.10", "user.1", "artist.3"]
    );

    // Unfollowing removes the edge from both directions at once.
    c.delete_item()
        .table_name("graph")
        .key("pk", s("user.10"))
        .key("sk", s("FAN_OF.artist.7"))
        .send()
        .await
        .expect("DeleteItem");
    assert_eq!(
        query(
            c,
            Some("inverted"),
            on_index,
            "FAN_OF.artist.7",
            "user.",
            true,
            10
        )
        .await,
        ["user.1", "user.2", "user.3"]
    );

    server.stop().await;
}
