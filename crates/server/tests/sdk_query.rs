//! Query through the SDK: key conditions (=, begins_with, BETWEEN, <, >=), reverse order,
//! paging with Limit and ExclusiveStartKey, filters with Count and ScannedCount, Select
//! COUNT, and the same on a global and a local secondary index.

mod sdk;

use std::collections::HashMap;

use aws_sdk_dynamodb::types::{
    AttributeValue, BillingMode, GlobalSecondaryIndex, KeyType, LocalSecondaryIndex,
    ProjectionType, ScalarAttributeType, Select,
};
use aws_sdk_dynamodb::Client;
use sdk::{attr, expect_error, key, n, projection, s, wait_active, SdkServer};

type Item = HashMap<String, AttributeValue>;

/// Table `events`: partition `pk` (S), sort `sk` (S, a date), LSI `by_score` on `score`
/// (N, keys only), GSI `by_kind` on `kind` (S) / `score` (N), all attributes.
async fn create_events(c: &Client) {
    c.create_table()
        .table_name("events")
        .billing_mode(BillingMode::PayPerRequest)
        .attribute_definitions(attr("pk", ScalarAttributeType::S))
        .attribute_definitions(attr("sk", ScalarAttributeType::S))
        .attribute_definitions(attr("score", ScalarAttributeType::N))
        .attribute_definitions(attr("kind", ScalarAttributeType::S))
        .key_schema(key("pk", KeyType::Hash))
        .key_schema(key("sk", KeyType::Range))
        .local_secondary_indexes(
            LocalSecondaryIndex::builder()
                .index_name("by_score")
                .key_schema(key("pk", KeyType::Hash))
                .key_schema(key("score", KeyType::Range))
                .projection(projection(ProjectionType::KeysOnly))
                .build()
                .expect("LSI"),
        )
        .global_secondary_indexes(
            GlobalSecondaryIndex::builder()
                .index_name("by_kind")
                .key_schema(key("kind", KeyType::Hash))
                .key_schema(key("score", KeyType::Range))
                .projection(projection(ProjectionType::All))
                .build()
                .expect("GSI"),
        )
        .send()
        .await
        .expect("CreateTable");
    wait_active(c, "events").await;
}

/// 3 users × 12 months of 2024 and 2 of 2025; kind alternates click/view; score is the
/// month number times the user's number.
async fn load(c: &Client) {
    for user in 1..=3 {
        for (year, months) in [(2024, 12), (2025, 2)] {
            for month in 1..=months {
                c.put_item()
                    .table_name("events")
                    .item("pk", s(&format!("user{user}")))
                    .item("sk", s(&format!("{year}-{month:02}")))
                    .item("score", n(month * user + (year - 2024) * 100))
                    .item("kind", s(if month % 2 == 0 { "click" } else { "view" }))
                    .item("month", n(month))
                    .send()
                    .await
                    .expect("PutItem");
            }
        }
    }
}

fn sks(items: &[Item]) -> Vec<String> {
    items
        .iter()
        .map(|i| i["sk"].as_s().expect("sk").clone())
        .collect()
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn key_conditions_order_and_paging() {
    let server = SdkServer::start().await;
    let c = &server.client;
    create_events(c).await;
    load(c).await;

    // begins_with on the sort key.
    let out = c
        .query()
        .table_name("events")
        .key_condition_expression("pk = :u AND begins_with(sk, :y)")
        .expression_attribute_values(":u", s("user2"))
        .expression_attribute_values(":y", s("2025-"))
        .send()
        .await
        .expect("Query begins_with");
    assert_eq!(sks(out.items()), ["2025-01", "2025-02"]);
    assert_eq!(out.count(), 2);
    assert_eq!(out.last_evaluated_key(), None);

    // BETWEEN, ascending and reversed.
    let between = |forward: bool| {
        c.query()
            .table_name("events")
            .key_condition_expression("#p = :u AND #s BETWEEN :a AND :b")
            .expression_attribute_names("#p", "pk")
            .expression_attribute_names("#s", "sk")
            .expression_attribute_values(":u", s("user1"))
            .expression_attribute_values(":a", s("2024-11"))
            .expression_attribute_values(":b", s("2025-01"))
            .scan_index_forward(forward)
            .send()
    };
    let out = between(true).await.expect("Query BETWEEN");
    assert_eq!(sks(out.items()), ["2024-11", "2024-12", "2025-01"]);
    let out = between(false).await.expect("Query BETWEEN reversed");
    assert_eq!(sks(out.items()), ["2025-01", "2024-12", "2024-11"]);

    // < and >=.
    let out = c
        .query()
        .table_name("events")
        .key_condition_expression("pk = :u AND sk < :m")
        .expression_attribute_values(":u", s("user3"))
        .expression_attribute_values(":m", s("2024-03"))
        .send()
        .await
        .expect("Query <");
    assert_eq!(sks(out.items()), ["2024-01", "2024-02"]);
    let out = c
        .query()
        .table_name("events")
        .key_condition_expression("pk = :u AND sk >= :m")
        .expression_attribute_values(":u", s("user3"))
        .expression_attribute_values(":m", s("2024-12"))
        .send()
        .await
        .expect("Query >=");
    assert_eq!(sks(out.items()), ["2024-12", "2025-01", "2025-02"]);

    // Paging with Limit, forwards and backwards, by hand.
    for forward in [true, false] {
        let mut seen = Vec::new();
        let mut start = None;
        let mut pages = 0;
        loop {
            let out = c
                .query()
                .table_name("events")
                .key_condition_expression("pk = :u")
                .expression_attribute_values(":u", s("user1"))
                .scan_index_forward(forward)
                .limit(5)
                .set_exclusive_start_key(start.take())
                .send()
                .await
                .expect("Query page");
            pages += 1;
            assert!(out.items().len() <= 5);
            seen.extend(sks(out.items()));
            match out.last_evaluated_key() {
                Some(k) => {
                    assert_eq!(k.len(), 2, "table key only: {k:?}");
                    assert_eq!(k.get("sk"), out.items().last().and_then(|i| i.get("sk")));
                    start = Some(k.clone());
                }
                None => break,
            }
            assert!(pages <= 4, "paging does not end");
        }
        let mut expected: Vec<String> = (1..=12)
            .map(|m| format!("2024-{m:02}"))
            .chain((1..=2).map(|m| format!("2025-{m:02}")))
            .collect();
        if !forward {
            expected.reverse();
        }
        assert_eq!(seen, expected, "forward: {forward}");
        // 14 items: pages of 5, 5, 4 (a full last page may add an empty one).
        assert!((3..=4).contains(&pages), "{pages} pages");
    }

    // The SDK's paginator gets the same.
    let all: Vec<Item> = c
        .query()
        .table_name("events")
        .key_condition_expression("pk = :u")
        .expression_attribute_values(":u", s("user2"))
        .limit(3)
        .into_paginator()
        .items()
        .send()
        .collect::<Result<Vec<_>, _>>()
        .await
        .expect("Query paginator");
    assert_eq!(all.len(), 14);

    // A filter counts after the read: Count is what matched, ScannedCount what was read.
    let out = c
        .query()
        .table_name("events")
        .key_condition_expression("pk = :u AND begins_with(sk, :y)")
        .filter_expression("kind = :k AND #m > :m")
        .expression_attribute_names("#m", "month")
        .expression_attribute_values(":u", s("user1"))
        .expression_attribute_values(":y", s("2024"))
        .expression_attribute_values(":k", s("click"))
        .expression_attribute_values(":m", n(6))
        .projection_expression("sk, kind")
        .send()
        .await
        .expect("Query with a filter");
    assert_eq!(sks(out.items()), ["2024-08", "2024-10", "2024-12"]);
    assert_eq!(out.count(), 3);
    assert_eq!(out.scanned_count(), 12);
    assert!(out.items().iter().all(|i| i.len() == 2), "projected");

    let out = c
        .query()
        .table_name("events")
        .key_condition_expression("pk = :u")
        .expression_attribute_values(":u", s("user3"))
        .select(Select::Count)
        .send()
        .await
        .expect("Query COUNT");
    assert_eq!(out.count(), 14);
    assert!(out.items().is_empty());

    // A key condition on a non-key attribute is refused.
    let (code, message) = expect_error(
        c.query()
            .table_name("events")
            .key_condition_expression("pk = :u AND kind = :k")
            .expression_attribute_values(":u", s("user3"))
            .expression_attribute_values(":k", s("click"))
            .send()
            .await,
    );
    assert_eq!(code, "ValidationException");
    assert_eq!(message, "Query condition missed key schema element: sk");

    server.stop().await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn global_index() {
    let server = SdkServer::start().await;
    let c = &server.client;
    create_events(c).await;
    load(c).await;

    // Across every user: the clicks with score between 10 and 20, ordered by score.
    let out = c
        .query()
        .table_name("events")
        .index_name("by_kind")
        .key_condition_expression("kind = :k AND score BETWEEN :lo AND :hi")
        .expression_attribute_values(":k", s("click"))
        .expression_attribute_values(":lo", n(10))
        .expression_attribute_values(":hi", n(20))
        .send()
        .await
        .expect("Query on the GSI");
    let scores: Vec<i64> = out
        .items()
        .iter()
        .map(|i| i["score"].as_n().unwrap().parse().unwrap())
        .collect();
    // Clicks are even months: user1 {10,12}, user2 {12,16,20}, user3 {12,18}.
    let mut expected = vec![10, 12, 12, 12, 16, 18, 20];
    assert_eq!(scores, expected);
    assert!(out.items().iter().all(|i| i.len() == 5), "ALL projection");

    // Paged in reverse, the pages' keys carry the index key and the table key.
    let mut seen = Vec::new();
    let mut start = None;
    loop {
        let out = c
            .query()
            .table_name("events")
            .index_name("by_kind")
            .key_condition_expression("kind = :k AND score BETWEEN :lo AND :hi")
            .expression_attribute_values(":k", s("click"))
            .expression_attribute_values(":lo", n(10))
            .expression_attribute_values(":hi", n(20))
            .scan_index_forward(false)
            .limit(2)
            .set_exclusive_start_key(start.take())
            .send()
            .await
            .expect("Query page on the GSI");
        seen.extend(
            out.items()
                .iter()
                .map(|i| i["score"].as_n().unwrap().parse::<i64>().unwrap()),
        );
        match out.last_evaluated_key() {
            Some(k) => {
                let mut names: Vec<&str> = k.keys().map(String::as_str).collect();
                names.sort_unstable();
                assert_eq!(names, ["kind", "pk", "score", "sk"]);
                start = Some(k.clone());
            }
            None => break,
        }
    }
    expected.reverse();
    assert_eq!(seen, expected);

    // Items without the index key are not in the index; changing it moves the item.
    c.put_item()
        .table_name("events")
        .item("pk", s("user9"))
        .item("sk", s("2024-01"))
        .item("score", n(11))
        .send()
        .await
        .expect("PutItem without kind");
    c.update_item()
        .table_name("events")
        .key("pk", s("user1"))
        .key("sk", s("2024-10"))
        .update_expression("SET kind = :v")
        .expression_attribute_values(":v", s("view"))
        .send()
        .await
        .expect("UpdateItem of the index key");
    let out = c
        .query()
        .table_name("events")
        .index_name("by_kind")
        .key_condition_expression("kind = :k AND score BETWEEN :lo AND :hi")
        .expression_attribute_values(":k", s("click"))
        .expression_attribute_values(":lo", n(10))
        .expression_attribute_values(":hi", n(20))
        .send()
        .await
        .expect("Query on the GSI");
    assert_eq!(out.count(), 6);

    // Consistent reads are not offered on a global index.
    let (code, message) = expect_error(
        c.query()
            .table_name("events")
            .index_name("by_kind")
            .key_condition_expression("kind = :k")
            .expression_attribute_values(":k", s("click"))
            .consistent_read(true)
            .send()
            .await,
    );
    assert_eq!(code, "ValidationException");
    assert_eq!(
        message,
        "Consistent reads are not supported on global secondary indexes"
    );

    server.stop().await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn local_index() {
    let server = SdkServer::start().await;
    let c = &server.client;
    create_events(c).await;
    load(c).await;

    // user3's events by score (3 × month, and 100 + 3 × month in 2025), top three.
    let out = c
        .query()
        .table_name("events")
        .index_name("by_score")
        .key_condition_expression("pk = :u AND score > :min")
        .expression_attribute_values(":u", s("user3"))
        .expression_attribute_values(":min", n(30))
        .scan_index_forward(false)
        .limit(3)
        .send()
        .await
        .expect("Query on the LSI");
    let scores: Vec<&str> = out
        .items()
        .iter()
        .map(|i| i["score"].as_n().unwrap().as_str())
        .collect();
    assert_eq!(scores, ["106", "103", "36"]);
    // KEYS_ONLY: the table key and the index key.
    for item in out.items() {
        let mut names: Vec<&str> = item.keys().map(String::as_str).collect();
        names.sort_unstable();
        assert_eq!(names, ["pk", "score", "sk"]);
    }
    let last = out.last_evaluated_key().expect("more to come");
    assert_eq!(last.get("score"), Some(&n(36)));
    assert_eq!(last.get("sk"), Some(&s("2024-12")));

    let next = c
        .query()
        .table_name("events")
        .index_name("by_score")
        .key_condition_expression("pk = :u AND score > :min")
        .expression_attribute_values(":u", s("user3"))
        .expression_attribute_values(":min", n(30))
        .scan_index_forward(false)
        .set_exclusive_start_key(Some(last.clone()))
        .send()
        .await
        .expect("next page on the LSI");
    let scores: Vec<&str> = next
        .items()
        .iter()
        .map(|i| i["score"].as_n().unwrap().as_str())
        .collect();
    assert_eq!(scores, ["33"]);

    // A local index offers consistent reads, and fetching an attribute it does not
    // project reads the table.
    let out = c
        .query()
        .table_name("events")
        .index_name("by_score")
        .key_condition_expression("pk = :u AND score = :v")
        .expression_attribute_values(":u", s("user2"))
        .expression_attribute_values(":v", n(8))
        .consistent_read(true)
        .projection_expression("sk, #m")
        .expression_attribute_names("#m", "month")
        .send()
        .await
        .expect("Query on the LSI fetching a table attribute");
    assert_eq!(out.items().len(), 1);
    assert_eq!(out.items()[0].get("sk"), Some(&s("2024-04")));
    assert_eq!(out.items()[0].get("month"), Some(&n(4)));

    server.stop().await;
}
