//! cairn's HTTP front end: DynamoDB's JSON protocol (`POST /` with
//! `X-Amz-Target: DynamoDB_20120810.<Operation>`) over HTTP/1.1.
//!
//! - [`config`]: [`ServerConfig`] and the command line of `cairn serve` (cairn's flags
//!   and DynamoDB Local's).
//! - [`listener`]: [`Server`]: bind, accept loop, graceful shutdown.
//! - [`signal`]: [`shutdown_signal`], SIGINT/SIGTERM.
//! - `wire`: the protocol itself, check by check in DynamoDB's order: size limit,
//!   health check, content type, JSON, target, authentication ([`auth`]), dispatch.
//! - [`router`]: the [`Handler`] trait operations are dispatched to, the list of
//!   DynamoDB's operations, and [`UnknownOperationHandler`].
//! - [`dynamo`]: [`DynamoHandler`], the operations of a `cairn_dynamo::Database`.
//! - [`error`]: [`ApiError`], DynamoDB's error bodies.
//! - [`response`], [`body`], [`request_id`]: response headers (`x-amz-crc32`,
//!   `x-amzn-RequestId`), the 16 MiB body limit, request ids.

#![warn(missing_docs)]

pub mod auth;
pub mod body;
pub mod config;
pub mod dynamo;
pub mod error;
pub mod listener;
pub mod request_id;
pub mod response;
pub mod router;
pub mod signal;
mod wire;

pub use config::{ConfigError, ParsedArgs, ServerConfig};
pub use dynamo::DynamoHandler;
pub use error::{ApiError, MessageKey};
pub use listener::Server;
pub use router::{Blocking, Handler, UnknownOperationHandler, OPERATIONS};
pub use signal::shutdown_signal;
