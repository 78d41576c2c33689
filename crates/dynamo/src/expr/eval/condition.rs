//! Conditions and filters: [`evaluate_condition`], and [`check_condition_values`] for the
//! errors DynamoDB reports from the values alone, before looking at any item.
//!
//! Semantics (DynamoDB's):
//! - `=` and `<>` compare any two values: same type and value (numbers by value, sets as sets);
//!   a missing operand equals nothing, so `=` is false and `<>` true.
//! - `<`, `<=`, `>`, `>=` and `BETWEEN` hold only for operands of the same one of `N`, `S`,
//!   `B` (strings and binaries by bytes); otherwise they are false.
//! - `IN` is `=` against any candidate.
//! - `begins_with` takes two strings or two binaries; `contains` finds a substring in a
//!   string, a sub-sequence of bytes in a binary, a member in a set of the value's type, or an
//!   element in a list; any other pair is false.
//! - `size` is the length of a string in UTF-16 code units (DynamoDB counts `"é𝄞"` as 3, as
//!   reported in ExtendDB issue #60, and dynalite uses JavaScript's `length`), of a binary in
//!   bytes, or the element count of a set,
//!   list or map; of anything else, or of a missing path, it has no value (so comparisons
//!   with it are false).
//! - A missing item behaves as an item with no attributes.

use super::error::{undefined_value, EvalError};
use super::path::{get, resolve};
use super::{brief, ValueMap};
use crate::expr::resolve::{leaves, NameMap};
use crate::expr::{Comparator, Condition, ExprKind, Operand, ValueRef};
use crate::types::{AttributeType, AttributeValue, Item, Number};
use std::borrow::Cow;
use std::cmp::Ordering;

/// What a condition is evaluated with.
struct Env<'a, N, V> {
    kind: ExprKind,
    names: &'a N,
    values: &'a V,
    item: &'a Item,
}

/// Evaluates `cond` against `item` (`None`: no item, which behaves as an empty one). Runs
/// [`check_condition_values`] first, so its errors do not depend on the item.
pub fn evaluate_condition(
    cond: &Condition,
    kind: ExprKind,
    names: &impl NameMap,
    values: &impl ValueMap,
    item: Option<&Item>,
) -> Result<bool, EvalError> {
    check_condition_values(cond, kind, values)?;
    let empty = Item::new();
    let env = Env {
        kind,
        names,
        values,
        item: item.unwrap_or(&empty),
    };
    env.eval(cond)
}

fn value<'v>(
    values: &'v impl ValueMap,
    v: &ValueRef,
    kind: ExprKind,
) -> Result<&'v AttributeValue, EvalError> {
    values
        .value(v.as_str())
        .ok_or_else(|| undefined_value(kind, v.as_str()))
}

fn operand_type_error(kind: ExprKind, function: &str, v: &AttributeValue) -> EvalError {
    EvalError::FunctionOperandType {
        kind,
        function: function.to_string(),
        operand_type: v.type_name().to_string(),
    }
}

/// The checks that need only the request's values, condition by condition in source order:
/// `attribute_type`'s type name (an `S` naming one of the ten types), `begins_with` operands
/// (`S` or `B`), `size` of a value (not `N`, `BOOL` or `NULL`), and `BETWEEN` bounds given
/// as values (same type; lower ≤ upper).
pub fn check_condition_values(
    cond: &Condition,
    kind: ExprKind,
    values: &impl ValueMap,
) -> Result<(), EvalError> {
    for c in leaves(cond) {
        match c {
            Condition::Not(_) | Condition::And(..) | Condition::Or(..) => {}
            Condition::AttributeType(_, t) => match value(values, t, kind)? {
                AttributeValue::S(name) if AttributeType::from_name(name).is_some() => {}
                AttributeValue::S(name) => {
                    return Err(EvalError::InvalidAttributeTypeName {
                        kind,
                        given: name.clone(),
                    })
                }
                other => return Err(operand_type_error(kind, "attribute_type", other)),
            },
            Condition::BeginsWith(a, b) => {
                check_operand(a, kind, values)?;
                check_operand(b, kind, values)?;
                for o in [a, b] {
                    if let Operand::Value(v) = o {
                        let v = value(values, v, kind)?;
                        if !matches!(v, AttributeValue::S(_) | AttributeValue::B(_)) {
                            return Err(operand_type_error(kind, "begins_with", v));
                        }
                    }
                }
            }
            Condition::Between {
                operand,
                lower,
                upper,
            } => {
                for o in [operand, lower, upper] {
                    check_operand(o, kind, values)?;
                }
                if let (Operand::Value(lo), Operand::Value(hi)) = (lower, upper) {
                    let (lo, hi) = (value(values, lo, kind)?, value(values, hi, kind)?);
                    let (lower, upper) = (brief(lo), brief(hi));
                    if lo.attribute_type() != hi.attribute_type() {
                        return Err(EvalError::BetweenBoundTypes { kind, lower, upper });
                    }
                    if lo.compare(hi) == Some(Ordering::Greater) {
                        return Err(EvalError::BetweenBoundOrder { kind, lower, upper });
                    }
                }
            }
            Condition::Compare { left, right, .. } | Condition::Contains(left, right) => {
                check_operand(left, kind, values)?;
                check_operand(right, kind, values)?;
            }
            Condition::In { operand, list } => {
                check_operand(operand, kind, values)?;
                for o in list {
                    check_operand(o, kind, values)?;
                }
            }
            Condition::AttributeExists(_) | Condition::AttributeNotExists(_) => {}
        }
    }
    Ok(())
}

/// `size(:v)` of a value without a size (at any depth of `o`).
pub fn check_operand(o: &Operand, kind: ExprKind, values: &impl ValueMap) -> Result<(), EvalError> {
    match o {
        Operand::Size(inner) => {
            if let Operand::Value(v) = inner.as_ref() {
                let v = value(values, v, kind)?;
                if matches!(
                    v,
                    AttributeValue::N(_) | AttributeValue::BOOL(_) | AttributeValue::NULL
                ) {
                    return Err(operand_type_error(kind, "size", v));
                }
            }
            check_operand(inner, kind, values)
        }
        _ => Ok(()),
    }
}

/// `size()` of a value, if it has one.
pub fn size_of(v: &AttributeValue) -> Option<usize> {
    Some(match v {
        AttributeValue::S(s) => s.encode_utf16().count(),
        AttributeValue::B(b) => b.len(),
        AttributeValue::SS(s) => s.len(),
        AttributeValue::NS(s) => s.len(),
        AttributeValue::BS(s) => s.len(),
        AttributeValue::L(l) => l.len(),
        AttributeValue::M(m) => m.len(),
        _ => return None,
    })
}

/// DynamoDB's `contains(haystack, needle)`.
pub fn contains(haystack: &AttributeValue, needle: &AttributeValue) -> bool {
    match (haystack, needle) {
        (AttributeValue::S(h), AttributeValue::S(n)) => h.contains(n.as_str()),
        (AttributeValue::B(h), AttributeValue::B(n)) => {
            n.is_empty() || h.windows(n.len()).any(|w| w == n.as_slice())
        }
        (AttributeValue::SS(h), AttributeValue::S(n)) => h.contains(n),
        (AttributeValue::NS(h), AttributeValue::N(n)) => h.contains(n),
        (AttributeValue::BS(h), AttributeValue::B(n)) => h.contains(n),
        (AttributeValue::L(h), n) => h.contains(n),
        _ => false,
    }
}

/// DynamoDB's `begins_with(value, prefix)`.
pub fn begins_with(v: &AttributeValue, prefix: &AttributeValue) -> bool {
    match (v, prefix) {
        (AttributeValue::S(s), AttributeValue::S(p)) => s.starts_with(p.as_str()),
        (AttributeValue::B(b), AttributeValue::B(p)) => b.starts_with(p),
        _ => false,
    }
}

/// DynamoDB's comparison of two operands, either possibly missing.
pub fn compare(op: Comparator, a: Option<&AttributeValue>, b: Option<&AttributeValue>) -> bool {
    match op {
        Comparator::Eq => matches!((a, b), (Some(x), Some(y)) if x == y),
        Comparator::Ne => !matches!((a, b), (Some(x), Some(y)) if x == y),
        _ => {
            let Some(o) = a.zip(b).and_then(|(x, y)| x.compare(y)) else {
                return false;
            };
            match op {
                Comparator::Lt => o == Ordering::Less,
                Comparator::Le => o != Ordering::Greater,
                Comparator::Gt => o == Ordering::Greater,
                _ => o != Ordering::Less,
            }
        }
    }
}

impl<N: NameMap, V: ValueMap> Env<'_, N, V> {
    fn eval(&self, cond: &Condition) -> Result<bool, EvalError> {
        Ok(match cond {
            Condition::Compare { op, left, right } => compare(
                *op,
                self.operand(left)?.as_deref(),
                self.operand(right)?.as_deref(),
            ),
            Condition::Between {
                operand,
                lower,
                upper,
            } => {
                let x = self.operand(operand)?;
                let lo = self.operand(lower)?;
                let hi = self.operand(upper)?;
                compare(Comparator::Ge, x.as_deref(), lo.as_deref())
                    && compare(Comparator::Le, x.as_deref(), hi.as_deref())
            }
            Condition::In { operand, list } => {
                let x = self.operand(operand)?;
                let mut found = false;
                for o in list {
                    if compare(Comparator::Eq, x.as_deref(), self.operand(o)?.as_deref()) {
                        found = true;
                        break;
                    }
                }
                found
            }
            Condition::AttributeExists(p) => {
                get(self.item, &resolve(p, self.names, self.kind)?).is_some()
            }
            Condition::AttributeNotExists(p) => {
                get(self.item, &resolve(p, self.names, self.kind)?).is_none()
            }
            Condition::AttributeType(p, t) => {
                let found = get(self.item, &resolve(p, self.names, self.kind)?);
                let t = value(self.values, t, self.kind)?;
                matches!((found, t), (Some(v), AttributeValue::S(name)) if v.type_name() == name)
            }
            Condition::BeginsWith(a, b) => match (self.operand(a)?, self.operand(b)?) {
                (Some(x), Some(y)) => begins_with(&x, &y),
                _ => false,
            },
            Condition::Contains(a, b) => match (self.operand(a)?, self.operand(b)?) {
                (Some(x), Some(y)) => contains(&x, &y),
                _ => false,
            },
            Condition::Not(c) => !self.eval(c)?,
            Condition::And(a, b) => self.eval(a)? && self.eval(b)?,
            Condition::Or(a, b) => self.eval(a)? || self.eval(b)?,
        })
    }

    fn operand(&self, o: &Operand) -> Result<Option<Cow<'_, AttributeValue>>, EvalError> {
        Ok(match o {
            Operand::Path(p) => {
                get(self.item, &resolve(p, self.names, self.kind)?).map(Cow::Borrowed)
            }
            Operand::Value(v) => Some(Cow::Borrowed(value(self.values, v, self.kind)?)),
            Operand::Size(inner) => self
                .operand(inner)?
                .and_then(|v| size_of(&v))
                .map(|n| Cow::Owned(AttributeValue::N(Number::from(n as u64)))),
        })
    }
}
