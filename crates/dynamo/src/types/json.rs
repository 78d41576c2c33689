//! The DynamoDB JSON wire form of attribute values and items, both ways.
//!
//! An attribute value is a JSON object with exactly one type key: `{"S": "x"}`,
//! `{"N": "1.5"}`, `{"B": "<base64>"}`, `{"BOOL": true}`, `{"NULL": true}`,
//! `{"M": {name: value…}}`, `{"L": [value…]}`, `{"SS": [..]}`, `{"NS": [..]}`,
//! `{"BS": [..]}`. An item is an object of attribute name → attribute value.
//!
//! # Decoding, and the order of errors
//!
//! DynamoDB first deserializes the whole request (JSON type errors are a
//! `SerializationException`), then validates it (a `ValidationException`). So decoding
//! makes two passes: a shape pass over the whole value ([`SerializationError`], the first
//! in document order), then a conversion pass that validates as it builds
//! ([`ValidationError`], the first in document order). Within one attribute value the
//! checks follow dynalite's `validateAttributeValue`: each type key in the order sent,
//! each fully validated (numbers, `NULL` true, sets non-empty, number-set members, then
//! duplicates, then `M` and `L` members), and only then "more than one datatypes".
//!
//! Details, with their evidence (dynalite `test/helpers.js` and `test/putItem.js`,
//! written against DynamoDB, unless noted):
//!
//! - Unknown keys are ignored and a `null` member counts as absent (AWS's JSON protocol
//!   treats null as unset; dynalite drops both), so `{}`, `{"a": ""}` and `{"S": null}`
//!   are "Supplied AttributeValue is empty…". A `null` in place of a whole attribute value
//!   (an item attribute, a map member, a list element) is the same error. A `null` number
//!   set member is "The parameter cannot be converted to a numeric value"; a `null`
//!   string or binary set member is reported as an empty attribute value (no evidence for
//!   DynamoDB's answer; it rejects them somehow).
//! - `BOOL` and `NULL` accept JSON booleans and the strings `true`/`false`/`1`/`0`/
//!   `yes`/`no` in any case (dynalite: "seem to convert fine"); `{"NULL": false}` is
//!   "Null attribute value types must have the value of true".
//! - `N` must be a JSON string: `{"N": 123}` is a `SerializationException` (ScyllaDB
//!   `test_number_in_json`).
//! - `B`/`BS` are strict padded base64 ([`super::base64`]); an empty string is empty binary
//!   (accepted outside keys; conformance `emptyValues.test.ts`).
//! - Sets must be non-empty and duplicate-free; number-set members are compared by value
//!   (`["1", "1.0"]` are duplicates; another emulator's notes record AWS rejecting
//!   `["1","2","2.0"]`).
//! - Nesting: the attribute itself is level 1 and each `M`/`L` adds one; a value at level
//!   33 is rejected, so a leaf inside 31 nested maps is accepted and inside 32 is not
//!   (a conformance suite captured against DynamoDB in eu-west-2). Set members do not count.

use super::base64;
use super::number::Number;
use super::value::{AttributeType, AttributeValue, Item};
use serde_json::{Map, Value};
use std::collections::{BTreeMap, BTreeSet};

mod error;

pub use error::{DecodeError, JsonKind, SerializationError, ValidationError};

/// Deepest allowed level of an attribute value (the attribute itself is level 1).
pub const MAX_NESTING_DEPTH: usize = 32;

/// How deep the shape pass looks. Far beyond any valid value (and beyond serde_json's own
/// parse limit of 128), so it finds every shape error while bounding recursion for values
/// built in memory.
const SHAPE_DEPTH_LIMIT: usize = 256;

/// Decodes an item (or any map of attribute name → value, such as a key). A JSON `null` is
/// an absent member and decodes to an empty item; callers check required members first.
pub fn decode_item(json: &Value) -> Result<Item, DecodeError> {
    decode_attribute_map(json).map_err(|(_, error)| error)
}

/// Like [`decode_item`], but a failure also names the attribute whose value failed (`None`
/// when the map itself has the wrong shape). For `ExpressionAttributeValues`, DynamoDB
/// wraps a validation message with that name:
/// [`messages::invalid_expression_attribute_value`](super::messages::invalid_expression_attribute_value)
/// (a serialization error is not wrapped).
pub fn decode_attribute_map(json: &Value) -> Result<Item, (Option<String>, DecodeError)> {
    let object = match json {
        Value::Null => return Ok(Item::new()),
        Value::Object(object) => object,
        other => {
            let found = JsonKind::of(other);
            return Err((None, SerializationError::NotAMap { found }.into()));
        }
    };
    for (name, member) in object {
        check_shape(member, 1).map_err(|e| (Some(name.clone()), e.into()))?;
    }
    let mut item = Item::new();
    for (name, member) in object {
        let value = convert(member, 1).map_err(|e| (Some(name.clone()), e))?;
        item.insert(name.clone(), value);
    }
    Ok(item)
}

/// Decodes one attribute value at the top level (nesting level 1).
pub fn decode_attribute_value(json: &Value) -> Result<AttributeValue, DecodeError> {
    check_shape(json, 1)?;
    convert(json, 1)
}

/// Encodes an attribute value in the wire form (numbers normalised, binaries base64,
/// map members and set members in their sorted order).
pub fn encode_attribute_value(value: &AttributeValue) -> Value {
    attribute_value_into_json(value.clone())
}

/// Encodes an item (or map value) as a JSON object, names in ascending order.
pub fn encode_item(item: &BTreeMap<String, AttributeValue>) -> Value {
    item_into_json(item.clone())
}

/// [`encode_attribute_value`] of an owned value: strings move into the JSON instead of
/// being copied (the form responses use).
pub fn attribute_value_into_json(value: AttributeValue) -> Value {
    let (key, inner) = match value {
        AttributeValue::S(s) => ("S", Value::String(s)),
        AttributeValue::N(n) => ("N", Value::String(n.to_string())),
        AttributeValue::B(b) => ("B", Value::String(base64::encode(&b))),
        AttributeValue::BOOL(b) => ("BOOL", Value::Bool(b)),
        AttributeValue::NULL => ("NULL", Value::Bool(true)),
        AttributeValue::M(m) => ("M", item_into_json(m)),
        AttributeValue::L(l) => ("L", l.into_iter().map(attribute_value_into_json).collect()),
        AttributeValue::SS(s) => ("SS", s.into_iter().map(Value::String).collect()),
        AttributeValue::NS(s) => (
            "NS",
            s.iter().map(|n| Value::String(n.to_string())).collect(),
        ),
        AttributeValue::BS(s) => (
            "BS",
            s.iter().map(|b| Value::String(base64::encode(b))).collect(),
        ),
    };
    let mut object = Map::with_capacity(1);
    object.insert(key.to_owned(), inner);
    Value::Object(object)
}

/// [`encode_item`] of an owned item.
pub fn item_into_json(item: BTreeMap<String, AttributeValue>) -> Value {
    let mut object = Map::with_capacity(item.len());
    for (name, value) in item {
        object.insert(name, attribute_value_into_json(value));
    }
    Value::Object(object)
}

// ---------------------------------------------------------------------------------------
// Shape helpers (SerializationException)
// ---------------------------------------------------------------------------------------

fn as_str(json: &Value) -> Result<&str, SerializationError> {
    match json {
        Value::String(s) => Ok(s),
        other => Err(SerializationError::NotAString {
            found: JsonKind::of(other),
        }),
    }
}

fn as_bool(json: &Value) -> Result<bool, SerializationError> {
    match json {
        Value::Bool(b) => Ok(*b),
        Value::String(s) => match s.to_ascii_uppercase().as_str() {
            "TRUE" | "1" | "YES" => Ok(true),
            "FALSE" | "0" | "NO" => Ok(false),
            _ => Err(SerializationError::NotABoolean {
                found: JsonKind::String,
            }),
        },
        other => Err(SerializationError::NotABoolean {
            found: JsonKind::of(other),
        }),
    }
}

fn decode_base64(text: &str) -> Result<Vec<u8>, SerializationError> {
    base64::decode(text).map_err(|e| match e {
        base64::Base64Error::Length(length) => SerializationError::Base64Length { length },
        base64::Base64Error::Invalid => SerializationError::Base64Invalid,
    })
}

fn as_binary(json: &Value) -> Result<Vec<u8>, SerializationError> {
    match json {
        Value::String(s) => decode_base64(s),
        other => Err(SerializationError::NotBinary {
            found: JsonKind::of(other),
        }),
    }
}

fn as_list(json: &Value) -> Result<&Vec<Value>, SerializationError> {
    match json {
        Value::Array(list) => Ok(list),
        other => Err(SerializationError::NotAList {
            found: JsonKind::of(other),
        }),
    }
}

fn as_map(json: &Value) -> Result<&Map<String, Value>, SerializationError> {
    match json {
        Value::Object(map) => Ok(map),
        other => Err(SerializationError::NotAMap {
            found: JsonKind::of(other),
        }),
    }
}

/// The type keys of an attribute value object that are present (not null), in order.
fn type_members(object: &Map<String, Value>) -> impl Iterator<Item = (AttributeType, &Value)> {
    object.iter().filter_map(|(key, member)| {
        let kind = AttributeType::from_name(key)?;
        (!member.is_null()).then_some((kind, member))
    })
}

/// The shape pass: the first serialization error in document order, if any.
fn check_shape(json: &Value, depth: usize) -> Result<(), SerializationError> {
    if depth > SHAPE_DEPTH_LIMIT {
        return Ok(());
    }
    let object = match json {
        Value::Null => return Ok(()),
        Value::Object(object) => object,
        other => {
            return Err(SerializationError::NotAnAttributeValue {
                found: JsonKind::of(other),
            })
        }
    };
    let members = |list: &Vec<Value>, check: fn(&Value) -> Result<(), SerializationError>| {
        list.iter().filter(|m| !m.is_null()).try_for_each(check)
    };
    for (kind, member) in type_members(object) {
        match kind {
            AttributeType::S | AttributeType::N => as_str(member).map(drop)?,
            AttributeType::B => as_binary(member).map(drop)?,
            AttributeType::BOOL | AttributeType::NULL => as_bool(member).map(drop)?,
            AttributeType::SS | AttributeType::NS => {
                members(as_list(member)?, |m| as_str(m).map(drop))?
            }
            AttributeType::BS => members(as_list(member)?, |m| as_binary(m).map(drop))?,
            AttributeType::L => {
                for element in as_list(member)? {
                    check_shape(element, depth + 1)?;
                }
            }
            AttributeType::M => {
                for value in as_map(member)?.values() {
                    check_shape(value, depth + 1)?;
                }
            }
        }
    }
    Ok(())
}

/// The conversion pass: validates and builds the value at nesting level `depth`.
fn convert(json: &Value, depth: usize) -> Result<AttributeValue, DecodeError> {
    if depth > MAX_NESTING_DEPTH {
        return Err(ValidationError::NestingTooDeep.into());
    }
    let object = match json {
        Value::Null => return Err(ValidationError::EmptyAttributeValue.into()),
        Value::Object(object) => object,
        other => {
            return Err(SerializationError::NotAnAttributeValue {
                found: JsonKind::of(other),
            }
            .into())
        }
    };
    let mut first = None;
    let mut count = 0;
    for (kind, member) in type_members(object) {
        let value = convert_typed(kind, member, depth)?;
        count += 1;
        first.get_or_insert(value);
    }
    match first {
        None => Err(ValidationError::EmptyAttributeValue.into()),
        Some(_) if count > 1 => Err(ValidationError::MultipleDatatypes.into()),
        Some(value) => Ok(value),
    }
}

fn convert_typed(
    kind: AttributeType,
    member: &Value,
    depth: usize,
) -> Result<AttributeValue, DecodeError> {
    Ok(match kind {
        AttributeType::S => AttributeValue::S(as_str(member)?.to_owned()),
        AttributeType::N => AttributeValue::N(Number::parse(as_str(member)?)?),
        AttributeType::B => AttributeValue::B(as_binary(member)?),
        AttributeType::BOOL => AttributeValue::BOOL(as_bool(member)?),
        AttributeType::NULL => match as_bool(member)? {
            true => AttributeValue::NULL,
            false => return Err(ValidationError::NullNotTrue.into()),
        },
        AttributeType::SS => convert_string_set(as_list(member)?)?,
        AttributeType::NS => convert_number_set(as_list(member)?)?,
        AttributeType::BS => convert_binary_set(as_list(member)?)?,
        AttributeType::L => AttributeValue::L(
            as_list(member)?
                .iter()
                .map(|element| convert(element, depth + 1))
                .collect::<Result<_, _>>()?,
        ),
        AttributeType::M => AttributeValue::M(
            as_map(member)?
                .iter()
                .map(|(name, value)| Ok((name.clone(), convert(value, depth + 1)?)))
                .collect::<Result<_, DecodeError>>()?,
        ),
    })
}

/// The members of a string or binary set as strings; a null member is an empty value.
fn set_strings(list: &[Value]) -> Result<Vec<&str>, DecodeError> {
    list.iter()
        .map(|m| match m {
            Value::Null => Err(ValidationError::EmptyAttributeValue.into()),
            other => Ok(as_str(other)?),
        })
        .collect()
}

fn convert_string_set(list: &[Value]) -> Result<AttributeValue, DecodeError> {
    if list.is_empty() {
        return Err(ValidationError::EmptyStringSet.into());
    }
    let members = set_strings(list)?;
    let set: BTreeSet<String> = members.iter().map(|s| (*s).to_owned()).collect();
    if set.len() != members.len() {
        let members = members.into_iter().map(str::to_owned).collect();
        return Err(ValidationError::StringSetDuplicates { members }.into());
    }
    Ok(AttributeValue::SS(set))
}

fn convert_number_set(list: &[Value]) -> Result<AttributeValue, DecodeError> {
    if list.is_empty() {
        return Err(ValidationError::EmptyNumberSet.into());
    }
    let mut set = BTreeSet::new();
    let mut duplicate = false;
    for member in list {
        let text = match member {
            Value::Null => "",
            other => as_str(other)?,
        };
        duplicate |= !set.insert(Number::parse(text)?);
    }
    if duplicate {
        return Err(ValidationError::NumberSetDuplicates.into());
    }
    Ok(AttributeValue::NS(set))
}

fn convert_binary_set(list: &[Value]) -> Result<AttributeValue, DecodeError> {
    if list.is_empty() {
        return Err(ValidationError::EmptyBinarySet.into());
    }
    let members = set_strings(list)?;
    let mut set = BTreeSet::new();
    for member in &members {
        set.insert(decode_base64(member)?);
    }
    if set.len() != members.len() {
        let members = members.into_iter().map(str::to_owned).collect();
        return Err(ValidationError::BinarySetDuplicates { members }.into());
    }
    Ok(AttributeValue::BS(set))
}

#[cfg(test)]
mod tests;
