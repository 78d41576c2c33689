//! Every protocol answer carries `x-amzn-RequestId` (52 characters of `0-9A-Z`, fresh
//! for each request) and `x-amz-crc32` (the CRC-32 of the body bytes), and JSON answers
//! are typed like the request.

mod common;

use std::collections::HashSet;
use std::sync::Arc;

use common::{api_request, request, EchoHandler, TestServer, AUTH};
use serde_json::json;

#[tokio::test]
async fn success_carries_request_id_and_body_crc() {
    let server = TestServer::start(Arc::new(EchoHandler)).await;
    let res = server
        .send(&api_request(
            "ListTables",
            r#"{"Limit": 5, "Name": "é\u2603"}"#,
        ))
        .await;
    assert_eq!(res.status, 200);
    assert_eq!(
        res.header("content-type"),
        Some("application/x-amz-json-1.0")
    );
    assert_eq!(
        res.json(),
        json!({"Operation": "ListTables", "Request": {"Limit": 5, "Name": "é\u{2603}"}})
    );
    res.assert_standard_headers();
    server.stop().await;
}

#[tokio::test]
async fn application_json_requests_are_answered_as_application_json() {
    let server = TestServer::start(Arc::new(EchoHandler)).await;
    let mut headers = AUTH.to_vec();
    headers.push(("X-Amz-Target", "DynamoDB_20120810.GetItem"));
    headers.push(("Content-Type", "application/json; charset=utf-8"));
    let res = server.send(&request("POST", "/", &headers, b"{}")).await;
    assert_eq!(res.status, 200);
    assert_eq!(res.header("content-type"), Some("application/json"));
    res.assert_standard_headers();
    server.stop().await;
}

#[tokio::test]
async fn request_ids_are_fresh_for_every_request() {
    let server = TestServer::start(Arc::new(EchoHandler)).await;
    let mut ids = HashSet::new();
    for _ in 0..50 {
        let res = server.send(&api_request("Scan", "{}")).await;
        res.assert_standard_headers();
        ids.insert(res.header("x-amzn-requestid").unwrap().to_owned());
    }
    assert_eq!(ids.len(), 50);
    server.stop().await;
}

#[tokio::test]
async fn keep_alive_connections_serve_many_requests() {
    let server = TestServer::start(Arc::new(EchoHandler)).await;
    let mut stream = server.connect().await;
    use tokio::io::AsyncWriteExt;
    for i in 0..5 {
        let body = format!(r#"{{"n":{i}}}"#);
        stream
            .write_all(&api_request("PutItem", &body))
            .await
            .unwrap();
        let res = common::read_response(&mut stream).await.unwrap();
        assert_eq!(res.status, 200);
        assert_eq!(res.json()["Request"]["n"], i);
        res.assert_standard_headers();
    }
    server.stop().await;
}
