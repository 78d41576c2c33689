//! Checking expressions against the request's `ExpressionAttributeNames` and
//! `ExpressionAttributeValues`.
//!
//! The order of checks follows DynamoDB: each expression is parsed (`crate::expr::parse_*`),
//! then checked here for placeholders it uses but the request does not define, and for the
//! checks that need resolved names (repeated operands, overlapping paths); once every
//! expression of the request has passed, [`check_unused`] rejects map entries no expression
//! used.

mod maps;
mod usage;

pub use maps::{NameMap, NoneDefined, ValueSet};
pub use usage::{condition_placeholders, leaves, update_placeholders, Placeholder, Usage};

use super::ast::{
    AttrName, Condition, Operand, Path, PathElement, ProjectionExpression, UpdateExpression,
};
use super::error::{ExprError, Problem};
use super::{ExprKind, MAX_PLACEHOLDER_KEY_BYTES};
use usage::{leaf_placeholders, path_placeholders};

fn undefined(kind: ExprKind, p: Placeholder<'_>) -> ExprError {
    match p {
        Placeholder::Name(n) => ExprError::Invalid(kind, Problem::UndefinedName(n.to_string())),
        Placeholder::Value(v) => ExprError::Invalid(kind, Problem::UndefinedValue(v.to_string())),
    }
}

fn is_defined(p: Placeholder<'_>, names: &impl NameMap, values: &impl ValueSet) -> bool {
    match p {
        Placeholder::Name(n) => names.resolve_name(n).is_some(),
        Placeholder::Value(v) => values.has_value(v),
    }
}

/// One step of a path with its name resolved.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub enum Step {
    /// An attribute name.
    Name(String),
    /// A list index.
    Index(u32),
}

/// A document path with every `#placeholder` replaced by its attribute name.
pub type ResolvedPath = Vec<Step>;

/// Resolves a path's placeholders; `None` if one is undefined.
pub fn resolve_path(path: &Path, names: &impl NameMap) -> Option<ResolvedPath> {
    path.elements
        .iter()
        .map(|e| match e {
            PathElement::Attribute(AttrName::Plain(s)) => Some(Step::Name(s.clone())),
            PathElement::Attribute(AttrName::Placeholder(s)) => {
                names.resolve_name(s).map(|n| Step::Name(n.to_string()))
            }
            PathElement::Index(i) => Some(Step::Index(*i)),
        })
        .collect()
}

/// A resolved path as DynamoDB prints it in messages: `[a, b, [0]]`.
pub fn path_string(path: &[Step]) -> String {
    let parts: Vec<String> = path
        .iter()
        .map(|s| match s {
            Step::Name(n) => n.clone(),
            Step::Index(i) => format!("[{i}]"),
        })
        .collect();
    format!("[{}]", parts.join(", "))
}

/// Checks a parsed condition (of kind Condition, Filter or KeyCondition) against the request's
/// maps. Condition by condition, in source order: every placeholder must be defined, then no
/// comparison, IN or two-operand function may repeat its first operand (a path) among the
/// others.
pub fn check_condition(
    cond: &Condition,
    kind: ExprKind,
    names: &impl NameMap,
    values: &impl ValueSet,
) -> Result<(), ExprError> {
    for leaf in leaves(cond) {
        let mut list = Vec::new();
        leaf_placeholders(leaf, &mut list);
        if let Some(p) = list.into_iter().find(|p| !is_defined(*p, names, values)) {
            return Err(undefined(kind, p));
        }
        let (operator, first, rest): (String, &Operand, Vec<&Operand>) = match leaf {
            Condition::Compare { op, left, right } => (op.symbol().into(), left, vec![right]),
            Condition::In { operand, list } => ("IN".into(), operand, list.iter().collect()),
            Condition::BeginsWith(a, b) => ("begins_with".into(), a, vec![b]),
            Condition::Contains(a, b) => ("contains".into(), a, vec![b]),
            _ => continue,
        };
        let Operand::Path(first) = first else {
            continue;
        };
        let Some(first) = resolve_path(first, names) else {
            continue;
        };
        let repeated = rest.iter().any(|o| match o {
            Operand::Path(p) => resolve_path(p, names).as_ref() == Some(&first),
            _ => false,
        });
        if repeated {
            return Err(ExprError::Invalid(
                kind,
                Problem::OperandsNotDistinct {
                    operator,
                    first: path_string(&first),
                },
            ));
        }
    }
    Ok(())
}

/// Checks that no path is a prefix of another (overlap, reported first) and that no step is
/// used once as a name and once as an index (conflict).
fn check_paths(kind: ExprKind, paths: &[ResolvedPath]) -> Result<(), ExprError> {
    let mut conflict = None;
    for (j, two) in paths.iter().enumerate() {
        for one in &paths[..j] {
            let mut prefix = true;
            for (a, b) in one.iter().zip(two.iter()) {
                let same_kind = matches!(
                    (a, b),
                    (Step::Name(_), Step::Name(_)) | (Step::Index(_), Step::Index(_))
                );
                if !same_kind {
                    conflict.get_or_insert_with(|| Problem::PathsConflict {
                        one: path_string(one),
                        two: path_string(two),
                    });
                    prefix = false;
                    break;
                }
                if a != b {
                    prefix = false;
                    break;
                }
            }
            if prefix {
                return Err(ExprError::Invalid(
                    kind,
                    Problem::PathsOverlap {
                        one: path_string(one),
                        two: path_string(two),
                    },
                ));
            }
        }
    }
    match conflict {
        Some(p) => Err(ExprError::Invalid(kind, p)),
        None => Ok(()),
    }
}

/// Checks a parsed update expression: every `#name` defined, then every `:value` defined,
/// then no two target paths overlapping or conflicting.
pub fn check_update(
    u: &UpdateExpression,
    names: &impl NameMap,
    values: &impl ValueSet,
) -> Result<(), ExprError> {
    let kind = ExprKind::Update;
    let list = update_placeholders(u);
    let missing_name = list
        .iter()
        .find(|p| matches!(p, Placeholder::Name(_)) && !is_defined(**p, names, values));
    let missing_value = list
        .iter()
        .find(|p| matches!(p, Placeholder::Value(_)) && !is_defined(**p, names, values));
    if let Some(p) = missing_name.or(missing_value) {
        return Err(undefined(kind, *p));
    }
    let paths: Vec<ResolvedPath> = u
        .target_paths()
        .into_iter()
        .filter_map(|p| resolve_path(p, names))
        .collect();
    check_paths(kind, &paths)
}

/// Checks a parsed projection expression: every `#name` defined, then no two paths
/// overlapping or conflicting.
pub fn check_projection(p: &ProjectionExpression, names: &impl NameMap) -> Result<(), ExprError> {
    let kind = ExprKind::Projection;
    let mut list = Vec::new();
    for path in &p.paths {
        path_placeholders(path, &mut list);
    }
    if let Some(missing) = list
        .into_iter()
        .find(|p| !is_defined(*p, names, &NoneDefined))
    {
        return Err(undefined(kind, missing));
    }
    let paths: Vec<ResolvedPath> = p
        .paths
        .iter()
        .filter_map(|p| resolve_path(p, names))
        .collect();
    check_paths(kind, &paths)
}

/// After every expression of a request has been checked: rejects ExpressionAttributeNames
/// keys, then ExpressionAttributeValues keys, that no expression used. Keys are reported in
/// the order given.
pub fn check_unused<'k>(
    name_keys: impl IntoIterator<Item = &'k str>,
    value_keys: impl IntoIterator<Item = &'k str>,
    usages: &[&Usage],
) -> Result<(), ExprError> {
    let unused_names: Vec<String> = name_keys
        .into_iter()
        .filter(|k| !usages.iter().any(|u| u.names.iter().any(|n| n == k)))
        .map(str::to_string)
        .collect();
    if !unused_names.is_empty() {
        return Err(ExprError::UnusedNames(unused_names));
    }
    let unused_values: Vec<String> = value_keys
        .into_iter()
        .filter(|k| !usages.iter().any(|u| u.values.iter().any(|n| n == k)))
        .map(str::to_string)
        .collect();
    if !unused_values.is_empty() {
        return Err(ExprError::UnusedValues(unused_values));
    }
    Ok(())
}

fn valid_key(key: &str, prefix: char) -> bool {
    key.strip_prefix(prefix).is_some_and(|rest| {
        !rest.is_empty() && rest.bytes().all(|b| b.is_ascii_alphanumeric() || b == b'_')
    })
}

/// Validates the keys of a present ExpressionAttributeNames map: not empty, each `#` followed
/// by `[A-Za-z0-9_]+`, each at most 255 bytes.
pub fn check_name_keys<'k>(keys: impl IntoIterator<Item = &'k str>) -> Result<(), ExprError> {
    check_keys(
        keys,
        '#',
        ExprError::EmptyNames,
        ExprError::InvalidNameKey,
        ExprError::NameKeyTooLong,
    )
}

/// Validates the keys of a present ExpressionAttributeValues map: not empty, each `:` followed
/// by `[A-Za-z0-9_]+`, each at most 255 bytes.
pub fn check_value_keys<'k>(keys: impl IntoIterator<Item = &'k str>) -> Result<(), ExprError> {
    check_keys(
        keys,
        ':',
        ExprError::EmptyValues,
        ExprError::InvalidValueKey,
        ExprError::ValueKeyTooLong,
    )
}

fn check_keys<'k>(
    keys: impl IntoIterator<Item = &'k str>,
    prefix: char,
    empty: ExprError,
    invalid: fn(String) -> ExprError,
    too_long: fn(usize) -> ExprError,
) -> Result<(), ExprError> {
    let mut any = false;
    for key in keys {
        any = true;
        if !valid_key(key, prefix) {
            return Err(invalid(key.to_string()));
        }
        if key.len() > MAX_PLACEHOLDER_KEY_BYTES {
            return Err(too_long(key.len()));
        }
    }
    if any {
        Ok(())
    } else {
        Err(empty)
    }
}
