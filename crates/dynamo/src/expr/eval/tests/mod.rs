//! Unit tests of expression evaluation.

mod condition;
mod fuzz;
mod path;
mod projection;
mod update;

use crate::expr::{parse_condition, parse_projection, parse_update, ExprKind};
use crate::types::{decode_attribute_map, decode_attribute_value, AttributeValue, Item};
use serde_json::{json, Value};
use std::collections::BTreeMap;

/// Decodes a DynamoDB JSON item or attribute map.
pub(super) fn item(j: Value) -> Item {
    decode_attribute_map(&j).unwrap_or_else(|e| panic!("{j}: {e:?}"))
}

/// Decodes one DynamoDB JSON value.
pub(super) fn val(j: Value) -> AttributeValue {
    decode_attribute_value(&j).unwrap_or_else(|e| panic!("{j}: {e:?}"))
}

/// The names map `#n` → `n` for every `#x` used in the tests, plus `#k` → `key.with.dots`.
pub(super) fn names() -> BTreeMap<String, String> {
    let mut m: BTreeMap<String, String> = ["a", "b", "c", "l", "m", "s"]
        .iter()
        .map(|n| (format!("#{n}"), n.to_string()))
        .collect();
    m.insert("#k".into(), "key.with.dots".into());
    m
}

/// Evaluates a ConditionExpression.
pub(super) fn check(expr: &str, values: Value, it: Option<&Item>) -> Result<bool, String> {
    let c = parse_condition(expr, ExprKind::Condition).unwrap_or_else(|e| panic!("{expr}: {e}"));
    let values = item(values);
    super::evaluate_condition(&c, ExprKind::Condition, &names(), &values, it)
        .map_err(|e| e.message())
}

/// Applies an UpdateExpression.
pub(super) fn update(expr: &str, values: Value, it: Option<&Item>) -> Result<Item, String> {
    let u = parse_update(expr).unwrap_or_else(|e| panic!("{expr}: {e}"));
    let values = item(values);
    super::apply_update(&u, &names(), &values, it).map_err(|e| e.message())
}

/// Projects an item.
pub(super) fn project(expr: &str, it: &Item) -> Item {
    let p = parse_projection(expr).unwrap_or_else(|e| panic!("{expr}: {e}"));
    super::project(&p, &names(), it).unwrap_or_else(|e| panic!("{expr}: {e}"))
}

/// A sample item with every type.
pub(super) fn sample() -> Item {
    item(json!({
        "s": {"S": "hello"},
        "u": {"S": "héllo"},
        "n": {"N": "10"},
        "b": {"B": "AQID"},
        "t": {"BOOL": true},
        "z": {"NULL": true},
        "ss": {"SS": ["x", "y"]},
        "ns": {"NS": ["1", "2", "3"]},
        "bs": {"BS": ["AQ=="]},
        "l": {"L": [{"S": "a"}, {"N": "1"}, {"L": [{"S": "deep"}]}]},
        "m": {"M": {"x": {"N": "1"}, "y": {"M": {"z": {"S": "zz"}}}}},
        "key.with.dots": {"S": "dotted"}
    }))
}
