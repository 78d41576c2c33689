//! The catalog: every table's stored description, loaded at start and kept in memory.
//!
//! A table's record (`docs/format/catalog.md`) is its DynamoDB `TableDescription` (the JSON
//! DescribeTable shows, without the counts computed on demand) plus what DynamoDB does not
//! show: the storage ids of the table and its indexes, and its tags. The [`TableSchema`]
//! items are checked against is derived from the description, so the two cannot disagree.
//!
//! Changes replace a table's entry whole: readers hold an `Arc<Table>` that never changes
//! under them. Every change is written (synced) to storage before it is visible.

use std::collections::BTreeMap;
use std::sync::{Arc, Mutex, RwLock};

use serde_json::{json, Map, Value};

use super::schema::{IndexKind, IndexSchema, KeyAttribute, KeySchema, Projection, TableSchema};
use crate::error::{DynamoError, Result};
use crate::storage::Storage;
use crate::types::AttributeType;

/// A table's lifecycle state (`TableStatus`).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum TableStatus {
    /// Being created: not yet usable for items.
    Creating,
    /// Usable.
    Active,
    /// Being changed (an index added or removed, throughput changed); usable.
    Updating,
    /// Being deleted: not usable.
    Deleting,
}

impl TableStatus {
    /// DynamoDB's name.
    pub fn as_str(self) -> &'static str {
        match self {
            TableStatus::Creating => "CREATING",
            TableStatus::Active => "ACTIVE",
            TableStatus::Updating => "UPDATING",
            TableStatus::Deleting => "DELETING",
        }
    }

    fn parse(s: &str) -> Option<TableStatus> {
        Some(match s {
            "CREATING" => TableStatus::Creating,
            "ACTIVE" => TableStatus::Active,
            "UPDATING" => TableStatus::Updating,
            "DELETING" => TableStatus::Deleting,
            _ => return None,
        })
    }
}

/// One table: its schema, its stored description, its tags.
#[derive(Debug, Clone, PartialEq)]
pub struct Table {
    /// Keys and indexes, derived from `description`.
    pub schema: Arc<TableSchema>,
    /// DynamoDB's `TableDescription`, without `ItemCount`/`TableSizeBytes` (and the index
    /// counts), which are computed when described.
    pub description: Map<String, Value>,
    /// Tags, in the order they were added.
    pub tags: Vec<(String, String)>,
    /// Storage ids of the indexes, by name, including indexes being deleted.
    pub index_ids: BTreeMap<String, u16>,
    /// The id the next index gets.
    pub next_index_id: u16,
}

fn damaged(what: &str) -> DynamoError {
    DynamoError::internal(format!("damaged catalog record: {what}"))
}

fn key_schema(desc: &Value, defs: &BTreeMap<String, AttributeType>) -> Result<KeySchema> {
    let elems = desc.as_array().ok_or_else(|| damaged("KeySchema"))?;
    let mut hash = None;
    let mut range = None;
    for e in elems {
        let name = e["AttributeName"]
            .as_str()
            .ok_or_else(|| damaged("AttributeName"))?;
        let ty = *defs.get(name).ok_or_else(|| damaged("attribute type"))?;
        let attr = KeyAttribute {
            name: name.to_owned(),
            ty,
        };
        match e["KeyType"].as_str() {
            Some("HASH") => hash = Some(attr),
            Some("RANGE") => range = Some(attr),
            _ => return Err(damaged("KeyType")),
        }
    }
    Ok(KeySchema {
        hash: hash.ok_or_else(|| damaged("no HASH key"))?,
        range,
    })
}

fn projection(desc: &Value) -> Result<Projection> {
    Ok(match desc["ProjectionType"].as_str() {
        Some("ALL") => Projection::All,
        Some("KEYS_ONLY") => Projection::KeysOnly,
        Some("INCLUDE") => Projection::Include(
            desc["NonKeyAttributes"]
                .as_array()
                .map(|a| {
                    a.iter()
                        .filter_map(|v| v.as_str().map(str::to_owned))
                        .collect()
                })
                .unwrap_or_default(),
        ),
        _ => return Err(damaged("ProjectionType")),
    })
}

impl Table {
    /// The table's status.
    pub fn status(&self) -> TableStatus {
        self.description
            .get("TableStatus")
            .and_then(Value::as_str)
            .and_then(TableStatus::parse)
            .unwrap_or(TableStatus::Active)
    }

    /// The table's name.
    pub fn name(&self) -> &str {
        &self.schema.name
    }

    /// The table's ARN.
    pub fn arn(&self) -> &str {
        self.description
            .get("TableArn")
            .and_then(Value::as_str)
            .unwrap_or_default()
    }

    /// Builds a table from its description, deriving the schema. `index_ids` must name
    /// every index of the description.
    pub fn new(
        id: u32,
        description: Map<String, Value>,
        tags: Vec<(String, String)>,
        index_ids: BTreeMap<String, u16>,
        next_index_id: u16,
    ) -> Result<Table> {
        let d = Value::Object(description);
        let name = d["TableName"]
            .as_str()
            .ok_or_else(|| damaged("TableName"))?
            .to_owned();
        let mut defs = BTreeMap::new();
        for def in d["AttributeDefinitions"]
            .as_array()
            .ok_or_else(|| damaged("AttributeDefinitions"))?
        {
            let n = def["AttributeName"]
                .as_str()
                .ok_or_else(|| damaged("AttributeName"))?;
            let t = def["AttributeType"]
                .as_str()
                .and_then(AttributeType::from_name)
                .ok_or_else(|| damaged("AttributeType"))?;
            defs.insert(n.to_owned(), t);
        }
        let key = key_schema(&d["KeySchema"], &defs)?;
        let mut indexes = Vec::new();
        for (field, kind) in [
            ("LocalSecondaryIndexes", IndexKind::Local),
            ("GlobalSecondaryIndexes", IndexKind::Global),
        ] {
            let Some(list) = d[field].as_array() else {
                continue;
            };
            for ix in list {
                let iname = ix["IndexName"]
                    .as_str()
                    .ok_or_else(|| damaged("IndexName"))?;
                let status = ix["IndexStatus"].as_str().unwrap_or("ACTIVE");
                if status == "DELETING" {
                    continue;
                }
                indexes.push(IndexSchema {
                    name: iname.to_owned(),
                    id: *index_ids.get(iname).ok_or_else(|| damaged("index id"))?,
                    kind,
                    key: key_schema(&ix["KeySchema"], &defs)?,
                    projection: projection(&ix["Projection"])?,
                    readable: status != "CREATING" || kind == IndexKind::Local,
                });
            }
        }
        let Value::Object(description) = d else {
            unreachable!()
        };
        Ok(Table {
            schema: Arc::new(TableSchema {
                name,
                id,
                key,
                indexes,
            }),
            description,
            tags,
            index_ids,
            next_index_id,
        })
    }

    /// The record stored in the catalog.
    pub fn to_record(&self) -> Vec<u8> {
        let tags: Vec<Value> = self
            .tags
            .iter()
            .map(|(k, v)| json!({"Key": k, "Value": v}))
            .collect();
        let rec = json!({
            "version": 1,
            "id": self.schema.id,
            "indexIds": self.index_ids,
            "nextIndexId": self.next_index_id,
            "tags": tags,
            "description": self.description,
        });
        serde_json::to_vec(&rec).expect("JSON values serialize")
    }

    /// Reads a record written by [`Table::to_record`].
    pub fn from_record(bytes: &[u8]) -> Result<Table> {
        let rec: Value = serde_json::from_slice(bytes).map_err(|_| damaged("not JSON"))?;
        if rec["version"] != 1 {
            return Err(damaged("unknown version"));
        }
        let id = rec["id"]
            .as_u64()
            .and_then(|v| u32::try_from(v).ok())
            .ok_or_else(|| damaged("id"))?;
        let mut index_ids = BTreeMap::new();
        if let Some(m) = rec["indexIds"].as_object() {
            for (k, v) in m {
                let v = v
                    .as_u64()
                    .and_then(|v| u16::try_from(v).ok())
                    .ok_or_else(|| damaged("index id"))?;
                index_ids.insert(k.clone(), v);
            }
        }
        let next_index_id = rec["nextIndexId"]
            .as_u64()
            .and_then(|v| u16::try_from(v).ok())
            .ok_or_else(|| damaged("nextIndexId"))?;
        let tags = rec["tags"]
            .as_array()
            .map(|a| {
                a.iter()
                    .filter_map(|t| {
                        Some((
                            t["Key"].as_str()?.to_owned(),
                            t["Value"].as_str()?.to_owned(),
                        ))
                    })
                    .collect()
            })
            .unwrap_or_default();
        let Some(Value::Object(description)) = rec.get("description").cloned() else {
            return Err(damaged("description"));
        };
        Table::new(id, description, tags, index_ids, next_index_id)
    }
}

/// Every table, in memory, backed by storage.
pub struct Catalog {
    storage: Arc<dyn Storage>,
    tables: RwLock<BTreeMap<String, Arc<Table>>>,
    /// Serializes catalog changes (and guards the next table id).
    change: Mutex<u32>,
}

impl std::fmt::Debug for Catalog {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Catalog").finish_non_exhaustive()
    }
}

impl Catalog {
    /// Loads the catalog from `storage`.
    pub fn load(storage: Arc<dyn Storage>) -> Result<Catalog> {
        let mut tables = BTreeMap::new();
        let mut max_id = 0;
        for (name, record) in storage.catalog()? {
            let t = Table::from_record(&record)?;
            max_id = max_id.max(t.schema.id);
            tables.insert(name, Arc::new(t));
        }
        let stored_next = match storage.catalog_meta()? {
            Some(bytes) => serde_json::from_slice::<Value>(&bytes)
                .ok()
                .and_then(|v| v["nextTableId"].as_u64())
                .and_then(|v| u32::try_from(v).ok())
                .ok_or_else(|| damaged("catalog meta"))?,
            None => 1,
        };
        Ok(Catalog {
            storage,
            tables: RwLock::new(tables),
            change: Mutex::new(stored_next.max(max_id + 1)),
        })
    }

    /// The table called `name`, whatever its status.
    pub fn get(&self, name: &str) -> Option<Arc<Table>> {
        self.tables
            .read()
            .unwrap_or_else(|p| p.into_inner())
            .get(name)
            .cloned()
    }

    /// Every table, by name.
    pub fn all(&self) -> Vec<Arc<Table>> {
        self.tables
            .read()
            .unwrap_or_else(|p| p.into_inner())
            .values()
            .cloned()
            .collect()
    }

    /// Table ids in use.
    pub fn ids(&self) -> Vec<u32> {
        self.all().iter().map(|t| t.schema.id).collect()
    }

    /// Number of tables.
    pub fn len(&self) -> usize {
        self.tables.read().unwrap_or_else(|p| p.into_inner()).len()
    }

    /// Whether there is no table.
    pub fn is_empty(&self) -> bool {
        self.len() == 0
    }

    /// Creates a table: `build` gets a fresh table id and returns the table, or an error if
    /// the table cannot be created (checked under the catalog's lock, so two creates of one
    /// name cannot both succeed). `exists` is the error for a name already taken.
    pub fn create(
        &self,
        name: &str,
        exists: impl FnOnce(&Table) -> DynamoError,
        build: impl FnOnce(u32, &[Arc<Table>]) -> Result<Table>,
    ) -> Result<Arc<Table>> {
        let mut next_id = self.change.lock().unwrap_or_else(|p| p.into_inner());
        if let Some(t) = self.get(name) {
            return Err(exists(&t));
        }
        let id = *next_id;
        let table = build(id, &self.all())?;
        self.storage
            .put_catalog_meta(&serde_json::to_vec(&json!({"nextTableId": id + 1})).unwrap())?;
        *next_id = id + 1;
        self.storage.put_catalog(name, &table.to_record())?;
        let table = Arc::new(table);
        self.tables
            .write()
            .unwrap_or_else(|p| p.into_inner())
            .insert(name.to_owned(), table.clone());
        Ok(table)
    }

    /// Changes table `name`: `change` gets the current table and returns the new one (or
    /// an error, and nothing changes). `missing` is the error if there is no such table.
    pub fn update(
        &self,
        name: &str,
        missing: impl FnOnce() -> DynamoError,
        change: impl FnOnce(&Table) -> Result<Table>,
    ) -> Result<Arc<Table>> {
        let _serial = self.change.lock().unwrap_or_else(|p| p.into_inner());
        let current = self.get(name).ok_or_else(missing)?;
        let table = change(&current)?;
        self.storage.put_catalog(name, &table.to_record())?;
        let table = Arc::new(table);
        self.tables
            .write()
            .unwrap_or_else(|p| p.into_inner())
            .insert(name.to_owned(), table.clone());
        Ok(table)
    }

    /// Removes table `name` from the catalog if it is still the table with `id`. Its data
    /// is the caller's to drop.
    pub fn remove(&self, name: &str, id: u32) -> Result<Option<Arc<Table>>> {
        let _serial = self.change.lock().unwrap_or_else(|p| p.into_inner());
        match self.get(name) {
            Some(t) if t.schema.id == id => {
                self.storage.delete_catalog(name)?;
                self.tables
                    .write()
                    .unwrap_or_else(|p| p.into_inner())
                    .remove(name);
                Ok(Some(t))
            }
            _ => Ok(None),
        }
    }
}
