//! Data survives a restart: a server on a directory is stopped (its database closed) and a
//! new one opened on the same directory answers with the same tables, indexes and items,
//! without the ones deleted before the restart.

mod sdk;

use aws_sdk_dynamodb::types::{
    AttributeValue, BillingMode, GlobalSecondaryIndex, KeyType, ProjectionType, ScalarAttributeType,
};
use sdk::{attr, create_table, expect_error, key, n, projection, s, SdkServer};

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn catalog_and_items_survive() {
    let dir = tempfile::tempdir().expect("temp dir");

    let server = SdkServer::start_on(dir.path()).await;
    let c = &server.client;
    create_table(c, "kept", true).await;
    create_table(c, "dropped", false).await;
    c.create_table()
        .table_name("indexed")
        .billing_mode(BillingMode::PayPerRequest)
        .attribute_definitions(attr("pk", ScalarAttributeType::S))
        .attribute_definitions(attr("owner", ScalarAttributeType::S))
        .key_schema(key("pk", KeyType::Hash))
        .global_secondary_indexes(
            GlobalSecondaryIndex::builder()
                .index_name("by_owner")
                .key_schema(key("owner", KeyType::Hash))
                .projection(projection(ProjectionType::All))
                .build()
                .expect("GSI"),
        )
        .send()
        .await
        .expect("CreateTable with a GSI");
    sdk::wait_active(c, "indexed").await;

    for i in 0..50 {
        c.put_item()
            .table_name("kept")
            .item("pk", s(&format!("p{}", i % 5)))
            .item("sk", s(&format!("s{i:02}")))
            .item("i", n(i))
            .item("blob", AttributeValue::B(vec![i as u8; 100].into()))
            .send()
            .await
            .expect("PutItem");
    }
    c.update_item()
        .table_name("kept")
        .key("pk", s("p0"))
        .key("sk", s("s00"))
        .update_expression("SET note = :n ADD i :ten")
        .expression_attribute_values(":n", s("updated"))
        .expression_attribute_values(":ten", n(10))
        .send()
        .await
        .expect("UpdateItem");
    c.delete_item()
        .table_name("kept")
        .key("pk", s("p1"))
        .key("sk", s("s01"))
        .send()
        .await
        .expect("DeleteItem");
    c.put_item()
        .table_name("indexed")
        .item("pk", s("doc"))
        .item("owner", s("ann"))
        .send()
        .await
        .expect("PutItem");
    c.delete_table()
        .table_name("dropped")
        .send()
        .await
        .expect("DeleteTable");
    let before = c
        .describe_table()
        .table_name("indexed")
        .send()
        .await
        .expect("DescribeTable")
        .table()
        .cloned()
        .expect("Table");
    server.stop().await;

    let server = SdkServer::start_on(dir.path()).await;
    let c = &server.client;
    let tables = c.list_tables().send().await.expect("ListTables");
    assert_eq!(tables.table_names(), ["indexed", "kept"]);
    let (code, _) = expect_error(c.describe_table().table_name("dropped").send().await);
    assert_eq!(code, "ResourceNotFoundException");

    let after = c
        .describe_table()
        .table_name("indexed")
        .send()
        .await
        .expect("DescribeTable")
        .table()
        .cloned()
        .expect("Table");
    assert_eq!(after.table_arn(), before.table_arn());
    assert_eq!(after.table_id(), before.table_id());
    assert_eq!(after.creation_date_time(), before.creation_date_time());
    assert_eq!(after.key_schema(), before.key_schema());
    let gsis = after.global_secondary_indexes();
    assert_eq!(gsis.len(), 1);
    assert_eq!(gsis[0].index_name(), Some("by_owner"));

    for i in 0..50 {
        let got = c
            .get_item()
            .table_name("kept")
            .key("pk", s(&format!("p{}", i % 5)))
            .key("sk", s(&format!("s{i:02}")))
            .consistent_read(true)
            .send()
            .await
            .expect("GetItem");
        match i {
            1 => assert_eq!(got.item(), None, "deleted before the restart"),
            0 => {
                let item = got.item().expect("item 0");
                assert_eq!(item.get("i"), Some(&n(10)));
                assert_eq!(item.get("note"), Some(&s("updated")));
            }
            _ => {
                let item = got.item().unwrap_or_else(|| panic!("item {i} lost"));
                assert_eq!(item.get("i"), Some(&n(i)));
                assert_eq!(
                    item.get("blob"),
                    Some(&AttributeValue::B(vec![i as u8; 100].into()))
                );
            }
        }
    }

    // The index's entries survived with the items.
    let owned = c
        .query()
        .table_name("indexed")
        .index_name("by_owner")
        .key_condition_expression("#o = :o")
        .expression_attribute_names("#o", "owner")
        .expression_attribute_values(":o", s("ann"))
        .send()
        .await
        .expect("Query on the index after the restart");
    assert_eq!(owned.count(), 1);
    assert_eq!(owned.items()[0].get("pk"), Some(&s("doc")));

    // The reopened database takes writes, and a second restart keeps them too.
    c.put_item()
        .table_name("kept")
        .item("pk", s("p1"))
        .item("sk", s("s01"))
        .item("i", n(-1))
        .send()
        .await
        .expect("PutItem after the restart");
    server.stop().await;

    let server = SdkServer::start_on(dir.path()).await;
    let got = server
        .client
        .get_item()
        .table_name("kept")
        .key("pk", s("p1"))
        .key("sk", s("s01"))
        .send()
        .await
        .expect("GetItem");
    assert_eq!(got.item().and_then(|i| i.get("i")), Some(&n(-1)));
    server.stop().await;
}
