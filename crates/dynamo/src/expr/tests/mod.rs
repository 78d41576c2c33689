//! Unit tests of the expression front end.

mod condition;
mod condition_errors;
mod fuzz;
mod keycond;
mod lexer;
mod limits;
mod projection;
mod reserved;
mod resolve;
mod update;

use super::*;

/// Parses a ConditionExpression that must be valid.
pub(super) fn cond(s: &str) -> Condition {
    parse_condition(s, ExprKind::Condition).unwrap_or_else(|e| panic!("{s:?}: {e}"))
}

/// The message of a ConditionExpression that must be invalid.
pub(super) fn cond_err(s: &str) -> String {
    match parse_condition(s, ExprKind::Condition) {
        Ok(c) => panic!("{s:?} parsed: {c:?}"),
        Err(e) => e.to_string(),
    }
}

/// The message of an UpdateExpression that must be invalid.
pub(super) fn update_err(s: &str) -> String {
    match parse_update(s) {
        Ok(u) => panic!("{s:?} parsed: {u:?}"),
        Err(e) => e.to_string(),
    }
}

/// A path written in expression syntax.
pub(super) fn path(s: &str) -> Path {
    let mut p = parse_projection(s).unwrap_or_else(|e| panic!("{s:?}: {e}"));
    assert_eq!(p.paths.len(), 1);
    p.paths.remove(0)
}

/// An operand that is a path.
pub(super) fn op(s: &str) -> Operand {
    Operand::Path(path(s))
}

/// A value placeholder.
pub(super) fn val(s: &str) -> ValueRef {
    ValueRef(s.to_string())
}

/// An operand that is a value placeholder.
pub(super) fn v(s: &str) -> Operand {
    Operand::Value(val(s))
}

/// `left <op> right`
pub(super) fn cmp(left: Operand, op: Comparator, right: Operand) -> Condition {
    Condition::Compare { op, left, right }
}

/// `a AND b`
pub(super) fn and(a: Condition, b: Condition) -> Condition {
    Condition::And(Box::new(a), Box::new(b))
}

/// `a OR b`
pub(super) fn or(a: Condition, b: Condition) -> Condition {
    Condition::Or(Box::new(a), Box::new(b))
}

/// `NOT a`
pub(super) fn not(a: Condition) -> Condition {
    Condition::Not(Box::new(a))
}
