//! A signature missing required parts is `IncompleteSignatureException`, listing every
//! missing part (dynalite's tests, messages and CRCs as recorded from DynamoDB).

mod common;

use common::{request, TestServer};
use serde_json::json;

const TARGET: (&str, &str) = ("X-Amz-Target", "DynamoDB_20120810.ListTables");

fn incomplete(message: &str) -> serde_json::Value {
    json!({
        "__type": "com.amazon.coral.service#IncompleteSignatureException",
        "message": message,
    })
}

#[tokio::test]
async fn bare_aws4_header() {
    let server = TestServer::start_default().await;
    let res = server
        .request("POST", &[TARGET, ("Authorization", "AWS4-")], b"")
        .await;
    res.assert_error(
        incomplete(
            "Authorization header requires 'Credential' parameter. \
             Authorization header requires 'Signature' parameter. \
             Authorization header requires 'SignedHeaders' parameter. \
             Authorization header requires existence of either a 'X-Amz-Date' or a 'Date' header. \
             Authorization=AWS4-",
        ),
        1828866742,
        "application/json",
    );
    server.stop().await;
}

#[tokio::test]
async fn header_missing_signed_headers_whatever_the_separators() {
    let server = TestServer::start_default().await;
    for (auth, crc) in [
        ("AWS4- Signature=b Credential=a", 15336762),
        ("AWS4- Signature=b,Credential=a", 1159703774),
        ("AWS4- Signature=b, Credential=a", 164353342),
    ] {
        let res = server
            .request(
                "POST",
                &[TARGET, ("Authorization", auth), ("Date", "a")],
                b"",
            )
            .await;
        res.assert_error(
            incomplete(&format!(
                "Authorization header requires 'SignedHeaders' parameter. Authorization={auth}"
            )),
            crc,
            "application/json",
        );
    }
    server.stop().await;
}

#[tokio::test]
async fn empty_query_algorithm() {
    let server = TestServer::start_default().await;
    let raw = request("POST", "/?X-Amz-Algorithm", &[TARGET], b"");
    server.send(&raw).await.assert_error(
        incomplete(
            "AWS query-string parameters must include 'X-Amz-Algorithm'. \
             AWS query-string parameters must include 'X-Amz-Credential'. \
             AWS query-string parameters must include 'X-Amz-Signature'. \
             AWS query-string parameters must include 'X-Amz-SignedHeaders'. \
             AWS query-string parameters must include 'X-Amz-Date'. \
             Re-examine the query-string parameters.",
        ),
        2900502663,
        "application/json",
    );
    server.stop().await;
}

#[tokio::test]
async fn query_missing_signed_headers() {
    let server = TestServer::start_default().await;
    let raw = request(
        "POST",
        "/?X-Amz-Algorithm=a&X-Amz-Credential=b&X-Amz-Signature=c&X-Amz-Date=d",
        &[TARGET],
        b"",
    );
    server.send(&raw).await.assert_error(
        incomplete(
            "AWS query-string parameters must include 'X-Amz-SignedHeaders'. \
             Re-examine the query-string parameters.",
        ),
        3712057481,
        "application/json",
    );
    server.stop().await;
}

#[tokio::test]
async fn complete_presigned_query_passes_to_the_body_check() {
    let server = TestServer::start_default().await;
    let raw = request(
        "POST",
        "/?X-Amz-Algorithm=AWS4-HMAC-SHA256&X-Amz-Credential=AKID%2F20150101%2Fus-east-1%2Fdynamodb%2Faws4_request\
         &X-Amz-Signature=c&X-Amz-SignedHeaders=host&X-Amz-Date=20150101T000000Z",
        &[TARGET],
        b"",
    );
    let res = server.send(&raw).await;
    res.assert_error(
        json!({"__type": "com.amazon.coral.service#SerializationException"}),
        3948637019,
        "application/json",
    );
    server.stop().await;
}
