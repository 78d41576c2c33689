//! Query: the items of one partition of a table or index, in sort key order, restricted by a
//! sort key condition, read a page at a time ([`super::page`]).
//!
//! Checks, in DynamoDB's order (dynalite's `validations/query.js` and `actions/query.js`,
//! from its tests against DynamoDB):
//! 1. request only: parameter mixing, `QueryFilter`, `AttributesToGet`, the values of
//!    `ExclusiveStartKey`, a key condition of either form, the expressions (and the values
//!    they compare), the shape of the key condition, `KeyConditions`, `Select`;
//! 2. the table, then the index (`IndexName`, `ConsistentRead` on a global index);
//! 3. `ExclusiveStartKey` against the key attributes: its attribute count, then key attribute
//!    by key attribute (partition key first) the start key's value and the key condition on
//!    that attribute, then the table's key, then whether it lies within the conditions;
//! 4. nested paths into keys in the projection, key attributes in the filter, `Select:
//!    ALL_ATTRIBUTES` on a global index, nested paths into keys in the filter.

use std::collections::BTreeMap;

use serde_json::{Map, Value};

use super::common::{str_member, usable_table};
use super::expressions::Expressions;
use super::key_paths;
use super::page::{self, Filter, Reader, Reading, Select};
use crate::db::Database;
use crate::error::{DynamoError, Result};
use crate::expr::eval::check_condition_values;
use crate::expr::eval::condition::{begins_with, compare};
use crate::expr::keycond::key_condition;
use crate::expr::{
    Comparator, ExprKind, KeyCondition, KeyConditionProblem, KeyOperator, KeyPart, KeyQuery,
};
use crate::legacy::{self, FilterParameter, KeyConditions, KeyRole, Operation};
use crate::messages;
use crate::storage::SortRange;
use crate::table::KeyAttribute;
use crate::types::{AttributeValue, Item};

type Values = BTreeMap<String, AttributeValue>;

/// The key condition of the request, in whichever form it came.
enum KeyConditionForm {
    /// `KeyConditionExpression`, reduced; its values are the request's.
    Expression(KeyCondition),
    /// `KeyConditions`.
    Legacy(KeyConditions),
}

fn problem(p: KeyConditionProblem) -> DynamoError {
    crate::expr::ExprError::KeyCondition(p).into()
}

/// DynamoDB's checks of a key condition expression on one key attribute (the same walk as
/// [`KeyConditions::check_key`]): too many conditions for a partition-only key, a missing
/// condition, a value of another type than the key's, then anything but equality on the
/// partition key.
fn check_expression_key(
    kc: &KeyCondition,
    attr: &KeyAttribute,
    role: KeyRole,
    key_count: usize,
    values: &Values,
) -> Result<()> {
    let count = kc.parts.len();
    if role == KeyRole::Partition && key_count == 1 && count > 1 {
        return Err(problem(KeyConditionProblem::NotSupported));
    }
    let Some(part) = kc.parts.iter().find(|p| p.attribute == attr.name) else {
        if role == KeyRole::Partition || count > 1 {
            return Err(problem(KeyConditionProblem::MissedKeySchemaElement(
                attr.name.clone(),
            )));
        }
        return Ok(());
    };
    let refs = match &part.op {
        KeyOperator::Compare(_, v) | KeyOperator::BeginsWith(v) => vec![v],
        KeyOperator::Between(lo, hi) => vec![lo, hi],
    };
    let mistyped = refs.iter().any(|r| {
        values
            .get(r.as_str())
            .is_some_and(|v| v.attribute_type() != attr.ty)
    });
    if mistyped {
        return Err(DynamoError::validation(
            legacy::messages::KEY_VALUE_TYPE_MISMATCH,
        ));
    }
    if role == KeyRole::Partition && !matches!(part.op, KeyOperator::Compare(Comparator::Eq, _)) {
        return Err(problem(KeyConditionProblem::NotSupported));
    }
    Ok(())
}

fn legacy_attr(a: &KeyAttribute) -> legacy::KeyAttribute<'_> {
    legacy::KeyAttribute {
        name: &a.name,
        key_type: a.ty,
    }
}

fn value<'v>(values: &'v Values, r: &crate::expr::ValueRef) -> Result<&'v AttributeValue> {
    values.get(r.as_str()).ok_or_else(|| {
        DynamoError::internal(format!("key condition value {} not defined", r.as_str()))
    })
}

/// The storage range of a checked sort key condition.
fn sort_range(sort: Option<&KeyPart>, values: &Values) -> Result<SortRange> {
    let Some(part) = sort else {
        return Ok(SortRange::All);
    };
    Ok(match &part.op {
        KeyOperator::Compare(op, v) => {
            let v = value(values, v)?.clone();
            match op {
                Comparator::Eq => SortRange::Eq(v),
                Comparator::Lt => SortRange::Lt(v),
                Comparator::Le => SortRange::Le(v),
                Comparator::Gt => SortRange::Gt(v),
                Comparator::Ge => SortRange::Ge(v),
                Comparator::Ne => return Err(problem(KeyConditionProblem::NotSupported)),
            }
        }
        KeyOperator::Between(lo, hi) => {
            SortRange::Between(value(values, lo)?.clone(), value(values, hi)?.clone())
        }
        KeyOperator::BeginsWith(v) => SortRange::BeginsWith(value(values, v)?.clone()),
    })
}

/// Whether a sort key value satisfies the sort key condition.
fn in_range(range: &SortRange, v: Option<&AttributeValue>) -> bool {
    match range {
        SortRange::All => true,
        SortRange::Eq(b) => compare(Comparator::Eq, v, Some(b)),
        SortRange::Lt(b) => compare(Comparator::Lt, v, Some(b)),
        SortRange::Le(b) => compare(Comparator::Le, v, Some(b)),
        SortRange::Gt(b) => compare(Comparator::Gt, v, Some(b)),
        SortRange::Ge(b) => compare(Comparator::Ge, v, Some(b)),
        SortRange::Between(lo, hi) => {
            compare(Comparator::Ge, v, Some(lo)) && compare(Comparator::Le, v, Some(hi))
        }
        SortRange::BeginsWith(p) => v.is_some_and(|v| begins_with(v, p)),
    }
}

/// Runs Query.
pub fn run(db: &Database, body: &Map<String, Value>) -> Result<Value> {
    legacy::check_parameters(Operation::Query, body)?;
    let query_filter = legacy::filter_from_legacy(body, FilterParameter::QueryFilter)?;
    let attributes_to_get = legacy::projection_from_attributes_to_get(body)?;
    let start = page::start_key(body)?;
    legacy::check_key_condition_present(body)?;
    let ex = Expressions::parse(
        body,
        &[
            ExprKind::KeyCondition,
            ExprKind::Filter,
            ExprKind::Projection,
        ],
    )?;
    if let Some(c) = &ex.key_condition {
        check_condition_values(c, ExprKind::KeyCondition, &ex.values)?;
    }
    if let Some(c) = &ex.filter {
        check_condition_values(c, ExprKind::Filter, &ex.values)?;
    }
    let form = match &ex.key_condition {
        Some(c) => KeyConditionForm::Expression(key_condition(c, &ex.names)?),
        None => match legacy::key_conditions(body)? {
            Some(k) => KeyConditionForm::Legacy(k),
            None => {
                return Err(DynamoError::validation(
                    legacy::messages::KEY_CONDITIONS_MISSING,
                ))
            }
        },
    };
    let select = Select::of(
        body,
        Reader::Query,
        ex.projection.is_some(),
        attributes_to_get.is_some(),
    )?;

    let table = usable_table(db, str_member(body, "TableName").unwrap_or_default())?;
    let schema = &*table.schema;
    let index = page::source(schema, body)?;
    let key = index.map_or(&schema.key, |i| &i.key);
    let key_count = key.attributes().count();

    if let Some(esk) = &start {
        if esk.len() != page::start_key_attributes(schema, index).len() {
            return Err(DynamoError::validation(messages::START_KEY_INVALID));
        }
    }
    for (i, attr) in key.attributes().enumerate() {
        let role = if i == 0 {
            KeyRole::Partition
        } else {
            KeyRole::Sort
        };
        if let Some(esk) = &start {
            if !esk.contains_key(&attr.name) {
                return Err(DynamoError::validation(messages::START_KEY_INVALID));
            }
            page::check_key_piece(esk, attr, i == 0)?;
        }
        match &form {
            KeyConditionForm::Expression(kc) => {
                check_expression_key(kc, attr, role, key_count, &ex.values)?
            }
            KeyConditionForm::Legacy(k) => k.check_key(legacy_attr(attr), role, key_count)?,
        }
    }
    let translated;
    let (query, values): (KeyQuery, &Values) = match &form {
        KeyConditionForm::Expression(kc) => {
            let part = |name: &str| kc.parts.iter().find(|p| p.attribute == name);
            let partition_value = match part(&key.hash.name).map(|p| &p.op) {
                Some(KeyOperator::Compare(Comparator::Eq, v)) => v.clone(),
                _ => return Err(problem(KeyConditionProblem::NotSupported)),
            };
            let sort = key.range.as_ref().and_then(|r| part(&r.name)).cloned();
            (
                KeyQuery {
                    partition_value,
                    sort,
                },
                &ex.values,
            )
        }
        KeyConditionForm::Legacy(k) => {
            translated =
                k.key_query(legacy_attr(&key.hash), key.range.as_ref().map(legacy_attr))?;
            (translated.expression.clone(), &translated.values)
        }
    };
    let partition = value(values, &query.partition_value)?.clone();
    let range = sort_range(query.sort.as_ref(), values)?;

    if let Some(esk) = &start {
        page::check_table_start_key(schema, esk)?;
        let same_partition = esk.get(&key.hash.name) == Some(&partition);
        match (&key.range, &range) {
            (Some(r), range) if *range != SortRange::All => {
                if !in_range(range, esk.get(&r.name)) {
                    return Err(DynamoError::validation(messages::START_KEY_OUTSIDE_RANGE));
                }
                if !same_partition {
                    return Err(DynamoError::validation(messages::START_KEY_CANNOT_RESTART));
                }
            }
            _ if !same_partition => {
                return Err(DynamoError::validation(messages::START_KEY_OUTSIDE_QUERY));
            }
            _ => {}
        }
    }

    let projection = match (&ex.projection, &attributes_to_get) {
        (Some(p), _) => Some(key_paths::projection_paths(p, &ex.names)),
        (None, Some(t)) => Some(key_paths::projection_paths(&t.expression, &t.names)),
        (None, None) => None,
    };
    if let Some(p) = &ex.projection {
        key_paths::check_key_paths(schema, &key_paths::projection_paths(p, &ex.names))?;
    }
    let filter_paths = ex
        .filter
        .as_ref()
        .map(|f| key_paths::condition_paths(f, &ex.names));
    let range_name = key.range.as_ref().map(|r| r.name.as_str());
    if let Some(paths) = &filter_paths {
        for name in std::iter::once(key.hash.name.as_str()).chain(range_name) {
            if paths.iter().any(
                |p| matches!(p.first(), Some(crate::expr::resolve::Step::Name(n)) if n == name),
            ) {
                return Err(DynamoError::validation(messages::filter_on_key(name)));
            }
        }
    } else if query_filter.is_some() {
        legacy::check_query_filter_keys(body, &key.hash.name, range_name)?;
    }
    page::check_select_on_index(select, index)?;
    if let Some(paths) = &filter_paths {
        key_paths::check_key_paths(schema, paths)?;
    }

    let filter = Filter::of(&ex, query_filter.as_ref());
    let reading = Reading::new(body, schema, index, filter, projection.as_deref(), select);
    let forward = body
        .get("ScanIndexForward")
        .and_then(Value::as_bool)
        .unwrap_or(true);
    let cursor = db.storage.query(
        schema,
        index,
        &partition,
        &range,
        forward,
        start.as_ref().map(|s: &Item| s),
    )?;
    let page = reading.read(db, cursor)?;
    Ok(page.response(&reading))
}
