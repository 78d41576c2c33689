//! Shared by the integration tests: a server on `127.0.0.1:0` and a raw HTTP/1.1 client
//! over a `TcpStream`, so that every byte on the wire is what the test says.

#![allow(dead_code)]

use std::io;
use std::net::SocketAddr;
use std::sync::Arc;
use std::time::Duration;

use cairn_server::{ApiError, Handler, Server, ServerConfig, UnknownOperationHandler};
use serde_json::{json, Value};
use tokio::io::{AsyncRead, AsyncReadExt, AsyncWriteExt};
use tokio::net::TcpStream;
use tokio::sync::oneshot;
use tokio::task::JoinHandle;

/// Headers that pass the authentication checks (the signature itself is not verified).
pub const AUTH: &[(&str, &str)] = &[
    (
        "Authorization",
        "AWS4-HMAC-SHA256 Credential=AKID/20150101/us-east-1/dynamodb/aws4_request, \
         SignedHeaders=host;x-amz-date;x-amz-target, Signature=0123456789abcdef",
    ),
    ("X-Amz-Date", "20150101T000000Z"),
];

/// How long any single test step may take before the test fails instead of hanging.
pub const STEP: Duration = Duration::from_secs(20);

/// A running server and the means to stop it.
pub struct TestServer {
    pub addr: SocketAddr,
    stop: Option<oneshot::Sender<()>>,
    task: JoinHandle<io::Result<()>>,
}

impl TestServer {
    /// Starts a server on `127.0.0.1:0` answering with `handler`.
    pub async fn start(handler: Arc<dyn Handler>) -> TestServer {
        Self::start_with(ServerConfig::default(), handler).await
    }

    /// Starts a server with `config` (its host and port replaced by `127.0.0.1:0`).
    pub async fn start_with(mut config: ServerConfig, handler: Arc<dyn Handler>) -> TestServer {
        config.host = "127.0.0.1".to_owned();
        config.port = 0;
        let server = Server::bind(config).await.expect("bind 127.0.0.1:0");
        let addr = server.local_addr();
        assert_ne!(addr.port(), 0);
        let (tx, rx) = oneshot::channel::<()>();
        let task = tokio::spawn(server.run(handler, async {
            let _ = rx.await;
        }));
        TestServer {
            addr,
            stop: Some(tx),
            task,
        }
    }

    /// Starts a server with the default handler (every operation unknown).
    pub async fn start_default() -> TestServer {
        Self::start(Arc::new(UnknownOperationHandler)).await
    }

    /// Asks the server to shut down, without waiting.
    pub fn signal_stop(&mut self) {
        if let Some(tx) = self.stop.take() {
            let _ = tx.send(());
        }
    }

    /// Shuts the server down and waits for `run` to return.
    pub async fn stop(mut self) {
        self.signal_stop();
        tokio::time::timeout(STEP, &mut self.task)
            .await
            .expect("server shut down in time")
            .expect("server task did not panic")
            .expect("run returned Ok");
    }

    /// Whether `run` has returned.
    pub fn is_finished(&self) -> bool {
        self.task.is_finished()
    }

    /// Sends `raw` on a new connection and reads one response.
    pub async fn send(&self, raw: &[u8]) -> RawResponse {
        let mut stream = self.connect().await;
        stream.write_all(raw).await.expect("write request");
        read_response(&mut stream).await.expect("read response")
    }

    /// Sends a request built by [`request`] on a new connection and reads the response.
    pub async fn request(
        &self,
        method: &str,
        headers: &[(&str, &str)],
        body: &[u8],
    ) -> RawResponse {
        self.send(&request(method, "/", headers, body)).await
    }

    /// A new connection to the server.
    pub async fn connect(&self) -> TcpStream {
        TcpStream::connect(self.addr).await.expect("connect")
    }
}

/// A request's bytes: the request line, `Host`, `Content-Length` (when there is a body or
/// the method is `POST`), `headers`, the body.
pub fn request(method: &str, path: &str, headers: &[(&str, &str)], body: &[u8]) -> Vec<u8> {
    let mut raw = format!("{method} {path} HTTP/1.1\r\nHost: localhost\r\n");
    if !body.is_empty() || method == "POST" {
        raw.push_str(&format!("Content-Length: {}\r\n", body.len()));
    }
    for (name, value) in headers {
        raw.push_str(&format!("{name}: {value}\r\n"));
    }
    raw.push_str("\r\n");
    let mut raw = raw.into_bytes();
    raw.extend_from_slice(body);
    raw
}

/// `headers` plus [`AUTH`] plus `X-Amz-Target: DynamoDB_20120810.<op>` and the JSON 1.0
/// content type.
pub fn api_headers(op: &str) -> Vec<(&'static str, String)> {
    let mut h: Vec<(&'static str, String)> =
        AUTH.iter().map(|(k, v)| (*k, v.to_string())).collect();
    h.push(("X-Amz-Target", format!("DynamoDB_20120810.{op}")));
    h.push(("Content-Type", "application/x-amz-json-1.0".to_owned()));
    h
}

/// A signed API request for `op` with `body`.
pub fn api_request(op: &str, body: &str) -> Vec<u8> {
    let owned = api_headers(op);
    let headers: Vec<(&str, &str)> = owned.iter().map(|(k, v)| (*k, v.as_str())).collect();
    request("POST", "/", &headers, body.as_bytes())
}

/// A parsed response.
#[derive(Debug)]
pub struct RawResponse {
    pub status: u16,
    /// Header names lowercased, in order.
    pub headers: Vec<(String, String)>,
    pub body: Vec<u8>,
}

impl RawResponse {
    /// The first header called `name` (case-insensitive).
    pub fn header(&self, name: &str) -> Option<&str> {
        let name = name.to_ascii_lowercase();
        self.headers
            .iter()
            .find(|(k, _)| *k == name)
            .map(|(_, v)| v.as_str())
    }

    pub fn body_text(&self) -> &str {
        std::str::from_utf8(&self.body).expect("UTF-8 body")
    }

    pub fn json(&self) -> Value {
        serde_json::from_slice(&self.body).expect("JSON body")
    }

    /// Checks the headers every protocol answer carries: a 52-character request id,
    /// and an `x-amz-crc32` and `Content-Length` that match the body.
    pub fn assert_standard_headers(&self) {
        let id = self.header("x-amzn-requestid").expect("x-amzn-RequestId");
        assert_eq!(id.len(), 52, "request id {id:?}");
        assert!(
            id.bytes()
                .all(|b| b.is_ascii_digit() || b.is_ascii_uppercase()),
            "request id {id:?}"
        );
        assert_eq!(
            self.header("x-amz-crc32"),
            Some(crc32fast::hash(&self.body).to_string().as_str()),
            "x-amz-crc32 of {:?}",
            String::from_utf8_lossy(&self.body)
        );
        assert_eq!(
            self.header("content-length"),
            Some(self.body.len().to_string().as_str())
        );
    }

    /// Checks a JSON error answer: status 400, the body exactly `body`, its CRC as
    /// dynalite recorded it from DynamoDB, and the content type.
    pub fn assert_error(&self, body: Value, crc: u32, content_type: &str) {
        assert_eq!(
            self.status,
            400,
            "{:?}",
            String::from_utf8_lossy(&self.body)
        );
        assert_eq!(self.json(), body);
        assert_eq!(self.header("x-amz-crc32"), Some(crc.to_string().as_str()));
        assert_eq!(self.header("content-type"), Some(content_type));
        self.assert_standard_headers();
    }
}

/// Reads one response from `stream` (its body by `Content-Length`, chunked encoding, or
/// up to the end of the stream).
pub async fn read_response<R: AsyncRead + Unpin>(stream: &mut R) -> io::Result<RawResponse> {
    tokio::time::timeout(STEP, read_response_inner(stream))
        .await
        .map_err(|_| io::Error::new(io::ErrorKind::TimedOut, "no response in time"))?
}

async fn read_response_inner<R: AsyncRead + Unpin>(stream: &mut R) -> io::Result<RawResponse> {
    let mut buf = Vec::new();
    let head_end = loop {
        if let Some(i) = find(&buf, b"\r\n\r\n") {
            break i;
        }
        if read_more(stream, &mut buf).await? == 0 {
            return Err(io::Error::new(
                io::ErrorKind::UnexpectedEof,
                format!(
                    "connection closed in the head: {:?}",
                    String::from_utf8_lossy(&buf)
                ),
            ));
        }
    };
    let head = String::from_utf8_lossy(&buf[..head_end]).into_owned();
    let mut rest = buf[head_end + 4..].to_vec();
    let mut lines = head.split("\r\n");
    let status_line = lines.next().unwrap_or("");
    let status: u16 = status_line
        .split(' ')
        .nth(1)
        .and_then(|s| s.parse().ok())
        .ok_or_else(|| io::Error::new(io::ErrorKind::InvalidData, status_line.to_owned()))?;
    let headers: Vec<(String, String)> = lines
        .filter_map(|l| l.split_once(':'))
        .map(|(k, v)| (k.trim().to_ascii_lowercase(), v.trim().to_owned()))
        .collect();
    let get = |name: &str| {
        headers
            .iter()
            .find(|(k, _)| k == name)
            .map(|(_, v)| v.clone())
    };

    let body = if get("transfer-encoding").is_some_and(|te| te.contains("chunked")) {
        let mut body = Vec::new();
        loop {
            let line_end = loop {
                if let Some(i) = find(&rest, b"\r\n") {
                    break i;
                }
                if read_more(stream, &mut rest).await? == 0 {
                    return Err(io::ErrorKind::UnexpectedEof.into());
                }
            };
            let size_text = String::from_utf8_lossy(&rest[..line_end]).into_owned();
            let size = usize::from_str_radix(size_text.split(';').next().unwrap_or("").trim(), 16)
                .map_err(|_| io::Error::new(io::ErrorKind::InvalidData, size_text))?;
            rest.drain(..line_end + 2);
            while rest.len() < size + 2 {
                if read_more(stream, &mut rest).await? == 0 {
                    return Err(io::ErrorKind::UnexpectedEof.into());
                }
            }
            body.extend_from_slice(&rest[..size]);
            rest.drain(..size + 2);
            if size == 0 {
                break body;
            }
        }
    } else if let Some(len) = get("content-length") {
        let len: usize = len
            .parse()
            .map_err(|_| io::Error::new(io::ErrorKind::InvalidData, len))?;
        while rest.len() < len {
            if read_more(stream, &mut rest).await? == 0 {
                return Err(io::ErrorKind::UnexpectedEof.into());
            }
        }
        rest.truncate(len);
        rest
    } else {
        while read_more(stream, &mut rest).await? != 0 {}
        rest
    };
    Ok(RawResponse {
        status,
        headers,
        body,
    })
}

async fn read_more<R: AsyncRead + Unpin>(stream: &mut R, buf: &mut Vec<u8>) -> io::Result<usize> {
    let mut chunk = [0u8; 16 * 1024];
    let n = stream.read(&mut chunk).await?;
    buf.extend_from_slice(&chunk[..n]);
    Ok(n)
}

fn find(haystack: &[u8], needle: &[u8]) -> Option<usize> {
    haystack.windows(needle.len()).position(|w| w == needle)
}

/// Whether the server closed `stream` (a read sees the end, or a reset) within [`STEP`].
pub async fn closed_by_server(stream: &mut TcpStream) -> bool {
    let mut byte = [0u8; 1];
    match tokio::time::timeout(STEP, stream.read(&mut byte)).await {
        Ok(Ok(0)) | Ok(Err(_)) => true,
        Ok(Ok(_)) | Err(_) => false,
    }
}

/// A handler that answers every operation with `{"Operation": op, "Request": body}`.
pub struct EchoHandler;

impl Handler for EchoHandler {
    fn handle(&self, op: &str, body: Value) -> Result<Value, ApiError> {
        Ok(json!({ "Operation": op, "Request": body }))
    }
}
