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
    apply_update, check_condition_values, check_operand, check_update_values, evaluate_condition,
    project, project_paths, touched_attributes, updated_paths,
};
use crate::expr::lexer::{tokenize, TokenKind};
use crate::expr::resolve::{self, Usage};
use crate::expr::{
    parse_condition_prechecked, parse_key_condition, parse_projection, parse_update_deferring,
    Condition, ExprKind, ProjectionExpression, UpdateExpression,
};
use crate::expr::{ExprError, PreCheck, Problem};
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
/// the first undefined placeholder of the text, if any.
fn undefined_before(
    e: &ExprError,
    kind: ExprKind,
    src: &str,
    names: &BTreeMap<String, String>,
    values: &Map<String, Value>,
) -> Option<ExprError> {
    if matches!(
        e.problem(),
        Some(Problem::OperandCount { .. } | Problem::DocumentPathRequired(_))
    ) {
        return first_undefined(kind, src, names, values);
    }
    None
}

/// A parse result, with any undefined placeholder DynamoDB reports before the parse problem.
fn undefined_first<T>(
    parsed: std::result::Result<T, ExprError>,
    kind: ExprKind,
    src: &str,
    names: &BTreeMap<String, String>,
    values: &Map<String, Value>,
) -> Result<T> {
    parsed.map_err(|e| {
        undefined_before(&e, kind, src, names, values)
            .unwrap_or(e)
            .into()
    })
}

/// Runs a check DynamoDB makes before reporting a parse problem ([`PreCheck`]).
fn precheck(
    check: &PreCheck,
    kind: ExprKind,
    names: &BTreeMap<String, String>,
    values: &BTreeMap<String, AttributeValue>,
) -> Result<()> {
    match check {
        PreCheck::OperandValues(operand) => check_operand(operand, kind, values)?,
        PreCheck::Distinct {
            operator,
            first,
            other,
        } => {
            if let Some(first) = resolve::resolve_path(first, names) {
                if resolve::resolve_path(other, names).as_ref() == Some(&first) {
                    let problem = Problem::OperandsNotDistinct {
                        operator: operator.clone(),
                        first: resolve::path_string(&first),
                    };
                    return Err(ExprError::invalid(kind, problem).into());
                }
            }
        }
    }
    Ok(())
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
                    let c = match parse_condition_prechecked(src, kind) {
                        Ok(c) => c,
                        Err((e, check)) => {
                            if let Some(u) = undefined_before(&e, kind, src, &ex.names, &value_keys)
                            {
                                return Err(u.into());
                            }
                            if let Some(check) = check {
                                precheck(&check, kind, &ex.names, &ex.values)?;
                            }
                            return Err(e.into());
                        }
                    };
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

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    fn filter_error(filter: &str, names: Value, values: Value) -> String {
        let mut body = json!({ "FilterExpression": filter });
        if !names.is_null() {
            body["ExpressionAttributeNames"] = names;
        }
        if !values.is_null() {
            body["ExpressionAttributeValues"] = values;
        }
        Expressions::parse(body.as_object().unwrap(), &[ExprKind::Filter])
            .expect_err("an error")
            .message
    }

    const PREFIX: &str = "Invalid FilterExpression: ";

    #[test]
    fn size_of_a_value_is_checked_before_the_need_for_a_path() {
        let n = filter_error(
            "attribute_not_exists(size(:a))",
            Value::Null,
            json!({":a": {"N": "1"}}),
        );
        assert_eq!(
            n,
            format!(
                "{PREFIX}Incorrect operand type for operator or function; \
                 operator or function: size, operand type: N"
            )
        );
        let s = filter_error(
            "attribute_not_exists(size(:a))",
            Value::Null,
            json!({":a": {"S": "1"}}),
        );
        assert_eq!(
            s,
            format!(
                "{PREFIX}Operator or function requires a document path; \
                 operator or function: attribute_not_exists"
            )
        );
    }

    #[test]
    fn attribute_type_reports_a_repeated_path_before_its_type() {
        let repeated = filter_error(
            "attribute_type(ab.bc[1].#a, ab.bc[1].a)",
            json!({"#a": "a"}),
            Value::Null,
        );
        assert_eq!(
            repeated,
            format!(
                "{PREFIX}The first operand must be distinct from the remaining operands for \
                 this operator or function; operator: attribute_type, first operand: \
                 [ab, bc, [1], a]"
            )
        );
        let different = filter_error("attribute_type(a, b)", Value::Null, Value::Null);
        assert!(
            different.starts_with(&format!(
                "{PREFIX}Incorrect operand type for operator or function; \
                 operator or function: attribute_type, operand type: "
            )),
            "{different}"
        );
    }
}
