//! Reducing a parsed KeyConditionExpression to its key conditions, with DynamoDB's errors for
//! wrong shapes, and matching them against a key schema.
//!
//! A KeyConditionExpression is parsed with the condition grammar
//! ([`crate::expr::parse_key_condition`]) and checked for undefined placeholders
//! ([`crate::expr::resolve::check_condition`]) first; [`key_condition`] then walks it as
//! DynamoDB does: operators and functions a key condition cannot use, then each condition's
//! operands left to right.

use super::ast::{Comparator, Condition, KeyCondition, KeyOperator, KeyPart, KeyQuery, Operand};
use super::error::{ExprError, KeyConditionProblem as P};
use super::resolve::{resolve_path, NameMap};

fn err(p: P) -> ExprError {
    ExprError::KeyCondition(p)
}

/// Reduces a checked key condition to one or two [`KeyPart`]s.
pub fn key_condition(cond: &Condition, names: &impl NameMap) -> Result<KeyCondition, ExprError> {
    let mut parts = Vec::new();
    walk(cond, names, &mut parts)?;
    if parts.is_empty() || parts.len() > 2 {
        return Err(err(P::ConditionCount));
    }
    Ok(KeyCondition { parts })
}

fn walk(cond: &Condition, names: &impl NameMap, parts: &mut Vec<KeyPart>) -> Result<(), ExprError> {
    let invalid = |op: &str| Err(err(P::InvalidOperator(op.to_string())));
    let operands: Vec<&Operand> = match cond {
        Condition::Or(..) => return invalid("OR"),
        Condition::Not(_) => return invalid("NOT"),
        Condition::In { .. } => return invalid("IN"),
        Condition::Compare {
            op: Comparator::Ne, ..
        } => return invalid("<>"),
        Condition::AttributeExists(_) => return invalid("attribute_exists"),
        Condition::AttributeNotExists(_) => return invalid("attribute_not_exists"),
        Condition::AttributeType(..) => return invalid("attribute_type"),
        Condition::Contains(..) => return invalid("contains"),
        Condition::And(a, b) => {
            walk(a, names, parts)?;
            return walk(b, names, parts);
        }
        Condition::Between {
            operand,
            lower,
            upper,
        } => {
            if !matches!(operand, Operand::Path(_)) {
                return Err(err(P::KeyNotFirstOperand("BETWEEN".into())));
            }
            vec![operand, lower, upper]
        }
        Condition::BeginsWith(a, b) => {
            if !matches!(a, Operand::Path(_)) {
                return Err(err(P::KeyNotFirstOperand("begins_with".into())));
            }
            vec![a, b]
        }
        Condition::Compare { left, right, .. } => vec![left, right],
    };
    let mut key: Option<(String, usize)> = None;
    let mut values = Vec::new();
    for (i, o) in operands.iter().enumerate() {
        match o {
            Operand::Path(p) => {
                if key.is_some() {
                    return Err(err(P::MultipleAttributeNames));
                }
                if p.is_nested() {
                    return Err(err(P::NestedAttributes));
                }
                let name = resolve_path(p, names)
                    .and_then(|steps| steps.into_iter().next())
                    .and_then(|s| match s {
                        super::resolve::Step::Name(n) => Some(n),
                        super::resolve::Step::Index(_) => None,
                    })
                    .unwrap_or_else(|| p.to_string());
                key = Some((name, i));
            }
            Operand::Size(_) => return Err(err(P::NestedOperations)),
            Operand::Value(v) => values.push(v.clone()),
        }
    }
    let Some((attribute, at)) = key else {
        return Err(err(P::NoKeyAttribute));
    };
    if parts.iter().any(|p| p.attribute == attribute) {
        return Err(err(P::MultipleConditionsPerKey));
    }
    let mut values = values.into_iter();
    let (Some(first), second) = (values.next(), values.next()) else {
        return Err(err(P::NoKeyAttribute));
    };
    let op = match cond {
        Condition::Compare { op, .. } => {
            let op = if at == 0 { *op } else { op.swapped() };
            KeyOperator::Compare(op, first)
        }
        Condition::Between { .. } => match second {
            Some(second) => KeyOperator::Between(first, second),
            None => return Err(err(P::NoKeyAttribute)),
        },
        _ => KeyOperator::BeginsWith(first),
    };
    parts.push(KeyPart { attribute, op });
    Ok(())
}

impl KeyCondition {
    /// Matches the conditions against a key schema (`hash` and optional `range` attribute
    /// names), with DynamoDB's errors for a missing partition key condition, a condition on a
    /// non-key attribute, and a partition key condition other than equality.
    pub fn for_schema(&self, hash: &str, range: Option<&str>) -> Result<KeyQuery, ExprError> {
        let find = |name: &str| self.parts.iter().find(|p| p.attribute == name);
        if range.is_none() && self.parts.len() > 1 {
            return Err(err(P::NotSupported));
        }
        let Some(hash_part) = find(hash) else {
            return Err(err(P::MissedKeySchemaElement(hash.to_string())));
        };
        let KeyOperator::Compare(Comparator::Eq, partition_value) = &hash_part.op else {
            return Err(err(P::NotSupported));
        };
        let sort = match range {
            Some(range) => match find(range) {
                Some(part) => Some(part.clone()),
                None if self.parts.len() > 1 => {
                    return Err(err(P::MissedKeySchemaElement(range.to_string())));
                }
                None => None,
            },
            None => None,
        };
        Ok(KeyQuery {
            partition_value: partition_value.clone(),
            sort,
        })
    }
}
