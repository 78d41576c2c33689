//! Table tags through the SDK: TagResource adds and replaces, ListTagsOfResource lists in
//! the order keys were first added, UntagResource removes, CreateTable can tag, and a table
//! that does not exist is refused.

mod sdk;

use aws_sdk_dynamodb::types::{BillingMode, KeyType, ScalarAttributeType, Tag};
use aws_sdk_dynamodb::Client;
use sdk::{attr, expect_error, key, SdkServer};

fn tag(k: &str, v: &str) -> Tag {
    Tag::builder().key(k).value(v).build().expect("tag")
}

async fn tags_of(c: &Client, arn: &str) -> Vec<(String, String)> {
    c.list_tags_of_resource()
        .resource_arn(arn)
        .send()
        .await
        .expect("ListTagsOfResource")
        .tags()
        .iter()
        .map(|t| (t.key().to_owned(), t.value().to_owned()))
        .collect()
}

fn pairs(v: &[(&str, &str)]) -> Vec<(String, String)> {
    v.iter()
        .map(|(k, v)| ((*k).to_owned(), (*v).to_owned()))
        .collect()
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn tag_list_untag() {
    let server = SdkServer::start().await;
    let c = &server.client;
    let created = c
        .create_table()
        .table_name("tagged")
        .billing_mode(BillingMode::PayPerRequest)
        .attribute_definitions(attr("pk", ScalarAttributeType::S))
        .key_schema(key("pk", KeyType::Hash))
        .tags(tag("team", "storage"))
        .send()
        .await
        .expect("CreateTable with tags");
    let arn = created
        .table_description()
        .and_then(|d| d.table_arn())
        .expect("TableArn")
        .to_owned();
    assert_eq!(arn, "arn:aws:dynamodb:us-east-1:000000000000:table/tagged");
    sdk::wait_active(c, "tagged").await;

    assert_eq!(tags_of(c, &arn).await, pairs(&[("team", "storage")]));

    c.tag_resource()
        .resource_arn(&arn)
        .tags(tag("env", "test"))
        .tags(tag("cost-centre", "42"))
        .send()
        .await
        .expect("TagResource");
    // Re-tagging a key replaces its value.
    c.tag_resource()
        .resource_arn(&arn)
        .tags(tag("team", "engine"))
        .send()
        .await
        .expect("TagResource replacing a value");
    assert_eq!(
        tags_of(c, &arn).await,
        pairs(&[("team", "engine"), ("env", "test"), ("cost-centre", "42")])
    );

    c.untag_resource()
        .resource_arn(&arn)
        .tag_keys("env")
        .tag_keys("not-there")
        .send()
        .await
        .expect("UntagResource");
    assert_eq!(
        tags_of(c, &arn).await,
        pairs(&[("team", "engine"), ("cost-centre", "42")])
    );

    // Tags do not show in DescribeTable and do not change the table.
    let table = c
        .describe_table()
        .table_name("tagged")
        .send()
        .await
        .expect("DescribeTable");
    assert_eq!(
        table.table().and_then(|t| t.table_arn()),
        Some(arn.as_str())
    );

    server.stop().await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn missing_tables_and_bad_requests() {
    let server = SdkServer::start().await;
    let c = &server.client;
    let missing = "arn:aws:dynamodb:us-east-1:000000000000:table/missing";

    let (code, message) = expect_error(
        c.tag_resource()
            .resource_arn(missing)
            .tags(tag("a", "b"))
            .send()
            .await,
    );
    assert_eq!(code, "ResourceNotFoundException");
    assert_eq!(
        message,
        format!("Requested resource not found: ResourcArn: {missing} not found")
    );

    let (code, message) =
        expect_error(c.list_tags_of_resource().resource_arn(missing).send().await);
    assert_eq!(code, "AccessDeniedException");
    assert_eq!(
        message,
        format!(
            "User: arn:aws:iam::000000000000:root is not authorized to perform: \
             dynamodb:ListTagsOfResource on resource: {missing}"
        )
    );

    let (code, message) = expect_error(
        c.tag_resource()
            .resource_arn("not-an-arn")
            .tags(tag("a", "b"))
            .send()
            .await,
    );
    assert_eq!(code, "ValidationException");
    assert_eq!(
        message,
        "Invalid TableArn: Invalid ResourceArn provided as input not-an-arn"
    );

    sdk::create_table(c, "tagged", false).await;
    let arn = "arn:aws:dynamodb:us-east-1:000000000000:table/tagged";
    let (code, message) = expect_error(
        c.tag_resource()
            .resource_arn(arn)
            .set_tags(Some(vec![]))
            .send()
            .await,
    );
    assert_eq!(code, "ValidationException");
    assert_eq!(message, "Atleast one Tag needs to be provided as Input.");

    let mut req = c.tag_resource().resource_arn(arn);
    for i in 0..51 {
        req = req.tags(tag(&format!("k{i}"), "v"));
    }
    let (code, message) = expect_error(req.send().await);
    assert_eq!(code, "LimitExceededException");
    assert_eq!(
        message,
        "One or more parameter values were invalid: The number of tags exceeds the limit of 50 tags per resource"
    );
    assert!(
        tags_of(c, arn).await.is_empty(),
        "a refused call tags nothing"
    );

    server.stop().await;
}
