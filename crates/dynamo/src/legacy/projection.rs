//! `AttributesToGet` as a projection: GetItem, BatchGetItem, Query, Scan.
//!
//! Each name is a top-level attribute taken literally. A name listed twice is `One or more
//! parameter values were invalid: Duplicate value in attribute name: <name>`, naming the
//! first name seen again (dynalite's tests against DynamoDB). Key attributes are not added:
//! only the listed attributes are returned (the conformance suite's
//! `attributesToGet.test.ts`).

use serde_json::{Map, Value};
use std::collections::HashSet;

use super::messages as m;
use super::translated::{Builder, Translated};
use crate::error::{DynamoError, Result};
use crate::expr::ProjectionExpression;

/// The request's `AttributesToGet` as a projection (`None` when absent). Call it where the
/// operation checks `AttributesToGet` (GetItem: after the key; Query: after the filter;
/// Scan: before the filter).
pub fn projection_from_attributes_to_get(
    body: &Map<String, Value>,
) -> Result<Option<Translated<ProjectionExpression>>> {
    let Some(list) = body.get("AttributesToGet").and_then(Value::as_array) else {
        return Ok(None);
    };
    let names: Vec<&str> = list.iter().filter_map(Value::as_str).collect();
    let mut seen = HashSet::new();
    if let Some(dup) = names.iter().find(|n| !seen.insert(**n)) {
        return Err(DynamoError::validation(m::duplicate_attribute_name(dup)));
    }
    let mut b = Builder::default();
    let paths = names.into_iter().map(|n| b.path(n)).collect();
    Ok(Some(b.finish(ProjectionExpression { paths })))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::expr::eval::project;
    use crate::types::{decode_item, encode_item};
    use serde_json::json;

    fn projection(list: Value) -> Result<Option<Translated<ProjectionExpression>>> {
        projection_from_attributes_to_get(json!({ "AttributesToGet": list }).as_object().unwrap())
    }

    #[test]
    fn duplicates() {
        assert_eq!(
            projection(json!(["a", "b", "b", "a"])).unwrap_err().message,
            "One or more parameter values were invalid: Duplicate value in attribute name: b"
        );
        assert!(projection(json!(null)).unwrap().is_none());
    }

    #[test]
    fn projects_listed_attributes_only() {
        let item = decode_item(&json!({
            "pk": {"S": "a2g-1"}, "name": {"S": "alice"}, "age": {"N": "30"},
            "a.b": {"S": "dotted"}, "m": {"M": {"x": {"N": "1"}}}
        }))
        .unwrap();
        let p = projection(json!(["name", "age", "nonexistent", "a.b"]))
            .unwrap()
            .unwrap();
        let got = project(&p.expression, &p.names, &item).unwrap();
        assert_eq!(
            encode_item(&got),
            json!({"a.b": {"S": "dotted"}, "age": {"N": "30"}, "name": {"S": "alice"}})
        );
    }
}
