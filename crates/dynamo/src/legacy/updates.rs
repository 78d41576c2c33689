//! `AttributeUpdates` as an update expression: UpdateItem.
//!
//! Entries are checked in the order given, each completely (dynalite's
//! `validations/updateItem.js`, from its tests against DynamoDB): `Value` as an attribute
//! value; no `Value` with an action other than `DELETE` (`Action` absent means `PUT`);
//! `DELETE` with a value that is not a set; `ADD` with a value that is not a number, set or
//! list.
//!
//! Translation, one action per attribute:
//! - `PUT` → `SET #a = :v`;
//! - `ADD` of a number or set → `ADD #a :v`; of a list → `SET #a = list_append(if_not_exists(#a,
//!   :empty), :v)` (legacy `ADD` appends to a list, or creates it: dynalite's test "should just
//!   add valid ADD actions if nothing exists", run against DynamoDB);
//! - `DELETE` with a set → `DELETE #a :v`; without a value → `REMOVE #a`.
//!
//! At update time, `ADD` or `DELETE` on an attribute of another type is `Type mismatch for
//! attribute to update` rather than the expression form's `An operand in the update
//! expression has an incorrect data type` (dynalite `test/updateItem.js`): apply with
//! [`Translated::apply_legacy`], which maps it. Updating a key attribute is the operation's check
//! ([`crate::expr::eval::touched_attributes`] works on the translation).

use serde_json::{Map, Value};

use super::messages as m;
use super::translated::{Builder, Translated};
use crate::error::{DynamoError, Result};
use crate::expr::eval::{apply_update, EvalError};
use crate::expr::{
    PathValueAction, SetAction, SetValue, UpdateClause, UpdateExpression, UpdateOperand,
};
use crate::types::{decode_attribute_value, AttributeType, AttributeValue, Item};

/// One validated entry.
enum Action {
    Put(AttributeValue),
    Add(AttributeValue),
    Delete(Option<AttributeValue>),
}

fn action(entry: &Value) -> Result<Action> {
    let value = match entry.get("Value").filter(|v| !v.is_null()) {
        Some(v) => Some(decode_attribute_value(v)?),
        None => None,
    };
    let name = entry.get("Action").and_then(Value::as_str).unwrap_or("PUT");
    match (name, value) {
        ("DELETE", None) => Ok(Action::Delete(None)),
        (_, None) => Err(DynamoError::validation(m::ONLY_DELETE_WITHOUT_VALUE)),
        ("DELETE", Some(v)) if v.is_set() => Ok(Action::Delete(Some(v))),
        ("DELETE", Some(v)) => Err(DynamoError::validation(m::delete_value_type(v.type_name()))),
        ("ADD", Some(v))
            if v.is_set() || matches!(v.attribute_type(), AttributeType::N | AttributeType::L) =>
        {
            Ok(Action::Add(v))
        }
        ("ADD", Some(v)) => Err(DynamoError::validation(m::add_value_type(v.type_name()))),
        (_, Some(v)) => Ok(Action::Put(v)),
    }
}

/// The request's `AttributeUpdates` as an update (`None` when absent; an empty map is an
/// update that changes nothing). Call it after the key is validated and before `Expected`.
pub fn update_from_attribute_updates(
    body: &Map<String, Value>,
) -> Result<Option<Translated<UpdateExpression>>> {
    let Some(updates) = body.get("AttributeUpdates").and_then(Value::as_object) else {
        return Ok(None);
    };
    let mut actions = Vec::with_capacity(updates.len());
    for (attribute, entry) in updates {
        actions.push((attribute, action(entry)?));
    }
    let mut b = Builder::default();
    let mut u = UpdateExpression::default();
    for (attribute, a) in actions {
        let path = b.path(attribute);
        match a {
            Action::Put(v) => u.set.push(SetAction {
                path,
                value: SetValue::Operand(UpdateOperand::Value(b.value(v))),
            }),
            Action::Add(v @ AttributeValue::L(_)) => {
                let current = UpdateOperand::IfNotExists(
                    path.clone(),
                    Box::new(UpdateOperand::Value(b.value(AttributeValue::L(Vec::new())))),
                );
                let appended = UpdateOperand::Value(b.value(v));
                u.set.push(SetAction {
                    path,
                    value: SetValue::Operand(UpdateOperand::ListAppend(
                        Box::new(current),
                        Box::new(appended),
                    )),
                });
            }
            Action::Add(v) => u.add.push(PathValueAction {
                path,
                value: b.value(v),
            }),
            Action::Delete(Some(v)) => u.delete.push(PathValueAction {
                path,
                value: b.value(v),
            }),
            Action::Delete(None) => u.remove.push(path),
        }
    }
    let clauses = [
        (UpdateClause::Set, u.set.is_empty()),
        (UpdateClause::Remove, u.remove.is_empty()),
        (UpdateClause::Add, u.add.is_empty()),
        (UpdateClause::Delete, u.delete.is_empty()),
    ];
    u.clause_order = clauses
        .into_iter()
        .filter(|(_, empty)| !empty)
        .map(|(c, _)| c)
        .collect();
    Ok(Some(b.finish(u)))
}

impl Translated<UpdateExpression> {
    /// Applies the update to `item` (`None`: no item yet; pass an item holding just the key,
    /// as for expressions) and returns the new item, with the legacy runtime error texts.
    pub fn apply_legacy(&self, item: Option<&Item>) -> Result<Item> {
        apply_update(&self.expression, &self.names, &self.values, item).map_err(|e| match e {
            EvalError::OperandWrongType => DynamoError::validation(m::UPDATE_TYPE_MISMATCH),
            other => DynamoError::validation(other.message()),
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::expr::eval::touched_attributes;
    use crate::types::{decode_item, encode_item};
    use serde_json::json;

    fn translate(updates: Value) -> Result<Translated<UpdateExpression>> {
        update_from_attribute_updates(json!({ "AttributeUpdates": updates }).as_object().unwrap())
            .map(Option::unwrap)
    }

    fn apply(updates: Value, item: Value) -> Result<Value> {
        let item = decode_item(&item).unwrap();
        translate(updates)?
            .apply_legacy(Some(&item))
            .map(|i| encode_item(&i))
    }

    #[test]
    fn validation() {
        // dynalite test/updateItem.js.
        let p = "One or more parameter values were invalid: ";
        assert_eq!(
            translate(json!({"a": {"x": "whatever"}}))
                .unwrap_err()
                .message,
            format!("{p}Only DELETE action is allowed when no attribute value is specified")
        );
        for v in [
            json!({"S": "1"}),
            json!({"N": "1"}),
            json!({"B": "Yg=="}),
            json!({"NULL": true}),
            json!({"BOOL": true}),
            json!({"M": {}}),
            json!({"L": []}),
        ] {
            let t = v.as_object().unwrap().keys().next().unwrap().clone();
            assert_eq!(
                translate(json!({"a": {"Action": "DELETE", "Value": v}}))
                    .unwrap_err()
                    .message,
                format!("{p}DELETE action with value is not supported for the type {t}")
            );
        }
        for v in [
            json!({"S": "1"}),
            json!({"B": "Yg=="}),
            json!({"NULL": true}),
            json!({"BOOL": true}),
            json!({"M": {}}),
        ] {
            let t = v.as_object().unwrap().keys().next().unwrap().clone();
            assert_eq!(
                translate(json!({"a": {"Action": "ADD", "Value": v}}))
                    .unwrap_err()
                    .message,
                format!("{p}ADD action is not supported for the type {t}")
            );
        }
        // The value is validated first.
        assert_eq!(
            translate(json!({"a": {"Action": "ADD", "Value": {}}}))
                .unwrap_err()
                .message,
            "Supplied AttributeValue is empty, must contain exactly one of the supported datatypes"
        );
    }

    #[test]
    fn actions() {
        // The conformance suite's cases (tests/tier3/legacy-api/attributeUpdates.test.ts).
        assert_eq!(
            apply(
                json!({"name": {"Action": "PUT", "Value": {"S": "new-name"}},
                       "count": {"Action": "ADD", "Value": {"N": "9"}},
                       "extra": {"Action": "DELETE"},
                       "fresh": {"Value": {"N": "42"}}}),
                json!({"pk": {"S": "k"}, "name": {"S": "old"}, "count": {"N": "1"},
                       "extra": {"S": "x"}})
            )
            .unwrap(),
            json!({"count": {"N": "10"}, "fresh": {"N": "42"}, "name": {"S": "new-name"},
                   "pk": {"S": "k"}})
        );
        assert_eq!(
            apply(
                json!({"tags": {"Action": "DELETE", "Value": {"SS": ["b", "z"]}},
                       "more": {"Action": "ADD", "Value": {"SS": ["c", "d"]}},
                       "gone": {"Action": "DELETE", "Value": {"NS": ["1"]}}}),
                json!({"tags": {"SS": ["a", "b", "c"]}, "more": {"SS": ["a", "c"]},
                       "gone": {"NS": ["1"]}})
            )
            .unwrap(),
            json!({"more": {"SS": ["a", "c", "d"]}, "tags": {"SS": ["a", "c"]}})
        );
        // On nothing: ADD creates, DELETE does nothing (dynalite, "should just add valid ADD
        // actions if nothing exists").
        assert_eq!(
            apply(
                json!({"b": {"Action": "DELETE"},
                       "c": {"Action": "DELETE", "Value": {"SS": ["a", "b"]}},
                       "d": {"Action": "ADD", "Value": {"N": "5"}},
                       "e": {"Action": "ADD", "Value": {"SS": ["a", "b"]}},
                       "f": {"Action": "ADD", "Value": {"L": [{"S": "a"}, {"N": "1"}]}}}),
                json!({"a": {"S": "k"}})
            )
            .unwrap(),
            json!({"a": {"S": "k"}, "d": {"N": "5"}, "e": {"SS": ["a", "b"]},
                   "f": {"L": [{"S": "a"}, {"N": "1"}]}})
        );
        // ADD of a list appends.
        assert_eq!(
            apply(
                json!({"l": {"Action": "ADD", "Value": {"L": [{"N": "3"}]}}}),
                json!({"l": {"L": [{"N": "1"}, {"N": "2"}]}})
            )
            .unwrap(),
            json!({"l": {"L": [{"N": "1"}, {"N": "2"}, {"N": "3"}]}})
        );
    }

    #[test]
    fn type_mismatch_at_update_time() {
        // dynalite test/updateItem.js "should return ValidationException if trying to
        // delete/add incorrect types".
        let item = json!({"b": {"SS": ["1"]}, "c": {"N": "1"}, "d": {"NS": ["1"]},
                          "l": {"S": "x"}});
        for updates in [
            json!({"b": {"Action": "DELETE", "Value": {"NS": ["1"]}}}),
            json!({"b": {"Action": "DELETE", "Value": {"BS": ["YQ=="]}}}),
            json!({"c": {"Action": "DELETE", "Value": {"NS": ["1"]}}}),
            json!({"b": {"Action": "ADD", "Value": {"NS": ["1"]}}}),
            json!({"d": {"Action": "ADD", "Value": {"N": "1"}}}),
            json!({"l": {"Action": "ADD", "Value": {"L": []}}}),
        ] {
            assert_eq!(
                apply(updates, item.clone()).unwrap_err().message,
                "Type mismatch for attribute to update"
            );
        }
    }

    #[test]
    fn touched_attributes_for_the_key_check() {
        let t = translate(json!({"pk": {"Value": {"S": "x"}}, "a": {"Action": "DELETE"}})).unwrap();
        let touched = touched_attributes(&t.expression, &t.names).unwrap();
        assert_eq!(touched.into_iter().collect::<Vec<_>>(), ["a", "pk"]);
    }
}
