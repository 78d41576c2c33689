//! Checking expressions against the request's `ExpressionAttributeNames` and
//! `ExpressionAttributeValues`.
//!
//! The order of checks follows DynamoDB: each expression is parsed ([`crate::expr::parse`]),
//! then checked here for placeholders it uses but the request does not define (and for the
//! checks that need resolved names: repeated operands, overlapping paths); once every
//! expression of the request has passed, [`check_unused`] rejects map entries no expression
//! used. Values are only ever looked up by placeholder, so any value type works.

use std::collections::{BTreeMap, BTreeSet, HashMap, HashSet};
use std::hash::BuildHasher;

use super::ast::{
    Condition, Operand, Path, PathElement, ProjectionExpression, SetValue, UpdateExpression,
    UpdateOperand,
};
use super::error::{ExprError, Problem};
use super::{ExprKind, MAX_PLACEHOLDER_KEY_BYTES};

/// A request's `ExpressionAttributeNames`: placeholder (`#n`) to attribute name.
pub trait NameMap {
    /// The attribute name for `placeholder`, if defined.
    fn resolve_name(&self, placeholder: &str) -> Option<&str>;
}

/// A request's `ExpressionAttributeValues`, seen only as the set of its placeholders.
pub trait ValueSet {
    /// Whether `placeholder` (`:v`) is defined.
    fn has_value(&self, placeholder: &str) -> bool;
}

/// A map or set with no entries: for a request without ExpressionAttributeNames or
/// ExpressionAttributeValues.
#[derive(Debug, Clone, Copy, Default)]
pub struct NoneDefined;

impl NameMap for NoneDefined {
    fn resolve_name(&self, _: &str) -> Option<&str> {
        None
    }
}

impl ValueSet for NoneDefined {
    fn has_value(&self, _: &str) -> bool {
        false
    }
}

impl<S: BuildHasher> NameMap for HashMap<String, String, S> {
    fn resolve_name(&self, placeholder: &str) -> Option<&str> {
        self.get(placeholder).map(String::as_str)
    }
}

impl NameMap for BTreeMap<String, String> {
    fn resolve_name(&self, placeholder: &str) -> Option<&str> {
        self.get(placeholder).map(String::as_str)
    }
}

impl NameMap for serde_json::Map<String, serde_json::Value> {
    fn resolve_name(&self, placeholder: &str) -> Option<&str> {
        self.get(placeholder).and_then(serde_json::Value::as_str)
    }
}

impl<T: NameMap + ?Sized> NameMap for &T {
    fn resolve_name(&self, placeholder: &str) -> Option<&str> {
        (**self).resolve_name(placeholder)
    }
}

impl<V, S: BuildHasher> ValueSet for HashMap<String, V, S> {
    fn has_value(&self, placeholder: &str) -> bool {
        self.contains_key(placeholder)
    }
}

impl<V> ValueSet for BTreeMap<String, V> {
    fn has_value(&self, placeholder: &str) -> bool {
        self.contains_key(placeholder)
    }
}

impl<S: BuildHasher> ValueSet for HashSet<String, S> {
    fn has_value(&self, placeholder: &str) -> bool {
        self.contains(placeholder)
    }
}

impl ValueSet for BTreeSet<String> {
    fn has_value(&self, placeholder: &str) -> bool {
        self.contains(placeholder)
    }
}

impl ValueSet for serde_json::Map<String, serde_json::Value> {
    fn has_value(&self, placeholder: &str) -> bool {
        self.contains_key(placeholder)
    }
}

impl<T: ValueSet + ?Sized> ValueSet for &T {
    fn has_value(&self, placeholder: &str) -> bool {
        (**self).has_value(placeholder)
    }
}

/// A placeholder occurrence, in source order.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Placeholder<'a> {
    /// `#name`
    Name(&'a str),
    /// `:value`
    Value(&'a str),
}

/// The placeholders an expression uses, each once, in order of first use.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Usage {
    /// `#name` placeholders.
    pub names: Vec<String>,
    /// `:value` placeholders.
    pub values: Vec<String>,
}

impl Usage {
    fn from_placeholders(list: &[Placeholder<'_>]) -> Usage {
        let mut u = Usage::default();
        for p in list {
            let (vec, s) = match p {
                Placeholder::Name(s) => (&mut u.names, s),
                Placeholder::Value(s) => (&mut u.values, s),
            };
            if !vec.iter().any(|x| x == s) {
                vec.push(s.to_string());
            }
        }
        u
    }

    /// The placeholders of a condition (also a key condition's raw form).
    pub fn of_condition(c: &Condition) -> Usage {
        let mut list = Vec::new();
        condition_placeholders(c, &mut list);
        Usage::from_placeholders(&list)
    }

    /// The placeholders of an update expression.
    pub fn of_update(u: &UpdateExpression) -> Usage {
        Usage::from_placeholders(&update_placeholders(u))
    }

    /// The placeholders of a projection expression.
    pub fn of_projection(p: &ProjectionExpression) -> Usage {
        let mut list = Vec::new();
        for path in &p.paths {
            path_placeholders(path, &mut list);
        }
        Usage::from_placeholders(&list)
    }
}

fn path_placeholders<'a>(path: &'a Path, out: &mut Vec<Placeholder<'a>>) {
    for e in &path.elements {
        if let PathElement::Attribute(super::ast::AttrName::Placeholder(n)) = e {
            out.push(Placeholder::Name(n));
        }
    }
}

fn operand_placeholders<'a>(o: &'a Operand, out: &mut Vec<Placeholder<'a>>) {
    match o {
        Operand::Path(p) => path_placeholders(p, out),
        Operand::Value(v) => out.push(Placeholder::Value(v.as_str())),
        Operand::Size(inner) => operand_placeholders(inner, out),
    }
}

/// The placeholders of one condition that is not AND, OR or NOT, in source order.
fn leaf_placeholders<'a>(c: &'a Condition, out: &mut Vec<Placeholder<'a>>) {
    match c {
        Condition::Compare { left, right, .. } => {
            operand_placeholders(left, out);
            operand_placeholders(right, out);
        }
        Condition::Between {
            operand,
            lower,
            upper,
        } => {
            for o in [operand, lower, upper] {
                operand_placeholders(o, out);
            }
        }
        Condition::In { operand, list } => {
            operand_placeholders(operand, out);
            for o in list {
                operand_placeholders(o, out);
            }
        }
        Condition::AttributeExists(p) | Condition::AttributeNotExists(p) => {
            path_placeholders(p, out)
        }
        Condition::AttributeType(p, v) => {
            path_placeholders(p, out);
            out.push(Placeholder::Value(v.as_str()));
        }
        Condition::BeginsWith(a, b) | Condition::Contains(a, b) => {
            operand_placeholders(a, out);
            operand_placeholders(b, out);
        }
        Condition::Not(_) | Condition::And(..) | Condition::Or(..) => {}
    }
}

/// The conditions that are not AND, OR or NOT, in source order.
pub fn leaves(c: &Condition) -> Vec<&Condition> {
    let mut out = Vec::new();
    let mut stack = vec![c];
    while let Some(c) = stack.pop() {
        match c {
            Condition::Not(inner) => stack.push(inner),
            Condition::And(a, b) | Condition::Or(a, b) => {
                stack.push(b);
                stack.push(a);
            }
            leaf => out.push(leaf),
        }
    }
    out
}

/// Every placeholder of a condition in source order.
pub fn condition_placeholders<'a>(c: &'a Condition, out: &mut Vec<Placeholder<'a>>) {
    for leaf in leaves(c) {
        leaf_placeholders(leaf, out);
    }
}

fn update_operand_placeholders<'a>(o: &'a UpdateOperand, out: &mut Vec<Placeholder<'a>>) {
    match o {
        UpdateOperand::Path(p) => path_placeholders(p, out),
        UpdateOperand::Value(v) => out.push(Placeholder::Value(v.as_str())),
        UpdateOperand::IfNotExists(p, v) => {
            path_placeholders(p, out);
            update_operand_placeholders(v, out);
        }
        UpdateOperand::ListAppend(a, b) => {
            update_operand_placeholders(a, out);
            update_operand_placeholders(b, out);
        }
    }
}

/// Every placeholder of an update expression in source order.
pub fn update_placeholders(u: &UpdateExpression) -> Vec<Placeholder<'_>> {
    use super::ast::UpdateClause;
    let mut out = Vec::new();
    for clause in &u.clause_order {
        match clause {
            UpdateClause::Set => {
                for a in &u.set {
                    path_placeholders(&a.path, &mut out);
                    match &a.value {
                        SetValue::Operand(o) => update_operand_placeholders(o, &mut out),
                        SetValue::Plus(x, y) | SetValue::Minus(x, y) => {
                            update_operand_placeholders(x, &mut out);
                            update_operand_placeholders(y, &mut out);
                        }
                    }
                }
            }
            UpdateClause::Remove => {
                for p in &u.remove {
                    path_placeholders(p, &mut out);
                }
            }
            UpdateClause::Add | UpdateClause::Delete => {
                let actions = if *clause == UpdateClause::Add {
                    &u.add
                } else {
                    &u.delete
                };
                for a in actions {
                    path_placeholders(&a.path, &mut out);
                    out.push(Placeholder::Value(a.value.as_str()));
                }
            }
        }
    }
    out
}

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
            PathElement::Attribute(super::ast::AttrName::Plain(s)) => Some(Step::Name(s.clone())),
            PathElement::Attribute(super::ast::AttrName::Placeholder(s)) => {
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
