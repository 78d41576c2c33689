//! The checks DynamoDB makes on expressions that reach into key attributes, before it reads
//! any item.
//!
//! - A key attribute of the table or of an index is a scalar: a path that goes into one
//!   (`a.b`, `a[0]`), read or written, is refused — "Key attributes must be scalars; ...
//!   Key: a" for the table's, "... IndexKey: d" for an index's. Every operation checks its
//!   projection, filter, condition and update paths with [`check_key_paths`].
//! - An UpdateItem that assigns an index key attribute a value whose type is known from the
//!   expression alone (a value placeholder, `+`/`-` giving a number, `list_append` a list,
//!   `ADD` of a value) of another type than the index declares is refused with the index
//!   key type mismatch, before anything else about key paths (dynalite's tests, recorded
//!   against DynamoDB: `set d.a = a add c :a` names `c`).

use std::collections::BTreeMap;

use crate::error::{DynamoError, Result};
use crate::expr::resolve::{leaves, resolve_path, NameMap, ResolvedPath, Step};
use crate::expr::{
    Condition, Operand, Path, ProjectionExpression, SetValue, UpdateExpression, UpdateOperand,
};
use crate::messages;
use crate::table::{IndexKind, TableSchema};
use crate::types::{AttributeType, AttributeValue};

/// Every path an update reads or writes, targets first in source order, then operands.
fn update_paths(u: &UpdateExpression) -> Vec<&Path> {
    fn operand<'a>(o: &'a UpdateOperand, out: &mut Vec<&'a Path>) {
        match o {
            UpdateOperand::Path(p) => out.push(p),
            UpdateOperand::Value(_) => {}
            UpdateOperand::IfNotExists(p, o) => {
                out.push(p);
                operand(o, out);
            }
            UpdateOperand::ListAppend(a, b) => {
                operand(a, out);
                operand(b, out);
            }
        }
    }
    let mut out = u.target_paths();
    for a in &u.set {
        match &a.value {
            SetValue::Operand(o) => operand(o, &mut out),
            SetValue::Plus(x, y) | SetValue::Minus(x, y) => {
                operand(x, &mut out);
                operand(y, &mut out);
            }
        }
    }
    out
}

/// Refuses paths that go into a key attribute of the table or of one of its indexes (the
/// paths as written; see [`check_key_paths`]).
pub fn check_scalar_keys<'a>(
    schema: &TableSchema,
    paths: impl IntoIterator<Item = &'a Path>,
    names: &BTreeMap<String, String>,
) -> Result<()> {
    let resolved: Vec<ResolvedPath> = paths
        .into_iter()
        .filter_map(|p| resolve_path(p, names))
        .collect();
    check_key_paths(schema, &resolved)
}

fn operand_paths<'c>(o: &'c Operand, out: &mut Vec<&'c Path>) {
    match o {
        Operand::Path(p) => out.push(p),
        Operand::Size(inner) => operand_paths(inner, out),
        Operand::Value(_) => {}
    }
}

/// Every document path a condition reads, resolved (undefined names were rejected before).
pub fn condition_paths(cond: &Condition, names: &impl NameMap) -> Vec<ResolvedPath> {
    let mut paths = Vec::new();
    for leaf in leaves(cond) {
        match leaf {
            Condition::Compare { left, right, .. } => {
                operand_paths(left, &mut paths);
                operand_paths(right, &mut paths);
            }
            Condition::Between {
                operand,
                lower,
                upper,
            } => {
                for o in [operand, lower, upper] {
                    operand_paths(o, &mut paths);
                }
            }
            Condition::In { operand, list } => {
                operand_paths(operand, &mut paths);
                for o in list {
                    operand_paths(o, &mut paths);
                }
            }
            Condition::AttributeExists(p)
            | Condition::AttributeNotExists(p)
            | Condition::AttributeType(p, _) => paths.push(p),
            Condition::BeginsWith(a, b) | Condition::Contains(a, b) => {
                operand_paths(a, &mut paths);
                operand_paths(b, &mut paths);
            }
            Condition::Not(_) | Condition::And(..) | Condition::Or(..) => {}
        }
    }
    paths
        .into_iter()
        .filter_map(|p| resolve_path(p, names))
        .collect()
}

/// The paths of a projection, resolved.
pub fn projection_paths(p: &ProjectionExpression, names: &impl NameMap) -> Vec<ResolvedPath> {
    p.paths
        .iter()
        .filter_map(|p| resolve_path(p, names))
        .collect()
}

/// The attribute a resolved path starts with.
pub(crate) fn head(path: &[Step]) -> Option<&str> {
    match path.first() {
        Some(Step::Name(n)) => Some(n),
        _ => None,
    }
}

/// Rejects a nested path (`a.b`, `a[0]`) into a key attribute: the table's first (`Key`),
/// then each index's, global ones first (`IndexKey`).
pub fn check_key_paths(schema: &TableSchema, paths: &[ResolvedPath]) -> Result<()> {
    let nested_into = |name: &str| paths.iter().any(|p| p.len() > 1 && head(p) == Some(name));
    for attr in schema.key.attributes() {
        if nested_into(&attr.name) {
            return Err(DynamoError::validation(messages::key_not_scalar(
                "Key", &attr.name,
            )));
        }
    }
    for kind in [IndexKind::Global, IndexKind::Local] {
        for index in schema.indexes.iter().filter(|i| i.kind == kind) {
            for attr in index.key.attributes() {
                if nested_into(&attr.name) {
                    return Err(DynamoError::validation(messages::key_not_scalar(
                        "IndexKey", &attr.name,
                    )));
                }
            }
        }
    }
    Ok(())
}

fn static_type(v: &SetValue, values: &BTreeMap<String, AttributeValue>) -> Option<AttributeType> {
    match v {
        SetValue::Plus(..) | SetValue::Minus(..) => Some(AttributeType::N),
        SetValue::Operand(UpdateOperand::ListAppend(..)) => Some(AttributeType::L),
        SetValue::Operand(UpdateOperand::Value(r)) => {
            values.get(r.as_str()).map(AttributeValue::attribute_type)
        }
        SetValue::Operand(_) => None,
    }
}

/// The checks of an update expression against the table's keys, in DynamoDB's order:
/// index key types known statically, then paths into key attributes.
pub fn check_update(
    schema: &TableSchema,
    u: &UpdateExpression,
    names: &BTreeMap<String, String>,
    values: &BTreeMap<String, AttributeValue>,
) -> Result<()> {
    let top = |p: &Path| match resolve_path(p, names)?.as_slice() {
        [Step::Name(n)] => Some(n.clone()),
        _ => None,
    };
    let mut assigned: Vec<(String, AttributeType)> = Vec::new();
    for a in &u.set {
        if let (Some(name), Some(ty)) = (top(&a.path), static_type(&a.value, values)) {
            assigned.push((name, ty));
        }
    }
    for a in &u.add {
        if let (Some(name), Some(v)) = (top(&a.path), values.get(a.value.as_str())) {
            assigned.push((name, v.attribute_type()));
        }
    }
    for index in &schema.indexes {
        for attr in index.key.attributes() {
            if schema.key.contains(&attr.name) {
                continue;
            }
            if let Some((_, ty)) = assigned
                .iter()
                .find(|(n, ty)| *n == attr.name && *ty != attr.ty)
            {
                return Err(DynamoError::validation(messages::index_key_type_mismatch(
                    &attr.name,
                    attr.ty.name(),
                    ty.name(),
                    &index.name,
                )));
            }
        }
    }
    check_scalar_keys(schema, update_paths(u), names)
}
