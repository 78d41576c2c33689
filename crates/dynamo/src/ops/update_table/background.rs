//! The second step of UpdateTable, after the database's update delay: the change
//! completes, and a new index is backfilled or a deleted one's entries dropped.
//!
//! Each step re-reads the table under the catalog's lock and does nothing if the table
//! is gone or is another table of the same name.

use std::sync::Arc;

use serde_json::{json, Value};

use super::capacity;
use super::description::{find_index, global_indexes, tidy};
use super::Pending;
use crate::error::DynamoError;
use crate::messages;
use crate::ops::create_table::now_seconds;
use crate::storage::Storage;
use crate::table::{Catalog, Table, TableStatus};

/// Completes capacity and billing changes: new capacities, `UPDATING` indexes `ACTIVE`,
/// and the table `ACTIVE` unless an index is still being created or deleted.
pub(super) fn finish(catalog: &Catalog, name: &str, id: u32, pending: &Pending) {
    let now = now_seconds();
    let _ = catalog.update(
        name,
        || DynamoError::not_found(messages::RESOURCE_NOT_FOUND),
        |t| {
            if t.schema.id != id || t.status() != TableStatus::Updating {
                return Ok(t.clone());
            }
            let mut d = t.description.clone();
            if let (Some(c), Some(pt)) = (pending.throughput, d.get_mut("ProvisionedThroughput")) {
                capacity::finish_change(pt, c, now);
            }
            for (index, c) in &pending.index_throughput {
                if let Some(ix) = find_index(&mut d, index) {
                    capacity::finish_change(&mut ix["ProvisionedThroughput"], *c, now);
                }
            }
            for ix in global_indexes(&mut d) {
                if ix["IndexStatus"] == "UPDATING" {
                    ix["IndexStatus"] = json!("ACTIVE");
                }
            }
            tidy(&mut d);
            if pending.create.is_none() && pending.delete.is_none() {
                d.insert("TableStatus".into(), json!("ACTIVE"));
            }
            Table::new(id, d, t.tags.clone(), t.index_ids.clone(), t.next_index_id)
        },
    );
}

/// On a thread of its own: backfills the new index and makes it `ACTIVE`, or drops the
/// deleted index's entries and forgets it; then the table is `ACTIVE`.
pub(super) fn finish_index(
    catalog: Arc<Catalog>,
    storage: Arc<dyn Storage>,
    name: String,
    id: u32,
    pending: Pending,
) {
    std::thread::spawn(move || {
        let Some(t) = catalog.get(&name).filter(|t| t.schema.id == id) else {
            return;
        };
        if let Some(index) = &pending.create {
            let Some(current) = t.schema.index(&index.name).filter(|i| i.id == index.id) else {
                return;
            };
            // A failed backfill leaves the index CREATING: it never turns readable with
            // entries missing.
            if storage.backfill_index(&t.schema, current).is_err() {
                return;
            }
        }
        if let Some(index) = &pending.delete {
            // A failure leaves entries under an id that is never reused: unreachable.
            let _ = storage.drop_index(&t.schema, index);
        }
        let _ = catalog.update(
            &name,
            || DynamoError::not_found(messages::RESOURCE_NOT_FOUND),
            |t| {
                if t.schema.id != id {
                    return Ok(t.clone());
                }
                let mut d = t.description.clone();
                let mut index_ids = t.index_ids.clone();
                if let Some(index) = &pending.create {
                    if let Some(Value::Object(ix)) = find_index(&mut d, &index.name) {
                        ix.insert("IndexStatus".into(), json!("ACTIVE"));
                        ix.remove("Backfilling");
                    }
                }
                if let Some(index) = &pending.delete {
                    global_indexes(&mut d).retain(|g| g["IndexName"] != index.name.as_str());
                    index_ids.remove(&index.name);
                }
                tidy(&mut d);
                d.insert("TableStatus".into(), json!("ACTIVE"));
                Table::new(id, d, t.tags.clone(), index_ids, t.next_index_id)
            },
        );
    });
}
