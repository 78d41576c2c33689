//! A handler that panics is answered with `InternalServerError` (500), and the server
//! goes on serving.

mod common;

use std::sync::Arc;

use cairn_server::{ApiError, Handler};
use common::{api_request, TestServer};
use serde_json::{json, Value};

struct PanicsOnScan;

impl Handler for PanicsOnScan {
    fn handle(&self, op: &str, _body: Value) -> Result<Value, ApiError> {
        match op {
            "Scan" => panic!("handler bug"),
            "Query" => Err(ApiError::resource_not_found("Requested resource not found")),
            _ => Ok(json!({})),
        }
    }
}

#[tokio::test]
async fn panic_is_an_internal_server_error() {
    let server = TestServer::start(Arc::new(PanicsOnScan)).await;
    let res = server.send(&api_request("Scan", "{}")).await;
    assert_eq!(res.status, 500);
    assert_eq!(
        res.json(),
        json!({
            "__type": "com.amazonaws.dynamodb.v20120810#InternalServerError",
            "message": "Internal server error",
        })
    );
    res.assert_standard_headers();

    let res = server.send(&api_request("GetItem", "{}")).await;
    assert_eq!(res.status, 200);
    assert_eq!(res.body_text(), "{}");
    server.stop().await;
}

#[tokio::test]
async fn handler_errors_are_rendered_with_their_status() {
    let server = TestServer::start(Arc::new(PanicsOnScan)).await;
    let res = server.send(&api_request("Query", "{}")).await;
    assert_eq!(res.status, 400);
    assert_eq!(
        res.body_text(),
        r#"{"__type":"com.amazonaws.dynamodb.v20120810#ResourceNotFoundException","message":"Requested resource not found"}"#
    );
    res.assert_standard_headers();
    server.stop().await;
}
