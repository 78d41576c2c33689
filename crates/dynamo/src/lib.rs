//! DynamoDB semantics for cairn, independent of HTTP and of the storage engine.
//!
//! - [`types`]: attribute values, numbers with DynamoDB's 38-digit decimal arithmetic, the
//!   JSON wire form, item size by DynamoDB's rules.
//! - [`keys`]: how DynamoDB keys become engine keys (order-preserving encoding, partition
//!   hash, key-space layout).
//! - [`expr`]: condition, filter, key-condition, update and projection expressions: lexer,
//!   parser, syntax tree, reserved words.
//! - [`validate`]: request shapes checked before an operation runs.
//! - [`legacy`]: the pre-expression parameters (`Expected`, `AttributeUpdates`,
//!   `KeyConditions`, ...) as expressions.
//! - [`error`]: the typed error of every operation.

#![warn(missing_docs)]

pub mod db;
pub mod error;
pub mod expr;
pub mod keys;
pub mod legacy;
pub mod messages;
pub mod ops;
pub mod storage;
pub mod table;
pub mod types;
pub mod validate;

pub use db::{Database, DatabaseOptions};
pub use error::{DynamoError, ErrorKind};
