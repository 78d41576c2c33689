//! Authentication is checked after the target: no `Authorization` header (or one not
//! starting with `AWS4-`) and no pre-signed query is `MissingAuthenticationTokenException`;
//! both at once is `InvalidSignatureException` (dynalite's tests, messages and CRCs as
//! recorded from DynamoDB).

mod common;

use common::{request, TestServer};
use serde_json::json;

const TARGET: (&str, &str) = ("X-Amz-Target", "DynamoDB_20120810.ListTables");

fn missing() -> serde_json::Value {
    json!({
        "__type": "com.amazon.coral.service#MissingAuthenticationTokenException",
        "message": "Request is missing Authentication Token",
    })
}

#[tokio::test]
async fn no_authorization_header() {
    let server = TestServer::start_default().await;
    let res = server.request("POST", &[TARGET], b"").await;
    res.assert_error(missing(), 2088342776, "application/json");
    server.stop().await;
}

#[tokio::test]
async fn authorization_header_not_aws4() {
    let server = TestServer::start_default().await;
    for auth in ["AWS4", "AWS AKID:sig", "Bearer x"] {
        let res = server
            .request("POST", &[TARGET, ("Authorization", auth)], b"")
            .await;
        res.assert_error(missing(), 2088342776, "application/json");
    }
    server.stop().await;
}

#[tokio::test]
async fn misspelt_query_algorithm_is_no_authentication() {
    let server = TestServer::start_default().await;
    let raw = request(
        "POST",
        "/?X-Amz-Algorith",
        &[TARGET, ("Authorization", "X")],
        b"",
    );
    server
        .send(&raw)
        .await
        .assert_error(missing(), 2088342776, "application/json");
    let raw = request(
        "POST",
        "/?X-Amz-Credential=a&X-Amz-Signature=b&X-Amz-SignedHeaders=c&X-Amz-Date=d",
        &[TARGET],
        b"",
    );
    server
        .send(&raw)
        .await
        .assert_error(missing(), 2088342776, "application/json");
    server.stop().await;
}

#[tokio::test]
async fn header_and_query_together_are_an_invalid_signature() {
    let server = TestServer::start_default().await;
    let raw = request(
        "POST",
        "/?X-Amz-Algorithm",
        &[TARGET, ("Authorization", "X")],
        b"",
    );
    server.send(&raw).await.assert_error(
        json!({
            "__type": "com.amazon.coral.service#InvalidSignatureException",
            "message": "Found both 'X-Amz-Algorithm' as a query-string param and 'Authorization' as HTTP header.",
        }),
        2139606068,
        "application/json",
    );
    server.stop().await;
}

#[tokio::test]
async fn empty_authorization_header_is_no_header() {
    let server = TestServer::start_default().await;
    let res = server
        .request("POST", &[TARGET, ("Authorization", "")], b"")
        .await;
    res.assert_error(missing(), 2088342776, "application/json");
    // With a pre-signed query, an empty header does not make the request ambiguous: the
    // query's own check answers.
    let raw = request(
        "POST",
        "/?X-Amz-Algorithm=a&X-Amz-Credential=b&X-Amz-Signature=c&X-Amz-Date=d",
        &[TARGET, ("Authorization", "")],
        b"",
    );
    let res = server.send(&raw).await;
    assert_eq!(
        res.json()["__type"],
        "com.amazon.coral.service#IncompleteSignatureException"
    );
    server.stop().await;
}
