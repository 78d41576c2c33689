//! A body over 16 MiB is answered `413` with an empty chunked body; 16 MiB exactly is
//! not (dynalite's "should (not) return 413 if request (not) too large", run against
//! DynamoDB).

mod common;

use common::{read_response, request, TestServer};
use tokio::io::AsyncWriteExt;

const LIMIT: usize = 16 * 1024 * 1024;

fn assert_413(res: &common::RawResponse) {
    assert_eq!(res.status, 413);
    assert_eq!(res.header("transfer-encoding"), Some("chunked"));
    assert!(res.body.is_empty());
}

#[tokio::test]
async fn content_length_over_the_limit_is_refused_before_the_body_is_sent() {
    let server = TestServer::start_default().await;
    let mut stream = server.connect().await;
    // Only the head: the answer must not wait for 16 MiB that never come.
    let head = format!(
        "POST / HTTP/1.1\r\nHost: localhost\r\nContent-Length: {}\r\n\r\n",
        LIMIT + 1
    );
    stream.write_all(head.as_bytes()).await.unwrap();
    let res = read_response(&mut stream).await.unwrap();
    assert_413(&res);
    server.stop().await;
}

#[tokio::test]
async fn chunked_body_over_the_limit_is_refused() {
    let server = TestServer::start_default().await;
    let stream = server.connect().await;
    let (mut rd, mut wr) = stream.into_split();
    // Write the whole body while the answer is read, as a client that does not look at
    // the answer before it has sent everything would.
    let writer = tokio::spawn(async move {
        wr.write_all(b"POST / HTTP/1.1\r\nHost: localhost\r\nTransfer-Encoding: chunked\r\nContent-Type: application/json\r\n\r\n")
            .await?;
        let chunk = vec![b'a'; 1024 * 1024];
        for _ in 0..16 {
            wr.write_all(format!("{:x}\r\n", chunk.len()).as_bytes())
                .await?;
            wr.write_all(&chunk).await?;
            wr.write_all(b"\r\n").await?;
        }
        wr.write_all(b"1\r\na\r\n0\r\n\r\n").await?;
        std::io::Result::Ok(wr)
    });
    let res = read_response(&mut rd).await.unwrap();
    assert_413(&res);
    // The server drained the body rather than resetting the connection under the writer.
    writer
        .await
        .unwrap()
        .expect("the whole body could be written");
    server.stop().await;
}

#[tokio::test]
async fn body_of_exactly_the_limit_is_read() {
    let server = TestServer::start_default().await;
    let body = vec![b'a'; LIMIT];
    // No content type: past the size check this is the protocol's 404.
    let res = server.send(&request("POST", "/", &[], &body)).await;
    assert_eq!(res.status, 404);
    server.stop().await;
}

#[tokio::test]
async fn body_one_over_the_limit_with_content_length_is_refused() {
    let server = TestServer::start_default().await;
    let stream = server.connect().await;
    let (mut rd, mut wr) = stream.into_split();
    let writer = tokio::spawn(async move {
        let raw = request("POST", "/", &[], &vec![b'a'; LIMIT + 1]);
        let written = wr.write_all(&raw).await;
        (wr, written)
    });
    let res = read_response(&mut rd).await.unwrap();
    assert_413(&res);
    let (_wr, written) = writer.await.unwrap();
    written.expect("the whole body could be written");
    server.stop().await;
}
