//! Tables: key schemas and indexes ([`schema`]), the stored description and the catalog of
//! tables ([`catalog`]).

pub mod catalog;
pub mod schema;

pub use catalog::{Catalog, Table, TableStatus};
pub use schema::{IndexKind, IndexSchema, KeyAttribute, KeySchema, Projection, TableSchema};
