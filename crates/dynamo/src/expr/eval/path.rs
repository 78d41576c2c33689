//! Document paths on items: reading a value, and the writes of update expressions.
//!
//! Paths here are resolved ([`ResolvedPath`]): every `#name` already replaced, see
//! [`resolve`].

use super::error::{undefined_name, EvalError};
use crate::expr::resolve::{resolve_path, NameMap, ResolvedPath, Step};
use crate::expr::{ExprKind, Path, PathElement};
use crate::types::{AttributeValue, Item};

/// Resolves `path`'s `#name` placeholders; an undefined one is reported for `kind`.
pub fn resolve(
    path: &Path,
    names: &impl NameMap,
    kind: ExprKind,
) -> Result<ResolvedPath, EvalError> {
    resolve_path(path, names).ok_or_else(|| {
        let missing = path.elements.iter().find_map(|e| match e {
            PathElement::Attribute(n) if n.as_written().starts_with('#') => names
                .resolve_name(n.as_written())
                .is_none()
                .then(|| n.as_written()),
            _ => None,
        });
        undefined_name(kind, missing.unwrap_or(""))
    })
}

/// The value at `path` in `item`, or `None` when any step is missing or of the wrong type.
pub fn get<'a>(item: &'a Item, path: &[Step]) -> Option<&'a AttributeValue> {
    let (Step::Name(first), rest) = path.split_first()? else {
        return None;
    };
    let mut cur = item.get(first)?;
    for step in rest {
        cur = match (step, cur) {
            (Step::Name(n), AttributeValue::M(m)) => m.get(n)?,
            (Step::Index(i), AttributeValue::L(l)) => l.get(*i as usize)?,
            _ => return None,
        };
    }
    Some(cur)
}

/// The value holding the last step of `path` (`None` for a top-level path), for writing:
/// `Err` when a parent is missing.
fn parent_mut<'a>(
    item: &'a mut Item,
    path: &[Step],
) -> Result<Option<&'a mut AttributeValue>, EvalError> {
    let Some((Step::Name(first), rest)) = path.split_first() else {
        return Err(EvalError::InvalidUpdatePath);
    };
    if rest.is_empty() {
        return Ok(None);
    }
    let mut cur = item.get_mut(first).ok_or(EvalError::InvalidUpdatePath)?;
    for step in &rest[..rest.len() - 1] {
        cur = match (step, cur) {
            (Step::Name(n), AttributeValue::M(m)) => m.get_mut(n),
            (Step::Index(i), AttributeValue::L(l)) => l.get_mut(*i as usize),
            _ => None,
        }
        .ok_or(EvalError::InvalidUpdatePath)?;
    }
    Ok(Some(cur))
}

/// Checks that `path` could be written: every parent exists and is a map (before a name) or a
/// list (before an index); else [`EvalError::InvalidUpdatePath`].
pub fn check_parent(item: &Item, path: &[Step]) -> Result<(), EvalError> {
    let Some((last, parent)) = path.split_last() else {
        return Err(EvalError::InvalidUpdatePath);
    };
    let ok = match (parent.is_empty(), last) {
        (true, Step::Name(_)) => true,
        (true, Step::Index(_)) => false,
        (false, Step::Name(_)) => matches!(get(item, parent), Some(AttributeValue::M(_))),
        (false, Step::Index(_)) => matches!(get(item, parent), Some(AttributeValue::L(_))),
    };
    if ok {
        Ok(())
    } else {
        Err(EvalError::InvalidUpdatePath)
    }
}

/// Sets the value at `path`. Every parent must exist and be a map (before a name) or a list
/// (before an index), else [`EvalError::InvalidUpdatePath`]; an index past the end of a list
/// appends.
pub fn set(item: &mut Item, path: &[Step], value: AttributeValue) -> Result<(), EvalError> {
    let last = path.last().ok_or(EvalError::InvalidUpdatePath)?;
    match (parent_mut(item, path)?, last) {
        (None, Step::Name(n)) => {
            item.insert(n.clone(), value);
        }
        (Some(AttributeValue::M(m)), Step::Name(n)) => {
            m.insert(n.clone(), value);
        }
        (Some(AttributeValue::L(l)), Step::Index(i)) => match l.get_mut(*i as usize) {
            Some(slot) => *slot = value,
            None => l.push(value),
        },
        _ => return Err(EvalError::InvalidUpdatePath),
    }
    Ok(())
}

/// Removes the value at `path`, returning it. Removing from a list shifts the later elements
/// down. A missing target (an absent name, an index past the end) is not an error; a missing
/// parent or one of the wrong type is ([`EvalError::InvalidUpdatePath`]), as for `SET`
/// (dynalite's tests against DynamoDB: `remove y.a` with no `y`, `remove c[1]` with a map
/// `c`).
pub fn remove(item: &mut Item, path: &[Step]) -> Result<Option<AttributeValue>, EvalError> {
    let Some(last) = path.last() else {
        return Err(EvalError::InvalidUpdatePath);
    };
    match (parent_mut(item, path)?, last) {
        (None, Step::Name(n)) => Ok(item.remove(n)),
        (Some(AttributeValue::M(m)), Step::Name(n)) => Ok(m.remove(n)),
        (Some(AttributeValue::L(l)), Step::Index(i)) => {
            let i = *i as usize;
            Ok((i < l.len()).then(|| l.remove(i)))
        }
        _ => Err(EvalError::InvalidUpdatePath),
    }
}

/// Removes several paths at once, each one as it addresses the item before any removal: list
/// elements are removed from the highest index down so earlier removals do not shift later
/// ones.
pub fn remove_all(item: &mut Item, paths: &[ResolvedPath]) -> Result<(), EvalError> {
    let mut order: Vec<&ResolvedPath> = paths.iter().collect();
    order.sort_by(|a, b| compare_paths(b, a));
    for p in order {
        remove(item, p)?;
    }
    Ok(())
}

/// Sets several (non-overlapping) paths at once, in ascending path order, so that elements
/// written past the end of one list are appended in index order whatever the order of the
/// actions (dynalite's test against DynamoDB: `SET c[4] = .., c[2] = .. ADD c[8] :ss, c[6] :n`
/// on a two-element `c` appends the values of `c[2]`, `c[4]`, `c[6]`, `c[8]` in that order).
pub fn set_all(
    item: &mut Item,
    writes: Vec<(ResolvedPath, AttributeValue)>,
) -> Result<(), EvalError> {
    let mut writes = writes;
    writes.sort_by(|a, b| compare_paths(&a.0, &b.0));
    for (p, v) in writes {
        set(item, &p, v)?;
    }
    Ok(())
}

/// A total order on paths: step by step, indexes numerically, names by bytes, an index
/// before a name, a prefix first.
fn compare_paths(a: &[Step], b: &[Step]) -> std::cmp::Ordering {
    use std::cmp::Ordering;
    for (x, y) in a.iter().zip(b) {
        let o = match (x, y) {
            (Step::Index(i), Step::Index(j)) => i.cmp(j),
            (Step::Name(m), Step::Name(n)) => m.cmp(n),
            (Step::Index(_), Step::Name(_)) => Ordering::Less,
            (Step::Name(_), Step::Index(_)) => Ordering::Greater,
        };
        if o != Ordering::Equal {
            return o;
        }
    }
    a.len().cmp(&b.len())
}
