//! A request with an `Origin` gets `Access-Control-Allow-Origin: *`; `OPTIONS` with an
//! `Origin` is a preflight answered `200`, empty, echoing the requested headers and
//! method (dynalite's "should set CORS if OPTIONS and Origin ..." tests).

mod common;

use common::{request, TestServer};
use serde_json::json;

#[tokio::test]
async fn preflight() {
    let server = TestServer::start_default().await;
    let res = server
        .send(&request("OPTIONS", "/", &[("Origin", "whatever")], b""))
        .await;
    assert_eq!(res.status, 200);
    assert_eq!(res.header("access-control-allow-origin"), Some("*"));
    assert_eq!(res.header("access-control-max-age"), Some("172800"));
    assert_eq!(res.header("content-length"), Some("0"));
    assert_eq!(res.header("access-control-allow-headers"), None);
    assert_eq!(res.header("access-control-allow-methods"), None);
    assert!(res.body.is_empty());
    assert_eq!(res.header("x-amzn-requestid").map(str::len), Some(52));
    server.stop().await;
}

#[tokio::test]
async fn preflight_echoes_requested_headers_and_method() {
    let server = TestServer::start_default().await;
    let res = server
        .send(&request(
            "OPTIONS",
            "/",
            &[
                ("Origin", "whatever"),
                ("Access-Control-Request-Headers", "a, b, c"),
                ("Access-Control-Request-Method", "d"),
            ],
            b"",
        ))
        .await;
    assert_eq!(res.status, 200);
    assert_eq!(res.header("access-control-allow-headers"), Some("a, b, c"));
    assert_eq!(res.header("access-control-allow-methods"), Some("d"));
    server.stop().await;
}

#[tokio::test]
async fn errors_with_origin_allow_any_origin() {
    let server = TestServer::start_default().await;
    let res = server.request("POST", &[("Origin", "whatever")], b"").await;
    assert_eq!(res.header("access-control-allow-origin"), Some("*"));
    res.assert_error(
        json!({"__type": "com.amazon.coral.service#UnknownOperationException"}),
        1368724161,
        "application/json",
    );
    server.stop().await;
}

#[tokio::test]
async fn no_origin_no_cors_header() {
    let server = TestServer::start_default().await;
    let res = server.request("POST", &[], b"").await;
    assert_eq!(res.header("access-control-allow-origin"), None);
    server.stop().await;
}

#[tokio::test]
async fn empty_origin_is_no_origin() {
    let server = TestServer::start_default().await;
    let res = server.request("POST", &[("Origin", "")], b"").await;
    assert_eq!(res.header("access-control-allow-origin"), None);
    let res = server
        .send(&request("OPTIONS", "/", &[("Origin", "")], b""))
        .await;
    assert_eq!(res.status, 404);
    server.stop().await;
}
