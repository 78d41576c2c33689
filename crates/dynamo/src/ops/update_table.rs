//! UpdateTable: changes a table's throughput, billing mode, table class, deletion
//! protection, stream setting or global secondary indexes.
//!
//! A change happens in two steps, as in DynamoDB. The first, under the catalog's lock,
//! checks the request against the table and records what is asked for: the table goes
//! `UPDATING` (when anything takes time), a new index joins the schema as `CREATING`
//! (maintained by every write from then on, not yet readable), an index being deleted goes
//! `DELETING` (out of the schema). The answer describes the table at that point. The
//! second step ([`background`]), after the database's update delay, completes the change.
//! With no delay, the answer shows the completed table, except for an index being created
//! or deleted, which is always answered in transition (as DynamoDB Local answers).
//!
//! Pinned by dynalite `test/updateTable.js` (recorded against DynamoDB): the order of the
//! request checks, the limit on index changes, "Action Blocked: IndexUpdate", the
//! capacity timestamps ([`capacity`]). By the nubo-db suite (`tier1/updateTable`,
//! `tier2/updateTable/gsi.test.ts`, run against DynamoDB): same capacity with
//! `BillingMode: PROVISIONED` is refused, on-demand to on-demand is accepted, new indexes
//! of on-demand tables carry no throughput. `AttributeDefinitions` adds to the table's
//! definitions (a redefined attribute keeps its type), a new index's keys must be defined
//! in the request itself, and definitions no key uses are dropped (dynoxide's tests
//! record these as checked against DynamoDB).

mod background;
mod capacity;
mod description;

use std::collections::BTreeMap;

use serde_json::{json, Map, Value};

use super::common::str_member;
use super::create_table::{
    check_key_schema, check_projection, check_throughput, now_seconds, table_arn,
    throughput_description, MAX_CAPACITY_UNITS, MAX_GLOBAL_INDEXES,
};
use crate::db::Database;
use crate::error::{DynamoError, ErrorKind, Result};
use crate::messages;
use crate::table::{IndexKind, IndexSchema, Table, TableStatus};
use capacity::Capacity;
use description::{billing_mode, find_index, global_indexes};

const PROVISIONED: &str = "PROVISIONED";
const PAY_PER_REQUEST: &str = "PAY_PER_REQUEST";
/// Most elements of `GlobalSecondaryIndexUpdates`.
const MAX_INDEX_UPDATES: usize = 5;

/// A member that is present and not null.
fn member<'a>(v: &'a Map<String, Value>, name: &str) -> Option<&'a Value> {
    v.get(name).filter(|v| !v.is_null())
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
            action("Delete")
                .map(|d| IndexAction::Delete(str_member(d, "IndexName").unwrap_or_default()))
        }
    }

    fn index_name(&self) -> &'a str {
        match self {
            IndexAction::Update(m) | IndexAction::Create(m) => {
                str_member(m, "IndexName").unwrap_or_default()
            }
            IndexAction::Delete(n) => n,
        }
    }
}

/// The elements of `GlobalSecondaryIndexUpdates`; `None` for one with no action.
fn index_actions(body: &Map<String, Value>) -> Vec<Option<IndexAction<'_>>> {
    member(body, "GlobalSecondaryIndexUpdates")
        .and_then(Value::as_array)
        .map(|a| a.iter().map(IndexAction::parse).collect())
        .unwrap_or_default()
}

/// The request-only checks, in DynamoDB's order (dynalite `validations/updateTable.js`).
/// A request that sets only `TableClass`, `DeletionProtectionEnabled`,
/// `StreamSpecification` or the on-demand/warm throughput changes something too.
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
    /// The table's capacity change.
    throughput: Option<Capacity>,
    /// Capacity changes of global indexes, by name.
    index_throughput: Vec<(String, Capacity)>,
    /// A new index to backfill.
    create: Option<IndexSchema>,
    /// A deleted index whose entries are to be dropped.
    delete: Option<IndexSchema>,
    /// Whether the table went `UPDATING`.
    transition: bool,
}

/// One UpdateTable request against one table: the first step.
struct Change<'a> {
    db: &'a Database,
    t: &'a Table,
    body: &'a Map<String, Value>,
    now: f64,
    /// The billing mode after the change.
    target_mode: String,
    /// Whether the billing mode changes.
    switching: bool,
    actions: Vec<IndexAction<'a>>,
    /// The description being changed.
    d: Map<String, Value>,
    pending: Pending,
}

impl<'a> Change<'a> {
    fn new(db: &'a Database, t: &'a Table, body: &'a Map<String, Value>, now: f64) -> Self {
        let current_mode = billing_mode(&t.description).to_owned();
        let target_mode =
            str_member(body, "BillingMode").map_or_else(|| current_mode.clone(), str::to_owned);
        Change {
            db,
            t,
            body,
            now,
            switching: target_mode != current_mode,
            target_mode,
            actions: index_actions(body).into_iter().flatten().collect(),
            d: t.description.clone(),
            pending: Pending::default(),
        }
    }

    fn is_global(&self, index: &str) -> bool {
        self.t
            .schema
            .index(index)
            .is_some_and(|i| i.kind == IndexKind::Global)
    }

    /// The checks against the table that come before any index is looked at, in
    /// dynalite's order (`actions/updateTable.js`). Returns the index capacity updates.
    fn check_capacity(&self) -> Result<Vec<(&'a str, i64, i64)>> {
        let throughput = member(self.body, "ProvisionedThroughput");
        if throughput.is_some() && self.target_mode == PAY_PER_REQUEST {
            return Err(DynamoError::validation(
                messages::THROUGHPUT_WITH_PAY_PER_REQUEST,
            ));
        }
        let online = self
            .actions
            .iter()
            .filter(|a| !matches!(a, IndexAction::Update(_)))
            .count();
        if online > 1 || self.actions.len() > MAX_INDEX_UPDATES {
            return Err(DynamoError::new(
                ErrorKind::LimitExceeded,
                messages::INDEX_UPDATE_LIMIT,
            ));
        }
        let mut updates = Vec::new();
        for action in &self.actions {
            let IndexAction::Update(u) = action else {
                continue;
            };
            let index = action.index_name();
            let pt = member(u, "ProvisionedThroughput");
            let (read, write) = pt.map(capacity::units).unwrap_or_default();
            if read > MAX_CAPACITY_UNITS || write > MAX_CAPACITY_UNITS || !self.is_global(index) {
                return Err(DynamoError::validation(messages::INDEX_UPDATE_BLOCKED));
            }
            if pt.is_some() && self.target_mode == PAY_PER_REQUEST {
                return Err(DynamoError::validation(
                    messages::THROUGHPUT_WITH_PAY_PER_REQUEST,
                ));
            }
            if pt.is_some() {
                updates.push((index, read, write));
            }
        }
        if self.switching && self.target_mode == PROVISIONED {
            let missing: Vec<&str> = self
                .t
                .schema
                .indexes
                .iter()
                .filter(|i| i.kind == IndexKind::Global)
                .map(|i| i.name.as_str())
                .filter(|n| !updates.iter().any(|(u, _, _)| u == n))
                .filter(|n| {
                    !self
                        .actions
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
        Ok(updates)
    }

    /// Capacity and billing mode changes.
    fn change_capacity(&mut self, index_updates: &[(&str, i64, i64)]) -> Result<()> {
        let (switching, now) = (self.switching, self.now);
        if let Some(pt) = member(self.body, "ProvisionedThroughput") {
            let (read, write) = capacity::units(pt);
            let stored = self
                .d
                .entry("ProvisionedThroughput")
                .or_insert_with(|| json!({"NumberOfDecreasesToday": 0}));
            if switching {
                capacity::set_units(stored, read, write);
            } else {
                self.pending.throughput = Some(capacity::start_change(stored, read, write, now)?);
            }
            self.pending.transition = true;
        }
        for &(index, read, write) in index_updates {
            let Some(ix) = find_index(&mut self.d, index) else {
                continue;
            };
            let pt = &mut ix["ProvisionedThroughput"];
            if switching {
                capacity::set_units(pt, read, write);
            } else {
                let c = capacity::start_change(pt, read, write, now)?;
                self.pending.index_throughput.push((index.to_owned(), c));
            }
            ix["IndexStatus"] = json!("UPDATING");
            self.pending.transition = true;
        }
        if !switching {
            return Ok(());
        }
        let mut summary = self
            .d
            .get("BillingModeSummary")
            .and_then(Value::as_object)
            .cloned()
            .unwrap_or_default();
        summary.insert("BillingMode".into(), json!(self.target_mode));
        if self.target_mode == PAY_PER_REQUEST {
            summary.insert("LastUpdateToPayPerRequestDateTime".into(), json!(now));
            let stored = self
                .d
                .entry("ProvisionedThroughput")
                .or_insert_with(|| json!({"NumberOfDecreasesToday": 0}));
            capacity::set_units(stored, 0, 0);
            for ix in global_indexes(&mut self.d) {
                capacity::set_units(&mut ix["ProvisionedThroughput"], 0, 0);
            }
        }
        self.d
            .insert("BillingModeSummary".into(), Value::Object(summary));
        for ix in global_indexes(&mut self.d) {
            ix["IndexStatus"] = json!("UPDATING");
        }
        self.pending.transition = true;
        Ok(())
    }

    /// Index creation and deletion; returns the table's index ids and the next free one.
    fn change_indexes(&mut self) -> Result<(BTreeMap<String, u16>, u16)> {
        let request_defs: &[Value] = member(self.body, "AttributeDefinitions")
            .and_then(Value::as_array)
            .map_or(&[], Vec::as_slice);
        description::merge_definitions(&mut self.d, request_defs);
        let defined: Vec<&str> = request_defs
            .iter()
            .filter_map(|e| e["AttributeName"].as_str())
            .collect();
        let mut index_ids = self.t.index_ids.clone();
        let mut next_id = self.t.next_index_id;
        for action in &self.actions {
            let index = action.index_name();
            match action {
                IndexAction::Update(_) => {}
                IndexAction::Create(c) => {
                    if self.t.schema.index(index).is_some() || index_ids.contains_key(index) {
                        return Err(DynamoError::validation(messages::index_exists(index)));
                    }
                    let entry = self.new_index(c, &defined)?;
                    global_indexes(&mut self.d).push(entry);
                    index_ids.insert(index.to_owned(), next_id);
                    next_id = next_id
                        .checked_add(1)
                        .ok_or_else(|| DynamoError::internal("index ids exhausted"))?;
                    self.pending.transition = true;
                }
                IndexAction::Delete(_) => {
                    let Some(schema) = self.t.schema.index(index).filter(|_| self.is_global(index))
                    else {
                        return Err(DynamoError::not_found(messages::RESOURCE_NOT_FOUND));
                    };
                    self.pending.delete = Some(schema.clone());
                    if let Some(ix) = find_index(&mut self.d, index) {
                        ix["IndexStatus"] = json!("DELETING");
                    }
                    self.pending.transition = true;
                }
            }
        }
        Ok((index_ids, next_id))
    }

    /// Checks a `Create` action and returns the new index's description entry.
    fn new_index(&self, c: &Map<String, Value>, defined: &[&str]) -> Result<Value> {
        let index = str_member(c, "IndexName").unwrap_or_default();
        let key_schema = member(c, "KeySchema").unwrap_or(&Value::Null);
        check_key_schema(key_schema, defined)?;
        check_projection(&Value::Object(c.clone()))?;
        let pt = member(c, "ProvisionedThroughput");
        match (self.target_mode.as_str(), pt) {
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
        let globals = self
            .t
            .schema
            .indexes
            .iter()
            .filter(|i| i.kind == IndexKind::Global)
            .count();
        if globals >= MAX_GLOBAL_INDEXES {
            return Err(DynamoError::validation(messages::too_many_global_indexes(
                MAX_GLOBAL_INDEXES,
            )));
        }
        let arn = table_arn(self.db, self.t.name());
        Ok(json!({
            "IndexName": index,
            "KeySchema": key_schema,
            "Projection": c.get("Projection").cloned().unwrap_or(Value::Null),
            "IndexStatus": "CREATING",
            "Backfilling": true,
            "ProvisionedThroughput": throughput_description(pt.unwrap_or(&Value::Null)),
            "IndexArn": format!("{arn}/index/{index}"),
        }))
    }

    /// Settings that take effect at once (a new table class still makes the table
    /// `UPDATING` for a while, as in DynamoDB).
    fn change_settings(&mut self) {
        let (body, now) = (self.body, self.now);
        if let Some(class) = str_member(body, "TableClass") {
            let current = self
                .d
                .get("TableClassSummary")
                .and_then(|s| s["TableClass"].as_str())
                .unwrap_or("STANDARD");
            if current != class {
                self.d.insert(
                    "TableClassSummary".into(),
                    json!({"TableClass": class, "LastUpdateDateTime": now}),
                );
                self.pending.transition = true;
            }
        }
        if let Some(p) = member(body, "DeletionProtectionEnabled") {
            self.d.insert("DeletionProtectionEnabled".into(), p.clone());
        }
        if let Some(spec) = member(body, "StreamSpecification") {
            let arn = table_arn(self.db, self.t.name());
            description::update_stream(&mut self.d, spec, &arn, now);
        }
        if let Some(odt) = member(body, "OnDemandThroughput").and_then(Value::as_object) {
            // -1 removes a ceiling.
            let kept: Map<String, Value> = odt
                .iter()
                .filter(|(_, v)| v.as_i64() != Some(-1))
                .map(|(k, v)| (k.clone(), v.clone()))
                .collect();
            self.d
                .insert("OnDemandThroughput".into(), Value::Object(kept));
        }
    }

    /// Runs the first step: the changed table and what is left to do.
    fn run(mut self) -> Result<(Table, Pending)> {
        let t = self.t;
        if t.status() != TableStatus::Active {
            return Err(DynamoError::in_use(messages::table_in_use_status(
                t.name(),
                t.status(),
            )));
        }
        let index_updates = self.check_capacity()?;
        self.change_capacity(&index_updates)?;
        let (index_ids, next_id) = self.change_indexes()?;
        self.change_settings();
        description::tidy(&mut self.d);
        if self.pending.transition {
            self.d.insert("TableStatus".into(), json!("UPDATING"));
        }
        let table = Table::new(t.schema.id, self.d, t.tags.clone(), index_ids, next_id)?;
        self.pending.create = self.actions.iter().find_map(|a| match a {
            IndexAction::Create(_) => table.schema.index(a.index_name()).cloned(),
            _ => None,
        });
        Ok((table, self.pending))
    }
}

/// Resumes the second step of every table left `UPDATING` when the database was last
/// closed: an index being created is backfilled again, one being deleted is dropped, and
/// the table turns `ACTIVE`. A capacity change in flight completes with the capacity it
/// had (its target was never stored).
pub(crate) fn resume(db: &Database) {
    for t in db.catalog.all() {
        if t.status() != TableStatus::Updating {
            continue;
        }
        let entries = t.description.get("GlobalSecondaryIndexes");
        let with_status = |status: &str| {
            entries
                .and_then(Value::as_array)
                .into_iter()
                .flatten()
                .filter(|g| g["IndexStatus"] == status)
                .filter_map(|g| g["IndexName"].as_str())
                .next()
                .map(str::to_owned)
        };
        let create = with_status("CREATING").and_then(|n| t.schema.index(&n).cloned());
        // A deleted index is out of the schema: derive it from its entry as if it were
        // still active.
        let delete = with_status("DELETING").and_then(|n| {
            let mut d = t.description.clone();
            if let Some(ix) = find_index(&mut d, &n) {
                ix["IndexStatus"] = json!("ACTIVE");
            }
            let derived = Table::new(
                t.schema.id,
                d,
                Vec::new(),
                t.index_ids.clone(),
                t.next_index_id,
            )
            .ok()?;
            derived.schema.index(&n).cloned()
        });
        let pending = Pending {
            create,
            delete,
            transition: true,
            ..Pending::default()
        };
        let (id, name) = (t.schema.id, t.name().to_owned());
        background::finish(&db.catalog, &name, id, &pending);
        if pending.create.is_some() || pending.delete.is_some() {
            background::finish_index(db.catalog.clone(), db.storage.clone(), name, id, pending);
        }
    }
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
            let (table, p) = Change::new(db, t, body, now).run()?;
            pending = Some(p);
            Ok(table)
        },
    )?;
    let pending = pending.unwrap_or_default();
    let id = table.schema.id;
    let mut answer = table;
    if pending.transition {
        let index_change = pending.create.is_some() || pending.delete.is_some();
        let (catalog, storage) = (db.catalog.clone(), db.storage.clone());
        let owned = name.to_owned();
        db.after(db.options.update_delay, move || {
            background::finish(&catalog, &owned, id, &pending);
            if index_change {
                background::finish_index(catalog, storage, owned, id, pending);
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
