//! Consumed capacity, by DynamoDB's rules, and its `ConsumedCapacity` rendering.
//!
//! - A read consumes one unit per 4 KB of the item (rounded up, at least one), half of that
//!   when eventually consistent. Query and Scan round the total size they read, not each item.
//! - A write consumes one unit per 1 KB of the larger of the old and the new item (rounded
//!   up, at least one); each secondary index whose entry changes consumes units for the
//!   entry as well.
//! - `ReturnConsumedCapacity: TOTAL` reports the total; `INDEXES` the total plus the table's
//!   and each index's share; `NONE` (the default) nothing.

use serde_json::{json, Map, Value};

/// Which `ReturnConsumedCapacity` the request asked for.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Report {
    /// Nothing.
    None,
    /// The total.
    Total,
    /// The total and the share of the table and of each index.
    Indexes,
}

impl Report {
    /// The request's choice.
    pub fn of(body: &Map<String, Value>) -> Report {
        match body.get("ReturnConsumedCapacity").and_then(Value::as_str) {
            Some("TOTAL") => Report::Total,
            Some("INDEXES") => Report::Indexes,
            _ => Report::None,
        }
    }
}

/// Read units for reading `bytes` (of one item, or a page in total).
pub fn read_units(bytes: usize, consistent: bool) -> f64 {
    let units = bytes.div_ceil(4096).max(1) as f64;
    if consistent {
        units
    } else {
        units / 2.0
    }
}

/// Write units for writing an item of `bytes` (the larger of old and new).
pub fn write_units(bytes: usize) -> f64 {
    bytes.div_ceil(1024).max(1) as f64
}

/// Units consumed by one request on one table.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Consumed {
    /// The table's name.
    pub table: String,
    /// Units on the table itself.
    pub table_units: f64,
    /// Units on global secondary indexes, by name.
    pub global: Vec<(String, f64)>,
    /// Units on local secondary indexes, by name.
    pub local: Vec<(String, f64)>,
}

impl Consumed {
    /// Units on `table` only.
    pub fn table(table: &str, units: f64) -> Consumed {
        Consumed {
            table: table.to_owned(),
            table_units: units,
            ..Consumed::default()
        }
    }

    /// Adds `other` (same table) to this.
    pub fn add(&mut self, other: &Consumed) {
        self.table_units += other.table_units;
        for (list, more) in [
            (&mut self.global, &other.global),
            (&mut self.local, &other.local),
        ] {
            for (name, u) in more {
                match list.iter_mut().find(|(n, _)| n == name) {
                    Some((_, v)) => *v += u,
                    None => list.push((name.clone(), *u)),
                }
            }
        }
    }

    /// The total.
    pub fn total(&self) -> f64 {
        self.table_units
            + self.global.iter().map(|(_, u)| u).sum::<f64>()
            + self.local.iter().map(|(_, u)| u).sum::<f64>()
    }

    /// The `ConsumedCapacity` object for `report` (`None` if nothing is reported).
    pub fn render(&self, report: Report) -> Option<Value> {
        match report {
            Report::None => None,
            Report::Total => Some(json!({
                "TableName": self.table,
                "CapacityUnits": self.total(),
            })),
            Report::Indexes => {
                let mut m = Map::new();
                m.insert("TableName".into(), json!(self.table));
                m.insert("CapacityUnits".into(), json!(self.total()));
                m.insert("Table".into(), json!({"CapacityUnits": self.table_units}));
                for (key, list) in [
                    ("GlobalSecondaryIndexes", &self.global),
                    ("LocalSecondaryIndexes", &self.local),
                ] {
                    if !list.is_empty() {
                        let idx: Map<String, Value> = list
                            .iter()
                            .map(|(n, u)| (n.clone(), json!({"CapacityUnits": u})))
                            .collect();
                        m.insert(key.into(), Value::Object(idx));
                    }
                }
                Some(Value::Object(m))
            }
        }
    }
}

/// Units a write of an item from `old` to `new` consumes on `table` and its indexes.
pub fn for_write(
    schema: &crate::table::TableSchema,
    old: Option<&crate::types::Item>,
    new: Option<&crate::types::Item>,
) -> Consumed {
    use crate::table::IndexKind;
    use crate::types::item_size;
    let size = old
        .map(item_size)
        .unwrap_or(0)
        .max(new.map(item_size).unwrap_or(0));
    let mut c = Consumed::table(&schema.name, write_units(size));
    for index in &schema.indexes {
        let before = old.and_then(|o| schema.index_entry(index, o));
        let after = new.and_then(|n| schema.index_entry(index, n));
        if before == after {
            continue;
        }
        // An entry that moves (a new index key) is a delete plus a put.
        let moved = before.is_some()
            && after.is_some()
            && index.key.values_of(old.unwrap()) != index.key.values_of(new.unwrap());
        let mut units = 0.0;
        if let Some(b) = &before {
            if moved || after.is_none() {
                units += write_units(item_size(b));
            }
        }
        if let Some(a) = &after {
            let bytes = if moved {
                0
            } else {
                before.as_ref().map_or(0, item_size)
            };
            units += write_units(item_size(a).max(bytes));
        }
        let list = match index.kind {
            IndexKind::Global => &mut c.global,
            IndexKind::Local => &mut c.local,
        };
        list.push((index.name.clone(), units));
    }
    c
}

/// Inserts `ConsumedCapacity` into `response` if the request asked for it.
pub fn attach(response: &mut Map<String, Value>, report: Report, consumed: &Consumed) {
    if let Some(v) = consumed.render(report) {
        response.insert("ConsumedCapacity".into(), v);
    }
}
