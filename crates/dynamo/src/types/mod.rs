//! DynamoDB data types.
//!
//! - [`number`]: [`Number`], DynamoDB's exact 38-digit decimal: parsing from the wire
//!   text with DynamoDB's errors, the normalised text DynamoDB returns, exact `add`/`sub`,
//!   ordering, and an order-preserving byte encoding for keys.
//! - [`value`]: [`AttributeValue`] (the ten types) and [`Item`], with DynamoDB's equality
//!   and ordering.
//! - [`json`]: the DynamoDB JSON wire form, decoded with DynamoDB's validation and error
//!   texts ([`DecodeError`]), and encoded.
//! - [`size`]: item size by DynamoDB's rules and the 400 KB limit.
//! - [`messages`]: every error message text of this layer, in one table.
//! - [`codec`]: the binary form in which items are stored.
//! - [`base64`]: the strict base64 DynamoDB uses for binary values.

pub mod base64;
pub mod codec;
pub mod json;
pub mod messages;
pub mod number;
pub mod size;
pub mod value;

pub use codec::{decode_stored_item, encode_stored_item, ItemCodecError};
pub use json::{
    decode_attribute_map, decode_attribute_value, decode_item, encode_attribute_value, encode_item,
    DecodeError, SerializationError, ValidationError, MAX_NESTING_DEPTH,
};
pub use number::{KeyDecodeError, Number, NumberError};
pub use size::{check_item_size, item_size, value_size, ItemTooLarge, MAX_ITEM_SIZE};
pub use value::{AttributeType, AttributeValue, Item};
