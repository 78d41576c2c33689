//! Where a call runs follows its `Blocking` class: a call that never blocks, and a brief one
//! alone, run on the connection's own task (no thread hand-off); a call that may wait long
//! runs on the blocking pool. A handler that panics in any class is answered with
//! `InternalServerError`, and the in-flight count of brief calls recovers from it.

mod common;

use std::sync::Arc;
use std::thread::ThreadId;

use cairn_server::{ApiError, Blocking, Handler};
use common::{api_request, TestServer};
use serde_json::{json, Value};
use std::sync::Mutex;

/// Records the thread each call ran on; `Scan`, `PutItem` and `DescribeTable` stand for the
/// three classes, and a body `{"panic": true}` makes the call panic.
#[derive(Default)]
struct Recorder {
    threads: Mutex<Vec<(String, ThreadId)>>,
}

impl Handler for Recorder {
    fn handle(&self, op: &str, body: Value) -> Result<Value, ApiError> {
        self.threads
            .lock()
            .unwrap()
            .push((op.to_owned(), std::thread::current().id()));
        if body["panic"] == json!(true) {
            panic!("handler bug in {op}");
        }
        Ok(json!({}))
    }

    fn blocking(&self, op: &str) -> Blocking {
        match op {
            "Scan" => Blocking::Never,
            "PutItem" => Blocking::Briefly,
            _ => Blocking::Long,
        }
    }
}

// The default test runtime has one thread: the test's own, which also serves connections.
#[tokio::test]
async fn calls_run_in_place_or_on_the_pool_by_class() {
    let recorder = Arc::new(Recorder::default());
    let server = TestServer::start(recorder.clone()).await;
    let here = std::thread::current().id();
    for op in ["Scan", "PutItem", "DescribeTable", "PutItem"] {
        let res = server.send(&api_request(op, "{}")).await;
        assert_eq!(res.status, 200, "{op}");
    }
    let threads = recorder.threads.lock().unwrap().clone();
    let placed: Vec<(&str, bool)> = threads
        .iter()
        .map(|(op, id)| (op.as_str(), *id == here))
        .collect();
    assert_eq!(
        placed,
        [
            ("Scan", true),
            ("PutItem", true),
            ("DescribeTable", false),
            ("PutItem", true)
        ]
    );
    server.stop().await;
}

#[tokio::test]
async fn a_panic_in_any_class_is_an_internal_error_and_is_forgotten() {
    let recorder = Arc::new(Recorder::default());
    let server = TestServer::start(recorder.clone()).await;
    let here = std::thread::current().id();
    for op in ["Scan", "PutItem", "DescribeTable"] {
        let res = server.send(&api_request(op, r#"{"panic":true}"#)).await;
        assert_eq!(res.status, 500, "{op}");
        assert_eq!(
            res.json(),
            json!({
                "__type": "com.amazonaws.dynamodb.v20120810#InternalServerError",
                "message": "Internal server error",
            })
        );
    }
    // The brief call that panicked no longer counts as in flight: the next one, alone again,
    // runs in place.
    let res = server.send(&api_request("PutItem", "{}")).await;
    assert_eq!(res.status, 200);
    let last = recorder.threads.lock().unwrap().last().cloned().unwrap();
    assert_eq!(last, ("PutItem".to_owned(), here));
    server.stop().await;
}
