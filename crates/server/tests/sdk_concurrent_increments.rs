//! No lost update under concurrency: many tasks, each with its own connections, update
//! one item at the same time through the SDK. Every `ADD counter :one` counts, and an
//! optimistic read-then-conditional-put loop never lets two writers both win one version.

mod sdk;

use aws_sdk_dynamodb::types::ReturnValue;
use sdk::{client, create_table, error_of, n, s, SdkServer};

const TASKS: usize = 16;
const INCREMENTS: usize = 40;

#[tokio::test(flavor = "multi_thread", worker_threads = 4)]
async fn concurrent_adds_all_count() {
    let server = SdkServer::start().await;
    create_table(&server.client, "counters", false).await;

    let mut tasks = Vec::new();
    for _ in 0..TASKS {
        let c = client(&server.endpoint());
        tasks.push(tokio::spawn(async move {
            let mut seen = Vec::with_capacity(INCREMENTS);
            for _ in 0..INCREMENTS {
                let out = c
                    .update_item()
                    .table_name("counters")
                    .key("pk", s("hits"))
                    .update_expression("ADD #c :one")
                    .expression_attribute_names("#c", "counter")
                    .expression_attribute_values(":one", n(1))
                    .return_values(ReturnValue::UpdatedNew)
                    .send()
                    .await
                    .expect("UpdateItem ADD");
                let value = out.attributes().and_then(|a| a.get("counter")).cloned();
                let value: u64 = value
                    .as_ref()
                    .and_then(|v| v.as_n().ok())
                    .expect("UPDATED_NEW counter")
                    .parse()
                    .expect("an integer");
                seen.push(value);
            }
            seen
        }));
    }
    let mut all = Vec::new();
    for t in tasks {
        let seen = t.await.expect("task");
        // Each task's own increments are seen in increasing order.
        assert!(seen.windows(2).all(|w| w[0] < w[1]), "{seen:?}");
        all.extend(seen);
    }

    let total = (TASKS * INCREMENTS) as u64;
    let got = server
        .client
        .get_item()
        .table_name("counters")
        .key("pk", s("hits"))
        .consistent_read(true)
        .send()
        .await
        .expect("GetItem");
    assert_eq!(
        got.item().and_then(|i| i.get("counter")),
        Some(&n(total)),
        "{TASKS} tasks × {INCREMENTS} increments"
    );
    // Every increment saw a distinct new value: 1..=total, each once.
    all.sort_unstable();
    assert_eq!(all, (1..=total).collect::<Vec<_>>());

    server.stop().await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 4)]
async fn optimistic_versions_never_collide() {
    const WINS_PER_TASK: usize = 10;
    let server = SdkServer::start().await;
    create_table(&server.client, "versions", false).await;
    server
        .client
        .put_item()
        .table_name("versions")
        .item("pk", s("doc"))
        .item("version", n(0))
        .send()
        .await
        .expect("PutItem");

    let mut tasks = Vec::new();
    for task in 0..8 {
        let c = client(&server.endpoint());
        tasks.push(tokio::spawn(async move {
            let (mut won, mut lost) = (Vec::new(), 0usize);
            while won.len() < WINS_PER_TASK {
                let current = c
                    .get_item()
                    .table_name("versions")
                    .key("pk", s("doc"))
                    .consistent_read(true)
                    .send()
                    .await
                    .expect("GetItem");
                let version: u64 = current
                    .item()
                    .and_then(|i| i.get("version"))
                    .and_then(|v| v.as_n().ok())
                    .expect("version")
                    .parse()
                    .expect("an integer");
                let put = c
                    .put_item()
                    .table_name("versions")
                    .item("pk", s("doc"))
                    .item("version", n(version + 1))
                    .item("writer", n(task))
                    .condition_expression("version = :read")
                    .expression_attribute_values(":read", n(version))
                    .send()
                    .await;
                match put {
                    Ok(_) => won.push(version + 1),
                    Err(e) => {
                        assert_eq!(error_of(&e).0, "ConditionalCheckFailedException");
                        lost += 1;
                    }
                }
            }
            (won, lost)
        }));
    }
    let mut versions = Vec::new();
    for t in tasks {
        let (won, _lost) = t.await.expect("task");
        versions.extend(won);
    }
    // Each version was won by exactly one writer.
    versions.sort_unstable();
    let total = versions.len() as u64;
    assert_eq!(versions, (1..=total).collect::<Vec<_>>());
    let got = server
        .client
        .get_item()
        .table_name("versions")
        .key("pk", s("doc"))
        .consistent_read(true)
        .send()
        .await
        .expect("GetItem");
    assert_eq!(got.item().and_then(|i| i.get("version")), Some(&n(total)));

    server.stop().await;
}
