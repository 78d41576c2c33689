//! Shared by the end-to-end tests (`tests/sdk_*.rs`): a cairn server on `127.0.0.1:0`
//! over a real database, and an AWS SDK client pointed at it. Everything a test asserts
//! went through the SDK's serialisation, signing, HTTP and error parsing, as an
//! application's requests would.

#![allow(dead_code)]

use std::io;
use std::net::SocketAddr;
use std::path::Path;
use std::sync::Arc;
use std::time::Duration;

use aws_sdk_dynamodb::config::{BehaviorVersion, Credentials, Region};
use aws_sdk_dynamodb::error::{ProvideErrorMetadata, SdkError};
use aws_sdk_dynamodb::types::{
    AttributeDefinition, AttributeValue, BillingMode, KeySchemaElement, KeyType,
    ScalarAttributeType, TableStatus,
};
use aws_sdk_dynamodb::Client;
use cairn_dynamo::storage::lsm::{Location, LsmStorage};
use cairn_dynamo::{Database, DatabaseOptions};
use cairn_server::{DynamoHandler, Server, ServerConfig};
use tokio::sync::oneshot;
use tokio::task::JoinHandle;

/// How long any single step may take before the test fails instead of hanging.
pub const STEP: Duration = Duration::from_secs(30);

/// A running server, its database, and a client for it.
pub struct SdkServer {
    /// Where the server listens.
    pub addr: SocketAddr,
    /// A client with region `us-east-1`, static test credentials, no retries.
    pub client: Client,
    db: Arc<Database>,
    stop: Option<oneshot::Sender<()>>,
    task: JoinHandle<io::Result<()>>,
}

impl SdkServer {
    /// A server over a fresh in-memory database.
    pub async fn start() -> SdkServer {
        let storage = LsmStorage::open(Location::Memory, false).expect("in-memory storage");
        Self::start_over(storage).await
    }

    /// A server over a fresh in-memory database opened with `options` (e.g. table status
    /// delays, so that `CREATING` and `UPDATING` can be seen).
    pub async fn start_with_options(options: DatabaseOptions) -> SdkServer {
        let db = Database::in_memory(options).expect("open database");
        Self::start_with(Arc::new(db)).await
    }

    /// A server over the database in `dir` (created if missing).
    pub async fn start_on(dir: &Path) -> SdkServer {
        let storage = LsmStorage::open(Location::Dir(dir), true).expect("storage on disk");
        Self::start_over(storage).await
    }

    async fn start_over(storage: LsmStorage) -> SdkServer {
        let db =
            Database::open(Arc::new(storage), DatabaseOptions::default()).expect("open database");
        Self::start_with(Arc::new(db)).await
    }

    /// A server over `db`.
    pub async fn start_with(db: Arc<Database>) -> SdkServer {
        let config = ServerConfig {
            host: "127.0.0.1".to_owned(),
            port: 0,
            ..ServerConfig::default()
        };
        let server = Server::bind(config).await.expect("bind 127.0.0.1:0");
        let addr = server.local_addr();
        let (tx, rx) = oneshot::channel::<()>();
        let handler = Arc::new(DynamoHandler::new(db.clone()));
        let task = tokio::spawn(server.run(handler, async {
            let _ = rx.await;
        }));
        SdkServer {
            addr,
            client: client(&endpoint(addr)),
            db,
            stop: Some(tx),
            task,
        }
    }

    /// `http://127.0.0.1:<port>`.
    pub fn endpoint(&self) -> String {
        endpoint(self.addr)
    }

    /// The database served.
    pub fn database(&self) -> &Arc<Database> {
        &self.db
    }

    /// Shuts the server down gracefully, then closes the database.
    pub async fn stop(mut self) {
        if let Some(tx) = self.stop.take() {
            let _ = tx.send(());
        }
        tokio::time::timeout(STEP, &mut self.task)
            .await
            .expect("server shut down in time")
            .expect("server task did not panic")
            .expect("run returned Ok");
        self.db.close().expect("close database");
    }
}

/// `http://<addr>`.
pub fn endpoint(addr: SocketAddr) -> String {
    format!("http://{addr}")
}

/// An SDK client for the server at `endpoint`: region `us-east-1`, static credentials,
/// plain HTTP, no retries (a test sees the first answer), and a call that takes longer
/// than [`STEP`] fails instead of hanging the test.
pub fn client(endpoint: &str) -> Client {
    let http = aws_smithy_http_client::Builder::new().build_http();
    let config = aws_sdk_dynamodb::Config::builder()
        .behavior_version(BehaviorVersion::latest())
        .region(Region::new("us-east-1"))
        .credentials_provider(Credentials::new("AKIDTEST", "secret", None, None, "test"))
        .endpoint_url(endpoint)
        .http_client(http)
        .retry_config(aws_sdk_dynamodb::config::retry::RetryConfig::disabled())
        .timeout_config(
            aws_sdk_dynamodb::config::timeout::TimeoutConfig::builder()
                .operation_timeout(STEP)
                .build(),
        )
        .build();
    Client::from_conf(config)
}

/// The error code (`__type` without its namespace) and message of a failed call. Panics
/// if the call failed without an answer from the service (connection, timeout, ...).
pub fn error_of<E, R>(err: &SdkError<E, R>) -> (String, String)
where
    E: ProvideErrorMetadata + std::error::Error + 'static,
    R: std::fmt::Debug,
{
    match err {
        SdkError::ServiceError(service) => {
            let e = service.err();
            (
                e.code().unwrap_or_default().to_owned(),
                e.message().unwrap_or_default().to_owned(),
            )
        }
        other => panic!("expected a service error, got {other:?}"),
    }
}

/// Unwraps `result`'s error as `(code, message)`; panics if the call succeeded.
pub fn expect_error<T, E, R>(result: Result<T, SdkError<E, R>>) -> (String, String)
where
    T: std::fmt::Debug,
    E: ProvideErrorMetadata + std::error::Error + 'static,
    R: std::fmt::Debug,
{
    match result {
        Ok(v) => panic!("expected an error, got {v:?}"),
        Err(e) => error_of(&e),
    }
}

/// A string attribute.
pub fn s(v: &str) -> AttributeValue {
    AttributeValue::S(v.to_owned())
}

/// A number attribute.
pub fn n(v: impl ToString) -> AttributeValue {
    AttributeValue::N(v.to_string())
}

/// A key attribute definition.
pub fn attr(name: &str, ty: ScalarAttributeType) -> AttributeDefinition {
    AttributeDefinition::builder()
        .attribute_name(name)
        .attribute_type(ty)
        .build()
        .expect("attribute definition")
}

/// An index projection of `ty` (no non-key attributes).
pub fn projection(
    ty: aws_sdk_dynamodb::types::ProjectionType,
) -> aws_sdk_dynamodb::types::Projection {
    aws_sdk_dynamodb::types::Projection::builder()
        .projection_type(ty)
        .build()
}

/// A key schema element.
pub fn key(name: &str, ty: KeyType) -> KeySchemaElement {
    KeySchemaElement::builder()
        .attribute_name(name)
        .key_type(ty)
        .build()
        .expect("key schema element")
}

/// Creates an on-demand table keyed by string `pk` (and string `sk` when `range`), and
/// waits until it is `ACTIVE`.
pub async fn create_table(client: &Client, name: &str, range: bool) {
    let mut req = client
        .create_table()
        .table_name(name)
        .billing_mode(BillingMode::PayPerRequest)
        .attribute_definitions(attr("pk", ScalarAttributeType::S))
        .key_schema(key("pk", KeyType::Hash));
    if range {
        req = req
            .attribute_definitions(attr("sk", ScalarAttributeType::S))
            .key_schema(key("sk", KeyType::Range));
    }
    req.send().await.expect("CreateTable");
    wait_active(client, name).await;
}

/// Waits until the table and every global secondary index on it are `ACTIVE`.
pub async fn wait_active(client: &Client, name: &str) {
    let deadline = tokio::time::Instant::now() + STEP;
    loop {
        let out = client
            .describe_table()
            .table_name(name)
            .send()
            .await
            .expect("DescribeTable");
        let table = out.table().expect("Table");
        let indexes_active = table
            .global_secondary_indexes()
            .iter()
            .all(|g| g.index_status() == Some(&aws_sdk_dynamodb::types::IndexStatus::Active));
        if table.table_status() == Some(&TableStatus::Active) && indexes_active {
            return;
        }
        assert!(
            tokio::time::Instant::now() < deadline,
            "table {name} not ACTIVE in time: {table:?}"
        );
        tokio::time::sleep(Duration::from_millis(20)).await;
    }
}
