//! CreateTable: checks the key schema, attribute definitions and indexes as DynamoDB does,
//! then records the table in the catalog. The table is `ACTIVE` at once, or after the
//! database's creation delay.

use std::collections::BTreeMap;

use serde_json::{json, Map, Value};

use super::common::str_member;
use crate::db::Database;
use crate::error::{DynamoError, ErrorKind, Result};
use crate::messages::{self, INVALID};
use crate::table::{Table, TableStatus};

/// Most global secondary indexes per table.
pub const MAX_GLOBAL_INDEXES: usize = 20;
/// Most local secondary indexes per table.
pub const MAX_LOCAL_INDEXES: usize = 5;
/// Most provisioned units per table or index.
pub const MAX_CAPACITY_UNITS: i64 = 1_000_000_000_000;

fn invalid(msg: impl AsRef<str>) -> DynamoError {
    DynamoError::validation(format!("{INVALID}{}", msg.as_ref()))
}

fn names_of(list: &Value) -> Vec<&str> {
    list.as_array()
        .map(|a| {
            a.iter()
                .map(|e| e["AttributeName"].as_str().unwrap_or_default())
                .collect()
        })
        .unwrap_or_default()
}

/// Checks a table's or index's `KeySchema` against the attribute definitions.
pub(super) fn check_key_schema(key_schema: &Value, defs: &[&str]) -> Result<()> {
    let keys = names_of(key_schema);
    if keys.iter().any(|k| !defs.contains(k)) {
        return Err(invalid(format!(
            "Some index key attributes are not defined in AttributeDefinitions. Keys: [{}], AttributeDefinitions: [{}]",
            keys.join(", "),
            defs.join(", ")
        )));
    }
    if keys.len() == 2 && keys[0] == keys[1] {
        return Err(DynamoError::validation(
            "Both the Hash Key and the Range Key element in the KeySchema have the same name",
        ));
    }
    if key_schema[0]["KeyType"] != "HASH" {
        return Err(DynamoError::validation(
            "Invalid KeySchema: The first KeySchemaElement is not a HASH key type",
        ));
    }
    if keys.len() == 2 && key_schema[1]["KeyType"] != "RANGE" {
        return Err(DynamoError::validation(
            "Invalid KeySchema: The second KeySchemaElement is not a RANGE key type",
        ));
    }
    Ok(())
}

pub(super) fn check_projection(index: &Value) -> Result<()> {
    let p = &index["Projection"];
    let Some(ty) = p["ProjectionType"].as_str() else {
        return Err(invalid("Unknown ProjectionType: null"));
    };
    if !p["NonKeyAttributes"].is_null() && ty != "INCLUDE" {
        return Err(invalid(format!(
            "ProjectionType is {ty}, but NonKeyAttributes is specified"
        )));
    }
    Ok(())
}

pub(super) fn check_throughput(t: &Value) -> Result<()> {
    for field in ["ReadCapacityUnits", "WriteCapacityUnits"] {
        if let Some(n) = t[field].as_i64() {
            if n > MAX_CAPACITY_UNITS {
                return Err(DynamoError::validation(format!(
                    "Given value {n} for {field} is out of bounds"
                )));
            }
        }
    }
    Ok(())
}

/// The request-only checks, in DynamoDB's order.
fn check(body: &Map<String, Value>) -> Result<()> {
    let pay_per_request = str_member(body, "BillingMode") == Some("PAY_PER_REQUEST");
    let throughput = body.get("ProvisionedThroughput").filter(|v| !v.is_null());
    if pay_per_request {
        if throughput.is_some() {
            return Err(invalid(
                "Neither ReadCapacityUnits nor WriteCapacityUnits can be specified when BillingMode is PAY_PER_REQUEST",
            ));
        }
    } else {
        let both = throughput.is_some_and(|t| {
            t["ReadCapacityUnits"].is_number() && t["WriteCapacityUnits"].is_number()
        });
        if !both {
            return Err(invalid(
                "ReadCapacityUnits and WriteCapacityUnits must both be specified when BillingMode is PROVISIONED",
            ));
        }
        check_throughput(throughput.unwrap())?;
    }
    let defs = names_of(&body["AttributeDefinitions"]);
    let keys = names_of(&body["KeySchema"]);
    if keys.len() > defs.len() {
        return Err(DynamoError::validation(
            "Invalid KeySchema: Some index key attribute have no definition",
        ));
    }
    check_key_schema(&body["KeySchema"], &defs)?;
    let locals = body.get("LocalSecondaryIndexes").filter(|v| !v.is_null());
    let globals = body.get("GlobalSecondaryIndexes").filter(|v| !v.is_null());
    if locals.is_none() && globals.is_none() && keys.len() != defs.len() {
        return Err(invalid(
            "Number of attributes in KeySchema does not exactly match number of attributes defined in AttributeDefinitions",
        ));
    }
    let mut index_names: Vec<&str> = Vec::new();
    if let Some(locals) = locals {
        let list = locals.as_array().map(Vec::as_slice).unwrap_or_default();
        if list.is_empty() {
            return Err(invalid("List of LocalSecondaryIndexes is empty"));
        }
        if keys.len() != 2 {
            return Err(invalid(
                "Table KeySchema does not have a range key, which is required when specifying a LocalSecondaryIndex",
            ));
        }
        for index in list {
            let name = index["IndexName"].as_str().unwrap_or_default();
            check_key_schema(&index["KeySchema"], &defs)?;
            let ikeys = names_of(&index["KeySchema"]);
            if ikeys.len() != 2 {
                return Err(invalid(format!(
                    "Index KeySchema does not have a range key for index: {name}"
                )));
            }
            if ikeys[0] != keys[0] {
                return Err(invalid(format!(
                    "Index KeySchema does not have the same leading hash key as table KeySchema for index: {name}. index hash key: {}, table hash key: {}",
                    ikeys[0], keys[0]
                )));
            }
            check_projection(index)?;
            if index_names.contains(&name) {
                return Err(invalid(format!("Duplicate index name: {name}")));
            }
            index_names.push(name);
        }
        if list.len() > MAX_LOCAL_INDEXES {
            return Err(invalid(format!(
                "Number of LocalSecondaryIndexes exceeds per-table limit of {MAX_LOCAL_INDEXES}"
            )));
        }
    }
    if let Some(globals) = globals {
        let list = globals.as_array().map(Vec::as_slice).unwrap_or_default();
        if list.is_empty() {
            return Err(invalid("List of GlobalSecondaryIndexes is empty"));
        }
        for index in list {
            let name = index["IndexName"].as_str().unwrap_or_default();
            check_key_schema(&index["KeySchema"], &defs)?;
            check_projection(index)?;
            let t = &index["ProvisionedThroughput"];
            if pay_per_request && !t.is_null() {
                return Err(invalid(format!(
                    "ProvisionedThroughput should not be specified for index: {name} when BillingMode is PAY_PER_REQUEST"
                )));
            }
            if !pay_per_request {
                if t.is_null() {
                    return Err(invalid(format!(
                        "ProvisionedThroughput must be specified for index: {name}"
                    )));
                }
                check_throughput(t)?;
            }
            if index_names.contains(&name) {
                return Err(invalid(format!("Duplicate index name: {name}")));
            }
            index_names.push(name);
        }
        if list.len() > MAX_GLOBAL_INDEXES {
            return Err(invalid(format!(
                "GlobalSecondaryIndex count exceeds the per-table limit of {MAX_GLOBAL_INDEXES}"
            )));
        }
    }
    // Every definition must be used by some key.
    let used: Vec<&str> = keys
        .iter()
        .copied()
        .chain(
            [locals, globals]
                .into_iter()
                .flatten()
                .filter_map(Value::as_array)
                .flatten()
                .flat_map(|i| names_of(&i["KeySchema"])),
        )
        .collect();
    if defs.iter().any(|d| !used.contains(d)) || has_duplicates(&defs) {
        return Err(invalid(
            "Number of attributes in KeySchema does not exactly match number of attributes defined in AttributeDefinitions",
        ));
    }
    Ok(())
}

fn has_duplicates(names: &[&str]) -> bool {
    names
        .iter()
        .enumerate()
        .any(|(i, n)| names[..i].contains(n))
}

/// Seconds since the epoch, as DynamoDB renders timestamps.
pub fn now_seconds() -> f64 {
    let d = std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .unwrap_or_default();
    (d.as_millis() as f64) / 1000.0
}

/// A random version-4 UUID (for `TableId`), from the standard library's randomly seeded
/// hasher: unique, not secret.
pub fn uuid_v4() -> String {
    use std::hash::{BuildHasher, Hasher};
    let mut bytes = [0u8; 16];
    for (i, chunk) in bytes.chunks_mut(8).enumerate() {
        let mut h = std::collections::hash_map::RandomState::new().build_hasher();
        h.write_usize(i);
        h.write_u128(
            std::time::SystemTime::now()
                .duration_since(std::time::UNIX_EPOCH)
                .unwrap_or_default()
                .as_nanos(),
        );
        chunk.copy_from_slice(&h.finish().to_be_bytes());
    }
    bytes[6] = (bytes[6] & 0x0f) | 0x40;
    bytes[8] = (bytes[8] & 0x3f) | 0x80;
    let hex: String = bytes.iter().map(|b| format!("{b:02x}")).collect();
    format!(
        "{}-{}-{}-{}-{}",
        &hex[0..8],
        &hex[8..12],
        &hex[12..16],
        &hex[16..20],
        &hex[20..32]
    )
}

pub(super) fn throughput_description(t: &Value) -> Value {
    json!({
        "NumberOfDecreasesToday": 0,
        "ReadCapacityUnits": t["ReadCapacityUnits"].as_i64().unwrap_or(0),
        "WriteCapacityUnits": t["WriteCapacityUnits"].as_i64().unwrap_or(0),
    })
}

/// The ARN of table `name`.
pub fn table_arn(db: &Database, name: &str) -> String {
    format!(
        "arn:aws:dynamodb:{}:{}:table/{name}",
        db.options.region, db.options.account
    )
}

/// Builds the stored description of a new table.
fn describe(db: &Database, body: &Map<String, Value>, status: TableStatus) -> Map<String, Value> {
    let name = str_member(body, "TableName").unwrap_or_default();
    let arn = table_arn(db, name);
    let now = now_seconds();
    let pay_per_request = str_member(body, "BillingMode") == Some("PAY_PER_REQUEST");
    let mut d = Map::new();
    d.insert(
        "AttributeDefinitions".into(),
        body["AttributeDefinitions"].clone(),
    );
    d.insert("TableName".into(), json!(name));
    d.insert("KeySchema".into(), body["KeySchema"].clone());
    d.insert("TableStatus".into(), json!(status.as_str()));
    d.insert("CreationDateTime".into(), json!(now));
    d.insert(
        "ProvisionedThroughput".into(),
        throughput_description(body.get("ProvisionedThroughput").unwrap_or(&Value::Null)),
    );
    d.insert("TableArn".into(), json!(arn));
    d.insert("TableId".into(), json!(uuid_v4()));
    if pay_per_request {
        // The switch time appears once the table is active.
        let summary = if status == TableStatus::Active {
            json!({"BillingMode": "PAY_PER_REQUEST", "LastUpdateToPayPerRequestDateTime": now})
        } else {
            json!({"BillingMode": "PAY_PER_REQUEST"})
        };
        d.insert("BillingModeSummary".into(), summary);
        d.insert(
            "TableThroughputModeSummary".into(),
            json!({"TableThroughputMode": "PAY_PER_REQUEST"}),
        );
    }
    let index_status = if status == TableStatus::Active {
        "ACTIVE"
    } else {
        "CREATING"
    };
    for (field, global) in [
        ("LocalSecondaryIndexes", false),
        ("GlobalSecondaryIndexes", true),
    ] {
        let Some(list) = body.get(field).and_then(Value::as_array) else {
            continue;
        };
        let out: Vec<Value> = list
            .iter()
            .map(|i| {
                let iname = i["IndexName"].as_str().unwrap_or_default();
                let mut o = Map::new();
                o.insert("IndexName".into(), json!(iname));
                o.insert("KeySchema".into(), i["KeySchema"].clone());
                o.insert("Projection".into(), i["Projection"].clone());
                if global {
                    o.insert("IndexStatus".into(), json!(index_status));
                    o.insert(
                        "ProvisionedThroughput".into(),
                        throughput_description(&i["ProvisionedThroughput"]),
                    );
                }
                o.insert("IndexArn".into(), json!(format!("{arn}/index/{iname}")));
                Value::Object(o)
            })
            .collect();
        d.insert(field.into(), Value::Array(out));
    }
    if let Some(s) = body
        .get("StreamSpecification")
        .filter(|s| s["StreamEnabled"] == true)
    {
        d.insert("StreamSpecification".into(), s.clone());
    }
    if let Some(class) = str_member(body, "TableClass") {
        d.insert("TableClassSummary".into(), json!({"TableClass": class}));
    }
    // Shown when the request set it (dynalite's recorded responses have no member when
    // it was not asked for).
    if let Some(v) = body
        .get("DeletionProtectionEnabled")
        .filter(|v| v.is_boolean())
    {
        d.insert("DeletionProtectionEnabled".into(), v.clone());
    }
    d
}

fn tags_of(body: &Map<String, Value>) -> Vec<(String, String)> {
    body.get("Tags")
        .and_then(Value::as_array)
        .map(|a| {
            a.iter()
                .map(|t| {
                    (
                        t["Key"].as_str().unwrap_or_default().to_owned(),
                        t["Value"].as_str().unwrap_or_default().to_owned(),
                    )
                })
                .collect()
        })
        .unwrap_or_default()
}

/// Runs CreateTable.
pub fn run(db: &Database, body: &Map<String, Value>) -> Result<Value> {
    check(body)?;
    let name = str_member(body, "TableName").unwrap_or_default();
    let delayed = !db.options.create_delay.is_zero();
    let status = if delayed {
        TableStatus::Creating
    } else {
        TableStatus::Active
    };
    let description = describe(db, body, status);
    let table = db.catalog.create(
        name,
        |_| DynamoError::new(ErrorKind::ResourceInUse, messages::table_exists(name)),
        |id, _all| {
            let mut index_ids = BTreeMap::new();
            let mut next = 1u16;
            for field in ["LocalSecondaryIndexes", "GlobalSecondaryIndexes"] {
                for i in description
                    .get(field)
                    .and_then(Value::as_array)
                    .into_iter()
                    .flatten()
                {
                    index_ids.insert(i["IndexName"].as_str().unwrap_or_default().to_owned(), next);
                    next += 1;
                }
            }
            Table::new(id, description.clone(), tags_of(body), index_ids, next)
        },
    )?;
    if delayed {
        let catalog = db.catalog.clone();
        let (name, id) = (name.to_owned(), table.schema.id);
        db.after(db.options.create_delay, move || {
            let _ = catalog.update(
                &name,
                || DynamoError::not_found(messages::RESOURCE_NOT_FOUND),
                |t| {
                    if t.schema.id != id || t.status() != TableStatus::Creating {
                        return Ok(t.clone());
                    }
                    let mut d = t.description.clone();
                    d.insert("TableStatus".into(), json!("ACTIVE"));
                    if let Some(Value::Object(b)) = d.get_mut("BillingModeSummary") {
                        let created = t.description.get("CreationDateTime").cloned();
                        b.insert(
                            "LastUpdateToPayPerRequestDateTime".into(),
                            created.unwrap_or(json!(now_seconds())),
                        );
                    }
                    if let Some(Value::Array(gs)) = d.get_mut("GlobalSecondaryIndexes") {
                        for g in gs {
                            g["IndexStatus"] = json!("ACTIVE");
                        }
                    }
                    Table::new(id, d, t.tags.clone(), t.index_ids.clone(), t.next_index_id)
                },
            );
        });
    }
    let description = super::describe_table::description(db, &table, false)?;
    Ok(json!({ "TableDescription": description }))
}
