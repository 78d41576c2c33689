//! GetItem: one item by its key, optionally projected.

use serde_json::{Map, Value};

use super::capacity::{self, Consumed, Report};
use super::common::{bool_member, check_key, item_member, str_member, usable_table};
use super::expressions::{Expressions, Projection};
use crate::db::Database;
use crate::error::Result;
use crate::expr::ExprKind;
use crate::legacy::{check_parameters, Operation};
use crate::types::item_size;
use crate::types::json::item_into_json;

/// Runs GetItem.
pub fn run(db: &Database, body: &Map<String, Value>) -> Result<Value> {
    check_parameters(Operation::GetItem, body)?;
    let key = item_member(body, "Key")?;
    let projection = Projection::of(body)?;
    let ex = Expressions::parse(body, &[ExprKind::Projection])?;
    let table = usable_table(db, str_member(body, "TableName").unwrap_or_default())?;
    check_key(&table.schema, &key)?;
    if let Some(p) = &ex.projection {
        super::key_paths::check_scalar_keys(&table.schema, &p.paths, &ex.names)?;
    }
    let item = db.storage.get_item(&table.schema, &key)?;
    let consistent = bool_member(body, "ConsistentRead");
    let mut out = Map::new();
    let size = item.as_ref().map_or(0, item_size);
    if let Some(item) = item {
        out.insert("Item".into(), item_into_json(projection.apply(&ex, item)?));
    }
    let consumed = Consumed::table(&table.schema.name, capacity::read_units(size, consistent));
    capacity::attach(&mut out, Report::of(body), &consumed);
    Ok(Value::Object(out))
}
