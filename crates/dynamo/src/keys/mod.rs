//! Keys: how DynamoDB keys become engine keys.
//!
//! - [`encoding`]: order-preserving, self-delimiting encoding of S, N and B key values.
//! - [`layout`]: the engine key space: catalog entries, item and index-entry keys with the
//!   partition hash that gives Scan its order and parallel Scan its segments.
//!
//! The byte layouts are in `docs/format/keys.md`.

pub mod encoding;
pub mod hash;
pub mod layout;

pub use encoding::{
    decode_key_value, encode_key_prefix, encode_key_value, key_value_len, KeyError,
};
