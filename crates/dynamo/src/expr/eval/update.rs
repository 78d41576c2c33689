//! Update expressions: [`apply_update`], [`check_update_values`] for the errors that depend
//! only on the request's values, and [`touched_attributes`].
//!
//! Semantics (DynamoDB's):
//! - Every operand reads the item as it was before the update; then SET, ADD and DELETE
//!   write, and REMOVE removes, each path addressing the original item (so `REMOVE a[1],
//!   a[3]` removes the original second and fourth elements).
//! - `SET p = v`: every parent of `p` must exist and be a map (or a list, before an index),
//!   else "The document path provided in the update expression is invalid for update"; an
//!   index past a list's end appends. A path operand the item lacks is "The provided
//!   expression refers to an attribute that does not exist in the item", except as
//!   `if_not_exists`'s first operand. `+` and `-` take numbers (exact arithmetic),
//!   `list_append` lists; other types are "An operand in the update expression has an
//!   incorrect data type".
//! - `REMOVE p`: a missing `p` is not an error.
//! - `ADD p :v`: `:v` a number adds to a number (a missing `p` counts as 0), `:v` a set
//!   joins a set of the same type (a missing `p` counts as empty).
//! - `DELETE p :v`: `:v` a set is taken out of a set of the same type; a set left empty is
//!   removed; a missing `p` is not an error.

use super::error::{undefined_value, EvalError};
use super::path::{self, get, resolve};
use super::ValueMap;
use crate::expr::resolve::{NameMap, ResolvedPath, Step};
use crate::expr::{ExprKind, SetValue, UpdateClause, UpdateExpression, UpdateOperand, ValueRef};
use crate::types::{AttributeType, AttributeValue, Item};
use std::collections::BTreeSet;

const KIND: ExprKind = ExprKind::Update;

fn value<'v>(values: &'v impl ValueMap, v: &ValueRef) -> Result<&'v AttributeValue, EvalError> {
    values
        .value(v.as_str())
        .ok_or_else(|| undefined_value(KIND, v.as_str()))
}

/// The type DynamoDB spells out in ADD and DELETE operand errors.
fn spelled(t: AttributeType) -> &'static str {
    match t {
        AttributeType::S => "STRING",
        AttributeType::N => "NUMBER",
        AttributeType::B => "BINARY",
        AttributeType::BOOL => "BOOLEAN",
        AttributeType::NULL => "NULL",
        AttributeType::M => "MAP",
        AttributeType::L => "LIST",
        AttributeType::SS => "STRING_SET",
        AttributeType::NS => "NUMBER_SET",
        AttributeType::BS => "BINARY_SET",
    }
}

/// Checks the operands of `function` (`+`, `-`, `list_append`): functions nested in either
/// first, then each operand given directly as a value must have type `wanted`. As in
/// dynalite, only values written directly are checked; a function's result (say
/// `if_not_exists(p, :s)`) is checked when evaluated.
fn check_function(
    function: &str,
    operands: [&UpdateOperand; 2],
    wanted: AttributeType,
    values: &impl ValueMap,
) -> Result<(), EvalError> {
    for o in operands {
        check_nested(o, values)?;
    }
    for o in operands {
        if let UpdateOperand::Value(v) = o {
            let t = value(values, v)?.attribute_type();
            if t != wanted {
                return Err(EvalError::FunctionOperandType {
                    kind: KIND,
                    function: function.to_string(),
                    operand_type: t.name().to_string(),
                });
            }
        }
    }
    Ok(())
}

fn check_nested(o: &UpdateOperand, values: &impl ValueMap) -> Result<(), EvalError> {
    match o {
        UpdateOperand::IfNotExists(_, o) => check_nested(o, values),
        UpdateOperand::ListAppend(a, b) => {
            check_function("list_append", [a, b], AttributeType::L, values)
        }
        _ => Ok(()),
    }
}

/// The checks that need only the request's values. First `ADD` and `DELETE`, in the order
/// written: `ADD`'s value must be a number or a set, `DELETE`'s a set (`Incorrect operand
/// type for operator or function; operator: ADD, operand type: STRING`). Then the SET
/// actions in order: `+` and `-` operands given as values must be numbers and
/// `list_append`'s lists (`...; operator or function: +, operand type: S`). The order is
/// dynalite's (its test: `set b = list_append(:a, a) add a.b :a` with a string `:a` reports
/// the ADD).
pub fn check_update_values(
    update: &UpdateExpression,
    values: &impl ValueMap,
) -> Result<(), EvalError> {
    for clause in &update.clause_order {
        let (operator, actions) = match clause {
            UpdateClause::Add => ("ADD", &update.add),
            UpdateClause::Delete => ("DELETE", &update.delete),
            _ => continue,
        };
        for a in actions {
            let t = value(values, &a.value)?.attribute_type();
            let allowed = t.is_set() || (operator == "ADD" && t == AttributeType::N);
            if !allowed {
                return Err(EvalError::UpdateOperatorType {
                    operator,
                    operand_type: spelled(t),
                });
            }
        }
    }
    for a in &update.set {
        match &a.value {
            SetValue::Operand(o) => check_nested(o, values)?,
            SetValue::Plus(x, y) => check_function("+", [x, y], AttributeType::N, values)?,
            SetValue::Minus(x, y) => check_function("-", [x, y], AttributeType::N, values)?,
        }
    }
    Ok(())
}

/// The top-level attribute names an update writes or removes, for the caller's check that no
/// key attribute is updated (dynalite's text, from DynamoDB: `One or more parameter values
/// were invalid: Cannot update attribute a. This attribute is part of the key`, for `add a.b
/// :a` as for `remove a`).
pub fn touched_attributes(
    update: &UpdateExpression,
    names: &impl NameMap,
) -> Result<BTreeSet<String>, EvalError> {
    let mut out = BTreeSet::new();
    for p in update.target_paths() {
        if let Some(Step::Name(n)) = resolve(p, names, KIND)?.into_iter().next() {
            out.insert(n);
        }
    }
    Ok(out)
}

/// The top-level attribute names an update reaches into through a nested path (`a.b`,
/// `a[1]`), for the caller's check that index key attributes stay scalars (dynalite's text,
/// from DynamoDB: `Key attributes must be scalars; list random access '[]' and map lookup '.'
/// are not allowed: IndexKey: d`).
pub fn nested_touched_attributes(
    update: &UpdateExpression,
    names: &impl NameMap,
) -> Result<BTreeSet<String>, EvalError> {
    let mut out = BTreeSet::new();
    for p in update.target_paths() {
        let path = resolve(p, names, KIND)?;
        if let (Some(Step::Name(n)), true) = (path.first(), path.len() > 1) {
            out.insert(n.clone());
        }
    }
    Ok(out)
}

/// Every path an update writes or removes, resolved, in source order: for `ReturnValues`
/// `UPDATED_OLD` / `UPDATED_NEW` with [`super::projection::project_paths`].
pub fn updated_paths(
    update: &UpdateExpression,
    names: &impl NameMap,
) -> Result<Vec<ResolvedPath>, EvalError> {
    update
        .target_paths()
        .into_iter()
        .map(|p| resolve(p, names, KIND))
        .collect()
}

/// One write, computed from the original item.
enum Write {
    Set(ResolvedPath, AttributeValue),
    Remove(ResolvedPath),
}

/// Applies `update` to `item` (`None`: no item yet, which behaves as an empty one) and
/// returns the new item. Runs [`check_update_values`] first.
pub fn apply_update(
    update: &UpdateExpression,
    names: &impl NameMap,
    values: &impl ValueMap,
    item: Option<&Item>,
) -> Result<Item, EvalError> {
    check_update_values(update, values)?;
    let empty = Item::new();
    let old = item.unwrap_or(&empty);
    let mut writes = Vec::new();
    for a in &update.set {
        let v = match &a.value {
            SetValue::Operand(o) => operand(o, names, values, old)?,
            SetValue::Plus(x, y) | SetValue::Minus(x, y) => {
                let (x, y) = (
                    operand(x, names, values, old)?,
                    operand(y, names, values, old)?,
                );
                let (AttributeValue::N(x), AttributeValue::N(y)) = (x, y) else {
                    return Err(EvalError::OperandWrongType);
                };
                AttributeValue::N(match a.value {
                    SetValue::Plus(..) => x.add(&y)?,
                    _ => x.sub(&y)?,
                })
            }
        };
        writes.push(Write::Set(resolve(&a.path, names, KIND)?, v));
    }
    for a in &update.add {
        let p = resolve(&a.path, names, KIND)?;
        let v = add(get(old, &p), value(values, &a.value)?)?;
        writes.push(Write::Set(p, v));
    }
    for a in &update.delete {
        let p = resolve(&a.path, names, KIND)?;
        path::check_parent(old, &p)?;
        match delete(get(old, &p), value(values, &a.value)?)? {
            Some(Some(v)) => writes.push(Write::Set(p, v)),
            Some(None) => writes.push(Write::Remove(p)),
            None => {}
        }
    }
    for p in &update.remove {
        writes.push(Write::Remove(resolve(p, names, KIND)?));
    }
    let mut new = old.clone();
    let (mut sets, mut removals) = (Vec::new(), Vec::new());
    for w in writes {
        match w {
            Write::Set(p, v) => sets.push((p, v)),
            Write::Remove(p) => removals.push(p),
        }
    }
    path::set_all(&mut new, sets)?;
    path::remove_all(&mut new, &removals)?;
    Ok(new)
}

/// The value of a SET operand against the original item.
fn operand(
    o: &UpdateOperand,
    names: &impl NameMap,
    values: &impl ValueMap,
    item: &Item,
) -> Result<AttributeValue, EvalError> {
    match o {
        UpdateOperand::Path(p) => get(item, &resolve(p, names, KIND)?)
            .cloned()
            .ok_or(EvalError::MissingAttribute),
        UpdateOperand::Value(v) => value(values, v).cloned(),
        UpdateOperand::IfNotExists(p, fallback) => match get(item, &resolve(p, names, KIND)?) {
            Some(v) => Ok(v.clone()),
            None => operand(fallback, names, values, item),
        },
        UpdateOperand::ListAppend(a, b) => {
            let (a, b) = (
                operand(a, names, values, item)?,
                operand(b, names, values, item)?,
            );
            match (a, b) {
                (AttributeValue::L(mut a), AttributeValue::L(b)) => {
                    a.extend(b);
                    Ok(AttributeValue::L(a))
                }
                _ => Err(EvalError::OperandWrongType),
            }
        }
    }
}

/// `ADD`: the new value at the path.
fn add(old: Option<&AttributeValue>, v: &AttributeValue) -> Result<AttributeValue, EvalError> {
    use AttributeValue as A;
    Ok(match (old, v) {
        (None, v) => v.clone(),
        (Some(A::N(a)), A::N(b)) => A::N(a.add(b)?),
        (Some(A::SS(a)), A::SS(b)) => A::SS(a.union(b).cloned().collect()),
        (Some(A::NS(a)), A::NS(b)) => A::NS(a.union(b).cloned().collect()),
        (Some(A::BS(a)), A::BS(b)) => A::BS(a.union(b).cloned().collect()),
        _ => return Err(EvalError::OperandWrongType),
    })
}

/// `DELETE`: `None` to leave the item alone, `Some(None)` to remove the attribute (its set is
/// now empty), `Some(Some(v))` to store `v`.
#[allow(clippy::type_complexity)]
fn delete(
    old: Option<&AttributeValue>,
    v: &AttributeValue,
) -> Result<Option<Option<AttributeValue>>, EvalError> {
    use AttributeValue as A;
    let new = match (old, v) {
        (None, _) => return Ok(None),
        (Some(A::SS(a)), A::SS(b)) => A::SS(a.difference(b).cloned().collect()),
        (Some(A::NS(a)), A::NS(b)) => A::NS(a.difference(b).cloned().collect()),
        (Some(A::BS(a)), A::BS(b)) => A::BS(a.difference(b).cloned().collect()),
        _ => return Err(EvalError::OperandWrongType),
    };
    let empty = matches!(&new, A::SS(s) if s.is_empty())
        || matches!(&new, A::NS(s) if s.is_empty())
        || matches!(&new, A::BS(s) if s.is_empty());
    Ok(Some((!empty).then_some(new)))
}
