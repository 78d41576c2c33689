//! A request's expressions, checked in DynamoDB's order and ready to evaluate.
//!
//! DynamoDB checks, in order: the keys of `ExpressionAttributeNames`, the keys and then the
//! values of `ExpressionAttributeValues`, then each expression present (Update, Condition,
//! KeyCondition, Filter, Projection: parsed, then checked against the two maps), and last
//! that every name and value was used by some expression.

use std::collections::BTreeMap;

use serde_json::{Map, Value};

use crate::error::{DynamoError, Result};
use crate::expr::eval::{
    apply_update, check_condition_values, check_update_values, evaluate_condition, project,
    project_paths, touched_attributes, updated_paths,
};
use crate::expr::lexer::{tokenize, TokenKind};
use crate::expr::resolve::{self, Usage};
use crate::expr::{
    parse_condition, parse_key_condition, parse_projection, parse_update_deferring, Condition,
    ExprKind, ProjectionExpression, UpdateExpression,
};
use crate::expr::{ExprError, Problem};
use crate::legacy::Translated;
use crate::types::json::{decode_attribute_map, DecodeError};
use crate::types::messages::invalid_expression_attribute_value;
use crate::types::{AttributeValue, Item};

/// The expressions of one request, parsed and checked against its maps.
#[derive(Debug, Default)]
pub struct Expressions {
    /// `ExpressionAttributeNames` (empty if absent).
    pub names: BTreeMap<String, String>,
    /// `ExpressionAttributeValues` (empty if absent).
    pub values: BTreeMap<String, AttributeValue>,
    /// `UpdateExpression`.
    pub update: Option<UpdateExpression>,
    /// `ConditionExpression`.
    pub condition: Option<Condition>,
    /// `KeyConditionExpression` (not yet matched to a key schema).
    pub key_condition: Option<Condition>,
    /// `FilterExpression`.
    pub filter: Option<Condition>,
    /// `ProjectionExpression`.
    pub projection: Option<ProjectionExpression>,
}

fn text(body: &Map<String, Value>, kind: ExprKind) -> Option<&str> {
    body.get(kind.parameter_name()).and_then(Value::as_str)
}

/// The first placeholder of `src`, in source order, that the request does not define (a
/// `#name` missing from `names` or a `:value` missing from `values`), as the error DynamoDB
/// reports for it.
fn first_undefined(
    kind: ExprKind,
    src: &str,
    names: &BTreeMap<String, String>,
    values: &Map<String, Value>,
) -> Option<ExprError> {
    tokenize(src).iter().find_map(|t| {
        let text = &src[t.start..t.end];
        match t.kind {
            TokenKind::NamePlaceholder if !names.contains_key(text) => Some(ExprError::invalid(
                kind,
                Problem::UndefinedName(text.to_owned()),
            )),
            TokenKind::ValuePlaceholder if !values.contains_key(text) => Some(ExprError::invalid(
                kind,
                Problem::UndefinedValue(text.to_owned()),
            )),
            _ => None,
        }
    })
}

/// DynamoDB reports an undefined placeholder before a function's operand count
/// or its need for a document path, which the parser finds first: for those two problems,
/// look for an undefined placeholder in the text before answering.
fn undefined_first<T>(
    parsed: std::result::Result<T, ExprError>,
    kind: ExprKind,
    src: &str,
    names: &BTreeMap<String, String>,
    values: &Map<String, Value>,
) -> Result<T> {
    let e = match parsed {
        Ok(t) => return Ok(t),
        Err(e) => e,
    };
    if matches!(
        e.problem(),
        Some(Problem::OperandCount { .. } | Problem::DocumentPathRequired(_))
    ) {
        if let Some(undefined) = first_undefined(kind, src, names, values) {
            return Err(undefined.into());
        }
    }
    Err(e.into())
}

impl Expressions {
    /// Parses and checks the expressions of `body` (only the members named by `kinds` are
    /// looked at; the operation's input shape has no others).
    pub fn parse(body: &Map<String, Value>, kinds: &[ExprKind]) -> Result<Expressions> {
        let mut ex = Expressions::default();
        let names_json = body
            .get("ExpressionAttributeNames")
            .filter(|v| !v.is_null());
        let values_json = body
            .get("ExpressionAttributeValues")
            .filter(|v| !v.is_null());
        if let Some(Value::Object(m)) = names_json {
            resolve::check_name_keys(m.keys().map(String::as_str))?;
            for (k, v) in m {
                ex.names
                    .insert(k.clone(), v.as_str().unwrap_or_default().to_owned());
            }
        }
        if let Some(v @ Value::Object(m)) = values_json {
            resolve::check_value_keys(m.keys().map(String::as_str))?;
            ex.values = decode_attribute_map(v).map_err(|(key, e)| match (key, e) {
                (Some(key), DecodeError::Validation(v)) => {
                    DynamoError::validation(invalid_expression_attribute_value(&key, &v.message()))
                }
                (_, e) => e.into(),
            })?;
        }
        let value_keys: Map<String, Value> = values_json
            .and_then(Value::as_object)
            .cloned()
            .unwrap_or_default();
        let mut usages: Vec<Usage> = Vec::new();
        for &kind in [
            ExprKind::Update,
            ExprKind::Condition,
            ExprKind::KeyCondition,
            ExprKind::Filter,
            ExprKind::Projection,
        ]
        .iter()
        .filter(|k| kinds.contains(k))
        {
            let Some(src) = text(body, kind) else {
                continue;
            };
            match kind {
                ExprKind::Update => {
                    let (u, deferred) = parse_update_deferring(src)?;
                    resolve::check_update(&u, &ex.names, &value_keys)?;
                    if deferred.is_some() {
                        // Placeholders inside the failed function are not in the tree.
                        if let Some(e) = first_undefined(kind, src, &ex.names, &value_keys) {
                            return Err(e.into());
                        }
                    }
                    check_update_values(&u, &ex.values)?;
                    if let Some(problem) = deferred {
                        return Err(problem.into());
                    }
                    usages.push(Usage::of_update(&u));
                    ex.update = Some(u);
                }
                ExprKind::Projection => {
                    let p =
                        undefined_first(parse_projection(src), kind, src, &ex.names, &value_keys)?;
                    resolve::check_projection(&p, &ex.names)?;
                    usages.push(Usage::of_projection(&p));
                    ex.projection = Some(p);
                }
                ExprKind::KeyCondition => {
                    let c = undefined_first(
                        parse_key_condition(src),
                        kind,
                        src,
                        &ex.names,
                        &value_keys,
                    )?;
                    resolve::check_condition(&c, kind, &ex.names, &value_keys)?;
                    check_condition_values(&c, kind, &ex.values)?;
                    usages.push(Usage::of_condition(&c));
                    ex.key_condition = Some(c);
                }
                ExprKind::Condition | ExprKind::Filter => {
                    let c = undefined_first(
                        parse_condition(src, kind),
                        kind,
                        src,
                        &ex.names,
                        &value_keys,
                    )?;
                    resolve::check_condition(&c, kind, &ex.names, &value_keys)?;
                    check_condition_values(&c, kind, &ex.values)?;
                    usages.push(Usage::of_condition(&c));
                    if kind == ExprKind::Condition {
                        ex.condition = Some(c);
                    } else {
                        ex.filter = Some(c);
                    }
                }
            }
        }
        let usage_refs: Vec<&Usage> = usages.iter().collect();
        let name_keys: Vec<&str> = names_json
            .and_then(Value::as_object)
            .map(|m| m.keys().map(String::as_str).collect())
            .unwrap_or_default();
        resolve::check_unused(
            name_keys,
            value_keys.keys().map(String::as_str),
            &usage_refs,
        )?;
        Ok(ex)
    }
}

/// A condition on the item a write addresses: a `ConditionExpression` or the legacy
/// `Expected`, whichever the request used.
#[derive(Debug, Default)]
pub struct WriteCondition {
    legacy: Option<Translated<Condition>>,
}

impl WriteCondition {
    /// The condition of `body`, whose expressions are `ex`: `Expected` if given.
    pub fn of(body: &Map<String, Value>) -> Result<WriteCondition> {
        Ok(WriteCondition {
            legacy: crate::legacy::condition_from_expected(body)?,
        })
    }

    /// Whether the condition holds for `item` (`None`: no item); true without a condition.
    pub fn holds(&self, ex: &Expressions, item: Option<&Item>) -> Result<bool> {
        if let Some(c) = &ex.condition {
            return Ok(evaluate_condition(
                c,
                ExprKind::Condition,
                &ex.names,
                &ex.values,
                item,
            )?);
        }
        match &self.legacy {
            Some(t) => t.evaluate(ExprKind::Condition, item),
            None => Ok(true),
        }
    }
}

/// An update: an `UpdateExpression` with the request's maps, or the legacy
/// `AttributeUpdates` with its own.
#[derive(Debug, Clone, Copy)]
pub struct Update<'a> {
    expression: &'a UpdateExpression,
    names: &'a BTreeMap<String, String>,
    values: &'a BTreeMap<String, AttributeValue>,
    legacy: Option<&'a Translated<UpdateExpression>>,
}

impl<'a> Update<'a> {
    /// The update of a request: its expression, else its translated `AttributeUpdates`.
    pub fn of(
        ex: &'a Expressions,
        legacy: Option<&'a Translated<UpdateExpression>>,
    ) -> Option<Update<'a>> {
        if let Some(u) = &ex.update {
            return Some(Update {
                expression: u,
                names: &ex.names,
                values: &ex.values,
                legacy: None,
            });
        }
        legacy.map(|t| Update {
            expression: &t.expression,
            names: &t.names,
            values: &t.values,
            legacy: Some(t),
        })
    }

    /// The new item.
    pub fn apply(&self, item: Option<&Item>) -> Result<Item> {
        match self.legacy {
            Some(t) => t.apply_legacy(item),
            None => Ok(apply_update(
                self.expression,
                self.names,
                self.values,
                item,
            )?),
        }
    }

    /// The checks against the table's keys made before any item is read
    /// ([`super::key_paths::check_update`]).
    pub fn check_keys(&self, schema: &crate::table::TableSchema) -> Result<()> {
        super::key_paths::check_update(schema, self.expression, self.names, self.values)
    }

    /// The top-level attributes it writes or removes.
    pub fn touched(&self) -> Result<std::collections::BTreeSet<String>> {
        Ok(touched_attributes(self.expression, self.names)?)
    }

    /// The parts of `item` the update wrote (for `UPDATED_OLD` / `UPDATED_NEW`).
    pub fn updated_parts(&self, item: &Item) -> Result<Item> {
        let paths = updated_paths(self.expression, self.names)?;
        Ok(project_paths(item, &paths))
    }
}

/// A projection: a `ProjectionExpression` with the request's names, or the legacy
/// `AttributesToGet`.
#[derive(Debug, Default)]
pub struct Projection {
    legacy: Option<Translated<ProjectionExpression>>,
}

impl Projection {
    /// The projection of `body`: `AttributesToGet` if given.
    pub fn of(body: &Map<String, Value>) -> Result<Projection> {
        Ok(Projection {
            legacy: crate::legacy::projection_from_attributes_to_get(body)?,
        })
    }

    /// Whether the request asked for a projection.
    pub fn is_some(&self, ex: &Expressions) -> bool {
        ex.projection.is_some() || self.legacy.is_some()
    }

    /// `item` projected (unchanged without a projection).
    pub fn apply(&self, ex: &Expressions, item: Item) -> Result<Item> {
        if let Some(p) = &ex.projection {
            return Ok(project(p, &ex.names, &item)?);
        }
        match &self.legacy {
            Some(t) => Ok(project(&t.expression, &t.names, &item)?),
            None => Ok(item),
        }
    }
}
