//! A body that is not JSON is answered with `SerializationException` and no message,
//! before the target is looked at; so is an empty body once target and authentication
//! pass (dynalite's "should return SerializationException if ..." tests).

mod common;

use std::sync::Arc;

use common::{api_headers, request, EchoHandler, TestServer};
use serde_json::json;

/// The CRC of `{"__type":"com.amazon.coral.service#SerializationException"}` as dynalite
/// recorded it from DynamoDB.
const CRC: u32 = 3948637019;

fn serialization() -> serde_json::Value {
    json!({"__type": "com.amazon.coral.service#SerializationException"})
}

#[tokio::test]
async fn not_json_under_each_accepted_content_type() {
    let server = TestServer::start_default().await;
    for (content_type, reply) in [
        ("application/json", "application/json"),
        ("application/x-amz-json-1.0", "application/x-amz-json-1.0"),
        ("application/json;", "application/json"),
        ("  application/json  ;   asfd", "application/json"),
        ("application/json;blahblah", "application/json"),
        (
            "application/x-amz-json-1.0;blahblah",
            "application/x-amz-json-1.0",
        ),
    ] {
        let res = server
            .request("POST", &[("Content-Type", content_type)], b"hi")
            .await;
        res.assert_error(serialization(), CRC, reply);
    }
    server.stop().await;
}

#[tokio::test]
async fn broken_json_even_with_a_valid_signed_target() {
    let server = TestServer::start(Arc::new(EchoHandler)).await;
    let owned = api_headers("ListTables");
    let headers: Vec<(&str, &str)> = owned.iter().map(|(k, v)| (*k, v.as_str())).collect();
    for body in [
        &b"{"[..],
        b"{\"a\":}",
        b"   ",
        b"{} {}",
        b"\xEF\xBB\xBF{}",
        &[b'['; 10_000],
    ] {
        let res = server.send(&request("POST", "/", &headers, body)).await;
        res.assert_error(serialization(), CRC, "application/x-amz-json-1.0");
    }
    server.stop().await;
}

#[tokio::test]
async fn empty_body_after_target_and_authentication() {
    let server = TestServer::start(Arc::new(EchoHandler)).await;
    let owned = api_headers("ListTables");
    let headers: Vec<(&str, &str)> = owned.iter().map(|(k, v)| (*k, v.as_str())).collect();
    let res = server.send(&request("POST", "/", &headers, b"")).await;
    res.assert_error(serialization(), CRC, "application/x-amz-json-1.0");
    server.stop().await;
}
