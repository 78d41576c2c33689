//! Scan: every item of a table or index, or of one segment of a parallel scan, in storage
//! order (partitions in hash order), read a page at a time ([`super::page`]).
//!
//! Checks, in DynamoDB's order (dynalite's `validations/scan.js` and `actions/scan.js`, from
//! its tests against DynamoDB):
//! 1. request only: parameter mixing, `AttributesToGet`, `ScanFilter`, the values of
//!    `ExclusiveStartKey`, `Segment` with `TotalSegments`, the expressions, `Select`;
//! 2. the table, then the index (`IndexName`, `ConsistentRead` on a global index);
//! 3. `ExclusiveStartKey`: its attribute count, the index's key attributes, `Select:
//!    ALL_ATTRIBUTES` on a global index, the table's key attributes, then whether it lies in
//!    the segment;
//! 4. nested paths into key attributes in the projection and the filter.
//!
//! A segment is a contiguous range of the partition hash space
//! ([`crate::keys::layout::segment_hash_range`]), so the segments of a parallel scan cover
//! every item exactly once.

use serde_json::{Map, Value};

use super::common::{str_member, usable_table};
use super::expressions::Expressions;
use super::key_paths;
use super::page::{self, Filter, Reader, Reading, Select};
use crate::db::Database;
use crate::error::{DynamoError, Result};
use crate::expr::eval::check_condition_values;
use crate::expr::ExprKind;
use crate::keys::layout::{self, partition_hash};
use crate::legacy::{self, FilterParameter, Operation};
use crate::messages;
use crate::table::{IndexSchema, TableSchema};
use crate::types::Item;

/// `Segment` and `TotalSegments`: both or neither, the segment below the total. Neither is
/// segment 0 of 1.
fn segments(body: &Map<String, Value>) -> Result<(u32, u32)> {
    let segment = body.get("Segment").and_then(Value::as_u64);
    let total = body.get("TotalSegments").and_then(Value::as_u64);
    match (segment, total) {
        (None, None) => Ok((0, 1)),
        (Some(_), None) => Err(DynamoError::validation(messages::SEGMENT_WITHOUT_TOTAL)),
        (None, Some(_)) => Err(DynamoError::validation(messages::TOTAL_WITHOUT_SEGMENT)),
        (Some(s), Some(t)) if s >= t => Err(DynamoError::validation(
            messages::segment_out_of_range(s, t),
        )),
        (Some(s), Some(t)) => {
            let clamp = |v: u64| u32::try_from(v).unwrap_or(u32::MAX);
            Ok((clamp(s), clamp(t)))
        }
    }
}

/// Whether the partition of `start` (the index's partition key when scanning an index) lies
/// in segment `segment` of `total`.
fn in_segment(
    schema: &TableSchema,
    index: Option<&IndexSchema>,
    start: &Item,
    segment: u32,
    total: u32,
) -> Result<bool> {
    let hash = &index.map_or(&schema.key, |i| &i.key).hash;
    let Some(value) = start.get(&hash.name) else {
        return Ok(false);
    };
    Ok(layout::in_segment(partition_hash(value), segment, total))
}

/// Runs Scan.
pub fn run(db: &Database, body: &Map<String, Value>) -> Result<Value> {
    legacy::check_parameters(Operation::Scan, body)?;
    let attributes_to_get = legacy::projection_from_attributes_to_get(body)?;
    let scan_filter = legacy::filter_from_legacy(body, FilterParameter::ScanFilter)?;
    let start = page::start_key(body)?;
    let (segment, total) = segments(body)?;
    let ex = Expressions::parse(body, &[ExprKind::Filter, ExprKind::Projection])?;
    if let Some(c) = &ex.filter {
        check_condition_values(c, ExprKind::Filter, &ex.values)?;
    }
    let select = Select::of(
        body,
        Reader::Scan,
        ex.projection.is_some(),
        attributes_to_get.is_some(),
    )?;

    let table = usable_table(db, str_member(body, "TableName").unwrap_or_default())?;
    let schema = &*table.schema;
    let index = page::source(schema, body)?;

    if let Some(esk) = &start {
        if esk.len() != page::start_key_attributes(schema, index).len() {
            return Err(DynamoError::validation(match index {
                Some(_) => messages::START_KEY_INVALID.to_owned(),
                None => messages::start_key_invalid(messages::KEY_SCHEMA_MISMATCH),
            }));
        }
        if let Some(index) = index {
            for (i, attr) in index.key.attributes().enumerate() {
                if !esk.contains_key(&attr.name) {
                    return Err(DynamoError::validation(messages::START_KEY_INVALID));
                }
                page::check_key_piece(esk, attr, i == 0)?;
            }
        }
    }
    page::check_select_on_index(select, index)?;
    if let Some(esk) = &start {
        page::check_table_start_key(schema, esk)?;
        if total > 1 && !in_segment(schema, index, esk, segment, total)? {
            return Err(DynamoError::validation(messages::start_key_wrong_segment(
                u64::from(total),
                u64::from(segment),
            )));
        }
    }

    let projection = match (&ex.projection, &attributes_to_get) {
        (Some(p), _) => Some(key_paths::projection_paths(p, &ex.names)),
        (None, Some(t)) => Some(key_paths::projection_paths(&t.expression, &t.names)),
        (None, None) => None,
    };
    if let (Some(paths), Some(_)) = (&projection, &ex.projection) {
        key_paths::check_key_paths(schema, paths)?;
    }
    if let Some(f) = &ex.filter {
        key_paths::check_key_paths(schema, &key_paths::condition_paths(f, &ex.names))?;
    }

    let filter = Filter::of(&ex, scan_filter.as_ref());
    let reading = Reading::new(body, schema, index, filter, projection.as_deref(), select);
    let cursor = db
        .storage
        .scan(schema, index, segment, total, start.as_ref())?;
    let page = reading.read(db, cursor)?;
    Ok(page.response(&reading))
}
