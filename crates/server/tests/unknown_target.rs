//! A target that names no DynamoDB operation is answered with
//! `UnknownOperationException` (no message), before authentication is looked at
//! (dynalite's "should return UnknownOperationException if ..." tests).

mod common;

use common::{api_request, TestServer, AUTH};
use serde_json::json;

/// The CRC of `{"__type":"com.amazon.coral.service#UnknownOperationException"}` as
/// dynalite recorded it from DynamoDB.
const CRC: u32 = 1368724161;

fn unknown() -> serde_json::Value {
    json!({"__type": "com.amazon.coral.service#UnknownOperationException"})
}

#[tokio::test]
async fn no_target_no_body() {
    let server = TestServer::start_default().await;
    let res = server.request("POST", &[], b"").await;
    res.assert_error(unknown(), CRC, "application/json");
    server.stop().await;
}

#[tokio::test]
async fn no_target_with_json_bodies() {
    let server = TestServer::start_default().await;
    for (content_type, reply) in [
        ("application/json", "application/json"),
        ("application/x-amz-json-1.0", "application/x-amz-json-1.0"),
        ("application/json;charset=asfdsaf", "application/json"),
    ] {
        let res = server
            .request("POST", &[("Content-Type", content_type)], b"{}")
            .await;
        res.assert_error(unknown(), CRC, reply);
    }
    server.stop().await;
}

#[tokio::test]
async fn malformed_or_unknown_targets() {
    let server = TestServer::start_default().await;
    for target in [
        "whatever",
        "DynamoDB_20120810.ListTable",
        "DynamoDB_20120810.listTables",
        "DynamoDB_20120810.ListTables.Extra",
        "DynamoDB_20111205.ListTables",
        "DynamoDB_20120810",
        ".ListTables",
    ] {
        let res = server
            .request("POST", &[("X-Amz-Target", target)], b"")
            .await;
        res.assert_error(unknown(), CRC, "application/json");
    }
    server.stop().await;
}

#[tokio::test]
async fn unknown_target_wins_over_missing_authentication() {
    let server = TestServer::start_default().await;
    let mut headers = AUTH.to_vec();
    headers.push(("X-Amz-Target", "DynamoDB_20120810.NoSuchOperation"));
    headers.push(("Content-Type", "application/x-amz-json-1.0"));
    let res = server.request("POST", &headers, b"{}").await;
    res.assert_error(unknown(), CRC, "application/x-amz-json-1.0");
    server.stop().await;
}

#[tokio::test]
async fn default_handler_answers_every_known_operation_as_unknown() {
    let server = TestServer::start_default().await;
    for op in cairn_server::OPERATIONS {
        let res = server.send(&api_request(op, "{}")).await;
        res.assert_error(unknown(), CRC, "application/x-amz-json-1.0");
    }
    server.stop().await;
}

#[tokio::test]
async fn padded_target_is_recognised_and_repeated_targets_are_not() {
    let server = TestServer::start_default().await;
    let raw = b"POST / HTTP/1.1\r\nHost: x\r\nContent-Length: 0\r\n\
                X-Amz-Target: \t DynamoDB_20120810.ListTables \t\r\n\r\n";
    let res = server.send(raw).await;
    // Recognised: the next check, authentication, answers.
    assert_eq!(
        res.json()["__type"],
        "com.amazon.coral.service#MissingAuthenticationTokenException"
    );
    let res = server
        .request(
            "POST",
            &[
                ("X-Amz-Target", "DynamoDB_20120810.ListTables"),
                ("X-Amz-Target", "DynamoDB_20120810.ListTables"),
            ],
            b"",
        )
        .await;
    res.assert_error(unknown(), CRC, "application/json");
    server.stop().await;
}
