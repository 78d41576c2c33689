//! UpdateTable: changes a table's throughput, billing mode, table class, deletion
//! protection, stream setting or global secondary indexes.
//!
//! A change happens in two steps, as in DynamoDB. The first, under the catalog's lock,
//! checks the request against the table and records what is asked for: the table goes
//! `UPDATING` (when anything takes time), a new index joins the schema as `CREATING`
//! (written by every write from then on, not yet readable), an index being deleted goes
//! `DELETING` (out of the schema). The answer describes the table at that point. The
//! second step, after the database's update delay, completes the change: new throughput
//! values, indexes `ACTIVE`; then, on a background thread, a new index is backfilled
//! ([`crate::storage::Storage::backfill_index`]) or a deleted one's entries dropped
//! ([`crate::storage::Storage::drop_index`]) before the table is `ACTIVE` again.
//!
//! With no delay the first step's answer still shows the transition for an index change,
//! and the completed table for anything else (as DynamoDB Local answers).
//!
//! Behaviour pinned by dynalite `test/updateTable.js` (recorded against DynamoDB): the
//! order of the request checks, the "will not change" message, and the throughput
//! timestamps: the answer keeps the old capacity with `LastIncreaseDateTime` or
//! `LastDecreaseDateTime` already set; completion sets the new capacity, stamps the time
//! again and counts the decrease. From the nubo-db suite (`tier1/updateTable`,
//! `tier2/updateTable/gsi.test.ts`): on-demand to on-demand is accepted; new indexes on an
//! on-demand table carry no throughput. `AttributeDefinitions` adds to the table's
//! definitions (a redefined attribute keeps its type) and a new index's keys must be
//! defined in the request itself; definitions no key uses are dropped.

use std::sync::Arc;

use serde_json::{json, Map, Value};

use super::common::str_member;
use super::create_table::{
    check_key_schema, check_projection, check_throughput, now_seconds, table_arn,
    throughput_description, MAX_GLOBAL_INDEXES,
};
use crate::db::Database;
use crate::error::{DynamoError, ErrorKind, Result};
use crate::messages;
use crate::storage::Storage;
use crate::table::{Catalog, IndexKind, IndexSchema, Table, TableStatus};

const PROVISIONED: &str = "PROVISIONED";
const PAY_PER_REQUEST: &str = "PAY_PER_REQUEST";
const SECONDS_PER_DAY: f64 = 86_400.0;

/// A member that is present and not null.
fn member<'a>(v: &'a Map<String, Value>, name: &str) -> Option<&'a Value> {
    v.get(name).filter(|v| !v.is_null())
}

fn units(t: &Value) -> (i64, i64) {
    (
        t["ReadCapacityUnits"].as_i64().unwrap_or(0),
        t["WriteCapacityUnits"].as_i64().unwrap_or(0),
    )
}

/// One element of `GlobalSecondaryIndexUpdates`.
enum IndexAction<'a> {
    Update(&'a Map<String, Value>),
    Create(&'a Map<String, Value>),
    Delete(&'a str),
}

impl<'a> IndexAction<'a> {
    fn parse(update: &'a Value) -> Option<IndexAction<'a>> {
        let obj = update.as_object()?;
        let action = |k| member(obj, k).and_then(Value::as_object);
        if let Some(u) = action("Update") {
            Some(IndexAction::Update(u))
        } else if let Some(c) = action("Create") {
            Some(IndexAction::Create(c))
        } else {
            action("Delete").map(|d| IndexAction::Delete(str_member(d, "IndexName").unwrap_or("")))
        }
    }

    fn index_name(&self) -> &'a str {
        match self {
            IndexAction::Update(m) | IndexAction::Create(m) => {
                str_member(m, "IndexName").unwrap_or("")
            }
            IndexAction::Delete(n) => n,
        }
    }
}

fn index_actions(body: &Map<String, Value>) -> Vec<Option<IndexAction<'_>>> {
    member(body, "GlobalSecondaryIndexUpdates")
        .and_then(Value::as_array)
        .map(|a| a.iter().map(IndexAction::parse).collect())
        .unwrap_or_default()
}

/// The request-only checks, in DynamoDB's order (dynalite `validations/updateTable.js`).
fn check(body: &Map<String, Value>) -> Result<()> {
    let actions = index_actions(body);
    let changes_something = [
        "ProvisionedThroughput",
        "BillingMode",
        "StreamSpecification",
        "SSESpecification",
        "TableClass",
        "DeletionProtectionEnabled",
        "OnDemandThroughput",
        "WarmThroughput",
    ]
    .iter()
    .any(|k| member(body, k).is_some());
    if !changes_something && actions.is_empty() {
        return Err(DynamoError::validation(messages::UPDATE_TABLE_NOTHING));
    }
    let throughput = member(body, "ProvisionedThroughput");
    match str_member(body, "BillingMode") {
        Some(PAY_PER_REQUEST) if throughput.is_some() => {
            return Err(DynamoError::validation(
                messages::THROUGHPUT_WITH_PAY_PER_REQUEST,
            ))
        }
        Some(PROVISIONED) if throughput.is_none() => {
            return Err(DynamoError::validation(
                messages::UPDATE_TABLE_PROVISIONED_WITHOUT_THROUGHPUT,
            ))
        }
        _ => {}
    }
    if let Some(t) = throughput {
        check_throughput(t)?;
    }
    let mut names: Vec<&str> = Vec::new();
    for action in &actions {
        let Some(action) = action else {
            return Err(DynamoError::validation(messages::INDEX_UPDATE_EMPTY));
        };
        let name = action.index_name();
        if names.contains(&name) {
            return Err(DynamoError::validation(messages::index_update_repeated(
                name,
            )));
        }
        names.push(name);
    }
    Ok(())
}

/// What the second step completes.
#[derive(Debug, Default)]
struct Pending {
    /// New table capacity, if it changes.
    throughput: Option<Capacity>,
    /// New capacity of global indexes, by name.
    index_throughput: Vec<(String, Capacity)>,
    /// A new index to backfill.
    create: Option<IndexSchema>,
    /// An index whose entries are to be dropped.
    delete: Option<IndexSchema>,
    /// Whether the table went `UPDATING`.
    transition: bool,
}

#[derive(Debug, Clone, Copy)]
struct Capacity {
    read: i64,
    write: i64,
    increase: bool,
    decrease: bool,
}

fn billing_mode(d: &Map<String, Value>) -> &str {
    d.get("BillingModeSummary")
        .and_then(|b| b["BillingMode"].as_str())
        .unwrap_or(PROVISIONED)
}

/// Starts a capacity change on a stored `ProvisionedThroughput`: the old values stay, the
/// direction's timestamp is set (and a new UTC day's decrease count starts at zero).
fn start_capacity_change(pt: &mut Value, read: i64, write: i64, now: f64) -> Result<Capacity> {
    let (cur_read, cur_write) = units(pt);
    if (read, write) == (cur_read, cur_write) {
        return Err(DynamoError::validation(messages::throughput_unchanged(
            read, write,
        )));
    }
    let increase = read > cur_read || write > cur_write;
    let decrease = read < cur_read || write < cur_write;
    if increase {
        pt["LastIncreaseDateTime"] = json!(now);
    }
    if decrease {
        let last_day = pt["LastDecreaseDateTime"]
            .as_f64()
            .map(|t| (t / SECONDS_PER_DAY).floor());
        if last_day != Some((now / SECONDS_PER_DAY).floor()) {
            pt["NumberOfDecreasesToday"] = json!(0);
        }
        pt["LastDecreaseDateTime"] = json!(now);
    }
    Ok(Capacity {
        read,
        write,
        increase,
        decrease,
    })
}

/// Completes a capacity change: the new values, the direction's timestamp again, the
/// decrease counted.
fn finish_capacity_change(pt: &mut Value, c: Capacity, now: f64) {
    pt["ReadCapacityUnits"] = json!(c.read);
    pt["WriteCapacityUnits"] = json!(c.write);
    if c.increase {
        pt["LastIncreaseDateTime"] = json!(now);
    }
    if c.decrease {
        pt["LastDecreaseDateTime"] = json!(now);
        let n = pt["NumberOfDecreasesToday"].as_u64().unwrap_or(0);
        pt["NumberOfDecreasesToday"] = json!(n + 1);
    }
}

fn set_units(pt: &mut Value, read: i64, write: i64) {
    if !pt.is_object() {
        *pt = json!({"NumberOfDecreasesToday": 0});
    }
    pt["ReadCapacityUnits"] = json!(read);
    pt["WriteCapacityUnits"] = json!(write);
}

fn global_indexes(d: &mut Map<String, Value>) -> &mut Vec<Value> {
    let list = d
        .entry("GlobalSecondaryIndexes")
        .or_insert_with(|| json!([]));
    if !list.is_array() {
        *list = json!([]);
    }
    list.as_array_mut().expect("just made an array")
}

fn find_index<'a>(d: &'a mut Map<String, Value>, name: &str) -> Option<&'a mut Value> {
    d.get_mut("GlobalSecondaryIndexes")?
        .as_array_mut()?
        .iter_mut()
        .find(|g| g["IndexName"] == name)
}

fn key_names(key_schema: &Value) -> Vec<String> {
    key_schema
        .as_array()
        .map(|a| {
            a.iter()
                .filter_map(|e| e["AttributeName"].as_str().map(str::to_owned))
                .collect()
        })
        .unwrap_or_default()
}

/// Drops the attribute definitions no key of the table or of an index uses.
fn prune_definitions(d: &mut Map<String, Value>) {
    let mut used = key_names(&d["KeySchema"]);
    for field in ["LocalSecondaryIndexes", "GlobalSecondaryIndexes"] {
        for ix in d.get(field).and_then(Value::as_array).into_iter().flatten() {
            used.extend(key_names(&ix["KeySchema"]));
        }
    }
    if let Some(Value::Array(defs)) = d.get_mut("AttributeDefinitions") {
        defs.retain(|def| {
            def["AttributeName"]
                .as_str()
                .is_some_and(|n| used.iter().any(|u| u == n))
        });
    }
}

/// Adds the request's definitions of attributes the table does not define yet.
fn merge_definitions(d: &mut Map<String, Value>, body: &Map<String, Value>) {
    let Some(new) = member(body, "AttributeDefinitions").and_then(Value::as_array) else {
        return;
    };
    let defs = d
        .entry("AttributeDefinitions")
        .or_insert_with(|| json!([]))
        .as_array_mut();
    let Some(defs) = defs else { return };
    for def in new {
        let name = &def["AttributeName"];
        if !defs.iter().any(|e| &e["AttributeName"] == name) {
            defs.push(def.clone());
        }
    }
}

/// The first step: checks the request against table `t` and returns the changed table and
/// what is left to do.
fn start(
    db: &Database,
    t: &Table,
    body: &Map<String, Value>,
    now: f64,
) -> Result<(Table, Pending)> {
    let name = t.name();
    if t.status() != TableStatus::Active {
        return Err(DynamoError::in_use(messages::table_in_use_status(
            name,
            t.status(),
        )));
    }
    let mut d = t.description.clone();
    let mut pending = Pending::default();
    let current_mode = billing_mode(&d).to_owned();
    let target_mode = str_member(body, "BillingMode")
        .unwrap_or(&current_mode)
        .to_owned();
    let switching = target_mode != current_mode;
    let throughput = member(body, "ProvisionedThroughput");
    if throughput.is_some() && target_mode == PAY_PER_REQUEST {
        return Err(DynamoError::validation(
            messages::THROUGHPUT_WITH_PAY_PER_REQUEST,
        ));
    }
    let actions: Vec<IndexAction<'_>> = index_actions(body).into_iter().flatten().collect();
    let online = actions
        .iter()
        .filter(|a| !matches!(a, IndexAction::Update(_)))
        .count();
    if online > 1 || actions.len() > 5 {
        return Err(DynamoError::new(
            ErrorKind::LimitExceeded,
            messages::INDEX_UPDATE_LIMIT,
        ));
    }
    let has_global = |n: &str| {
        t.schema
            .index(n)
            .is_some_and(|i| i.kind == IndexKind::Global)
    };
    let mut index_capacity: Vec<(&str, i64, i64)> = Vec::new();
    for action in &actions {
        if let IndexAction::Update(u) = action {
            let pt = member(u, "ProvisionedThroughput").unwrap_or(&Value::Null);
            let (read, write) = units(pt);
            let index = action.index_name();
            if read > super::create_table::MAX_CAPACITY_UNITS
                || write > super::create_table::MAX_CAPACITY_UNITS
                || !has_global(index)
            {
                return Err(DynamoError::validation(messages::INDEX_UPDATE_BLOCKED));
            }
            if target_mode == PAY_PER_REQUEST && !pt.is_null() {
                return Err(DynamoError::validation(
                    messages::THROUGHPUT_WITH_PAY_PER_REQUEST,
                ));
            }
            if !pt.is_null() {
                index_capacity.push((index, read, write));
            }
        }
    }
    if switching && target_mode == PROVISIONED {
        let missing: Vec<&str> = t
            .schema
            .indexes
            .iter()
            .filter(|i| i.kind == IndexKind::Global)
            .map(|i| i.name.as_str())
            .filter(|n| !index_capacity.iter().any(|(i, _, _)| i == n))
            .filter(|n| {
                !actions
                    .iter()
                    .any(|a| matches!(a, IndexAction::Delete(x) if x == n))
            })
            .collect();
        if !missing.is_empty() {
            return Err(DynamoError::validation(messages::index_throughput_missing(
                &missing.join(","),
            )));
        }
    }

    // Table capacity and billing mode.
    if let Some(pt) = throughput {
        let (read, write) = units(pt);
        let stored = d
            .entry("ProvisionedThroughput")
            .or_insert_with(|| json!({"NumberOfDecreasesToday": 0}));
        if switching {
            set_units(stored, read, write);
        } else {
            pending.throughput = Some(start_capacity_change(stored, read, write, now)?);
        }
        pending.transition = true;
    }
    for (index, read, write) in &index_capacity {
        let Some(ix) = find_index(&mut d, index) else {
            continue;
        };
        if switching {
            set_units(&mut ix["ProvisionedThroughput"], *read, *write);
        } else {
            let c = start_capacity_change(&mut ix["ProvisionedThroughput"], *read, *write, now)?;
            pending.index_throughput.push((index.to_string(), c));
        }
        ix["IndexStatus"] = json!("UPDATING");
        pending.transition = true;
    }
    if switching {
        let mut summary = d
            .get("BillingModeSummary")
            .and_then(Value::as_object)
            .cloned()
            .unwrap_or_default();
        summary.insert("BillingMode".into(), json!(target_mode));
        if target_mode == PAY_PER_REQUEST {
            summary.insert("LastUpdateToPayPerRequestDateTime".into(), json!(now));
            let stored = d
                .entry("ProvisionedThroughput")
                .or_insert_with(|| json!({"NumberOfDecreasesToday": 0}));
            set_units(stored, 0, 0);
            for ix in global_indexes(&mut d) {
                set_units(&mut ix["ProvisionedThroughput"], 0, 0);
            }
        }
        d.insert("BillingModeSummary".into(), Value::Object(summary));
        for ix in global_indexes(&mut d) {
            ix["IndexStatus"] = json!("UPDATING");
        }
        pending.transition = true;
    }

    // Global secondary index creation and deletion.
    merge_definitions(&mut d, body);
    let request_defs: Vec<&str> = member(body, "AttributeDefinitions")
        .and_then(Value::as_array)
        .map(|a| {
            a.iter()
                .filter_map(|e| e["AttributeName"].as_str())
                .collect()
        })
        .unwrap_or_default();
    let mut index_ids = t.index_ids.clone();
    let mut next_index_id = t.next_index_id;
    for action in &actions {
        match action {
            IndexAction::Update(_) => {}
            IndexAction::Create(c) => {
                let index = action.index_name();
                if t.schema.index(index).is_some() || index_ids.contains_key(index) {
                    return Err(DynamoError::validation(messages::index_exists(index)));
                }
                let key_schema = member(c, "KeySchema").unwrap_or(&Value::Null);
                check_key_schema(key_schema, &request_defs)?;
                let spec = Value::Object((*c).clone());
                check_projection(&spec)?;
                let pt = member(c, "ProvisionedThroughput");
                match (target_mode.as_str(), pt) {
                    (PAY_PER_REQUEST, Some(_)) => {
                        return Err(DynamoError::validation(
                            messages::index_throughput_with_pay_per_request(index),
                        ))
                    }
                    (PROVISIONED, None) => {
                        return Err(DynamoError::validation(messages::index_throughput_missing(
                            index,
                        )))
                    }
                    (_, Some(pt)) => check_throughput(pt)?,
                    _ => {}
                }
                let globals = t
                    .schema
                    .indexes
                    .iter()
                    .filter(|i| i.kind == IndexKind::Global)
                    .count();
                if globals + 1 > MAX_GLOBAL_INDEXES {
                    return Err(DynamoError::validation(messages::too_many_global_indexes(
                        MAX_GLOBAL_INDEXES,
                    )));
                }
                let arn = table_arn(db, name);
                global_indexes(&mut d).push(json!({
                    "IndexName": index,
                    "KeySchema": key_schema,
                    "Projection": c.get("Projection").cloned().unwrap_or(Value::Null),
                    "IndexStatus": "CREATING",
                    "Backfilling": true,
                    "ProvisionedThroughput": throughput_description(pt.unwrap_or(&Value::Null)),
                    "IndexArn": format!("{arn}/index/{index}"),
                }));
                index_ids.insert(index.to_owned(), next_index_id);
                next_index_id = next_index_id
                    .checked_add(1)
                    .ok_or_else(|| DynamoError::internal("index ids exhausted"))?;
                pending.transition = true;
            }
            IndexAction::Delete(index) => {
                let Some(schema) = t.schema.index(index).filter(|_| has_global(index)) else {
                    return Err(DynamoError::not_found(messages::RESOURCE_NOT_FOUND));
                };
                pending.delete = Some(schema.clone());
                if let Some(ix) = find_index(&mut d, index) {
                    ix["IndexStatus"] = json!("DELETING");
                }
                pending.transition = true;
            }
        }
    }
    prune_definitions(&mut d);

    // Settings that take effect at once.
    if let Some(class) = str_member(body, "TableClass") {
        let current = d
            .get("TableClassSummary")
            .and_then(|s| s["TableClass"].as_str())
            .unwrap_or("STANDARD");
        if current != class {
            d.insert(
                "TableClassSummary".into(),
                json!({"TableClass": class, "LastUpdateDateTime": now}),
            );
            pending.transition = true;
        }
    }
    if let Some(p) = member(body, "DeletionProtectionEnabled") {
        d.insert("DeletionProtectionEnabled".into(), p.clone());
    }
    if let Some(spec) = member(body, "StreamSpecification") {
        update_stream(&mut d, spec, name, db, now);
    }
    if let Some(odt) = member(body, "OnDemandThroughput").and_then(Value::as_object) {
        let kept: Map<String, Value> = odt
            .iter()
            .filter(|(_, v)| v.as_i64() != Some(-1))
            .map(|(k, v)| (k.clone(), v.clone()))
            .collect();
        d.insert("OnDemandThroughput".into(), Value::Object(kept));
    }
    if pending.transition {
        d.insert("TableStatus".into(), json!("UPDATING"));
    }
    let table = Table::new(t.schema.id, d, t.tags.clone(), index_ids, next_index_id)?;
    pending.create = actions.iter().find_map(|a| match a {
        IndexAction::Create(_) => table.schema.index(a.index_name()).cloned(),
        _ => None,
    });
    Ok((table, pending))
}

/// Records a `StreamSpecification`: enabling gives the table a new stream label and ARN
/// (unless a stream of that view type is on already); disabling removes the setting and
/// keeps the last stream's label and ARN.
fn update_stream(d: &mut Map<String, Value>, spec: &Value, name: &str, db: &Database, now: f64) {
    if spec["StreamEnabled"] != true {
        d.remove("StreamSpecification");
        return;
    }
    if d.get("StreamSpecification") == Some(spec) && d.contains_key("LatestStreamArn") {
        return;
    }
    d.insert("StreamSpecification".into(), spec.clone());
    let label = stream_label(now);
    d.insert(
        "LatestStreamArn".into(),
        json!(format!("{}/stream/{label}", table_arn(db, name))),
    );
    d.insert("LatestStreamLabel".into(), json!(label));
}

/// A stream label: the creation time, `YYYY-MM-DDTHH:MM:SS.mmm` (UTC).
fn stream_label(now: f64) -> String {
    let millis = (now * 1000.0) as i64;
    let (secs, ms) = (millis.div_euclid(1000), millis.rem_euclid(1000));
    let (days, rem) = (secs.div_euclid(86_400), secs.rem_euclid(86_400));
    // Civil date from days since 1970-01-01 (Howard Hinnant's algorithm).
    let z = days + 719_468;
    let era = z.div_euclid(146_097);
    let doe = z - era * 146_097;
    let yoe = (doe - doe / 1460 + doe / 36_524 - doe / 146_096) / 365;
    let doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    let mp = (5 * doy + 2) / 153;
    let day = doy - (153 * mp + 2) / 5 + 1;
    let month = if mp < 10 { mp + 3 } else { mp - 9 };
    let year = yoe + era * 400 + i64::from(month <= 2);
    format!(
        "{year:04}-{month:02}-{day:02}T{:02}:{:02}:{:02}.{ms:03}",
        rem / 3600,
        rem % 3600 / 60,
        rem % 60
    )
}

/// The second step's first part: capacities and statuses, after the update delay.
fn finish(catalog: &Catalog, name: &str, id: u32, pending: &Pending) {
    let now = now_seconds();
    let _ = catalog.update(
        name,
        || DynamoError::not_found(messages::RESOURCE_NOT_FOUND),
        |t| {
            if t.schema.id != id || t.status() != TableStatus::Updating {
                return Ok(t.clone());
            }
            let mut d = t.description.clone();
            if let Some(c) = pending.throughput {
                if let Some(pt) = d.get_mut("ProvisionedThroughput") {
                    finish_capacity_change(pt, c, now);
                }
            }
            for (index, c) in &pending.index_throughput {
                if let Some(ix) = find_index(&mut d, index) {
                    finish_capacity_change(&mut ix["ProvisionedThroughput"], *c, now);
                }
            }
            for ix in global_indexes(&mut d) {
                if ix["IndexStatus"] == "UPDATING" {
                    ix["IndexStatus"] = json!("ACTIVE");
                }
            }
            if d.get("GlobalSecondaryIndexes") == Some(&json!([])) {
                d.remove("GlobalSecondaryIndexes");
            }
            if pending.create.is_none() && pending.delete.is_none() {
                d.insert("TableStatus".into(), json!("ACTIVE"));
            }
            Table::new(id, d, t.tags.clone(), t.index_ids.clone(), t.next_index_id)
        },
    );
}

/// The second step's last part, on its own thread: a new index backfilled and made
/// `ACTIVE`, or a deleted index's entries dropped and the index forgotten.
fn finish_index(
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
            // A failed backfill leaves the index CREATING: it never turns readable
            // with entries missing.
            let Some(current) = t.schema.index(&index.name).filter(|i| i.id == index.id) else {
                return;
            };
            if storage.backfill_index(&t.schema, current).is_err() {
                return;
            }
        }
        if let Some(index) = &pending.delete {
            // A failure leaves entries of an id never reused; they are unreachable.
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
                    prune_definitions(&mut d);
                }
                if d.get("GlobalSecondaryIndexes") == Some(&json!([])) {
                    d.remove("GlobalSecondaryIndexes");
                }
                d.insert("TableStatus".into(), json!("ACTIVE"));
                Table::new(id, d, t.tags.clone(), index_ids, t.next_index_id)
            },
        );
    });
}

/// Runs UpdateTable.
pub fn run(db: &Database, body: &Map<String, Value>) -> Result<Value> {
    check(body)?;
    let name = str_member(body, "TableName").unwrap_or_default();
    let now = now_seconds();
    let mut pending = None;
    let table = db.catalog.update(
        name,
        || DynamoError::not_found(messages::table_not_found(name)),
        |t| {
            let (table, p) = start(db, t, body, now)?;
            pending = Some(p);
            Ok(table)
        },
    )?;
    let pending = pending.unwrap_or_default();
    let id = table.schema.id;
    let mut answer = table.clone();
    if pending.transition {
        let index_change = pending.create.is_some() || pending.delete.is_some();
        let (catalog, storage) = (db.catalog.clone(), db.storage.clone());
        let owned = name.to_owned();
        db.after(db.options.update_delay, move || {
            finish(&catalog, &owned, id, &pending);
            if index_change {
                finish_index(catalog, storage, owned, id, pending);
            }
        });
        if db.options.update_delay.is_zero() && !index_change {
            if let Some(t) = db.catalog.get(name).filter(|t| t.schema.id == id) {
                answer = t;
            }
        }
    }
    let description = super::describe_table::description(db, &answer, true)?;
    Ok(json!({ "TableDescription": description }))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn stream_labels() {
        assert_eq!(stream_label(0.0), "1970-01-01T00:00:00.000");
        assert_eq!(stream_label(1_764_104_939.851), "2025-11-25T21:08:59.851");
    }

    #[test]
    fn capacity_changes() {
        let mut pt =
            json!({"NumberOfDecreasesToday": 2, "ReadCapacityUnits": 5, "WriteCapacityUnits": 5});
        let e = start_capacity_change(&mut pt, 5, 5, 100.0).unwrap_err();
        assert_eq!(e.message, messages::throughput_unchanged(5, 5));
        let c = start_capacity_change(&mut pt, 15, 15, 100.0).unwrap();
        assert_eq!(pt["ReadCapacityUnits"], 5);
        assert_eq!(pt["LastIncreaseDateTime"], 100.0);
        finish_capacity_change(&mut pt, c, 101.0);
        assert_eq!(pt["ReadCapacityUnits"], 15);
        assert_eq!(pt["LastIncreaseDateTime"], 101.0);
        // A decrease on a new UTC day starts the count again.
        let c = start_capacity_change(&mut pt, 5, 5, 200_000.0).unwrap();
        assert_eq!(pt["NumberOfDecreasesToday"], 0);
        finish_capacity_change(&mut pt, c, 200_001.0);
        assert_eq!(pt["NumberOfDecreasesToday"], 1);
        assert_eq!(pt["LastIncreaseDateTime"], 101.0);
    }
}
