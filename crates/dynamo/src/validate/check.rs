//! The type pass: every member's JSON type against its shape (`SerializationException`).
//!
//! DynamoDB deserializes the request before it validates anything, so the first type
//! error anywhere wins over every constraint. The walk follows the request's own member
//! order (a streaming parser stops at the first bad token; dynalite walks its shape order
//! instead, which no recorded test tells apart). Members the shape does not declare are
//! skipped without a look, and a JSON `null` is an absent member (dynalite deletes both
//! before checking; AWS's JSON protocol treats null as unset).
//!
//! Which text a wrong type produces depends on what was expected, what was found and
//! where (dynalite `validations/index.js` `checkType`, pinned by `assertType` in its
//! `test/helpers.js`):
//!
//! | expected | boolean | number | string | array | object |
//! |---|---|---|---|---|---|
//! | string | `TRUE_VALUE cannot be converted to String` | `NUMBER_VALUE` / `DECIMAL_VALUE ...` | ok | `Unrecognized collection type class java.lang.String` | `Start of structure or map found where not expected` |
//! | `Integer`/`Long` | `TRUE_VALUE cannot be converted to Long` | ok (fraction dropped) | `STRING_VALUE cannot be converted to Long` | `... class java.lang.Long` | start of structure |
//! | boolean | ok | `NUMBER_VALUE cannot be converted to Boolean` | ok for `true`/`false`/`yes`/`no`/`1`/`0`, else `Unexpected token received from parser` | `... class java.lang.Boolean` | start of structure |
//! | list | `Unexpected field type` | same | same | ok | start of structure |
//! | map | `Unexpected field type` | same | same | `Unrecognized collection type java.util.Map<java.lang.String, V>` | ok |
//! | structure member | `Unexpected field type` | same | same | `Unrecognized collection type class <model class>` | ok |
//! | structure element | `Unexpected value type in payload` | same | same | same as member | ok |
//!
//! A list or map directly inside another list or map (`BatchWriteItem`'s per-table request
//! lists, `BatchGetItem`'s keys) answers a scalar with Java's `ParameterizedTypeImpl`
//! cast failure instead. Attribute values and items are checked by
//! [`crate::types::json`], whose shape pass gives the same texts; its value checks
//! (empty values, bad numbers, duplicates) are left to the operation, which DynamoDB
//! runs after the constraint pass.

use serde_json::{Map, Value};

use super::messages::{self, MODEL_PACKAGE};
use super::shape::{Shape, Structure};
use crate::types::json::{decode_attribute_value, decode_item, DecodeError};
use crate::types::messages::{
    SER_BAD_BOOLEAN_TOKEN, SER_LIST_FOR_ATTRIBUTE_VALUE, SER_UNEXPECTED_FIELD_TYPE,
    SER_UNEXPECTED_STRUCTURE, SER_UNEXPECTED_VALUE_TYPE,
};

/// Where a value sits, which changes some texts.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Place {
    /// A member of a structure.
    Field,
    /// An element of a list or a value of a map.
    Element,
}

/// The first type error of `object` against `structure`, as the message text.
pub fn check_structure(object: &Map<String, Value>, structure: &Structure) -> Result<(), String> {
    for (name, value) in object {
        if let Some(member) = structure.members.iter().find(|m| m.name == name) {
            check_value(value, &member.shape, Place::Field)?;
        }
    }
    Ok(())
}

/// A JSON boolean, or one of the strings DynamoDB reads as one (any case): `true`,
/// `yes`, `1`; `false`, `no`, `0`.
pub fn lenient_bool(value: &Value) -> Option<bool> {
    match value {
        Value::Bool(b) => Some(*b),
        Value::String(s) => match s.to_ascii_uppercase().as_str() {
            "TRUE" | "YES" | "1" => Some(true),
            "FALSE" | "NO" | "0" => Some(false),
            _ => None,
        },
        _ => None,
    }
}

/// DynamoDB's token name for a JSON scalar, in "X cannot be converted to Y".
fn token(value: &Value) -> &'static str {
    match value {
        Value::Bool(true) => "TRUE_VALUE",
        Value::Bool(false) => "FALSE_VALUE",
        Value::Number(n) if n.is_i64() || n.is_u64() => "NUMBER_VALUE",
        Value::Number(_) => "DECIMAL_VALUE",
        _ => "STRING_VALUE",
    }
}

fn check_value(value: &Value, shape: &Shape, place: Place) -> Result<(), String> {
    if value.is_null() {
        return Ok(());
    }
    match shape {
        Shape::String(_) | Shape::TableName => check_scalar(value, "String", |v| v.is_string()),
        Shape::Integer(_) => check_scalar(value, "Integer", |v| v.is_number()),
        Shape::Long(_) => check_scalar(value, "Long", |v| v.is_number()),
        Shape::Boolean => match value {
            Value::String(_) if lenient_bool(value).is_none() => {
                Err(SER_BAD_BOOLEAN_TOKEN.to_owned())
            }
            _ => check_scalar(value, "Boolean", |v| v.is_boolean() || v.is_string()),
        },
        Shape::List(list) => match value {
            Value::Array(elements) => elements
                .iter()
                .try_for_each(|e| check_value(e, &list.member, Place::Element)),
            Value::Object(_) => Err(SER_UNEXPECTED_STRUCTURE.to_owned()),
            _ => Err(collection_scalar(place)),
        },
        Shape::Map(map) => match value {
            Value::Object(entries) => entries
                .values()
                .try_for_each(|e| check_value(e, &map.value, Place::Element)),
            Value::Array(_) => Err(messages::unrecognized_collection_map(
                &map.value.java_type(),
            )),
            _ => Err(collection_scalar(place)),
        },
        Shape::Structure(structure) => match value {
            Value::Object(object) => check_structure(object, structure),
            Value::Array(_) => Err(messages::unrecognized_collection_class(&format!(
                "{MODEL_PACKAGE}{}",
                structure.name
            ))),
            _ => Err(structure_scalar(place)),
        },
        Shape::AttributeValue => match (value, place) {
            (Value::Object(_), _) | (_, Place::Element) => {
                serialization_only(decode_attribute_value(value).map(drop))
            }
            (Value::Array(_), Place::Field) => Err(SER_LIST_FOR_ATTRIBUTE_VALUE.to_owned()),
            (_, Place::Field) => Err(SER_UNEXPECTED_FIELD_TYPE.to_owned()),
        },
        Shape::AttributeMap => match (value, place) {
            (Value::Object(_) | Value::Array(_), _) | (_, Place::Field) => {
                serialization_only(decode_item(value).map(drop))
            }
            (_, Place::Element) => Err(messages::PARAMETERIZED_TYPE_CAST.to_owned()),
        },
    }
}

/// A scalar member: `accepts` says which JSON values are fine.
fn check_scalar(value: &Value, java_type: &str, accepts: fn(&Value) -> bool) -> Result<(), String> {
    match value {
        v if accepts(v) => Ok(()),
        Value::Array(_) => Err(messages::unrecognized_collection_class(&format!(
            "java.lang.{java_type}"
        ))),
        Value::Object(_) => Err(SER_UNEXPECTED_STRUCTURE.to_owned()),
        scalar => Err(messages::scalar_cannot_convert(token(scalar), java_type)),
    }
}

/// A scalar where a list or map was expected.
fn collection_scalar(place: Place) -> String {
    match place {
        Place::Field => SER_UNEXPECTED_FIELD_TYPE.to_owned(),
        Place::Element => messages::PARAMETERIZED_TYPE_CAST.to_owned(),
    }
}

/// A scalar where a structure was expected.
fn structure_scalar(place: Place) -> String {
    match place {
        Place::Field => SER_UNEXPECTED_FIELD_TYPE.to_owned(),
        Place::Element => SER_UNEXPECTED_VALUE_TYPE.to_owned(),
    }
}

/// Keeps a decoding failure only if it is a type error: the value checks of attribute
/// values come later, after the constraint pass.
fn serialization_only(result: Result<(), DecodeError>) -> Result<(), String> {
    match result {
        Err(DecodeError::Serialization(e)) => Err(e.message()),
        Ok(()) | Err(DecodeError::Validation(_)) => Ok(()),
    }
}
