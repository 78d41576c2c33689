//! Requests outside the protocol (another method, a body of another content type) are
//! answered `404` with `<UnknownOperationException/>\n` (dynalite's "should return 404
//! if ..." tests, with the CRC and length DynamoDB sends).

mod common;

use common::{request, TestServer};

fn assert_404(res: &common::RawResponse) {
    assert_eq!(res.status, 404, "{:?}", res);
    assert_eq!(res.body_text(), "<UnknownOperationException/>\n");
    assert_eq!(res.header("x-amz-crc32"), Some("3552371480"));
    assert_eq!(res.header("content-length"), Some("29"));
    res.assert_standard_headers();
}

#[tokio::test]
async fn body_without_or_with_another_content_type() {
    let server = TestServer::start_default().await;
    for headers in [
        &[][..],
        &[("Content-Type", "whatever")],
        &[("Content-Type", "application/x-amz-json-1.1")],
        &[("Content-Type", "application/jsonasdf")],
        &[("Content-Type", "Application/JSON")],
        &[("Content-Type", "text/plain")],
    ] {
        let res = server.request("POST", headers, b"hi").await;
        assert_404(&res);
    }
    server.stop().await;
}

#[tokio::test]
async fn other_methods() {
    let server = TestServer::start_default().await;
    for method in ["PUT", "DELETE", "PATCH", "OPTIONS"] {
        let res = server.send(&request(method, "/", &[], b"")).await;
        assert_404(&res);
    }
    server.stop().await;
}

#[tokio::test]
async fn empty_body_passes_whatever_its_content_type() {
    let server = TestServer::start_default().await;
    let res = server
        .request(
            "POST",
            &[("Content-Type", "application/x-amz-json-1.1")],
            b"",
        )
        .await;
    // Not a 404: it goes on to the target check, answered as JSON.
    assert_eq!(res.status, 400);
    assert_eq!(res.header("content-type"), Some("application/json"));
    server.stop().await;
}
