//! Shutting down stops accepting, closes idle connections, lets the request in flight
//! finish and be answered, then `run` returns; a request that outlasts the shutdown
//! timeout is abandoned and `run` returns anyway.

mod common;

use std::sync::mpsc;
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

use cairn_server::{ApiError, Handler, ServerConfig};
use common::{api_request, closed_by_server, read_response, request, TestServer, STEP};
use serde_json::{json, Value};
use tokio::io::AsyncWriteExt;
use tokio::net::TcpStream;

/// Answers `Scan` only once released; tells when a `Scan` has started.
struct Gate {
    started: tokio::sync::mpsc::Sender<()>,
    release: Mutex<mpsc::Receiver<()>>,
}

impl Handler for Gate {
    fn handle(&self, op: &str, _body: Value) -> Result<Value, ApiError> {
        if op == "Scan" {
            let _ = self.started.blocking_send(());
            let _ = self.release.lock().unwrap().recv();
        }
        Ok(json!({"Count": 0}))
    }
}

fn gate() -> (Arc<Gate>, tokio::sync::mpsc::Receiver<()>, mpsc::Sender<()>) {
    let (started_tx, started_rx) = tokio::sync::mpsc::channel(1);
    let (release_tx, release_rx) = mpsc::channel();
    let gate = Gate {
        started: started_tx,
        release: Mutex::new(release_rx),
    };
    (Arc::new(gate), started_rx, release_tx)
}

async fn wait_until_refused(server: &TestServer) {
    let deadline = Instant::now() + STEP;
    while TcpStream::connect(server.addr).await.is_ok() {
        assert!(Instant::now() < deadline, "still accepting after shutdown");
        tokio::time::sleep(Duration::from_millis(10)).await;
    }
}

#[tokio::test]
async fn in_flight_request_finishes_then_run_returns() {
    let (handler, mut started, release) = gate();
    let mut server = TestServer::start(handler).await;

    // An idle keep-alive connection...
    let mut idle = server.connect().await;
    idle.write_all(&request("GET", "/", &[], b""))
        .await
        .unwrap();
    assert_eq!(read_response(&mut idle).await.unwrap().status, 200);
    // ...and a request in flight.
    let mut busy = server.connect().await;
    busy.write_all(&api_request("Scan", "{}")).await.unwrap();
    tokio::time::timeout(STEP, started.recv()).await.unwrap();

    server.signal_stop();
    wait_until_refused(&server).await;
    assert!(closed_by_server(&mut idle).await, "idle connection closed");
    assert!(!server.is_finished(), "run waits for the request in flight");

    release.send(()).unwrap();
    let res = read_response(&mut busy).await.unwrap();
    assert_eq!(res.status, 200);
    assert_eq!(res.json(), json!({"Count": 0}));
    res.assert_standard_headers();
    assert!(
        closed_by_server(&mut busy).await,
        "no keep-alive once shutting down"
    );
    server.stop().await;
}

#[tokio::test]
async fn shutdown_timeout_abandons_a_stuck_request() {
    let (handler, mut started, release) = gate();
    let config = ServerConfig {
        shutdown_timeout: Duration::from_millis(200),
        ..ServerConfig::default()
    };
    let server = TestServer::start_with(config, handler).await;
    let mut busy = server.connect().await;
    busy.write_all(&api_request("Scan", "{}")).await.unwrap();
    tokio::time::timeout(STEP, started.recv()).await.unwrap();

    let t = Instant::now();
    server.stop().await;
    assert!(t.elapsed() >= Duration::from_millis(200));
    assert!(closed_by_server(&mut busy).await);
    release.send(()).unwrap();
}

#[tokio::test]
async fn shutdown_with_no_connections_is_prompt() {
    let server = TestServer::start_default().await;
    let addr = server.addr;
    let t = Instant::now();
    server.stop().await;
    assert!(t.elapsed() < Duration::from_secs(5));
    assert!(TcpStream::connect(addr).await.is_err());
}
