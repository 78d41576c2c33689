//! The checks Query and Scan make of a request before reading: which source it reads (the
//! table or one of its indexes, and whether that index can be read), what it asks back
//! (`Select`), and its `ExclusiveStartKey`.

use serde_json::{Map, Value};

use super::super::common::str_member;
use crate::error::{DynamoError, Result};
use crate::messages;
use crate::table::{IndexKind, IndexSchema, KeyAttribute, Projection, TableSchema};
use crate::types::{decode_item, value_size, AttributeValue, DecodeError, Item};

/// Which operation reads (a few messages differ).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Reader {
    /// Query.
    Query,
    /// Scan.
    Scan,
}

/// What a request asks to get back (`Select`).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Select {
    /// Every attribute of the table's items.
    AllAttributes,
    /// What the index projects.
    AllProjectedAttributes,
    /// The attributes of a `ProjectionExpression` or `AttributesToGet`.
    SpecificAttributes,
    /// Only `Count` and `ScannedCount`.
    Count,
}

fn present(body: &Map<String, Value>, name: &str) -> bool {
    body.get(name).is_some_and(|v| !v.is_null())
}

impl Select {
    /// The request's `Select`, checked against its projection: `SPECIFIC_ATTRIBUTES` needs
    /// one, any other `Select` forbids one, `ALL_PROJECTED_ATTRIBUTES` needs an index.
    /// Without `Select`: specific attributes if projected, else what the index projects, else
    /// all attributes.
    pub fn of(
        body: &Map<String, Value>,
        reader: Reader,
        projection_expression: bool,
        attributes_to_get: bool,
    ) -> Result<Select> {
        let has_index = present(body, "IndexName");
        let explicit = match str_member(body, "Select") {
            Some("ALL_ATTRIBUTES") => Some(Select::AllAttributes),
            Some("ALL_PROJECTED_ATTRIBUTES") => Some(Select::AllProjectedAttributes),
            Some("SPECIFIC_ATTRIBUTES") => Some(Select::SpecificAttributes),
            Some("COUNT") => Some(Select::Count),
            _ => None,
        };
        let Some(select) = explicit else {
            return Ok(if projection_expression || attributes_to_get {
                Select::SpecificAttributes
            } else if has_index {
                Select::AllProjectedAttributes
            } else {
                Select::AllAttributes
            });
        };
        let what = match select {
            Select::SpecificAttributes => {
                if !projection_expression && !attributes_to_get {
                    // Query wraps this one as a constraint failure; Scan does not.
                    let text = messages::SPECIFIC_ATTRIBUTES_WITHOUT_PROJECTION;
                    return Err(DynamoError::validation(match reader {
                        Reader::Query => format!("1 validation error detected: {text}"),
                        Reader::Scan => text.to_owned(),
                    }));
                }
                return Ok(select);
            }
            Select::AllAttributes => "ALL_ATTRIBUTES",
            Select::AllProjectedAttributes => "ALL_PROJECTED_ATTRIBUTES",
            Select::Count => "only the Count",
        };
        for (given, parameter) in [
            (projection_expression, "ProjectionExpression"),
            (attributes_to_get, "AttributesToGet"),
        ] {
            if given {
                return Err(DynamoError::validation(messages::projection_with_select(
                    parameter, what,
                )));
            }
        }
        if select == Select::AllProjectedAttributes && !has_index {
            return Err(DynamoError::validation(
                messages::ALL_PROJECTED_WITHOUT_INDEX,
            ));
        }
        Ok(select)
    }
}

/// The index the request names (`None`: the table): it must exist, not be read
/// consistently if global, and be readable (not backfilling).
pub fn source<'s>(
    schema: &'s TableSchema,
    body: &Map<String, Value>,
) -> Result<Option<&'s IndexSchema>> {
    let Some(name) = str_member(body, "IndexName") else {
        return Ok(None);
    };
    let index = schema
        .index(name)
        .ok_or_else(|| DynamoError::validation(messages::no_such_index(name)))?;
    if index.kind == IndexKind::Global {
        if body.get("ConsistentRead").and_then(Value::as_bool) == Some(true) {
            return Err(DynamoError::validation(messages::CONSISTENT_READ_ON_GSI));
        }
        if !index.readable {
            return Err(DynamoError::validation(messages::index_backfilling(name)));
        }
    }
    Ok(Some(index))
}

/// Whether a value message is one DynamoDB reports for an `ExclusiveStartKey` without its
/// "starting key is invalid" prefix (number and set problems; dynalite's validations).
fn unprefixed(message: &str) -> bool {
    [
        "contains duplicates",
        "number set",
        "numeric value",
        "significant digits",
        "number with magnitude",
    ]
    .iter()
    .any(|p| message.contains(p))
}

/// The request's `ExclusiveStartKey`, its values decoded (`None` if absent).
pub fn start_key(body: &Map<String, Value>) -> Result<Option<Item>> {
    let Some(json) = body.get("ExclusiveStartKey").filter(|v| !v.is_null()) else {
        return Ok(None);
    };
    match decode_item(json) {
        Ok(item) => Ok(Some(item)),
        Err(DecodeError::Validation(v)) => {
            let message = v.message();
            Err(DynamoError::validation(if unprefixed(&message) {
                message
            } else {
                messages::start_key_invalid(&message)
            }))
        }
        Err(e) => Err(e.into()),
    }
}

/// The attributes of a `LastEvaluatedKey` (and of a valid `ExclusiveStartKey`): the table's
/// key, then the index's key attributes that are not the table's.
pub fn start_key_attributes<'s>(
    schema: &'s TableSchema,
    index: Option<&'s IndexSchema>,
) -> Vec<&'s KeyAttribute> {
    let mut attrs: Vec<&KeyAttribute> = schema.key.attributes().collect();
    if let Some(index) = index {
        for a in index.key.attributes() {
            if !attrs.iter().any(|t| t.name == a.name) {
                attrs.push(a);
            }
        }
    }
    attrs
}

/// Checks one key attribute of a start key: present with the schema's type, not empty,
/// within the key size limits.
pub fn check_key_piece(key: &Item, attr: &KeyAttribute, is_hash: bool) -> Result<()> {
    let value = key
        .get(&attr.name)
        .filter(|v| v.attribute_type() == attr.ty)
        .ok_or_else(|| DynamoError::validation(messages::KEY_SCHEMA_MISMATCH))?;
    let len = match value {
        AttributeValue::S(s) => s.len(),
        AttributeValue::B(b) => b.len(),
        other => value_size(other),
    };
    if len == 0 && matches!(value, AttributeValue::S(_) | AttributeValue::B(_)) {
        return Err(DynamoError::validation(messages::empty_key(
            &attr.name,
            value.type_name(),
        )));
    }
    let (limit, message) = if is_hash {
        (
            super::super::common::MAX_HASH_KEY_BYTES,
            messages::HASH_KEY_TOO_LONG,
        )
    } else {
        (
            super::super::common::MAX_RANGE_KEY_BYTES,
            messages::RANGE_KEY_TOO_LONG,
        )
    };
    if len > limit {
        return Err(DynamoError::validation(message));
    }
    Ok(())
}

/// Checks the table's key attributes of a start key (its index attributes were checked
/// already): `The provided starting key is invalid: <reason>`.
pub fn check_table_start_key(schema: &TableSchema, key: &Item) -> Result<()> {
    for (i, attr) in schema.key.attributes().enumerate() {
        check_key_piece(key, attr, i == 0)
            .map_err(|e| DynamoError::validation(messages::start_key_invalid(&e.message)))?;
    }
    Ok(())
}

/// Rejects `Select: ALL_ATTRIBUTES` on a global index that does not project everything.
pub fn check_select_on_index(select: Select, index: Option<&IndexSchema>) -> Result<()> {
    match index {
        Some(i)
            if select == Select::AllAttributes
                && i.kind == IndexKind::Global
                && i.projection != Projection::All =>
        {
            Err(DynamoError::validation(messages::select_all_on_gsi(
                &i.name,
            )))
        }
        _ => Ok(()),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    #[test]
    fn select_rules() {
        let body = |v: Value| v.as_object().unwrap().clone();
        let sel = |v: Value, r, pe, atg| Select::of(&body(v), r, pe, atg);
        assert_eq!(
            sel(json!({}), Reader::Scan, false, false).unwrap(),
            Select::AllAttributes
        );
        assert_eq!(
            sel(json!({"IndexName": "i"}), Reader::Scan, false, false).unwrap(),
            Select::AllProjectedAttributes
        );
        assert_eq!(
            sel(json!({}), Reader::Query, true, false).unwrap(),
            Select::SpecificAttributes
        );
        assert_eq!(
            sel(json!({"Select": "COUNT"}), Reader::Query, true, false)
                .unwrap_err()
                .message,
            "Cannot specify the ProjectionExpression when choosing to get only the Count"
        );
        assert_eq!(
            sel(
                json!({"Select": "ALL_ATTRIBUTES"}),
                Reader::Scan,
                false,
                true
            )
            .unwrap_err()
            .message,
            "Cannot specify the AttributesToGet when choosing to get ALL_ATTRIBUTES"
        );
        assert_eq!(
            sel(
                json!({"Select": "SPECIFIC_ATTRIBUTES"}),
                Reader::Scan,
                false,
                false
            )
            .unwrap_err()
            .message,
            messages::SPECIFIC_ATTRIBUTES_WITHOUT_PROJECTION
        );
        assert_eq!(
            sel(
                json!({"Select": "ALL_PROJECTED_ATTRIBUTES"}),
                Reader::Scan,
                false,
                false
            )
            .unwrap_err()
            .message,
            messages::ALL_PROJECTED_WITHOUT_INDEX
        );
    }

    #[test]
    fn start_key_messages() {
        let body = |v: Value| v.as_object().unwrap().clone();
        let e = start_key(&body(json!({"ExclusiveStartKey": {"a": {}}}))).unwrap_err();
        assert!(e
            .message
            .starts_with("The provided starting key is invalid: "));
        let e = start_key(&body(
            json!({"ExclusiveStartKey": {"a": {"NS": ["1", "1"]}}}),
        ))
        .unwrap_err();
        assert!(
            !e.message.starts_with("The provided starting key"),
            "{}",
            e.message
        );
        assert!(start_key(&body(json!({}))).unwrap().is_none());
    }
}
