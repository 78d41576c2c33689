//! UpdateTable adds a global secondary index to a table that already holds items: the
//! index is `CREATING` (and not readable) at first, then `ACTIVE` with every existing item
//! backfilled and new writes maintained; deleting it takes it away again.

mod sdk;

use std::time::Duration;

use aws_sdk_dynamodb::types::{
    CreateGlobalSecondaryIndexAction, DeleteGlobalSecondaryIndexAction, GlobalSecondaryIndexUpdate,
    IndexStatus, KeyType, Projection, ProjectionType, ScalarAttributeType, TableStatus,
};
use aws_sdk_dynamodb::Client;
use cairn_dynamo::DatabaseOptions;
use sdk::{attr, create_table, expect_error, key, n, s, wait_active, SdkServer};

/// How long an UpdateTable transition takes on the test server: long enough for the
/// checks made while the index is `CREATING`, even on a loaded machine.
const DELAY: Duration = Duration::from_secs(1);

async fn query_city(c: &Client, city: &str) -> Result<Vec<String>, (String, String)> {
    let out = c
        .query()
        .table_name("people")
        .index_name("by_city")
        .key_condition_expression("city = :c AND age >= :min")
        .expression_attribute_values(":c", s(city))
        .expression_attribute_values(":min", n(0))
        .send()
        .await;
    match out {
        Ok(out) => Ok(out
            .items()
            .iter()
            .map(|i| i["pk"].as_s().unwrap().clone())
            .collect()),
        Err(e) => Err(sdk::error_of(&e)),
    }
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn create_index_then_query_it() {
    let server = SdkServer::start_with_options(DatabaseOptions {
        update_delay: DELAY,
        ..DatabaseOptions::default()
    })
    .await;
    let c = &server.client;
    create_table(c, "people", false).await;
    for (i, city) in ["Oslo", "Lima", "Oslo", "Pune", "Oslo"].iter().enumerate() {
        c.put_item()
            .table_name("people")
            .item("pk", s(&format!("person{i}")))
            .item("city", s(city))
            .item("age", n(50 - i * 10))
            .send()
            .await
            .expect("PutItem");
    }
    // An item without the index's sort key stays out of the index.
    c.put_item()
        .table_name("people")
        .item("pk", s("ageless"))
        .item("city", s("Oslo"))
        .send()
        .await
        .expect("PutItem");

    let out = c
        .update_table()
        .table_name("people")
        .attribute_definitions(attr("city", ScalarAttributeType::S))
        .attribute_definitions(attr("age", ScalarAttributeType::N))
        .global_secondary_index_updates(
            GlobalSecondaryIndexUpdate::builder()
                .create(
                    CreateGlobalSecondaryIndexAction::builder()
                        .index_name("by_city")
                        .key_schema(key("city", KeyType::Hash))
                        .key_schema(key("age", KeyType::Range))
                        .projection(
                            Projection::builder()
                                .projection_type(ProjectionType::Include)
                                .non_key_attributes("pk")
                                .build(),
                        )
                        .build()
                        .expect("create action"),
                )
                .build(),
        )
        .send()
        .await
        .expect("UpdateTable creating an index");
    let desc = out.table_description().expect("TableDescription");
    assert_eq!(desc.table_status(), Some(&TableStatus::Updating));
    let gsi = &desc.global_secondary_indexes()[0];
    assert_eq!(gsi.index_name(), Some("by_city"));
    assert_eq!(gsi.index_status(), Some(&IndexStatus::Creating));
    assert_eq!(gsi.backfilling(), Some(true));

    // Not readable while it is being built.
    assert_eq!(
        query_city(c, "Oslo").await,
        Err((
            "ValidationException".to_owned(),
            "Cannot read from backfilling global secondary index: by_city".to_owned()
        ))
    );
    // Another index change waits for this one.
    let (code, _) = expect_error(
        c.update_table()
            .table_name("people")
            .global_secondary_index_updates(
                GlobalSecondaryIndexUpdate::builder()
                    .delete(
                        DeleteGlobalSecondaryIndexAction::builder()
                            .index_name("by_city")
                            .build()
                            .unwrap(),
                    )
                    .build(),
            )
            .send()
            .await,
    );
    assert_eq!(code, "ResourceInUseException");

    // A write during the backfill is in the index too.
    c.put_item()
        .table_name("people")
        .item("pk", s("late"))
        .item("city", s("Oslo"))
        .item("age", n(5))
        .send()
        .await
        .expect("PutItem during the backfill");

    wait_active(c, "people").await;
    let table = c
        .describe_table()
        .table_name("people")
        .send()
        .await
        .expect("DescribeTable")
        .table()
        .cloned()
        .unwrap();
    let gsi = &table.global_secondary_indexes()[0];
    assert_eq!(gsi.index_status(), Some(&IndexStatus::Active));
    assert_eq!(gsi.backfilling(), None);

    assert_eq!(
        query_city(c, "Oslo").await.expect("Query on the new index"),
        ["late", "person4", "person2", "person0"]
    );
    assert_eq!(query_city(c, "Lima").await.unwrap(), ["person1"]);

    // Writes after it is ACTIVE move items between partitions of the index.
    c.update_item()
        .table_name("people")
        .key("pk", s("person0"))
        .update_expression("SET city = :c")
        .expression_attribute_values(":c", s("Lima"))
        .send()
        .await
        .expect("UpdateItem");
    c.delete_item()
        .table_name("people")
        .key("pk", s("person4"))
        .send()
        .await
        .expect("DeleteItem");
    assert_eq!(query_city(c, "Oslo").await.unwrap(), ["late", "person2"]);
    assert_eq!(query_city(c, "Lima").await.unwrap(), ["person1", "person0"]);

    // Deleting the index.
    let out = c
        .update_table()
        .table_name("people")
        .global_secondary_index_updates(
            GlobalSecondaryIndexUpdate::builder()
                .delete(
                    DeleteGlobalSecondaryIndexAction::builder()
                        .index_name("by_city")
                        .build()
                        .unwrap(),
                )
                .build(),
        )
        .send()
        .await
        .expect("UpdateTable deleting the index");
    let gsis = out
        .table_description()
        .map(|d| d.global_secondary_indexes().to_vec())
        .unwrap_or_default();
    assert!(
        gsis.iter()
            .all(|g| g.index_status() == Some(&IndexStatus::Deleting)),
        "{gsis:?}"
    );
    let deadline = tokio::time::Instant::now() + sdk::STEP;
    loop {
        let table = c
            .describe_table()
            .table_name("people")
            .send()
            .await
            .expect("DescribeTable")
            .table()
            .cloned()
            .unwrap();
        if table.table_status() == Some(&TableStatus::Active)
            && table.global_secondary_indexes().is_empty()
        {
            break;
        }
        assert!(tokio::time::Instant::now() < deadline, "{table:?}");
        tokio::time::sleep(Duration::from_millis(20)).await;
    }
    assert_eq!(
        query_city(c, "Oslo").await,
        Err((
            "ValidationException".to_owned(),
            "The table does not have the specified index: by_city".to_owned()
        ))
    );
    // The table's own items are untouched.
    let out = c.scan().table_name("people").send().await.expect("Scan");
    assert_eq!(out.count(), 6);

    server.stop().await;
}
