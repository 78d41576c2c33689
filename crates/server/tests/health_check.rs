//! `GET` answers DynamoDB's health check text (dynalite's "should return 200 if a GET").

mod common;

use std::sync::Arc;

use cairn_server::{ServerConfig, UnknownOperationHandler};
use common::{request, TestServer};

#[tokio::test]
async fn get_answers_the_health_text() {
    let server = TestServer::start_default().await;
    let res = server.send(&request("GET", "/", &[], b"")).await;
    assert_eq!(res.status, 200);
    assert_eq!(
        res.body_text(),
        "healthy: dynamodb.us-east-1.amazonaws.com "
    );
    // The values DynamoDB sends for this body, as dynalite hard-codes them.
    assert_eq!(res.header("content-length"), Some("42"));
    assert_eq!(res.header("x-amz-crc32"), Some("3128867991"));
    res.assert_standard_headers();
    server.stop().await;
}

#[tokio::test]
async fn get_on_any_path_is_the_health_check() {
    let server = TestServer::start_default().await;
    let res = server
        .send(&request("GET", "/some/path?x=1", &[], b""))
        .await;
    assert_eq!(res.status, 200);
    assert_eq!(
        res.body_text(),
        "healthy: dynamodb.us-east-1.amazonaws.com "
    );
    server.stop().await;
}

#[tokio::test]
async fn health_text_names_the_configured_region() {
    let config = ServerConfig {
        region: "eu-west-2".to_owned(),
        ..ServerConfig::default()
    };
    let server = TestServer::start_with(config, Arc::new(UnknownOperationHandler)).await;
    let res = server.send(&request("GET", "/", &[], b"")).await;
    assert_eq!(res.status, 200);
    assert_eq!(
        res.body_text(),
        "healthy: dynamodb.eu-west-2.amazonaws.com "
    );
    res.assert_standard_headers();
    server.stop().await;
}
