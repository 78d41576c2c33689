//! A table's life through the SDK: CreateTable, DescribeTable, ListTables page by page,
//! DeleteTable, the ResourceNotFoundException for a table that is not there, and the
//! CREATING and DELETING states when the server is told to make them last.

mod sdk;

use aws_sdk_dynamodb::types::{
    BillingMode, KeyType, ProvisionedThroughput, ScalarAttributeType, TableStatus,
};
use sdk::{attr, create_table, expect_error, key, SdkServer};

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn create_describe_delete() {
    let server = SdkServer::start().await;
    let c = &server.client;

    let created = c
        .create_table()
        .table_name("Music")
        .attribute_definitions(attr("Artist", ScalarAttributeType::S))
        .attribute_definitions(attr("Year", ScalarAttributeType::N))
        .key_schema(key("Artist", KeyType::Hash))
        .key_schema(key("Year", KeyType::Range))
        .provisioned_throughput(
            ProvisionedThroughput::builder()
                .read_capacity_units(5)
                .write_capacity_units(3)
                .build()
                .unwrap(),
        )
        .send()
        .await
        .expect("CreateTable");
    let desc = created.table_description().expect("TableDescription");
    assert_eq!(desc.table_name(), Some("Music"));
    assert_eq!(
        desc.table_arn(),
        Some("arn:aws:dynamodb:us-east-1:000000000000:table/Music")
    );
    assert_eq!(desc.key_schema().len(), 2);
    assert_eq!(desc.key_schema()[0].attribute_name(), "Artist");
    assert_eq!(desc.key_schema()[0].key_type(), &KeyType::Hash);
    assert_eq!(desc.key_schema()[1].attribute_name(), "Year");
    assert_eq!(desc.key_schema()[1].key_type(), &KeyType::Range);
    let throughput = desc
        .provisioned_throughput()
        .expect("ProvisionedThroughput");
    assert_eq!(throughput.read_capacity_units(), Some(5));
    assert_eq!(throughput.write_capacity_units(), Some(3));
    assert!(desc.creation_date_time().is_some());

    let described = c
        .describe_table()
        .table_name("Music")
        .send()
        .await
        .expect("DescribeTable");
    let table = described.table().expect("Table");
    assert_eq!(table.table_status(), Some(&TableStatus::Active));
    assert_eq!(table.item_count(), Some(0));
    assert_eq!(table.table_size_bytes(), Some(0));
    let mut defs: Vec<(String, ScalarAttributeType)> = table
        .attribute_definitions()
        .iter()
        .map(|d| (d.attribute_name().to_owned(), d.attribute_type().clone()))
        .collect();
    defs.sort_by(|a, b| a.0.cmp(&b.0));
    assert_eq!(
        defs,
        vec![
            ("Artist".to_owned(), ScalarAttributeType::S),
            ("Year".to_owned(), ScalarAttributeType::N),
        ]
    );

    // A second CreateTable of the same name is refused.
    let (code, message) = expect_error(
        c.create_table()
            .table_name("Music")
            .billing_mode(BillingMode::PayPerRequest)
            .attribute_definitions(attr("Artist", ScalarAttributeType::S))
            .key_schema(key("Artist", KeyType::Hash))
            .send()
            .await,
    );
    assert_eq!(code, "ResourceInUseException");
    assert_eq!(message, "Table already exists: Music");

    let deleted = c
        .delete_table()
        .table_name("Music")
        .send()
        .await
        .expect("DeleteTable");
    let desc = deleted.table_description().expect("TableDescription");
    assert_eq!(desc.table_name(), Some("Music"));
    assert_eq!(desc.table_status(), Some(&TableStatus::Deleting));

    let (code, message) = expect_error(c.describe_table().table_name("Music").send().await);
    assert_eq!(code, "ResourceNotFoundException");
    assert_eq!(
        message,
        "Requested resource not found: Table: Music not found"
    );
    let listed = c.list_tables().send().await.expect("ListTables");
    assert!(listed.table_names().is_empty(), "{listed:?}");

    server.stop().await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn missing_table_is_not_found() {
    let server = SdkServer::start().await;
    let c = &server.client;

    let (code, message) = expect_error(c.describe_table().table_name("nope").send().await);
    assert_eq!(code, "ResourceNotFoundException");
    assert_eq!(
        message,
        "Requested resource not found: Table: nope not found"
    );

    let (code, message) = expect_error(c.delete_table().table_name("nope").send().await);
    assert_eq!(code, "ResourceNotFoundException");
    assert_eq!(
        message,
        "Requested resource not found: Table: nope not found"
    );

    let (code, message) = expect_error(
        c.get_item()
            .table_name("nope")
            .key("pk", sdk::s("a"))
            .send()
            .await,
    );
    assert_eq!(code, "ResourceNotFoundException");
    assert_eq!(message, "Requested resource not found");

    server.stop().await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn list_tables_pages() {
    let server = SdkServer::start().await;
    let c = &server.client;
    let mut names: Vec<String> = (0..7).map(|i| format!("table-{i:02}")).collect();
    // Created out of order: the listing is sorted by name.
    names.reverse();
    for name in &names {
        create_table(c, name, false).await;
    }
    names.sort();

    let mut seen = Vec::new();
    let mut start: Option<String> = None;
    let mut pages = 0;
    loop {
        let out = c
            .list_tables()
            .limit(3)
            .set_exclusive_start_table_name(start.clone())
            .send()
            .await
            .expect("ListTables");
        pages += 1;
        assert!(out.table_names().len() <= 3, "{out:?}");
        seen.extend(out.table_names().iter().cloned());
        match out.last_evaluated_table_name() {
            Some(last) => {
                assert_eq!(Some(last), out.table_names().last().map(String::as_str));
                start = Some(last.to_owned());
            }
            None => break,
        }
        assert!(pages < 10, "paging does not end");
    }
    assert_eq!(seen, names);
    assert_eq!(pages, 3);

    // The SDK's paginator walks the same pages.
    let all: Vec<String> = c
        .list_tables()
        .limit(2)
        .into_paginator()
        .items()
        .send()
        .collect::<Result<Vec<_>, _>>()
        .await
        .expect("ListTables paginator");
    assert_eq!(all, names);

    // Without a limit every name comes in one page.
    let out = c.list_tables().send().await.expect("ListTables");
    assert_eq!(out.table_names(), names.as_slice());
    assert_eq!(out.last_evaluated_table_name(), None);

    server.stop().await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn creating_and_deleting_take_time() {
    let delay = std::time::Duration::from_millis(500);
    let server = SdkServer::start_with_options(cairn_dynamo::DatabaseOptions {
        create_delay: delay,
        delete_delay: delay,
        ..cairn_dynamo::DatabaseOptions::default()
    })
    .await;
    let c = &server.client;

    let started = std::time::Instant::now();
    let created = c
        .create_table()
        .table_name("slow")
        .billing_mode(BillingMode::PayPerRequest)
        .attribute_definitions(attr("pk", ScalarAttributeType::S))
        .key_schema(key("pk", KeyType::Hash))
        .send()
        .await
        .expect("CreateTable");
    assert_eq!(
        created.table_description().and_then(|d| d.table_status()),
        Some(&TableStatus::Creating)
    );
    let described = c
        .describe_table()
        .table_name("slow")
        .send()
        .await
        .expect("DescribeTable");
    assert_eq!(
        described.table().and_then(|t| t.table_status()),
        Some(&TableStatus::Creating)
    );
    let (code, message) = expect_error(c.delete_table().table_name("slow").send().await);
    assert_eq!(code, "ResourceInUseException");
    assert_eq!(
        message,
        "Attempt to change a resource which is still in use: Table is being created: slow"
    );

    sdk::wait_active(c, "slow").await;
    assert!(
        started.elapsed() >= delay,
        "ACTIVE after {:?}",
        started.elapsed()
    );

    let deleted = c
        .delete_table()
        .table_name("slow")
        .send()
        .await
        .expect("DeleteTable");
    assert_eq!(
        deleted.table_description().and_then(|d| d.table_status()),
        Some(&TableStatus::Deleting)
    );
    let described = c
        .describe_table()
        .table_name("slow")
        .send()
        .await
        .expect("DescribeTable while DELETING");
    assert_eq!(
        described.table().and_then(|t| t.table_status()),
        Some(&TableStatus::Deleting)
    );
    let deadline = std::time::Instant::now() + sdk::STEP;
    loop {
        match c.describe_table().table_name("slow").send().await {
            Ok(_) => {
                assert!(std::time::Instant::now() < deadline, "never deleted");
                tokio::time::sleep(std::time::Duration::from_millis(20)).await;
            }
            Err(e) => {
                assert_eq!(sdk::error_of(&e).0, "ResourceNotFoundException");
                break;
            }
        }
    }

    server.stop().await;
}
