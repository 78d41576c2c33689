//! Scan through the SDK: paging with Limit and ExclusiveStartKey reads every item once,
//! parallel segments split the table so that together they read every item exactly once,
//! filters count after the read, and an index can be scanned.

mod sdk;

use std::collections::{BTreeMap, HashMap};

use aws_sdk_dynamodb::types::{AttributeValue, Select};
use aws_sdk_dynamodb::Client;
use sdk::{client, create_table, expect_error, n, s, SdkServer};

const PARTITIONS: usize = 40;
const PER_PARTITION: usize = 5;

type Item = HashMap<String, AttributeValue>;

async fn load(c: &Client) {
    for p in 0..PARTITIONS {
        for i in 0..PER_PARTITION {
            c.put_item()
                .table_name("scanned")
                .item("pk", s(&format!("p{p:03}")))
                .item("sk", s(&format!("{i}")))
                .item("v", n(p * PER_PARTITION + i))
                .send()
                .await
                .expect("PutItem");
        }
    }
}

fn id(item: &Item) -> String {
    format!(
        "{}/{}",
        item["pk"].as_s().expect("pk"),
        item["sk"].as_s().expect("sk")
    )
}

fn all_ids() -> Vec<String> {
    let mut v: Vec<String> = (0..PARTITIONS)
        .flat_map(|p| (0..PER_PARTITION).map(move |i| format!("p{p:03}/{i}")))
        .collect();
    v.sort();
    v
}

/// Every item of segment `segment` of `total` (all segments when `total` is 0), page by
/// page with `limit`.
async fn scan_all(c: &Client, segment: i32, total: i32, limit: i32) -> (Vec<Item>, usize) {
    let mut items = Vec::new();
    let mut start = None;
    let mut pages = 0;
    loop {
        let mut req = c
            .scan()
            .table_name("scanned")
            .limit(limit)
            .set_exclusive_start_key(start.take());
        if total > 0 {
            req = req.segment(segment).total_segments(total);
        }
        let out = req.send().await.expect("Scan page");
        pages += 1;
        assert!(out.items().len() <= limit as usize);
        assert_eq!(out.count() as usize, out.items().len());
        assert_eq!(out.scanned_count(), out.count());
        items.extend(out.items().iter().cloned());
        match out.last_evaluated_key() {
            Some(k) => start = Some(k.clone()),
            None => break,
        }
        assert!(pages <= 1000, "paging does not end");
    }
    (items, pages)
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn pages_read_every_item_once() {
    let server = SdkServer::start().await;
    let c = &server.client;
    create_table(c, "scanned", true).await;
    load(c).await;

    let (items, pages) = scan_all(c, 0, 0, 17).await;
    let mut ids: Vec<String> = items.iter().map(id).collect();
    ids.sort();
    assert_eq!(ids, all_ids());
    let total = PARTITIONS * PER_PARTITION;
    assert!(pages >= total.div_ceil(17), "{pages} pages");

    // Items of one partition come together, in sort key order.
    let order: Vec<String> = items.iter().map(id).collect();
    for p in 0..PARTITIONS {
        let prefix = format!("p{p:03}/");
        let at: Vec<usize> = order
            .iter()
            .enumerate()
            .filter(|(_, x)| x.starts_with(&prefix))
            .map(|(i, _)| i)
            .collect();
        assert_eq!(at.len(), PER_PARTITION);
        assert_eq!(at[PER_PARTITION - 1] - at[0], PER_PARTITION - 1, "{prefix}");
        let sks: Vec<&String> = at.iter().map(|&i| &order[i]).collect();
        let mut sorted = sks.clone();
        sorted.sort();
        assert_eq!(sks, sorted);
    }

    // The SDK's paginator agrees.
    let all: Vec<Item> = c
        .scan()
        .table_name("scanned")
        .limit(50)
        .into_paginator()
        .items()
        .send()
        .collect::<Result<Vec<_>, _>>()
        .await
        .expect("Scan paginator");
    assert_eq!(all.len(), total);

    server.stop().await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 4)]
async fn parallel_segments_cover_every_item_once() {
    let server = SdkServer::start().await;
    create_table(&server.client, "scanned", true).await;
    load(&server.client).await;

    for total in [1, 3, 8] {
        let mut tasks = Vec::new();
        for segment in 0..total {
            let c = client(&server.endpoint());
            tasks.push(tokio::spawn(async move {
                scan_all(&c, segment, total, 7).await.0
            }));
        }
        let mut count: BTreeMap<String, usize> = BTreeMap::new();
        let mut segment_of: BTreeMap<String, usize> = BTreeMap::new();
        for (segment, t) in tasks.into_iter().enumerate() {
            for item in t.await.expect("segment task") {
                *count.entry(id(&item)).or_default() += 1;
                // A partition belongs to one segment.
                let pk = item["pk"].as_s().unwrap().clone();
                let owner = *segment_of.entry(pk.clone()).or_insert(segment);
                assert_eq!(owner, segment, "{pk} in two segments of {total}");
            }
        }
        let ids: Vec<String> = count.keys().cloned().collect();
        assert_eq!(ids, all_ids(), "{total} segments");
        assert!(
            count.values().all(|&c| c == 1),
            "{total} segments: {count:?}"
        );
    }

    let (code, message) = expect_error(
        server
            .client
            .scan()
            .table_name("scanned")
            .segment(4)
            .total_segments(4)
            .send()
            .await,
    );
    assert_eq!(code, "ValidationException");
    assert_eq!(
        message,
        "The Segment parameter is zero-based and must be less than parameter TotalSegments: \
         Segment: 4 is not less than TotalSegments: 4"
    );

    server.stop().await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn filters_count_after_the_read() {
    let server = SdkServer::start().await;
    let c = &server.client;
    create_table(c, "scanned", true).await;
    load(c).await;
    let total = (PARTITIONS * PER_PARTITION) as i32;

    // v < 30 (partitions p000 to p005) with an odd sort key (1 or 3).
    let out = c
        .scan()
        .table_name("scanned")
        .filter_expression("v < :max AND NOT contains(:evens, sk)")
        .expression_attribute_values(":max", n(30))
        .expression_attribute_values(
            ":evens",
            AttributeValue::Ss(vec!["0".into(), "2".into(), "4".into()]),
        )
        .projection_expression("v")
        .send()
        .await
        .expect("Scan with a filter");
    let mut vs: Vec<i64> = out
        .items()
        .iter()
        .map(|i| i["v"].as_n().unwrap().parse().unwrap())
        .collect();
    vs.sort_unstable();
    let expected: Vec<i64> = (0..6).flat_map(|p| [p * 5 + 1, p * 5 + 3]).collect();
    assert_eq!(vs, expected);
    assert_eq!(out.count(), 12);
    assert_eq!(out.scanned_count(), total);
    assert!(out.items().iter().all(|i| i.len() == 1), "projected to v");

    // With a Limit, the limit counts items read, not items matched.
    let out = c
        .scan()
        .table_name("scanned")
        .filter_expression("v = :v")
        .expression_attribute_values(":v", n(-1))
        .limit(10)
        .send()
        .await
        .expect("Scan with a filter and a limit");
    assert_eq!(out.count(), 0);
    assert_eq!(out.scanned_count(), 10);
    assert!(out.last_evaluated_key().is_some());

    let out = c
        .scan()
        .table_name("scanned")
        .select(Select::Count)
        .filter_expression("begins_with(pk, :p)")
        .expression_attribute_values(":p", s("p00"))
        .send()
        .await
        .expect("Scan COUNT");
    assert_eq!(out.count(), 10 * PER_PARTITION as i32);
    assert!(out.items().is_empty());

    server.stop().await;
}
