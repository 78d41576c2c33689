//! Bytes that are not HTTP, or HTTP cut short, cost the client its connection and
//! nothing else: the server neither panics nor hangs and goes on serving.

mod common;

use common::{closed_by_server, request, TestServer};
use tokio::io::AsyncWriteExt;

#[tokio::test]
async fn not_http() {
    let server = TestServer::start_default().await;
    for garbage in [
        &b"\x00\x01\x02\x03garbage\r\n\r\n"[..],
        b"GET\r\n\r\n",
        b"POST / HTTP/1.1\r\nContent-Length: nope\r\n\r\n",
        b"POST / HTTP/1.1\r\nTransfer-Encoding: chunked\r\n\r\nzz\r\n",
        b"POST / HTTP/1.1\r\nBad Header\r\n\r\n",
    ] {
        let mut stream = server.connect().await;
        stream.write_all(garbage).await.unwrap();
        // hyper answers 400 (or nothing) and closes.
        let _ = common::read_response(&mut stream).await;
        assert!(closed_by_server(&mut stream).await);
    }
    let res = server.send(&request("GET", "/", &[], b"")).await;
    assert_eq!(res.status, 200);
    server.stop().await;
}

#[tokio::test]
async fn client_gone_mid_body() {
    let server = TestServer::start_default().await;
    for _ in 0..3 {
        let mut stream = server.connect().await;
        stream
            .write_all(b"POST / HTTP/1.1\r\nHost: x\r\nContent-Length: 100\r\n\r\n{\"a\"")
            .await
            .unwrap();
        drop(stream);
    }
    let res = server.send(&request("GET", "/", &[], b"")).await;
    assert_eq!(res.status, 200);
    server.stop().await;
}

#[tokio::test]
async fn huge_header_is_refused() {
    let server = TestServer::start_default().await;
    let big = "a".repeat(1024 * 1024);
    let mut stream = server.connect().await;
    let raw = request("POST", "/", &[("X-Big", &big)], b"");
    // The server may close before everything is written.
    let _ = stream.write_all(&raw).await;
    if let Ok(res) = common::read_response(&mut stream).await {
        assert!(res.status >= 400, "{}", res.status);
    }
    let res = server.send(&request("GET", "/", &[], b"")).await;
    assert_eq!(res.status, 200);
    server.stop().await;
}
