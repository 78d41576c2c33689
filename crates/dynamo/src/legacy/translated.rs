//! [`Translated`]: a legacy parameter as an expression syntax tree with its own name and value
//! maps, and the builder that synthesizes them.
//!
//! Attribute names become `#~0`, `#~1`, ... and values `:~0`, `:~1`, ...: the `~` cannot
//! appear in a request's own placeholders (`#` or `:` followed by `[A-Za-z0-9_]+`), so the
//! maps can be merged with a request's `ExpressionAttributeNames` / `Values` without a clash
//! (Query accepts `KeyConditions` together with a `FilterExpression`). Legacy attribute names
//! are always top-level names taken literally, dots and brackets included.

use std::collections::BTreeMap;

use super::comparison::{Comparison, Operator};
use crate::error::{DynamoError, Result};
use crate::expr::eval::evaluate_condition;
use crate::expr::{
    AttrName, Comparator, Condition, ExprKind, Operand, Path, PathElement, ValueRef,
};
use crate::types::{AttributeValue, Item};

/// A legacy parameter translated to an expression tree, with the names and values its
/// placeholders stand for. Evaluate it with [`crate::expr::eval`] passing `&names` and
/// `&values` as the request's maps, or with the helpers here.
#[derive(Debug, Clone, PartialEq)]
pub struct Translated<T> {
    /// The syntax tree.
    pub expression: T,
    /// Placeholder (`#~0`) to attribute name.
    pub names: BTreeMap<String, String>,
    /// Placeholder (`:~0`) to value.
    pub values: BTreeMap<String, AttributeValue>,
}

impl Translated<Condition> {
    /// Evaluates the condition against `item` (`None`: no item). `kind` names the
    /// expression in the (unreachable for translated conditions) value errors.
    pub fn evaluate(&self, kind: ExprKind, item: Option<&Item>) -> Result<bool> {
        evaluate_condition(&self.expression, kind, &self.names, &self.values, item)
            .map_err(|e| DynamoError::validation(e.message()))
    }
}

/// How the conditions of one legacy map combine (`ConditionalOperator`).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Combine {
    /// All must hold (`AND`, the default).
    All,
    /// One must hold (`OR`).
    Any,
}

impl Combine {
    /// The request's `ConditionalOperator` (absent or `null`: `AND`).
    pub fn of(body: &serde_json::Map<String, serde_json::Value>) -> Combine {
        match body.get("ConditionalOperator").and_then(|v| v.as_str()) {
            Some("OR") => Combine::Any,
            _ => Combine::All,
        }
    }
}

/// Builds a [`Translated`] tree, allocating placeholders as it goes.
#[derive(Debug, Default)]
pub(crate) struct Builder {
    names: BTreeMap<String, String>,
    values: BTreeMap<String, AttributeValue>,
}

impl Builder {
    /// A path of one top-level attribute named `attribute`.
    pub(crate) fn path(&mut self, attribute: &str) -> Path {
        let key = format!("#~{}", self.names.len());
        self.names.insert(key.clone(), attribute.to_string());
        Path {
            elements: vec![PathElement::Attribute(AttrName::Placeholder(key))],
        }
    }

    /// A placeholder for `value`.
    pub(crate) fn value(&mut self, value: AttributeValue) -> ValueRef {
        let key = format!(":~{}", self.values.len());
        self.values.insert(key.clone(), value);
        ValueRef(key)
    }

    /// The condition a legacy comparison on `attribute` stands for.
    ///
    /// Legacy semantics where they differ from the expression form: `NOT_CONTAINS` is false
    /// for a missing attribute (`attribute_exists(a) AND NOT contains(a, :v)`; ScyllaDB's
    /// `test_update_expected_1_not_contains`, run against DynamoDB), while `NE` is true for
    /// one, as `<>` is.
    pub(crate) fn comparison(&mut self, attribute: &str, c: Comparison) -> Condition {
        let path = self.path(attribute);
        let mut values: Vec<Operand> = c
            .values
            .into_iter()
            .map(|v| Operand::Value(self.value(v)))
            .collect();
        let comparator = match c.operator {
            Operator::Eq => Some(Comparator::Eq),
            Operator::Ne => Some(Comparator::Ne),
            Operator::Lt => Some(Comparator::Lt),
            Operator::Le => Some(Comparator::Le),
            Operator::Gt => Some(Comparator::Gt),
            Operator::Ge => Some(Comparator::Ge),
            _ => None,
        };
        if let Some(op) = comparator {
            return Condition::Compare {
                op,
                left: Operand::Path(path),
                right: values.remove(0),
            };
        }
        match c.operator {
            Operator::NotNull => Condition::AttributeExists(path),
            Operator::Null => Condition::AttributeNotExists(path),
            Operator::Contains => Condition::Contains(Operand::Path(path), values.remove(0)),
            Operator::NotContains => Condition::And(
                Box::new(Condition::AttributeExists(path.clone())),
                Box::new(Condition::Not(Box::new(Condition::Contains(
                    Operand::Path(path),
                    values.remove(0),
                )))),
            ),
            Operator::BeginsWith => Condition::BeginsWith(Operand::Path(path), values.remove(0)),
            Operator::In => Condition::In {
                operand: Operand::Path(path),
                list: values,
            },
            // BETWEEN (the comparators returned above).
            _ => {
                let upper = values.pop().expect("BETWEEN has two values");
                let lower = values.pop().expect("BETWEEN has two values");
                Condition::Between {
                    operand: Operand::Path(path),
                    lower,
                    upper,
                }
            }
        }
    }

    /// Finishes with `expression`.
    pub(crate) fn finish<T>(self, expression: T) -> Translated<T> {
        Translated {
            expression,
            names: self.names,
            values: self.values,
        }
    }
}

/// Joins conditions left to right with `AND` or `OR`; `None` for none.
pub(crate) fn combine(conditions: Vec<Condition>, how: Combine) -> Option<Condition> {
    conditions.into_iter().reduce(|a, b| match how {
        Combine::All => Condition::And(Box::new(a), Box::new(b)),
        Combine::Any => Condition::Or(Box::new(a), Box::new(b)),
    })
}
